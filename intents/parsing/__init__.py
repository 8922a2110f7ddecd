"""Reading what people type: "lunch for 2 near me now under £25" -> structured fields.

`parse_intent_text` is the one entry point; everything else in this package serves it.
`warm_up()` loads the lexicon and gazetteer ahead of the first request. How it works and
how well: docs/parsing.md.
"""

from intents.parsing.parser import parse_intent_text, warm_up
from intents.parsing.result import ParsedIntent, Place

__all__ = ["ParsedIntent", "Place", "parse_intent_text", "warm_up"]
