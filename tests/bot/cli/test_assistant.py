"""`anhoriglots evaluate` and `crisis-eval` argument handling (training itself is covered elsewhere)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.cli import main as cli
from bot.nlu import crisis_detector
from bot.tools import evaluation


def test_evaluate_refuses_a_missing_test_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["evaluate", "--holdout", str(tmp_path / "nope.yml"), "--out", str(tmp_path)])
    assert code == 2
    assert "test set not found" in capsys.readouterr().err


def test_evaluate_scores_the_held_out_set_and_the_other_blind_sets_by_default(
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
    assert [p.name for p in seen["sets"]] == [
        "nlu_holdout.yml", "nlu_dev_2.yml", "nlu_dev_3.yml", "nlu_dev_4.yml"
    ]
    out = capsys.readouterr().out
    assert all(f"== nlu_dev_{n}.yml ==" in out for n in (2, 3, 4))
    assert cli.main(["evaluate", "--variants", "ours", "--also", "", "--out", str(tmp_path)]) == 0
    assert [p.name for p in seen["sets"]] == ["nlu_holdout.yml"]


def test_crisis_eval_prints_each_set_and_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yml").write_text("crisis: {suicide: [x, y]}\nnot_crisis: [z]\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("crisis: {medical: [x]}\nnot_crisis: [z, w]\n", encoding="utf-8")
    seen: dict[str, Any] = {}

    def fake(examples: Any, case_sets: Any, *, threshold: float) -> list[crisis_detector.HeldOutResult]:
        seen.update(names=[s.name for s in case_sets], threshold=threshold)
        return [
            crisis_detector.HeldOutResult("a.yml", 2, 1, 1, 0),
            crisis_detector.HeldOutResult("b.yml", 1, 1, 2, 1),
        ]

    monkeypatch.setattr(crisis_detector, "leave_one_set_out", fake)
    assert cli.main(["crisis-eval", "--cases", str(tmp_path), "--threshold", "0.6"]) == 0
    assert seen == {"names": ["a.yml", "b.yml"], "threshold": 0.6}
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == ["a.yml", "2", "0.500", "1", "0.000"]
    assert lines[3].split() == ["b.yml", "1", "1.000", "2", "0.500"]
    assert lines[4].split() == ["all", "3", "0.667", "3", "0.333"]


def test_crisis_eval_reports_a_bad_case_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yml").write_text("just text\n", encoding="utf-8")
    assert cli.main(["crisis-eval", "--cases", str(tmp_path)]) == 2
    assert "a.yml: expected the keys 'crisis'" in capsys.readouterr().err


@pytest.mark.parametrize("threshold", ["0", "1", "1.5"])
def test_crisis_eval_refuses_a_threshold_outside_zero_to_one(
    threshold: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["crisis-eval", "--threshold", threshold]) == 2
    assert "--threshold must be between 0 and 1" in capsys.readouterr().err
