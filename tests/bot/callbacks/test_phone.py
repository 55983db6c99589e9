from __future__ import annotations

import pytest

from bot.callbacks.phone import (
    InvalidPhoneNumber,
    format_phone_sv,
    last_digits,
    matches_last_digits,
    normalise_swedish_phone,
)
from bot.texts.callback import PHONE_ERRORS, PHONE_EXAMPLE


@pytest.mark.parametrize(
    "text, e164",
    [
        ("070-123 45 67", "+46701234567"),
        ("0701234567", "+46701234567"),
        ("070 123 45 67", "+46701234567"),
        ("+46701234567", "+46701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("46701234567", "+46701234567"),
        ("  073-987 65 43  ", "+46739876543"),
        ("08-123 456 78", "+46812345678"),
        ("08 12 34 56", "+468123456"),
        ("031-12 34 56", "+4631123456"),
        ("0520-123 45", "+4652012345"),
        ("mitt nummer är 070-123 45 67", "+46701234567"),
        ("Ring mig på 0701234567 tack", "+46701234567"),
    ],
)
def test_valid_swedish_numbers_are_normalised(text: str, e164: str) -> None:
    assert normalise_swedish_phone(text) == e164


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        (None, "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("ring mig", "not_a_number"),
        ("070-ABC DEFG", "not_a_number"),
        ("070123", "too_short"),
        ("08-12", "too_short"),
        ("070-1234 5678", "too_long"),
        ("07012345678", "too_long"),
        ("123456789012345678", "too_long"),
        ("+4790012345", "not_swedish"),  # Norwegian mobile
        ("+358401234567", "not_swedish"),  # Finnish mobile
        ("0900-123 45 67", "not_callable"),  # premium rate
        ("020-12 34 56", "not_callable"),  # toll-free
        ("070 123 45 67 eller 08-123 456 78", "several"),
    ],
)
def test_invalid_numbers_get_a_swedish_message(text: str | None, reason: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalise_swedish_phone(text)
    assert caught.value.reason == reason
    message = caught.value.message_sv
    assert message and message == str(caught.value)
    assert any(word in message for word in ("nummer", "siffror", "telefonnummer"))
    assert message == PHONE_ERRORS[reason]


def test_every_refusal_text_is_there_and_examples_are_valid_numbers() -> None:
    assert set(PHONE_ERRORS) == {
        "empty", "not_a_number", "several", "too_short", "too_long", "not_swedish",
        "not_callable", "invalid",
    }
    assert normalise_swedish_phone(PHONE_EXAMPLE) == "+46701740642"


def test_invalid_phone_number_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_swedish_phone("nej")


def test_last_digits_and_matching() -> None:
    assert last_digits("+46701234567") == "4567"
    assert last_digits("+46701234567", 2) == "67"
    assert matches_last_digits("+46701234567", "4567")
    assert matches_last_digits("+46701234567", "45 67")
    assert matches_last_digits("+46701234567", "070-123 45 67")
    assert not matches_last_digits("+46701234567", "4568")
    assert not matches_last_digits("+46701234567", "67")  # too few digits
    assert not matches_last_digits(None, "4567")
    assert not matches_last_digits("+46701234567", "")


def test_format_phone_sv() -> None:
    assert format_phone_sv("+46701234567") == "070-123 45 67"
    assert format_phone_sv("+46812345678") == "08-123 456 78"
