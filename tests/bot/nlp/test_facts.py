from __future__ import annotations

from typing import Optional

import pytest

from bot.nlp.facts import detect_burden, detect_phase, parse_age, says_unknown


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("mamma är 82 år", 82),
        ("mamma ar 82 ar", 82),
        ("Mamma är 82år", 82),
        ("hon är 82 år gammal", 82),
        ("pappa, 79, har demens", 79),
        ("mamma 82", 82),
        ("mamman, 82", 82),
        ("hon är 82", 82),
        ("han e 45", 45),
        ("han ar 45", 45),
        ("han fyller 90 i maj", 90),
        ("hon fyllde 100 i går", 100),
        ("en 82-åring med demens", 82),
        ("en 82-arig kvinna", 82),
        ("min son är 7 år", 7),
        ("han blir 7", 7),
        ("hon är i 80-årsåldern", 80),
        ("min pappa är 79 år och jag är 50 år", 79),
        ("han är 45 och jag är 50", 45),
    ],
)
def test_parse_age_reads_the_age_of_the_cared_for_person(text: str, age: int) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "text",
    [
        "82",  # a bare number only counts right after the bot asked
        "det kostar 200 kr",
        "hon sover 10 timmar",
        "hon har hemtjänst 3 gånger",
        "jag är 45",  # the user's own age
        "hon är 200 år",  # not a plausible age
        "min mamma har demens",
        "",
    ],
)
def test_parse_age_returns_none_without_an_age(text: str) -> None:
    assert parse_age(text) is None


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("82", 82),
        ("82 år", 82),
        ("ca 82", 82),
        ("ungefär 82", 82),
        ("typ 80.", 80),
        ("82 år gammal", 82),
        ("nittio", 90),
        ("åttiotvå", 82),
        ("attiotva", 82),
        ("sjuttiofem år", 75),
        ("0", 0),
        ("115", 115),
    ],
)
def test_parse_age_accepts_a_bare_answer_when_asked(text: str, age: int) -> None:
    assert parse_age(text, bare_number_ok=True) == age


@pytest.mark.parametrize("text", ["116", "999", "vet inte", "fyra hundra"])
def test_parse_age_bare_answer_rejects_impossible_or_missing_ages(text: str) -> None:
    assert parse_age(text, bare_number_ok=True) is None


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("min mamma har haft demens i 5 år", None),
        ("hon har bott där i 12 år", None),
        ("jag är 45 år och min mamma har demens", None),
        ("jag är 45 år", None),
    ],
)
def test_parse_age_ignores_durations_and_the_users_own_age(text: str, age: Optional[int]) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "text",
    [
        "vet inte",
        "jag vet inte",
        "Vet ej",
        "ingen aning",
        "vill inte säga",
        "vill int svara",
        "osäker",
        "minns inte",
        "hoppa över",
        "skippa",
    ],
)
def test_says_unknown(text: str) -> None:
    assert says_unknown(text)


@pytest.mark.parametrize("text", ["82", "jag vet", "hon är gammal", "vet du vad"])
def test_says_unknown_is_false_for_answers(text: str) -> None:
    assert not says_unknown(text)


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("mamma dog förra veckan", "new_start"),
        ("pappa gick bort", "new_start"),
        ("min man har gått bort", "new_start"),
        ("min man har gatt bort", "new_start"),
        ("jag sörjer henne", "new_start"),
        ("jag sorjer", "new_start"),
        ("begravning på fredag", "new_start"),
        ("han är döende", "ending"),
        ("hon är palliativ", "ending"),
        ("hon ska flytta till ett äldreboende", "ending"),
        ("hon har fått plats på ett boende", "ending"),
        ("han ligger på hospice", "ending"),
        ("vi har precis fått diagnosen", "start"),
        ("vi fick diagnosen igår", "start"),
        ("han har börjat glömma", "start"),
        ("jag vet inte var jag ska börja", "start"),
        ("mamma har demens", None),
        ("han dricker", None),
        ("hej", None),
    ],
)
def test_detect_phase(text: str, phase: Optional[str]) -> None:
    assert detect_phase(text) == phase


def test_detect_phase_prefers_grief_over_the_end_of_life() -> None:
    assert detect_phase("hon var palliativ och dog i natt") == "new_start"


@pytest.mark.parametrize(
    ("text", "burden"),
    [
        ("jag orkar inte mer", "high"),
        ("jag orkar inte längre", "high"),
        ("jag orkar inte langre", "high"),
        ("jag är helt slut", "high"),
        ("jag går på knäna", "high"),
        ("jag gar pa knana", "high"),
        ("jag sover inte på nätterna", "high"),
        ("jag klarar inte mer", "high"),
        ("vi har ingen egen tid", "high"),
        ("jag är så trött", "medium"),
        ("det är tungt", "medium"),
        ("jag har dåligt samvete", "medium"),
        ("jag har daligt samvete", "medium"),
        ("jag känner mig ensam", "medium"),
        ("jag är orolig för pappa", "medium"),
        ("jag är trött och orkar inte mer", "high"),
        ("det går bra", None),
        ("hej", None),
        ("mamma har demens", None),
        ("han sover mycket", None),
        ("jag orkar snart inte", "high"),
        ("jag har inte ens orkat handla", "high"),
        ("jag känner mig som en dålig mamma, dålig dotter, dålig allt", "high"),
        ("jag skäms så mycket", "medium"),
        ("han orkar inte gå långt längre", None),  # the person's strength, not the relative's
    ],
)
def test_detect_burden(text: str, burden: Optional[str]) -> None:
    assert detect_burden(text) == burden


@pytest.mark.parametrize("text", ["jag är dödstrött", "jag är jättetrött"])
def test_detect_burden_reads_compound_tiredness(text: str) -> None:
    assert detect_burden(text) in {"medium", "high"}
