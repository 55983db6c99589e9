"""Staff casework pages: the callback queue, the morning view and the case page with its actions.

Handlers ask :mod:`bot.staff.casework` and :mod:`bot.staff.queue` with the
signed-in person's scope, so a case outside it is the same 404 as an unknown
reference. Every action carries the case ``version`` the person saw; a change
made meanwhile is shown as a 409 with the case as it is now.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional
from urllib.parse import quote, urlencode

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.callbacks.cases import CaseNotChangeable
from bot.callbacks.phone import format_phone_sv
from bot.staff import audit, casework
from bot.staff.accounts import Principal
from bot.staff.errors import ConcurrentChange, InvalidCaseworkInput
from bot.staff.queue import OPEN_FOR_WORK, list_queue, morning_queue
from bot.staff.scope import CaseScope
from bot.texts import web as texts
from bot.web.context import WebContext, render, run_sync, web
from bot.web.guards import CONTACT_OR_COORDINATOR, staff_page
from bot.web.queries import case_scope, queue_filters

logger = logging.getLogger(__name__)

bp = Blueprint("staff_cases")

CASE = "/personal/arenden/<reference:str>"
QUEUE_TABS = ("open", "booked", "taken", "called", "closed", "cancelled", "all")

CaseAction = Callable[[WebContext, CaseScope, Any], casework.ActionResult]


# ---------------------------------------------------------------- queue and morning view


@bp.get("/personal/ko", name="queue_page")
@staff_page(*CONTACT_OR_COORDINATOR)
async def queue_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/ko: the callback queue with filters and counts."""
    ctx = web(request)
    filters = queue_filters(request.args)
    queue = await run_sync(
        list_queue, ctx.session_factory, case_scope(request, principal), filters,
        ctx.profile, ctx.now(),
    )
    base_args = {k: v for k, v in (("link", filters.link_id), ("unit", filters.unit_id),
                                   ("after_hours", request.args.get("after_hours"))) if v}
    tabs = []
    for key in QUEUE_TABS:
        count = (
            sum(queue.counts.get(s, 0) for s in OPEN_FOR_WORK) if key == "open"
            else sum(queue.counts.values()) if key == "all" else queue.counts.get(key, 0)
        )
        tabs.append({
            "key": key, "label": texts.STATUS_FILTER_SV[key], "count": count,
            "href": "/personal/ko?" + urlencode({**base_args, "status": key}),
            "current": key == filters.status,
        })
    done = texts.DONE_SV.get(request.args.get("klart") or "", "")
    return render(
        request, "queue.html", queue=queue, filters=filters, tabs=tabs, done=done,
        links=ctx.profile.links, units=ctx.profile.units,
        after_hours_arg=request.args.get("after_hours") or "",
        page_title=texts.TITLE_QUEUE,
    )


@bp.get("/personal/morgon", name="morning_page")
@staff_page(*CONTACT_OR_COORDINATOR)
async def morning_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/morgon: what came in after hours since the last working day closed."""
    ctx = web(request)
    since, queue = await run_sync(
        morning_queue, ctx.session_factory, case_scope(request, principal), ctx.profile,
        ctx.now(),
    )
    return render(request, "morning.html", since=since, queue=queue,
                  page_title=texts.TITLE_MORNING)


# ---------------------------------------------------------------- the case page


def _version(raw: Optional[str]) -> Optional[int]:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


async def _case_page(
    request: Request,
    principal: Principal,
    reference: str,
    *,
    status: int = 200,
    error: str = "",
    error_field: str = "",
    notice: str = "",
    phone: Optional[str] = None,
) -> HTTPResponse:
    ctx = web(request)
    actor = principal.actor(audit.VIA_WEB)
    detail = await run_sync(
        casework.get_case_detail, ctx.session_factory, case_scope(request, principal), reference,
        ctx.profile, actor, ctx.now(),
    )
    transcript_lines = (detail.transcript or "").splitlines()
    targets = [("link:" + link.id, texts.forward_to_link(link.name)) for link in ctx.profile.links]
    targets += [("unit:" + unit.id, texts.forward_to_unit(unit.name)) for unit in ctx.profile.units]
    return render(
        request, "case.html", status=status, case=detail, s=detail.summary,
        transcript_lines=transcript_lines, error=error, error_field=error_field, notice=notice,
        done=texts.DONE_SV.get(request.args.get("klart") or "", ""),
        phone=phone, phone_display=format_phone_sv(phone) if phone else "",
        targets=targets, call_outcomes=casework.CALL_OUTCOMES,
        close_outcomes=casework.CLOSE_OUTCOMES, now=ctx.now(),
        page_title=texts.case_title(detail.summary.reference),
    )


@bp.get(CASE, name="case_page")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_page(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """GET /personal/arenden/<reference>: the case (the view is audit-logged)."""
    return await _case_page(request, principal, reference)


@bp.post(CASE + "/telefon", name="case_reveal_phone")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_reveal_phone(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../telefon: show the phone number on this response only; the reveal is logged."""
    ctx = web(request)
    phone = await run_sync(
        casework.reveal_phone, ctx.session_factory, case_scope(request, principal), reference,
        principal.actor(audit.VIA_WEB), ctx.now(),
    )
    notice = "" if phone else texts.PHONE_GONE
    return await _case_page(request, principal, reference, phone=phone, notice=notice)


async def _case_action(
    request: Request, principal: Principal, reference: str, done: str, action: CaseAction,
) -> HTTPResponse:
    ctx = web(request)
    scope = case_scope(request, principal)
    actor = principal.actor(audit.VIA_WEB)
    try:
        result = await run_sync(action, ctx, scope, actor)
    except InvalidCaseworkInput as exc:
        return await _case_page(request, principal, reference, status=400, error=exc.message_sv,
                                error_field=exc.field or "")
    except ConcurrentChange:
        return await _case_page(request, principal, reference, status=409,
                                error=texts.CASE_CHANGED_MEANWHILE)
    except CaseNotChangeable as exc:
        return await _case_page(
            request, principal, reference, status=409,
            error=texts.not_in_status(texts.STATUS_SV.get(exc.status, exc.status)),
        )
    if not result.still_in_scope:
        return response.redirect("/personal/ko?" + urlencode({"klart": done}), status=303)
    return response.redirect(
        f"/personal/arenden/{quote(result.reference)}?" + urlencode({"klart": done}), status=303
    )


@bp.post(CASE + "/ta", name="case_take")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_take(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../ta: take the case."""
    version = _version(request.form.get("version"))
    return await _case_action(
        request, principal, reference, "taken",
        lambda ctx, scope, actor: casework.take_case(
            ctx.session_factory, scope, reference, principal, actor,
            expected_version=version, now=ctx.now(),
        ),
    )


@bp.post(CASE + "/samtal", name="case_call")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_call(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../samtal: record a call, reached or not (then a new attempt is planned)."""
    version = _version(request.form.get("version"))
    outcome = request.form.get("outcome") or ""
    raw_next = request.form.get("next_attempt_at")

    def action(ctx: WebContext, scope: CaseScope, actor: Any) -> casework.ActionResult:
        next_at = casework.parse_local_datetime(raw_next) if outcome == "not_reached" else None
        return casework.record_call(
            ctx.session_factory, scope, reference, principal, actor, expected_version=version,
            outcome=outcome, next_attempt_at=next_at, profile=ctx.profile, now=ctx.now(),
        )

    return await _case_action(request, principal, reference, "call", action)


@bp.post(CASE + "/lotsa-vidare", name="case_forward")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_forward(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../lotsa-vidare: pass the case to another link or unit, with a reason."""
    version = _version(request.form.get("version"))
    target, reason = request.form.get("target"), request.form.get("reason")
    return await _case_action(
        request, principal, reference, "forwarded",
        lambda ctx, scope, actor: casework.forward_case(
            ctx.session_factory, scope, reference, actor, expected_version=version,
            target=target, reason=reason, profile=ctx.profile, now=ctx.now(),
        ),
    )


@bp.post(CASE + "/avsluta", name="case_close")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_close(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../avsluta: close with an outcome category."""
    version = _version(request.form.get("version"))
    outcome = request.form.get("outcome")
    return await _case_action(
        request, principal, reference, "closed",
        lambda ctx, scope, actor: casework.close_case(
            ctx.session_factory, scope, reference, actor, expected_version=version,
            outcome=outcome, now=ctx.now(),
        ),
    )


@bp.post(CASE + "/anteckning", name="case_note")
@staff_page(*CONTACT_OR_COORDINATOR)
async def case_note(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST .../anteckning: add a note."""
    text = request.form.get("text")
    return await _case_action(
        request, principal, reference, "note",
        lambda ctx, scope, actor: casework.add_note(
            ctx.session_factory, scope, reference, actor, text=text, now=ctx.now(),
        ),
    )
