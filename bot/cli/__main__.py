"""``python -m bot.cli``: the same commands as ``anhoriglots``."""

import sys

from bot.cli.main import main

sys.exit(main())
