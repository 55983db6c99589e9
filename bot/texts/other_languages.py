"""The short reply to a message written in another language than Swedish.

The service is in Swedish. A relative who writes in another language gets, in
that language where the wording is sure (English otherwise): the service is in
Swedish, write in Swedish or call the municipality (number and office hours),
112 in an emergency, and the national lines. Swedish names of services stay
Swedish, so the relative can say them on the phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

# Languages with their own text here; every other detected language gets English.
REPLY_LANGUAGES: Tuple[str, ...] = ("en", "ar", "fa", "fi", "pl", "ru", "uk")
DEFAULT_LINES: Mapping[str, str] = {
    "emergency": "112",
    "healthcare": "1177",
    "suicide": "90101",
    "women_violence": "020-50 50 50",
    "bris": "116 111",
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class MunicipalityContact:
    """Who to call in the municipality: role and unit as written in Swedish, and when."""

    municipality: str
    role: str
    phone: str
    example: bool
    hours: Mapping[str, Optional[Tuple[time, time]]]


@dataclass(frozen=True)
class _Words:
    swedish_only: str
    write_or_call: str
    example: str
    hours: str
    closed: str
    emergency: str
    lines: str
    healthcare: str
    suicide: str
    women: str
    bris: str
    days: Sequence[str]


_WORDS: Dict[str, _Words] = {
    "en": _Words(
        swedish_only="This chat service is only in Swedish.",
        write_or_call="You are welcome to write in Swedish, or call {municipality}: {role}, {phone}.",
        example="example number",
        hours="Office hours: {hours}.",
        closed="closed",
        emergency="In an emergency, call {emergency}.",
        lines="National lines:",
        healthcare="healthcare advice",
        suicide="if you have thoughts of suicide",
        women="violence or threats, for women and others",
        bris="for children and young people",
        days=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ),
    "ar": _Words(
        swedish_only="خدمة الدردشة هذه باللغة السويدية فقط.",
        write_or_call="يمكنك الكتابة بالسويدية، أو الاتصال بـ {municipality}: {role}، {phone}.",
        example="رقم تجريبي",
        hours="أوقات العمل: {hours}.",
        closed="مغلق",
        emergency="في حالة الطوارئ اتصل بالرقم {emergency}.",
        lines="خطوط وطنية:",
        healthcare="استشارات صحية",
        suicide="إذا كانت لديك أفكار انتحارية",
        women="العنف أو التهديد",
        bris="للأطفال والشباب",
        days=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    ),
    "fa": _Words(
        swedish_only="این چت فقط به زبان سوئدی است.",
        write_or_call="می‌توانید به سوئدی بنویسید، یا با {municipality} تماس بگیرید: {role}، {phone}.",
        example="شماره نمونه",
        hours="ساعات کاری: {hours}.",
        closed="تعطیل",
        emergency="در شرایط اضطراری با {emergency} تماس بگیرید.",
        lines="خطوط سراسری:",
        healthcare="مشاوره پزشکی",
        suicide="اگر به خودکشی فکر می‌کنید",
        women="خشونت یا تهدید",
        bris="برای کودکان و نوجوانان",
        days=("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"),
    ),
    "fi": _Words(
        swedish_only="Tämä chat-palvelu on vain ruotsiksi.",
        write_or_call="Voit kirjoittaa ruotsiksi tai soittaa: {municipality}, {role}, {phone}.",
        example="esimerkkinumero",
        hours="Aukioloajat: {hours}.",
        closed="suljettu",
        emergency="Hätätilanteessa soita {emergency}.",
        lines="Valtakunnalliset numerot:",
        healthcare="terveysneuvonta",
        suicide="jos sinulla on itsetuhoisia ajatuksia",
        women="väkivalta tai uhkailu",
        bris="lapsille ja nuorille",
        days=("ma", "ti", "ke", "to", "pe", "la", "su"),
    ),
    "pl": _Words(
        swedish_only="Ten czat działa tylko po szwedzku.",
        write_or_call="Możesz pisać po szwedzku albo zadzwonić: {municipality}, {role}, {phone}.",
        example="numer przykładowy",
        hours="Godziny pracy: {hours}.",
        closed="nieczynne",
        emergency="W nagłym wypadku dzwoń pod numer {emergency}.",
        lines="Krajowe numery:",
        healthcare="porady medyczne",
        suicide="jeśli masz myśli samobójcze",
        women="przemoc lub groźby",
        bris="dla dzieci i młodzieży",
        days=("pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."),
    ),
    "ru": _Words(
        swedish_only="Этот чат работает только на шведском языке.",
        write_or_call="Вы можете написать по-шведски или позвонить: {municipality}, {role}, {phone}.",
        example="пример номера",
        hours="Часы работы: {hours}.",
        closed="закрыто",
        emergency="В экстренной ситуации звоните {emergency}.",
        lines="Национальные линии:",
        healthcare="медицинская консультация",
        suicide="если у вас есть мысли о самоубийстве",
        women="насилие или угрозы",
        bris="для детей и подростков",
        days=("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
    ),
    "uk": _Words(
        swedish_only="Цей чат працює лише шведською мовою.",
        write_or_call="Ви можете написати шведською або зателефонувати: {municipality}, {role}, {phone}.",
        example="приклад номера",
        hours="Години роботи: {hours}.",
        closed="зачинено",
        emergency="У надзвичайній ситуації телефонуйте {emergency}.",
        lines="Національні лінії:",
        healthcare="медична консультація",
        suicide="якщо у вас є думки про самогубство",
        women="насильство або погрози",
        bris="для дітей і молоді",
        days=("пн", "вт", "ср", "чт", "пт", "сб", "нд"),
    ),
}


def reply_language(language: str) -> str:
    """The language the reply is written in: the detected one if there is a text, else English."""
    return language if language in _WORDS else "en"


def _clock(value: time) -> str:
    return f"{value.hour:02d}.{value.minute:02d}"


def _hours(words: _Words, hours: Mapping[str, Optional[Tuple[time, time]]]) -> str:
    """Weekdays with the same hours grouped: "Mon–Thu 08.00–16.30, Fri 08.00–15.00"."""
    groups: List[Tuple[int, int, Optional[Tuple[time, time]]]] = []
    for index, day in enumerate(_WEEKDAYS):
        value = hours.get(day)
        if groups and groups[-1][2] == value and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, value)
        else:
            groups.append((index, index, value))
    parts = []
    for first, last, value in groups:
        if value is None:
            continue
        days = words.days[first] if first == last else f"{words.days[first]}–{words.days[last]}"
        parts.append(f"{days} {_clock(value[0])}–{_clock(value[1])}")
    return ", ".join(parts) or words.closed


def other_language_reply(
    language: str, contact: MunicipalityContact, lines: Optional[Mapping[str, str]] = None
) -> str:
    """The short reply for a message in ``language``: Swedish only, whom to call, 112, national lines."""
    words = _WORDS[reply_language(language)]
    phone = {**DEFAULT_LINES, **(lines or {})}
    number = f"{contact.phone} ({words.example})" if contact.example else contact.phone
    rows = [
        words.swedish_only,
        words.write_or_call.format(
            municipality=contact.municipality, role=contact.role, phone=number
        ),
        words.hours.format(hours=_hours(words, contact.hours)),
        words.emergency.format(emergency=phone["emergency"]),
        words.lines,
        f"• {words.healthcare.capitalize()}: {phone['healthcare']}",
        f"• Självmordslinjen ({words.suicide}): {phone['suicide']}",
        f"• Kvinnofridslinjen ({words.women}): {phone['women_violence']}",
        f"• BRIS ({words.bris}): {phone['bris']}",
    ]
    return "\n".join(rows)
