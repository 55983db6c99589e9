"""The retention periods: read from the environment, checked, and worded in the consent text."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings
from bot.texts.callback import RETENTION_SV, consent_request, retention_sv


def test_the_defaults() -> None:
    settings = load_settings({})
    assert (settings.case_retention_days, settings.conversation_retention_hours) == (21, 24)


def test_values_from_the_environment() -> None:
    settings = load_settings({"ANHORIG_CASE_RETENTION_DAYS": "14",
                              "ANHORIG_CONVERSATION_RETENTION_HOURS": "2"})
    assert (settings.case_retention_days, settings.conversation_retention_hours) == (14, 2)


@pytest.mark.parametrize("name", ["ANHORIG_CASE_RETENTION_DAYS", "ANHORIG_CONVERSATION_RETENTION_HOURS"])
@pytest.mark.parametrize("raw", ["0", "-1", "tre"])
def test_a_period_must_be_a_positive_whole_number(name: str, raw: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: raw})


def test_the_consent_text_says_the_configured_period() -> None:
    assert RETENTION_SV == retention_sv(21) == "tre veckor"
    assert (retention_sv(7), retention_sv(14), retention_sv(1), retention_sv(30)) == (
        "en vecka", "två veckor", "en dag", "30 dagar")
    assert "När det tas bort: tre veckor efter" in consent_request("Ekerö kommun")
    assert "När det tas bort: 30 dagar efter" in consent_request("Ekerö kommun", retention_sv(30))
