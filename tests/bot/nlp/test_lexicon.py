from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.situation import CONDITIONS, RELATIONS, SUPPORT_TYPES
from bot.nlp.lexicon import LEXICON_PATH, Lexicon, TermToken, load_lexicon, parse_lexicon, parse_term_token


@pytest.mark.parametrize(
    ("raw", "text", "kind"),
    [
        ("mamma", "mamma", "exact"),
        ("Mamma", "mamma", "exact"),
        ("morsa*", "morsa", "prefix"),
        ("*missbruk", "missbruk", "suffix"),
        ("*alzheimer*", "alzheimer", "infix"),
        ("äldreboende*", "aldreboende", "prefix"),  # folded
        ("*växelvård", "vaxelvard", "suffix"),
    ],
)
def test_parse_term_token(raw: str, text: str, kind: str) -> None:
    assert parse_term_token(raw) == TermToken(text, kind)


@pytest.mark.parametrize("raw", ["", "*", "**"])
def test_parse_term_token_rejects_empty_tokens(raw: str) -> None:
    with pytest.raises(ValueError, match="empty lexicon token"):
        parse_term_token(raw)


@pytest.mark.parametrize(
    ("token", "lemma", "surface", "expected"),
    [
        (TermToken("mamma", "exact"), "mamma", "mamman", True),  # by lemma
        (TermToken("mamman", "exact"), "mamma", "mamman", True),  # by surface
        (TermToken("mamma", "exact"), "mammas", "mammas", False),
        (TermToken("morsa", "prefix"), "morsan", "morsan", True),
        (TermToken("morsa", "prefix"), "x", "morsans", True),
        (TermToken("morsa", "prefix"), "morsa", "farsan", False),
        (TermToken("missbruk", "suffix"), "x", "alkoholmissbruk", True),
        (TermToken("missbruk", "suffix"), "missbruk", "missbruk", False),  # the bare head is not a compound
        (TermToken("missbruk", "suffix"), "x", "missbruket", False),
        (TermToken("alzheimer", "infix"), "x", "sjukdomalzheimers", True),
        (TermToken("alzheimer", "infix"), "x", "alzheimer", True),
        (TermToken("alzheimer", "infix"), "alzheimer", "demens", False),  # infix looks at the surface only
    ],
)
def test_term_token_matches(token: TermToken, lemma: str, surface: str, expected: bool) -> None:
    assert token.matches(lemma, surface) is expected


def test_parse_lexicon_builds_terms_with_source_and_tokens() -> None:
    lexicon = parse_lexicon(
        {"relation": {"parent": ["mamma*", "min mor"]}, "condition": {"dementia": ["demens"]}}
    )
    assert [(t.entity, t.value, t.source) for t in lexicon.terms] == [
        ("relation", "parent", "mamma*"),
        ("relation", "parent", "min mor"),
        ("condition", "dementia", "demens"),
    ]
    assert lexicon.terms[1].tokens == (TermToken("min", "exact"), TermToken("mor", "exact"))
    assert lexicon.exact_words == frozenset({"demens"})
    assert lexicon.stems == ("mamma",)


def test_candidates_match_on_the_first_token_only() -> None:
    lexicon = parse_lexicon({"relation": {"parent": ["min mor", "mamma*"], "partner": ["min man"]}})
    assert {t.source for t in lexicon.candidates("min", "min")} == {"min mor", "min man"}
    assert [t.source for t in lexicon.candidates("mamma", "mammas")] == ["mamma*"]
    assert list(lexicon.candidates("mor", "mor")) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"relation": ["mamma"]}, "relation: expected a mapping"),
        ({"relation": {"parent": "mamma"}}, r"relation\.parent: expected a list"),
    ],
)
def test_parse_lexicon_rejects_malformed_structure(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_lexicon(data, "test.yml")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_load_lexicon_is_cached(lexicon: Lexicon) -> None:
    assert load_lexicon() is lexicon


def test_load_lexicon_reads_another_file(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yml"
    path.write_text("relation:\n  sibling: [syrran, brorsa*]\n", encoding="utf-8")
    other = load_lexicon(path)
    assert {(t.value, t.source) for t in other.terms} == {("sibling", "syrran"), ("sibling", "brorsa*")}


def test_lexicon_file_uses_exactly_the_contract_entities(lexicon: Lexicon) -> None:
    assert LEXICON_PATH.exists()
    assert {t.entity for t in lexicon.terms} == {"relation", "condition", "support_type"}


@pytest.mark.parametrize(
    ("entity", "values"),
    [("relation", RELATIONS), ("condition", CONDITIONS), ("support_type", SUPPORT_TYPES)],
)
def test_lexicon_values_are_the_contract_values(
    lexicon: Lexicon, entity: str, values: tuple[str, ...]
) -> None:
    assert {t.value for t in lexicon.terms if t.entity == entity} == set(values)


def test_lexicon_terms_are_folded(lexicon: Lexicon) -> None:
    letters = {ch for t in lexicon.terms for tok in t.tokens for ch in tok.text}
    assert not letters & set("åäöÅÄÖ")
    assert all(tok.text == tok.text.lower() for t in lexicon.terms for tok in t.tokens)
