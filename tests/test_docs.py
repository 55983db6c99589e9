"""The README and docs/ describe the tree as it is, and speak of the product, not of its making."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# A token in the layout block that names a path: contains a slash or ends in a known suffix.
PATH_TOKEN = re.compile(
    r"^[\w.<>*/-]+(/|\.(py|yml|yaml|md|toml|sh|txt|html|css|js|json))$"
    r"|^[\w<>*-]+(/[\w.<>*-]+)+/?$"
)


def layout_block(text: str) -> str:
    """The fenced block under the README's "## Layout" heading."""
    section = text.split("\n## Layout", 1)[1]
    return section.split("```", 2)[1]


def named_paths(block: str) -> list[str]:
    """Every path the layout block names (first column, and paths listed after commas)."""
    paths: list[str] = []
    for line in block.splitlines():
        first = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        for token in re.split(r",\s*", first):
            token = token.strip()
            if token and PATH_TOKEN.match(token):
                paths.append(token)
    return paths


def exists(pattern: str) -> bool:
    """Whether a path exists; ``<placeholder>`` and ``*`` match any name."""
    glob = re.sub(r"<[^>]+>", "*", pattern).rstrip("/")
    if any(ch in glob for ch in "*?["):
        return any(ROOT.glob(glob))
    return (ROOT / glob).exists()


def test_the_layout_names_paths() -> None:
    assert len(named_paths(layout_block(README.read_text(encoding="utf-8")))) >= 20


def test_path_check_finds_a_missing_path() -> None:
    assert named_paths("bot/nowhere.py       a thing\n") == ["bot/nowhere.py"]
    assert not exists("bot/nowhere.py")
    assert exists("data/municipalities/<id>.yml")


def test_every_path_in_the_readme_layout_exists() -> None:
    missing = [p for p in named_paths(layout_block(README.read_text(encoding="utf-8"))) if not exists(p)]
    assert missing == []


def test_every_package_of_bot_is_in_the_readme_layout() -> None:
    named = {p.rstrip("/") for p in named_paths(layout_block(README.read_text(encoding="utf-8")))}
    packages = sorted(
        f"bot/{p.name}" for p in (ROOT / "bot").iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    assert [p for p in packages if not any(n == p or n.startswith(p + "/") for n in named)] == []


def markdown_links(text: str) -> list[str]:
    """Relative link targets of a Markdown text (no URLs, no anchors)."""
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    return [link.split("#", 1)[0] for link in links if not re.match(r"^[a-z]+:|^#", link)]


@pytest.mark.parametrize("doc", sorted([README, *(ROOT / "docs").glob("*.md")]), ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    broken = [link for link in markdown_links(doc.read_text(encoding="utf-8"))
              if link and not (doc.parent / link).exists()]
    assert broken == []


# Phrases that tell the history of the work instead of describing the product.
HISTORY = re.compile(
    r"\bby a session\b"
    r"|\b(this|last|earlier|previous|next) session\b(?! (cookie|id|token|store|lifetime|timeout|factory))"
    r"|\bsession \d+\b|\b(first|second|third|fourth|fifth|sixth|seventh|eighth)( \w+)? round\b"
    r"|\bround (one|two|three|four|five|six|seven|\d+)\b"
    r"|_ROUND_|\bwritten apart by\b|\bhelper session",
    re.IGNORECASE,
)


def product_texts() -> list[Path]:
    """Docs, data and code whose words should describe the product."""
    files = [README, *(ROOT / "docs").glob("*.md"), *(ROOT / "data").rglob("*.yml")]
    files += [p for pkg in ("bot", "actions") for p in (ROOT / pkg).rglob("*.py")]
    return sorted(files)


def test_history_phrases_are_recognised() -> None:
    assert HISTORY.search("checked in session 5 against the set")
    assert HISTORY.search("Third family round, checked against")
    assert not HISTORY.search("a staff session lives in the database")
    assert not HISTORY.search("the visitor session cookie")


def test_docs_data_and_code_speak_of_the_product() -> None:
    found = []
    for path in product_texts():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HISTORY.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == []
