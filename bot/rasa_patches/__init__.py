"""Reply-time fixes for Rasa 3.6, applied explicitly when the Rasa server starts.

:func:`install` applies every fix (idempotent): the speed-ups
(:mod:`bot.rasa_patches.speedups`, with the tracker cache), the masking of what
Rasa stores (:mod:`bot.rasa_patches.masked_store`) and of what it logs when the tracker
store fails (:mod:`bot.rasa_patches.store_errors`). ``python -m bot.rasa_patches.serve``
applies them and then runs Rasa's own command line (see :mod:`bot.rasa_patches.serve`).
"""

from bot.rasa_patches import masked_store, speedups, store_errors

__all__ = ["install"]


def install() -> None:
    """Apply every fix (idempotent)."""
    speedups.install()
    masked_store.install()
    store_errors.install()
