from __future__ import annotations

import hashlib
import json
from typing import Optional

import pytest

from bot import safety
from bot.safety import (
    CHILD_AT_RISK,
    HARM_TO_CARED,
    MEDICAL,
    MISSING,
    SUICIDE,
    VIOLENCE,
    CrisisAssessment,
    assess,
    user_age,
    user_is_child,
)

CRISIS_PHRASES = [
    # suicide and self-harm, the user's or the cared-for person's, with and without å/ä/ö
    ("jag vill inte leva längre", SUICIDE),
    ("jag vill inte leva langre", SUICIDE),
    ("jag tänker ta livet av mig", SUICIDE),
    ("jag tanker ta livet av mig", SUICIDE),
    ("jag vill dö", SUICIDE),
    ("jag vill do", SUICIDE),
    ("mamma pratar om att ta livet av sig", SUICIDE),
    ("min son har självmordstankar", SUICIDE),
    ("min son har sjalvmordstankar", SUICIDE),
    ("jag har skurit mig", SUICIDE),
    ("jag skadar mig själv", SUICIDE),
    ("mamma har svalt en massa sömntabletter", SUICIDE),
    ("jag tänker hoppa framför tåget", SUICIDE),
    ("jag står på bron", SUICIDE),
    ("jag har skrivit ett avskedsbrev", SUICIDE),
    ("JAG VILL AVSLUTA MITT LIV", SUICIDE),
    # violence and threats
    ("han slår mig", VIOLENCE),
    ("han slar mej", VIOLENCE),
    ("min man misshandlar mig", VIOLENCE),
    ("pappa hotar att döda oss", VIOLENCE),
    ("gubben hotar att slå ihjäl mig", VIOLENCE),
    ("han står med en kniv i köket", VIOLENCE),
    ("jag är rädd för mitt liv", VIOLENCE),
    ("jag ar radd for mitt liv", VIOLENCE),
    ("jag vågar inte gå hem", VIOLENCE),
    # medical emergencies
    ("mamma andas inte", MEDICAL),
    ("han har svårt att andas", MEDICAL),
    ("han har svart att andas", MEDICAL),
    ("pappa har ramlat och kommer inte upp", MEDICAL),
    ("han har ont i bröstet", MEDICAL),
    ("han har ont i brostet", MEDICAL),
    ("hon är medvetslös", MEDICAL),
    ("hon ar medvetslos", MEDICAL),
    ("hon sluddrar och är sned i ansiktet", MEDICAL),
    ("mamma blöder mycket", MEDICAL),
    ("pappa har krampanfall", MEDICAL),
    ("min fru har fått en stroke nu", MEDICAL),
    # a missing person with dementia
    ("mamma har demens och har gått hemifrån och vi hittar henne inte", MISSING),
    ("mamma har demens och har gatt hemifran och vi hittar henne inte", MISSING),
    ("pappa är dement och har försvunnit", MISSING),
    ("farsan har försvunnit och han är dement", MISSING),
    ("morsan har stuckit hemifrån och vi hittar henne inte", MISSING),
    ("vi hittar inte farmor", MISSING),
    ("mormor är försvunnen", MISSING),
    ("mamma har gått vilse", MISSING),
    ("mormor har inte kommit hem och hon har alzheimer", MISSING),
    # the relative may harm the person cared for
    ("jag är rädd att jag ska skada honom", HARM_TO_CARED),
    ("Jag ar radd att jag ska sla honom", HARM_TO_CARED),
    ("jag höll på att slå henne", HARM_TO_CARED),
    ("jag holl pa att sla henne", HARM_TO_CARED),
    ("jag slog mamma igår", HARM_TO_CARED),
    ("jag tappade besinningen och skakade henne", HARM_TO_CARED),
    ("jag är rädd att jag ska göra henne illa", HARM_TO_CARED),
    # a child at risk
    ("barnen är ensamma hemma", CHILD_AT_RISK),
    ("barnen ar ensamma hemma och pappa ar full", CHILD_AT_RISK),
    ("pappa är full och slår mamma", CHILD_AT_RISK),
    ("mamma är full och kör bil", CHILD_AT_RISK),
    ("jag är 14 år och mamma är full och slår", CHILD_AT_RISK),
    ("jag är 12 och pappa är full", CHILD_AT_RISK),
]


@pytest.mark.parametrize(("text", "category"), CRISIS_PHRASES)
def test_crisis_phrases_are_flagged_in_their_category(text: str, category: str) -> None:
    result = assess(text)
    assert result.is_crisis
    assert category in result.categories


HARD_NEGATIVES = [
    "jag är dödstrött",
    "jag ar dodstrott",
    "min bror tog sitt liv för tre år sedan",
    "min bror tog sitt liv for tre ar sedan",
    "jag vill skjuta upp samtalet",
    "kan vi skjuta upp det",
    "det sköts av hemtjänsten",
    "samtalet sköts av en handläggare",
    "en gång i veckan",
    "hon ramlade förra året",
    "hon ramlade forra aret",
    "han fick en stroke för tre år sedan",
    "pappa dog för två år sedan",
    "jag orkar inte mer",
    "jag är så trött",
    "min mamma har demens",
    "han dricker för mycket",
    "hon har gått ut med hunden",
    "han har ramlat men mår bra nu",
    "jag slog på datorn",
    "jag dör av skratt",
    "pappa vill dö hemma",
    "mamma vill somna in i lugn och ro",
    "vi har ont om tid",
    "jag är 45 och min mamma har demens",
    "",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_not_flagged(text: str) -> None:
    result = assess(text)
    assert not result.is_crisis, result.matched
    assert result == CrisisAssessment()


@pytest.mark.parametrize(
    ("present", "past"),
    [
        ("han slog mig", "han slog mig för tio år sedan"),
        ("han hotade mig", "han hotade mig för flera år sedan"),
        ("min man misshandlade mig", "min man misshandlade mig när jag var ung"),
        ("jag har skurit mig", "jag skar mig när jag var yngre"),
    ],
)
def test_long_past_markers_suppress_past_only_patterns(present: str, past: str) -> None:
    assert assess(present).is_crisis
    assert not assess(past).is_crisis


def test_present_danger_fires_even_when_the_past_is_mentioned() -> None:
    result = assess("min bror tog sitt liv för tre år sedan och jag vill inte leva längre")
    assert result.categories == {SUICIDE}


def test_matched_records_what_fired() -> None:
    assert assess("han slår mig").matched == ("slar mig",)


def test_several_categories_can_fire_at_once() -> None:
    result = assess("jag är 12 och pappa slår mig")
    assert result.categories == {VIOLENCE, CHILD_AT_RISK}


@pytest.mark.parametrize("text", ["det är akut", "snälla hjälp", "hjälp mig nu"])
def test_urgent_without_a_specific_danger_is_still_a_crisis(text: str) -> None:
    result = assess(text)
    assert result.is_crisis
    assert result.categories == {"urgent"}


def test_gone_with_dementia_is_recorded_once() -> None:
    result = assess("pappa är dement och har försvunnit")
    assert result.categories == {MISSING}
    assert result.matched == ("gone+dementia",)


def test_crisis_assessment_default_is_no_crisis() -> None:
    assert not CrisisAssessment().is_crisis
    assert CrisisAssessment(frozenset({SUICIDE})).is_crisis


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("jag är 14", 14),
        ("jag ar 14 ar", 14),
        ("jag e 15", 15),
        ("jag fyller 12 imorgon", 12),
        ("Jag är 45 och mamma har demens", 45),
        ("mamma är 82", None),
        ("hej", None),
    ],
)
def test_user_age(text: str, age: Optional[int]) -> None:
    assert user_age(text) == age


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("jag är 14", True),
        ("jag är 17 år", True),
        ("jag är 18", False),
        ("jag är 45", False),
        ("jag går i sjuan", True),
        ("jag gar i nian och pappa slar mig", True),
        ("jag går på mellanstadiet", True),
        ("jag jobbar på mellanstadiet", False),
        ("min lärare vet inte", True),
        ("jag är ett barn", True),
        ("mamma är 14 år yngre än pappa", False),
        ("min son är 14", False),
        ("jag är 82 år gammal", False),
    ],
)
def test_user_is_child(text: str, child: bool) -> None:
    assert user_is_child(text) is child


def test_child_with_danger_words_is_a_child_at_risk_even_without_another_pattern() -> None:
    assert assess("jag är 12 och pappa är full").categories == {CHILD_AT_RISK}
    assert not assess("jag är 12 och mamma har demens").is_crisis


def test_module_constants_are_the_category_names_the_replies_use() -> None:
    assert (SUICIDE, VIOLENCE, MEDICAL, MISSING, HARM_TO_CARED, CHILD_AT_RISK) == (
        "suicide",
        "violence",
        "medical",
        "missing_person",
        "harm_to_cared_for",
        "child_at_risk",
    )
    assert all(
        cat in {SUICIDE, VIOLENCE, MEDICAL, MISSING, HARM_TO_CARED, CHILD_AT_RISK, "urgent"}
        for cat, _, _ in safety.PATTERNS
    )


@pytest.mark.parametrize(
    "text",
    [
        "nu vill jag inte leva längre",
        "ibland vill jag bara dö",
        "varje dag vill jag dö",
        "ibland orkar jag inte leva",
    ],
)
def test_suicide_with_inverted_word_order_is_flagged(text: str) -> None:
    assert SUICIDE in assess(text).categories


def test_postponing_is_not_shooting() -> None:
    assert not assess("det skjuts upp till nästa vecka").is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "mamma har alzheimer och hittar inte orden",
        "pappa är dement och hittar inte sina glasögon",
        "hon har demens och är borta i tankarna",
    ],
)
def test_dementia_symptoms_are_not_a_missing_person(text: str) -> None:
    assert not assess(text).is_crisis


@pytest.mark.parametrize(
    "text", ["hon trillade och slog i huvudet förra året", "hon tog alla tabletter i fjol"]
)
def test_past_events_are_not_an_emergency(text: str) -> None:
    assert not assess(text).is_crisis


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die", "suicide"),
        ("jag orkar inte mer, i just want to end it all", "suicide"),
        ("honestly i'm suicidal", "suicide"),
        ("ärligt talat, jag tänker kill myself ikväll", "suicide"),
        ("pappa vill inte leva, he keeps saying he's better off dead", "suicide"),
        ("he's gonna kill me, han står utanför dörren", "violence"),
        ("mamma ramlade och she's not breathing", "medical"),
    ],
)
def test_english_inside_swedish_chat_is_flagged(text: str, category: str) -> None:
    assert category in safety.assess(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "I'm dying to know vad avlösning kostar",
        "i want to die of embarrassment när pappa sjunger på bussen",
        "this job is killing me, kan jag få stödsamtal?",
        "I'm dead 😂 mamma skickade en selfie",
        "i wanted to die för två år sedan men nu mår jag bättre",
        "jag har inga tankar på att kill myself, jag är bara trött",
    ],
)
def test_english_hyperbole_and_the_past_are_not_flagged(text: str) -> None:
    assert not safety.assess(text).is_crisis


def test_reply_categories_prefer_the_rule_net_then_the_detector() -> None:
    net = safety.assess("min man slår mig")
    assert safety.reply_categories(net, "medical") == net.categories
    nothing = safety.assess("det är lite körigt här")
    assert safety.reply_categories(nothing, "missing_person") == frozenset({"missing_person"})
    assert safety.reply_categories(nothing, "weather") == frozenset()
    assert safety.reply_categories(nothing, None) == frozenset()


# The net's patterns as a whole: a lost, added or changed pattern (or a changed category or
# "present" flag) changes this digest. Update it only together with the case-set tests.
PATTERN_COUNT = 344
PATTERNS_SHA256 = "ec698df7b2de85517a6962e9742916424db48464b3a901cedf8d5d1167692909"


def test_the_pattern_set_is_exactly_the_reviewed_one() -> None:
    entries = sorted(safety.PATTERNS)
    assert len(entries) == len(set(entries)) == PATTERN_COUNT
    assert all(isinstance(p, str) and isinstance(present, bool) for _, p, present in entries)
    encoded = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    assert hashlib.sha256(encoded).hexdigest() == PATTERNS_SHA256


def test_every_kind_of_danger_has_its_own_module() -> None:
    from bot.safety import carer_harm, child, medical, missing, suicide, urgent, violence

    kinds = {
        suicide: SUICIDE, violence: VIOLENCE, medical: MEDICAL, missing: MISSING,
        carer_harm: HARM_TO_CARED, child: CHILD_AT_RISK, urgent: safety.URGENT,
    }
    for module, category in kinds.items():
        assert module.PATTERNS and {cat for cat, _, _ in module.PATTERNS} == {category}, module.__name__
    assert sum(len(module.PATTERNS) for module in kinds) == len(safety.PATTERNS)


def test_the_parse_data_form_round_trips() -> None:
    found = safety.assess("jag är 12 och pappa slår mig")
    data = safety.as_parse_data(found)
    assert data == {"categories": sorted(found.categories), "matched": list(found.matched)}
    assert json.loads(json.dumps(data)) == data
    assert safety.from_parse_data(data) == found
    assert safety.from_parse_data(safety.as_parse_data(safety.assess("hej"))) == CrisisAssessment()


@pytest.mark.parametrize(
    "found", [None, "suicide", ["suicide"], {}, {"categories": "suicide"}, {"matched": ["x"]}]
)
def test_a_missing_or_malformed_parse_data_entry_finds_nothing(found: object) -> None:
    assert safety.from_parse_data(found) == CrisisAssessment()


def test_malformed_items_in_the_parse_data_entry_are_ignored() -> None:
    found = safety.from_parse_data({"categories": ["violence", 3], "matched": "slar mig"})
    assert found == CrisisAssessment(frozenset({"violence"}), ())
