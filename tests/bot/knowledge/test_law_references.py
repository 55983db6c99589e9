"""No data file or reply cites the repealed Social Services Act (2001:453) as current.

The old act may appear only inside an explicitly old reference: an
``old_reference:`` field, or a bracket that says "tidigare". This test checks
the raw text of every knowledge file (comments included) and every kind of
rendered reply with its own, simpler rule than the validator's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

import pytest

from bot.knowledge.schema import NationalFile, RightsFile
from tests.bot.texts.test_knowledge import all_replies

from .conftest import DATA_DIR, PROFILE_IDS, shipped

OLD_ACT = re.compile(r"5\s*kap\.?\s*10\s*§|2001\s*:\s*453|2001\s*:\s*53\b|4\s*kap\.?\s*1\s*§\s*SoL")
DATA_FILES = sorted((DATA_DIR / "municipalities").glob("*.yml")) + [
    DATA_DIR / "national.yml", DATA_DIR / "rights.yml",
]


def violations(text: str) -> List[str]:
    """Old-act citations not inside a bracket whose text before them says 'tidigare'."""
    found = []
    for match in OLD_ACT.finditer(text):
        before = text[: match.start()]
        opening = max(before.rfind("("), before.rfind("["))
        closing = max(before.rfind(")"), before.rfind("]"))
        inside_bracket = opening > closing
        closes_after = re.search(r"[)\]]", text[match.end():]) is not None
        marked_old = "tidigare" in before[opening:].lower() if inside_bracket else False
        if not (inside_bracket and closes_after and marked_old):
            found.append(text[max(0, match.start() - 40): match.end() + 10])
    return found


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("enligt 5 kap. 10 § SoL", True),
        ("socialtjänstlagen (2001:453)", True),
        ("13 kap. 9 § (tidigare 5 kap. 10 § SoL)", False),
        ("[tidigare 5 kap. 10 § SoL]", False),
        ("(5 kap. 10 § SoL, tidigare)", True),
        ("13 kap. 9 § socialtjänstlagen (2025:400)", False),
    ],
)
def test_the_check_itself(text: str, bad: bool) -> None:
    assert bool(violations(text)) is bad


def test_every_knowledge_file_is_covered() -> None:
    assert {p.stem for p in DATA_FILES} == {*PROFILE_IDS, "national", "rights"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_files_do_not_cite_the_repealed_act(path: Path) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"\s*old_reference:", line):
            assert line.split(":", 1)[1].strip().startswith("tidigare "), f"{path}:{number}"
            continue
        assert violations(line) == [], f"{path.name}:{number}: {line}"


def test_old_references_are_kept_where_they_help(rights: RightsFile) -> None:
    duty = next(s for s in rights.statements if s.id == "duty_to_offer")
    assert duty.reference == "13 kap. 9 § socialtjänstlagen (2025:400)"
    assert duty.old_reference == "tidigare 5 kap. 10 § SoL"
    bistand = next(s for s in rights.statements if s.id == "own_needs")
    assert bistand.reference == "11 kap. 1 § socialtjänstlagen (2025:400)"
    assert bistand.old_reference == "tidigare 4 kap. 1 § SoL"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_replies_do_not_cite_the_repealed_act(
    profile_id: str, national: NationalFile, rights: RightsFile,
) -> None:
    replies = all_replies(shipped(profile_id), national, rights)
    assert any("[tidigare 5 kap. 10 § SoL]" in reply for reply in replies)
    for reply in replies:
        assert violations(reply) == [], reply
