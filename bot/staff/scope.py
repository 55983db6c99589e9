"""Which cases a staff member may see and work: the scope every casework function takes.

Coordinators see every case of their municipality; a contact sees the cases
currently assigned to any contact point of its own unit (colleagues cover for
each other); admins manage accounts and see no cases. A case outside the scope
is reported exactly like an unknown reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from bot.callbacks.cases import CaseNotFound, normalise_reference
from bot.knowledge.schema import Profile
from bot.staff.accounts import Principal
from bot.staff.errors import NotPermitted
from bot.storage.models import Case, StaffRole


@dataclass(frozen=True)
class CaseScope:
    """Which cases someone may see: a municipality and, for contacts, some contact points."""

    municipality: str
    contact_point_ids: Optional[frozenset[str]] = None  # None: every case of the municipality

    def allows(self, case: Case) -> bool:
        """Whether ``case`` lies inside this scope."""
        if case.municipality != self.municipality:
            return False
        if self.contact_point_ids is None:
            return True
        return case.contact_point_id in self.contact_point_ids

    def where(self) -> Any:
        """The same rule as a SQL condition."""
        condition = Case.municipality == self.municipality
        if self.contact_point_ids is not None:
            condition = and_(condition, Case.contact_point_id.in_(sorted(self.contact_point_ids)))
        return condition


def scope_for(principal: Principal, profile: Profile) -> CaseScope:
    """The cases a person may work: coordinators all of the municipality, contacts their unit's.

    A contact sees the cases currently assigned to any contact point of the
    unit its own contact point belongs to (colleagues cover for each other).
    Admins manage accounts and see no cases (:class:`NotPermitted`).
    """
    if principal.municipality != profile.id:
        raise NotPermitted("account of another municipality")
    if principal.role == StaffRole.COORDINATOR.value:
        return CaseScope(profile.id)
    if principal.role == StaffRole.CONTACT.value:
        try:
            own = profile.contact_point(principal.contact_point_id or "")
        except KeyError:
            return CaseScope(profile.id, frozenset())
        unit_points = frozenset(cp.id for cp in profile.contact_points if cp.unit == own.unit)
        return CaseScope(profile.id, unit_points)
    raise NotPermitted(f"role {principal.role} sees no cases")


def unit_of(profile: Profile, contact_point_id: Optional[str]) -> Optional[str]:
    """The unit of a contact point, or None when unknown."""
    try:
        return profile.contact_point(contact_point_id or "").unit
    except KeyError:
        return None


def scoped_case(session: Session, scope: CaseScope, reference: Optional[str], lock: bool) -> Case:
    """The case with ``reference`` inside ``scope`` (locked with ``lock``), else :class:`CaseNotFound`."""
    normalised = normalise_reference(reference)
    if normalised is None:
        raise CaseNotFound("malformed reference")
    query = select(Case).where(Case.reference == normalised)
    case = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if case is None or not scope.allows(case):
        raise CaseNotFound("no such case in scope")
    return case
