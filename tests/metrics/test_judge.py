"""The judge's own accuracy on real images, printed beside its figures; unfit judges flagged."""

from __future__ import annotations

import shutil

import pytest
import torch

from condgan.metrics import Evaluator, evaluate_real, load_evaluator
from condgan.metrics.judge import FIT_THRESHOLD, judge_report, trained_on
from condgan.metrics.labeled_data import load_labeled_images, write_evaluator_standin


@pytest.fixture(scope="module")
def readable(tmp_path_factory):
    return write_evaluator_standin("anime", tmp_path_factory.mktemp("j") / "ok", 48, seed=4242)


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory):
    """Labels that do not describe their images: the faces of one set under another's tags."""
    root = tmp_path_factory.mktemp("j")
    a = write_evaluator_standin("anime", root / "a", 48, seed=4243)
    b = write_evaluator_standin("anime", root / "b", 48, seed=4244)
    shutil.rmtree(a / "images")
    shutil.copytree(b / "images", a / "images")
    return a


def test_the_shipped_judge_reads_its_stand_in(readable):
    out = evaluate_real(readable)
    assert out["fit"] and out["accuracy"] >= FIT_THRESHOLD
    assert "stand-in" in out["trained_on"] and "not real images" in out["trained_on"]
    assert out["n"] == 48 and "UNFIT" not in out["note"]


def test_a_judge_applied_to_data_it_cannot_read_is_flagged(unreadable):
    out = evaluate_real(unreadable)
    assert not out["fit"] and out["accuracy"] < FIT_THRESHOLD
    assert "UNFIT" in out["note"] and out["threshold"] == FIT_THRESHOLD


def test_report_and_provenance(readable):
    data = load_labeled_images(readable)
    ev = load_evaluator("anime")
    report = judge_report(ev, data.images, data.y, threshold=1.0, data="here")
    assert report.real["n"] == 48 and report.fit == (report.real_accuracy >= 1.0)
    assert report.to_dict()["evaluator"] == "anime"
    bare = Evaluator(data.space, widths=(8, 8, 8, 8), name="bare")
    assert "unknown" in trained_on(bare)
    with pytest.raises(ValueError, match="threshold"):
        judge_report(ev, data.images, data.y, threshold=1.5)


def test_evaluate_real_draws_n_rows_at_random(readable):
    a, b = evaluate_real(readable, n=20), evaluate_real(readable, n=20)
    assert a["n"] == 20 and a == b
    with pytest.raises(ValueError, match="n must"):
        evaluate_real(readable, n=0)
    assert torch.is_tensor(load_labeled_images(readable, n=3).images)
