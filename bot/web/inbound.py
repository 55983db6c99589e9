"""What the chat takes from a relative before it reaches Rasa: clean text, payloads only of
offered buttons, and the rate limits per conversation and per address.

The page ``/`` and the widget's API (:mod:`bot.web.widget_api`) both send through here:

* **Control characters** are removed (:func:`bot.nlp.text.strip_controls`) before
  anything is sent or stored; tab and newline stay.
* **Payloads only from buttons.** Rasa reads a message starting with ``/`` as an intent
  (``/request_callback``, ``/inform{"relation":"parent"}``) and skips the NLU, the
  crisis detector with it. Only the payload of a button the bot offered in its last turn
  passes as a payload; any other text loses its leading slashes and goes through the NLU
  like every message (the relative still sees what they wrote, less the slash).
* **Rate limits** per conversation and per address (``ANHORIG_CHAT_MESSAGES_PER_MINUTE``,
  ``ANHORIG_CHAT_ADDRESS_MESSAGES_PER_MINUTE``), counted in the shared store
  (:mod:`bot.storage.limits`). When the store does not answer the message goes through:
  a relative in crisis is never refused because the database is down.
* **The address travels as a keyed hash** in the message's metadata, so the booking
  action can limit bookings per address (:mod:`bot.callbacks.booking`).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Sequence

from sanic import Request

from bot.callbacks.booking import ADDRESS_METADATA
from bot.nlp.text import strip_controls
from bot.storage.limits import limit_key
from bot.storage.unit_of_work import StorageUnavailable
from bot.web.chat import ChatLine, ChatUnavailable
from bot.web.context import run_sync, web
from bot.web.conversations import sender_id

logger = logging.getLogger(__name__)

PAYLOAD_PREFIX = "/"
CHAT_WINDOW = timedelta(minutes=1)
SCOPE_CONVERSATION = "chat_conversation"
SCOPE_ADDRESS = "chat_address"


def clean_text(raw: Any) -> str:
    """The message as the chat takes it: a string without control characters, trimmed."""
    return strip_controls(raw if isinstance(raw, str) else "").strip()


def offered_payloads(lines: Sequence[ChatLine]) -> frozenset[str]:
    """The payloads of the buttons the bot offered after the relative's last message."""
    payloads: set[str] = set()
    for line in reversed(lines):
        if line.sender != "bot":
            break
        payloads.update(button.payload for button in line.buttons)
    return frozenset(payloads)


def rasa_text(text: str, offered: frozenset[str]) -> str:
    """``text`` as Rasa may read it: an offered payload as is, any other text never as a payload."""
    if text in offered or not text.startswith(PAYLOAD_PREFIX):
        return text
    return text.lstrip(PAYLOAD_PREFIX).strip()


async def for_rasa(request: Request, visitor: str, text: str) -> str:
    """:func:`rasa_text` for this conversation (its last turn is read only for ``/...`` text)."""
    if not text.startswith(PAYLOAD_PREFIX):
        return text
    try:
        lines = await web(request).chat.history(sender_id(request, visitor))
    except ChatUnavailable:
        lines = []
    return rasa_text(text, offered_payloads(lines))


def client_address(request: Request) -> str:
    """The client's address (the forwarded one behind ``ANHORIG_WEB_PROXIES_COUNT`` proxies)."""
    return (request.remote_addr or request.ip or "unknown")[:64]


def address_key(request: Request) -> str:
    """A keyed hash of the client's address: what limits and metadata carry instead of it."""
    return limit_key(web(request).secret, "address", client_address(request))


def metadata(request: Request) -> dict[str, str]:
    """What the web app tells Rasa (and the actions) about the message besides its text."""
    return {ADDRESS_METADATA: address_key(request)}


async def retry_after(request: Request, visitor: str) -> int:
    """0 when the message may go to Rasa; else the seconds until the chat takes it again.

    Counts the message per conversation and per address.
    """
    ctx = web(request)
    settings = ctx.settings
    now = ctx.now()
    checks = (
        (SCOPE_CONVERSATION, limit_key(ctx.secret, "conversation", visitor),
         settings.chat_messages_per_minute),
        (SCOPE_ADDRESS, address_key(request), settings.chat_address_messages_per_minute),
    )
    wait = 0
    for scope, key, limit in checks:
        try:
            result = await run_sync(ctx.limits.hit, scope, key, limit=limit, window=CHAT_WINDOW,
                                    now=now)
        except StorageUnavailable:
            logger.warning("chat rate limit not counted: storage unavailable")
            continue
        if not result.allowed:
            wait = max(wait, result.retry_after)
    if wait:
        logger.info("chat message refused by the rate limit")
    return wait
