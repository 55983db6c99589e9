"""The possible-danger tier in whole conversations, against a trained model and the action server."""

from __future__ import annotations

import pytest

from tests.conftest import ActionServer
from tests.test_conversations import chat

pytestmark = pytest.mark.model

CHECK_IN = "har du tankar på att ta ditt liv?"


def test_possible_danger_then_yes_gets_the_emergency_reply(
    rasa_server: int, action_server: ActionServer
) -> None:
    action_server.start("ekero")
    first, second = chat(rasa_server, ["jag orkar inte mer med livet", "ja"])
    assert CHECK_IN in first and "90101" in first and "1177" in first, first
    assert second.startswith("Om någon är i fara just nu: ring 112"), second
    assert "Självmordslinjen 90101" in second, second


def test_possible_danger_then_no_goes_on(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero")
    first, second = chat(rasa_server, ["det är ingen idé längre", "nej"])
    assert CHECK_IN in first, first
    assert "Tack för att du svarar." in second and "112 direkt" not in second, second


def test_possible_danger_inside_the_situation_form_then_no_resumes_it(
    rasa_server: int, action_server: ActionServer
) -> None:
    action_server.start("ekero")
    turns = chat(rasa_server, ["min pappa har alzheimer", "det är ingen idé längre", "nej", "han är 80"])
    assert CHECK_IN in turns[1], turns
    assert "Tack för att du svarar." in turns[2] and "gammal" in turns[2], turns


def test_acute_danger_is_never_checked_in(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero")
    (reply,) = chat(rasa_server, ["jag ser ingen utväg, jag har tagit alla tabletter"])
    assert reply.startswith("Om någon är i fara just nu: ring 112"), reply
    assert CHECK_IN not in reply
