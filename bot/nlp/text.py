"""Small text helpers shared by the NLP layer."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case and drop Swedish diacritics, so "Är" and "ar" compare equal.

    Relatives often type without å/ä/ö (phone keyboards, foreign keyboards);
    every comparison in the lexicon and safety net is made on folded text.
    """
    text = unicodedata.normalize("NFC", text).lower()
    return text.translate(_FOLD)


def squash(text: str) -> str:
    """Fold and collapse white space: the form the rule-based nets match on."""
    return _SPACES.sub(" ", fold(text)).strip()


def has_diacritics(word: str) -> bool:
    """True when the word has a Swedish letter that folding would change."""
    return fold(word) != word.lower()


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer: find the single insertion.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


# C0 controls except tab and newline, DEL, and the C1 controls. A NUL in particular is
# refused by PostgreSQL text columns, and no control character is anything a person typed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline stay; a carriage return goes,
    so Windows line ends become plain newlines)."""
    return _CONTROLS.sub("", text)
