"""Bag-of-n-gram features shared by the learned classifiers (intents, crisis detector).

Character n-grams of the folded text catch misspellings, missing å/ä/ö and
compounds; word n-grams catch phrases; word and character n-grams of the
lemmas (from the Swedish spaCy pipeline) let inflected forms share evidence.
"""

from __future__ import annotations

from typing import Any, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.preprocessing import FunctionTransformer

from bot.nlp.text import squash

WORD = r"(?u)\b\w+\b"  # one-letter words too ("å", "i")


def _characters(preprocessor: Any = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=preprocessor, analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
    )


def _words(preprocessor: Any = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=preprocessor, analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD
    )


def text_features() -> Any:
    """Character and word n-grams of the folded text; input: a list of texts."""
    return make_union(_characters(squash), _words(squash))


def texts_of(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The texts of (text, lemmas) pairs."""
    return [text for text, _ in pairs]


def lemmas_of(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The lemma strings of (text, lemmas) pairs."""
    return [lemmas for _, lemmas in pairs]


def text_and_lemma_features() -> Any:
    """:func:`text_features` of the text plus word and character n-grams of the lemmas.

    Input: a list of (text, lemmas) pairs, lemmas as one space-separated string.
    """
    return make_union(
        make_pipeline(FunctionTransformer(texts_of), text_features()),
        make_pipeline(FunctionTransformer(lemmas_of), make_union(_words(), _characters())),
    )
