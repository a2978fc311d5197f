"""Evaluator networks, checkpoints and the course i-CLEVR evaluator loader."""

from __future__ import annotations

import pytest
import torch

from condgan.metrics import (
    CourseEvaluator,
    Evaluator,
    iclevr_accuracy,
    load_course_evaluator,
    load_evaluator,
)


def test_shapes_and_resizing(adl_space):
    ev = Evaluator(adl_space, widths=(8, 8, 16, 16)).eval()
    for size in (32, 64, 128):
        out = ev(torch.rand(2, 3, size, size) * 2 - 1)
        assert out.shape == (2, 15)
    assert ev.features(torch.zeros(2, 3, 64, 64, dtype=torch.uint8)).shape == (2, 16)


def test_checkpoint_round_trip(iclevr_space, tmp_path):
    ev = Evaluator(iclevr_space, widths=(8, 8, 16, 16), name="x").eval()
    torch.save(ev.checkpoint(), tmp_path / "x.pt")
    back = load_evaluator(tmp_path / "x.pt")
    x = torch.rand(3, 3, 64, 64)
    assert back.space == iclevr_space and torch.allclose(back(x), ev(x))


def test_errors(iclevr_space, tmp_path):
    with pytest.raises(FileNotFoundError, match="no shipped evaluator named 'nope'"):
        load_evaluator("nope")
    with pytest.raises(FileNotFoundError, match="evaluator weights file not found"):
        load_evaluator(tmp_path / "missing.pt")
    torch.save({"model": {}}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="not a condgan evaluator checkpoint"):
        load_evaluator(tmp_path / "other.pt")
    from condgan.conditions import Text

    with pytest.raises(ValueError, match="label groups"):
        Evaluator(Text(4))
    with pytest.raises(ValueError, match=r"shape \(B, 3, H, W\)"):
        Evaluator(iclevr_space)(torch.zeros(2, 2, 64, 64))  # 1 channel is read as gray


def test_course_evaluator_loader(tmp_path):
    torch.manual_seed(0)
    reference = CourseEvaluator().eval()
    state = {f"module.{k}": v for k, v in reference.net.state_dict().items()}
    torch.save({"model": state, "epoch": 10}, tmp_path / "checkpoint.pth")
    ev = load_course_evaluator(tmp_path / "checkpoint.pth")
    x = torch.rand(4, 3, 64, 64) * 2 - 1
    with torch.no_grad():
        probs = ev(x)
        assert torch.allclose(probs, reference(x))
    assert probs.shape == (4, 24) and bool(((probs > 0) & (probs < 1)).all())
    labels = ev.space.sample(4)
    assert 0.0 <= iclevr_accuracy(probs, labels) <= 1.0
    assert ev.features(x).shape == (4, 512)


def test_course_evaluator_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="course evaluator checkpoint not found"):
        load_course_evaluator(tmp_path / "checkpoint.pth")
    torch.save({"state_dict": {}}, tmp_path / "bad.pth")
    with pytest.raises(ValueError, match="expected a dict with a 'model' state dict"):
        load_course_evaluator(tmp_path / "bad.pth")
    torch.save({"model": {"fc.weight": torch.zeros(2, 2)}}, tmp_path / "bad2.pth")
    with pytest.raises(ValueError, match="does not fit ResNet-18"):
        load_course_evaluator(tmp_path / "bad2.pth")
