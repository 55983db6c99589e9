"""Rasa answers only the web app: every route but ``/`` needs ``?token=ANHORIG_RASA_TOKEN``.

Rasa's ``--auth-token`` (which :mod:`bot.rasa_patches.serve` passes) guards its HTTP API
(``/conversations/...``, ``/model``, ``/status``, ``/domain``) but not the input channels.
:func:`install` adds a request middleware to the app Rasa builds, so that the REST
channel (``/webhooks/rest/webhook``) needs the same token, compared in constant time,
before any handler runs. ``/`` ("Hello from Rasa") stays open for the readiness checks.
"""

from __future__ import annotations

import functools
import hmac
from typing import Any, Callable

OPEN_PATHS = frozenset({"/"})
_PATCHED_FLAG = "_anhoriglotsen_access"


def token_matches(given: Any, token: str) -> bool:
    """Whether ``given`` is the token (constant time); an empty token matches nothing."""
    return bool(token) and isinstance(given, str) and hmac.compare_digest(given.encode(), token.encode())


def protect(app: Any, token: str) -> None:
    """Answer 401 to every request but ``/`` that lacks the token."""
    from sanic import response

    @app.on_request
    async def require_token(request: Any) -> Any:
        if request.path in OPEN_PATHS or token_matches(request.args.get("token"), token):
            return None
        return response.json(
            {"status": "failure", "reason": "NotAuthenticated", "message": "User is not authenticated."},
            status=401,
        )


def protected_configure_app(original: Callable[..., Any], token: str) -> Callable[..., Any]:
    """Wrap ``rasa.core.run.configure_app`` so the app it returns is protected."""

    @functools.wraps(original)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = original(*args, **kwargs)
        protect(app, token)
        return app

    return configure_app


def install(token: str) -> None:
    """Protect the app ``rasa run`` builds (idempotent)."""
    import rasa.core.run

    if getattr(rasa.core.run, _PATCHED_FLAG, False):
        return
    rasa.core.run.configure_app = protected_configure_app(rasa.core.run.configure_app, token)
    setattr(rasa.core.run, _PATCHED_FLAG, True)
