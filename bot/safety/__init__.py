"""The rule-based safety net for acute danger: :func:`assess` and the kinds of danger it names."""

from bot.safety.net import (
    CATEGORIES,
    CHILD_AT_RISK,
    HARM_TO_CARED,
    MEDICAL,
    MISSING,
    SUICIDE,
    VIOLENCE,
    CrisisAssessment,
    assess,
    reply_categories,
    user_age,
    user_is_child,
)

__all__ = [
    "CATEGORIES", "CHILD_AT_RISK", "HARM_TO_CARED", "MEDICAL", "MISSING", "SUICIDE", "VIOLENCE",
    "CrisisAssessment", "assess", "reply_categories", "user_age", "user_is_child",
]
