"""Every example script runs end to end with ``--smoke`` (what CI runs), one per recipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from condgan.recipes import names, variants

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/train.py"))


def test_one_example_per_recipe_with_a_readme():
    assert EXAMPLES == names()
    for name in EXAMPLES:
        readme = (ROOT / "examples" / name / "README.md").read_text()
        assert "--smoke" in readme and "--data" in readme, name


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_smoke(name, tmp_path):
    env = {**os.environ, "CONDGAN_CACHE": str(tmp_path / "cache"), "OMP_NUM_THREADS": "1"}
    script = ROOT / "examples" / name / "train.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--smoke", "--out", str(tmp_path / "runs")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads((tmp_path / "runs" / name / "results.json").read_text())
    assert [r["variant"] for r in rows] == variants(name)
    assert all(r["scale"] == "smoke" and r["steps"] == 2 for r in rows)
    assert "| variant |" in proc.stdout
