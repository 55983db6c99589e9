"""Who sees which cases (bot.staff.scope): coordinators the municipality, contacts their unit."""

from __future__ import annotations

import pytest

from bot.staff.accounts import Principal
from bot.staff.errors import NotPermitted
from bot.staff.scope import CaseScope, scope_for
from tests.bot.staff.seeded import World

COORDINATOR = Principal(3, "samordnare", "coordinator", "ekero", None)
CONTACT = Principal(1, "kontakt.aldre", "contact", "ekero", "kontakt_aldreomsorg")


def test_scope_per_role(world: World) -> None:
    profile = world.profile
    assert scope_for(COORDINATOR, profile) == CaseScope("ekero", None)
    contact = scope_for(CONTACT, profile)
    assert contact.contact_point_ids == frozenset({"kontakt_aldreomsorg"})
    with pytest.raises(NotPermitted):
        scope_for(Principal(4, "admin", "admin", "ekero", None), profile)
    with pytest.raises(NotPermitted):
        scope_for(Principal(5, "x", "coordinator", "lidingo", None), profile)
    gone = scope_for(Principal(6, "y", "contact", "ekero", "removed_point"), profile)
    assert gone.contact_point_ids == frozenset()
