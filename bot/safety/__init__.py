"""The rule-based safety net for acute danger: :func:`assess` and the kinds of danger it names."""

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
    reply_categories,
)

__all__ = [
    "CATEGORIES", "CHILD_AT_RISK", "HARM_TO_CARED", "MEDICAL", "MISSING", "SUICIDE", "URGENT", "VIOLENCE",
    "CRISIS_NET_KEY", "PATTERNS", "CrisisAssessment", "Pattern",
    "as_parse_data", "assess", "from_parse_data", "reply_categories", "user_age", "user_is_child",
]
