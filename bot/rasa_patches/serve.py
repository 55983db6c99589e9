"""Run Rasa's command line with the reply-time fixes applied: the Rasa server's entry point.

``python -m bot.rasa_patches.serve run --model models/x.tar.gz --enable-api ...`` takes
exactly the arguments of ``rasa``; it masks the process's log records
(:func:`bot.privacy.logs.install_log_masking`) and applies :func:`bot.rasa_patches.install` first,
then hands over to Rasa (``rasa.__main__.main``). Used wherever the assistant starts a
Rasa server (:mod:`bot.tools.runner`, the model-level tests). ``rasa train`` and
``rasa test`` do not need the fixes and are run as ``python -m rasa``.
"""

from __future__ import annotations

import logging
import sys
from typing import Optional, Sequence

logger = logging.getLogger(__name__)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Apply the fixes, then run ``rasa`` with ``argv`` (this process's arguments by default)."""
    from rasa.__main__ import main as rasa_main

    from bot.privacy.logs import install_log_masking
    from bot.rasa_patches import install

    arguments = list(sys.argv[1:] if argv is None else argv)
    install_log_masking()
    install()
    # Rasa reads its arguments from sys.argv, under its own program name.
    sys.argv = ["rasa", *arguments]
    rasa_main()


if __name__ == "__main__":  # pragma: no cover
    main()
