"""The public chat page at ``/``: the conversation so far, the message form, a fresh start.

No JavaScript: every message is a form POST that Rasa answers before the page
is shown again (POST-redirect-GET). The conversation lives only in Rasa's
tracker store, under a sender id derived from the browser's visitor cookie
(:mod:`bot.web.conversations`, shared with the widget's API).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from bot.knowledge.access import national_phones
from bot.knowledge.advice import entry_contact
from bot.texts import limits as limit_texts
from bot.texts import web as texts
from bot.texts.fallback import Unit, no_answer_without_actions
from bot.texts.knowledge import definite_role
from bot.web import conversations, inbound
from bot.web.chat import MESSAGE_MAX_CHARS, ChatLine, ChatUnavailable
from bot.web.context import WebContext, render, web
from bot.web.conversations import sender_id
from bot.web.guards import csrf_failed, visitor_form_token, visitor_form_valid
from bot.web.security import new_token

logger = logging.getLogger(__name__)

bp = Blueprint("public_chat")


def _chat_unavailable_text(ctx: WebContext) -> dict[str, object]:
    """Whom to call when Rasa does not answer: the page knows no district, so a profile
    with districts names its general entry, never one district's consultant. Invented
    numbers are marked "(exempelnummer)" by the template."""
    profile = ctx.profile
    contact = entry_contact(profile)
    return {
        "role": definite_role(contact.role),
        "phone": contact.phone,
        "phone_example": contact.example,
        "socialjour": profile.socialjour.phone,
        "socialjour_example": profile.socialjour.example,
    }


def _no_answer_text(fallback: dict[str, object]) -> str:
    """Rasa answered the last message with nothing: whom to call, 112 and the crisis lines."""
    try:
        lines = national_phones()
    except Exception:  # noqa: BLE001 - the built-in numbers must do
        logger.exception("could not read the national lines; the page uses built-in numbers")
        lines = {}
    unit = Unit(str(fallback["role"]), str(fallback["phone"]), bool(fallback["phone_example"]),
                str(fallback["socialjour"] or "") or None, bool(fallback["socialjour_example"]))
    return no_answer_without_actions(lines, unit)


def _render_chat(
    request: Request, lines: list[ChatLine], *, status: int = 200, error: str = "",
    unavailable: bool = False, draft: str = "",
) -> HTTPResponse:
    ctx = web(request)
    last_buttons = lines[-1].buttons if lines and lines[-1].sender == "bot" else ()
    fallback = _chat_unavailable_text(ctx)
    # The last message is the relative's: Rasa gave no reply to it. Never silence.
    no_answer = _no_answer_text(fallback) if lines and lines[-1].sender == "user" else ""
    return render(
        request, "chat.html", status=status, lines=lines, last_buttons=last_buttons,
        chat_csrf=visitor_form_token(request), error=error, unavailable=unavailable,
        fallback=fallback, no_answer=no_answer, draft=draft, max_chars=MESSAGE_MAX_CHARS,
        page_title=texts.TITLE_CHAT, idle_notice=_idle_notice(ctx) if lines else "",
    )


def _idle_notice(ctx: WebContext) -> str:
    """When an idle conversation is forgotten: the visitor cookie's max-age, said in words."""
    minutes = ctx.settings.chat_idle_minutes
    return limit_texts.chat_idle_notice(minutes, ctx.now() + timedelta(minutes=minutes))


@bp.get("/", name="chat_page")
async def chat_page(request: Request) -> HTTPResponse:
    """GET /: the conversation so far and the message form."""
    ctx = web(request)
    lines: list[ChatLine] = []
    unavailable = False
    if request.ctx.visitor:
        conversations.touch(request)
        try:
            lines = await ctx.chat.history(sender_id(request, request.ctx.visitor))
        except ChatUnavailable:
            unavailable = True
    return _render_chat(request, lines, unavailable=unavailable)


@bp.post("/", name="chat_send")
async def chat_send(request: Request) -> HTTPResponse:
    """POST /: relay the message to Rasa, then show the page again (POST-redirect-GET)."""
    ctx = web(request)
    if not visitor_form_valid(request):
        return csrf_failed(request)
    message = inbound.clean_text(request.form.get("message"))
    if not message.lstrip(inbound.PAYLOAD_PREFIX).strip():
        return _render_chat(request, [], status=400, error=texts.CHAT_EMPTY)
    if len(message) > MESSAGE_MAX_CHARS:
        return _render_chat(
            request, [], status=400, draft=message[:MESSAGE_MAX_CHARS],
            error=texts.chat_too_long(MESSAGE_MAX_CHARS),
        )
    visitor = str(request.ctx.visitor)
    wait = await inbound.retry_after(request, visitor)
    if wait:
        refused = _render_chat(request, [], status=429, draft=message,
                               error=limit_texts.CHAT_RATE_LIMITED)
        refused.headers["Retry-After"] = str(wait)
        return refused
    conversations.touch(request)
    text = await inbound.for_rasa(request, visitor, message)
    try:
        await ctx.chat.send(sender_id(request, visitor), text, inbound.metadata(request))
    except ChatUnavailable:
        return _render_chat(request, [], status=503, unavailable=True, draft=message)
    return response.redirect("/#senaste", status=303)


@bp.post("/ny-chatt", name="chat_restart")
async def chat_restart(request: Request) -> HTTPResponse:
    """POST /ny-chatt: delete the conversation from Rasa's tracker store, then start a new
    one (a new visitor id, so a new sender id that the old conversation never had)."""
    if not visitor_form_valid(request):
        return csrf_failed(request)
    await conversations.delete(request, request.ctx.visitor)
    request.ctx.visitor = None
    request.ctx.new_visitor = new_token()
    return response.redirect("/", status=303)
