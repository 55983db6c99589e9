"""What staff casework refuses, and why: the errors both the pages and the API turn into answers.

* :class:`NotPermitted`: the role may not do this at all (HTTP 403).
* :class:`ConcurrentChange`: the case changed since the person looked at it (HTTP 409).
* :class:`InvalidCaseworkInput`: the input cannot be used; its Swedish message
  (:mod:`bot.texts.staff`) names the limits below.

A case outside someone's scope is reported like an unknown reference
(:class:`bot.callbacks.cases.CaseNotFound`), so nobody can probe which references exist.
"""

from __future__ import annotations

from typing import Optional

from bot.texts.staff import casework_input_error

NOTE_MAX_CHARS = 2000
REASON_MIN_CHARS = 3
REASON_MAX_CHARS = 500


class NotPermitted(Exception):
    """The role may not do this at all (not a question of which case): HTTP 403."""


class ConcurrentChange(Exception):
    """The case changed since the person looked at it; nothing was written."""

    def __init__(self, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(f"case is now at version {current_version}")


class InvalidCaseworkInput(ValueError):
    """An action's input cannot be used; ``message_sv`` says why, ``field`` where."""

    def __init__(self, reason: str, field: Optional[str] = None) -> None:
        self.reason = reason
        self.field = field
        self.message_sv = casework_input_error(
            reason, reason_min=REASON_MIN_CHARS, reason_max=REASON_MAX_CHARS, note_max=NOTE_MAX_CHARS
        )
        super().__init__(self.message_sv)
