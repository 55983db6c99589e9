"""Reply-time fixes for Rasa 3.6, applied explicitly when the Rasa server starts.

:func:`install` applies every fix (idempotent); ``python -m bot.rasa_patches.serve``
applies them and then runs Rasa's own command line (see :mod:`bot.rasa_patches.serve`).
"""

from bot.rasa_patches.speedups import install

__all__ = ["install"]
