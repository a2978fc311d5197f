"""The ablation script: its summary is the mean and sample sd per recipe and variant, and a
variant runs end to end (2 steps) and writes its own JSON."""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def A():
    path = ROOT / "benchmarks" / "ablation.py"
    spec = importlib.util.spec_from_file_location("condgan_bench_ablation", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_summary_groups_by_recipe_and_variant(A):
    rows = [{"variant": "proj", "fid": f, "accuracy": 0.9} for f in (4.0, 5.0, 9.0)]
    rows += [{"recipe": "iclevr-acwgan-gp", "variant": "proj", "fid": 40.0, "accuracy": None}]
    s = A.summarise(rows)
    assert list(s) == ["proj", "iclevr-acwgan-gp--proj"]
    assert s["proj"]["fid"]["mean"] == pytest.approx(6.0)
    assert s["proj"]["fid"]["sd"] == pytest.approx(statistics.stdev([4.0, 5.0, 9.0]))
    assert s["iclevr-acwgan-gp--proj"]["fid"]["sd"] is None
    assert s["iclevr-acwgan-gp--proj"]["accuracy"] == {"mean": None, "sd": None, "n": 0}


def test_a_variant_runs_and_writes_its_row(A, tmp_path, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    row = A.run("proj-ema", 0, 2, tmp_path / "runs", scale="smoke")
    assert (row["variant"], row["seed"], row["steps"]) == ("proj-ema", 0, 2)
    assert 0.0 <= row["accuracy"] <= 1.0 and row["judge"] > 0.9 and row["fid"] > 0.0
    saved = json.loads((tmp_path / "runs" / "proj-ema-seed0.json").read_text())
    assert saved == row
