"""A recipe's checkpoint rebuilds its generator: from Python once the recipes' networks are
registered, and from the ``condgan`` command in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import torch

from condgan.recipes import build
from condgan.training import Trainer, load_generator


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory, standin_cache):
    os.environ.setdefault("CONDGAN_CACHE", standin_cache)
    out = tmp_path_factory.mktemp("run")
    trainer = Trainer.from_recipe(build("iclevr-acwgan-gp", scale="smoke"), out_dir=str(out))
    trainer.fit()
    return out / "checkpoints", trainer


def _run(code: list[str], tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, *code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_load_generator_after_the_networks_are_registered(checkpoint):
    folder, trainer = checkpoint
    g = load_generator(folder, ema=False)
    assert type(g).__name__ == "DCGANGenerator" and not g.training
    for (k, a), b in zip(g.state_dict().items(), trainer.generator.state_dict().values()):
        assert torch.equal(a, b.cpu()), k
    x = g.sample(["red cube", "blue sphere"], generator=torch.Generator().manual_seed(0))
    assert x.shape == (2, 3, 32, 32)


def test_condgan_sample_in_a_fresh_process(checkpoint, tmp_path):
    folder, _ = checkpoint
    png = tmp_path / "grid.png"
    cmd = ["-m", "condgan.cli", "sample", str(folder), "--condition", "red cube", "--n", "2"]
    proc = _run([*cmd, "--out", str(png)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert png.stat().st_size > 0


def test_plain_python_loads_it_through_the_declared_plugin(checkpoint, tmp_path):
    """``condgan.load_generator`` in a fresh interpreter finds the reports' networks through
    the ``condgan.models`` entry point (pyproject.toml), without importing condgan.recipes."""
    folder, _ = checkpoint
    code = (
        "import sys, condgan\n"
        f"g = condgan.load_generator({str(folder)!r})\n"
        "print(type(g).__name__, 'condgan.recipes.networks' in sys.modules)\n"
    )
    proc = _run(["-c", code], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["DCGANGenerator", "True"]


def test_an_unknown_model_names_what_to_import(monkeypatch):
    from condgan.models import registry

    monkeypatch.setattr(registry, "_plugins_loaded", True)  # plugins tried already
    with pytest.raises(ValueError, match="unknown model 'no_such_net'.*imported first"):
        registry.model_entry("no_such_net")
