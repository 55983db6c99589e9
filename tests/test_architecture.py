"""The layout keeps its promises: no import cycles, no private imports, layers that import downwards.

The imports are read with :mod:`ast`, not by importing the modules, so the checks
see every import: at module level, inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PACKAGES = ("bot", "actions")
MAX_MODULE_LINES = 700

# The layers of bot/, lowest first: a module may import its own package and the layers below it.
# Top-level modules count as their own package (bot.settings, bot.clock).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bot.settings",),
    ("bot.clock",),
    ("bot.storage", "bot.nlp", "bot.privacy"),
    ("bot.knowledge",),
    ("bot.safety",),
    ("bot.nlu", "bot.texts"),
    ("bot.rasa_patches",),  # Rasa's own fallback replies come from bot.texts
    ("bot.callbacks",),
    ("bot.staff", "actions"),
    ("bot.web",),
    ("bot.tools",),
    ("bot.cli",),
)


@dataclass(frozen=True)
class Import:
    """One imported name: ``from module import name`` (name is None for ``import module``)."""

    source: str
    module: str
    name: str | None
    line: int


def module_name(path: Path) -> str:
    """The dotted module name of a source file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def source_files() -> tuple[Path, ...]:
    """Every Python file of the application (bot/ and actions/)."""
    return tuple(sorted(p for pkg in SOURCE_PACKAGES for p in (ROOT / pkg).rglob("*.py")))


@cache
def known_modules() -> frozenset[str]:
    """The dotted names of the application's modules and packages."""
    return frozenset(module_name(p) for p in source_files())


def is_project(module: str) -> bool:
    """Whether ``module`` is the application's own (not Rasa's, not the standard library's)."""
    return module.split(".")[0] in SOURCE_PACKAGES


def resolve_relative(source: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module name of a relative ``from`` import."""
    base = source.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([module] if module else []))


@cache
def imports_of(path: Path) -> tuple[Import, ...]:
    """Every project import of one file."""
    source = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(source, alias.name, None, node.lineno) for alias in node.names
                         if is_project(alias.name))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                module = resolve_relative(source, path.name == "__init__.py", node.level, node.module)
            if is_project(module):
                found.extend(Import(source, module, alias.name, node.lineno) for alias in node.names)
    return tuple(found)


def target(imp: Import) -> str:
    """The module an import depends on: ``from bot.x import y`` is bot.x.y when y is a module."""
    if imp.name is not None and f"{imp.module}.{imp.name}" in known_modules():
        return f"{imp.module}.{imp.name}"
    return imp.module


@cache
def graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    edges: dict[str, set[str]] = {module_name(p): set() for p in source_files()}
    for path in source_files():
        for imp in imports_of(path):
            dest = target(imp)
            if dest != imp.source:
                edges[imp.source].add(dest)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components with more than one module: each one is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in edges:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


def package_of(module: str) -> str:
    """The layer package a module belongs to (the longest LAYERS entry that prefixes it)."""
    best = ""
    for layer in LAYERS:
        for package in layer:
            if (module == package or module.startswith(package + ".")) and len(package) > len(best):
                best = package
    return best


def rank(module: str) -> int:
    """The layer index of a module's package, or -1 outside the layers (bot/__init__)."""
    package = package_of(module)
    for i, layer in enumerate(LAYERS):
        if package in layer:
            return i
    return -1


def test_the_import_graph_is_read() -> None:
    edges = graph()
    assert "bot.settings" in edges and "actions.callback" in edges
    assert sum(len(v) for v in edges.values()) > 100


def test_cycle_detection_finds_a_cycle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    assert strongly_connected(graph()) == []


def test_no_import_of_another_modules_private_names() -> None:
    offences = [
        f"{imp.source}:{imp.line} imports {imp.module}.{imp.name}"
        for path in source_files()
        for imp in imports_of(path)
        if imp.name and imp.name.startswith("_") and not imp.name.startswith("__")
        and imp.module != imp.source
    ]
    assert offences == []


def private_attribute_uses(path: Path) -> list[str]:
    """``module._name`` uses, where ``module`` is a project module imported by this file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for imp in imports_of(path):
        dest = target(imp)
        if imp.name is not None and dest != imp.module:  # from pkg import module [as alias]
            aliases[imp.name] = dest
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and alias.name in aliases:
                    aliases[alias.asname] = aliases.pop(alias.name)
        if isinstance(node, ast.Import):
            for alias in node.names:
                if is_project(alias.name):
                    aliases[alias.asname or alias.name] = alias.name
    source = module_name(path)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in aliases
                and aliases[node.value.id] != source):
            found.append(f"{source}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_use_of_another_modules_private_attributes() -> None:
    assert [use for path in source_files() for use in private_attribute_uses(path)] == []


def test_layers_import_only_downwards() -> None:
    offences = []
    for source, dests in graph().items():
        if rank(source) < 0:
            continue
        for dest in dests:
            if package_of(dest) == package_of(source):
                continue
            if rank(dest) >= rank(source):
                offences.append(f"{source} -> {dest}")
    assert sorted(offences) == []


def test_every_module_belongs_to_a_layer() -> None:
    assert [m for m in known_modules() if rank(m) < 0 and m not in ("bot",)] == []


ENVIRONMENT_READS = re.compile(
    r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\(|\bfrom os import [^\n]*\b(environ|getenv)\b"
)


def test_only_settings_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(ROOT)) for path in source_files()
        if path != ROOT / "bot" / "settings.py" and ENVIRONMENT_READS.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_environment_check_sees_a_read() -> None:
    assert ENVIRONMENT_READS.search("x = os.environ.get('A')")
    assert ENVIRONMENT_READS.search("from os import getenv")
    assert not ENVIRONMENT_READS.search("environment = settings.child_environment()")


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
