"""Oversight pages: the audit log (coordinators) and staff accounts (administrators).

Account changes go through :mod:`bot.staff.accounts`, which audit-logs them
and ends the sessions of an account that is disabled or gets a new password.
"""

from __future__ import annotations

import logging
from typing import Callable, Optional

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.staff import accounts, audit
from bot.staff.accounts import AccountError, Principal
from bot.texts import web as texts
from bot.web.context import WebContext, render, run_sync, web
from bot.web.guards import staff_page

logger = logging.getLogger(__name__)

bp = Blueprint("staff_admin")

ACCOUNT = "/personal/konton/<username:str>"


# ---------------------------------------------------------------- audit log


@bp.get("/personal/logg", name="audit_page")
@staff_page("coordinator")
async def audit_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/logg: who viewed or changed what (newest first)."""
    ctx = web(request)
    reference = (request.args.get("referens") or "").strip().upper() or None
    who = (request.args.get("anvandare") or "").strip().lower() or None
    entries = await run_sync(
        audit.list_entries, ctx.session_factory, ctx.profile.id,
        case_reference=reference, actor=who,
    )
    return render(request, "audit.html", entries=entries, reference=reference or "",
                  who=who or "", page_title=texts.TITLE_AUDIT)


# ---------------------------------------------------------------- accounts


async def _accounts_page(
    request: Request, *, status: int = 200, error: str = "", form: Optional[dict[str, str]] = None
) -> HTTPResponse:
    ctx = web(request)
    users = await run_sync(accounts.list_users, ctx.session_factory, ctx.profile.id)
    done = texts.ACCOUNT_DONE_SV.get(request.args.get("klart") or "", "")
    return render(
        request, "accounts.html", status=status, users=users, error=error, done=done,
        form=form or {}, contact_points=ctx.profile.contact_points,
        roles=accounts.ROLES, min_chars=accounts.PASSWORD_MIN_CHARS,
        page_title=texts.TITLE_ACCOUNTS,
    )


@bp.get("/personal/konton", name="accounts_page")
@staff_page("admin")
async def accounts_page(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/konton."""
    return await _accounts_page(request)


@bp.post("/personal/konton", name="accounts_create")
@staff_page("admin")
async def accounts_create(request: Request, principal: Principal) -> HTTPResponse:
    """POST /personal/konton: create an account."""
    ctx = web(request)
    form = {k: (request.form.get(k) or "").strip() for k in ("username", "role", "contact_point")}
    try:
        await run_sync(
            accounts.create_user, ctx.session_factory, username=form["username"],
            password=request.form.get("password") or "", role=form["role"],
            municipality=ctx.profile.id, contact_point_id=form["contact_point"] or None,
            known_contact_points={cp.id for cp in ctx.profile.contact_points},
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        )
    except AccountError as exc:
        return await _accounts_page(request, status=400, error=exc.message_sv, form=form)
    return response.redirect("/personal/konton?klart=created", status=303)


async def _account_change(
    request: Request, principal: Principal, change: Callable[[WebContext], None], done: str
) -> HTTPResponse:
    ctx = web(request)
    try:
        await run_sync(change, ctx)
    except AccountError as exc:
        status = 404 if exc.reason == "user_unknown" else 400
        return await _accounts_page(request, status=status, error=exc.message_sv)
    return response.redirect(f"/personal/konton?klart={done}", status=303)


@bp.post(ACCOUNT + "/stang-av", name="account_disable")
@staff_page("admin")
async def account_disable(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/stang-av: disable; sessions end, tokens stop working."""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_user_active(
            ctx.session_factory, username, False, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "disabled",
    )


@bp.post(ACCOUNT + "/aktivera", name="account_enable")
@staff_page("admin")
async def account_enable(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/aktivera."""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_user_active(
            ctx.session_factory, username, True, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "enabled",
    )


@bp.post(ACCOUNT + "/losenord", name="account_password")
@staff_page("admin")
async def account_password(request: Request, principal: Principal, username: str) -> HTTPResponse:
    """POST /personal/konton/<username>/losenord: set a new password (sessions end)."""
    password = request.form.get("password") or ""
    return await _account_change(
        request, principal,
        lambda ctx: accounts.set_password(
            ctx.session_factory, username, password, municipality=ctx.profile.id,
            actor=principal.actor(audit.VIA_WEB), now=ctx.now(),
        ),
        "password",
    )
