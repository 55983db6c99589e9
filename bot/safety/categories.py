"""The kinds of danger the safety net names, and the shape of one pattern."""

from __future__ import annotations

SUICIDE = "suicide"
VIOLENCE = "violence"
MEDICAL = "medical"
MISSING = "missing_person"
HARM_TO_CARED = "harm_to_cared_for"
CHILD_AT_RISK = "child_at_risk"
CATEGORIES = frozenset({SUICIDE, VIOLENCE, MEDICAL, MISSING, HARM_TO_CARED, CHILD_AT_RISK})
# A plea for help now that names no kind of danger: a crisis, but no category the reply
# can pick a line for (the reply then gives the general emergency numbers).
URGENT = "urgent"

# (category, pattern, present): the pattern is searched in the folded text (bot.nlp.text.squash).
# "present" patterns fire even when the message also talks about the past; the others are
# suppressed by clear long-past markers and by questions about support (bot.safety.context).
Pattern = tuple[str, str, bool]
