"""One conversation per browser: its Rasa sender id, its idle timeout, and deleting it.

The chat page ``/`` and the widget's API (:mod:`bot.web.widget_api`) share this, so
both show the same conversation for one visitor cookie:

* the sender id is derived from the visitor token on the server (an HMAC), never
  taken from the client;
* every chat request sets the visitor cookie again with the chat idle timeout
  (:func:`touch`), so the browser forgets an idle conversation;
* :func:`delete` removes the conversation from Rasa's tracker store
  (:mod:`bot.storage.tracker_store`) and the widget's stored answers
  (:mod:`bot.web.chat_replies`). The caller then gives the browser a new visitor,
  so the old sender id is never used again.
"""

from __future__ import annotations

import logging

from sanic import Request

from bot.storage.tracker_store import TrackerStoreUnavailable, delete_conversation
from bot.storage.unit_of_work import StorageUnavailable
from bot.web import chat_replies
from bot.web.context import WebContext, run_sync, web
from bot.web.security import keyed_hash

logger = logging.getLogger(__name__)


def sender_id(request: Request, visitor: str) -> str:
    """Rasa's conversation id for this browser: derived, so it cannot be chosen or guessed."""
    return "web-" + keyed_hash(web(request).secret, "sender", visitor)[:32]


def visitor_hash(ctx: WebContext, visitor: str) -> str:
    """The visitor as the widget's stored answers know it."""
    return keyed_hash(ctx.secret, "widget-visitor", visitor)


def idle_seconds(ctx: WebContext) -> int:
    """How long an idle conversation lives in the browser (``ANHORIG_CHAT_IDLE_MINUTES``)."""
    return ctx.settings.chat_idle_minutes * 60


def touch(request: Request) -> int:
    """Mark the request as chat activity: the visitor cookie is set again with the full
    idle timeout (by the app's response middleware); returns the seconds it lives."""
    request.ctx.chat_activity = True
    return idle_seconds(web(request))


async def delete(request: Request, visitor: str) -> bool:
    """Delete the visitor's conversation and stored answers; False when a store did not answer.

    Nothing is half-promised: the caller says "deleted" only on True.
    """
    ctx = web(request)
    try:
        await run_sync(delete_conversation, ctx.settings.effective_tracker_store_url,
                       sender_id(request, visitor))
        await run_sync(chat_replies.forget_visitor, ctx.session_factory, visitor_hash(ctx, visitor))
    except (TrackerStoreUnavailable, StorageUnavailable):
        logger.warning("a conversation could not be deleted")
        return False
    return True
