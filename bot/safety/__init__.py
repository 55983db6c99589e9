"""The rule-based safety net: :func:`assess` for acute danger and the kinds of danger it names,
:func:`assess_possible` for the possible-danger tier (a check-in question, not the emergency reply)."""

from bot.safety.categories import (
    CATEGORIES,
    CHILD_AT_RISK,
    HARM_TO_CARED,
    MEDICAL,
    MISSING,
    SUICIDE,
    URGENT,
    VIOLENCE,
    Pattern,
)
from bot.safety.child import user_age, user_is_child
from bot.safety.net import (
    CRISIS_NET_KEY,
    PATTERNS,
    CrisisAssessment,
    as_parse_data,
    assess,
    from_parse_data,
    possible_from_parse_data,
    reply_categories,
)
from bot.safety.possible import PossibleAssessment, assess_possible

__all__ = [
    "CATEGORIES", "CHILD_AT_RISK", "HARM_TO_CARED", "MEDICAL", "MISSING", "SUICIDE", "URGENT", "VIOLENCE",
    "CRISIS_NET_KEY", "PATTERNS", "CrisisAssessment", "Pattern",
    "PossibleAssessment", "as_parse_data", "assess", "assess_possible", "from_parse_data",
    "possible_from_parse_data", "reply_categories", "user_age", "user_is_child",
]
