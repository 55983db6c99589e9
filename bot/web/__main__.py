"""``python -m bot.web``: serve the web app on ANHORIG_WEB_HOST:ANHORIG_WEB_PORT (localhost:8000).

Outside production it serves on a loopback address only; ANHORIG_WEB_HOST=0.0.0.0 (or
any other interface) is refused unless ANHORIG_ENV=production.
"""

from __future__ import annotations

import logging
import sys
from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Bring the database schema up to date, then serve until stopped."""
    from bot.knowledge.loader import ProfileError
    from bot.privacy.logs import install_log_masking
    from bot.settings import SettingsError, get_settings
    from bot.storage.engine import upgrade_database
    from bot.texts import web as texts
    from bot.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_masking()
    # httpx logs every request URL at INFO, and the URLs to Rasa carry its token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = get_settings()
        if not settings.may_bind(settings.web_host):
            raise SettingsError(
                f"ANHORIG_WEB_HOST={settings.web_host!r} is not a loopback address; another "
                "interface is allowed only with ANHORIG_ENV=production"
            )
        upgrade_database(settings.effective_database_url)
        app = create_app(settings, name="anhoriglotsen")
    except (SettingsError, ProfileError) as exc:
        print(texts.startup_failed(exc), file=sys.stderr)
        return 1
    print(texts.serving(settings.web_host, settings.web_port), flush=True)
    app.run(host=settings.web_host, port=settings.web_port, access_log=False, motd=False,
            workers=1, auto_reload=False)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
