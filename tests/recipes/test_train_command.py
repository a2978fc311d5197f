"""`condgan train` as a user runs it (subprocesses): seeding, kill -9 and resume, one run per
folder, resume overrides, signals. The smoke-scale cartoon ACGAN trains a step in ~0.1 s."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from condgan.cli import main
from condgan.training import list_checkpoints, load_checkpoint

RECIPE = ["cartoon-acgan", "--scale", "smoke", "--no-progress"]


def condgan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "condgan", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )  # fmt: skip


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "condgan", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "OMP_NUM_THREADS": "1"},
    )  # fmt: skip


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def assert_same_tensors(a: dict, b: dict) -> None:
    """Every tensor of two checkpoints is equal (networks, optimisers, scalers, RNG states)."""
    for key in ("generator", "critic", "opt_g", "opt_d"):
        flat_a, flat_b = _tensors(a[key]), _tensors(b[key])
        assert flat_a.keys() == flat_b.keys(), key
        for name in flat_a:
            assert torch.equal(flat_a[name], flat_b[name]), f"{key}.{name}"
    assert a["step"] == b["step"] and a["epoch"] == b["epoch"]


def _tensors(tree, prefix="") -> dict[str, torch.Tensor]:
    out = {}
    if isinstance(tree, torch.Tensor):
        out[prefix] = tree
    elif isinstance(tree, dict):
        for k, v in tree.items():
            out.update(_tensors(v, f"{prefix}.{k}"))
    elif isinstance(tree, (list, tuple)):
        for i, v in enumerate(tree):
            out.update(_tensors(v, f"{prefix}.{i}"))
    return out


@pytest.mark.slow
def test_the_same_seed_twice_gives_bit_identical_checkpoints(tmp_path):
    # the recipe builds its networks before the Trainer exists: the seed must come first
    runs = []
    for name in ("a", "b"):
        r = condgan("train", *RECIPE, "--steps", "2", "--seed", "3", "--out", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        runs.append(load_checkpoint(tmp_path / name))
    assert_same_tensors(*runs)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path):
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    proc = start("train", *RECIPE, "--steps", "100000", "--checkpoint-every", "5",
                 "--out", str(killed))  # fmt: skip
    wait_for(killed / "checkpoints" / "step_0000005.pt", proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    # what a kill may leave: a torn metrics line, a temporary checkpoint, a stale lock
    with (killed / "metrics.jsonl").open("a") as f:
        f.write('{"step": 99, "d/to')
    (killed / "checkpoints" / ".step_0000099.pt.x1y2.tmp").write_bytes(b"torn")
    resumed = condgan("train", *RECIPE, "--resume", str(killed), "--steps", "12")
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed from step" in resumed.stderr
    assert "resume: steps 100000 -> 12" in resumed.stderr
    assert f"{killed / 'metrics.jsonl'}: dropped a torn last line" in resumed.stderr
    assert not list((killed / "checkpoints").glob(".*.tmp"))
    r = condgan("train", *RECIPE, "--steps", "12", "--checkpoint-every", "5", "--out", str(whole))
    assert r.returncode == 0, r.stderr
    assert_same_tensors(load_checkpoint(killed), load_checkpoint(whole))
    lines = (killed / "metrics.jsonl").read_text().splitlines()
    steps = [json.loads(line)["step"] for line in lines]
    assert steps == sorted(steps) and steps[-1] == 12


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_concurrent_second_run_is_refused_and_sigterm_says_how_to_resume(tmp_path):
    out = tmp_path / "run"
    first = start("train", *RECIPE, "--steps", "100000", "--checkpoint-every", "3",
                  "--out", str(out))  # fmt: skip
    try:
        wait_for(out / "checkpoints" / "step_0000003.pt", first)
        second = condgan("train", *RECIPE, "--steps", "2", "--overwrite", "--out", str(out))
        assert second.returncode == 3  # a path in use (condgan.errors.EXIT_CODES)
        assert f"in use by process {first.pid}" in second.stderr, second.stderr
        assert list_checkpoints(out / "checkpoints")  # the first run's files are untouched
        first.send_signal(signal.SIGTERM)
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 128 + signal.SIGTERM, err
    line = next(x for x in err.splitlines() if "stopped by SIGTERM" in x)
    step = load_checkpoint(out)["step"]
    assert f"at step {step};" in line and f"step_{step:07d}.pt" in line
    assert f"resume with: condgan train cartoon-acgan --scale smoke --resume {out}" in line
    assert not (out / "run.lock").exists()


def test_an_existing_run_folder_is_refused_unless_resume_or_overwrite(tmp_path, capsys):
    out = str(tmp_path / "run")
    assert main(["train", *RECIPE, "--steps", "2", "--out", out]) == 0
    first = load_checkpoint(out)
    capsys.readouterr()
    assert main(["train", *RECIPE, "--steps", "2", "--out", out]) == 3  # a path (EXIT_CODES)
    err = capsys.readouterr().err
    assert "already holds a run" in err and "--resume" in err and "--overwrite" in err
    # nothing of the first run was touched
    assert_same_tensors(first, load_checkpoint(out))
    assert main(["train", *RECIPE, "--steps", "1", "--out", out, "--overwrite"]) == 0
    assert [p.name for p in (tmp_path / "run" / "checkpoints").iterdir()] == ["step_0000001.pt"]


def test_resume_options_override_the_checkpoint_and_fixed_ones_are_refused(tmp_path, capsys):
    out = str(tmp_path / "run")
    assert main(["train", *RECIPE, "--steps", "2", "--out", out]) == 0
    capsys.readouterr()
    args = ["train", *RECIPE, "--resume", out, "--steps", "3", "--lr-g", "1e-5", "--keep", "1"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "resume: lr_g 0.0002 -> 1e-05" in err and "resume: steps 2 -> 3" in err
    state = load_checkpoint(out)
    assert state["step"] == 3 and state["config"]["lr_g"] == 1e-5
    assert {g["lr"] for g in state["opt_g"]["param_groups"]} == {1e-5}  # not the saved 2e-4
    assert {g["lr"] for g in state["opt_d"]["param_groups"]} == {2e-4}
    assert main(["train", *RECIPE, "--resume", out, "--batch-size", "8"]) == 2
    err = capsys.readouterr().err
    assert "cannot change batch_size" in err and "checkpoint 4, now 8" in err


@pytest.mark.parametrize("option", ["--checkpoint-every", "--keep"])
def test_checkpoint_options_reject_negative_values(tmp_path, capsys, option):
    assert main(["train", *RECIPE, option, "-1", "--out", str(tmp_path / "r")]) == 2
    assert "must be >= 0, got -1" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_the_learning_rate_schedule_options_reach_the_run(tmp_path, capsys):
    out = str(tmp_path / "run")
    args = ["train", *RECIPE, "--steps", "4", "--out", out, "--lr-schedule", "linear",
            "--lr-decay-start", "0.5", "--lr-g", "1e-3"]  # fmt: skip
    assert main(args) == 0
    state = load_checkpoint(out)
    assert state["config"]["lr_schedule"] == "linear" and state["config"]["lr_decay_start"] == 0.5
    # the last of 4 iterations ran at 1e-3 * (1 - (3/4 - 1/2) / (1/2)) = 5e-4
    assert [g["lr"] for g in state["opt_g"]["param_groups"]] == pytest.approx([5e-4])
    bad = ["train", *RECIPE, "--lr-schedule", "exp", "--out", str(tmp_path / "r")]
    assert main(bad) == 2
    assert "lr_schedule must be one of ['constant', 'cosine', 'linear'], got 'exp'" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "r").exists()


def test_an_optimiser_preset_reaches_the_run_and_explicit_options_override_it(tmp_path, capsys):
    out = str(tmp_path / "run")
    args = ["train", *RECIPE, "--steps", "2", "--out", out, "--optim-preset", "biggan",
            "--lr-g", "3e-5"]  # fmt: skip
    assert main(args) == 0
    state = load_checkpoint(out)
    config = state["config"]
    # BigGAN's critic rate, betas and two critic steps; the generator rate given beside it
    assert (config["lr_d"], config["lr_g"], config["critic_steps"]) == (2e-4, 3e-5, 2)
    assert config["betas_g"] == config["betas_d"] == [0.0, 0.999]
    group = state["opt_d"]["param_groups"][0]  # what the optimiser ran with
    assert group["lr"] == 2e-4 and tuple(group["betas"]) == (0.0, 0.999)
    bad = ["train", *RECIPE, "--optim-preset", "sagan", "--out", str(tmp_path / "r")]
    assert main(bad) == 2
    assert "--optim-preset: optimiser preset must be one of" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_optim_preset_help_lists_registered_presets(monkeypatch, capsys):
    from condgan.training import OptimPreset, register_optim_preset
    from condgan.training.optim_presets import _PRESETS

    monkeypatch.setattr("condgan.training.optim_presets._PRESETS", dict(_PRESETS))
    mine = OptimPreset(lr_g=1e-3, lr_d=1e-3, betas_g=(0.5, 0.99), betas_d=(0.5, 0.99),
                       critic_steps=2, source="a test")  # fmt: skip
    register_optim_preset("mine", mine)
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "biggan, condgan, dcgan, mine, ttur, wgan-gp" in text
