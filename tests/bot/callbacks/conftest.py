"""Fixtures for the callback tests: the migrated database and a settable ANHORIG_NOW."""

from __future__ import annotations

from tests.bot.callbacks import bookings

db = bookings.db
factory = bookings.factory
set_now = bookings.set_now
