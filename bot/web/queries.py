"""What the staff pages and the JSON API both read from a request: scope, queue filters, figures period.

The pages and the API answer the same questions in two formats; the
arguments are read here once, so that a filter means the same on both.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any, Optional

from sanic import Request

from bot.clock import STOCKHOLM
from bot.staff import followup, scope
from bot.staff.accounts import Principal
from bot.staff.errors import InvalidCaseworkInput
from bot.staff.queue import QueueFilters
from bot.web.context import run_sync, web

logger = logging.getLogger(__name__)

FIGURES_DEFAULT_DAYS = 365


def case_scope(request: Request, principal: Principal) -> scope.CaseScope:
    """The cases ``principal`` may see and change in this municipality."""
    return scope.scope_for(principal, web(request).profile)


def _bool_arg(raw: Optional[str], field_name: str) -> Optional[bool]:
    if raw in (None, ""):
        return None
    if raw in ("true", "ja", "1"):
        return True
    if raw in ("false", "nej", "0"):
        return False
    raise InvalidCaseworkInput("filter_invalid", field_name)


def queue_filters(args: Any) -> QueueFilters:
    """Queue filters from query arguments (shared by the page and the API)."""
    return QueueFilters(
        link_id=args.get("link") or None,
        unit_id=args.get("unit") or None,
        status=args.get("status") or "open",
        after_hours=_bool_arg(args.get("after_hours"), "after_hours"),
    )


def _date_arg(raw: Optional[str], default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidCaseworkInput("filter_invalid", "period") from exc


def figures_period(args: Any, now: datetime) -> tuple[date, date]:
    """The period of the figures page: ``fran``/``till`` (inclusive), default the last year."""
    today = now.astimezone(STOCKHOLM).date()
    end = _date_arg(args.get("till"), today)
    start = _date_arg(args.get("fran"), end - timedelta(days=FIGURES_DEFAULT_DAYS - 1))
    if start > end:
        raise InvalidCaseworkInput("filter_invalid", "period")
    return start, end


async def period_figures(request: Request) -> tuple[date, date, followup.Figures]:
    """The figures of the period in the query (``fran``, ``till``), for the page, CSV and API."""
    ctx = web(request)
    start, end = figures_period(request.args, ctx.now())
    figures = await run_sync(
        followup.compute_figures, ctx.session_factory, ctx.profile.id,
        datetime.combine(start, time(0), STOCKHOLM),
        datetime.combine(end + timedelta(days=1), time(0), STOCKHOLM),
        ctx.profile.office_hours,
    )
    return start, end, figures
