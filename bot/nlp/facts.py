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
    r"sover (inte|int|knappt|aldrig)|ingen egen tid|aldrig ledig|dygnet runt|ensam med allt|kan inte mer|"
    r"(jag|vi) orkar (snart |nastan )?(inte|knappt)|inte ens orkat|(jag|vi) har inte orkat|tar slut pa mig|"
    r"(kanner mig som )?en dalig (mamma|pappa|dotter|son|fru|man|mor|far|syster|bror)|dalig allt)\b"
)
_BURDEN_MEDIUM = re.compile(
    r"\b(\w*trott|\w*trotta|stressad|stressigt|tungt|jobbigt|kamp|oroar mig|orolig|ensam|skuld|dåligt samvete|daligt samvete|"
    r"skams|skammes|skammer mig|gracer|grater)\b"
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


# ---------------------------------------------------------------- requests

CALLBACK = "callback"
RIGHTS = "rights"
SUPPORTS = "supports"
COST = "cost"
CANCEL = "cancel"
# In the order they win when one message carries several.
REQUEST_KINDS = (CANCEL, CALLBACK, RIGHTS, COST, SUPPORTS)

_REQUEST_PATTERNS: dict[str, re.Pattern[str]] = {
    CANCEL: re.compile(
        r"\b(avboka\w*|avbest\w*|boka om|omboka\w*|byta tid|flytta (tiden|samtalet|bokningen))\b"
    ),
    CALLBACK: re.compile(
        r"\b((kan|kunde|skulle|vill|far|ska|kan inte) (nagon|nan|ni|du|en person|nagon fran \w+)"
        r"( \w+){0,4}? ring(a|er)? (upp |tillbaka )?(mig|oss)|"
        r"ring (upp |tillbaka )?(mig|oss)|ringa upp (mig|oss)|ringer upp (mig|oss)|"
        r"att (nagon|nan|ni|en person)( fran \w+)?( \w+){0,3}? ring(er|a) (upp |tillbaka )?(mig|oss)|"
        r"(kan|kunde|skulle) (ni|nagon|nan) ringa(?= ?[?.!]| *$)|(nagon|nan) som kan ringa( mig| oss)?(?= ?[?.!]| *$)|"
        r"ring (garna|galna)(?! (till|pa|1177|112|socialjouren|bris|\d))|"
        r"bli (upp)?ringd|uppringning|uppringd|ringa tillbaka|ringer tillbaka|"
        r"ni far garna ringa|garna ringa mig|ringa mig (nar|i|pa|efter|innan)|"
        r"boka (ett samtal|en tid|samtal|tid)|kontakta mig|hora av er|hor av er|hor av dig)\b"
    ),
    RIGHTS: re.compile(
        r"\b(ratt till|rattighet\w*|vad sager lagen|lagen sager|enligt lagen|har jag ratt)\b"
    ),
    COST: re.compile(r"\b(kostar|kostnad\w*|avgift\w*|gratis|betala\w*)\b"),
    SUPPORTS: re.compile(
        r"\b(vilket stod|vilka stod|vad (finns|far) (det )?(for )?(stod|hjalp)|"
        r"finns det (nagot|nagon|nan|nat|nagra) (stod|hjalp|grupp\w*)|hur ansoker|ansoka om|"
        r"soka (stod|hjalp|om)|stod for (mig|oss)|stod till (mig|oss)|hjalp for (mig|oss)|"
        r"(fa|far) (pengar|betalt|ersattning)|ersattning\?)"
    ),
}
_INTENT_REQUESTS = {
    "request_callback": CALLBACK,
    "ask_rights": RIGHTS,
    "ask_support": SUPPORTS,
    "how_to_apply": SUPPORTS,
    "ask_cost": COST,
    "cancel_callback": CANCEL,
}


def requests_in(text: str) -> tuple[str, ...]:
    """The requests a message makes besides what it tells (callback, rights, supports, cost, cancel).

    In :data:`REQUEST_KINDS` order, so that the first is the one to carry out.
    """
    folded = squash(text or "")
    return tuple(kind for kind in REQUEST_KINDS if _REQUEST_PATTERNS[kind].search(folded))


def request_of_intent(intent: str) -> Optional[str]:
    """The request an intent itself makes ("request_callback" asks for a callback), else None."""
    return _INTENT_REQUESTS.get(intent)


def main_request(text: str, intent: str = "") -> Optional[str]:
    """The one request to carry out for a message: the intent's own, else the first in the text."""
    own = request_of_intent(intent)
    if own is not None:
        return own
    found = requests_in(text)
    return found[0] if found else None


# ---------------------------------------------------------------- the user's own age

ADULT_AGE = 18
YOUNG_ADULT_MAX = 21

_OWN_AGE = re.compile(r"\bjag (?:ar|e|fyller|blir|fyllde) (\d{1,2})(?: ar| bast)?\b(?! ?(kr|kronor|timmar|min))")
_OWN_AGE_TAIL = re.compile(r"\b(?:jag|mig) (?:som ar|,) (\d{1,2}) ar\b|\b(\d{1,2}) ar (?:gammal|gamla) (?:jag|tjej|kille)\b")
_SCHOOL = re.compile(
    r"\b(jag gar i (ettan|tvaan|trean|fyran|femman|sexan|sjuan|attan|nian|\w+stadiet|\w+ klass|klass \d)|"
    r"jag gar pa (hogstadiet|mellanstadiet|lagstadiet)|pa rasten|i skolan|efter skolan|skolkurator\w*|"
    r"min(a)? larare|min mentor|skolskoterska\w*|jag ar (ett barn|barn|bara barn|en tonaring|tonaring))\b"
)
# Cues that the writer is a child, reliable only without signs of an adult writer.
_CHILD_HINTS = re.compile(
    r"\b(mina foraldrar|mamma och pappa|pappa och mamma|min (lillebror|lillasyster|storebror|storasyster)|"
    r"mina syskon|ingen fragar hur jag mar|har aldrig tid for mig)\b"
)
_ADULT_HINTS = re.compile(
    r"\b(min (man|fru|sambo|make|maka|partner)|mina barn|mitt barn|vara barn|barnen|jobbet|jobbar|"
    r"pa jobbet|pension\w*|barnbarn|min son|min dotter|sonen|dottern|gifta|vi har bott)\b"
)


def own_age(text: str) -> Optional[int]:
    """The writer's own age ("jag är 13", "jag fyller 19"), or None."""
    folded = squash(text or "")
    for pattern in (_OWN_AGE, _OWN_AGE_TAIL):
        match = pattern.search(folded)
        if match:
            digits = next(g for g in match.groups() if g and g.isdigit())
            age = int(digits)
            if 5 <= age <= 99:
                return age
    return None


def writer_is_minor(text: str) -> bool:
    """Whether the writer is under 18: their age, school, or a child's way of naming the family."""
    age = own_age(text)
    if age is not None:
        return age < ADULT_AGE
    folded = squash(text or "")
    if _SCHOOL.search(folded):
        return True
    if _CHILD_HINTS.search(folded) and not _ADULT_HINTS.search(folded):
        person = parse_age(text)
        return person is None or person < 60
    return False


def is_bereaved(phase: Optional[str]) -> bool:
    """The caring phase after a death (:func:`detect_phase` gives ``new_start``)."""
    return phase == "new_start"
