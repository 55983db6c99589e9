"""Rasa's calls to the action server: the secret, the time budget, the fallback instead of silence."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from rasa.core.actions.action import ActionExecutionRejection
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_patches import guard
from bot.settings import ACTION_SECRET_HEADER
from bot.web import chat

FALLBACK = guard.Fallback(crisis="CRISIS 112", other="OTHER 112", secret="s3cret")


def action(name: str = "action_greet") -> Any:
    endpoint = EndpointConfig(url="http://127.0.0.1:9/webhook")
    return SimpleNamespace(action_endpoint=endpoint, name=lambda: name)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_every_call_carries_the_secret() -> None:
    seen: dict[str, Any] = {}

    async def original(self: Any, *args: Any) -> list[Any]:
        seen.update(self.action_endpoint.headers)
        return []

    run(guard.guarded_run(original, "s3cret")(action(), None, None, None, None))
    assert seen == {ACTION_SECRET_HEADER: "s3cret"}


@pytest.mark.parametrize("error", [
    RasaException("Failed to execute custom action"), aiohttp.ClientConnectionError(), TimeoutError(),
])
def test_a_failed_call_becomes_one_rasa_exception(error: Exception) -> None:
    async def original(self: Any, *args: Any) -> list[Any]:
        raise error

    with pytest.raises(guard.ActionServerUnavailable) as raised:
        run(guard.guarded_run(original, "")(action(), None, None, None, None))
    assert isinstance(raised.value, RasaException)  # Rasa's slot mapping handler catches it


def test_a_rejection_still_goes_to_the_policies() -> None:
    async def original(self: Any, *args: Any) -> list[Any]:
        raise ActionExecutionRejection("validate_callback_form")

    with pytest.raises(ActionExecutionRejection):
        run(guard.guarded_run(original, "")(action(), None, None, None, None))


def test_all_calls_of_one_message_share_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MESSAGE_BUDGET_SECONDS", 0.3)
    calls: list[float] = []

    async def slow(self: Any, *args: Any) -> list[Any]:
        calls.append(time.monotonic())
        await asyncio.sleep(30)
        return []

    guarded = guard.guarded_run(slow, "")

    async def handle(self: Any, message: Any) -> list[str]:
        failed = []
        for _ in range(3):
            try:
                await guarded(action(), None, None, None, None)
            except guard.ActionServerUnavailable:
                failed.append("x")
        return failed

    started = time.monotonic()
    assert run(guard.budgeted_handle_message(handle)(None, None)) == ["x", "x", "x"]
    assert time.monotonic() - started < 1.5
    assert len(calls) == 1  # the budget was spent by the first call: the others fail at once


def test_rasa_answers_before_the_web_app_gives_up() -> None:
    assert guard.ACTION_TIMEOUT_SECONDS <= guard.MESSAGE_BUDGET_SECONDS < chat.TIMEOUT_SECONDS
    assert guard.ACTION_TIMEOUT_SECONDS < 300  # Rasa's own DEFAULT_REQUEST_TIMEOUT


def failing_processor_step(guarded: Any) -> Any:
    """A stand-in for MessageProcessor._run_action: runs the action and swallows its failure."""

    async def run_action(self: Any, act: Any, tracker: Any, output_channel: Any, nlg: Any,
                         prediction: Any) -> bool:
        try:
            await guarded(act, output_channel, nlg, tracker, None)
        except RasaException:
            pass  # what Rasa does: "the actions events are lost"
        return True

    return run_action


async def refused(self: Any, *args: Any) -> list[Any]:
    raise aiohttp.ClientConnectionError()


def tracker_with(intent: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker("sender", slots=[])
    tracker.update(UserUttered("text", intent={"name": intent, "confidence": 1.0}))
    return tracker


@pytest.mark.parametrize(("name", "intent", "expected"), [
    ("action_respond_crisis", "crisis", "CRISIS 112"),
    ("action_submit_callback", "crisis", "CRISIS 112"),  # a crisis message gets the crisis text
    ("action_check_in_possible_crisis", "describe_situation", "CRISIS 112"),
    ("action_submit_callback", "affirm", "OTHER 112"),
])
def test_a_failed_action_is_never_silence(name: str, intent: str, expected: str) -> None:
    step = guard.guarded_run_action(failing_processor_step(guard.guarded_run(refused, "")), FALLBACK)
    tracker, channel = tracker_with(intent), CollectingOutputChannel()
    run(step(None, action(name), tracker, channel, None, None))
    assert [m["text"] for m in channel.messages] == [expected]
    assert [e.text for e in tracker.events if isinstance(e, BotUttered)] == [expected]


def test_an_action_that_answers_gets_no_fallback() -> None:
    async def answers(self: Any, *args: Any) -> list[Any]:
        return []

    step = guard.guarded_run_action(failing_processor_step(guard.guarded_run(answers, "")), FALLBACK)
    channel = CollectingOutputChannel()
    run(step(None, action(), tracker_with("greet"), channel, None, None))
    assert channel.messages == []


def test_one_fallback_per_message() -> None:
    step = guard.guarded_run_action(failing_processor_step(guard.guarded_run(refused, "")), FALLBACK)
    tracker, channel = tracker_with("affirm"), CollectingOutputChannel()

    async def handle(self: Any, message: Any) -> None:
        await step(None, action("a"), tracker, channel, None, None)
        await step(None, action("b"), tracker, channel, None, None)

    run(guard.budgeted_handle_message(handle)(None, None))
    assert [m["text"] for m in channel.messages] == ["OTHER 112"]


def test_the_fallback_has_112_the_crisis_lines_and_the_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.knowledge.access import active_profile
    from bot.knowledge.advice import entry_contact
    from bot.settings import reset_settings_cache

    monkeypatch.setenv("ANHORIG_MUNICIPALITY", "ekero")
    reset_settings_cache()
    fallback = guard.default_fallback("s")
    unit_phone = entry_contact(active_profile()).phone
    for number in ("112", "90101", "1177", "116 111", "020-50 50 50", unit_phone):
        assert number in fallback.crisis
    for number in ("112", "90101", unit_phone):
        assert number in fallback.other
    assert fallback.secret == "s"
    reset_settings_cache()
