"""Rasa's calls to the action server: with the shared secret, within a time budget, never silent.

Three fixes to :class:`rasa.core.actions.action.RemoteAction`, applied by :func:`install`
(from :mod:`bot.rasa_patches.serve`, never at import time):

- every call carries ``ANHORIG_ACTION_SECRET`` in ``X-Anhorig-Action-Secret``, which the
  action server (:mod:`bot.tools.action_server`) demands;
- one call waits at most :data:`ACTION_TIMEOUT_SECONDS`, and all the calls for one message
  together at most :data:`MESSAGE_BUDGET_SECONDS` (Rasa's own limit is 300 s). The web app
  waits :data:`bot.web.chat.TIMEOUT_SECONDS` (15 s), so Rasa always answers first;
- when a call fails (refused, timed out, an error status), Rasa itself sends a text from
  :mod:`bot.texts.fallback` instead of nothing: for a crisis (the action is a crisis action
  or the message's intent is ``crisis``) 112 and every crisis line, else "not now" with the
  unit's number. Once per message. Rasa's own handling stays as it is: a rejection
  (HTTP 400, a form's validation) still goes to the policies, and a failed slot-mapping
  action (``action_extract_crisis_tier``) still only leaves its slot unset.

The crisis reply with the action server up is the action's own (tailored to the danger);
only when the action server cannot answer does the general one stand in.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, List, Optional

from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

ACTION_TIMEOUT_SECONDS = 8.0
MESSAGE_BUDGET_SECONDS = 10.0
# Less than this left of the budget counts as spent: no action call answers that fast, and
# the event loop's timers may fire a little before their deadline.
MIN_CALL_SECONDS = 0.05
CRISIS_ACTIONS = frozenset({"action_respond_crisis", "action_check_in_possible_crisis"})
CRISIS_INTENT = "crisis"
_PATCHED_FLAG = "_anhoriglotsen_guard"


@dataclass(frozen=True)
class Fallback:
    """What the patch sends and the secret it adds."""

    crisis: str
    other: str
    secret: str = ""


@dataclass
class _Message:
    """One user message being handled: its deadline for action calls, whether Rasa spoke."""

    deadline: float
    fallback_sent: bool = False


_message: ContextVar[Optional[_Message]] = ContextVar("anhorig_message", default=None)
_failures: ContextVar[Optional[List[str]]] = ContextVar("anhorig_action_failures", default=None)


class ActionServerUnavailable(RasaException):
    """A call to the action server failed: a ``RasaException``, so Rasa's own handlers catch it."""


def remaining_seconds() -> float:
    """How long the current action call may take."""
    state = _message.get()
    if state is None:
        return ACTION_TIMEOUT_SECONDS
    return min(ACTION_TIMEOUT_SECONDS, state.deadline - time.monotonic())


def guarded_run(original: Callable[..., Awaitable[Any]], secret: str) -> Callable[..., Any]:
    """Wrap ``RemoteAction.run``: the secret header, the time limit, one exception for failures."""
    import aiohttp
    from rasa.core.actions.action import ActionExecutionRejection

    from bot.settings import ACTION_SECRET_HEADER

    @functools.wraps(original)
    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        if secret and self.action_endpoint is not None:
            self.action_endpoint.headers[ACTION_SECRET_HEADER] = secret
        timeout = remaining_seconds()
        try:
            if timeout < MIN_CALL_SECONDS:
                raise TimeoutError()
            return await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise
        except (TimeoutError, RasaException, aiohttp.ClientError, OSError) as exc:
            failures = _failures.get()
            if failures is not None:
                failures.append(self.name())
            logger.error("the action server did not answer %s: %s", self.name(), type(exc).__name__)
            raise ActionServerUnavailable(f"the action server did not answer {self.name()}") from exc

    return run


def fallback_text(fallback: Fallback, action_name: str, tracker: Any) -> str:
    """The crisis text for a crisis action or a crisis message, else the general one."""
    latest = getattr(tracker, "latest_message", None)
    intent = (latest.intent if latest is not None else None) or {}
    if action_name in CRISIS_ACTIONS or intent.get("name") == CRISIS_INTENT:
        return fallback.crisis
    return fallback.other


async def say_fallback(action_name: str, tracker: Any, output_channel: Any, fallback: Fallback) -> None:
    """Send the fallback once per message and keep it in the conversation."""
    from rasa.shared.core.events import BotUttered

    state = _message.get()
    if state is not None:
        if state.fallback_sent:
            return
        state.fallback_sent = True
    text = fallback_text(fallback, action_name, tracker)
    event = BotUttered(text=text, data={})
    tracker.update(event)
    await output_channel.send_response(tracker.sender_id, event.message())


def guarded_run_action(original: Callable[..., Awaitable[bool]], fallback: Fallback) -> Callable[..., Any]:
    """Wrap ``MessageProcessor._run_action``: after an action whose call failed, the fallback."""

    @functools.wraps(original)
    async def run_action(self: Any, action: Any, tracker: Any, output_channel: Any, nlg: Any,
                         prediction: Any) -> bool:
        failures: List[str] = []
        token = _failures.set(failures)
        try:
            result = await original(self, action, tracker, output_channel, nlg, prediction)
        finally:
            _failures.reset(token)
        if failures:
            await say_fallback(action.name(), tracker, output_channel, fallback)
        return result

    return run_action


def budgeted_handle_message(original: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    """Wrap ``MessageProcessor.handle_message``: one time budget for the message's action calls."""

    @functools.wraps(original)
    async def handle_message(self: Any, message: Any) -> Any:
        token = _message.set(_Message(time.monotonic() + MESSAGE_BUDGET_SECONDS))
        try:
            return await original(self, message)
        finally:
            _message.reset(token)

    return handle_message


def default_fallback(secret: str = "") -> Fallback:
    """The fallback texts with the active profile's unit and the national lines.

    Read once at start; the built-in numbers stand in for what cannot be read.
    """
    from bot.knowledge.access import active_profile, national_phones
    from bot.knowledge.advice import entry_contact
    from bot.texts.fallback import Unit, crisis_without_actions, no_answer_without_actions
    from bot.texts.knowledge import definite_role

    try:
        lines = national_phones()
    except Exception:  # noqa: BLE001 - the built-in numbers must do
        logger.exception("could not read the national lines; the fallback uses built-in numbers")
        lines = {}
    unit: Optional[Unit]
    try:
        profile = active_profile()
        contact = entry_contact(profile)
        unit = Unit(definite_role(contact.role), contact.phone, contact.example,
                    profile.socialjour.phone, profile.socialjour.example)
    except Exception:  # noqa: BLE001 - the fallback works without the unit
        logger.exception("could not read the profile; the fallback names no unit")
        unit = None
    return Fallback(crisis_without_actions(lines, unit), no_answer_without_actions(lines, unit), secret)


def install(fallback: Fallback) -> None:
    """Apply the fixes (idempotent: the first fallback stays)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    if getattr(RemoteAction, _PATCHED_FLAG, False):
        return
    RemoteAction.run = guarded_run(  # type: ignore[method-assign]
        RemoteAction.run, fallback.secret)
    MessageProcessor._run_action = guarded_run_action(  # type: ignore[method-assign]
        MessageProcessor._run_action, fallback)
    MessageProcessor.handle_message = budgeted_handle_message(  # type: ignore[method-assign]
        MessageProcessor.handle_message)
    setattr(RemoteAction, _PATCHED_FLAG, True)
