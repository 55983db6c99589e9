"""What the actions need from the active municipality profile and the national lines."""

from __future__ import annotations

from typing import Dict, Optional

from bot.knowledge.loader import load_active_profile, load_national
from bot.knowledge.schema import Profile
from bot.settings import get_settings

# National line ids (data/national.yml) -> the keys bot.texts.replies uses.
_LINE_KEYS = {
    "emergency_112": "emergency",
    "healthcare_1177": "healthcare",
    "sjalvmordslinjen": "suicide",
    "kvinnofridslinjen": "women_violence",
    "bris": "bris",
    "anhoriglinjen": "anhoriglinjen",
    "police_11414": "police",
}


def active_profile() -> Profile:
    """The profile selected by ``ANHORIG_MUNICIPALITY`` (validated, cached)."""
    return load_active_profile()


def municipality_name() -> Optional[str]:
    """The municipality's name, for the greeting."""
    return active_profile().name


def national_phones() -> Dict[str, str]:
    """Phone numbers of the national lines, keyed as :mod:`bot.texts.replies` expects."""
    national = load_national(get_settings().data_dir)
    return {
        _LINE_KEYS[line.id]: line.phone
        for line in national.lines
        if line.id in _LINE_KEYS and line.phone
    }


def socialjour_phone() -> Optional[str]:
    """The after-hours social emergency number of the active municipality."""
    return active_profile().socialjour.phone
