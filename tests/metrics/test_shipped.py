"""Shipped evaluators on freshly rendered stand-in data, floors, evaluate_real, training smoke."""

from __future__ import annotations

import pytest
import torch

from condgan.metrics import (
    conditional_accuracy,
    evaluate_real,
    evaluator_for_space,
    fidelity,
    load_evaluator,
    shipped_evaluators,
    train_evaluator,
)
from condgan.metrics._data import load_labeled_images, write_standin

# Seeds never used for training (0) or the documented held-out sets (1000).
FRESH_SEED = 4242


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh")
    out = {}
    for kind, n in (("cartoon", 300), ("iclevr", 300), ("anime", 300)):
        write_standin(kind, root / kind, n, FRESH_SEED)
        out[kind] = root / kind
    return out


def test_all_three_are_shipped():
    assert shipped_evaluators() == ["anime", "cartoon", "iclevr"]


def test_cartoon_accuracy_on_fresh_standin(fresh):
    data = load_labeled_images(fresh["cartoon"])
    ev = load_evaluator("cartoon")
    out = conditional_accuracy(ev, data.images, data.y, data.space)
    assert all(v >= 0.99 for v in out["per_attribute"].values()), out


def test_iclevr_accuracy_on_fresh_standin(fresh):
    data = load_labeled_images(fresh["iclevr"])
    ev = load_evaluator("iclevr")
    out = conditional_accuracy(ev, data.images, data.y, data.space)
    assert out["accuracy"] >= 0.98, out


def test_anime_accuracy_on_fresh_standin(fresh):
    data = load_labeled_images(fresh["anime"])
    out = conditional_accuracy(evaluator_for_space(data.space), data.images, data.y, data.space)
    assert all(v >= 0.97 for v in out["per_attribute"].values()), out


def test_evaluate_real_dicts(fresh):
    multi = evaluate_real(fresh["iclevr"], n=100)
    assert multi["accuracy"] >= 0.95 and multi["n"] == 100
    cat = evaluate_real(fresh["cartoon"], n=100)
    assert set(cat["per_attribute"]) == {"hair", "eye", "face", "glasses"}


def test_real_vs_real_floor_is_small_and_corruption_is_not(fresh, tmp_path):
    data = load_labeled_images(fresh["cartoon"])
    a, b = data.images[:150], data.images[150:]
    floor = fidelity(a, b, evaluator="cartoon", cache_dir=tmp_path, metrics=("fid",)).fid
    noisy = (a.float() + 40 * torch.randn(a.shape)).clamp(0, 255).to(torch.uint8)
    worse = fidelity(noisy, b, evaluator="cartoon", cache_dir=tmp_path, metrics=("fid",))
    assert worse.reference_cache_hit and worse.fid > 3 * floor


def test_training_smoke(tmp_path):
    result = train_evaluator(
        "cartoon", tmp_path / "tiny.pt", n_train=64, n_heldout=32, epochs=1,
        widths=(8, 8, 8, 8), input_size=32, verbose=False,
    )  # fmt: skip
    assert result.path.is_file() and 0.0 <= result.heldout["accuracy"] <= 1.0
    back = load_evaluator(result.path)
    assert back.space == result.evaluator.space and back.input_size == 32


def test_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        train_evaluator("mnist")


def test_missing_data_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        evaluate_real(tmp_path / "nothing")
