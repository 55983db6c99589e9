"""Staff sign-in and sign-out under ``/personal/``, and the start page each role lands on.

Signing in checks the password (in a worker thread: argon2 is slow on
purpose), opens a session in the database and sets its cookie; the sign-in
form carries the visitor's CSRF token, since nobody is signed in yet.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Optional

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.staff import accounts
from bot.staff.accounts import Principal, SignInFailed
from bot.texts import web as texts
from bot.web.context import render, run_sync, web
from bot.web.guards import (
    LOGIN_PATH,
    csrf_failed,
    current_session,
    staff_page,
    visitor_form_token,
    visitor_form_valid,
)
from bot.web.security import clear_cookie, set_cookie, valid_token

logger = logging.getLogger(__name__)

bp = Blueprint("staff_auth")


def landing(principal: Principal) -> str:
    """Where a signed-in person starts: accounts for admins, the queue for everyone else."""
    return "/personal/konton" if principal.role == "admin" else "/personal/ko"


def safe_next(raw: Optional[str]) -> Optional[str]:
    """``raw`` if it is a staff page of this site (so ``next`` cannot lead elsewhere), else None."""
    if raw and raw.startswith("/personal/") and "//" not in raw and "\\" not in raw:
        return raw
    return None


def _render_login(request: Request, status: int = 200, error: str = "", username: str = "") -> HTTPResponse:
    notice = texts.SIGNED_OUT if request.args.get("utloggad") else ""
    return render(
        request, "login.html", status=status, error=error, notice=notice, username=username,
        login_csrf=visitor_form_token(request), next=safe_next(request.args.get("next")) or "",
        page_title=texts.TITLE_LOGIN,
    )


@bp.get("/personal/", name="staff_home")
@staff_page()
async def staff_home(request: Request, principal: Principal) -> HTTPResponse:
    """GET /personal/: to the queue, or to accounts for admins."""
    return response.redirect(landing(principal), status=303)


@bp.get(LOGIN_PATH, name="login_page")
async def login_page(request: Request) -> HTTPResponse:
    """GET /personal/logga-in."""
    info = await current_session(request)
    if info is not None:
        return response.redirect(landing(info.principal), status=303)
    return _render_login(request)


@bp.post(LOGIN_PATH, name="login_submit")
async def login_submit(request: Request) -> HTTPResponse:
    """POST /personal/logga-in: check the password, open a session, set the cookie."""
    ctx = web(request)
    if not visitor_form_valid(request):
        return csrf_failed(request)
    username = (request.form.get("username") or "").strip()
    password = request.form.get("password") or ""
    if not username or not password:
        return _render_login(request, 400, texts.LOGIN_MISSING, username)
    max_age = timedelta(hours=ctx.settings.session_max_hours)
    try:
        token, info = await run_sync(
            accounts.sign_in, ctx.session_factory, username, password,
            ip=request.remote_addr or request.ip or "unknown", municipality=ctx.profile.id,
            now=ctx.now(), max_age=max_age,
        )
    except SignInFailed as exc:
        if exc.reason == "locked":
            return _render_login(request, 429, texts.LOGIN_LOCKED, username)
        return _render_login(request, 401, texts.LOGIN_FAILED, username)
    target = safe_next(request.form.get("next")) or landing(info.principal)
    resp = response.redirect(target, status=303)
    set_cookie(resp, ctx.cookies.session, token, secure=ctx.secure_cookies,
               max_age=int(max_age.total_seconds()))
    return resp


@bp.post("/personal/logga-ut", name="logout")
@staff_page()
async def logout(request: Request, principal: Principal) -> HTTPResponse:
    """POST /personal/logga-ut: end the session and forget the cookie."""
    ctx = web(request)
    token = valid_token(request.cookies.get(ctx.cookies.session))
    await run_sync(accounts.sign_out, ctx.session_factory, token, now=ctx.now())
    resp = response.redirect(LOGIN_PATH + "?utloggad=1", status=303)
    clear_cookie(resp, ctx.cookies.session, secure=ctx.secure_cookies)
    return resp
