"""The Swedish words of a masked transcript: what stands in for an identifier, who said a line.

The placeholders are defined with the masking itself (:mod:`bot.privacy.masking`, which
sits below this package) so the tracker store, the logs and transcripts spell them alike.
"""

from __future__ import annotations

from bot.privacy.masking import ADDRESS, EMAIL, NAME, NUMBER, PERSONNUMMER, PHONE, POSTCODE

__all__ = [
    "ADDRESS", "CUT_MARKER", "EMAIL", "NAME", "NUMBER", "PERSONNUMMER", "PHONE", "POSTCODE",
    "SENDER_LABELS",
]

SENDER_LABELS = {"user": "Anhörig", "bot": "Anhöriglotsen", "staff": "Handläggare"}
# Put first when the start of a long conversation is cut.
CUT_MARKER = "[början av samtalet är borttagen]\n"
