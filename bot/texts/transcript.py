"""The Swedish words of a masked transcript: what stands in for an identifier, who said a line."""

from __future__ import annotations

PERSONNUMMER = "[personnummer]"
PHONE = "[telefonnummer]"
EMAIL = "[e-post]"
ADDRESS = "[adress]"
POSTCODE = "[postnummer]"
NUMBER = "[nummer]"
NAME = "[namn]"

SENDER_LABELS = {"user": "Anhörig", "bot": "Anhöriglotsen", "staff": "Handläggare"}
# Put first when the start of a long conversation is cut.
CUT_MARKER = "[början av samtalet är borttagen]\n"
