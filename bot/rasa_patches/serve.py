"""Run Rasa's command line with the reply-time fixes applied: the Rasa server's entry point.

``python -m bot.rasa_patches.serve run --model models/x.tar.gz --enable-api ...`` takes
exactly the arguments of ``rasa``; it masks the process's log records
(:func:`bot.privacy.logs.install_log_masking`) and applies :func:`bot.rasa_patches.install` first,
then hands over to Rasa (``rasa.__main__.main``). Used wherever the assistant starts a
Rasa server (:mod:`bot.tools.runner`, the model-level tests). ``rasa train`` and
``rasa test`` do not need the fixes and are run as ``python -m rasa``.

For ``run`` it also locks the server down (docs/operations.md):

- it refuses to start without ``ANHORIG_RASA_TOKEN`` and passes it to Rasa as
  ``--auth-token`` inside this process (never on the command line other users can read);
  :mod:`bot.rasa_patches.access` demands it on the REST channel as well;
- Rasa listens on 127.0.0.1 unless ``--interface`` says otherwise, and another interface
  than loopback is refused outside production;
- calls to the action server carry ``ANHORIG_ACTION_SECRET``, time out before the web app
  gives up, and never end in silence (:mod:`bot.rasa_patches.guard`);
- the process runs with the umask 077, so the tracker store's SQLite file and its journal
  are readable by their owner only, however Rasa is started.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Optional, Sequence

logger = logging.getLogger(__name__)

INTERFACE_FLAGS = ("-i", "--interface")
LOOPBACK = "127.0.0.1"
PRIVATE_UMASK = 0o077  # files Rasa creates (the tracker store): owner only


def interface_of(arguments: Sequence[str]) -> Optional[str]:
    """The value of ``-i``/``--interface`` (also ``--interface=x``), or None."""
    for index, argument in enumerate(arguments):
        if argument in INTERFACE_FLAGS and index + 1 < len(arguments):
            return arguments[index + 1]
        for flag in INTERFACE_FLAGS:
            if argument.startswith(flag + "="):
                return argument.split("=", 1)[1]
    return None


def locked_down(arguments: Sequence[str]) -> list[str]:
    """``rasa run`` arguments with the interface and the token; SystemExit when refused."""
    from bot.rasa_patches import access, guard
    from bot.settings import get_settings

    settings = get_settings()
    if not settings.rasa_token:
        raise SystemExit("anhoriglots: fel: ANHORIG_RASA_TOKEN saknas; Rasa startar inte utan "
                         "nyckel (anhoriglots run sätter den).")
    if any(a in ("-t", "--auth-token") or a.startswith("--auth-token=") for a in arguments):
        raise SystemExit("anhoriglots: fel: ange nyckeln med ANHORIG_RASA_TOKEN, inte --auth-token.")
    result = list(arguments)
    interface = interface_of(arguments)
    if interface is None:
        result += ["--interface", LOOPBACK]
    elif not settings.may_bind(interface):
        raise SystemExit(f"anhoriglots: fel: Rasa lyssnar bara på 127.0.0.1; --interface {interface} "
                         "är bara tillåtet med ANHORIG_ENV=production.")
    access.install(settings.rasa_token)
    guard.install(guard.default_fallback(settings.action_secret))
    # One argument: a token may begin with "-", which argparse would read as an option.
    return result + [f"--auth-token={settings.rasa_token}"]


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Apply the fixes, then run ``rasa`` with ``argv`` (this process's arguments by default)."""
    from rasa.__main__ import main as rasa_main

    from bot.privacy.logs import install_log_masking
    from bot.rasa_patches import install

    arguments = list(sys.argv[1:] if argv is None else argv)
    install_log_masking()
    if arguments[:1] == ["run"]:
        arguments = locked_down(arguments)
        os.umask(PRIVATE_UMASK)
    install()
    # Rasa reads its arguments from sys.argv, under its own program name.
    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":  # pragma: no cover
    main()
