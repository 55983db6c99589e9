"""What every route of the web app shares: the app's context, page rendering, error answers.

:func:`bot.web.app.create_app` builds one :class:`WebContext` and keeps it on
``app.ctx.web``; handlers reach it with :func:`web`. Blocking work (database,
password hashing) goes through :func:`run_sync`, so that the event loop stays
free.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Optional, TypeVar

from jinja2 import Environment
from sanic import Request, response
from sanic.response import HTTPResponse

from bot.knowledge.schema import Profile
from bot.settings import Settings
from bot.storage.engine import SessionFactory
from bot.storage.limits import DatabaseLimiter, RateLimiter
from bot.texts import web as texts
from bot.texts import widget as widget_texts
from bot.web.chat import ChatBackend
from bot.web.security import CookieNames

logger = logging.getLogger(__name__)

T = TypeVar("T")

# The staff menu: address, label, and the roles that see it.
NAV = (
    ("/personal/ko", texts.NAV_QUEUE, ("contact", "coordinator")),
    ("/personal/morgon", texts.NAV_MORNING, ("contact", "coordinator")),
    ("/personal/uppfoljning", texts.NAV_FIGURES, ("coordinator",)),
    ("/personal/logg", texts.NAV_AUDIT, ("coordinator",)),
    ("/personal/konton", texts.NAV_ACCOUNTS, ("admin",)),
)
# The API's error code for each status of an error page.
API_ERROR_CODES = {400: "invalid_input", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                   409: "conflict", 413: "too_large", 503: "unavailable"}
# The widget API's path, and the code and Swedish message for each status of an error page.
WIDGET_API_PREFIX = "/chat/api"
WIDGET_ERRORS = {
    400: ("invalid_json", widget_texts.INVALID_JSON),
    403: ("origin", widget_texts.ORIGIN),
    404: ("not_found", widget_texts.NOT_FOUND),
    405: ("method_not_allowed", widget_texts.WRONG_METHOD),
    413: ("too_large", widget_texts.TOO_LARGE),
    500: ("internal_error", widget_texts.SERVER_ERROR),
    503: ("unavailable", widget_texts.STORAGE_UNAVAILABLE),
}


@dataclass
class WebContext:
    """Everything the handlers share, kept on ``app.ctx.web``."""

    settings: Settings
    session_factory: SessionFactory
    profile: Profile
    now: Callable[[], datetime]
    secret: bytes
    templates: Environment
    chat: ChatBackend
    cookies: CookieNames
    limiter: Optional[RateLimiter] = None  # None: the database's (DatabaseLimiter)

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = DatabaseLimiter(self.session_factory)

    @property
    def limits(self) -> RateLimiter:
        """The rate-limit store shared by every instance."""
        assert self.limiter is not None
        return self.limiter

    @property
    def secure_cookies(self) -> bool:
        """Secure cookies everywhere except local development (plain http://localhost)."""
        return not self.settings.development


def web(request: Request) -> WebContext:
    """The app's shared context."""
    context: WebContext = request.app.ctx.web
    return context


async def run_sync(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (database, argon2) in a worker thread."""
    return await asyncio.to_thread(functools.partial(function, *args, **kwargs))


def render(
    request: Request, template: str, status: int = 200, **context: Any
) -> HTTPResponse:
    """Render a page with the shared context (who is signed in, CSRF token, menu)."""
    ctx = web(request)
    staff = getattr(request.ctx, "staff", None)
    principal = staff.principal if staff is not None else None
    context.setdefault("principal", principal)
    context.setdefault("csrf_token", staff.csrf_token if staff is not None else "")
    context.setdefault("nav", nav(principal.role if principal else None, request.path))
    context.setdefault("page_title", "")
    html = ctx.templates.get_template(template).render(**context)
    return response.html(html, status=status)


def nav(role: Optional[str], path: str) -> list[dict[str, Any]]:
    """The menu entries for ``role`` (none when signed out), the one for ``path`` marked current."""
    if role is None:
        return []
    return [
        {"href": href, "label": label, "current": path == href}
        for href, label, roles in NAV
        if role in roles
    ]


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (errors are JSON there)."""
    return request.path.startswith("/api/")


def is_widget_api(request: Request) -> bool:
    """Whether the request is for the chat widget's API (errors are JSON there, flat)."""
    return request.path == WIDGET_API_PREFIX or request.path.startswith(WIDGET_API_PREFIX + "/")


def widget_error(status: int, code: str, message: str, **extra: Any) -> HTTPResponse:
    """A JSON error of the widget API: ``{"error": code, "message": Swedish text, ...}``."""
    return response.json({"error": code, "message": message, **extra}, status=status)


def api_error(status: int, code: str, message: str, **extra: Any) -> HTTPResponse:
    """A JSON error body: ``{"error": {"code", "message", ...}}``."""
    headers = {"WWW-Authenticate": 'Bearer realm="anhoriglotsen"'} if status == 401 else None
    return response.json(
        {"error": {"code": code, "message": message, **extra}}, status=status, headers=headers
    )


def error_page(request: Request, status: int, title: str, message: str) -> HTTPResponse:
    """An error page in Swedish, or a JSON error on the API and the widget API."""
    if is_widget_api(request):
        code, widget_message = WIDGET_ERRORS.get(status, ("error", message))
        return widget_error(status, code, widget_message)
    if is_api(request):
        return api_error(status, API_ERROR_CODES.get(status, "error"), message)
    return render(request, "error.html", status=status, title=title, message=message,
                  page_title=title)


def page_error(request: Request, status: int, text: texts.PageError) -> HTTPResponse:
    """:func:`error_page` with a title and message from :mod:`bot.texts.web`."""
    return error_page(request, status, text.title, text.message)
