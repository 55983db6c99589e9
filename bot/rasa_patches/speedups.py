"""Performance fixes for Rasa 3.6's reply loop, applied when the Rasa server starts.

Each fixes a hot spot of a py-spy profile of the Rasa process; none of them
changes behaviour.

1. The custom-action round trip.
``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` on every
action-server response. ``validate`` first checks the *schema itself* against
the JSON Schema meta-schema, every time; with jsonschema 4.17 that was more
than half of Rasa's CPU time per reply in the profile.
The schema is a constant, so we check it once and reuse one validator. The
behaviour is the same: a valid response passes, an invalid one raises the same
``ValidationError`` with the same explanation appended.

2. Rebuilding a tracker from the tracker store. ``Event.resolve_by_type``
walks every subclass of ``Event`` (recursively, about 50 classes) for every
stored event it deserialises, so loading a conversation of a few hundred
events spent 17 % of Rasa's CPU per reply in that walk. The mapping from type
name to class is fixed once Rasa is imported; we remember each answer.

3. Rebuilding a conversation at all: :mod:`bot.rasa_patches.tracker_cache` keeps the
event objects of recently saved conversations and reuses them while the
database still holds exactly those events.

4. Garbage-collector pauses. A loaded model holds millions of Python objects
(TensorFlow, the domain, the policies). Each full collection walked all of
them and paused Rasa for 400-600 ms, a few times per hundred replies.
:func:`freeze_loaded_objects` runs once, when the first message has been parsed
(``MessageProcessor.parse_message`` is wrapped for that), and moves everything
alive then into the collector's permanent generation (``gc.freeze``), so later
collections only look at objects made per reply.

:func:`install` applies all of them; the Rasa server entry point
(:mod:`bot.rasa_patches.serve`) calls it before Rasa starts, never at import time.
``rasa train`` and ``rasa test`` run without them.
"""

from __future__ import annotations

import functools
import gc
from typing import Any, Awaitable, Callable, Dict, Optional

_PATCHED_FLAG = "_anhoriglotsen_speedups"
_frozen = False


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


def _remembering_resolve_by_type(original: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``Event.resolve_by_type`` so each type name is looked up once.

    Only successful lookups without a default are remembered, so an unknown name
    still raises (or returns the default) exactly as before.
    """
    known: Dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Optional[Any] = None) -> Optional[Any]:
        found = known.get(type_name)
        if found is not None:
            return found
        result = original(type_name, default)
        if result is not None and result is not default:
            known[type_name] = result
        return result

    return resolve_by_type


def _freezing_parse_message(original: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Wrap ``MessageProcessor.parse_message`` to freeze the loaded objects after the first parse.

    The model is fully loaded by then, and the first parse has built whatever the
    components build on first use; every later call goes straight through.
    """

    @functools.wraps(original)
    async def parse_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        parsed = await original(self, *args, **kwargs)
        if not _frozen:
            freeze_loaded_objects()
        return parsed

    return parse_message


def install() -> None:
    """Apply the fixes (idempotent)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import Event

    from bot.rasa_patches import tracker_cache

    if not getattr(RemoteAction, _PATCHED_FLAG, False):
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        setattr(RemoteAction, _PATCHED_FLAG, True)
    if not getattr(Event, _PATCHED_FLAG, False):
        Event.resolve_by_type = staticmethod(  # type: ignore[method-assign]
            _remembering_resolve_by_type(Event.resolve_by_type)
        )
        setattr(Event, _PATCHED_FLAG, True)
    if not getattr(MessageProcessor, _PATCHED_FLAG, False):
        MessageProcessor.parse_message = _freezing_parse_message(  # type: ignore[method-assign]
            MessageProcessor.parse_message
        )
        setattr(MessageProcessor, _PATCHED_FLAG, True)
    tracker_cache.install()


def freeze_loaded_objects() -> bool:
    """Collect once, then freeze every live object out of the collector's view.

    Returns True the first time (when it froze), False afterwards.
    """
    global _frozen
    if _frozen:
        return False
    gc.collect()
    gc.freeze()
    _frozen = True
    return True
