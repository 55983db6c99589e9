"""Whom the relative cares for, in the relative's own words.

A message often names several people: "Pappa fick en stroke ... mamma klarar inte honom
själv ... jag har två små barn". The person cared for is the one the relative names with a
possessive ("min pappa", "min son"), else the first one named; a word naming the writer
("jag är pappa till ...") is never that person. Once the dialogue knows the person, later
mentions of other people do not replace them.

The relative's own word is kept where it is clear ("mamma", "min man", "parkinson"), so the
replies can say "din mamma" and "parkinson" instead of "din förälder" and "en långvarig
sjukdom". This module only finds and normalises the words; the Swedish phrases are in
:mod:`bot.texts.summary`.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Sequence

from bot.nlp.text import squash

_POSSESSIVE = re.compile(r"\b(min|mitt|mina|var|vart|vara)(\s+\w+)?\s*$")
# An entity's span may include the possessive itself ("min man").
_LEADING_POSSESSIVE = re.compile(r"^(min|mitt|mina|var|vart|vara)\s+")
_WRITER = re.compile(r"\b(jag (ar|e)|jag som ar)(\s+en)?\s*$")

# The relative's word (folded) -> the word the replies use, for the cared-for person.
RELATION_WORDS: Mapping[str, str] = {
    "mamma": "mamma", "mamman": "mamma", "mor": "mamma", "morsan": "mamma", "mamsen": "mamma",
    "pappa": "pappa", "pappan": "pappa", "far": "pappa", "farsan": "pappa", "pappsen": "pappa",
    "man": "man", "maken": "man", "make": "man", "mannen": "man", "gubben": "man",
    "fru": "fru", "frun": "fru", "hustru": "fru", "maka": "fru", "gumman": "fru",
    "sambo": "sambo", "sambon": "sambo",
    "son": "son", "sonen": "son", "pojke": "son", "grabben": "son",
    "dotter": "dotter", "dottern": "dotter", "tjejen": "dotter",
    "bror": "bror", "brorsan": "bror", "lillebror": "lillebror", "storebror": "storebror",
    "syster": "syster", "syrran": "syster", "lillasyster": "lillasyster",
    "storasyster": "storasyster",
    "mormor": "mormor", "farmor": "farmor", "morfar": "morfar", "farfar": "farfar",
    "moster": "moster", "faster": "faster", "morbror": "morbror", "farbror": "farbror",
    "svarmor": "svärmor", "svarfar": "svärfar",
}
# The person's pronoun, from the relative's word; "hen" when the word does not say.
_SHE = frozenset({
    "mamma", "fru", "dotter", "syster", "lillasyster", "storasyster", "mormor", "farmor",
    "moster", "faster", "svärmor",
})
_HE = frozenset({
    "pappa", "man", "son", "bror", "lillebror", "storebror", "morfar", "farfar", "morbror",
    "farbror", "svärfar",
})
# The relative's word for the condition (folded) -> the word the replies use.
CONDITION_WORDS: Mapping[str, str] = {
    "parkinson": "parkinson", "parkinsons": "parkinson", "alzheimer": "alzheimer",
    "alzheimers": "alzheimer", "cancer": "cancer", "stroke": "stroke", "ms": "MS", "als": "ALS",
    "kol": "KOL", "hjartsvikt": "hjärtsvikt", "schizofreni": "schizofreni",
    "autism": "autism", "adhd": "adhd", "depression": "depression", "psykos": "psykos",
    "demens": "demens", "diabetes": "diabetes", "epilepsi": "epilepsi",
}


def _relations(entities: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [e for e in entities if e.get("entity") == "relation" and isinstance(e.get("start"), int)]


def cared_for(text: str, entities: Sequence[Mapping[str, Any]]) -> Optional[Mapping[str, Any]]:
    """The relation entity naming the person cared for: possessive first, never the writer."""
    candidates = []
    for entity in _relations(entities):
        before = squash(text[: int(entity["start"])])[-40:]
        if _WRITER.search(before):
            continue
        span = squash(text[int(entity["start"]): int(entity.get("end") or 0)])
        owned = _POSSESSIVE.search(before) or _LEADING_POSSESSIVE.match(span)
        candidates.append((0 if owned else 1, int(entity["start"]), entity))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1]))[2]


def _word(text: str, entity: Mapping[str, Any], table: Mapping[str, str]) -> Optional[str]:
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return table.get(_LEADING_POSSESSIVE.sub("", squash(text[start:end]).strip()))


def relation_word(text: str, entity: Mapping[str, Any]) -> Optional[str]:
    """The relative's own word for the person ("mamma", "man"), or None when it is not a clear one."""
    return _word(text, entity, RELATION_WORDS)


def condition_word(
    text: str, entities: Sequence[Mapping[str, Any]], condition: Optional[str]
) -> Optional[str]:
    """The relative's own word for the condition of canonical value ``condition``, or None."""
    for entity in entities:
        if entity.get("entity") == "condition" and entity.get("value") == condition:
            word = _word(text, entity, CONDITION_WORDS)
            if word:
                return word
    return None


def pronoun(word: Optional[str]) -> str:
    """"hon", "han" or "hen" for the relative's word for the person."""
    if word in _SHE:
        return "hon"
    if word in _HE:
        return "han"
    return "hen"
