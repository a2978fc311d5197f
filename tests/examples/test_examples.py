"""Every example script runs end to end with ``--smoke`` (what CI runs), one per recipe, and
builds the same networks as its recipe."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from torch import nn

from condgan.recipes import build, names, variants

ROOT = Path(__file__).resolve().parents[2]
#: Examples that are not recipes (each has its own test file).
OTHER_EXAMPLES = {"custom-dataset"}
EXAMPLES = sorted(
    p.parent.name
    for p in (ROOT / "examples").glob("*/train.py")
    if p.parent.name not in OTHER_EXAMPLES
)


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


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"example_{name}", ROOT / "examples" / name / "train.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_is_standalone_and_builds_the_recipes_networks(name, monkeypatch):
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "hashed")
    text = (ROOT / "examples" / name / "train.py").read_text()
    assert "example_main" not in text and "condgan.recipes.build" not in text
    assert "Trainer(" in text and "evaluate_generator(" in text
    example = _load(name)
    assert list(example.VARIANTS) == variants(name)
    takes_variant = len(inspect.signature(example.build_networks).parameters) == 3
    for variant in variants(name):
        recipe = build(name, variant, "paper")
        args = (recipe.space, example.SCALES["paper"])
        G, D = (
            example.build_networks(*args, example.VARIANTS[variant])
            if takes_variant
            else (example.build_networks(*args))
        )
        assert (_count(G), _count(D)) == (_count(recipe.generator), _count(recipe.critic)), variant
        assert {k: v.shape for k, v in G.state_dict().items()} == {
            k: v.shape for k, v in recipe.generator.state_dict().items()
        }
