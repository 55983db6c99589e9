"""One log line per action the action server runs: the action, a hash of the sender, the time.

rasa_sdk logs which actions it registered, and nothing per call at INFO. This plugin
(rasa_sdk's ``attach_sanic_app_extensions`` hook, registered by
:mod:`bot.tools.action_server` before it serves) adds one line per ``/webhook`` call::

    action action_validate_slot_mappings sender 3f2a9c0d1b7e 200 14 ms

The sender is a short SHA-256 of Rasa's sender id, enough to follow one conversation
through the log and never the id itself, nor anything from the tracker (texts, slots).
Health checks are logged at DEBUG only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
from typing import Any, Optional

import pluggy
from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse

logger = logging.getLogger(__name__)

hookimpl = pluggy.HookimplMarker("rasa_sdk")

SENDER_HASH_CHARS = 12
UNKNOWN = "-"


def sender_hash(sender_id: Optional[str]) -> str:
    """A short, stable stand-in for a sender id in the log."""
    if not sender_id:
        return UNKNOWN
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:SENDER_HASH_CHARS]


def action_call(request: Request) -> dict[str, Any]:
    """The action call Rasa sent (a JSON object, maybe deflated), or ``{}`` when unreadable."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            data = json.loads(zlib.decompress(request.body))
        else:
            data = request.json
    except Exception:  # noqa: BLE001 - a body rasa_sdk refuses itself; the line still gets written
        return {}
    return data if isinstance(data, dict) else {}


def log_line(call: dict[str, Any], status: int, seconds: float) -> str:
    """``action <name> sender <hash> <status> <ms> ms`` for one action call."""
    name = call.get("next_action")
    tracker = call.get("tracker")
    sender = call.get("sender_id") or (tracker.get("sender_id") if isinstance(tracker, dict) else None)
    shown = name if isinstance(name, str) and name.isidentifier() else UNKNOWN
    sent_by = sender_hash(sender if isinstance(sender, str) else None)
    return f"action {shown} sender {sent_by} {status} {seconds * 1000:.0f} ms"


async def _started(request: Request) -> None:
    request.ctx.started = time.perf_counter()


async def _finished(request: Request, response: BaseHTTPResponse) -> None:
    started = getattr(request.ctx, "started", None)
    seconds = time.perf_counter() - started if started is not None else 0.0
    if request.path != "/webhook":
        logger.debug("%s %s %d", request.method, request.path, response.status)
        return
    level = logging.WARNING if response.status >= 500 else logging.INFO
    logger.log(level, log_line(action_call(request), response.status, seconds))


class ActionRequestLog:
    """The rasa_sdk plugin that times and logs every action call."""

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        """Register the timing and logging middleware on the action server's app."""
        app.register_middleware(_started, "request")
        app.register_middleware(_finished, "response")


def register() -> None:
    """Add the plugin to rasa_sdk's plugin manager (once; before the server starts)."""
    from rasa_sdk.plugin import plugin_manager

    manager = plugin_manager()
    if not any(isinstance(plugin, ActionRequestLog) for plugin in manager.get_plugins()):
        manager.register(ActionRequestLog())
