"""The follow-up figures for coordinators: the page with charts and tables, and the CSV export.

The figures are de-identified (:mod:`bot.staff.followup`); the CSV export
also hides counts below five, and each export is audit-logged.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import date
from typing import Any, Callable, Optional
from urllib.parse import urlencode

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.staff import audit, followup
from bot.staff.accounts import Principal
from bot.texts import web as texts
from bot.web import present
from bot.web.charts import bar_chart
from bot.web.context import render, run_sync, web
from bot.web.guards import staff_page
from bot.web.queries import period_figures

logger = logging.getLogger(__name__)

bp = Blueprint("staff_figures")


@bp.get("/personal/uppfoljning", name="figures_page")
@staff_page("coordinator")
async def figures_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/uppfoljning: de-identified figures with charts and tables."""
    ctx = web(request)
    start, end, figures = await period_figures(request)
    groups = [(texts.TARGET_GROUP_SV.get(k, k), v) for k, v in figures.by_target_group.items()]
    outcomes = [(texts.CLOSE_OUTCOME_SV.get(k, k), v) for k, v in figures.outcomes.items()]
    links = [(present.link_label(ctx.profile, k), v) for k, v in figures.by_link.items()]
    return render(
        request, "figures.html", f=figures, start=start, end=end, groups=groups,
        outcomes=outcomes, links_rows=links,
        groups_chart=bar_chart(texts.CHART_BY_TARGET_GROUP, groups) if groups else "",
        outcomes_chart=bar_chart(texts.CHART_BY_OUTCOME, outcomes) if outcomes else "",
        share_text=texts.share_sv(figures.after_hours_share),
        median_hours=texts.hours_sv(figures.first_call_median_hours),
        median_working_hours=texts.hours_sv(figures.first_call_median_working_hours),
        csv_href="/personal/uppfoljning.csv?" + urlencode({"fran": start.isoformat(),
                                                          "till": end.isoformat()}),
        page_title=texts.TITLE_FIGURES,
    )


def figures_csv(figures: followup.Figures, profile: Any, start: date, end: date) -> str:
    """The CSV export: semicolon-separated for Swedish spreadsheets, small counts suppressed."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(texts.CSV_HEADER)
    writer.writerow([texts.CSV_PERIOD, texts.CSV_FROM, start.isoformat()])
    writer.writerow([texts.CSV_PERIOD, texts.CSV_TO, end.isoformat()])
    writer.writerow([texts.CSV_CASES, texts.CSV_TOTAL, figures.total])

    def breakdown(title: str, counts: dict[str, int], label: Callable[[str], str]) -> None:
        for key, value in followup.suppress_small(counts).items():
            writer.writerow([title, label(key), texts.CSV_SUPPRESSED if value is None else value])

    breakdown(texts.CSV_STATUS, figures.by_status, lambda k: texts.STATUS_SV.get(k, k))
    breakdown(texts.CSV_TARGET_GROUP, figures.by_target_group,
              lambda k: texts.TARGET_GROUP_SV.get(k, k))
    breakdown(texts.CSV_LINK, figures.by_link, lambda k: present.link_label(profile, k))
    breakdown(texts.CSV_AFTER_HOURS, {texts.CSV_AFTER_HOURS: figures.after_hours,
                                      texts.CSV_OFFICE_HOURS: figures.total - figures.after_hours},
              lambda k: k)
    breakdown(texts.CSV_OUTCOME, figures.outcomes, lambda k: texts.CLOSE_OUTCOME_SV.get(k, k))
    breakdown(texts.CSV_ESCALATION, {texts.CSV_ESCALATED: figures.escalated_cases,
                                     texts.CSV_FORWARDED: figures.forwarded_cases}, lambda k: k)
    enough = figures.first_call_count >= followup.SUPPRESS_BELOW

    def hours(value: Optional[float]) -> str:
        if value is None or not enough:
            return texts.CSV_TOO_FEW_CASES if value is not None else ""
        return f"{value:.1f}".replace(".", ",")

    writer.writerow([texts.CSV_FIRST_CALL, texts.CSV_MEDIAN_HOURS,
                     hours(figures.first_call_median_hours)])
    writer.writerow([texts.CSV_FIRST_CALL, texts.CSV_MEDIAN_WORKING_HOURS,
                     hours(figures.first_call_median_working_hours)])
    return "\ufeff" + out.getvalue()


@bp.get("/personal/uppfoljning.csv", name="figures_export")
@staff_page("coordinator")
async def figures_export(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/uppfoljning.csv: the figures without personal data."""
    ctx = web(request)
    start, end, figures = await period_figures(request)
    await run_sync(
        audit.record_now, ctx.session_factory, principal.actor(audit.VIA_WEB),
        "figures.exported", ctx.profile.id, ctx.now(), start=start.isoformat(),
        end=end.isoformat(),
    )
    body = figures_csv(figures, ctx.profile, start, end)
    filename = texts.figures_filename(start.isoformat(), end.isoformat())
    return response.text(
        body, content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
