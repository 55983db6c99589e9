"""Requests told inside a message, and the writer's own age."""

from __future__ import annotations

from typing import Optional

import pytest

from bot.nlp import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min mamma har demens. Kan någon ringa mig?", ("callback",)),
        ("min mamma har demens kan nagon ringa mig", ("callback",)),
        ("Kan ni ringa upp mig, gärna efter lunch?", ("callback",)),
        ("Ni får gärna ringa mig när ni öppnar igen.", ("callback",)),
        ("jag vill bli uppringd", ("callback",)),
        ("jag vill bli uppringd", ("callback",)),
        ("Vad har jag rätt till?", ("rights",)),
        ("vad har jag ratt till", ("rights",)),
        ("Vad kostar det?", ("cost",)),
        ("vad kostar avlösning", ("cost",)),
        ("Hur ansöker man om korttids?", ("supports",)),
        ("hur ansoker man", ("supports",)),
        ("Finns det något stöd för mig?", ("supports",)),
        ("Jag vill avboka samtalet", ("cancel",)),
        ("jag vill avboka", ("cancel",)),
        ("Kan någon från kommunen ringa mig om stöd till mig?", ("callback", "supports")),
        ("Jag vill prata med någon som förstår, kan ni ringa?", ("callback",)),
        ("kan någon ringa", ("callback",)),
        ("ja tack, ring gärna efter helgerna", ("callback",)),
        ("jag skulle vilja att någon ringer mig", ("callback",)),
        ("jag vill att någon från kommunen ringer upp mig", ("callback",)),
        ("finns det hjälp för oss? nån som kan ringa", ("callback", "supports")),
        ("Kan jag få pengar från kommunen för det? Ersättning?", ("supports",)),
    ],
)
def test_requests_in_finds_the_request(text: str, expected: tuple[str, ...]) -> None:
    assert facts.requests_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "han ringer mig tio gånger om dagen",
        "min pappa har demens och bor hemma",
        "hon ringer mig fulla mitt i natten",
        "kan ni ringa min mamma och påminna henne",
        "ring gärna 1177 om hon blir sämre",
        "",
    ],
)
def test_requests_in_ignores_plain_situations(text: str) -> None:
    assert facts.requests_in(text) == ()


def test_the_intent_counts_first() -> None:
    assert facts.main_request("vad kostar det", "request_callback") == "callback"
    told = "min mamma har demens. vad har jag rätt till?"
    assert facts.main_request(told, "describe_situation") == "rights"
    assert facts.main_request("min mamma har demens", "describe_situation") is None
    assert facts.request_of_intent("ask_cost") == "cost"
    assert facts.request_of_intent("greet") is None


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("jag är 13", 13),
        ("jag ar 13 ar", 13),
        ("Min mamma dricker, jag är 14", 14),
        ("jag fyller 19 i vår", 19),
        ("min pappa är 79 år och jag är 50 år", 50),
        ("min mamma är 80", None),
        ("jag är trött", None),
    ],
)
def test_own_age(text: str, age: Optional[int]) -> None:
    assert facts.own_age(text) == age


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("jag är 13 och min mamma dricker", True),
        ("jag går i sjuan", True),
        ("jag gar i sjuan", True),
        ("mina föräldrar bråkar och har aldrig tid för mig", True),
        ("min lillebror har autism och får utbrott", True),
        ("jag är 19 och min lillebror har adhd", False),
        ("min mamma är 84, jag jobbar heltid och mina barn är små", False),
        ("mina föräldrar är 85 och 88", False),
        ("min man har parkinson", False),
    ],
)
def test_writer_is_minor(text: str, minor: bool) -> None:
    assert facts.writer_is_minor(text) is minor


def test_is_bereaved_reads_the_caring_phase() -> None:
    assert facts.is_bereaved(facts.detect_phase("mamma dog i maj"))
    assert not facts.is_bereaved(facts.detect_phase("mamma har fått plats på ett boende"))
    assert not facts.is_bereaved(None)
