"""The web app factory: public chat page, staff dashboard (``/personal/...``), JSON API
(``/api/v1``) and the chat widget's API (``/chat/api``).

:func:`create_app` builds a Sanic app from settings and registers the
Blueprints, the error handlers and the middleware; nothing happens at import
time. What the routes share (the context, page rendering, error answers) is
:mod:`bot.web.context`.
"""

from __future__ import annotations

import functools
import itertools
import logging
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse

from bot import clock
from bot.knowledge.schema import Profile
from bot.settings import Settings, SettingsError
from bot.storage.engine import SessionFactory, create_engine_for, make_session_factory
from bot.texts import web as texts
from bot.web import (
    api,
    bodies,
    health,
    present,
    public_chat,
    request_log,
    staff_admin,
    staff_auth,
    staff_cases,
    staff_figures,
    widget_api,
    widget_pages,
)
from bot.web.chat import ChatBackend, RasaChat
from bot.web.context import WebContext, is_widget_api, web
from bot.web.conversations import idle_seconds
from bot.web.errors import ERROR_HANDLERS
from bot.web.security import (
    VISITOR_MAX_AGE,
    cookie_names,
    security_headers,
    set_cookie,
    valid_token,
)

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
REQUEST_MAX_SIZE = bodies.REQUEST_MAX_SIZE
SECRET_MIN_CHARS = 32
BLUEPRINTS = (
    public_chat.bp,
    health.bp,
    staff_auth.bp,
    staff_cases.bp,
    staff_figures.bp,
    staff_admin.bp,
    api.bp,
    widget_api.bp,
    widget_pages.bp,
)

_names = itertools.count(1)


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
        STATUS_SV=texts.STATUS_SV,
        STATUS_FILTER_SV=texts.STATUS_FILTER_SV,
        TARGET_GROUP_SV=texts.TARGET_GROUP_SV,
        CALL_OUTCOME_SV=texts.CALL_OUTCOME_SV,
        CLOSE_OUTCOME_SV=texts.CLOSE_OUTCOME_SV,
        OVERDUE_SV=texts.OVERDUE_SV,
        AUDIT_ACTION_SV=texts.AUDIT_ACTION_SV,
        ROLE_SV=texts.ROLE_SV,
        VIA_SV=texts.VIA_SV,
    )
    return env


async def _read_visitor(request: Request) -> None:
    ctx = web(request)
    request.ctx.visitor = valid_token(request.cookies.get(ctx.cookies.visitor))
    request.ctx.new_visitor = None
    request.ctx.chat_activity = False
    request.ctx.staff = None


async def _headers(request: Request, resp: BaseHTTPResponse) -> None:
    ctx = web(request)
    for key, value in security_headers(request.path, ctx.settings.development).items():
        resp.headers.setdefault(key, value)
    if is_widget_api(request):
        resp.headers.update(widget_api.cors_headers(request))
    # A chat request sets the visitor cookie again with the chat idle timeout, so an
    # idle conversation is forgotten by the browser; other new visitors (a sign-in form)
    # get the longer lifetime.
    visitor = getattr(request.ctx, "new_visitor", None)
    chat_activity = getattr(request.ctx, "chat_activity", False)
    if not visitor and chat_activity:
        visitor = getattr(request.ctx, "visitor", None)
    if visitor:
        max_age = idle_seconds(ctx) if chat_activity else VISITOR_MAX_AGE
        set_cookie(resp, ctx.cookies.visitor, visitor, secure=ctx.secure_cookies, max_age=max_age)


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
        chat=chat or RasaChat(settings.rasa_url, token=settings.rasa_token),
        cookies=cookie_names(settings.development),
    )
    request_log.install(app)
    app.register_middleware(_read_visitor, "request")
    app.register_middleware(bodies.check_body, "request")
    app.register_middleware(_headers, "response")

    if engine is not None:
        async def _dispose(app: Sanic, loop: Any) -> None:
            engine.dispose()

        app.register_listener(_dispose, "after_server_stop")

    app.static("/static", str(STATIC_DIR), name="static")
    for blueprint in BLUEPRINTS:
        app.blueprint(blueprint)
    for exception, handler in ERROR_HANDLERS:
        app.error_handler.add(exception, handler)
    return app
