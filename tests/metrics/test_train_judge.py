"""A judge for your labels, grayscale through the metrics, and the course evaluator from the CLI."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from condgan.cli import main
from condgan.conditions import Categorical
from condgan.data import load
from condgan.metrics import to_uint8
from condgan.metrics.evaluator import (
    CourseEvaluator,
    load_course_evaluator,
    load_evaluator,
    prepare_images,
)
from condgan.metrics.train_judge import chance_accuracy, judge_input_size, train_judge
from user_data import class_folder


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Feature caches and stand-ins go to the test's folder, not ~/.cache."""
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))


def test_grayscale_batches_become_rgb():
    x = torch.rand(2, 1, 8, 8) * 2 - 1
    u = to_uint8(x)
    assert u.shape == (2, 3, 8, 8) and torch.equal(u[:, 0], u[:, 2])
    assert prepare_images(x, 16).shape == (2, 3, 16, 16)


def test_fidelity_reads_grayscale():
    from condgan.metrics import Evaluator
    from condgan.metrics.fidelity import fidelity

    ev = Evaluator(Categorical(2), widths=(4, 4, 4, 4), input_size=32)
    a, b = torch.rand(8, 1, 16, 16) * 2 - 1, torch.rand(8, 1, 16, 16) * 2 - 1
    out = fidelity(a, b, evaluator=ev, use_cache=False, batch_size=4)
    assert out.fid >= 0.0


def test_chance_and_input_size():
    space = Categorical(3)
    assert chance_accuracy(space, torch.tensor([0, 0, 0, 1])) == 0.75
    assert (judge_input_size(8), judge_input_size(32), judge_input_size(48)) == (32, 32, 64)


def test_judge_learns_colours_on_grayscale_data(tmp_path):
    data = load(class_folder(tmp_path / "d", n_per_class=10, size=16, mode="L"))
    result = train_judge(data, tmp_path / "judge.pt", widths=(8, 8, 16, 16), verbose=False)
    assert result.n_train + result.n_heldout == 30 and result.n_heldout == 6
    assert result.heldout["accuracy"] == 1.0 and not result.weak

    again = load_evaluator(tmp_path / "judge.pt")
    assert again.space == data.space and again.info["weak"] is False


def test_a_judge_below_the_threshold_is_weak(tmp_path):
    x = torch.rand(24, 1, 16, 16)
    y = torch.randint(0, 3, (24,), generator=torch.Generator().manual_seed(0))
    with pytest.warns(UserWarning, match="too weak to judge"):
        result = train_judge(load((x, y)), widths=(4, 4, 4, 4), min_steps=2, threshold=1.01,
                             verbose=False)  # fmt: skip
    assert result.weak


def test_judge_refuses_text_and_tiny_sets():
    with pytest.raises(ValueError, match="at least 4 images"):
        train_judge(load((torch.rand(3, 1, 8, 8), torch.tensor([0, 1, 0]))))


def test_cli_trains_a_judge(tmp_path, capsys):
    data = class_folder(tmp_path / "d", n_per_class=4, size=16)
    out = tmp_path / "judge.pt"
    assert main(["train-evaluator", "--data", str(data), "--out", str(out), "--epochs", "1"]) == 0
    # (the judge's minimum of 100 updates still applies)
    printed = capsys.readouterr().out
    assert "heldout.accuracy" in printed and "chance" in printed and out.is_file()
    assert main(["evaluate-real", str(data), "--evaluator", str(out)]) == 0
    assert re.search(r"^evaluator +judge$", capsys.readouterr().out, re.M)
    assert main(["train-evaluator"]) == 2
    assert "give a stand-in kind" in capsys.readouterr().err


def _course_checkpoint(path, with_numpy: bool):
    net = CourseEvaluator().net
    extra = {"acc": np.float64(0.93), "epoch": np.int64(12)} if with_numpy else {}
    torch.save({"model": {f"module.{k}": v for k, v in net.state_dict().items()}, **extra}, path)
    return path


@pytest.mark.parametrize("with_numpy", [False, True])
def test_course_evaluator_loads_with_numpy_scalars(tmp_path, with_numpy):
    path = _course_checkpoint(tmp_path / "checkpoint.pth", with_numpy)
    ev = load_course_evaluator(path)
    assert ev.name == "iclevr-course"
    assert load_evaluator(f"course:{path}").name == "iclevr-course"


def test_course_prefix_reaches_the_loader(tmp_path):
    with pytest.raises(FileNotFoundError, match="course evaluator checkpoint not found"):
        load_evaluator(f"course:{tmp_path / 'none.pth'}")
