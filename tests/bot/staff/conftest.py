"""Fixtures for the staff tests: the seeded database the web tests use too."""

from __future__ import annotations

from tests.bot.staff import seeded

cheap_hasher = seeded.cheap_hasher
seed = seeded.seed
world_type = seeded.world_type
world = seeded.world
