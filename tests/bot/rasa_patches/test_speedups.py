from __future__ import annotations

import asyncio
import gc
from typing import Any, Iterator

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event

import bot.rasa_patches
from bot.rasa_patches import masked_store, serve, speedups

VALID: dict[str, Any] = {
    "events": [{"event": "slot", "name": "relation", "value": "parent"}],
    "responses": [{"text": "Hej"}],
}
INVALID: dict[str, Any] = {"events": [{"no_event_key": True}], "responses": []}


FLAGS = (speedups._PATCHED_FLAG, "_anhoriglotsen_tracker_cache", masked_store._PATCHED_FLAG)
PATCHED = (RemoteAction, Event, MessageProcessor, SQLTrackerStore)


@pytest.fixture(autouse=True)
def rasa_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every Rasa method the patches replace is put back after each test; nothing stays frozen."""
    for cls, name in [
        (RemoteAction, "_validate_action_result"), (MessageProcessor, "parse_message"),
        (SQLTrackerStore, "_retrieve"), (SQLTrackerStore, "save"), (Event, "resolve_by_type"),
        (SQLTrackerStore, "_additional_events"),
    ]:
        monkeypatch.setattr(cls, name, cls.__dict__[name])
    flags = {(cls, flag): cls.__dict__[flag] for cls in PATCHED for flag in FLAGS if flag in cls.__dict__}
    monkeypatch.setattr(speedups, "_frozen", False)
    yield
    for cls in PATCHED:
        for flag in FLAGS:
            if (cls, flag) in flags:
                setattr(cls, flag, flags[cls, flag])
            elif flag in cls.__dict__:
                delattr(cls, flag)


def forget_the_patches() -> None:
    """As if nothing had been installed yet (the fixture restores the state afterwards)."""
    for cls in PATCHED:
        for flag in FLAGS:
            if flag in cls.__dict__:
                delattr(cls, flag)


def rasa_reference(result: dict[str, Any]) -> None:
    """What Rasa 3.6.21's RemoteAction._validate_action_result does, minus the appended hint."""
    jsonschema.validate(result, RemoteAction.action_response_format_spec())


def test_install_replaces_the_validation_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def original(self: Any, result: dict[str, Any]) -> bool:
        return True

    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)
    monkeypatch.delattr(RemoteAction, speedups._PATCHED_FLAG, raising=False)
    speedups.install()
    patched = RemoteAction.__dict__["_validate_action_result"]
    assert patched is not original
    speedups.install()
    assert RemoteAction.__dict__["_validate_action_result"] is patched


def test_same_verdicts_as_rasa() -> None:
    action = object.__new__(RemoteAction)
    assert speedups._validate_action_result(action, VALID) is True
    rasa_reference(VALID)
    with pytest.raises(jsonschema.ValidationError) as ours:
        speedups._validate_action_result(action, INVALID)
    with pytest.raises(jsonschema.ValidationError) as theirs:
        rasa_reference(INVALID)
    assert ours.value.message.startswith(theirs.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_the_schema_is_checked_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    speedups._validator.cache_clear()
    validator_cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    real = validator_cls.check_schema
    monkeypatch.setattr(validator_cls, "check_schema", classmethod(lambda cls, s: calls.append(s) or real(s)))
    action = object.__new__(RemoteAction)
    for _ in range(5):
        speedups._validate_action_result(action, VALID)
    assert len(calls) == 1


def test_event_lookup_gives_the_same_classes_as_rasa() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.__dict__["resolve_by_type"].__func__
    remembering = speedups._remembering_resolve_by_type(original)
    for cls in all_subclasses(Event):
        if getattr(cls, "type_name", None):
            assert remembering(cls.type_name) is original(cls.type_name)
            assert remembering(cls.type_name) is original(cls.type_name)  # from memory
    with pytest.raises(ValueError, match="Unknown event name"):
        remembering("no_such_event")
    sentinel = Event
    assert remembering("no_such_event", sentinel) is sentinel
    assert remembering("topic") is None


def test_event_lookup_walks_the_subclasses_once_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[str] = []

    def original(type_name: str, default: Any = None) -> Any:
        walks.append(type_name)
        return {"slot": int, "user": str}.get(type_name, default)

    remembering = speedups._remembering_resolve_by_type(original)
    for _ in range(10):
        assert remembering("slot") is int
        assert remembering("user") is str
    assert walks == ["slot", "user"]


def test_install_patches_event_deserialisation(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, deserialise_events

    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    monkeypatch.delattr(Event, speedups._PATCHED_FLAG, raising=False)
    speedups.install()
    events = deserialise_events(
        [
            {"event": "slot", "name": "relation", "value": "parent"},
            {"event": "action", "name": "action_listen"},
        ]
    )
    assert [type(event) for event in events] == [SlotSet, ActionExecuted]


def test_loaded_objects_are_frozen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    frozen: list[bool] = []
    monkeypatch.setattr(speedups, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    assert speedups.freeze_loaded_objects() is True
    assert speedups.freeze_loaded_objects() is False
    assert frozen == [True]


def parse_messages(count: int) -> list[str]:
    """Parse ``count`` messages through the patched ``MessageProcessor.parse_message``."""

    async def parse_message(self: Any, message: str, tracker: Any = None) -> str:
        return f"parsed {message}"

    MessageProcessor.parse_message = parse_message  # the processor's interface, without a model
    forget_the_patches()
    bot.rasa_patches.install()
    processor = object.__new__(MessageProcessor)
    return [asyncio.run(processor.parse_message(f"hej {n}")) for n in range(count)]


def test_the_first_parsed_message_freezes_the_loaded_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = speedups.freeze_loaded_objects
    monkeypatch.setattr(gc, "freeze", lambda: None)
    monkeypatch.setattr(speedups, "freeze_loaded_objects", lambda: calls.append(True) or real())
    assert parse_messages(1) == ["parsed hej 0"]
    assert calls == [True]


def test_the_collector_is_frozen_once_over_many_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    assert parse_messages(5) == [f"parsed hej {n}" for n in range(5)]
    assert frozen == [True]


def test_nothing_is_frozen_before_the_first_message(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    bot.rasa_patches.install()
    assert frozen == []


def test_install_is_idempotent() -> None:
    forget_the_patches()
    original_parse = MessageProcessor.__dict__["parse_message"]
    bot.rasa_patches.install()
    patched = {
        "validate": RemoteAction.__dict__["_validate_action_result"],
        "resolve": Event.__dict__["resolve_by_type"],
        "parse": MessageProcessor.__dict__["parse_message"],
        "retrieve": SQLTrackerStore.__dict__["_retrieve"],
        "save": SQLTrackerStore.__dict__["save"],
    }
    bot.rasa_patches.install()
    bot.rasa_patches.install()
    assert patched == {
        "validate": RemoteAction.__dict__["_validate_action_result"],
        "resolve": Event.__dict__["resolve_by_type"],
        "parse": MessageProcessor.__dict__["parse_message"],
        "retrieve": SQLTrackerStore.__dict__["_retrieve"],
        "save": SQLTrackerStore.__dict__["save"],
    }
    assert patched["parse"] is not original_parse
    assert patched["parse"].__wrapped__ is original_parse  # wrapped once, not twice


def test_the_package_installs_the_speedups_and_the_masking() -> None:
    forget_the_patches()
    original_events = SQLTrackerStore.__dict__["_additional_events"]
    bot.rasa_patches.install()
    assert getattr(RemoteAction, speedups._PATCHED_FLAG)
    assert SQLTrackerStore.__dict__["_additional_events"].__wrapped__ is original_events
    bot.rasa_patches.install()
    assert SQLTrackerStore.__dict__["_additional_events"].__wrapped__ is original_events


def test_the_server_entry_point_patches_then_runs_rasa_with_the_arguments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    import rasa.__main__

    order: list[Any] = []
    monkeypatch.setattr(bot.rasa_patches, "install", lambda: order.append("install"))
    monkeypatch.setattr("bot.privacy.logs.install_log_masking", lambda: order.append("masked logs"))
    monkeypatch.setattr(rasa.__main__, "main", lambda: order.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    serve.main(["train", "--fixed-model-name", "m"])
    assert order == ["masked logs", "install", ["rasa", "train", "--fixed-model-name", "m"]]
