"""``condgan demo``: the command's wiring, run at smoke scale (seconds)."""

from __future__ import annotations

import json

import condgan.recipes.commands as commands
from condgan.cli import main
from condgan.recipes import build


def test_demo_trains_the_recommended_model_on_r1_data():
    assert (commands.DEMO["recipe"], commands.DEMO["variant"]) == (
        "cartoon-acwgan",
        "recommended",
    )
    assert commands.DEMO["scale"] == "cpu"
    r = build(commands.DEMO["recipe"], commands.DEMO["variant"], commands.DEMO["scale"])
    assert r.data.image_size == 32 and r.data.kind == "cartoon"


def test_demo_prints_metrics_and_leaves_a_grid_and_gif(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(commands.DEMO, "scale", "smoke")
    out = tmp_path / "demo"
    argv = ["demo", "--out", str(out), "--steps", "2", "--n-eval", "16", "--no-progress"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("trained 2 steps in ")
    acc = next(x for x in lines if x.startswith("conditional accuracy: "))
    assert "(chance, shuffled conditions: " in acc
    assert any(x.startswith("FID (evaluator features") for x in lines)
    assert any(x.startswith("judge 'cartoon' reads real images of the stand-in at ") for x in lines)
    [div] = [x for x in lines if x.startswith("diversity within conditions: ratio ")]
    assert "below 0.3 = collapsed" in div and "coverage " in div
    assert sorted(out.glob("samples/*.png")), "no sample grid"
    assert (out / "progress.gif").is_file()
    assert any(x.startswith("sample grid: ") for x in lines)
    assert any(x.startswith("training progress: ") for x in lines)
    [row] = json.loads((out / "results.json").read_text())
    assert (row["recipe"], row["variant"], row["steps"]) == ("cartoon-acwgan", "recommended", 2)
    assert 0.0 <= row["accuracy"] <= 1.0 and row["fid"] >= 0.0
    assert row["diversity_ratio"] == row["details"]["diversity"]["ratio"] >= 0.0


def test_demo_rejects_a_tiny_eval_set(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--n-eval", "1", "--no-progress"]) == 2
    assert "--n-eval must be >= 2, got 1" in capsys.readouterr().err
