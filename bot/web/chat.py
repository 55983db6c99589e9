"""The public chat page's link to Rasa: send a message, read the conversation back.

The web app is the only public entry; Rasa listens on 127.0.0.1 and is
reached here through its REST channel (``/webhooks/rest/webhook``) and,
for showing the conversation after a page load, its HTTP API
(``/conversations/{id}/tracker``, enabled by ``rasa run --enable-api``). Both need
Rasa's token (``ANHORIG_RASA_TOKEN``, sent as ``?token=``; see
:mod:`bot.rasa_patches.access`); without it Rasa answers 401 and the page shows the
numbers to call instead.
The page keeps no copy of the conversation: Rasa's tracker store is the
only place it lives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Protocol
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15.0
MESSAGE_MAX_CHARS = 1000
# A language tag as written into the page's lang attribute: "en", "fa", "pt-BR".
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class ChatUnavailable(Exception):
    """Rasa did not answer; the page says so and gives phone numbers instead."""


@dataclass(frozen=True)
class ChatButton:
    """A reply button: what it says and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class ChatLine:
    """One message of the conversation."""

    sender: str  # "user" or "bot"
    text: str
    buttons: tuple[ChatButton, ...] = field(default=())
    lang: str = ""  # the language of a bot message not in Swedish (BCP 47), for lang="..."


class ChatBackend(Protocol):
    """What the chat page needs from Rasa (a fake one in tests)."""

    async def send(
        self, sender_id: str, message: str, metadata: Optional[dict[str, str]] = None
    ) -> list[ChatLine]:
        """Send the relative's message (with the web app's ``metadata``); return the replies."""

    async def history(self, sender_id: str) -> list[ChatLine]:
        """The conversation so far (since the last restart)."""


def _buttons(raw: Any) -> tuple[ChatButton, ...]:
    buttons = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("title") and item.get("payload"):
            buttons.append(ChatButton(str(item["title"]), str(item["payload"])))
    return tuple(buttons)


def _lang(custom: Any) -> str:
    """The ``lang`` of a custom payload (``{"lang": "en"}``), or "" when there is none."""
    lang = custom.get("lang") if isinstance(custom, dict) else None
    if isinstance(lang, str) and _LANG.match(lang):
        return lang
    return ""


def _line_from_reply(reply: dict[str, Any]) -> Optional[ChatLine]:
    text = reply.get("text")
    buttons = _buttons(reply.get("buttons"))
    if not text and not buttons:
        return None
    return ChatLine("bot", str(text or ""), buttons, _lang(reply.get("custom")))


def lines_from_replies(replies: list[dict[str, Any]]) -> list[ChatLine]:
    """The REST channel's replies as chat lines.

    The channel sends a message's custom payload as a separate entry right after its
    text; its ``lang`` is copied to the line before it, so the page marks the language.
    """
    lines: list[ChatLine] = []
    for reply in replies:
        if not isinstance(reply, dict):
            continue
        line = _line_from_reply(reply)
        if line is not None:
            lines.append(line)
            continue
        lang = _lang(reply.get("custom"))
        if lang and lines and lines[-1].sender == "bot" and not lines[-1].lang:
            lines[-1] = replace(lines[-1], lang=lang)
    return lines


def lines_from_events(events: list[dict[str, Any]]) -> list[ChatLine]:
    """User and bot messages of a Rasa tracker, with button payloads shown as their titles."""
    lines: list[ChatLine] = []
    titles: dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = str(event.get("text") or "")
            if text:
                lines.append(ChatLine("user", titles.get(text, text)))
        elif kind == "bot":
            data = event.get("data") or {}
            line = _line_from_reply({
                "text": event.get("text"), "buttons": data.get("buttons"),
                "custom": data.get("custom"),
            })
            if line is not None:
                lines.append(line)
                titles.update({button.payload: button.title for button in line.buttons})
    return lines


class RasaChat:
    """The real backend: Rasa's REST channel and tracker API over HTTP."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_SECONDS, token: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token = token

    def _params(self) -> dict[str, str]:
        return {"token": self.token} if self.token else {}

    async def send(
        self, sender_id: str, message: str, metadata: Optional[dict[str, str]] = None
    ) -> list[ChatLine]:
        """POST to the REST channel; ``metadata`` reaches the actions as the message's."""
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(
                    f"{self.base_url}/webhooks/rest/webhook",
                    json={"sender": sender_id, "message": message, "metadata": metadata or {}},
                    params=self._params(),
                )
                response.raise_for_status()
                replies = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("Rasa did not answer the chat: %s", type(exc).__name__)
            raise ChatUnavailable() from exc
        return lines_from_replies(list(replies or []))

    async def history(self, sender_id: str) -> list[ChatLine]:
        """GET the tracker's events."""
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.get(
                    f"{self.base_url}/conversations/{quote(sender_id, safe='')}/tracker",
                    params=self._params(),
                )
                response.raise_for_status()
                tracker = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("could not read the conversation from Rasa: %s", type(exc).__name__)
            raise ChatUnavailable() from exc
        return lines_from_events(list(tracker.get("events") or []))
