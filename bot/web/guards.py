"""Who is asking: the visitor token and its CSRF token, the staff session, and :func:`staff_page`.

Every staff handler is wrapped by :func:`staff_page`, which loads the
session, checks the CSRF token of every POST (before anything else), sends
signed-out visitors to the sign-in page and refuses roles the page is not
for. Forms shown before sign-in (the public chat, the sign-in form) carry the
visitor's CSRF token instead (:func:`visitor_form_token`).
"""

from __future__ import annotations

import functools
import logging
from datetime import timedelta
from typing import Any, Callable, Coroutine, Optional
from urllib.parse import urlencode

from sanic import Request, response
from sanic.response import HTTPResponse

from bot.staff import accounts
from bot.staff.errors import NotPermitted
from bot.texts import web as texts
from bot.web.context import WebContext, page_error, run_sync, web
from bot.web.security import clear_cookie, new_token, tokens_match, valid_token, visitor_csrf

logger = logging.getLogger(__name__)

StaffHandler = Callable[..., Coroutine[Any, Any, HTTPResponse]]
CONTACT_OR_COORDINATOR = ("contact", "coordinator")
LOGIN_PATH = "/personal/logga-in"


def ensure_visitor(request: Request) -> str:
    """The visitor token of this browser, created (and set on the response) if missing."""
    if request.ctx.visitor:
        return str(request.ctx.visitor)
    if not request.ctx.new_visitor:
        request.ctx.new_visitor = new_token()
    return str(request.ctx.new_visitor)


def visitor_form_token(request: Request) -> str:
    """The CSRF token for forms shown before sign-in."""
    return visitor_csrf(web(request).secret, ensure_visitor(request))


def visitor_expected(request: Request) -> Optional[str]:
    """The CSRF token a form posted by this visitor must carry (None without a visitor cookie)."""
    visitor = request.ctx.visitor
    return visitor_csrf(web(request).secret, visitor) if visitor else None


def visitor_form_valid(request: Request) -> bool:
    """Whether a form posted before sign-in carries this visitor's CSRF token."""
    return tokens_match(request.form.get("csrf_token"), visitor_expected(request))


def csrf_failed(request: Request) -> HTTPResponse:
    """403: the form's token is missing or wrong (an old page, or a forged request)."""
    return page_error(request, 403, texts.CSRF_FAILED)


def _idle(ctx: WebContext) -> timedelta:
    return timedelta(minutes=ctx.settings.session_idle_minutes)


async def current_session(request: Request) -> Optional[accounts.SessionInfo]:
    """The signed-in session of the request, or None."""
    ctx = web(request)
    token = valid_token(request.cookies.get(ctx.cookies.session))
    if token is None:
        return None
    return await run_sync(
        accounts.load_session, ctx.session_factory, token,
        municipality=ctx.profile.id, now=ctx.now(), idle=_idle(ctx),
    )


def staff_page(*roles: str) -> Callable[[StaffHandler], StaffHandler]:
    """Require a session (and one of ``roles``); check the CSRF token of every POST first."""

    def decorator(handler: StaffHandler) -> StaffHandler:
        @functools.wraps(handler)
        async def wrapped(request: Request, **kwargs: Any) -> HTTPResponse:
            ctx = web(request)
            info = await current_session(request)
            if request.method == "POST":
                expected = info.csrf_token if info is not None else visitor_expected(request)
                if not tokens_match(request.form.get("csrf_token"), expected):
                    return csrf_failed(request)
            if info is None:
                target = LOGIN_PATH
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.path})
                resp = response.redirect(target, status=303)
                if request.cookies.get(ctx.cookies.session):
                    clear_cookie(resp, ctx.cookies.session, secure=ctx.secure_cookies)
                return resp
            request.ctx.staff = info
            if roles and info.principal.role not in roles:
                raise NotPermitted(f"{info.principal.role} on {request.path}")
            return await handler(request, info.principal, **kwargs)

        wrapped.roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator
