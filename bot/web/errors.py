"""Exceptions as answers: a Swedish error page on the pages, a JSON error on the API.

:data:`ERROR_HANDLERS` pairs each exception the handlers may raise with the
answer to it; :func:`bot.web.app.create_app` registers them in this order,
the catch-all for :class:`Exception` last.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from sanic import Request
from sanic.exceptions import InvalidUsage, MethodNotSupported, NotFound, PayloadTooLarge
from sanic.response import HTTPResponse

from bot.callbacks.cases import CaseNotChangeable, CaseNotFound
from bot.staff.errors import ConcurrentChange, InvalidCaseworkInput, NotPermitted
from bot.storage.unit_of_work import StorageUnavailable
from bot.texts import web as texts
from bot.web.context import api_error, error_page, is_api, is_widget_api, page_error, render
from bot.web.request_log import request_id, route_template

logger = logging.getLogger(__name__)

ErrorHandler = Callable[[Request, Exception], Awaitable[HTTPResponse]]


async def not_found(request: Request, exc: Exception) -> HTTPResponse:
    """404: an unknown address, or a case that does not exist or is outside the scope (the same)."""
    return page_error(request, 404, texts.NOT_FOUND)


async def forbidden(request: Request, exc: Exception) -> HTTPResponse:
    """403: the role may not use this page."""
    return page_error(request, 403, texts.FORBIDDEN)


async def conflict(request: Request, exc: Exception) -> HTTPResponse:
    """409: the case changed meanwhile, or its status does not allow the action."""
    if is_api(request) and isinstance(exc, ConcurrentChange):
        return api_error(409, "conflict", texts.API_CONFLICT,
                         current_version=exc.current_version)
    if is_api(request) and isinstance(exc, CaseNotChangeable):
        return api_error(409, "not_changeable",
                         texts.api_not_changeable(texts.STATUS_SV.get(exc.status, exc.status)),
                         case_status=exc.status)
    return page_error(request, 409, texts.CASE_CHANGED)


async def invalid(request: Request, exc: Exception) -> HTTPResponse:
    """400: casework input that does not hold (with its explanation), or a request not understood."""
    if isinstance(exc, InvalidCaseworkInput):
        if is_api(request):
            return api_error(400, "invalid_input", exc.message_sv, field=exc.field)
        return error_page(request, 400, texts.MISSING_INPUT_TITLE, exc.message_sv)
    return page_error(request, 400, texts.BAD_REQUEST)


async def wrong_method(request: Request, exc: Exception) -> HTTPResponse:
    """405: the address exists but not for this method."""
    return page_error(request, 405, texts.WRONG_METHOD)


async def too_large(request: Request, exc: Exception) -> HTTPResponse:
    """413: the request body is over the limit."""
    return page_error(request, 413, texts.TOO_LARGE)


async def unavailable(request: Request, exc: Exception) -> HTTPResponse:
    """503: the database does not answer."""
    return page_error(request, 503, texts.UNAVAILABLE)


async def server_error(request: Request, exc: Exception) -> HTTPResponse:
    """500: anything else (logged with its traceback)."""
    logger.exception("unhandled error on request %s %s %s", request_id(request), request.method,
                     route_template(request))
    if is_widget_api(request):
        return page_error(request, 500, texts.SERVER_ERROR)
    if is_api(request):
        return api_error(500, "internal_error", texts.API_SERVER_ERROR)
    error = texts.SERVER_ERROR
    return render(request, "error.html", status=500, title=error.title, message=error.message,
                  page_title=error.title)


ERROR_HANDLERS: tuple[tuple[type[Exception], ErrorHandler], ...] = (
    (NotFound, not_found),
    (CaseNotFound, not_found),
    (NotPermitted, forbidden),
    (ConcurrentChange, conflict),
    (CaseNotChangeable, conflict),
    (InvalidCaseworkInput, invalid),
    (InvalidUsage, invalid),
    (MethodNotSupported, wrong_method),
    (PayloadTooLarge, too_large),
    (StorageUnavailable, unavailable),
    (Exception, server_error),
)
