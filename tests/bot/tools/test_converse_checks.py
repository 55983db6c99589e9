from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

import pytest

from bot.tools.converse_checks import (
    SYMPATHY_EXPRESSIONS,
    Check,
    Conversation,
    Exchange,
    FormatError,
    Played,
    Reply,
    contains,
    expresses_sympathy,
    load_sets,
    normalise,
    reached_goal,
    run_checks,
)

MUNICIPALITIES = ["ekero", "lidingo", "gislaved", "nacka", "stockholm"]

VALID = """\
conversations:
  - id: ekero-burden-callback-1
    municipality: ekero
    now: "2026-12-07T10:15:00+01:00"
    category: request_in_situation
    turns:
      - "Hej. Jag tar hand om min pappa och orkar inte mer. Kan någon ringa mig?"
    answers:
      callback_consent: "ja"
      callback_name: "Lena"
      callback_phone: "070-174 06 42"
      callback_slot: "den första"
      callback_message: "nej"
      person_age: 82
    checks:
      - booking: {link: anhorig_aldre, contact_point: kontakt_aldreomsorg, after_hours: false}
      - mentions: ["orkar"]
  - id: child-1
    municipality: stockholm
    now: 2026-12-07T19:00:00+01:00
    category: child
    turns: ["jag är 12 och mamma är sjuk", "vad gör jag"]
    checks:
      - first_reply_mentions: ["116 111"]
      - reply_to_turn: {turn: 2, mentions: ["vuxen"]}
      - never_asks: [callback_name, callback_phone]
      - no_booking: true
      - sympathy: true
      - mentions_any: ["BRIS", "Bris"]
      - never_mentions: ["personnummer"]
      - asks: [relation]
      - booking: {link: null}
"""


def write(tmp_path: Path, text: str, name: str = "set.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(FormatError) as caught:
        load_sets([path], MUNICIPALITIES)
    return caught.value.errors


def one(body: str, **replace: str) -> str:
    """A file with one conversation; ``replace`` swaps whole lines of the default."""
    fields = {
        "id": "id: c-1",
        "municipality": "municipality: ekero",
        "now": 'now: "2026-12-07T10:15:00+01:00"',
        "category": "category: callback",
        "turns": 'turns: ["kan någon ringa mig"]',
        "checks": "checks:\n      - no_booking: true",
    }
    fields.update(replace)
    lines = "\n".join(f"    {line}" for line in fields.values() if line)
    return "conversations:\n  - " + lines.lstrip() + ("\n" + body if body else "") + "\n"


# ---------------------------------------------------------------- loading


def test_valid_file_loads_every_field(tmp_path: Path) -> None:
    first, second = load_sets([write(tmp_path, VALID)], MUNICIPALITIES)
    assert first.id == "ekero-burden-callback-1" and first.file.name == "set.yml"
    assert first.municipality == "ekero" and first.category == "request_in_situation"
    assert first.now == datetime(2026, 12, 7, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    assert first.clock == "2026-12-07T10:15:00+01:00"
    assert first.answers["callback_phone"] == "070-174 06 42" and first.answers["person_age"] == "82"
    assert first.checks[0] == Check(
        "booking", {"link": "anhorig_aldre", "contact_point": "kontakt_aldreomsorg", "after_hours": False}
    )
    # An unquoted timestamp (YAML reads it as a datetime) is accepted with its offset.
    assert second.clock == "2026-12-07T19:00:00+01:00" and second.answers == {}
    assert [c.kind for c in second.checks] == [
        "first_reply_mentions", "reply_to_turn", "never_asks", "no_booking", "sympathy",
        "mentions_any", "never_mentions", "asks", "booking",
    ]


def test_the_minimal_helper_file_is_valid(tmp_path: Path) -> None:
    (conversation,) = load_sets([write(tmp_path, one(""))], MUNICIPALITIES)
    assert conversation.id == "c-1" and conversation.turns == ("kan någon ringa mig",)


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        ({"municipality": "municipality: uppsala"}, "field 'municipality': unknown municipality 'uppsala'"),
        ({"now": 'now: "2026-12-07 kl 10"'}, "field 'now': '2026-12-07 kl 10' is not an ISO 8601 timestamp"),
        ({"now": 'now: "2026-12-07T10:15:00"'}, "field 'now': '2026-12-07T10:15:00' needs a UTC offset"),
        ({"now": "now: 2026-12-07"}, "field 'now'"),
        ({"category": "category: small_talk"}, "field 'category': unknown category 'small_talk'"),
        ({"turns": "turns: []"}, "field 'turns': must be a non-empty list of strings"),
        ({"turns": 'turns: "hej"'}, "field 'turns': must be a non-empty list of strings"),
        ({"turns": 'turns: ["hej", 3]'}, "field 'turns': item(s) 2 must be non-empty strings"),
        ({"id": "id: Ekero_1"}, "field 'id': 'Ekero_1' is not made of a-z, 0-9 and single hyphens"),
        ({"turns": ""}, "field 'turns': missing"),
        ({"checks": "checks: []"}, "field 'checks': must be a non-empty list"),
        ({"checks": "checks:\n      - greets: true"}, "field 'checks[1].greets': unknown check"),
        ({"checks": "checks:\n      - {mentions: [a], asks: [relation]}"},
         "field 'checks[1]': must be one 'kind: value' pair"),
        ({"checks": "checks:\n      - mentions: orkar"},
         "field 'checks[1].mentions': must be a non-empty list of strings"),
        ({"checks": 'checks:\n      - never_mentions: ["ok", ""]'},
         "field 'checks[1].never_mentions': every item must be a non-empty string"),
        ({"checks": "checks:\n      - no_booking: false"}, "field 'checks[1].no_booking': must be true"),
        ({"checks": "checks:\n      - sympathy: yes please"}, "field 'checks[1].sympathy': must be true"),
        ({"checks": "checks:\n      - never_asks: [callback_name, shoe_size]"},
         "field 'checks[1].never_asks': unknown slot(s): shoe_size"),
        ({"checks": "checks:\n      - asks: relation"},
         "field 'checks[1].asks': must be a non-empty list of slot names"),
        ({"checks": "checks:\n      - booking: true"}, "field 'checks[1].booking': must be a mapping"),
        ({"checks": "checks:\n      - booking: {unit: x}"},
         "field 'checks[1].booking': unknown field(s): unit"),
        ({"checks": "checks:\n      - booking: {after_hours: 'no'}"},
         "field 'checks[1].booking': 'after_hours' must be true or false"),
        ({"checks": "checks:\n      - booking: {contact_point: 3}"},
         "field 'checks[1].booking': 'contact_point' must be a contact point id"),
        ({"checks": "checks:\n      - reply_to_turn: {turn: 2, mentions: [a]}"},
         "field 'checks[1].reply_to_turn': 'turn' must be a turn number from 1 to 1"),
        ({"checks": "checks:\n      - reply_to_turn: {turn: 1}"},
         "field 'checks[1].reply_to_turn': must be {turn: N, mentions: [...]}"),
        ({"checks": "checks:\n      - reply_to_turn: {turn: 1, mentions: []}"},
         "field 'checks[1].reply_to_turn': 'mentions' must be a non-empty list of strings"),
    ],
)
def test_each_fault_names_file_conversation_and_field(
    tmp_path: Path, replace: dict[str, str], expected: str
) -> None:
    (error,) = errors_of(tmp_path, one("", **replace))
    assert error.startswith(f"{tmp_path / 'set.yml'}: conversation ")
    assert expected in error


def test_unknown_field_and_answer_slot(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, one("    answers: {callback_name: Lena, shoe: 42}\n    mood: happy"))
    assert any("conversation 'c-1': field 'mood': unknown field" in e for e in errors)
    assert any("conversation 'c-1': field 'answers.shoe': unknown slot" in e for e in errors)


def test_phone_answers_must_be_quoted(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, one("    answers: {callback_phone: 0701740642}"))
    assert "field 'answers.callback_phone': must be a non-empty string (put it in quotes)" in error


def test_phone_placeholder_needs_a_phone_answer(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path, one("", turns='turns: ["avboka", "{phone_last4}"]'))
    assert "field 'answers.callback_phone': {phone_last4} is used" in error


def test_duplicate_ids_in_a_file_are_an_error(tmp_path: Path) -> None:
    text = one("") + one("").replace("conversations:\n", "")
    errors = errors_of(tmp_path, text)
    assert errors == [f"{tmp_path / 'set.yml'}: conversation 'c-1': field 'id': duplicate id in this file"]


def test_the_same_id_in_two_files_is_allowed(tmp_path: Path) -> None:
    paths = [write(tmp_path, one(""), "a.yml"), write(tmp_path, one(""), "b.yml")]
    assert [c.file.name for c in load_sets(paths, MUNICIPALITIES)] == ["a.yml", "b.yml"]


def test_broken_yaml_and_wrong_top_level(tmp_path: Path) -> None:
    bad = write(tmp_path, "conversations: [\n", "bad.yml")
    flat = write(tmp_path, "- id: x\n", "flat.yml")
    with pytest.raises(FormatError) as caught:
        load_sets([bad, flat], MUNICIPALITIES)
    first, second = caught.value.errors
    assert first.startswith(f"{bad}: cannot be read as YAML")
    assert second == f"{flat}: needs a top-level 'conversations:' list"


def test_every_fault_of_every_file_is_reported(tmp_path: Path) -> None:
    paths = [write(tmp_path, one("", category="category: x"), "a.yml"),
             write(tmp_path, one("", municipality="municipality: y"), "b.yml")]
    with pytest.raises(FormatError) as caught:
        load_sets(paths, MUNICIPALITIES)
    assert [e.split(":")[0] for e in caught.value.errors] == [str(p) for p in paths]


# ---------------------------------------------------------------- text


def test_normalise_folds_case_accents_and_spacing() -> None:
    assert normalise("  Är   du\tÖVERLASTAD? Å ") == "ar du overlastad? a"
    assert contains("Du kan ringa ANHÖRIGKONSULENTEN", "anhorigkonsulenten")
    assert contains("Det låter   tungt", "det låter tungt")
    assert contains("orkar\ninte", "orkar inte")
    assert not contains("hej", "hejsan")


def test_numbers_ignore_spaces_and_hyphens_inside() -> None:
    assert contains("Ring BRIS på 116 111.", "116111")
    assert contains("Ring BRIS på 116111.", "116 111")
    assert contains("Ring 070-174 06 42", "0701740642")
    assert contains("Självmordslinjen 90101", "90 101")
    assert contains("Ring 08‑123 45 67", "08-1234567")  # a non-breaking hyphen


def test_a_number_is_not_found_inside_a_longer_number() -> None:
    assert not contains("Ring 08-112 34", "112")
    assert contains("Ring 112 om det är akut", "112")
    assert not contains("ring 11770", "1177")
    assert contains("ring 1177.", "1177")


def test_sympathy_expressions() -> None:
    assert expresses_sympathy("Jag beklagar sorgen.")
    assert expresses_sympathy("Jag är så LEDSEN FÖR DIN FÖRLUST")
    assert expresses_sympathy("Jag ar ledsen att hora det")
    assert not expresses_sympathy("Vi har sorggrupper på tisdagar.")
    assert all(expresses_sympathy(text) for text in SYMPATHY_EXPRESSIONS)


# ---------------------------------------------------------------- checks


def conversation(*checks: Check, turns: int = 2) -> Conversation:
    return Conversation(
        "c-1", Path("set.yml"), "ekero", datetime(2026, 12, 7, 10, 15, tzinfo=UTC), "callback",
        tuple(f"turn {n}" for n in range(1, turns + 1)), {}, checks,
    )


def exchange(message: str, turn: Optional[int], *texts: str, slot: Optional[str] = None,
             buttons: tuple[str, ...] = ()) -> Exchange:
    replies = [Reply(text) for text in texts]
    if buttons:
        replies.append(Reply("Välj:", buttons))
    return Exchange(message, turn, replies, requested_slot=slot)


def case(reference: str, link: Optional[str] = "anhorig_aldre", contact: str = "kontakt_aldreomsorg",
         after_hours: bool = False) -> dict[str, Any]:
    return {"reference": reference, "link_id": link, "contact_point_id": contact, "after_hours": after_hours}


def played(check: Check, *exchanges: Exchange, before: Optional[list[dict[str, Any]]] = None,
           after: Optional[list[dict[str, Any]]] = None) -> Played:
    return Played(conversation(check), list(exchanges), cases_before=before or [], cases_after=after or [])


def result(p: Played) -> tuple[bool, str]:
    (only,) = run_checks(p)
    return only.held, only.why


DIALOGUE = (
    exchange("turn 1", 1, "Hej! Ring BRIS på 116 111.", "Vem tar du hand om?", slot="relation"),
    exchange("min mamma", None, "Jag beklagar sorgen.", slot="callback_name", buttons=("Ja", "Nej")),
    exchange("turn 2", 2, "Prata med en vuxen du litar på."),
)


def test_booking_holds_on_exactly_one_new_case_with_the_fields() -> None:
    check = Check("booking", {"link": "anhorig_aldre", "contact_point": "kontakt_aldreomsorg",
                              "after_hours": False})
    old = case("OLD234")
    assert result(played(check, before=[old], after=[old, case("K7M2QX")])) == (True, "")
    assert result(played(Check("booking", {}), after=[case("K7M2QX")])) == (True, "")
    assert result(played(Check("booking", {"link": None}), after=[case("K7M2QX", link=None)]))[0]


def test_booking_fails_on_none_two_or_wrong_fields() -> None:
    check = Check("booking", {"contact_point": "kontakt_aldreomsorg", "after_hours": True})
    assert result(played(check, before=[case("OLD234")], after=[case("OLD234")])) == (
        False, "0 cases were created")
    assert result(played(check, after=[case("AAAA22"), case("BBBB33")])) == (
        False, "2 cases were created: AAAA22, BBBB33")
    held, why = result(played(check, after=[case("K7M2QX", contact="hemtjanst")]))
    assert not held
    assert why == ("case K7M2QX: contact_point_id is 'hemtjanst', expected 'kontakt_aldreomsorg'; "
                   "after_hours is False, expected True")
    assert not result(played(Check("booking", {"link": None}), after=[case("K7M2QX")]))[0]


def test_no_booking() -> None:
    check = Check("no_booking", True)
    assert result(played(check, before=[case("OLD234")], after=[case("OLD234")])) == (True, "")
    held, why = result(played(check, after=[case("K7M2QX")]))
    assert not held and why.startswith("a case was created: K7M2QX (link anhorig_aldre")


def test_mentions_every_string_in_some_reply_buttons_included() -> None:
    assert result(played(Check("mentions", ["116111", "beklagar", "nej"]), *DIALOGUE)) == (
        True, "")
    assert result(played(Check("mentions", ["vuxen", "orkar", "1177"]), *DIALOGUE)) == (
        False, 'not in any reply: "orkar", "1177"')


def test_mentions_any() -> None:
    assert result(played(Check("mentions_any", ["orkar", "VUXEN"]), *DIALOGUE)) == (True, "")
    assert result(played(Check("mentions_any", ["orkar", "1177"]), *DIALOGUE)) == (
        False, "none of them is in any reply")


def test_first_reply_mentions_only_the_replies_to_turn_one() -> None:
    assert result(played(Check("first_reply_mentions", ["bris", "116 111"]), *DIALOGUE)) == (True, "")
    assert result(played(Check("first_reply_mentions", ["vuxen"]), *DIALOGUE)) == (
        False, 'not in the replies to turn 1: "vuxen"')
    assert result(played(Check("first_reply_mentions", ["bris"]))) == (False, "turn 1 was never sent")


def test_reply_to_turn_counts_turns_not_answers() -> None:
    assert result(played(Check("reply_to_turn", {"turn": 2, "mentions": ["vuxen"]}), *DIALOGUE)) == (True, "")
    assert result(played(Check("reply_to_turn", {"turn": 2, "mentions": ["beklagar"]}), *DIALOGUE)) == (
        False, 'not in the replies to turn 2: "beklagar"')
    assert result(played(Check("reply_to_turn", {"turn": 2, "mentions": ["vuxen"]}), *DIALOGUE[:2])) == (
        False, "turn 2 was never sent")


def test_never_mentions() -> None:
    assert result(played(Check("never_mentions", ["personnummer", "1177"]), *DIALOGUE)) == (True, "")
    assert result(played(Check("never_mentions", ["BRIS", "vuxen"]), *DIALOGUE)) == (
        False, '"BRIS" in the reply to message 1; "vuxen" in the reply to message 3')


def test_never_asks_and_asks() -> None:
    assert result(played(Check("never_asks", ["callback_phone"]), *DIALOGUE)) == (True, "")
    assert result(played(Check("never_asks", ["callback_phone", "callback_name"]), *DIALOGUE)) == (
        False, "asked for callback_name")
    assert result(played(Check("asks", ["relation", "callback_name"]), *DIALOGUE)) == (True, "")
    assert result(played(Check("asks", ["relation", "person_age", "district"]), *DIALOGUE)) == (
        False, "never asked for person_age, district")


def test_sympathy_before_the_first_question_about_the_person() -> None:
    check = Check("sympathy", True)
    same_message = exchange("turn 1", 1, "Jag beklagar sorgen.", "Vem var hon för dig?", slot="relation")
    assert result(played(check, same_message)) == (True, "")
    # No question about the person at all: any sympathy counts.
    assert result(played(check, exchange("turn 1", 1, "Hej"), exchange("turn 2", 2, "Jag beklagar."))) == (
        True, "")


def test_sympathy_fails_late_or_never() -> None:
    check = Check("sympathy", True)
    assert result(played(check, *DIALOGUE)) == (
        False, "sympathy only after message 2; the question for relation came after message 1")
    assert result(played(check, exchange("turn 1", 1, "Hej"))) == (False, "no reply expresses sympathy")
    # A callback question is not a question about the person.
    late = (exchange("turn 1", 1, "Hej", slot="callback_consent"), exchange("ja", None, "Jag beklagar."))
    assert result(played(check, *late)) == (True, "")


def test_goal_needs_every_check() -> None:
    p = Played(conversation(Check("mentions", ["bris"]), Check("no_booking", True)), list(DIALOGUE))
    assert reached_goal(run_checks(p))
    p.cases_after = [case("K7M2QX")]
    results = run_checks(p)
    assert [r.held for r in results] == [True, False] and not reached_goal(results)
    assert results[1].check.label() == "no_booking: true"
    assert Check("booking", {"link": None, "after_hours": False}).label() == (
        "booking: {link: null, after_hours: false}")
