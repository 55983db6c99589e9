"""A Swedish spaCy pipeline built locally from installed packages.

Swedish trained pipelines (sv_core_news_*) cannot be downloaded here, so the
pipeline is ``spacy.blank("sv")`` plus:

1. the lookup lemmatizer with tables from ``spacy-lookups-data``;
2. ``anhorig_normalizer``: fixes lemmas the table gets wrong without part of
   speech (har -> hare), restores å/ä/ö for words typed without them
   (gar -> går), corrects one-letter misspellings of domain words
   (alzheimar -> alzheimer) and stores folded forms used for matching;
3. ``anhorig_domain_entities``: matches the domain lexicon on those forms and
   sets ``doc.ents`` with the entity as label and the canonical value as
   ``kb_id_``; a few context rules drop readings that are not entities
   ("jag är mamma till ...": the user, not the person cared for).

The pipeline is built on first use (about 4 s), never at import.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from bot.nlp.lemmas import LEMMA_EXCEPTIONS
from bot.nlp.lexicon import Lexicon, Term, load_lexicon
from bot.nlp.text import edit_distance_at_most_one, fold, has_diacritics

logger = logging.getLogger(__name__)

_BEVERAGES = {"kaffe", "te", "vatten", "mjolk", "juice", "saft", "lattol", "lask", "inte"}
_YOUNGER_KIN = {"bror", "brodern", "syster", "systern", "son", "sonen", "dotter", "dottern",
                "barn", "barnet", "syskon", "kusin"}
_SELF_PARENT = {"mamma", "pappa", "forälder", "foralder", "mor", "far", "morsa", "farsa"}
_COPULA = {"ar", "e", "blivit", "bli", "som"}

_lock = threading.Lock()
_nlp: Any = None


@dataclass(frozen=True)
class AnalyzedToken:
    """A token with the forms the rest of the application uses."""

    text: str
    start: int
    end: int
    lemma: str  # folded lemma, after corrections
    folded: str  # folded surface form, after spelling correction


_NOT_CARED_CHILD_NEXT = frozenset({"som", "till", "ratt"})
_NOT_CARED_CHILD_PREV = frozenset({"for", "enda", "egna", "som", "ar", "e", "sma"})


class Normalizer:
    """State for ``anhorig_normalizer``: lookup table, å/ä/ö restoration, spelling targets."""

    def __init__(self, table: Any, lexicon: Lexicon) -> None:
        self.table = table
        self.lexicon = lexicon
        self.restore: dict[str, str] = {}
        self.targets = sorted(w for w in lexicon.exact_words | set(lexicon.stems) if len(w) >= 7)

    def build_restore_map(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Map forms typed without å/ä/ö to the lemma of the spelling with them.

        ``pairs`` are (surface form, lemma). A folded form that two words with
        different lemmas share ("ar": är/år) is ambiguous and left out; the
        frequent ones are settled by the lemma exceptions instead.
        """
        ambiguous: set[str] = set()
        for word, lemma in pairs:
            word = word.lower()
            if not has_diacritics(word) or not word.isalpha():
                continue
            key = fold(word)
            if key in ambiguous:
                continue
            seen = self.restore.get(key)
            if seen is None:
                self.restore[key] = lemma.lower()
            elif fold(seen) != fold(lemma):
                del self.restore[key]
                ambiguous.add(key)

    def known(self, word: str) -> bool:
        """Whether the lookup table knows the word."""
        return word in self.table

    def correct(self, folded: str) -> Optional[str]:
        """A domain word one edit away from an unknown word of seven letters or more."""
        # Seven letters or more, same first letter: shorter words have too many
        # real neighbours (längre/langare, blöder/broder, gånger/gänget).
        if len(folded) < 7 or any(True for _ in self.lexicon.candidates(folded, folded)):
            return None
        for target in self.targets:
            if (
                target[0] == folded[0]
                and abs(len(target) - len(folded)) <= 1
                and edit_distance_at_most_one(folded, target)
            ):
                return target
        return None

    def __call__(self, doc: Any) -> Any:
        """Set ``token.norm_`` (folded lemma) and ``token._.folded`` (folded surface)."""
        for token in doc:
            lower = token.lower_
            folded = fold(lower)
            found = token.lemma_ and token.lemma_ != token.text
            lemma = (token.lemma_ if found else self.table.get(lower, lower)).lower()
            if folded in LEMMA_EXCEPTIONS:
                lemma = LEMMA_EXCEPTIONS[folded]
            elif not has_diacritics(lower) and not self.known(lower) and folded in self.restore:
                lemma = self.restore[folded]
            elif not self.known(lower) and token.is_alpha:
                corrected = self.correct(folded)
                if corrected is not None:
                    folded = corrected
                    lemma = corrected
            token._.folded = folded
            token.norm_ = fold(lemma)
        return doc


class DomainEntityMatcher:
    """State for ``anhorig_domain_entities``: longest-match lexicon lookup plus context rules."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _match_at(self, doc: Any, i: int) -> Optional[tuple[int, Term]]:
        best: Optional[tuple[int, Term]] = None
        token = doc[i]
        for term in self.lexicon.candidates(token.norm_, token._.folded):
            n = len(term.tokens)
            if i + n > len(doc):
                continue
            if all(
                term.tokens[k].matches(doc[i + k].norm_, doc[i + k]._.folded) for k in range(1, n)
            ):
                # Longest span first; on a tie the more specific (longer) term wins:
                # "demensboende" is a nursing home, not the condition "demens".
                if best is None or (n, _term_length(term)) > (best[0], _term_length(best[1])):
                    best = (n, term)
        return best

    def _rejected(self, doc: Any, start: int, end: int, term: Term) -> bool:
        prev = doc[start - 1]._.folded if start > 0 else ""
        prev2 = doc[start - 2]._.folded if start > 1 else ""
        nxt = doc[end]._.folded if end < len(doc) else ""
        first = doc[start]._.folded
        if term.entity == "relation" and term.value == "parent" and first in _SELF_PARENT:
            # "jag är mamma till en pojke": the user is the parent, the child is cared for.
            if prev in _COPULA and nxt == "till":
                return True
        if term.source == "barn" and (nxt in _NOT_CARED_CHILD_NEXT or prev in _NOT_CARED_CHILD_PREV):
            # "barn som anhöriga", "barn till", "för barn", "hennes enda barn", "inga egna barn"
            return True
        if term.source == "dricker" and nxt in _BEVERAGES:
            return True
        if first.startswith("beroende") and nxt in {"pa", "av"} and end - start == 1:
            return nxt == "pa"
        if first == "aldre" and nxt in _YOUNGER_KIN:
            return True
        if first == "gammal" and prev == "ar" and prev2.isdigit():
            return True
        return False

    def __call__(self, doc: Any) -> Any:
        """Set ``doc.ents`` from the lexicon, longest match first, no overlaps."""
        from spacy.tokens import Span

        spans = []
        i = 0
        while i < len(doc):
            match = self._match_at(doc, i)
            if match is None:
                i += 1
                continue
            n, term = match
            if not self._rejected(doc, i, i + n, term):
                spans.append(Span(doc, i, i + n, label=term.entity, kb_id=term.value))
            i += n
        doc.ents = spans
        return doc


def _term_length(term: Term) -> int:
    return sum(len(t.text) for t in term.tokens)


def build_pipeline(lexicon: Optional[Lexicon] = None) -> Any:
    """Build the Swedish pipeline from installed data (no download)."""
    import spacy
    from spacy.language import Language
    from spacy.tokens import Token

    lexicon = lexicon or load_lexicon()
    if not Token.has_extension("folded"):
        Token.set_extension("folded", default="")
    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_lookup")
    normalizer = Normalizer(table, lexicon)
    normalizer.build_restore_map(
        itertools.chain(
            _lookup_pairs(), ((t.source, table.get(t.source, t.source)) for t in lexicon.terms)
        )
    )
    matcher = DomainEntityMatcher(lexicon)
    if "anhorig_normalizer" not in Language.factories:
        Language.factory("anhorig_normalizer", func=lambda nlp, name: _Delegate())
        Language.factory("anhorig_domain_entities", func=lambda nlp, name: _Delegate())
    normalizer_slot: Any = nlp.add_pipe("anhorig_normalizer")
    normalizer_slot.target = normalizer
    entities_slot: Any = nlp.add_pipe("anhorig_domain_entities")
    entities_slot.target = matcher
    return nlp


class _Delegate:
    """A named pipeline slot whose work is done by the object in ``target``."""

    target: Any = None

    def __call__(self, doc: Any) -> Any:
        return self.target(doc)


def _lookup_pairs() -> Iterator[tuple[str, str]]:
    """(surface form, lemma) pairs of the Swedish lookup table, read from the installed package.

    The table inside the lemmatizer is keyed by string-store hashes, so its
    surface forms cannot be listed from there; the package's JSON can.
    """
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, str] = json.load(handle)
    yield from data.items()


def get_pipeline() -> Any:
    """The process-wide pipeline, built on first call."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_pipeline()
    return _nlp


_cache: OrderedDict[str, Any] = OrderedDict()
_CACHE_SIZE = 256


def parse(text: str) -> Any:
    """Run the pipeline, remembering the last few texts (tokenizer and extractor share it)."""
    with _lock:
        doc = _cache.get(text)
        if doc is not None:
            _cache.move_to_end(text)
            return doc
    doc = get_pipeline()(text)
    with _lock:
        _cache[text] = doc
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return doc


def analyze(text: str) -> list[AnalyzedToken]:
    """Tokens with folded lemma and folded surface form."""
    return [
        AnalyzedToken(t.text, t.idx, t.idx + len(t.text), t.norm_, t._.folded)
        for t in parse(text)
        if not t.is_space
    ]


def extract_entities(text: str) -> list[dict[str, Any]]:
    """Domain entities as Rasa-style dicts with canonical values."""
    return [
        {
            "entity": ent.label_,
            "value": ent.kb_id_,
            "start": ent.start_char,
            "end": ent.end_char,
            "text": ent.text,
        }
        for ent in parse(text).ents
    ]
