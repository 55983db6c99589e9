"""Facts read from free text by rules: the cared-for person's age, the caring phase, the burden.

These are not NLU entities (the entity contract is fixed); the dialogue reads
them from each message through the slot-mapping validation action.
"""

from __future__ import annotations

import re
from typing import Optional

from bot.nlp.text import squash

_NUMBER_WORDS = {
    "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60,
    "sjuttio": 70, "attio": 80, "nittio": 90, "hundra": 100,
}
_UNITS = {
    "": 0, "ett": 1, "en": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5,
    "sex": 6, "sju": 7, "atta": 8, "nio": 9,
}
_AGE_PATTERNS = [
    # "82 år", "82 ar", "82-åring", "82-årig", "82 år gammal"
    re.compile(r"\b(\d{1,3}) ?(-| )?(ar|arig|aring|arsaldern|bast)\b"),
    # "hon är 82", "han e 45", "fyller 90", "som är 7"
    re.compile(r"(?<!jag )\b(ar|e|fyller|fyllde|blir|blev|snart) (\d{1,3})\b(?! ?(kr|kronor|timmar|tim|h|min|minuter|procent|%|ganger|gånger|dagar|veckor|manader))"),
    # "pappa, 79," or "mamma 82"
    re.compile(r"\b(mamma|pappa|mor|far|mormor|farmor|morfar|farfar|son|sonen|dotter|dottern|fru|man|maken|bror|syster|barn|barnet|gubben|gumman|mamman|pappan),? (\d{1,3})\b"),
]
_BARE_AGE = re.compile(r"^\s*(ca |cirka |runt |ungefar |typ |nastan )?(\d{1,3})( ar| ar gammal)?\s*[.!]?\s*$")
_UNKNOWN = re.compile(
    r"\b(vet (inte|ej|int)|ingen aning|vill (inte|int) (saga|svara)|osaker|minns (inte|int)|spelar ingen roll|hoppa over|skippa)\b"
)

_PHASE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("new_start", re.compile(
        r"\b(dog|avled|gick bort|har gatt bort|somnade in|doende nu dog|ar dod|har dott|dodsfall|sorg|sorjer|"
        r"efter att (han|hon|hen) (dog|gick bort)|begravning|saknar (honom|henne|hen) sa)\b")),
    ("ending", re.compile(
        r"\b(palliativ|palliativt|doende|livets slutskede|sista tiden|kort tid kvar|inte lang tid kvar|"
        r"ska flytta till (ett )?(boende|aldreboende|sarskilt boende|demensboende)|flytta till (ett )?(boende|aldreboende)|"
        r"har fatt plats pa (ett )?(boende|aldreboende)|flyttat till (ett )?(boende|aldreboende)|hospice)\b")),
    ("start", re.compile(
        r"\b(precis fatt (diagnos|diagnosen|beskedet|veta)|nyligen fatt (diagnos|diagnosen|beskedet)|ny diagnos|"
        r"nyss fatt (diagnos|diagnosen|beskedet)|just fatt (diagnos|diagnosen|beskedet)|i (borjan|starten)|"
        r"har borjat (glomma|bli)|alldeles nytt|vet inte var jag ska borja|fick diagnosen (nyss|nyligen|i (forra|forr)a veckan|igar))\b")),
]

_BURDEN_HIGH = re.compile(
    r"\b(orkar inte (mer|langre|lika)|orkar inget|helt slut|slutkord|utbrand|utmattad|gar pa knana|pa knana|"
    r"klarar inte (mer|detta|det har|av)|gar sonder|haller pa att ga sonder|gracer varje|grater varje|"
    r"sover (inte|int|knappt|aldrig)|ingen egen tid|aldrig ledig|dygnet runt|ensam med allt|kan inte mer)\b"
)
_BURDEN_MEDIUM = re.compile(
    r"\b(\w*trott|\w*trotta|stressad|stressigt|tungt|jobbigt|kamp|oroar mig|orolig|ensam|skuld|dåligt samvete|daligt samvete)\b"
)


def parse_age(text: str, *, bare_number_ok: bool = False) -> Optional[int]:
    """The cared-for person's age from a message, or None.

    ``bare_number_ok`` accepts a message that is only a number ("82"): right
    after the bot asked for the age, that is what it means.
    """
    folded = squash(text)
    if bare_number_ok:
        bare = _BARE_AGE.match(folded)
        if bare:
            return _valid_age(int(bare.group(2)))
        word = _age_from_words(folded)
        if word is not None:
            return word
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(folded):
            digits = next(g for g in reversed(match.groups()) if g and g.isdigit()) if any(
                g and g.isdigit() for g in match.groups()
            ) else None
            if digits is None:
                continue
            if _is_duration_or_own_age(folded, match):
                continue
            age = _valid_age(int(digits))
            if age is not None:
                return age
    return None


# "i 5 år", "sedan 12 år", "för 3 år sedan", "jag är 45 år": a duration or the user's own age.
_DURATION_BEFORE = re.compile(
    r"\b(i|pa|under|sedan|sen|for|i snart|i over|i nastan|i ca|i cirka|i typ|i ungefar|jag ar|jag e|jag fyller|"
    r"jag blir|jag fyllde)\s*$"
)
_DURATION_AFTER = re.compile(r"^\s*(sedan|sen|till|kvar|framat|tillbaka|i rad)\b")


def _is_duration_or_own_age(folded: str, match: re.Match[str]) -> bool:
    if not match.group(0)[:1].isdigit() or match.group(0).endswith("arsaldern"):
        return False  # "hon är 82", "mamma 82": already anchored on the person
    before = folded[: match.start()]
    after = folded[match.end():]
    return bool(_DURATION_BEFORE.search(before) or _DURATION_AFTER.match(after))


def _valid_age(age: int) -> Optional[int]:
    return age if 0 <= age <= 115 else None


def _age_from_words(folded: str) -> Optional[int]:
    """"åttiotvå", "nittio", "sjuttiofem år"."""
    word = folded.split(" ")[0] if folded else ""
    for tens_word, tens in _NUMBER_WORDS.items():
        if word.startswith(tens_word):
            rest = word[len(tens_word):]
            if rest in _UNITS:
                return tens + _UNITS[rest]
    return None


def says_unknown(text: str) -> bool:
    """The relative does not know or does not want to say ("vet inte", "vill inte säga")."""
    return bool(_UNKNOWN.search(squash(text)))


def detect_phase(text: str) -> Optional[str]:
    """The caring phase a message points to: start, ending or new_start (grief); else None."""
    folded = squash(text)
    for phase, pattern in _PHASE_PATTERNS:
        if pattern.search(folded):
            return phase
    return None


def detect_burden(text: str) -> Optional[str]:
    """How heavy the relative says it is: high, medium, or None when nothing is said."""
    folded = squash(text)
    if _BURDEN_HIGH.search(folded):
        return "high"
    if _BURDEN_MEDIUM.search(folded):
        return "medium"
    return None
