"""Turning case data into what staff read: times, contact points, links, units, history steps.

The words themselves are in :mod:`bot.texts.web`; this module looks things up
in the profile and the case history and formats times, then hands the pieces
to those texts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping, Optional

from bot.callbacks.calendar import Slot, format_datetime_sv, format_window_sv
from bot.clock import STOCKHOLM
from bot.knowledge.schema import Profile
from bot.staff.casework import HistoryEntry
from bot.texts import web as texts


def local(moment: Optional[datetime]) -> str:
    """``måndag 24 november kl. 08.00``, or an empty string."""
    return format_datetime_sv(moment) if moment is not None else ""


def short(moment: Optional[datetime]) -> str:
    """``2026-11-24 08.00`` in Stockholm time, for tables."""
    if moment is None:
        return ""
    value = moment.astimezone(STOCKHOLM)
    return f"{value:%Y-%m-%d} {value:%H.%M}"


def window(start: Optional[datetime], end: Optional[datetime]) -> str:
    """The booked window in Swedish (``tisdag 24 november kl. 10.00–12.00``), or ``""``."""
    if start is None or end is None:
        return ""
    return format_window_sv(Slot("", start, end))


def contact_point_label(profile: Profile, contact_point_id: Optional[str]) -> str:
    """A contact point by role and unit: ``Anhörigkonsulent (Produktionsområde Omsorg)``."""
    if not contact_point_id:
        return texts.NO_CONTACT_POINT
    try:
        point = profile.contact_point(contact_point_id)
    except KeyError:
        return contact_point_id
    try:
        unit = profile.unit(point.unit).name
    except KeyError:
        unit = point.unit
    return f"{point.role} ({unit})"


def link_label(profile: Profile, link_id: Optional[str]) -> str:
    """The referral link's name, or "Ingen länk"."""
    if not link_id or link_id == "unknown":
        return texts.NO_LINK
    try:
        return profile.link(link_id).name
    except KeyError:
        return link_id


def unit_label(profile: Profile, unit_id: Optional[str]) -> str:
    """The unit's name."""
    if not unit_id:
        return ""
    try:
        return profile.unit(unit_id).name
    except KeyError:
        return unit_id


def actor_label(actor: str) -> str:
    """A history actor: staff usernames as they are, system actors in words."""
    return texts.ACTOR_SV.get(actor, actor)


def _slot_text(detail: Mapping[str, Any]) -> str:
    try:
        start = datetime.fromisoformat(str(detail["start"]))
        end = datetime.fromisoformat(str(detail["end"]))
    except (KeyError, ValueError):
        return ""
    return window(start, end)


def describe_event(entry: HistoryEntry, profile: Profile) -> str:
    """One history step in plain Swedish (without the free text, which is shown apart)."""
    d = entry.detail
    kind = entry.kind
    if kind == "created":
        assigned = d.get("assigned_to")
        return texts.event_created(
            after_hours=bool(d.get("after_hours")),
            assigned_to=contact_point_label(profile, assigned) if assigned else None,
        )
    if kind == "booked":
        return texts.event_booked(_slot_text(d))
    if kind == "rebooked":
        return texts.event_rebooked(_slot_text(d))
    if kind == "cancelled":
        return texts.EVENT_CANCELLED
    if kind == "transcript_attached":
        return texts.EVENT_TRANSCRIPT_ATTACHED
    if kind == "taken":
        return texts.event_taken(contact_point_label(profile, d.get("contact_point_id")))
    if kind == "escalated":
        return texts.event_escalated(
            contact_point_label(profile, d.get("from")), contact_point_label(profile, d.get("to")),
            d.get("level", "?"),
        )
    if kind == "call":
        outcome = texts.CALL_OUTCOME_SV.get(str(d.get("outcome")), str(d.get("outcome")))
        next_attempt = None
        if d.get("next_attempt_at"):
            try:
                next_attempt = local(datetime.fromisoformat(str(d["next_attempt_at"])))
            except ValueError:
                pass
        return texts.event_call(d.get("attempt", ""), outcome, next_attempt)
    if kind == "called":
        return texts.EVENT_CALLED
    if kind == "closed":
        outcome = texts.CLOSE_OUTCOME_SV.get(str(d.get("outcome") or "unknown"), str(d.get("outcome")))
        return texts.event_closed(outcome)
    if kind == "forwarded":
        link = None
        if d.get("target_kind") == "link" and d.get("to_link") != d.get("from_link"):
            link = link_label(profile, d.get("to_link"))
        return texts.event_forwarded(
            contact_point_label(profile, d.get("from")), contact_point_label(profile, d.get("to")),
            link,
        )
    if kind == "note_added":
        return texts.EVENT_NOTE_ADDED
    if kind == "personal_data_purged":
        return texts.EVENT_PERSONAL_DATA_PURGED
    return kind
