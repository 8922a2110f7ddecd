"""The phrases `when.py` reads, as compiled patterns over lower-case working text (number
words already digits). Each day or time pattern has a reader in `when_readers.py` that turns
a match into dates or hours; keeping the patterns apart keeps both files readable."""

from __future__ import annotations

import re

from intents.parsing import dates

_MONTH = "|".join(sorted(dates.MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(dates.WEEKDAYS, key=len, reverse=True))
_FULL_WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|thurs?|fri"
_ORD = r"(?:st|nd|rd|th)?"
RISKY_WEEKDAYS = {"sat", "sun", "wed", "mon"}  # "sat nav", "sun cream", "mon amour"
RISKY_MONTHS = {"may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                "feb", "apr", "sept"}  # fmt: skip

TODAY_WORDS = {"today", "2day", "later today"}
TONIGHT_WORDS = {"tonight", "tonite", "2nite", "2night", "tonigh"}
_TOMORROW = (
    "tomorrow|tmrw|tmr|tmrow|tomoz|tomorow|tommorow|tommorrow|tomorrw|2moro|2morrow|2mrw|tmw"
)

# Hours from midnight; a part past 24 runs into the next day.
PARTS: dict[str, tuple[float, float]] = {
    "morning": (7, 12), "early morning": (5, 9), "first thing": (7, 10), "afternoon": (12, 18),
    "arvo": (12, 18), "evening": (17, 23), "night": (18, 24), "late night": (22, 26),
    "overnight": (20, 32), "lunchtime": (11.5, 14.5), "lunch time": (11.5, 14.5),
    "dinner time": (18, 21), "dinnertime": (18, 21), "teatime": (16, 19),
    "after work": (17, 21), "after school": (15, 18),
}  # fmt: skip
UNIT_HOURS = {"min": 1 / 60, "hour": 1, "day": 24, "week": 168, "fortnight": 336, "month": 720}

RECURRING = re.compile(
    r"\b(?:every|each (?:day|week|month|morning|evening|night|weekend|(?:mon|tues|wednes|thurs|"
    r"fri|satur|sun)day)|weekdays|weeknights|weekends|(?:mon|tues|wednes|thurs|fri|satur|sun)days"
    r"|mornings|afternoons|evenings|lunchtimes|daily|nightly"
    r"|mornings? and (?:evenings?|nights?)|day and night"
    r"|mon(?:day)?\s?(?:-|to|thru|through|till|until)\s?fri(?:day)?"
    r"|\d+ (?:times?|days?|hours?|hrs?|sessions?|visits?|walks?|nights?|evenings?|mornings?|"
    r"lessons?|classes) (?:a|per|each|every) (?:day|week|fortnight|month|year)"
    r"|(?:twice|once|thrice) (?:a|per|every) (?:day|week|fortnight|month|year)"
    r"|on a (?:daily|weekly|regular) basis|regularly|recurring|ongoing)\b"
)
# A schedule within a day ("twice a day", "daily", "mornings and evenings"): with a stated
# period of a day or more ("next week", "3-10 june", "this weekend") that period is the window.
DAILY = re.compile(
    r"\b(?:daily|nightly|every (?:day|morning|evening|night)|each (?:day|morning|evening|night)"
    r"|day and night|mornings? and (?:evenings?|nights?)"
    r"|(?:\d+|once|twice|thrice) (?:times? |walks? |visits? )?(?:a|per|each|every) day)\b"
)
IMMEDIATE = re.compile(
    r"\b(?:right now|now|rn|asap|a\.s\.a\.p|as soon as (?:possible|poss|you can|u can)|"
    r"immediately|right away|straight away|straightaway|urgent(?:ly)?|at once|this minute|"
    r"this instant|pronto)\b"
)
# "and now it won't charge", "now there's water everywhere": "now" telling the story, not asking
# for someone at once.
NARRATIVE_NOW_BEFORE = re.compile(r"\b(?:and|but|so|which|until|till|by)\s$")
NARRATIVE_NOW_AFTER = re.compile(
    r"^\s(?:it|it's|its|there|there's|theres|the|they|they're|we|we're|i|i've|i'm|im|he|she|my|"
    r"his|her|our|this|that|shows?|showing|has|have|had|is|isn't|isnt|are|aren't|won't|wont|"
    r"doesn't|doesnt|don't|dont|can't|cant|cannot|makes?|making|keeps?|only|just|getting|"
    r"smells?|leaks?|leaking|nothing|none|all|every|even|also|needs?|needed)\b"
)
DEADLINE_PREFIX = re.compile(
    r"\b(?P<word>by|before|until|till|til|no later than|not later than)\s(?:the\s)?$"
)
BEFORE_EVENT = re.compile(r"\bbefore\s(?:(?!by\b|at\b)[a-z'-]+\s){1,5}(?:on\s|this\s|next\s)?$")
DEADLINE_WORDS = {"by": "by", "until": "by", "till": "by", "til": "by", "before": "before"}
NOT_A_WINDOW_BEFORE = re.compile(
    r"\b(?:since|year[- ]end|year ending|born(?: on)?|dob|birthday is|ago|last|"
    r"died|broke|stopped|started|happened|began|failed|crashed|went off|went out|packed up|"
    r"gave up|cut out)\s(?:the\s|on\s)?$"
)  # "died this morning", "since 3 may": a fact, not a window
PAST_THIS_MORNING = re.compile(
    r"\b(?:spilt|spilled|dropped|fell|broke|went|came|got|had|was|were|did|ate|drank|hit|lost|"
    r"left|threw|blew|bit|froze|burst|snapped|cracked|died|woke|found|[a-z]{3,}ed)\b"
    r"(?:\s(?!need|want|get|have|like|please)[a-z'-]+){0,4}\s$"
)
FOR_NIGHTS = re.compile(r"\bfor\s(?P<n>\d+|a|one)\s(?:nights?)\b")
DAY_BEFORE = re.compile(rf"\b(?:{_WEEKDAY}|{_TOMORROW})\s$")
PART_AFTER = re.compile(r"\s?(?:morning|afternoon|evening|night|at\s\d|\d)")

# --- spans from now ---------------------------------------------------------------------------
_UNITS = r"min(?:ute)?s?|hours?|hrs?|h|days?|weeks?"
NEXT_SPAN = re.compile(
    rf"\b(?:in\s|within\s|over\s|during\s)?(?:the\s)?next\s(?P<n>\d+(?:\.\d+)?|few|couple(?: of)?)?"
    rf"\s?(?P<unit>{_UNITS})\b"
)
WITHIN = re.compile(
    rf"\bwithin\s(?:(?P<n>\d+(?:\.\d+)?|half an?)\s?|(?:the|an?)\s)?(?P<unit>{_UNITS})\b"
)
IN_TIME = re.compile(
    r"\bin\s(?:(?P<n>\d+(?:\.\d+)?|an?|half an?)\s?)(?P<unit>min(?:ute)?s?|hours?|hrs?|h)\b"
    r"|\b(?P<n2>\d+)\s?(?P<unit2>min(?:ute)?s?|hours?|hrs?)\sfrom now\b"
)
IN_DAYS = re.compile(
    r"\bin\s(?:(?P<n>\d+|an?|few)\s|a\s(?P<few>few)\s)?(?P<unit>days?|weeks?|fortnight)(?:'s?\stime)?\b"
)

# --- ranges of dates ---------------------------------------------------------------------------
RANGE_MONTH_DAYS = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s(?P<d1>\d{{1,2}}){_ORD}\s?(?:-|to|until|till|thru|through)\s?"
    rf"(?:(?P<m2>{_MONTH})\.?\s)?(?P<d2>\d{{1,2}}){_ORD}\b"
)
RANGE_DAYS_MONTH = re.compile(
    rf"\b(?:the\s)?(?P<d1>\d{{1,2}}){_ORD}(?:\s(?:of\s)?(?P<m1>{_MONTH}))?\s?"
    rf"(?:-|to|until|till|thru|through|and)\s?(?:the\s)?(?P<d2>\d{{1,2}}){_ORD}\s(?:of\s)?"
    rf"(?P<m2>{_MONTH})\b"
)
RANGE_ORDINALS = re.compile(
    rf"\b(?:from\s|between\s)?the\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)\s?(?:-|to|until|till|thru|"
    rf"through|and)\s?(?:the\s)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s(?:of\s)?(?:{_MONTH})\b)"
)
RANGE_WEEKDAYS = re.compile(
    rf"\b(?:from\s)?(?P<w1>{_FULL_WEEKDAY})\s?(?:-|to|until|till|thru|through)\s?"
    rf"(?P<w2>{_FULL_WEEKDAY})\b"
)

# --- days: each pattern has a reader in when_readers.py -------------------------------------
_DAY_MOD = r"this coming|this|next|coming|upcoming|on|for|by|until|till|before|from|last"

_MORE_DAYS = (
    r"presidents'? day|president'?s day|mlk day|martin luther king day|family day|"
    r"victoria day|civic holiday|good friday|easter monday|"
    r"(?:(?:early |late )?(?:may|june|august|october|spring|summer) )?bank holiday(?: monday)?|"
    r"diwali|deepavali|(?:lunar|chinese) new year|eid al[- ]fitr|eid ul[- ]fitr|eid al[- ]adha|"
    r"eid ul[- ]adha|bakrid|hogmanay|new year|carnival|carnaval|mardi gras|"
    r"christmas holidays|christmas break|xmas holidays|xmas break"
)
_NAMED_DAYS = (
    r"(?:christmas eve|xmas eve|christmas day|christmas|xmas|boxing day|"
    r"new year'?s eve|new year'?s day|nye|valentine'?s(?: day)?|halloween|"
    r"easter(?: sunday| weekend)?|thanksgiving|bonfire night|st\.? patrick'?s day|"
    r"(?:st\.? )?paddy'?s day|mother'?s day|mothers day|father'?s day|fathers day|"
    r"mothering sunday|australia day|anzac day|waitangi day|canada day|"
    r"independence day|(?:the )?(?:4th|fourth) of july|labou?r day|memorial day|"
    + _MORE_DAYS
    + r")"
)
HOLIDAY = re.compile(
    r"\b(?P<hw>anzac|waitangi|australia|canada|victoria|memorial|labou?r|presidents'?|mlk|"
    r"family|civic)(?=\s(?:day\s)?(?:long\s)?weekend\b)"
    r"|\b(?:(?P<mod>on|for|over|at|by|before|until|till|after|from|this|next)\s)(?:the\s)?"
    rf"(?P<h>{_NAMED_DAYS})\b"
    r"|\b(?P<h2>over christmas|over xmas|over the holidays|christmas eve|christmas day|"
    r"new year'?s eve|new year'?s day|valentine'?s day|easter sunday|easter weekend|"
    r"mother'?s day|father'?s day|mothering sunday|thanksgiving|halloween|boxing day|"
    r"bonfire night|st\.? patrick'?s day|(?:st\.? )?paddy'?s day|australia day|anzac day|"
    r"waitangi day|canada day|(?:the )?(?:4th|fourth) of july|labou?r day|memorial day|"
    + _MORE_DAYS
    + r")\b"
)

ISO_DATE = re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")

DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}\s(?:of\s)?(?P<m>{_MONTH})\b\.?(?:,?\s(?P<y>20\d\d))?"
)

MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})\.?\s(?:the\s)?(?P<d>\d{{1,2}}){_ORD}\b"
    r"(?!\s?(?:am|pm|:|\.\d|%|hours?|mins?|people|guests|kg|k\b|of us|x\b))"
    r"(?:,?\s(?P<y>20\d\d))?"
)

NUMERIC_DATE = re.compile(
    r"\b(?:(?:on|by|for|from|until|till|before)\s(?:the\s)?)"
    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2,4}))?\b(?!/)"
    r"|\b(?P<a2>\d{1,2})/(?P<b2>\d{1,2})/(?P<y2>20\d\d|\d\d)\b"
    r"|(?<![\d/])(?P<a3>[0-3]\d)/(?P<b3>[01]\d)(?![\d/])"  # "20/03": two digits each
)

NTH_OF_MONTH = re.compile(
    rf"\bthe\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s(?:of\s)?(?:{_MONTH}))"
    r"(?!\s(?:floor|storey|story|level|grade|class|year|time|birthday|anniversary|place|row|"
    r"house|street|avenue|gen|generation|edition|century|round|attempt|child|kid|son|"
    r"daughter|baby|week|month|day|hole|tee|lap|stop|exit|junction|door|flat|apartment)\b)"
)

WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>{_DAY_MOD})\s)?(?P<wd>{_WEEKDAY})\b"
    r"(?P<post>\s(?:next week|week after next|after next|this week|last week|week)\b)?"
)

RELATIVE_DAY = re.compile(
    rf"\b(?P<w>day after (?:{_TOMORROW})|later today|today|2day|tonight|tonite|2nite|"
    rf"2night|this (?:morning|afternoon|arvo|evening)|{_TOMORROW})\b"
)

PERIOD = re.compile(
    r"\b(?P<p>(?:(?:early|late|later|mid) )?(?:this|next|last|the coming) "
    r"(?:week|weekend|month|year|fortnight)|"
    r"week after next|weekend after next|the week after|"
    r"end of (?:the |this |next )?(?:week|month|year)|"
    r"(?:beginning|start) of (?:the |this |next )?(?:week|month)|"
    r"(?:(?:on|over|at|for) )?the weekend|last night)\b"
)

MONTH = re.compile(
    r"\b(?:(?P<mod>in|during|early|mid|late|the end of|end of|the beginning of|"
    r"beginning of|the start of|start of|this|next|by|until|before|throughout|for|"
    rf"around)\s(?:-\s?)?)?(?P<m>{_MONTH})\b(?:\s(?P<y>20\d\d))?"
)

# --- times of day -----------------------------------------------------------------------------
_AMPM = r"am|pm|a\.m\.?|p\.m\.?"
_TIME_PREFIX = r"at|@|around|about|for|from|by|before|after|until|till|til|no later than|latest"

CLOCK_RANGE = re.compile(
    rf"\b(?:between\s|from\s)?(?P<h1>\d{{1,2}})(?:[:.](?P<m1>[0-5]\d))?\s?(?P<ap1>{_AMPM})?"
    rf"\s?(?:-|to|and|until|till)\s?(?P<h2>\d{{1,2}})(?:[:.](?P<m2>[0-5]\d))?\s?"
    rf"(?P<ap2>{_AMPM})"
)

CLOCK = re.compile(
    rf"(?:\b(?P<pre>{_TIME_PREFIX})\s)?\b(?P<h>\d{{1,2}})(?:[:.](?P<mm>[0-5]\d))?\s?"
    rf"(?P<ap>{_AMPM}|o'?clock|ish)(?![a-z])"
)

CLOCK_24H = re.compile(
    rf"(?:\b(?P<pre>{_TIME_PREFIX})\s)?\b(?P<h>[01]?\d|2[0-3])(?::|h)(?P<mm>[0-5]\d)\b(?P<ap>)"
)

CLOCK_H = re.compile(  # "at 14h", "from 9h": the continental way of writing an hour
    r"\b(?P<pre>at|@|around|about|from|by|before|after|until|till|vers)\s"
    r"(?P<h>[01]?\d|2[0-3])h(?P<mm>)(?P<ap>)\b"
)

AT_HOUR = re.compile(
    r"\b(?P<pre>at|@|around|by|before|after|from|until|till)\s(?P<h>1[0-2]|0?[1-9])"
    r"(?:\.(?P<mm>[0-5]\d))?(?P<ap>)"
    r"(?=\s*(?:$|[,.;!?)]|-|tonight|tomorrow|today|this|on|in the|and|or|please|pls|"
    r"for|then|sharp|latest|next|at|with)\b|\s*$|\s*[,.;!?])"
)

NAMED_TIME = re.compile(
    r"(?:\b(?P<pre>at|around|by|before|after|from|until)\s)?\b(?P<n>noon|midday|midnight|"
    r"half past (?P<hp>\d{1,2})|half (?P<hh>\d{1,2})|quarter past (?P<qp>\d{1,2})|"
    r"quarter to (?P<qt>\d{1,2}))\b"
)

PART_OF_DAY = re.compile(
    r"\b(?:(?P<pre>in the|this|early|late|by|before|after|at|on|the)\s)?"
    r"(?P<p>early morning|late night|morning|afternoon|arvo|evening|night|lunchtime|"
    r"lunch time|first thing|dinner ?time|teatime|after work|after school|overnight)\b"
    r"(?!\s(?:tea|dress|wear|gown|club|out|light|shift|sickness|routine|person|bag|"
    r"market|class|classes|bus|flight|shoot))"
)
