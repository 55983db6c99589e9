from __future__ import annotations

import unicodedata

import pytest

from bot.nlp.text import edit_distance_at_most_one, fold, has_diacritics, squash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Är", "ar"),
        ("ÅÄÖ", "aao"),
        ("gå", "ga"),
        ("Mamman", "mamman"),
        ("förälder", "foralder"),
        ("Hemtjänsten", "hemtjansten"),
        ("café", "cafe"),
        ("München", "munchen"),
        ("ingen förändring", "ingen forandring"),
    ],
)
def test_fold_lowercases_and_drops_swedish_diacritics(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("letter", "expected"),
    [("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("è", "e"), ("ü", "u"), ("æ", "a"), ("ø", "o")],
)
def test_fold_covers_every_letter_answers_and_district_names_are_folded_by(
    letter: str, expected: str
) -> None:
    # Slot answers (bot.callbacks.slots.answer_words) and district names
    # (bot.knowledge.advice.resolve_district) are folded by fold() alone.
    assert fold(letter) == fold(letter.upper()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Efter LUNCH på Torsdag!", "efter lunch pa torsdag!"),
        ("kl. 13.30–15.00", "kl. 13.30–15.00"),
        ("Hägersten-Liljeholmen", "hagersten-liljeholmen"),
        ("Hässelby_Vällingby", "hasselby_vallingby"),
    ],
)
def test_fold_keeps_punctuation_and_separators_for_the_callers_to_handle(
    text: str, expected: str
) -> None:
    assert fold(text) == expected


def test_fold_treats_decomposed_and_composed_letters_alike() -> None:
    decomposed = unicodedata.normalize("NFD", "Mormor är dement")
    assert decomposed != "Mormor är dement"
    assert fold(decomposed) == fold("Mormor är dement") == "mormor ar dement"


@pytest.mark.parametrize(
    ("with_diacritics", "without"),
    [
        ("rädd", "radd"),
        ("självmord", "sjalvmord"),
        ("äldreboende", "aldreboende"),
        ("dödstrött", "dodstrott"),
    ],
)
def test_typed_with_and_without_diacritics_fold_equal(with_diacritics: str, without: str) -> None:
    assert fold(with_diacritics) == fold(without)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Jag   ÄR\tså\ntrött  ", "jag ar sa trott"),
        ("hej", "hej"),
        ("", ""),
        ("\n\t ", ""),
    ],
)
def test_squash_folds_and_collapses_white_space(text: str, expected: str) -> None:
    assert squash(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("går", True), ("Åsa", True), ("mörk", True), ("gar", False), ("Mamma", False), ("", False)],
)
def test_has_diacritics(word: str, expected: bool) -> None:
    assert has_diacritics(word) is expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("alzheimer", "alzheimer"),  # equal
        ("alzheimar", "alzheimer"),  # substitution
        ("alzeimer", "alzheimer"),  # deletion
        ("alzheimer", "alzeimer"),  # insertion (other way round)
        ("alzhiemer", "alzheimer"),  # adjacent swap
        ("demens", "demensx"),  # insertion at the end
        ("xdemens", "demens"),  # insertion at the start
        ("", "a"),
    ],
)
def test_edit_distance_at_most_one_accepts_single_edits(a: str, b: str) -> None:
    assert edit_distance_at_most_one(a, b)
    assert edit_distance_at_most_one(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("alzheimer", "alsheimar"),  # two substitutions
        ("demens", "deme"),  # two deletions
        ("alzheimer", "lazheimre"),  # two swaps
        ("abc", "cba"),  # non-adjacent swap
        ("skola", "skolan2"),  # length differs by two
        ("ab", "bac"),  # swap plus insertion
    ],
)
def test_edit_distance_at_most_one_rejects_larger_edits(a: str, b: str) -> None:
    assert not edit_distance_at_most_one(a, b)
    assert not edit_distance_at_most_one(b, a)
