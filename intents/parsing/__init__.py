"""Reading what people type: "lunch for 2 near me now under £25" -> structured fields.

`parse_intent_text` is the one entry point; everything else in this package serves it.
"""

from intents.parsing.parser import parse_intent_text
from intents.parsing.result import ParsedIntent, Place

__all__ = ["ParsedIntent", "Place", "parse_intent_text"]
