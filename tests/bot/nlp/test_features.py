from __future__ import annotations

from bot.nlp.features import lemmas_of, text_and_lemma_features, text_features, texts_of

PAIRS = [("Mamman har demens", "mamma ha demens"), ("pappa orkar inte", "pappa orka inte")]


def test_pairs_split_into_texts_and_lemmas() -> None:
    assert texts_of(PAIRS) == ["Mamman har demens", "pappa orkar inte"]
    assert lemmas_of(PAIRS) == ["mamma ha demens", "pappa orka inte"]


def test_text_features_fold_the_text() -> None:
    features = text_features().fit(["Mamman är här", "mamman ar har", "pappa är där"])
    with_accents, without = features.transform(["Mamman är här", "mamman ar har"]).toarray()
    assert (with_accents == without).all()


def test_text_and_lemma_features_use_both_parts() -> None:
    features = text_and_lemma_features().fit(PAIRS * 2)
    texts_only = features.transform([("Mamman har demens", "")]).toarray()
    both = features.transform([("Mamman har demens", "mamma ha demens")]).toarray()
    assert both.sum() > texts_only.sum() > 0
