"""One log line per web request: a request id, the method, the route, the status and the time taken.

The line names the route's template (``/personal/arenden/<reference:str>``), never the path
as sent, its query string, a form field, a cookie or a message, so nothing a relative
or staff member typed reaches the log. The request id is the proxy's ``X-Request-ID``
when it is a plain token, otherwise a random one; it goes back in the response's
``X-Request-ID`` header and into the log line of an unhandled error, so an operator
can find the line of a request someone reports.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Optional

from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
UNMATCHED = "<no-route>"


def request_id(request: Request) -> str:
    """This request's id (made on first use)."""
    known: Optional[str] = getattr(request.ctx, "request_id", None)
    if known:
        return known
    given = request.headers.get(REQUEST_ID_HEADER, "")
    made = given if _PLAIN_ID.match(given) else secrets.token_hex(8)
    request.ctx.request_id = made
    return made


def route_template(request: Request) -> str:
    """The matched route's template, or :data:`UNMATCHED` (a 404 names no path)."""
    route = getattr(request, "route", None)
    return f"/{route.path}" if route is not None else UNMATCHED


def log_line(request: Request, status: int, seconds: float) -> str:
    """The request's log line: ``request <id> <METHOD> <template> <status> <ms> ms``."""
    return (f"request {request_id(request)} {request.method} {route_template(request)} "
            f"{status} {seconds * 1000:.0f} ms")


async def _started(request: Request) -> None:
    request.ctx.started = time.perf_counter()
    request_id(request)


async def _finished(request: Request, response: BaseHTTPResponse) -> None:
    started = getattr(request.ctx, "started", None)
    seconds = time.perf_counter() - started if started is not None else 0.0
    response.headers.setdefault(REQUEST_ID_HEADER, request_id(request))
    level = logging.WARNING if response.status >= 500 else logging.INFO
    logger.log(level, log_line(request, response.status, seconds))


def install(app: Sanic) -> None:
    """Time and log every request of ``app`` (call before other middleware is registered)."""
    app.register_middleware(_started, "request")
    app.register_middleware(_finished, "response")
