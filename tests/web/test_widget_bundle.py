"""The widget's script and stylesheet together stay within 30 KB gzipped; the browser
tests' tools (Chromium, axe-core from ``package-lock.json``) are required in CI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

WIDGET_DIR = Path(__file__).resolve().parents[2] / "bot" / "web" / "static" / "widget"
FILES = ("widget.js", "widget.css")
LIMIT_BYTES = 30 * 1024


def gzipped_size(path: Path) -> int:
    """Bytes of ``path`` after gzip at the highest level (what a server sends compressed)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def test_widget_js_and_css_together_are_at_most_30_kb_gzipped() -> None:
    sizes = {name: gzipped_size(WIDGET_DIR / name) for name in FILES}
    total = sum(sizes.values())
    raw = sum((WIDGET_DIR / name).stat().st_size for name in FILES)
    print(f"widget bundle: {total} bytes gzipped ({total / 1024:.1f} KB; raw {raw} bytes): "
          + ", ".join(f"{name} {size} B" for name, size in sizes.items()))
    assert all(size > 0 for size in sizes.values())
    assert total <= LIMIT_BYTES, f"{total} bytes gzipped, the limit is {LIMIT_BYTES}"


def test_the_widget_loads_nothing_from_other_hosts() -> None:
    for name in FILES:
        text = (WIDGET_DIR / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, name
        assert "@import" not in text and "eval(" not in text and "new Function" not in text, name
        assert "innerHTML" not in text, name


# ---------------------------------------------------------------- the browser tests' tools


@pytest.mark.parametrize(("env", "required"), [
    ({}, False),
    ({"CI": "true"}, True),
    ({"CI": "1"}, True),
    ({"CI": "false"}, False),
    ({"ANHORIG_REQUIRE_BROWSER": "1"}, True),  # scripts/test.sh
    ({"CI": "true", "ANHORIG_ALLOW_SKIP": "1"}, False),
])
def test_in_ci_a_missing_chromium_or_axe_core_fails_instead_of_skipping(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], required: bool,
) -> None:
    from tests.web.conftest import browser_tools_required

    for name in ("CI", "ANHORIG_REQUIRE_BROWSER", "ANHORIG_ALLOW_SKIP"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert browser_tools_required() is required


def test_the_test_script_installs_axe_core_from_the_lock_file_and_requires_the_browser() -> None:
    root = WIDGET_DIR.parents[3]
    script = (root / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts" in script and "npm install" not in script
    assert "export ANHORIG_REQUIRE_BROWSER=1" in script
    assert "bash scripts/chromium.sh" in script
    pinned = json.loads((root / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == pinned
    assert lock["packages"]["node_modules/axe-core"]["version"] == pinned["axe-core"]
    for name, entry in lock["packages"].items():
        # Nothing but the npm registry, each package checked by its hash.
        assert entry.get("resolved", "https://registry.npmjs.org/").startswith(
            "https://registry.npmjs.org/"), name
        assert name == "" or entry["integrity"].startswith("sha512-"), name
    assert "node_modules/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
