"""Check a pip-audit report against the decisions in docs/dependencies.md.

``scripts/audit.sh`` runs pip-audit over ``requirements.lock`` in its own venv and then
``python -m bot.tools.dependency_audit <report.json> docs/dependencies.md requirements.lock``.
Every finding (package, version, advisory) must have a row in the findings table of
docs/dependencies.md, and every row must name the version the lock pins: a package
upgraded in the lock without its row updated, or a new advisory without a decision,
fails. A report in which no package could be looked up (the vulnerability data was out
of reach) fails too, instead of passing as "nothing found".
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

DECISIONS = ("upgraded", "not reachable", "test only")
FINDINGS_HEADING = "## Findings"
_ROW = re.compile(r"^\|(?P<cells>.+)\|\s*$")


@dataclass(frozen=True)
class Decision:
    """One row of the findings table: what was decided about one advisory of one package."""

    package: str
    version: str
    advisory: str
    decision: str
    reason: str


@dataclass(frozen=True)
class Finding:
    """One vulnerability pip-audit reported: the package, its version, the advisory's ids."""

    package: str
    version: str
    ids: tuple[str, ...]


def normalise(name: str) -> str:
    """A package name as PyPI compares them (``Jinja2`` = ``jinja2``, ``ruamel.yaml`` = ``ruamel-yaml``)."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def parse_lock(text: str) -> dict[str, str]:
    """``{package: version}`` of the ``name==version`` lines of a lock file."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[normalise(name)] = version.strip()
    return pins


def parse_decisions(markdown: str) -> list[Decision]:
    """The rows of the table under ``## Findings`` (package, version, advisory, decision, why)."""
    if FINDINGS_HEADING not in markdown:
        return []
    section = markdown.split(FINDINGS_HEADING, 1)[1].split("\n## ", 1)[0]
    rows: list[Decision] = []
    for line in section.splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        cells = [cell.strip().strip("`") for cell in match.group("cells").split("|")]
        if len(cells) != 5 or cells[0].lower() == "package" or set(cells[0]) <= set("-: "):
            continue
        package, version, advisory, decision, reason = cells
        rows.append(Decision(normalise(package), version, advisory, decision.lower(), reason))
    return rows


def parse_report(report: Mapping[str, Any]) -> tuple[list[Finding], int, int]:
    """(findings, packages looked up, packages skipped) of a pip-audit JSON report."""
    findings: list[Finding] = []
    audited = skipped = 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            skipped += 1
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            ids = (str(vuln.get("id", "")), *(str(a) for a in vuln.get("aliases", [])))
            findings.append(Finding(normalise(str(dependency["name"])), str(dependency["version"]),
                                    tuple(i for i in ids if i)))
    return findings, audited, skipped


def table_problems(decisions: Sequence[Decision], pins: Mapping[str, str]) -> list[str]:
    """Rows that do not agree with the lock, or whose decision is not one of :data:`DECISIONS`."""
    problems = []
    for row in decisions:
        pinned = pins.get(row.package)
        if pinned is None:
            problems.append(f"{row.package}: in docs/dependencies.md but not in requirements.lock")
        elif pinned != row.version:
            problems.append(f"{row.package}: docs/dependencies.md says {row.version}, "
                            f"requirements.lock pins {pinned}")
        if row.decision not in DECISIONS:
            problems.append(f"{row.package} {row.advisory}: decision {row.decision!r} is not one of "
                            f"{', '.join(DECISIONS)}")
        if not row.reason:
            problems.append(f"{row.package} {row.advisory}: no reason given")
    return problems


def report_problems(findings: Iterable[Finding], audited: int, skipped: int,
                    decisions: Sequence[Decision]) -> list[str]:
    """Findings without a decision; a report that looked nothing up."""
    if audited == 0:
        return [f"the audit looked up no package ({skipped} skipped): its vulnerability data "
                "was out of reach, so the report says nothing"]
    decided = {(row.package, row.version, row.advisory) for row in decisions}
    problems = []
    for finding in findings:
        if not any((finding.package, finding.version, advisory) in decided for advisory in finding.ids):
            problems.append(f"{finding.package} {finding.version}: {', '.join(finding.ids)} has no "
                            "decision in docs/dependencies.md")
    return problems


def main(argv: Optional[Sequence[str]] = None) -> int:
    """List the findings and what is missing; 0 when every finding has a decision."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print("usage: python -m bot.tools.dependency_audit REPORT.json DEPENDENCIES.md LOCK", file=sys.stderr)
        return 2
    report = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    decisions = parse_decisions(Path(args[1]).read_text(encoding="utf-8"))
    pins = parse_lock(Path(args[2]).read_text(encoding="utf-8"))
    findings, audited, skipped = parse_report(report)
    print(f"{audited} packages looked up, {skipped} skipped, {len(findings)} findings")
    for finding in findings:
        print(f"  {finding.package} {finding.version}: {', '.join(finding.ids)}")
    problems = table_problems(decisions, pins) + report_problems(findings, audited, skipped, decisions)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if audited == 0:
        return 2
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
