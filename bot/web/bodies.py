"""Request bodies every endpoint can read: the size limit, content types and JSON.

Checked once for the whole app, before any handler runs (:func:`check_body`, request
middleware registered by :func:`bot.web.app.create_app`), so that no handler meets a
body it cannot read:

* over ``REQUEST_MAX_SIZE``: 413 (the server refuses larger bodies before reading them;
  this check holds under any server, the ASGI test client included);
* the pages (the chat page ``/``, the staff forms): a POST with a body must be a form
  (``application/x-www-form-urlencoded`` or ``multipart/form-data``), else 415;
* the JSON API under ``/api/``: a POST with a body must be ``application/json`` (415)
  and hold a JSON object (400).

The widget's API (``/chat/api/``) checks its own requests (:mod:`bot.web.widget_api`).
Every refusal is in Swedish; pages get an error page, the API a JSON error.
"""

from __future__ import annotations

import json
from typing import Optional

from sanic import Request
from sanic.response import HTTPResponse

from bot.texts import limits as texts
from bot.texts import web as web_texts
from bot.web.context import api_error, is_api, is_widget_api, page_error

REQUEST_MAX_SIZE = 256 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
JSON_TYPE = "application/json"


def content_type(request: Request) -> str:
    """The request's media type, lower case, without parameters."""
    return (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def json_object(raw: bytes) -> bool:
    """Whether ``raw`` is a JSON object."""
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, UnicodeDecodeError):
        return False


async def check_body(request: Request) -> Optional[HTTPResponse]:
    """Refuse a body the endpoint cannot read; None lets the request through."""
    body = request.body or b""
    if len(body) > REQUEST_MAX_SIZE:
        if is_widget_api(request) or not is_api(request):
            return page_error(request, 413, web_texts.TOO_LARGE)
        return api_error(413, "too_large", texts.API_TOO_LARGE)
    if request.method != "POST" or not body or is_widget_api(request):
        return None
    kind = content_type(request)
    if is_api(request):
        if kind != JSON_TYPE:
            return api_error(415, "content_type", texts.API_CONTENT_TYPE)
        if not json_object(body):
            return api_error(400, "invalid_json", texts.API_INVALID_JSON)
        return None
    if kind not in FORM_TYPES:
        return page_error(request, 415, texts.FORM_CONTENT_TYPE)
    return None
