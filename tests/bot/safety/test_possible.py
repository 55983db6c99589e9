"""The possible-danger tier: indirect talk of wanting to die or disappear, and hopelessness.

It must catch the indirect wordings (with and without å/ä/ö, about the user or the cared-for
person), leave leisure, practical futility, the past, denials and figures of speech alone,
and never take a message from the acute tier: the acute net is run first and wins.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import safety
from bot.safety import assess, assess_possible

CASES = Path(__file__).resolve().parents[3] / "data" / "crisis"

POSSIBLE = [
    "jag vill bara försvinna",
    "jag vill bara forsvinna",
    "ibland känns det som att det enda sättet är att bara sluta",
    "det enda sattet",
    "det är ingen idé längre",
    "ingen ide langre, allt är grått",
    "jag orkar inte mer med livet",
    "orkar inte mer med livet",
    "det vore skönt att somna och slippa vakna",
    "jag önskar att jag kunde försvinna",
    "livet känns meningslöst",
    "jag tänker mycket på döden",
    "jag är bara en börda för familjen",
    "i just want to disappear",
]
ABOUT_OTHER = [
    "mamma säger hela tiden att hon bara vill försvinna",
    "pappa pratar hela tiden om att få somna",
    "min man säger att det är ingen idé längre",
]
# Named in the wish list but caught by the acute net already: they stay acute.
ACUTE_ALREADY = [
    "jag vill sova och aldrig vakna",
    "alla skulle ha det bättre utan mig",
    "jag ser ingen utväg",
]
NOT_POSSIBLE = [
    "jag vill försvinna en vecka på semester",
    "jag vill bara försvinna till stugan i helgen",
    "vill försvinna några dagar och bara vila",
    "ingen idé att ringa dem",
    "det är ingen idé längre att ringa dem",
    "det enda sättet att få hjälp är att ringa",
    "det enda sättet att få tag på dem är att mejla",
    "jag orkar inte mer",
    "för tre år sedan ville jag bara försvinna",
    "när jag var yngre kände jag att det var ingen idé längre",
    "inte för att jag vill försvinna, men jag är så trött",
    "jag har inga tankar på att försvinna",
    "jag skäms så att jag vill sjunka genom jorden",
    "blanketten tar livet av mig",
    "pappa pratar mycket om döden och vill planera sin begravning",
    "finns det stöd för anhöriga till någon som säger att det är ingen idé längre?",
    "hur pratar man med någon som tänker mycket på döden?",
]


@pytest.mark.parametrize("text", POSSIBLE)
def test_indirect_talk_is_possible_danger_about_the_user(text: str) -> None:
    assert not assess(text).is_crisis
    found = assess_possible(text)
    assert found.is_possible, text
    assert not found.about_other


@pytest.mark.parametrize("text", ABOUT_OTHER)
def test_talk_about_the_cared_for_person_is_about_them(text: str) -> None:
    found = assess_possible(text)
    assert found.is_possible and found.about_other, text


@pytest.mark.parametrize("text", ACUTE_ALREADY)
def test_acute_wordings_stay_acute_and_carry_no_possible_flag(text: str) -> None:
    found = assess(text)
    assert found.is_crisis
    data = safety.as_parse_data(found, assess_possible(text))
    assert "possible" not in data
    assert not safety.possible_from_parse_data(data).is_possible


@pytest.mark.parametrize("text", NOT_POSSIBLE)
def test_hard_negatives_are_not_possible_danger(text: str) -> None:
    assert not assess_possible(text).is_possible, text


def test_parse_data_round_trip() -> None:
    text = "mamma säger att hon bara vill försvinna"
    data = safety.as_parse_data(assess(text), assess_possible(text))
    assert data["possible"] is True and data["possible_about"] == "other"
    found = safety.possible_from_parse_data(data)
    assert found.is_possible and found.about_other
    quiet = safety.as_parse_data(assess("hej"), assess_possible("hej"))
    assert quiet == {"categories": [], "matched": []}
    assert not safety.possible_from_parse_data(quiet).is_possible
    assert not safety.possible_from_parse_data(None).is_possible
    assert not safety.possible_from_parse_data({"possible": "yes"}).is_possible
    # An acute category in the same data wins, even if "possible" were set.
    assert not safety.possible_from_parse_data({"categories": ["suicide"], "possible": True}).is_possible


def test_without_the_tier_the_parse_data_is_as_before() -> None:
    found = assess("min man slår mig")
    assert safety.as_parse_data(found) == {"categories": ["violence"], "matched": list(found.matched)}


def _crisis_texts() -> list[str]:
    texts = []
    for path in sorted(CASES.glob("*.yml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [t for group in (cases.get("crisis") or {}).values() for t in group]
    return texts


def test_no_acute_case_lands_below_the_acute_tier() -> None:
    """Every acute case the net flags keeps its categories and never carries the possible flag."""
    for text in _crisis_texts():
        found = assess(text)
        if found.is_crisis:
            data = safety.as_parse_data(found, assess_possible(text))
            assert "possible" not in data and data["categories"] == sorted(found.categories), text


def test_a_support_question_silences_only_its_own_sentence() -> None:
    assert assess_possible("finns det något stöd för mig? ibland vill jag bara försvinna").is_possible
    assert not assess_possible("finns det stöd för anhöriga till någon som vill försvinna").is_possible
    assert not assess_possible("för tio år sedan ville jag bara försvinna. nu mår jag bra").is_possible
