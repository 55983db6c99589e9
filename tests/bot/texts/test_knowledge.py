"""Swedish replies: content, sources, example markers and chat size."""

from __future__ import annotations

from typing import Callable, List

import pytest

from bot.knowledge.advice import find_supports_by_type, rights_for, route, supports_for
from bot.knowledge.schema import NationalFile, Profile, RightsFile
from bot.knowledge.situation import Situation
from bot.texts.knowledge import (
    FOCUS_APPLY,
    FOCUS_COST,
    render_opening_hours,
    render_rights,
    render_route,
    render_support_type,
    render_supports,
)
from tests.bot.knowledge.conftest import PROFILE_IDS, minimal_profile, shipped

MAX_LINES = 26
MAX_CHARS = 2200

SITUATIONS = [
    Situation(),
    Situation(relation="parent", condition="dementia", person_age=84, phase="caring"),
    Situation(relation="child", condition="disability", person_age=8, district="Farsta"),
    Situation(relation="partner", condition="mental_illness", person_age=45),
    Situation(relation="child", condition="criminality", person_age=19),
    Situation(relation="partner", phase="new_start", person_age=79),
    Situation(relation="parent", condition="addiction", user_is_child=True),
]


def all_replies(profile: Profile, national: NationalFile, rights: RightsFile) -> List[str]:
    """Every kind of reply for a spread of situations (also used by the law test)."""
    replies = [render_opening_hours(profile, national)]
    for situation in SITUATIONS:
        advice = supports_for(profile, situation, national)
        for focus in ("overview", FOCUS_APPLY, FOCUS_COST):
            replies.append(render_supports(advice, profile, focus))
        replies.append(render_route(route(profile, situation), profile))
        replies.append(render_rights(rights_for(situation, rights=rights), profile))
        replies.append(render_rights(rights_for(situation, "secrecy", rights), profile))
        for support_type in ("financial", "respite", "coordinator", "support_group"):
            answer = find_supports_by_type(profile, support_type, situation)
            replies.append(render_support_type(answer, profile))
    return replies


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_replies_are_chat_sized_and_cite_a_source(
    profile_id: str, national: NationalFile, rights: RightsFile,
) -> None:
    profile = shipped(profile_id)
    for reply in all_replies(profile, national, rights):
        assert len(reply) <= MAX_CHARS, reply
        assert len(reply.splitlines()) <= MAX_LINES, reply
        assert "Källa:" in reply, reply
        assert "None" not in reply and "{" not in reply, reply


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_supports_name_the_municipality_document(
    profile_id: str, national: NationalFile,
) -> None:
    profile = shipped(profile_id)
    reply = render_supports(supports_for(profile, SITUATIONS[1], national), profile)
    assert f"Källa: {profile.name}, {profile.source.title}, avsnitt " in reply
    assert reply.index("Utan ansökan:") < reply.index("Det här ansöker du om:")


def test_supports_reply_for_gislaved_child(national: NationalFile) -> None:
    gislaved = shipped("gislaved")
    situation = Situation(relation="child", condition="disability", person_age=8)
    reply = render_supports(supports_for(gislaved, situation, national), gislaved)
    assert reply.startswith("Det här kan passa dig i Gislaveds kommun:")
    assert "• Koordinatorstöd:" in reply
    assert "avsnitt 2.2 Uppdragsbeskrivning koordinatorstöd" in reply
    assert "Ansök hos" in reply or "ansöker hos" in reply


def test_unknown_situation_asks_for_more(national: NationalFile) -> None:
    ekero = shipped("ekero")
    reply = render_supports(supports_for(ekero, Situation(), national), ekero)
    assert "Berätta gärna vem du hjälper" in reply


def test_stockholm_supports_ask_for_the_district(national: NationalFile) -> None:
    stockholm = shipped("stockholm")
    reply = render_supports(supports_for(stockholm, Situation(condition="criminality"), national),
                            stockholm)
    assert "Vilken stadsdel bor du i?" in reply
    reply = render_supports(
        supports_for(stockholm, Situation(condition="criminality", district="Farsta"), national),
        stockholm,
    )
    assert "Vilken stadsdel" not in reply


def test_unconfirmed_lines_are_marked(national: NationalFile) -> None:
    nacka = shipped("nacka")
    reply = render_supports(supports_for(nacka, Situation(condition="dementia"), national), nacka)
    assert "Anhöriglinjen" in reply
    assert "Uppgifterna är inte bekräftade." in reply
    assert "nationella nummer granskade 2026-11-22" in reply


def test_cost_focus_does_not_invent_prices(national: NationalFile) -> None:
    lidingo = shipped("lidingo")
    reply = render_supports(
        supports_for(lidingo, Situation(condition="dementia"), national), lidingo, FOCUS_COST,
    )
    assert reply.startswith("Underlaget från Lidingö stad säger inget om vad stödet kostar.")
    assert "Fråga anhörigkonsulenten på Anhörigstödet" in reply
    assert "kan kosta en avgift" in reply
    assert "kr" not in reply.split()


def test_cost_focus_lists_known_costs(national: NationalFile) -> None:
    data = minimal_profile()
    data["supports"][0]["cost"] = "Gratis"
    profile = Profile.parse_obj(data)
    reply = render_supports(supports_for(profile, Situation(), national), profile, FOCUS_COST)
    assert "• Samtal: Gratis." in reply
    assert "Källa: Testkommun, Testdokument, avsnitt 2." in reply


def test_unknown_focus_is_rejected(national: NationalFile) -> None:
    ekero = shipped("ekero")
    with pytest.raises(ValueError):
        render_supports(supports_for(ekero, Situation(), national), ekero, "price")


# -- routes ---------------------------------------------------------------------------------


def test_route_reply_names_role_unit_and_example_phone() -> None:
    nacka = shipped("nacka")
    reply = render_route(route(nacka, Situation(condition="dementia", person_age=58)), nacka)
    assert reply.startswith(
        "Det är demenssjuksköterskan på Anhörigstödet, Välfärd samhällsservice som ringer upp dig."
    )
    assert "070-174 06 38 (exempelnummer)" in reply
    assert "Källa: Nacka kommun, Uppföljning av anhörigstödet i Nacka, avsnitt 1.1" in reply


def test_route_reply_never_promises_an_example_escalation_time() -> None:
    ekero = shipped("ekero")
    reply = render_route(route(ekero, Situation(condition="dementia")), ekero)
    assert "anhöriglänken för äldreomsorg och demens" in reply
    assert "arbetstimmar" not in reply


def test_route_reply_states_a_real_escalation_time() -> None:
    profile = Profile.parse_obj(minimal_profile())
    reply = render_route(route(profile, Situation(condition="dementia")), profile)
    assert "Det är kontaktpersonen på Enheten som ringer upp dig." in reply
    assert "inom 8 arbetstimmar går ärendet vidare till anhörigsamordnare" in reply
    assert "(exempelnummer)" not in reply


def test_route_reply_asks_for_the_age_when_it_decides() -> None:
    nacka = shipped("nacka")
    reply = render_route(route(nacka, Situation(condition="mental_illness")), nacka)
    assert "Hur gammal är personen du hjälper?" in reply


def test_stockholm_route_reply_recognises_the_group_and_asks_for_the_district() -> None:
    stockholm = shipped("stockholm")
    reply = render_route(route(stockholm, Situation(condition="criminality")), stockholm)
    assert reply.startswith(
        "Anhöriga till personer med en kriminell livsstil ingår i målgruppen för anhörigstödet "
        "i Stockholms stad."
    )
    assert "Vilken stadsdel bor du i?" in reply
    assert "avsnitt Ärendet" in reply


def test_stockholm_route_reply_with_district() -> None:
    stockholm = shipped("stockholm")
    reply = render_route(route(stockholm, Situation(condition="extremism", district="Kista")),
                         stockholm)
    assert "Det är anhörigkonsulenten på Rinkeby-Kista stadsdelsförvaltning som ringer upp dig." in (
        reply
    )


# -- support types ----------------------------------------------------------------------------


def test_not_offered_is_said_honestly_with_alternatives() -> None:
    gislaved = shipped("gislaved")
    reply = render_support_type(find_supports_by_type(gislaved, "financial"), gislaved)
    assert reply.startswith(
        "Gislaveds kommun ger inte ekonomisk ersättning till anhöriga som vårdar en närstående."
    )
    assert "Det här finns i stället:" in reply
    assert "• Avlösning i hemmet:" in reply
    assert "avsnitt 2. Anhörigstödet i Gislaveds kommun" in reply


def test_silent_document_says_so_and_names_who_to_ask() -> None:
    ekero = shipped("ekero")
    reply = render_support_type(find_supports_by_type(ekero, "financial"), ekero)
    assert reply.startswith(
        "Jag hittar inget om ekonomisk ersättning i underlaget från Ekerö kommun. "
        "Fråga anhörigkonsulenten på Produktionsområde Omsorg"
    )
    assert "Ja," not in reply


def test_offered_support_type_says_how_to_get_it() -> None:
    gislaved = shipped("gislaved")
    reply = render_support_type(
        find_supports_by_type(gislaved, "coordinator", Situation(person_age=8)), gislaved,
    )
    assert reply.startswith("Ja, i Gislaveds kommun finns koordinatorstöd:")
    assert "Kontakta anhörigsamordnaren. Stödet kräver inget beslut." in reply


def test_offered_but_not_for_this_situation() -> None:
    gislaved = shipped("gislaved")
    reply = render_support_type(
        find_supports_by_type(gislaved, "coordinator", Situation(person_age=80)), gislaved,
    )
    assert "riktar sig kanske inte till din situation" in reply


# -- rights ------------------------------------------------------------------------------------


def test_rights_reply_cites_current_act_with_old_reference_in_brackets(rights: RightsFile) -> None:
    lidingo = shipped("lidingo")
    reply = render_rights(rights_for(Situation(condition="dementia", person_age=80), rights=rights),
                          lidingo)
    assert "Lag: 13 kap. 9 § socialtjänstlagen (2025:400) [tidigare 5 kap. 10 § SoL]." in reply
    assert "inte en rätt du kan överklaga" in reply
    assert "Källa: Lidingö stad, Riktlinje för anhörigstöd, avsnitt 5.1 Anhörigstöd" in reply
    assert "Jag kan också berätta om:" in reply


def test_rights_reply_when_nothing_applies() -> None:
    ekero = shipped("ekero")
    reply = render_rights([], ekero)
    assert "anhörigkonsulent" in reply


def test_rights_reply_in_stockholm_names_the_district_or_the_general_entry() -> None:
    """Not one district's consultant for every visitor: the visitor's district, else the city's
    general entry."""
    stockholm = shipped("stockholm")
    without = render_rights([], stockholm)
    assert "Fråga gärna Stockholms stads kontaktcenter." in without
    assert "stadsdelsförvaltning" not in without
    farsta = render_rights([], stockholm, district="Farsta")
    assert "Fråga gärna anhörigkonsulenten på Farsta stadsdelsförvaltning." in farsta


# -- opening hours -------------------------------------------------------------------------------


def test_opening_hours(national: NationalFile) -> None:
    reply = render_opening_hours(shipped("ekero"), national)
    assert "• måndag–torsdag kl. 8.00–16.30" in reply
    assert "• fredag kl. 8.00–15.00" in reply
    assert "• lördag–söndag stängt" in reply
    assert "Tiderna är exempeluppgifter som inte är kontrollerade." in reply
    assert "Socialjouren: 070-174 06 05 (exempelnummer)" in reply
    assert "Vid akut fara, ring 112." in reply


def test_opening_hours_without_examples(national: NationalFile) -> None:
    profile = Profile.parse_obj(minimal_profile())
    reply = render_opening_hours(profile, national)
    assert "• måndag kl. 8.00–16.00\n• tisdag–söndag stängt" in reply
    assert "exempel" not in reply
    assert reply.endswith("Källa: Testkommun, https://www.test.example.")


RENDERERS: List[Callable[[Profile, NationalFile], str]] = [
    lambda p, n: render_opening_hours(p, n),
    lambda p, n: render_supports(supports_for(p, Situation(condition="dementia"), n), p),
]


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@pytest.mark.parametrize("renderer", RENDERERS)
def test_every_example_phone_is_marked(
    profile_id: str, renderer: Callable[[Profile, NationalFile], str], national: NationalFile,
) -> None:
    profile = shipped(profile_id)
    reply = renderer(profile, national)
    for contact in profile.contact_points:
        if contact.example and contact.phone in reply:
            assert f"{contact.phone} (exempelnummer)" in reply


def test_grief_without_a_grief_support_in_the_profile_is_said_honestly() -> None:
    from bot.knowledge.advice import supports_for
    from bot.knowledge.loader import load_profile
    from bot.knowledge.situation import Situation
    from bot.texts.knowledge import render_supports

    lidingo = load_profile("lidingo")
    text = render_supports(supports_for(lidingo, Situation(relation="parent", phase="new_start")), lidingo)
    assert "Om sorg: i Lidingö stads dokument står inget särskilt stöd" in text
    ekero = load_profile("ekero")
    text = render_supports(supports_for(ekero, Situation(relation="parent", phase="new_start")), ekero)
    assert "Om sorg:" not in text  # Ekerö has its own support after a death
