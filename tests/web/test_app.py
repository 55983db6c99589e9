"""The app factory: it refuses to start in production without a secret key."""

from __future__ import annotations

import pytest

from tests.web.conftest import World


def test_production_refuses_to_start_without_a_secret(world: World) -> None:
    from bot.settings import SettingsError, load_settings
    from bot.web.app import create_app

    with pytest.raises(SettingsError):
        create_app(load_settings({"ANHORIG_ENV": "production"}), session_factory=world.session_factory,
                   profile=world.profile, name="no_secret")
