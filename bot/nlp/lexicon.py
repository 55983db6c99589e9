"""The domain lexicon: Swedish surface forms mapped to canonical entity values."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

from bot.nlp.text import fold

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")


@dataclass(frozen=True)
class TermToken:
    """One token of a lexicon term: an exact word, a prefix, a suffix or an infix."""

    text: str
    kind: str  # exact | prefix | suffix | infix

    def matches(self, lemma: str, surface: str) -> bool:
        """Whether a token (folded lemma and folded surface form) fits this term token."""
        if self.kind == "exact":
            return surface == self.text or lemma == self.text
        if self.kind == "prefix":
            return surface.startswith(self.text)
        if self.kind == "suffix":
            return surface.endswith(self.text) and len(surface) > len(self.text)
        return self.text in surface


@dataclass(frozen=True)
class Term:
    """A lexicon entry: one or more tokens that together name an entity value."""

    entity: str
    value: str
    tokens: tuple[TermToken, ...]
    source: str


def parse_term_token(raw: str) -> TermToken:
    """Parse ``word``, ``stem*``, ``*head`` or ``*part*`` into a :class:`TermToken`."""
    starts, ends = raw.startswith("*"), raw.endswith("*")
    core = fold(raw.strip("*"))
    if not core:
        raise ValueError(f"empty lexicon token in {raw!r}")
    kind = "infix" if starts and ends else "suffix" if starts else "prefix" if ends else "exact"
    return TermToken(core, kind)


@dataclass(frozen=True)
class Lexicon:
    """All terms, indexed for fast lookup of candidates by a token."""

    terms: tuple[Term, ...]

    @property
    def exact_words(self) -> frozenset[str]:
        """Single exact words, the targets of spelling correction."""
        return frozenset(
            t.tokens[0].text for t in self.terms if len(t.tokens) == 1 and t.tokens[0].kind == "exact"
        )

    @property
    def stems(self) -> tuple[str, ...]:
        """Prefixes of single-token prefix terms (also spelling-correction targets)."""
        return tuple(
            t.tokens[0].text for t in self.terms if len(t.tokens) == 1 and t.tokens[0].kind == "prefix"
        )

    def candidates(self, lemma: str, surface: str) -> Iterable[Term]:
        """Terms whose first token fits the given token."""
        for term in self.terms:
            if term.tokens[0].matches(lemma, surface):
                yield term


def parse_lexicon(data: dict[str, dict[str, list[str]]], source: str = "<data>") -> Lexicon:
    """Build a :class:`Lexicon` from the YAML structure ``entity -> value -> [terms]``."""
    terms: list[Term] = []
    for entity, values in data.items():
        if not isinstance(values, dict):
            raise ValueError(f"{source}: {entity}: expected a mapping of values to term lists")
        for value, raw_terms in values.items():
            if not isinstance(raw_terms, list):
                raise ValueError(f"{source}: {entity}.{value}: expected a list of terms")
            for raw in raw_terms:
                tokens = tuple(parse_term_token(part) for part in str(raw).split())
                terms.append(Term(entity, value, tokens, str(raw)))
    return Lexicon(tuple(terms))


@lru_cache(maxsize=4)
def load_lexicon(path: Optional[Path] = None) -> Lexicon:
    """Read the lexicon file once per process."""
    path = path or LEXICON_PATH
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return parse_lexicon(data, str(path))
