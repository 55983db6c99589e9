"""The web app: public chat page, staff dashboard (``/personal/...``) and JSON API (``/api/v1``).

:func:`create_app` builds a Sanic app from settings; nothing happens at
import time. Database work and password hashing run in worker threads so
that the event loop stays free.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sanic import Request, Sanic, response
from sanic.exceptions import InvalidUsage, MethodNotSupported, NotFound, PayloadTooLarge
from sanic.response import HTTPResponse

from bot import clock
from bot.callbacks.booking import CaseNotChangeable, CaseNotFound, StorageUnavailable
from bot.knowledge.schema import Profile
from bot.settings import Settings, SettingsError
from bot.staff.casework import ConcurrentChange, InvalidCaseworkInput, NotPermitted
from bot.storage.engine import SessionFactory, create_engine_for, make_session_factory
from bot.web import present
from bot.web.chat import ChatBackend, RasaChat
from bot.web.security import (
    VISITOR_MAX_AGE,
    CookieNames,
    cookie_names,
    security_headers,
    set_cookie,
    valid_token,
)

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
REQUEST_MAX_SIZE = 256 * 1024
SECRET_MIN_CHARS = 32

T = TypeVar("T")
_names = itertools.count(1)


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


def _secret(settings: Settings) -> bytes:
    if settings.secret_key:
        if len(settings.secret_key) < SECRET_MIN_CHARS and not settings.development:
            raise SettingsError(
                f"ANHORIG_SECRET_KEY must have at least {SECRET_MIN_CHARS} characters in production"
            )
        return settings.secret_key.encode("utf-8")
    if not settings.development:
        raise SettingsError("ANHORIG_SECRET_KEY must be set in production (ANHORIG_ENV=production)")
    logger.warning("ANHORIG_SECRET_KEY is not set: using a random key for this process only")
    return secrets.token_bytes(32)


def _templates(profile: Profile) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        municipality_name=profile.name,
        local=present.local,
        short=present.short,
        window=present.window,
        cp_label=functools.partial(present.contact_point_label, profile),
        link_label=functools.partial(present.link_label, profile),
        unit_label=functools.partial(present.unit_label, profile),
        actor_label=present.actor_label,
        describe_event=functools.partial(present.describe_event, profile=profile),
        STATUS_SV=present.STATUS_SV,
        STATUS_FILTER_SV=present.STATUS_FILTER_SV,
        TARGET_GROUP_SV=present.TARGET_GROUP_SV,
        CALL_OUTCOME_SV=present.CALL_OUTCOME_SV,
        CLOSE_OUTCOME_SV=present.CLOSE_OUTCOME_SV,
        OVERDUE_SV=present.OVERDUE_SV,
        AUDIT_ACTION_SV=present.AUDIT_ACTION_SV,
        ROLE_SV=present.ROLE_SV,
        VIA_SV=present.VIA_SV,
    )
    return env


def render(
    request: Request, template: str, status: int = 200, **context: Any
) -> HTTPResponse:
    """Render a page with the shared context (who is signed in, CSRF token, menu)."""
    ctx = web(request)
    staff = getattr(request.ctx, "staff", None)
    principal = staff.principal if staff is not None else None
    context.setdefault("principal", principal)
    context.setdefault("csrf_token", staff.csrf_token if staff is not None else "")
    context.setdefault("nav", _nav(principal.role if principal else None, request.path))
    context.setdefault("page_title", "")
    html = ctx.templates.get_template(template).render(**context)
    return response.html(html, status=status)


NAV = (
    ("/personal/ko", "Kö", ("contact", "coordinator")),
    ("/personal/morgon", "Morgonöversikt", ("contact", "coordinator")),
    ("/personal/uppfoljning", "Uppföljning", ("coordinator",)),
    ("/personal/logg", "Logg", ("coordinator",)),
    ("/personal/konton", "Konton", ("admin",)),
)


def _nav(role: Optional[str], path: str) -> list[dict[str, Any]]:
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


def api_error(status: int, code: str, message: str, **extra: Any) -> HTTPResponse:
    """A JSON error body: ``{"error": {"code", "message", ...}}``."""
    headers = {"WWW-Authenticate": 'Bearer realm="anhoriglotsen"'} if status == 401 else None
    return response.json(
        {"error": {"code": code, "message": message, **extra}}, status=status, headers=headers
    )


def error_page(request: Request, status: int, title: str, message: str) -> HTTPResponse:
    """An error page in Swedish, or a JSON error on the API."""
    if is_api(request):
        codes = {400: "invalid_input", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 409: "conflict", 413: "too_large", 503: "unavailable"}
        return api_error(status, codes.get(status, "error"), message)
    return render(request, "error.html", status=status, title=title, message=message,
                  page_title=title)


NOT_FOUND_SV = (
    "Sidan eller ärendet finns inte, eller så har du inte behörighet att se det."
)


def _register_error_handlers(app: Sanic) -> None:
    async def not_found(request: Request, exc: Exception) -> HTTPResponse:
        return error_page(request, 404, "Hittades inte", NOT_FOUND_SV)

    async def forbidden(request: Request, exc: Exception) -> HTTPResponse:
        return error_page(request, 403, "Ingen behörighet",
                          "Din roll ger inte tillgång till den här sidan.")

    async def conflict(request: Request, exc: Exception) -> HTTPResponse:
        if is_api(request) and isinstance(exc, ConcurrentChange):
            return api_error(409, "conflict", "Ärendet har ändrats sedan du läste det. "
                             "Hämta det igen och försök på nytt.",
                             current_version=exc.current_version)
        if is_api(request) and isinstance(exc, CaseNotChangeable):
            return api_error(409, "not_changeable",
                             f"Ärendet kan inte ändras så i läget "
                             f"\"{present.STATUS_SV.get(exc.status, exc.status)}\".",
                             case_status=exc.status)
        return error_page(request, 409, "Ärendet har ändrats",
                          "Ärendet har ändrats sedan du öppnade det. Öppna det igen.")

    async def invalid(request: Request, exc: Exception) -> HTTPResponse:
        if isinstance(exc, InvalidCaseworkInput):
            if is_api(request):
                return api_error(400, "invalid_input", exc.message_sv, field=exc.field)
            return error_page(request, 400, "Något saknas", exc.message_sv)
        return error_page(request, 400, "Felaktig begäran",
                          "Begäran kunde inte läsas. Kontrollera uppgifterna och försök igen.")

    async def method(request: Request, exc: Exception) -> HTTPResponse:
        return error_page(request, 405, "Fel metod", "Den här adressen tar inte emot sådana anrop.")

    async def too_large(request: Request, exc: Exception) -> HTTPResponse:
        return error_page(request, 413, "För mycket text", "Det du skickade var för stort.")

    async def unavailable(request: Request, exc: Exception) -> HTTPResponse:
        return error_page(request, 503, "Tillfälligt fel",
                          "Databasen svarar inte just nu. Försök igen om en stund.")

    async def server_error(request: Request, exc: Exception) -> HTTPResponse:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        if is_api(request):
            return api_error(500, "internal_error", "Något gick fel på servern.")
        return render(request, "error.html", status=500, title="Något gick fel",
                      message="Något gick fel på servern. Försök igen om en stund.",
                      page_title="Något gick fel")

    app.error_handler.add(NotFound, not_found)
    app.error_handler.add(CaseNotFound, not_found)
    app.error_handler.add(NotPermitted, forbidden)
    app.error_handler.add(ConcurrentChange, conflict)
    app.error_handler.add(CaseNotChangeable, conflict)
    app.error_handler.add(InvalidCaseworkInput, invalid)
    app.error_handler.add(InvalidUsage, invalid)
    app.error_handler.add(MethodNotSupported, method)
    app.error_handler.add(PayloadTooLarge, too_large)
    app.error_handler.add(StorageUnavailable, unavailable)
    app.error_handler.add(Exception, server_error)


def create_app(
    settings: Settings,
    *,
    session_factory: Optional[SessionFactory] = None,
    profile: Optional[Profile] = None,
    now: Optional[Callable[[], datetime]] = None,
    chat: Optional[ChatBackend] = None,
    name: Optional[str] = None,
) -> Sanic:
    """Build the web app for ``settings``; the keyword arguments replace parts in tests."""
    from bot.knowledge.loader import load_profile
    from bot.web import api, pages

    if profile is None:
        profile = load_profile(settings.municipality, settings.data_dir)
    engine = None
    if session_factory is None:
        engine = create_engine_for(settings.effective_database_url)
        session_factory = make_session_factory(engine)
    app = Sanic(name or f"anhoriglotsen_{next(_names)}")
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_SIZE
    # Behind a TLS proxy: trust its X-Forwarded-For, so sign-in throttling sees real addresses.
    app.config.PROXIES_COUNT = settings.web_proxies_count
    app.config.FALLBACK_ERROR_FORMAT = "html"
    app.ctx.web = WebContext(
        settings=settings,
        session_factory=session_factory,
        profile=profile,
        now=now or clock.now,
        secret=_secret(settings),
        templates=_templates(profile),
        chat=chat or RasaChat(settings.rasa_url),
        cookies=cookie_names(settings.development),
    )

    @app.middleware("request")
    async def _read_visitor(request: Request) -> None:
        ctx = web(request)
        request.ctx.visitor = valid_token(request.cookies.get(ctx.cookies.visitor))
        request.ctx.new_visitor = None
        request.ctx.staff = None

    @app.middleware("response")
    async def _headers(request: Request, resp: HTTPResponse) -> None:
        ctx = web(request)
        for key, value in security_headers(request.path, ctx.settings.development).items():
            resp.headers.setdefault(key, value)
        new_visitor = getattr(request.ctx, "new_visitor", None)
        if new_visitor:
            set_cookie(resp, ctx.cookies.visitor, new_visitor, secure=ctx.secure_cookies,
                       max_age=VISITOR_MAX_AGE)

    if engine is not None:
        async def _dispose(app: Sanic, loop: Any) -> None:
            engine.dispose()

        app.register_listener(_dispose, "after_server_stop")

    app.static("/static", str(STATIC_DIR), name="static")
    pages.register(app)
    api.register(app)
    _register_error_handlers(app)
    return app
