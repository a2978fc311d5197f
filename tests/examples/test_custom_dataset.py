"""examples/custom-dataset: from a folder of images to a model, samples by name, an evaluation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from user_data import attribute_folder

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "custom-dataset" / "train.py"


def test_readme_shows_the_smoke_run_and_the_commands():
    readme = (SCRIPT.parent / "README.md").read_text()
    assert "--smoke" in readme and "--data" in readme and "condgan evaluate" in readme


def test_custom_dataset_smoke(tmp_path):
    pics = attribute_folder(tmp_path / "pics", size=20)  # two attributes, 20 px: resized
    env = {**os.environ, "CONDGAN_CACHE": str(tmp_path / "cache"), "OMP_NUM_THREADS": "1"}
    out = tmp_path / "run"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(pics), "--size", "32", "--fit", "resize",
         "--smoke", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[0] == "12 images, 3 x 32 x 32"
    assert "MultiCategorical" in lines[1] and "colour" in lines[1]
    assert any(x.startswith("judge held-out accuracy: ") for x in lines)
    assert any(x.startswith("conditional accuracy: ") for x in lines)
    assert any(x.startswith("FID (judge features): ") for x in lines)
    assert (out / "by_name.png").is_file() and (out / "judge.pt").is_file()
    assert sorted((out / "checkpoints").glob("*.pt"))
