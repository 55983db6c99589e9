"""Start the Rasa action server: on a valid profile, an up-to-date database, loopback, a secret.

``python -m bot.tools.action_server --actions actions --port 5055`` takes the same
arguments as ``python -m rasa_sdk``. Before serving it loads the active
municipality profile (with ``national.yml`` and ``rights.yml``) and refuses to
start when any of them is invalid, then brings the case database to the
newest schema (idempotent). It listens on ``ANHORIG_ACTION_HOST`` (127.0.0.1; another
interface only in production) and answers ``/webhook`` and ``/actions`` only to a
caller that sends ``ANHORIG_ACTION_SECRET`` in the :data:`SECRET_HEADER` header (Rasa,
through :mod:`bot.rasa_patches.guard`); without a secret it does not start. ``/health``
stays open for the readiness checks. Nothing happens at import time.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys
from typing import Any, Optional, Sequence

from bot.settings import ACTION_SECRET_HEADER as SECRET_HEADER

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})


def check_startup() -> bool:
    """Validate the active profile and upgrade the database; print what is wrong."""
    from bot.settings import get_settings
    from bot.tools.checks import check_profile, upgrade_database_or_report

    return check_profile() and upgrade_database_or_report(get_settings().effective_database_url)


def secret_matches(given: Optional[str], secret: str) -> bool:
    """Constant-time comparison; an empty secret matches nothing."""
    return bool(secret) and given is not None and hmac.compare_digest(given.encode(), secret.encode())


def protect(app: Any, secret: str) -> None:
    """Refuse every request but ``/health`` without the shared secret: 401 missing, 403 wrong."""
    from sanic import response

    @app.on_request
    async def require_secret(request: Any) -> Any:
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return response.json({"error": "the action server only answers Rasa"}, status=401)
        if not secret_matches(given, secret):
            return response.json({"error": "the action server only answers Rasa"}, status=403)
        return None


def create_app(actions: str, secret: str) -> Any:
    """rasa_sdk's app for the ``actions`` package, without CORS, behind the secret."""
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from rasa_sdk.plugin import plugin_manager

    app = create_sdk_app(actions, cors_origins=None)
    protect(app, secret)
    # What rasa_sdk's own run() does: registered plugins (the action log) attach to the app.
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    return app


def serve(args: argparse.Namespace, host: str, secret: str) -> None:
    """Configure logging as rasa_sdk does, then serve in this process (one worker)."""
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME

    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    app = create_app(args.actions, secret)
    logger.info("action server on http://%s:%s", host, args.port)
    app.run(host, args.port, workers=1, access_log=False, motd=False)


def bind_problem(host: str, secret: str, development: bool) -> Optional[str]:
    """Why the action server must not start with this host and secret, or None."""
    from bot.settings import is_loopback

    if not secret:
        return ("ANHORIG_ACTION_SECRET saknas: actionservern svarar bara Rasa, med den hemliga "
                "nyckeln (anhoriglots run sätter den).")
    if not is_loopback(host) and development:
        return (f"ANHORIG_ACTION_HOST={host!r} är inte 127.0.0.1: ett annat gränssnitt är bara "
                "tillåtet med ANHORIG_ENV=production.")
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Parse rasa_sdk's arguments, check the startup conditions, then serve."""
    from rasa_sdk.endpoint import create_argument_parser

    from bot.privacy.logs import install_log_masking
    from bot.settings import get_settings
    from bot.tools.action_log import register as log_each_action

    args = create_argument_parser().parse_args(argv)
    settings = get_settings()
    problem = bind_problem(settings.action_host, settings.action_secret, settings.development)
    if problem is not None:
        print(f"anhoriglots: fel: {problem}", file=sys.stderr)
        return 1
    if not check_startup():
        return 1
    install_log_masking()
    log_each_action()
    serve(args, settings.action_host, settings.action_secret)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
