"""A performance fix for Rasa 3.6's custom-action round trip, applied when the model loads.

``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` on every
action-server response. ``validate`` first checks the *schema itself* against
the JSON Schema meta-schema, every time; with jsonschema 4.17 that was more
than half of Rasa's CPU time per reply in our profile (py-spy, 2026-11-22).
The schema is a constant, so we check it once and reuse one validator. The
behaviour is the same: a valid response passes, an invalid one raises the same
``ValidationError`` with the same explanation appended.

:func:`install` is called by :class:`bot.nlu.components.CrisisGuard` when Rasa
builds the model graph, not at import time.
"""

from __future__ import annotations

import functools
from typing import Any, Dict

_PATCHED_FLAG = "_anhoriglotsen_fast_validation"


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of on every response
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """What ``jsonschema.validate`` does (raise the best-matching error), minus the schema check."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Replace ``RemoteAction._validate_action_result`` with the cached-validator version (idempotent)."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction, _PATCHED_FLAG, False):
        return
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    setattr(RemoteAction, _PATCHED_FLAG, True)
