from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.nlu import speedups

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
