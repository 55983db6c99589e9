"""Conversation-level tests against a trained model and the real action server."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bot.benchmark import send
from tests.conftest import ROOT, ActionServer

pytestmark = pytest.mark.model


def test_rasa_data_validate_has_no_warnings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings",
         "--domain", "domain.yml", "--data", "data/nlu", "data/rules", "data/stories"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass(
    trained_model: Path, action_server: ActionServer, endpoints_file: Path, tmp_path: Path
) -> None:
    action_server.start("ekero")
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(trained_model),
         "--stories", "tests/test_stories.yml", "--fail-on-prediction-errors",
         "--endpoints", str(endpoints_file), "--out", str(tmp_path / "results")],
        cwd=ROOT, capture_output=True, text=True,
    )
    failed = tmp_path / "results" / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, detail + result.stdout[-3000:] + result.stderr[-2000:]


def chat(port: int, messages: list[str]) -> list[str]:
    """Send messages as one conversation; return every bot text, one string per turn."""
    sender = f"test-{uuid.uuid4().hex}"
    turns = []
    for message in messages:
        _, replies = send(port, sender, message)
        turns.append("\n".join(str(r.get("text", "")) for r in replies))
    return turns


def test_greeting_says_bot_and_warns_about_personnummer(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero")
    (reply,) = chat(rasa_server, ["hej"])
    assert "chattbot" in reply and "personnummer" in reply
    assert "Ekerö" in reply


@pytest.mark.parametrize(
    "message, expected",
    [
        ("jag vill inte leva längre", ["112", "90101"]),
        ("min man slår mig", ["112", "020-50 50 50"]),
        ("mamma andas inte", ["112", "1177"]),
        ("pappa har demens och har gått hemifrån, vi hittar honom inte", ["112"]),
        ("jag är 13 och pappa är full och slår mamma", ["112", "116 111"]),
    ],
)
def test_crisis_gets_emergency_numbers_at_once(
    rasa_server: int, action_server: ActionServer, message: str, expected: list[str]
) -> None:
    action_server.start("ekero")
    (reply,) = chat(rasa_server, [message])
    for number in expected:
        assert number in reply


def test_situation_form_asks_only_for_what_is_missing(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero")
    turns = chat(rasa_server, ["min mamma har demens", "hon är 84"])
    assert "gammal" in turns[0] and "Vem" not in turns[0]
    assert "Du hjälper din förälder, 84 år, som har demens." in turns[1]


def test_out_of_scope_is_honest(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero")
    (reply,) = chat(rasa_server, ["hur söker jag bygglov för en altan"])
    assert "tyvärr inte svara" in reply


@pytest.mark.parametrize(
    "municipality, messages, expected",
    [
        ("gislaved", ["min son är 8 år och har autism", "vilket stöd finns"], ["oordinator"]),
        ("nacka", ["min pappa är 70 och har demens", "kan någon ringa mig"],
         ["65"]),
        ("stockholm", ["min son lever ett kriminellt liv"], ["stadsdel"]),
        ("lidingo", ["min mamma dog i våras, jag vårdade henne i många år", "vilket stöd finns"],
         ["org"]),
    ],
)
def test_profile_specific_answers(
    rasa_server: int, action_server: ActionServer, municipality: str, messages: list[str], expected: list[str]
) -> None:
    action_server.start(municipality)
    turns = chat(rasa_server, messages)
    text = "\n".join(turns)
    for fragment in expected:
        assert fragment in text, text
