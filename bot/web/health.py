"""``GET /health``: the web app is up (the runner waits for it at start-up)."""

from __future__ import annotations

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

bp = Blueprint("health")


@bp.get("/health", name="health")
async def health(request: Request) -> HTTPResponse:
    """GET /health: for the runner's start-up check."""
    return response.text("ok")
