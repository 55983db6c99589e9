"""Conversation-level tests against a trained model and the real action server."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bot.tools.benchmark import send
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


def test_greeting_says_bot_and_warns_about_personnummer(
    rasa_server: int, action_server: ActionServer
) -> None:
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
    assert "Ungefär hur gammal är hon?" in turns[0] and "Vem" not in turns[0]
    assert "Du hjälper din mamma, 84 år, som har demens." in turns[1]  # the relative's own word


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


# -- booking a callback, per profile, by day and after hours -------------------------------

DAY = "2026-11-24T09:30:00+01:00"  # Tuesday, office open
SATURDAY = "2026-11-28T11:00:00+01:00"  # office closed
BOOKING_ANSWERS = ["kan någon ringa mig", "ja", "Anna", "070-174 06 90", "den första", "nej"]
SITUATIONS = [
    ("ekero", ["min mamma har demens", "hon är 84"], "kontakt_aldreomsorg"),
    ("lidingo", ["min man har parkinson", "han är 71"], "anhorigkonsulent"),
    ("gislaved", ["min son är 8 år och har autism"], "anhorigsamordnare"),
    ("nacka", ["min pappa är 70 och har demens"], "anhorigkonsulent_aldre"),
    ("stockholm", ["min son lever ett kriminellt liv", "jag bor i Kista", "han är 19"],
     "anhorigkonsulent_rinkeby_kista"),
]


@pytest.mark.parametrize("now", [DAY, SATURDAY], ids=["day", "after_hours"])
@pytest.mark.parametrize(("municipality", "situation", "contact"), SITUATIONS,
                         ids=[s[0] for s in SITUATIONS])
def test_booking_from_situation_to_confirmation(
    rasa_server: int, action_server: ActionServer, municipality: str, situation: list[str],
    contact: str, now: str,
) -> None:
    from bot.callbacks.cases import case_history, get_case
    from bot.storage import create_engine_for, make_session_factory

    action_server.start(municipality, now)
    turns = chat(rasa_server, situation + BOOKING_ANSWERS)
    booking = turns[len(situation):]
    transcript = "\n---\n".join(turns)
    assert "samtycke" in booking[0] and "Vad ska vi kalla dig" in booking[1], transcript
    assert ("Kontoret är stängt" in booking[0]) is (now == SATURDAY), transcript
    assert "Vilken tid passar" in booking[3] and "meddelande" in booking[4], transcript
    confirmation = booking[5]
    assert "Ditt bokningsnummer är " in confirmation, transcript
    reference = confirmation.split("Ditt bokningsnummer är ", 1)[1][:6]
    engine = create_engine_for(action_server.database_url)
    try:
        factory = make_session_factory(engine)
        case = get_case(factory, reference)
        assert case is not None and case.municipality == municipality
        assert case.contact_point_id == contact and case.after_hours is (now == SATURDAY)
        assert [e.kind for e in case_history(factory, reference)] == ["created", "booked"]
        assert case.transcript and "174 06 90" not in case.transcript
    finally:
        engine.dispose()


def test_consent_declined_books_nothing(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero", DAY)
    turns = chat(rasa_server, ["kan någon ringa mig", "nej"])
    assert "sparar jag ingenting" in turns[1] and "070-174 06" in turns[1]


def test_cancel_a_booking_in_the_chat(rasa_server: int, action_server: ActionServer) -> None:
    action_server.start("ekero", DAY)
    turns = chat(rasa_server, BOOKING_ANSWERS)
    reference = turns[-1].split("Ditt bokningsnummer är ", 1)[1][:6]
    turns = chat(rasa_server, ["jag vill avboka min tid", reference, "0690"])
    assert "är avbokad" in turns[-1], "\n---\n".join(turns)
