"""JSON API v1 under ``/api/v1``: the queue, a case with its history, and the same actions as the pages.

Bearer tokens only (``Authorization: Bearer alt_...``, made with
``anhoriglots token create``); cookies are ignored here, which is why the
API needs no CSRF token. A token acts as its user with the user's role and
scope: a case outside the scope is the same 404 as an unknown reference.

Errors are ``{"error": {"code": ..., "message": ...}}`` with 400 (bad
input, a body that is not a JSON object), 401 (no or wrong token;
``token_expired`` for one past its end), 403 (role), 404, 409 (changed
meanwhile: send the ``version`` you read), 413 (body too large), 415 (a body
that is not ``application/json``) and 503 (storage). The body checks are
:mod:`bot.web.bodies`.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Any, Callable, Coroutine, Optional

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage
from sanic.response import HTTPResponse

from bot.callbacks.phone import format_phone_sv
from bot.staff import accounts, audit, casework
from bot.staff.accounts import Principal, TokenExpired
from bot.staff.errors import InvalidCaseworkInput
from bot.staff.queue import CaseSummary, list_queue
from bot.staff.scope import CaseScope
from bot.texts import limits as limit_texts
from bot.texts import web as texts
from bot.web.context import WebContext, api_error, run_sync, web
from bot.web.openapi import openapi_spec
from bot.web.queries import case_scope, period_figures, queue_filters

logger = logging.getLogger(__name__)

ApiHandler = Callable[..., Coroutine[Any, Any, HTTPResponse]]
ApiAction = Callable[[WebContext, CaseScope, audit.Actor, dict[str, Any]], casework.ActionResult]
CASE_ROLES = ("contact", "coordinator")
PREFIX = "/api/v1"
CASE = "/cases/<reference:str>"

bp = Blueprint("api", url_prefix=PREFIX)


def api_route(*roles: str) -> Callable[[ApiHandler], ApiHandler]:
    """Require a valid bearer token (401) whose user has one of ``roles`` (403)."""

    def decorator(handler: ApiHandler) -> ApiHandler:
        @functools.wraps(handler)
        async def wrapped(request: Request, **kwargs: Any) -> HTTPResponse:
            ctx = web(request)
            header = request.headers.get("authorization", "")
            scheme, _, token = header.partition(" ")
            principal = None
            if scheme.lower() == "bearer" and token.strip():
                try:
                    principal = await run_sync(
                        accounts.authenticate_token, ctx.session_factory, token.strip(),
                        municipality=ctx.profile.id, now=ctx.now(),
                    )
                except TokenExpired:
                    return api_error(401, "token_expired", limit_texts.API_TOKEN_EXPIRED)
            if principal is None:
                return api_error(401, "unauthorized", texts.API_UNAUTHORIZED)
            if roles and principal.role not in roles:
                return api_error(403, "forbidden", texts.API_FORBIDDEN)
            return await handler(request, principal, **kwargs)

        wrapped.roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def case_json(item: CaseSummary) -> dict[str, Any]:
    """A case as the API lists it (no personal data)."""
    return {
        "reference": item.reference,
        "status": item.status,
        "link_id": item.link_id,
        "contact_point_id": item.contact_point_id,
        "unit_id": item.unit_id,
        "target_group": item.target_group,
        "district": item.district,
        "slot_start": _iso(item.slot_start),
        "slot_end": _iso(item.slot_end),
        "after_hours": item.after_hours,
        "created_at": _iso(item.created_at),
        "updated_at": _iso(item.updated_at),
        "taken_at": _iso(item.taken_at),
        "taken_by": item.taken_by,
        "next_attempt_at": _iso(item.next_attempt_at),
        "escalation_level": item.escalation_level,
        "overdue": item.overdue,
        "overdue_reason": item.overdue_reason,
        "version": item.version,
    }


def _body(request: Request) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = request.json
    except InvalidUsage as exc:
        raise InvalidUsage("body is not JSON") from exc
    if not isinstance(data, dict):
        raise InvalidUsage("body must be a JSON object")
    return data


def _version(body: dict[str, Any]) -> Optional[int]:
    value = body.get("version")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _string(body: dict[str, Any], key: str) -> Optional[str]:
    value = body.get(key)
    return value if isinstance(value, str) else None


def _result_json(result: casework.ActionResult) -> dict[str, Any]:
    return {
        "reference": result.reference,
        "status": result.status,
        "version": result.version,
        "contact_point_id": result.contact_point_id,
        "visible_to_you": result.still_in_scope,
    }


@bp.get("/cases", name="api_list_cases")
@api_route(*CASE_ROLES)
async def list_cases(request: Request, principal: Principal) -> HTTPResponse:
    """GET /api/v1/cases: the queue with the same filters as the page."""
    ctx = web(request)
    queue = await run_sync(
        list_queue, ctx.session_factory, case_scope(request, principal),
        queue_filters(request.args), ctx.profile, ctx.now(),
    )
    return response.json({"cases": [case_json(item) for item in queue.items],
                          "counts": queue.counts})


@bp.get(CASE, name="api_get_case")
@api_route(*CASE_ROLES)
async def get_case(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """GET /api/v1/cases/{reference}: the case with personal data and history (audit-logged)."""
    ctx = web(request)
    detail = await run_sync(
        casework.get_case_detail, ctx.session_factory, case_scope(request, principal), reference,
        ctx.profile, principal.actor(audit.VIA_API), ctx.now(),
    )
    body = case_json(detail.summary)
    body.update(
        consent=detail.consent,
        transcript_consent=detail.transcript_consent,
        has_phone=detail.has_phone,
        situation_summary=detail.situation_summary,
        name=detail.name,
        message=detail.message,
        transcript=detail.transcript,
        history=[
            {"at": _iso(e.at), "kind": e.kind, "actor": e.actor, "detail": dict(e.detail),
             "text": e.text}
            for e in detail.history
        ],
    )
    return response.json(body)


async def _action(
    request: Request,
    principal: Principal,
    run: ApiAction,
    status: int = 200,
) -> HTTPResponse:
    ctx = web(request)
    body = _body(request)
    scope = case_scope(request, principal)
    result = await run_sync(run, ctx, scope, principal.actor(audit.VIA_API), body)
    return response.json(_result_json(result), status=status)


@bp.post(CASE + "/take", name="api_take")
@api_route(*CASE_ROLES)
async def take(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/take ``{"version"}``."""
    return await _action(request, principal, lambda ctx, scope, actor, body: casework.take_case(
        ctx.session_factory, scope, reference, principal, actor,
        expected_version=_version(body), now=ctx.now(),
    ))


@bp.post(CASE + "/call", name="api_call")
@api_route(*CASE_ROLES)
async def call(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/call ``{"version", "outcome", "next_attempt_at"?}``."""

    def run(ctx: WebContext, scope: CaseScope, actor: audit.Actor,
            body: dict[str, Any]) -> casework.ActionResult:
        outcome = _string(body, "outcome") or ""
        next_at = casework.parse_local_datetime(_string(body, "next_attempt_at"))
        return casework.record_call(
            ctx.session_factory, scope, reference, principal, actor,
            expected_version=_version(body), outcome=outcome,
            next_attempt_at=next_at if outcome == "not_reached" else None,
            profile=ctx.profile, now=ctx.now(),
        )

    return await _action(request, principal, run)


@bp.post(CASE + "/forward", name="api_forward")
@api_route(*CASE_ROLES)
async def forward(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/forward ``{"version", "link_id" | "unit_id", "reason"}``."""

    def run(ctx: WebContext, scope: CaseScope, actor: audit.Actor,
            body: dict[str, Any]) -> casework.ActionResult:
        link_id, unit_id = _string(body, "link_id"), _string(body, "unit_id")
        if bool(link_id) == bool(unit_id):
            raise InvalidCaseworkInput("target_invalid", "link_id")
        target = f"link:{link_id}" if link_id else f"unit:{unit_id}"
        return casework.forward_case(
            ctx.session_factory, scope, reference, actor, expected_version=_version(body),
            target=target, reason=_string(body, "reason"), profile=ctx.profile, now=ctx.now(),
        )

    return await _action(request, principal, run)


@bp.post(CASE + "/close", name="api_close")
@api_route(*CASE_ROLES)
async def close(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/close ``{"version", "outcome"}``."""
    return await _action(request, principal, lambda ctx, scope, actor, body: casework.close_case(
        ctx.session_factory, scope, reference, actor, expected_version=_version(body),
        outcome=_string(body, "outcome"), now=ctx.now(),
    ))


@bp.post(CASE + "/notes", name="api_note")
@api_route(*CASE_ROLES)
async def note(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/notes ``{"text"}``."""
    return await _action(request, principal, lambda ctx, scope, actor, body: casework.add_note(
        ctx.session_factory, scope, reference, actor, text=_string(body, "text"), now=ctx.now(),
    ), status=201)


@bp.post(CASE + "/phone", name="api_phone")
@api_route(*CASE_ROLES)
async def phone(request: Request, principal: Principal, reference: str) -> HTTPResponse:
    """POST /api/v1/cases/{reference}/phone: reveal the phone number (audit-logged)."""
    ctx = web(request)
    number = await run_sync(
        casework.reveal_phone, ctx.session_factory, case_scope(request, principal), reference,
        principal.actor(audit.VIA_API), ctx.now(),
    )
    return response.json({
        "reference": reference.upper(),
        "phone": number,
        "phone_display": format_phone_sv(number) if number else None,
    })


@bp.get("/figures", name="api_figures")
@api_route("coordinator")
async def figures(request: Request, principal: Principal) -> HTTPResponse:
    """GET /api/v1/figures?fran=&till=: the follow-up figures (exact counts, as on the page)."""
    start, end, result = await period_figures(request)
    return response.json({
        "start": start.isoformat(),
        "end": end.isoformat(),
        "total": result.total,
        "by_status": result.by_status,
        "by_target_group": result.by_target_group,
        "by_link": result.by_link,
        "after_hours": result.after_hours,
        "after_hours_share": result.after_hours_share,
        "first_call_count": result.first_call_count,
        "first_call_median_hours": result.first_call_median_hours,
        "first_call_median_working_hours": result.first_call_median_working_hours,
        "escalated_cases": result.escalated_cases,
        "escalation_steps": result.escalation_steps,
        "escalated_to_coordinator": result.escalated_to_coordinator,
        "forwarded_cases": result.forwarded_cases,
        "outcomes": result.outcomes,
    })


@bp.get("/openapi.json", name="api_openapi")
async def openapi(request: Request) -> HTTPResponse:
    """GET /api/v1/openapi.json: the OpenAPI 3 description (public; it holds no data)."""
    return response.json(openapi_spec())

