from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from bot.nlp import pipeline
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The process-wide pipeline (built once, about 10 s)."""
    return pipeline.get_pipeline()


def entity_pairs(text: str) -> set[tuple[str, str]]:
    return {(e["entity"], e["value"]) for e in pipeline.extract_entities(text)}


def test_importing_the_pipeline_module_builds_nothing() -> None:
    code = (
        "import sys, bot.nlp.pipeline as p; "
        "assert p._nlp is None; assert 'spacy' not in sys.modules, 'spacy imported at import time'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_get_pipeline_is_built_once_with_the_domain_components(nlp: Any) -> None:
    assert pipeline.get_pipeline() is nlp
    assert nlp.lang == "sv"
    assert nlp.pipe_names == ["lemmatizer", "anhorig_normalizer", "anhorig_domain_entities"]


def test_parse_remembers_recent_texts(nlp: Any) -> None:
    assert pipeline.parse("min mamma har demens") is pipeline.parse("min mamma har demens")


def test_analyze_keeps_text_and_character_offsets(nlp: Any) -> None:
    text = "Min  Mamma går"
    tokens = pipeline.analyze(text)
    assert [t.text for t in tokens] == ["Min", "Mamma", "går"]  # white space tokens dropped
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert [t.folded for t in tokens] == ["min", "mamma", "gar"]


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        # function words the lookup table gets wrong without part of speech
        ("har", "ha"),
        ("med", "med"),
        ("är", "vara"),
        ("ar", "vara"),
        ("går", "ga"),
        ("gar", "ga"),
        ("orkar", "orka"),
        # inflections and colloquial forms reduce to the folded lemma
        ("mamman", "mamma"),
        ("pappas", "pappa"),
        ("morsans", "morsa"),
        ("gubbens", "gubbe"),
        ("hemtjänsten", "hemtjanst"),
        ("demensen", "demens"),
        ("söner", "son"),
    ],
)
def test_lemmas_are_folded_and_corrected(nlp: Any, word: str, lemma: str) -> None:
    (token,) = pipeline.analyze(word)
    assert token.lemma == lemma


@pytest.mark.parametrize(
    ("typo", "corrected", "value"),
    [
        ("hemtjansen", "hemtjansten", "home_care"),  # deletion
        ("hemtjänsen", "hemtjansten", "home_care"),
        ("trygghetslamet", "trygghetslarmet", "safety_alarm"),
        ("samtalsgruper", "samtalsgrupper", "support_group"),
    ],
)
def test_one_edit_misspellings_of_domain_words_are_corrected(
    nlp: Any, typo: str, corrected: str, value: str
) -> None:
    (token,) = pipeline.analyze(typo)
    assert token.folded == corrected
    assert token.text == typo  # the user's text itself is not changed
    assert [e["value"] for e in pipeline.extract_entities(f"vi har {typo}")] == [value]


@pytest.mark.parametrize("word", ["langre", "bloder", "ganger", "anhoriggrupp", "demex"])
def test_short_or_known_words_are_not_spelling_corrected(nlp: Any, word: str) -> None:
    # längre/langare, blöder/broder, gånger/gänget: six letters is too short to guess
    (token,) = pipeline.analyze(word)
    assert token.folded == word


@pytest.mark.parametrize("text", ["han bloder", "det tar langre tid", "flera ganger"])
def test_short_misspellings_do_not_become_entities(nlp: Any, text: str) -> None:
    assert entity_pairs(text) == set()


@pytest.mark.parametrize("typo", ["alzheimar", "alzhiemer", "alzheimmer"])
def test_misspelled_alzheimer_is_dementia(nlp: Any, typo: str) -> None:
    assert entity_pairs(f"mamma har {typo}") == {("relation", "parent"), ("condition", "dementia")}


@pytest.mark.parametrize(("word", "lemma"), [("Mamman", "mamma"), ("Demensen", "demens"), ("Vänner", "van")])
def test_capitalised_words_get_the_same_lemma(nlp: Any, word: str, lemma: str) -> None:
    # the lookup table is case-sensitive: a sentence-initial word must not keep its inflection
    (token,) = pipeline.analyze(word)
    assert token.lemma == lemma


def test_capitalised_relation_is_found(nlp: Any) -> None:
    assert entity_pairs("Vänner till mig har demens") == {("relation", "friend"), ("condition", "dementia")}


@pytest.mark.parametrize(
    ("with_diacritics", "without"), [("glömmer", "glommer"), ("sjuksköterskan", "sjukskoterskan")]
)
def test_words_typed_without_diacritics_get_the_same_lemma(
    nlp: Any, with_diacritics: str, without: str
) -> None:
    (a,) = pipeline.analyze(with_diacritics)
    (b,) = pipeline.analyze(without)
    assert a.lemma != with_diacritics  # the table knows the spelled-out form
    assert b.lemma == a.lemma


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mamma: inflections, with and without å/ä/ö, colloquial
        ("min mamma har demens", {("relation", "parent"), ("condition", "dementia")}),
        ("mamman glömmer allt", {("relation", "parent"), ("condition", "dementia")}),
        ("mammas minne sviker", {("relation", "parent")}),
        ("MORSAN har alzheimer", {("relation", "parent"), ("condition", "dementia")}),
        ("farsan super", {("relation", "parent"), ("condition", "addiction")}),
        ("min far är gammal", {("relation", "parent"), ("condition", "old_age")}),
        ("min styvpappa", {("relation", "parent")}),
        ("gubben har fått stroke", {("relation", "partner"), ("condition", "chronic_illness")}),
        ("gumman har parkinson", {("relation", "partner"), ("condition", "chronic_illness")}),
        ("min man har ms", {("relation", "partner"), ("condition", "chronic_illness")}),
        ("min pojkvän har bipolär sjukdom", {("relation", "partner"), ("condition", "mental_illness")}),
        ("min pojkvan har bipolar sjukdom", {("relation", "partner"), ("condition", "mental_illness")}),
        ("brorsan är psykiskt sjuk", {("relation", "sibling"), ("condition", "mental_illness")}),
        ("syrran har autism", {("relation", "sibling"), ("condition", "disability")}),
        ("min lillebror har adhd", {("relation", "sibling"), ("condition", "disability")}),
        ("dottern är spelberoende", {("relation", "child"), ("condition", "addiction")}),
        ("mina döttrar", {("relation", "child")}),
        ("mina dottrar", {("relation", "child")}),
        ("mormor är skröplig", {("relation", "grandparent"), ("condition", "old_age")}),
        ("min svärmor", {("relation", "other_relative")}),
        ("min svarmor", {("relation", "other_relative")}),
        ("min bästa vän dricker för mycket", {("relation", "friend"), ("condition", "addiction")}),
        ("grannen har kol", {("relation", "neighbour"), ("condition", "chronic_illness")}),
        # compounds
        ("pappa har alkoholmissbruk", {("relation", "parent"), ("condition", "addiction")}),
        ("alkoholmissbruket", {("condition", "addiction")}),
        ("hon är demenssjuk", {("condition", "dementia")}),
        ("han är på korttidsboendet", {("support_type", "short_term_stay")}),
        ("vi har hemtjänst", {("support_type", "home_care")}),
        ("vi har hemtjanst", {("support_type", "home_care")}),
        ("hon bor på äldreboendet", {("support_type", "nursing_home")}),
        ("hon bor pa aldreboendet", {("support_type", "nursing_home")}),
        ("särskilt boende", {("support_type", "nursing_home")}),
        ("sarskilt boende", {("support_type", "nursing_home")}),
        ("finns det avlösning", {("support_type", "respite")}),
        ("finns det avlosning", {("support_type", "respite")}),
        ("växelvård", {("support_type", "short_term_stay")}),
        ("anhöriggrupp", {("support_type", "support_group")}),
        # misspellings
        ("mamma har alzeimer", {("relation", "parent"), ("condition", "dementia")}),
        ("pappa har demenz", {("relation", "parent"), ("condition", "dementia")}),
        ("min mamma har alzhaimer", {("relation", "parent"), ("condition", "dementia")}),
        ("han har depresion", {("condition", "mental_illness")}),
        # the other condition values
        ("min son sitter i fängelse", {("relation", "child"), ("condition", "criminality")}),
        ("min son blev skjuten", {("relation", "child"), ("condition", "violence_affected")}),
        ("han har blivit radikaliserad", {("condition", "extremism")}),
        # nothing domain-specific
        ("hej", set()),
        ("hon är 82 år gammal", set()),  # an age is not old_age
        ("vad kostar det", set()),
    ],
)
def test_extract_entities_canonical_values(nlp: Any, text: str, expected: set[tuple[str, str]]) -> None:
    assert entity_pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "jag är mamma till en pojke med autism",
        "jag ar mamma till en pojke med autism",
        "Jag är mamma till en pojke med autism.",
        "jag e mamma till en pojke med autism",
        "jag är pappa till en pojke med autism",
        "jag är förälder till en pojke med autism",
        "jag är forälder till en pojke med autism",
        "som mamma till en pojke med autism är det tufft",
    ],
)
def test_user_who_is_a_parent_cares_for_a_child(nlp: Any, text: str) -> None:
    assert entity_pairs(text) == {("relation", "child"), ("condition", "disability")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("farsan dricker kaffe", {("relation", "parent")}),  # a beverage is not addiction
        ("farsan dricker", {("relation", "parent"), ("condition", "addiction")}),
        ("han är beroende på mig", set()),  # dependent on me, not addicted
        ("han är beroende av alkohol", {("condition", "addiction")}),
        ("min äldre bror", {("relation", "sibling")}),  # "older", not old age
        ("min aldre bror", {("relation", "sibling")}),
        ("får min arbetsgivare säga nej?", set()),  # "may my", folded to "far min"
        ("far min arbetsgivare saga nej?", set()),
    ],
)
def test_context_rules_drop_readings_that_are_not_entities(nlp: Any, text: str, expected: set) -> None:
    assert entity_pairs(text) == expected


def test_entity_dicts_have_offsets_into_the_text(nlp: Any) -> None:
    text = "Jag tar hand om morsan som har demens"
    entities = pipeline.extract_entities(text)
    assert [(e["entity"], e["value"], e["text"]) for e in entities] == [
        ("relation", "parent", "morsan"),
        ("condition", "dementia", "demens"),
    ]
    for e in entities:
        assert text[e["start"] : e["end"]] == e["text"]


def test_longest_match_wins_and_several_relations_are_kept(nlp: Any) -> None:
    entities = pipeline.extract_entities("min mamma har demens och pappa har cancer")
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("relation", "parent"),
        ("condition", "dementia"),
        ("relation", "parent"),
        ("condition", "chronic_illness"),
    ]
    assert pipeline.extract_entities("psykiskt sjuk")[0]["text"] == "psykiskt sjuk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("demensboende", {("support_type", "nursing_home")}),
        ("hon bor på demensboendet", {("support_type", "nursing_home")}),
        ("han har fått plats pa demensboende", {("support_type", "nursing_home")}),
        ("demensdagverksamhet", {("support_type", "day_activity")}),
        ("hon har demens", {("condition", "dementia")}),
    ],
)
def test_on_equal_spans_the_more_specific_term_wins(nlp: Any, text: str, expected: set) -> None:
    # "demensboende" is a nursing home, not the condition "demens"
    assert entity_pairs(text) == expected


@pytest.mark.parametrize("text", ["vi har ett barn med autism", "jag har två barn med npf"])
def test_bare_barn_is_a_child(nlp: Any, text: str) -> None:
    assert ("relation", "child") in entity_pairs(text)
