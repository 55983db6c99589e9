"""Common passwords, refused when an account gets a password.

The list (``common_passwords.txt`` beside this module, about 1,300 lines) holds the
best-known passwords of the public top lists, keyboard runs, and the Swedish words,
names, places and teams people build passwords from ("sommar", "lösenord", "aik"),
plus those words with the years 1990-2030 appended. It is small and written by hand,
not the full top-10,000 list, so each entry also catches its variants: a password is
common when, in lower case and with look-alike digits read as letters (``l0senord``),
what is left after removing digits and symbols at its start and end is on the list
("Sommar2024!", "lösenord1234", "!!Qwerty12345"), when it is one word of the list
written twice, or when it is only digits in a run or a short repeated pattern
("123456789012", "121212121212"). Length, argon2 and the sign-in limits do the rest.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

LIST_PATH = Path(__file__).resolve().parent / "common_passwords.txt"
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SPACES = re.compile(r"\s+")
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (read on first use, never at import)."""
    lines = LIST_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _digit_pattern(digits: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    if steps <= {1} or steps <= {9} or steps <= {0}:
        return True
    return any(digits == (digits[:size] * len(digits))[:len(digits)] for size in range(1, 5))


def _forms(password: str) -> set[str]:
    text = _SPACES.sub("", unicodedata.normalize("NFC", password).lower())
    stripped = _EDGES.sub("", text)
    forms = {text, stripped, stripped.translate(_LEET), _EDGES.sub("", text.translate(_LEET))}
    for form in list(forms):
        half = len(form) // 2
        if half and form[:half] == form[half:]:
            forms.add(form[:half])
    return {form for form in forms if form}


def is_common(password: str) -> bool:
    """Whether ``password`` is a common password or a thin variant of one."""
    compact = _SPACES.sub("", password)
    if compact.isdigit():
        return compact in common_passwords() or _digit_pattern(compact)
    listed = common_passwords()
    return any(form in listed for form in _forms(password))
