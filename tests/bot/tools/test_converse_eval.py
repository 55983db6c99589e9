from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from bot.knowledge.loader import available_profile_ids
from bot.tools import converse_eval
from bot.tools.converse_checks import Check, Conversation, FormatError, Reply, load_sets, run_checks
from bot.tools.converse_eval import (
    MAX_MESSAGES,
    Outcome,
    confirmed_reference,
    format_report,
    group_by_clock,
    last_four_digits,
    play,
    report_json,
    select_files,
)

CET = timezone(timedelta(hours=1))
MORNING = datetime(2026, 12, 7, 10, 15, tzinfo=CET)

Script = Callable[[str], tuple[list[str], Optional[str]]]


class FakeTransport:
    """Replies and form questions from a script; books a case when told to."""

    def __init__(self, script: Script, cases: Optional[list[dict[str, Any]]] = None) -> None:
        self.script = script
        self.sent: list[str] = []
        self.senders: set[str] = set()
        self.slot: Optional[str] = None
        self.case_list = cases if cases is not None else []  # shared with the script, which books
        self.case_reads = 0

    def send(self, sender: str, message: str) -> list[Reply]:
        self.senders.add(sender)
        self.sent.append(message)
        texts, self.slot = self.script(message)
        return [Reply(text) for text in texts]

    def open_question(self, sender: str) -> Optional[str]:
        return self.slot

    def cases(self) -> list[dict[str, Any]]:
        self.case_reads += 1
        return list(self.case_list)


def conversation(turns: tuple[str, ...], answers: dict[str, str], *checks: Check,
                 cid: str = "c-1", municipality: str = "ekero", now: datetime = MORNING,
                 category: str = "callback") -> Conversation:
    return Conversation(cid, Path("set.yml"), municipality, now, category, turns, answers, checks)


ANSWERS = {"callback_consent": "ja", "callback_name": "Lena", "callback_phone": "070-174 06 42",
           "callback_slot": "den första", "callback_message": "nej"}


def booking_script(transport_cases: list[dict[str, Any]]) -> Script:
    """A callback dialogue: consent, name, phone, slot, message, then a confirmation."""
    questions = {
        "ja": (["Vad ska vi kalla dig?"], "callback_name"),
        "Lena": (["Vilket nummer?"], "callback_phone"),
        "070-174 06 42": (["Vilken tid passar?"], "callback_slot"),
        "den första": (["Något meddelande?"], "callback_message"),
    }

    def script(message: str) -> tuple[list[str], Optional[str]]:
        if message == "kan någon ringa mig":
            return ["Får jag spara det här?"], "callback_consent"
        if message in questions:
            return questions[message]
        if message == "nej":
            transport_cases.append({"reference": "K7M2QX", "link_id": None,
                                    "contact_point_id": "kontakt", "after_hours": False})
            return ["Klart! Ditt bokningsnummer är K7M2QX."], None
        if message.startswith("avboka"):
            return ["Vilket bokningsnummer?"], "manage_reference"
        if message == "K7M2QX":
            return ["De fyra sista siffrorna?"], "manage_digits"
        if message == "0642":
            return ["Bokningen K7M2QX är avbokad."], None
        return [f"Jag förstår inte: {message}"], None

    return script


def test_answers_each_form_question_and_sees_the_new_case() -> None:
    cases: list[dict[str, Any]] = [{"reference": "OLD234"}]
    transport = FakeTransport(booking_script(cases), cases)
    c = conversation(("kan någon ringa mig",), ANSWERS, Check("booking", {"contact_point": "kontakt"}))
    played = play(c, transport)
    assert transport.sent == ["kan någon ringa mig", "ja", "Lena", "070-174 06 42", "den första", "nej"]
    assert played.ended == "done" and played.messages_sent == 6
    assert played.asked_slots == ["callback_consent", "callback_name", "callback_phone", "callback_slot",
                                  "callback_message"]
    assert [e.turn for e in played.exchanges] == [1, None, None, None, None, None]
    assert [e.answered_slot for e in played.exchanges][1:] == [
        "callback_consent", "callback_name", "callback_phone", "callback_slot", "callback_message"]
    assert [case["reference"] for case in played.new_cases] == ["K7M2QX"]
    assert transport.case_reads == 3  # before, after, and once to confirm the reference in a reply
    assert [r.held for r in run_checks(played)] == [True]
    assert len(transport.senders) == 1 and next(iter(transport.senders)).startswith("converse-")


def test_placeholders_take_the_confirmed_reference_and_the_phone_digits() -> None:
    cases: list[dict[str, Any]] = []
    transport = FakeTransport(booking_script(cases), cases)
    answers = {**ANSWERS, "manage_reference": "{reference}", "manage_digits": "{phone_last4}"}
    c = conversation(("kan någon ringa mig", "avboka min tid {reference}"), answers)
    played = play(c, transport)
    assert transport.sent[6:] == ["avboka min tid K7M2QX", "K7M2QX", "0642"]
    assert played.ended == "done" and played.exchanges[6].turn == 2
    assert "avbokad" in played.exchanges[-1].replies[0].text


def test_a_question_without_an_answer_ends_the_conversation() -> None:
    transport = FakeTransport(booking_script([]))
    c = conversation(("kan någon ringa mig", "tack"), {"callback_consent": "ja"})
    played = play(c, transport)
    assert transport.sent == ["kan någon ringa mig", "ja"]
    assert played.ended == "no_answer:callback_name"
    assert played.asked_slots == ["callback_consent", "callback_name"]


def test_at_most_25_messages() -> None:
    transport = FakeTransport(lambda message: (["Hur gammal är hon?"], "person_age"))
    c = conversation(("min mamma är sjuk", "hej igen"), {"person_age": "82"})
    played = play(c, transport)
    assert len(transport.sent) == MAX_MESSAGES == 25 and played.messages_sent == 25
    assert played.ended == "cap" and transport.sent[1:] == ["82"] * 24


def test_the_cap_also_stops_the_turns() -> None:
    transport = FakeTransport(lambda message: (["ok"], None))
    played = play(conversation(tuple(f"meddelande {n}" for n in range(30)), {}), transport, max_messages=25)
    assert len(transport.sent) == 25 and played.ended == "cap"
    played = play(conversation(tuple(f"meddelande {n}" for n in range(25)), {}), transport, max_messages=25)
    assert played.ended == "done"


def test_a_failing_request_ends_the_conversation_as_an_error() -> None:
    def script(message: str) -> tuple[list[str], Optional[str]]:
        if message == "två":
            raise converse_eval.TransportError("webhook: HTTP Error 500")
        return ["ok"], None

    played = play(conversation(("ett", "två", "tre"), {}), FakeTransport(script))
    assert played.ended == "error:webhook: HTTP Error 500" and played.messages_sent == 1


def test_reference_and_last_digits() -> None:
    def known() -> list[str]:
        return ["K7M2QX", "ABC234", "9XYZ23", "BOKA23", "ABCDEF"]

    confirmation = [Reply("Ditt bokningsnummer är K7M2QX."), Reply("Ring 112")]
    assert confirmed_reference(confirmation, known) == "K7M2QX"
    assert confirmed_reference([Reply("nummer ABC234 och sedan 9XYZ23")], known) == "9XYZ23"
    # Not a reference: too long, lower case, a letter outside the alphabet (O, I, L, 0, 1).
    assert confirmed_reference([Reply("KONTAKT, k7m2qx, ABCDEFG, BOKA23, 1ABCDE")], known) is None
    # Looks like one, but no case has it (the example in a question).
    assert confirmed_reference([Reply("Det har sex tecken, till exempel K7MXQ4.")], known) is None
    assert last_four_digits("070-174 06 42") == "0642" and last_four_digits(None) == ""


def test_an_example_reference_in_a_question_is_not_taken() -> None:
    cases: list[dict[str, Any]] = []
    script = booking_script(cases)

    def with_example(message: str) -> tuple[list[str], Optional[str]]:
        texts, slot = script(message)
        if message.startswith("avboka"):
            texts = ["Vilket bokningsnummer? Det har sex tecken, till exempel K7MXQ4."]
        return texts, slot

    answers = {**ANSWERS, "manage_reference": "{reference}", "manage_digits": "{phone_last4}"}
    transport = FakeTransport(with_example, cases)
    play(conversation(("kan någon ringa mig", "avboka"), answers), transport)
    assert transport.sent[-2:] == ["K7M2QX", "0642"]


def test_conversations_are_grouped_by_municipality_and_clock() -> None:
    evening = MORNING.replace(hour=19)
    a = conversation(("hej",), {}, cid="a")
    b = conversation(("hej",), {}, cid="b", municipality="nacka")
    c = conversation(("hej",), {}, cid="c", now=evening)
    # The same instant written with another offset is the same clock.
    d = conversation(("hej",), {}, cid="d", now=MORNING.astimezone(UTC))
    e = conversation(("hej",), {}, cid="e", municipality="nacka")
    groups = group_by_clock([a, b, c, d, e])
    assert [(key, [x.id for x in members]) for key, members in groups] == [
        (("ekero", MORNING), ["a", "d"]),
        (("nacka", MORNING), ["b", "e"]),
        (("ekero", evening), ["c"]),
    ]


def test_select_files_by_folder_file_and_prefix(tmp_path: Path) -> None:
    for name in ("blind_a.yml", "open_b.yml", "notes.txt"):
        (tmp_path / name).write_text("conversations: []\n", encoding="utf-8")
    assert [p.name for p in select_files([tmp_path])] == ["blind_a.yml", "open_b.yml"]
    assert [p.name for p in select_files([tmp_path], "blind_")] == ["blind_a.yml"]
    both = select_files([tmp_path / "open_b.yml", tmp_path])
    assert [p.name for p in both] == ["open_b.yml", "blind_a.yml"]
    with pytest.raises(FormatError, match="no conversation files in .* starting with 'x_'"):
        select_files([tmp_path], "x_")
    with pytest.raises(FormatError, match="no such file or folder"):
        select_files([tmp_path / "missing.yml"])


def test_bad_input_exits_2_and_plays_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("conversations:\n  - id: x-1\n    municipality: atlantis\n", encoding="utf-8")
    monkeypatch.setattr(converse_eval, "run_on_stack", lambda *a, **k: pytest.fail("played"))
    assert converse_eval.main([str(path)], None, train=False, json_path=None) == 2
    err = capsys.readouterr().err
    assert f"{path}: conversation 'x-1': field 'municipality': unknown municipality 'atlantis'" in err
    assert f"{path}: conversation 'x-1': field 'turns': missing" in err


def small_file(tmp_path: Path, check: str) -> Path:
    path = tmp_path / "set.yml"
    path.write_text(
        "conversations:\n  - id: ok\n    municipality: ekero\n    now: '2026-12-07T10:15:00+01:00'\n"
        f"    category: burden\n    turns: [hej]\n    checks: [{check}]\n", encoding="utf-8")
    return path


def test_report_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    ok = conversation(("hej",), {}, Check("mentions", ["hej"]), cid="ok", category="burden")
    bad = conversation(("hej", "hur mår du"), {}, Check("mentions", ["orkar"]), cid="bad")
    transport = FakeTransport(lambda message: (["Hej!\nJag är en chattbot."], None))
    outcomes = [Outcome(p, run_checks(p)) for p in (play(ok, transport), play(bad, transport))]
    text = format_report(outcomes, "m.tar.gz")
    assert "Conversation evaluation: 2 conversation(s) in 1 file(s), model m.tar.gz" in text
    assert "burden" in text and "overall" in text and "50%" in text and "Failures: 1" in text
    assert "FAIL bad (set.yml, callback, ekero, 2026-12-07T10:15:00+01:00): 2 message(s), ended: done" in text
    assert '  - mentions: ["orkar"]: not in any reply: "orkar"' in text
    assert "    relative: hur mår du\n    bot:      Hej!\n              Jag är en chattbot." in text
    data = report_json(outcomes, "m.tar.gz")
    assert data["summary"]["overall"] == {"conversations": 2, "reached": 1, "share": 0.5,
                                          "mean_turns_to_goal": 1.0}
    assert data["summary"]["categories"]["callback"]["mean_turns_to_goal"] is None
    assert data["failures"] == ["bad"] and data["conversations"][1]["checks"][0]["held"] is False

    # main() prints the same report and writes the JSON; the stack is replaced here.
    path = small_file(tmp_path, "{mentions: [hej]}")
    monkeypatch.setattr(converse_eval, "newest_model", lambda folder: Path("m.tar.gz"))
    monkeypatch.setattr(converse_eval, "run_on_stack", lambda conversations, model, progress: [
        Outcome(play(conversations[0], transport), run_checks(play(conversations[0], transport)))])
    out = tmp_path / "report.json"
    assert converse_eval.main([str(path)], None, train=False, json_path=str(out)) == 0
    assert "Failures: 0" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["overall"]["reached"] == 1


def test_a_stack_that_cannot_start_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = small_file(tmp_path, "{no_booking: true}")
    monkeypatch.setattr(converse_eval, "newest_model", lambda folder: None)
    assert converse_eval.main([str(path)], None, train=False, json_path=None) == 1

    def broken(*args: Any, **kwargs: Any) -> list[Outcome]:
        raise converse_eval.StackError("rasa stopped during start-up (exit 1)")

    monkeypatch.setattr(converse_eval, "newest_model", lambda folder: Path("m.tar.gz"))
    monkeypatch.setattr(converse_eval, "run_on_stack", broken)
    assert converse_eval.main([str(path)], None, train=False, json_path=None) == 1


# ---------------------------------------------------------------- against the real stack

REAL_SET = """\
conversations:
  - id: greeting
    municipality: ekero
    now: "2026-11-24T09:30:00+01:00"
    category: callback
    turns: ["hej"]
    checks:
      - mentions: ["chattbot", "personnummer"]
      - no_booking: true
  - id: ekero-callback-office-hours
    municipality: ekero
    now: "2026-11-24T09:30:00+01:00"
    category: callback
    turns: ["min mamma har demens", "kan någon ringa mig"]
    answers:
      relation: "min mamma"
      condition: "demens"
      person_age: "84"
      callback_consent: "ja"
      callback_name: "Anna"
      callback_phone: "070-174 06 90"
      callback_slot: "den första"
      callback_message: "nej"
    checks:
      - booking: {contact_point: kontakt_aldreomsorg, after_hours: false}
      - asks: [callback_phone]
"""


@pytest.mark.model
def test_two_conversations_against_the_real_stack(tmp_path: Path, trained_model: Path) -> None:
    path = tmp_path / "small.yml"
    path.write_text(REAL_SET, encoding="utf-8")
    conversations = load_sets([path], available_profile_ids())
    # The booking once more, on another morning (a restart of the action server and the web app).
    again = replace(conversations[1], id="again", now=datetime(2026, 11, 25, 10, 0, tzinfo=CET))
    outcomes = converse_eval.run_on_stack([*conversations, again], trained_model, progress=lambda line: None)
    greeting, booking, repeated = outcomes
    transcript = "\n".join(converse_eval.transcript_lines(booking.played))
    assert greeting.reached, [r.why for r in greeting.results]
    assert booking.reached, [r.why for r in booking.results] + [transcript]
    (case,) = booking.played.new_cases
    assert case["contact_point_id"] == "kontakt_aldreomsorg" and case["after_hours"] is False
    assert repeated.reached and len(repeated.played.new_cases) == 1
    assert repeated.played.new_cases[0]["reference"] != case["reference"]
    # The first booking was cancelled after its conversation, so the second saw it as an old case.
    before = {c["reference"]: c["status"] for c in repeated.played.cases_before}
    assert before == {case["reference"]: "cancelled"}
