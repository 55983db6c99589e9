"""The callback dialogue's logic: routing, slot offers, answers, booking and its texts.

The Rasa actions in ``actions/callback.py`` and ``actions/callback_manage.py``
only read slots, call these functions and send what comes back. Everything
that decides something (who will call, which times to offer, whether "tisdag
förmiddag" or "070 123 45 67" is a usable answer, what the confirmation says)
lives here, where it can be tested without Rasa. Storage goes through
:mod:`bot.callbacks.booking` (cancelling and rebooking through
:mod:`bot.callbacks.manage`, on the same :func:`storage`); texts come from
:mod:`bot.texts.callback`. The errors these functions raise
(:class:`BookingUnavailable`, :class:`InvalidBookingInput`,
:class:`StorageUnavailable`) are imported from here, so that the actions never
import the storage modules.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping, Optional, Sequence

from bot.callbacks.booking import (
    BookingConfirmation,
    BookingLimits,
    InvalidBookingInput,
    clean_message,
    clean_name,
    create_case_and_booking,
    format_confirmation_sv,
    offer_slots,
)
from bot.callbacks.booking import BookingLimited as BookingLimited
from bot.callbacks.booking import BookingUnavailable as BookingUnavailable
from bot.callbacks.booking import submission_key as submission_key
from bot.callbacks.calendar import (
    DEFAULT_LEAD_TIME,
    DEFAULT_SLOT_COUNT,
    Slot,
    format_opening_sv,
    format_window_sv,
    is_office_open,
    next_opening,
    windows_for,
)
from bot.callbacks.cases import normalise_reference
from bot.callbacks.slots import answer_words, choose_slot, matching_slots
from bot.callbacks.transcript import build_transcript
from bot.clock import now as clock_now
from bot.knowledge.advice import Route, escalation_chain, route
from bot.knowledge.schema import ContactPoint, Profile, ReferralLink
from bot.knowledge.situation import Situation
from bot.settings import get_settings
from bot.storage.engine import SessionFactory, create_engine_for, make_session_factory
from bot.storage.unit_of_work import StorageUnavailable
from bot.texts import callback as say
from bot.texts import knowledge as texts
from bot.texts.replies import Button
from bot.texts.summary import staff_summary

logger = logging.getLogger(__name__)

# Personal data of ended cases is purged this long after the case last changed: the
# default of ANHORIG_CASE_RETENTION_DAYS (bot.settings), which the consent text words.
RETENTION_DAYS = 21

# ---------------------------------------------------------------- storage


_factories: dict[str, SessionFactory] = {}


def storage() -> SessionFactory:
    """Sessions on the configured database, created on first use (never at import)."""
    url = get_settings().effective_database_url
    factory = _factories.get(url)
    if factory is None:
        try:
            factory = make_session_factory(create_engine_for(url))
        except Exception as exc:  # noqa: BLE001 - a bad URL or folder must not crash the dialogue
            logger.error("could not create the database engine: %s", type(exc).__name__)
            raise StorageUnavailable("no database engine") from exc
        _factories[url] = factory
    return factory


def reset_storage() -> None:
    """Forget cached engines (tests switch databases between cases)."""
    for factory in _factories.values():
        bind = getattr(factory, "kw", {}).get("bind")
        if bind is not None:
            bind.dispose()
    _factories.clear()


# ---------------------------------------------------------------- who calls


@dataclass(frozen=True)
class CallbackPlan:
    """Who calls the relative back, and whether the district is still missing."""

    route: Route
    contact: Optional[ContactPoint]

    @property
    def link(self) -> Optional[ReferralLink]:
        """The referral link, or None when the coordinator takes the case."""
        return self.route.link

    @property
    def needs_district(self) -> bool:
        """True in profiles that give support per district, while the district is unknown."""
        return self.route.needs_district or self.contact is None


def referral_route(profile: Profile, situation: Situation) -> Route:
    """Where the situation goes: referral link, contact point, district.

    The one routing of the dialogue (see :func:`bot.knowledge.advice.route`): who
    is offered to talk to, who calls back, and how the booked case is filed.
    """
    return route(profile, situation)


def plan_callback(profile: Profile, situation: Situation) -> CallbackPlan:
    """Who calls back in this situation, from :func:`referral_route`."""
    found = referral_route(profile, situation)
    return CallbackPlan(route=found, contact=found.contact_point)


def caller_sv(profile: Profile, contact_point_id: str) -> str:
    """``anhörigkonsulent på Produktionsområde Omsorg``: who will call, by role and unit."""
    return texts.contact_phrase(profile, profile.contact_point(contact_point_id))


def call_instead(profile: Profile, contact: Optional[ContactPoint]) -> str:
    """Where to call when nothing was booked: the contact's unit, else the website."""
    if contact is None:
        return say.call_instead(None, None, profile.website)
    phone = texts.phone_text(contact.phone, contact.example)
    return say.call_instead(texts.contact_phrase(profile, contact), phone, profile.website)


def socialjour(profile: Profile) -> tuple[str, str]:
    """The socialjour's name and phone as the texts write them: the help after office hours."""
    jour = profile.socialjour
    return jour.name, texts.phone_text(jour.phone, jour.example)


def target_group(found: Route) -> Optional[str]:
    """The target group the case is filed under: the link's first one that matched."""
    if found.link is not None:
        for group in found.link.target_groups:
            if group in found.matched_groups:
                return group
    return min(found.matched_groups) if found.matched_groups else None


# ---------------------------------------------------------------- office hours


def office_is_open(profile: Profile, now: Optional[datetime] = None) -> bool:
    """Whether the municipality's office is open at ``now`` (``ANHORIG_NOW`` honoured)."""
    return is_office_open(clock_now() if now is None else now, profile.office_hours)


def after_hours_text(
    profile: Profile,
    lines: Mapping[str, str],
    *,
    now: Optional[datetime] = None,
    crisis: bool = False,
    heavy_burden: bool = False,
) -> Optional[str]:
    """The closed-office notice (when it opens, socialjour, lines that fit), or None when open."""
    now = clock_now() if now is None else now
    if is_office_open(now, profile.office_hours):
        return None
    opens = format_opening_sv(next_opening(now, profile.office_hours), now)
    return say.after_hours(
        opens, *socialjour(profile), lines, crisis=crisis, heavy_burden=heavy_burden
    )


# ---------------------------------------------------------------- slots


def _chain_contacts(
    profile: Profile, first: ContactPoint, link: Optional[ReferralLink]
) -> list[ContactPoint]:
    contacts = [first]
    if link is not None:
        contacts += [c for c in escalation_chain(profile, link) if c.id != first.id]
    return contacts


def offer(
    session_factory: SessionFactory,
    profile: Profile,
    contact_point_id: str,
    link: Optional[ReferralLink],
    *,
    now: Optional[datetime] = None,
    after: Optional[datetime] = None,
    exclude: Sequence[Slot] = (),
    count: int = DEFAULT_SLOT_COUNT,
) -> list[Slot]:
    """The next free callback windows of the contact point, at least ``count`` when possible.

    When the contact point alone has fewer free windows, the windows of the rest
    of its referral chain fill up the offer (the first contact's windows win on
    equal times). ``after`` asks for later times than those already shown;
    ``exclude`` leaves out the relative's current booking when rebooking.
    """
    now = clock_now() if now is None else now
    start, lead = now, DEFAULT_LEAD_TIME
    if after is not None and after > now + DEFAULT_LEAD_TIME:
        start, lead = after, timedelta(0)
    first = profile.contact_point(contact_point_id)
    excluded = {slot.key for slot in exclude}

    def free(contacts: Sequence[ContactPoint]) -> list[Slot]:
        found = offer_slots(
            session_factory, profile.id, windows_for(contacts), now=start, lead_time=lead,
            count=count + len(excluded),
        )
        return [slot for slot in found if slot.key not in excluded][:count]

    slots = free([first])
    if len(slots) < count and link is not None:
        slots = free(_chain_contacts(profile, first, link))
    return slots


def parse_moment(value: Any) -> Optional[datetime]:
    """An aware datetime from its ISO form in a Rasa slot, or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def slots_to_slot_value(slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """JSON-safe form for a Rasa slot."""
    return [slot.to_dict() for slot in slots]


def slots_from_slot_value(value: Any) -> list[Slot]:
    """Inverse of :func:`slots_to_slot_value`; anything malformed reads as no slots."""
    if not isinstance(value, list):
        return []
    try:
        return [Slot.from_dict(item) for item in value]
    except (KeyError, TypeError, ValueError, OverflowError):
        return []


def slot_labels(slots: Sequence[Slot]) -> list[str]:
    """``tisdag 25 november kl. 10.00–12.00`` for each slot."""
    return [format_window_sv(slot) for slot in slots]


def slot_buttons(slots: Sequence[Slot], more: bool = True) -> list[Button]:
    """One button per time; the payload is its option number, read by :func:`pick_slot`."""
    buttons = [
        Button(label, f"alternativ {number}")
        for number, label in enumerate(slot_labels(slots), start=1)
    ]
    if more:
        buttons.append(say.MORE_SLOTS_BUTTON)
    return buttons


# ---------------------------------------------------------------- answers

_ABORT = re.compile(
    r"^(?:nej )?(?:jag )?(?:vill )?(?:avbryt\w*|avsluta\w*|sluta|stopp|stop|glom det|"
    r"strunta i det|angrar mig|jag angrar mig|vill inte boka\w*|inte boka\w*)"
    r"(?: (?:bokningen|det|allt|nu|tack))*$"
)
_YES = re.compile(
    r"^(?:ja|jaa|japp|jepp|jo|javisst|visst|ok|okej|okey|oki|absolut|garna|det gar bra|"
    r"det ar okej|det ar ok|gar bra|yes|jajamen|jag samtycker|samtycker)\b"
)
_NO = re.compile(r"^(?:nej|na|naa|nae|nope|nix|no|helst inte|inte okej|jag vill inte)\b")
_NAME_LEAD = re.compile(
    r"^(?:(?:hej|hejsan|tja)[,!. ]+)?(?:jag heter|mitt namn (?:är|ar|e)|namnet (?:är|ar|e)|"
    r"(?:du kan )?kalla mig(?: bara)?|det (?:är|ar|e)|jag (?:är|ar))\s+",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(
    r"\s+(?:heter jag|som skriver|här|tack)$|[.!,]+$", re.IGNORECASE
)
# "Margareta, men kalla mig Maggan", "Per-Olof, men alla säger Pelle": the name to use.
_CALLED = re.compile(r"\b(?:kalla mig|säger|sager)(?: bara)? ([^\W\d_][\w-]*)[.!]?$", re.IGNORECASE)
_NO_MESSAGE = re.compile(
    r"^(?:nej|na|nope|nix|inget|ingenting|inga|nej tack|inget meddelande|inget mer|"
    r"behovs inte|det behovs inte|nej det behovs inte|nej inget|-|inte nu|nej det ar bra|"
    r"det ar bra|klart|hoppa over|skippa)$"
)
_MORE_SLOTS = re.compile(
    r"\b(?:andra tider|annan tid|andra dagar|annan dag|senare|fler tider|ingen av|inga av|"
    r"inget av|passar inte|kan inte)\b"
)
_REFERENCE_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{6}(?![A-Za-z0-9])")
_DIGIT_GROUP = re.compile(r"\+?\d[\d\s-]*\d|\d")
_REBOOK = re.compile(
    r"\b(?:boka om|ombok\w*|byt\w*|flytt\w*|andr[ao]\w*|annan tid|ny tid|nya tid|annan dag|"
    r"senare|skjut\w* upp)\b"
)
_CANCEL = re.compile(
    r"\b(?:avbok\w*|avbest\w*|stall in|stryk|ta bort|ring inte|behover inte|strunta|glom|"
    r"vill inte bli uppringd)\b"
)
_MAX_NAME_WORDS = 4
# Words that make a several-word answer a sentence rather than a name ("min mamma har demens").
_NOT_NAME_WORDS = frozenset(
    "har ar och min mitt mina jag vill inte kan ska hon han hen det som med att for pa i om".split()
)


def is_button_payload(text: Optional[str]) -> bool:
    """``/affirm`` and the like: an intent payload, not something the relative wrote."""
    return bool(text) and str(text).startswith("/")


def is_abort(text: Any) -> bool:
    """"avbryt", "jag vill inte boka": stop the booking whatever was asked."""
    if not isinstance(text, str) or not text or is_button_payload(text):
        return False
    return bool(_ABORT.match(answer_words(text)))


def parse_consent(text: Optional[str], intent: str) -> Optional[bool]:
    """Yes (True), no (False) or unclear (None) to the consent question."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    if not text or is_button_payload(text):
        return None
    folded = answer_words(text)
    if _NO.match(folded) or folded.startswith("jag vill inte"):
        return False
    if _YES.match(folded):
        return True
    return None


def extract_name(text: Optional[str]) -> str:
    """The name in "jag heter Kicki", "kalla mig Lasse", "Eva heter jag" or just "anna".

    Raises :class:`~bot.callbacks.booking.InvalidBookingInput` with a Swedish message when
    the answer does not look like a name (too long, digits, a whole sentence).
    """
    name = " ".join((text or "").split())
    if is_button_payload(name):
        raise InvalidBookingInput("name_empty")
    called = _CALLED.search(name)
    if called:
        name = called.group(1)
    elif "," in name:
        name = name.split(",", 1)[0]
    name = _NAME_LEAD.sub("", name)
    name = _NAME_TAIL.sub("", name).strip(" .,!")
    words = name.split()
    if len(words) > _MAX_NAME_WORDS or (
        len(words) > 1 and any(answer_words(word) in _NOT_NAME_WORDS for word in words)
    ):
        raise InvalidBookingInput("name_not_a_name")
    name = clean_name(name)
    if name.islower():
        name = "-".join(part[:1].upper() + part[1:] for part in name.split("-"))
        name = " ".join(word[:1].upper() + word[1:] for word in name.split(" "))
    return name


def parse_message(text: Optional[str], intent: str) -> str:
    """The optional message; ``""`` when the relative skips it ("nej", "inget").

    Raises :class:`~bot.callbacks.booking.InvalidBookingInput` when it is too long.
    """
    if intent == "deny" or not text or is_button_payload(text):
        return ""
    if _NO_MESSAGE.match(answer_words(text)):
        return ""
    return clean_message(text) or ""


@dataclass(frozen=True)
class SlotPick:
    """What the relative's answer to "which time?" means."""

    index: Optional[int] = None  # the chosen offered slot
    candidates: tuple[int, ...] = ()  # several fit: ask which
    wants_more: bool = False  # none of these: show later times


def pick_slot(text: Optional[str], offered: Sequence[Slot], now: Optional[datetime] = None) -> SlotPick:
    """Read a button payload ("alternativ 2") or words ("tisdag förmiddag", "den första")."""
    if not text or is_button_payload(text) or not offered:
        return SlotPick()
    if _MORE_SLOTS.search(answer_words(text)):  # before the choice: "andra tider" is not "den andra"
        return SlotPick(wants_more=True)
    index = choose_slot(text, offered, now)
    if index is not None:
        return SlotPick(index=index)
    matches = matching_slots(text, offered, now)
    return SlotPick(candidates=tuple(matches) if len(matches) > 1 else ())


@dataclass(frozen=True)
class TimeAnswer:
    """What an answer to "which time?" does to a form: one of the three fields is set."""

    chosen: Optional[Slot] = None  # book this time
    later_than: Optional[datetime] = None  # offer the times after this moment
    reply: Optional[str] = None  # say this and ask again


def answer_time(value: Any, offered: Sequence[Slot], now: Optional[datetime] = None) -> TimeAnswer:
    """Shared by booking and rebooking: the chosen time, a wish for later times, or why not."""
    pick = pick_slot(str(value or ""), offered, now)
    if pick.index is not None:
        return TimeAnswer(chosen=offered[pick.index])
    if pick.wants_more and offered:
        return TimeAnswer(later_than=max(s.start for s in offered) + timedelta(minutes=1))
    if pick.candidates:
        return TimeAnswer(reply=say.slot_several(slot_labels([offered[i] for i in pick.candidates])))
    return TimeAnswer(reply=say.SLOT_UNCLEAR)


def extract_reference(text: Optional[str]) -> Optional[str]:
    """A booking reference in the text (``K7MXQ4``), or None.

    A six-letter word without digits counts only when it is the whole answer or
    typed in capitals, so that "pappan" in a sentence is not taken for a reference.
    """
    if not text or is_button_payload(text):
        return None
    whole = normalise_reference(text)
    if whole is not None:
        return whole
    found = []
    for token in _REFERENCE_TOKEN.findall(text):
        reference = normalise_reference(token)
        if reference is None:
            continue
        has_digit = any(ch.isdigit() for ch in token)
        has_letter = any(ch.isalpha() for ch in token)
        if (has_digit and has_letter) or token.isupper():
            found.append(reference)
    return found[0] if len(found) == 1 else None


def extract_digits(text: Optional[str]) -> Optional[str]:
    """The last digits of the phone number in the text (at least four), or None.

    A reference in the same message ("K7MXQ4 4567") is ignored.
    """
    if not text or is_button_payload(text):
        return None

    def drop_reference(match: re.Match[str]) -> str:
        token = match.group(0)
        is_reference = normalise_reference(token) is not None and not token.isdigit()
        return " " if is_reference else token

    rest = _REFERENCE_TOKEN.sub(drop_reference, text)
    groups = [re.sub(r"\D", "", group) for group in _DIGIT_GROUP.findall(rest)]
    groups = [group for group in groups if len(group) >= 4]
    return groups[-1] if groups else None


def parse_mode(text: Optional[str]) -> Optional[str]:
    """``rebook`` for "boka om", "byt tid"; ``cancel`` for "avboka", "ring inte"; else None."""
    if not text or is_button_payload(text):
        return None
    folded = answer_words(text)
    if _REBOOK.search(folded):
        return "rebook"
    if _CANCEL.search(folded):
        return "cancel"
    return None


# ---------------------------------------------------------------- transcript and booking


def conversation_pairs(events: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(sender, text) of every user and bot message in Rasa tracker events; payloads left out."""
    pairs: list[tuple[str, str]] = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not text or is_button_payload(str(text)):
            continue
        pairs.append((str(kind), str(text)))
    return pairs


@dataclass(frozen=True)
class BookingRequest:
    """Everything the booking form collected, checked again before it is stored."""

    slot: Slot
    name: str
    phone: str
    message: Optional[str] = None
    situation: Situation = field(default_factory=Situation)
    conversation: Sequence[tuple[str, str]] = ()
    # submission_key() of the conversation: one booking per conversation, however often it is sent
    submission: Optional[str] = None
    address_key: Optional[str] = None  # the web app's keyed hash of the address (metadata)


def booking_limits() -> BookingLimits:
    """The chat's limits per phone number and per address a day (``ANHORIG_BOOKINGS_PER_*``)."""
    settings = get_settings()
    return BookingLimits(settings.bookings_per_phone_per_day, settings.bookings_per_address_per_day,
                         settings.secret_key)


def book(
    session_factory: SessionFactory,
    profile: Profile,
    request: BookingRequest,
    *,
    now: Optional[datetime] = None,
) -> BookingConfirmation:
    """Create the case and the booking in one transaction; return only after the commit.

    The case is routed from the situation (link, target group, district), assigned
    to the chosen slot's contact point, marked after-hours when the office is
    closed, and gets the masked conversation and a short summary. Raises what
    :func:`bot.callbacks.booking.create_case_and_booking` raises.
    """
    now = clock_now() if now is None else now
    found = referral_route(profile, request.situation)
    transcript = build_transcript(request.conversation, names=[request.name])
    return create_case_and_booking(
        session_factory,
        municipality=profile.id,
        slot=request.slot,
        consent=True,
        name=request.name,
        phone=request.phone,
        message=request.message or None,
        link_id=found.link.id if found.link else None,
        target_group=target_group(found),
        district=found.district.id if found.district else None,
        situation_summary=staff_summary(request.situation),
        transcript=transcript or None,
        transcript_consent=True,
        office_hours=profile.office_hours,
        now=now,
        submission=request.submission,
        limits=booking_limits(),
        address_key=request.address_key,
    )


def confirmation_text(profile: Profile, confirmation: BookingConfirmation) -> str:
    """The Swedish confirmation: reference, window, who calls, how to cancel, after hours."""
    text = format_confirmation_sv(confirmation, caller_sv(profile, confirmation.contact_point_id))
    if confirmation.after_hours:
        text += "\n" + say.after_hours_confirmation(*socialjour(profile))
    return text
