"""The chat widget's JSON API under ``/chat/api/``: messages, history, end, extend, config.

The contract is ``docs/widget.md``. The widget on a municipality's website talks
only to this API; Rasa is reached through the same chat backend as the page
``/`` (:mod:`bot.web.chat`), under the same derived sender id
(:mod:`bot.web.conversations`), so the widget and the page share one conversation.

* Origins: the web app's own, and the profile's ``widget.allowed_origins``; any other
  ``Origin`` (or, on a POST without one, the origin of the ``Referer``) gets 403.
  Allowed cross-site origins get CORS with credentials (:func:`cors_headers`, added
  to every answer under ``/chat/api/`` by the app's response middleware).
* Every POST needs ``Content-Type: application/json``; together with the origin check
  and the preflight this is the API's protection against cross-site requests.
* A message carries an idempotency key: resent, it gets the stored answer and is not
  sent to Rasa again (:mod:`bot.web.chat_replies`).
* Every answer is JSON, errors included (``{"error": code, "message": Swedish}``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any, Optional
from urllib.parse import urlsplit

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.knowledge.advice import entry_contact
from bot.knowledge.loader import load_national
from bot.storage.unit_of_work import StorageUnavailable
from bot.texts import limits as limit_texts
from bot.texts import widget as texts
from bot.texts.knowledge import definite_role
from bot.web import chat_replies, conversations, inbound
from bot.web.chat import MESSAGE_MAX_CHARS, TIMEOUT_SECONDS, ChatLine, ChatUnavailable
from bot.web.chat_replies import ClaimState
from bot.web.context import WIDGET_API_PREFIX, WebContext, is_widget_api, run_sync, web, widget_error
from bot.web.conversations import sender_id
from bot.web.guards import ensure_visitor
from bot.web.security import clear_cookie, keyed_hash
from bot.web.widget_pages import PRIVACY_NOTICE_PATH

logger = logging.getLogger(__name__)

bp = Blueprint("widget_api")

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Rasa's own client gives up after TIMEOUT_SECONDS; this bounds any chat backend.
SEND_TIMEOUT_SECONDS = TIMEOUT_SECONDS + 5
EMERGENCY = "112"
# The national lines the fallback lists (data/national.yml), in this order.
FALLBACK_CATEGORIES = ("crisis", "health", "support")
PREFLIGHT_MAX_AGE = 600
PATHS = ("message", "history", "end", "extend", "config")


class WidgetInputError(Exception):
    """A request the API cannot take: answered with its status, code and Swedish message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def answer(self) -> HTTPResponse:
        """The JSON error."""
        return widget_error(self.status, self.code, self.message, **self.extra)


# ---------------------------------------------------------------- origins and CORS


def origin_of(url: str) -> Optional[str]:
    """``scheme://host[:port]`` of a URL or an ``Origin`` header, lower case; None if it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    suffix = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{suffix}"


def own_origins(request: Request) -> set[str]:
    """The web app's own origin as the browser sees it (https too outside development,
    where a TLS proxy is in front)."""
    host = request.host
    own = {origin_of(f"{request.scheme}://{host}")}
    if not web(request).settings.development:
        own.add(origin_of(f"https://{host}"))
    return {origin for origin in own if origin}


def request_origin(request: Request) -> Optional[str]:
    """The origin the request comes from: ``Origin``, or for a POST the ``Referer``'s.

    ``"null"`` (a sandboxed frame, a file) is returned as is and never allowed.
    """
    header = request.headers.get("origin")
    if header is not None:
        return header.strip() if header.strip() == "null" else (origin_of(header) or "null")
    if request.method == "POST":
        referer = request.headers.get("referer")
        if referer:
            return origin_of(referer) or "null"
        return "null"
    return None


def cross_site_origin(request: Request) -> Optional[str]:
    """The request's origin when it is one of the municipality's allowed sites (for CORS)."""
    origin = request_origin(request)
    if origin and origin not in own_origins(request):
        if origin in web(request).profile.widget.allowed_origins:
            return origin
    return None


def origin_allowed(request: Request) -> bool:
    """Same origin, an allowed site, or a GET/OPTIONS without ``Origin``."""
    origin = request_origin(request)
    if origin is None:
        return True
    return origin in own_origins(request) or cross_site_origin(request) is not None


def cors_headers(request: Request) -> dict[str, str]:
    """Headers for an answer under ``/chat/api/``: ``Vary: Origin``, and CORS for an allowed site."""
    headers = {"Vary": "Origin"}
    origin = cross_site_origin(request) if is_widget_api(request) else None
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Allow-Credentials"] = "true"
    return headers


@bp.on_request
async def check_request(request: Request) -> Optional[HTTPResponse]:
    """Refuse other sites, and POSTs that are not JSON, before any handler runs."""
    if not origin_allowed(request):
        logger.info("widget API: refused a request from another origin")
        return widget_error(403, "origin", texts.ORIGIN)
    if request.method == "POST":
        content_type = (request.headers.get("content-type") or "").split(";", 1)[0]
        if content_type.strip().lower() != "application/json":
            return widget_error(415, "content_type", texts.CONTENT_TYPE)
    return None


async def preflight(request: Request, **_: Any) -> HTTPResponse:
    """OPTIONS: the CORS preflight (the origin is checked before this runs)."""
    return response.empty(status=204, headers={
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE),
    })


for _path in PATHS:
    bp.add_route(preflight, f"{WIDGET_API_PREFIX}/{_path}", methods=["OPTIONS"],
                 name=f"widget_preflight_{_path}")


# ---------------------------------------------------------------- request bodies and answers


def json_body(request: Request, *, empty_ok: bool = False) -> dict[str, Any]:
    """The request's JSON object; :class:`WidgetInputError` when it is not one."""
    raw = request.body or b""
    if not raw.strip() and empty_ok:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise WidgetInputError(400, "invalid_json", texts.INVALID_JSON) from None
    if not isinstance(data, dict):
        raise WidgetInputError(400, "invalid_json", texts.INVALID_JSON)
    return data


def string_field(body: dict[str, Any], name: str) -> str:
    """A field that must be a string."""
    value = body.get(name)
    if not isinstance(value, str):
        raise WidgetInputError(400, "invalid_input", texts.INVALID_INPUT, field=name)
    return value


def message_json(line: ChatLine) -> dict[str, Any]:
    """A bot message as the widget shows it."""
    return {
        "text": line.text,
        "buttons": [{"title": b.title, "payload": b.payload} for b in line.buttons],
        "lang": line.lang,
    }


def history_json(line: ChatLine) -> dict[str, Any]:
    """A message of the conversation, with who wrote it."""
    return {"sender": line.sender, **message_json(line)}


def session_json(expires_in: int) -> dict[str, int]:
    """When the browser forgets the conversation if nothing else happens (seconds)."""
    return {"expires_in": expires_in}


def fallback_lines(ctx: WebContext) -> list[dict[str, str]]:
    """The national crisis, health and support lines with a phone number (112 apart)."""
    lines = [line for line in load_national(ctx.settings.data_dir).lines if line.phone]
    ordered = sorted(
        (line for line in lines if line.category in FALLBACK_CATEGORIES),
        key=lambda line: FALLBACK_CATEGORIES.index(line.category),
    )
    return [{"name": line.name, "phone": str(line.phone)} for line in ordered]


def unit_json(ctx: WebContext) -> dict[str, Any]:
    """The municipality's entry for relatives (never one district's consultant)."""
    contact = entry_contact(ctx.profile)
    return {"role": definite_role(contact.role), "phone": contact.phone, "example": contact.example}


def fallback_json(ctx: WebContext) -> dict[str, Any]:
    """Whom to call when the chat cannot answer: 112, the national lines, the unit, socialjouren."""
    socialjour = ctx.profile.socialjour
    return {
        "emergency": EMERGENCY,
        "lines": fallback_lines(ctx),
        "unit": unit_json(ctx),
        "socialjour": {"name": socialjour.name, "phone": socialjour.phone,
                       "example": socialjour.example},
    }


def fallback_message(ctx: WebContext, kind: str) -> str:
    """The Swedish sentence for ``unavailable`` or ``empty``, with the unit's numbers."""
    contact = entry_contact(ctx.profile)
    socialjour = ctx.profile.socialjour
    words = texts.unavailable if kind == "unavailable" else texts.empty
    return words(definite_role(contact.role), contact.phone, contact.example,
                 socialjour.phone, socialjour.example)


def unavailable_answer(ctx: WebContext) -> HTTPResponse:
    """503: Rasa did not answer; the numbers to call instead."""
    return widget_error(503, "unavailable", fallback_message(ctx, "unavailable"),
                        fallback=fallback_json(ctx))


# ---------------------------------------------------------------- handlers


@bp.post(f"{WIDGET_API_PREFIX}/message", name="widget_message")
async def message(request: Request) -> HTTPResponse:
    """POST /chat/api/message: relay a message to Rasa once per idempotency key."""
    ctx = web(request)
    try:
        body = json_body(request)
        text = inbound.clean_text(string_field(body, "text"))
        key = string_field(body, "key")
        if not KEY.match(key):
            raise WidgetInputError(400, "invalid_key", texts.INVALID_KEY, field="key")
        if not text.lstrip(inbound.PAYLOAD_PREFIX).strip():
            raise WidgetInputError(400, "text_empty", texts.TEXT_EMPTY, field="text")
        if len(text) > MESSAGE_MAX_CHARS:
            raise WidgetInputError(400, "text_too_long", texts.text_too_long(MESSAGE_MAX_CHARS),
                                   field="text")
    except WidgetInputError as exc:
        return exc.answer()
    visitor = ensure_visitor(request)
    expires_in = conversations.touch(request)
    key_hash = keyed_hash(ctx.secret, "widget-key", f"{visitor}|{key}")
    try:
        claim = await run_sync(
            chat_replies.claim, ctx.session_factory, key_hash=key_hash,
            visitor_hash=conversations.visitor_hash(ctx, visitor),
            text_hash=keyed_hash(ctx.secret, "widget-text", text), now=ctx.now(),
        )
    except StorageUnavailable:
        # Without the key nothing may go to Rasa (it could go twice): the numbers instead.
        return unavailable_answer(ctx)
    if claim.state is ClaimState.DONE and claim.response is not None:
        return response.json({**claim.response, "session": session_json(expires_in)})
    if claim.state is ClaimState.KEY_REUSED:
        return widget_error(409, "key_reused", texts.KEY_REUSED)
    if claim.state is ClaimState.PENDING:
        busy = widget_error(409, "in_progress", texts.IN_PROGRESS)
        busy.headers["Retry-After"] = "1"
        return busy
    wait = await inbound.retry_after(request, visitor)
    if wait:
        await release(ctx, key_hash)
        refused = widget_error(429, "rate_limited", limit_texts.CHAT_RATE_LIMITED,
                               retry_after=wait)
        refused.headers["Retry-After"] = str(wait)
        return refused
    try:
        text = await inbound.for_rasa(request, visitor, text)
        lines = await asyncio.wait_for(
            ctx.chat.send(sender_id(request, visitor), text, inbound.metadata(request)),
            SEND_TIMEOUT_SECONDS)
    except (ChatUnavailable, TimeoutError):
        await release(ctx, key_hash)
        return unavailable_answer(ctx)
    except BaseException:
        await release(ctx, key_hash)
        raise
    answer: dict[str, Any] = {"messages": [message_json(line) for line in lines], "key": key}
    if not lines:
        # Rasa took the message but said nothing: never silence. Stored like any answer,
        # since sending it again would put it twice into the conversation.
        answer.update(error="empty", message=fallback_message(ctx, "empty"),
                      fallback=fallback_json(ctx))
    try:
        await run_sync(chat_replies.finish, ctx.session_factory, key_hash, answer)
    except StorageUnavailable:
        # Rasa has answered: the relative gets the answer; a retry of this key would wait
        # until the pending key is stale, then be sent again.
        logger.warning("a widget answer could not be stored")
    return response.json({**answer, "session": session_json(expires_in)})


async def release(ctx: WebContext, key_hash: str) -> None:
    """Give the key back after Rasa did not answer (a stuck key goes stale by itself)."""
    try:
        await run_sync(chat_replies.release, ctx.session_factory, key_hash)
    except StorageUnavailable:
        logger.warning("a widget message key could not be released")


@bp.get(f"{WIDGET_API_PREFIX}/history", name="widget_history")
async def history(request: Request) -> HTTPResponse:
    """GET /chat/api/history: this browser's conversation so far (empty without a cookie)."""
    ctx = web(request)
    visitor = request.ctx.visitor
    if not visitor:
        return response.json({"messages": [], "session": session_json(0)})
    expires_in = conversations.touch(request)
    try:
        lines = await ctx.chat.history(sender_id(request, visitor))
    except ChatUnavailable:
        return unavailable_answer(ctx)
    return response.json({"messages": [history_json(line) for line in lines],
                          "session": session_json(expires_in)})


@bp.post(f"{WIDGET_API_PREFIX}/end", name="widget_end")
async def end(request: Request) -> HTTPResponse:
    """POST /chat/api/end ("Avsluta och radera"): delete the conversation, forget the visitor."""
    ctx = web(request)
    try:
        json_body(request, empty_ok=True)
    except WidgetInputError as exc:
        return exc.answer()
    visitor = request.ctx.visitor
    if visitor and not await conversations.delete(request, visitor):
        return widget_error(503, "unavailable", texts.END_FAILED, deleted=False)
    request.ctx.visitor = None
    done = response.json({"deleted": True, "kept": texts.kept()})
    clear_cookie(done, ctx.cookies.visitor, secure=ctx.secure_cookies)
    return done


@bp.post(f"{WIDGET_API_PREFIX}/extend", name="widget_extend")
async def extend(request: Request) -> HTTPResponse:
    """POST /chat/api/extend: keep the conversation for another idle timeout."""
    try:
        json_body(request, empty_ok=True)
    except WidgetInputError as exc:
        return exc.answer()
    if not request.ctx.visitor:
        return response.json({"session": session_json(0)})
    return response.json({"session": session_json(conversations.touch(request))})


@bp.get(f"{WIDGET_API_PREFIX}/config", name="widget_config")
async def config(request: Request) -> HTTPResponse:
    """GET /chat/api/config: the widget's theme, title and numbers from the profile."""
    ctx = web(request)
    profile = ctx.profile
    theme = profile.widget
    fallback = fallback_json(ctx)
    return response.json({
        "name": profile.name,
        "title": theme.title or texts.title(profile.name),
        "colors": theme.colors.dict(),
        "logo": f"/static/{theme.logo}" if theme.logo else None,
        "privacy_url": theme.privacy_url or PRIVACY_NOTICE_PATH,
        "phone": fallback["unit"],
        "socialjour": fallback["socialjour"],
        "emergency": EMERGENCY,
        "lines": fallback["lines"],
        "fallback": fallback,
        "session_minutes": ctx.settings.chat_idle_minutes,
        "max_chars": MESSAGE_MAX_CHARS,
        "page_url": "/",
    })
