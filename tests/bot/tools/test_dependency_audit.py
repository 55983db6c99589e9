"""docs/dependencies.md and requirements.lock agree; the audit check finds what is undecided."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.tools.dependency_audit import (
    DECISIONS,
    main,
    parse_decisions,
    parse_lock,
    parse_report,
    report_problems,
    table_problems,
)

ROOT = Path(__file__).resolve().parents[3]
LOCK = parse_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8")
DECIDED = parse_decisions(DOC)


def report(*deps: dict[str, Any]) -> dict[str, Any]:
    return {"dependencies": list(deps), "fixes": []}


def test_every_row_names_the_pinned_version_and_a_decision() -> None:
    assert len(DECIDED) >= 10
    assert table_problems(DECIDED, LOCK) == []
    assert {row.decision for row in DECIDED} <= set(DECISIONS)


def test_the_packages_rasa_pins_old_are_covered() -> None:
    covered = {row.package for row in DECIDED}
    assert {"aiohttp", "protobuf", "tensorflow", "keras", "scikit-learn", "pydantic", "httpx",
            "setuptools"} <= covered


def test_the_lock_pins_what_the_tools_need() -> None:
    # hypothesis runs the fuzz tests; its one dependency is pinned too (installed --no-deps).
    assert LOCK["hypothesis"] and LOCK["sortedcontainers"]
    assert LOCK["setuptools"] == "70.3.0"


def test_a_lock_upgrade_without_its_row_is_caught() -> None:
    pins = {**LOCK, "aiohttp": "3.9.9"}
    assert any("aiohttp" in problem for problem in table_problems(DECIDED, pins))


def test_a_finding_without_a_decision_is_caught_and_a_decided_one_passes() -> None:
    decided = next(row for row in DECIDED if row.package == "aiohttp")
    findings, audited, skipped = parse_report(report(
        {"name": "aiohttp", "version": decided.version,
         "vulns": [{"id": "GHSA-xxxx", "aliases": [decided.advisory], "fix_versions": []}]},
        {"name": "Jinja2", "version": LOCK["jinja2"],
         "vulns": [{"id": "GHSA-new-one", "aliases": ["CVE-2099-0001"]}]},
        {"name": "six", "version": LOCK["six"], "vulns": []},
    ))
    assert (audited, skipped) == (3, 0)
    problems = report_problems(findings, audited, skipped, DECIDED)
    assert len(problems) == 1 and "jinja2" in problems[0] and "CVE-2099-0001" in problems[0]


def test_a_report_that_looked_nothing_up_fails(tmp_path: Path) -> None:
    skipped_all = report(*({"name": name, "version": version, "skip_reason": "Dependency not found on PyPI"}
                           for name, version in LOCK.items()))
    findings, audited, skipped = parse_report(skipped_all)
    assert audited == 0 and skipped == len(LOCK)
    assert "looked up no package" in report_problems(findings, audited, skipped, DECIDED)[0]
    path = tmp_path / "pip-audit.json"
    path.write_text(json.dumps(skipped_all), encoding="utf-8")
    assert main([str(path), str(ROOT / "docs" / "dependencies.md"), str(ROOT / "requirements.lock")]) == 2


def test_a_clean_report_passes(tmp_path: Path) -> None:
    path = tmp_path / "pip-audit.json"
    clean = report({"name": "six", "version": LOCK["six"], "vulns": []})
    path.write_text(json.dumps(clean), encoding="utf-8")
    assert main([str(path), str(ROOT / "docs" / "dependencies.md"), str(ROOT / "requirements.lock")]) == 0


def test_the_audit_script_uses_its_own_venv_and_the_right_flags() -> None:
    script = (ROOT / "scripts" / "audit.sh").read_text(encoding="utf-8")
    assert "var/audit-venv" in script and "-r requirements.lock --no-deps --disable-pip" in script
    assert "bot.tools.dependency_audit" in script
