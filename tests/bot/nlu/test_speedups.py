from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa_patches import speedups

VALID: dict[str, Any] = {
    "events": [{"event": "slot", "name": "relation", "value": "parent"}],
    "responses": [{"text": "Hej"}],
}
INVALID: dict[str, Any] = {"events": [{"no_event_key": True}], "responses": []}


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
        [{"event": "slot", "name": "relation", "value": "parent"}, {"event": "action", "name": "action_listen"}]
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


def test_the_crisis_guard_freezes_at_the_first_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import CrisisGuard

    calls: list[bool] = []
    monkeypatch.setattr(speedups, "freeze_loaded_objects", lambda: calls.append(True) or True)
    CrisisGuard().process([Message(data={"text": "hej"})])
    assert calls == [True]
