"""Texts for burden, loss and children."""

from __future__ import annotations

from bot.texts import situation as heard


def test_grief_text_offers_supports_the_consultant_and_the_national_line() -> None:
    text = heard.grief(["Sorgegrupp"], "anhörigkonsulent på Omsorg", "070-174 06 07", "0200-239 500")
    assert "Sorgegrupp" in text and "anhörigkonsulent" in text and "0200-239 500" in text
    assert "behöver hen" not in text


def test_child_texts_give_bris_and_an_adult_and_take_no_number() -> None:
    assert "116 111" in heard.child_first() and "skolkuratorn" in heard.child_first()
    refusal = heard.child_callback_refusal("anhörigkonsulent på Omsorg", "070-174 06 07")
    assert "vuxen" in refusal and "070-174 06 07" in refusal and "116 111" in refusal
    assert "socialtjänsten" in heard.child_help([], None, None)


def test_own_support_mentions_anhoriglinjen_even_without_a_line_file() -> None:
    text = heard.own_support([], None, None, None)
    assert heard.ANHORIGLINJEN_FALLBACK in text and "din egen skull" in text


def test_young_adult_names_the_support() -> None:
    assert "Koordinatorstöd" in heard.young_adult(["Koordinatorstöd"])
