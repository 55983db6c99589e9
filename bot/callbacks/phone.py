"""Swedish phone numbers for callbacks: validation, E.164 storage, last digits.

A callback number must be a Swedish number staff can actually dial, so we
accept mobile and fixed-line numbers (also VoIP and personal numbers) and
refuse foreign, premium-rate and toll-free numbers with a Swedish message the
bot can show as it is (the texts are in :mod:`bot.texts.callback`). Numbers in
free text are found as the masking finds them (:func:`bot.privacy.masking.phone_candidates`).
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Optional

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberType

from bot.privacy.masking import REGION, phone_candidates
from bot.texts.callback import PHONE_ERRORS

logger = logging.getLogger(__name__)

LAST_DIGITS = 4

_CALLABLE_TYPES = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.UAN,
}
_MOBILE_NSN_LENGTH = 9
_LETTER = re.compile(r"[^\W\d_]")

class InvalidPhoneNumber(ValueError):
    """The relative's input is not a Swedish number we can call back.

    ``message_sv`` is meant for the user; ``reason`` is a stable code for tests and logs.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message_sv = PHONE_ERRORS[reason]
        super().__init__(self.message_sv)


def _parse(text: str) -> PhoneNumber:
    if _LETTER.search(text):
        # Free text such as "mitt nummer är 070-123 45 67": extract, never read letters as digits.
        # The same finder as the masking of stored text (bot.privacy.masking).
        matches = list(phone_candidates(text))
        if not matches:
            raise InvalidPhoneNumber("not_a_number")
        if len(matches) > 1:
            raise InvalidPhoneNumber("several")
        return matches[0].number
    if not re.search(r"\d", text):
        raise InvalidPhoneNumber("not_a_number")
    try:
        return phonenumbers.parse(text, REGION)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.TOO_SHORT_NSN:
            raise InvalidPhoneNumber("too_short") from exc
        if exc.error_type == NumberParseException.TOO_LONG:
            raise InvalidPhoneNumber("too_long") from exc
        raise InvalidPhoneNumber("not_a_number") from exc


def normalise_swedish_phone(text: Optional[str]) -> str:
    """Validate a Swedish phone number and return it in E.164 (``+46701234567``).

    Raises :class:`InvalidPhoneNumber` with a Swedish message when it is empty,
    not a number, foreign, premium-rate/toll-free, or of the wrong length.
    """
    text = (text or "").strip()
    if not text:
        raise InvalidPhoneNumber("empty")
    number = _parse(text)
    if number.country_code != phonenumbers.country_code_for_region(REGION):
        raise InvalidPhoneNumber("not_swedish")
    if not phonenumbers.is_valid_number(number):
        national = phonenumbers.national_significant_number(number).lstrip("0")
        if national.startswith("7") and len(national) != _MOBILE_NSN_LENGTH:
            # Swedish mobile numbers are 07x-xxx xx xx; say which way the count is off.
            raise InvalidPhoneNumber(
                "too_short" if len(national) < _MOBILE_NSN_LENGTH else "too_long"
            )
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.TOO_SHORT:
            raise InvalidPhoneNumber("too_short")
        if reason == phonenumbers.ValidationResult.TOO_LONG:
            raise InvalidPhoneNumber("too_long")
        raise InvalidPhoneNumber("invalid")
    if phonenumbers.region_code_for_number(number) != REGION:
        raise InvalidPhoneNumber("not_swedish")
    if phonenumbers.number_type(number) not in _CALLABLE_TYPES:
        raise InvalidPhoneNumber("not_callable")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_phone_sv(e164: str) -> str:
    """Read-back form for Swedish users: ``+46701234567`` -> ``070-123 45 67``."""
    number = phonenumbers.parse(e164, REGION)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def last_digits(e164: str, count: int = LAST_DIGITS) -> str:
    """The last ``count`` digits, used with the reference to identify a booking."""
    digits = re.sub(r"\D", "", e164)
    return digits[-count:]


def matches_last_digits(e164: Optional[str], given: str, count: int = LAST_DIGITS) -> bool:
    """Whether ``given`` (typed by the relative) ends with the stored number's last digits.

    Accepts the bare digits ("4567") or the whole number; needs at least ``count`` digits.
    """
    if not e164:
        return False
    digits = re.sub(r"\D", "", given or "")
    if len(digits) < count:
        return False
    return hmac.compare_digest(digits[-count:], last_digits(e164, count))
