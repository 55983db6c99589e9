"""Follow-up figures (uppföljning): de-identified counts over the cases of a period.

What the municipal documents ask to follow up: how many relatives were
helped, for which target groups and through which referral links, how many
came after hours, how long they waited for the first call, how often cases
escalated, and how they ended. Every figure is a count or a duration over
cases, never a case.

Small counts. The figures page is only for coordinators and shows exact
counts. The CSV export is meant to leave the system (reports to the
nämnd), so there counts from 1 to 4 are suppressed, plus the next smallest
count of the same breakdown when only one would be, so that a total minus
the others cannot give it back. Medians over fewer than 5 cases are
suppressed too. See :func:`suppress_small`.
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.callbacks.calendar import OfficeHoursMap, working_hours_between
from bot.storage.engine import SessionFactory
from bot.storage.models import Case, CaseEvent, CaseStatus
from bot.storage.unit_of_work import run_read

logger = logging.getLogger(__name__)

SUPPRESS_BELOW = 5
UNKNOWN = "unknown"
FIRST_CALL_KINDS = ("call", "called")


@dataclass(frozen=True)
class Figures:
    """The follow-up figures of one period."""

    start: datetime
    end: datetime
    total: int
    by_status: dict[str, int]
    by_target_group: dict[str, int]
    by_link: dict[str, int]
    after_hours: int
    first_call_count: int
    first_call_median_hours: Optional[float]
    first_call_median_working_hours: Optional[float]
    escalated_cases: int
    escalation_steps: int
    escalated_to_coordinator: int
    forwarded_cases: int
    outcomes: dict[str, int]

    @property
    def after_hours_share(self) -> Optional[float]:
        """Share of cases that came in after hours (0..1), None without cases."""
        return self.after_hours / self.total if self.total else None


def compute_figures(
    session_factory: SessionFactory,
    municipality: str,
    start: datetime,
    end: datetime,
    office_hours: OfficeHoursMap,
) -> Figures:
    """Figures over the cases created in ``[start, end)`` in ``municipality``."""

    def work(session: Session) -> Figures:
        cases = session.execute(
            select(
                Case.id, Case.status, Case.target_group, Case.link_id, Case.after_hours,
                Case.created_at,
            ).where(
                Case.municipality == municipality,
                Case.created_at >= start,
                Case.created_at < end,
            )
        ).all()
        ids = [row.id for row in cases]
        events: list[CaseEvent] = []
        for chunk in range(0, len(ids), 500):
            events.extend(
                session.execute(
                    select(CaseEvent)
                    .where(
                        CaseEvent.case_id.in_(ids[chunk:chunk + 500]),
                        CaseEvent.kind.in_((*FIRST_CALL_KINDS, "escalated", "forwarded", "closed")),
                    )
                    .order_by(CaseEvent.id)
                ).scalars()
            )
        return _figures(cases, events, start, end, office_hours)

    return run_read(session_factory, "computing follow-up figures", work)


def _figures(
    cases: Sequence[Any],
    events: Sequence[CaseEvent],
    start: datetime,
    end: datetime,
    office_hours: OfficeHoursMap,
) -> Figures:
    first_call: dict[int, datetime] = {}
    escalated: Counter[int] = Counter()
    to_coordinator = 0
    forwarded: set[int] = set()
    outcome_of: dict[int, str] = {}
    for event in events:
        if event.kind in FIRST_CALL_KINDS and event.case_id not in first_call:
            first_call[event.case_id] = event.at
        elif event.kind == "escalated":
            escalated[event.case_id] += 1
            to_coordinator += 1 if (event.detail or {}).get("to_coordinator") else 0
        elif event.kind == "forwarded":
            forwarded.add(event.case_id)
        elif event.kind == "closed":
            outcome_of[event.case_id] = str((event.detail or {}).get("outcome") or UNKNOWN)
    by_status: Counter[str] = Counter({status.value: 0 for status in CaseStatus})
    by_group: Counter[str] = Counter()
    by_link: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    hours: list[float] = []
    working: list[float] = []
    after_hours = 0
    for row in cases:
        by_status[row.status] += 1
        by_group[row.target_group or UNKNOWN] += 1
        by_link[row.link_id or UNKNOWN] += 1
        after_hours += 1 if row.after_hours else 0
        if row.status == CaseStatus.CLOSED.value:
            outcomes[outcome_of.get(row.id, UNKNOWN)] += 1
        called = first_call.get(row.id)
        if called is not None and called >= row.created_at:
            hours.append((called - row.created_at).total_seconds() / 3600.0)
            working.append(working_hours_between(row.created_at, called, office_hours))
    return Figures(
        start=start,
        end=end,
        total=len(cases),
        by_status=dict(by_status),
        by_target_group=dict(by_group.most_common()),
        by_link=dict(by_link.most_common()),
        after_hours=after_hours,
        first_call_count=len(hours),
        first_call_median_hours=statistics.median(hours) if hours else None,
        first_call_median_working_hours=statistics.median(working) if working else None,
        escalated_cases=len(escalated),
        escalation_steps=sum(escalated.values()),
        escalated_to_coordinator=to_coordinator,
        forwarded_cases=len(forwarded),
        outcomes=dict(outcomes.most_common()),
    )


def suppress_small(counts: Mapping[str, int], below: int = SUPPRESS_BELOW) -> dict[str, Optional[int]]:
    """Counts with 1..below-1 replaced by None (zero is no person and stays).

    When exactly one count of a breakdown would be hidden, the next smallest
    non-zero count is hidden too; otherwise it could be computed back from the
    total, which the export shows.
    """
    result: dict[str, Optional[int]] = dict(counts)
    hidden = [key for key, value in counts.items() if 0 < value < below]
    for key in hidden:
        result[key] = None
    if len(hidden) == 1:
        others = sorted(
            (value, key) for key, value in counts.items() if value >= below
        )
        if others:
            result[others[0][1]] = None
    return result
