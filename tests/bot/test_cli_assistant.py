"""`anhoriglots evaluate` argument handling (training itself is covered by the model tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import cli, evaluation


def test_evaluate_refuses_a_missing_test_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["evaluate", "--holdout", str(tmp_path / "nope.yml"), "--out", str(tmp_path)])
    assert code == 2
    assert "test set not found" in capsys.readouterr().err


def test_evaluate_scores_the_held_out_set_and_the_second_development_set_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}

    def fake(variants: list[str], sets: list[Path], out: Path) -> dict[str, dict[str, Any]]:
        seen.update(variants=variants, sets=sets)
        return {path.stem: {} for path in sets}

    monkeypatch.setattr(evaluation, "evaluate_sets", fake)
    monkeypatch.setattr(evaluation, "format_report", lambda results: "rapport")
    assert cli.main(["evaluate", "--variants", "ours", "--out", str(tmp_path)]) == 0
    assert seen["variants"] == ["ours"]
    assert [p.name for p in seen["sets"]] == ["nlu_holdout.yml", "nlu_dev_2.yml"]
    assert "== nlu_dev_2.yml ==" in capsys.readouterr().out
    assert cli.main(["evaluate", "--variants", "ours", "--also", "", "--out", str(tmp_path)]) == 0
    assert [p.name for p in seen["sets"]] == ["nlu_holdout.yml"]
