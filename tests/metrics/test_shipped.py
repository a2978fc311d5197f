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
from condgan.metrics.commands import STANDIN_KINDS as CLI_KINDS
from condgan.metrics.labeled_data import (
    EVALUATOR_STANDINS,
    load_labeled_images,
    write_evaluator_standin,
)
from condgan.metrics.train_evaluator import STANDIN_KINDS

# Seeds never used for training (0) or the documented held-out sets (1000).
FRESH_SEED = 4242


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh")
    out = {}
    for kind in EVALUATOR_STANDINS:
        out[kind] = write_evaluator_standin(kind, root / kind, 300, FRESH_SEED)
    return out


def test_every_standin_has_a_shipped_evaluator_and_a_command():
    assert shipped_evaluators() == sorted(EVALUATOR_STANDINS)
    assert STANDIN_KINDS == CLI_KINDS == tuple(EVALUATOR_STANDINS)


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


@pytest.mark.parametrize("kind", ["anime", "anime2017"])
def test_anime_accuracy_on_fresh_standin(fresh, kind):
    data = load_labeled_images(fresh[kind])
    ev = evaluator_for_space(data.space)
    assert ev.name == kind
    out = conditional_accuracy(ev, data.images, data.y, data.space)
    assert all(v >= 0.97 for v in out["per_attribute"].values()), out


@pytest.mark.parametrize("kind", sorted(EVALUATOR_STANDINS))
def test_accuracy_on_fresh_standin_shrunk_to_32px(fresh, kind):
    # A perfect cpu-scale generator: the real images at 32 px, resized back by the evaluator.
    data = load_labeled_images(fresh[kind], size=32)
    out = conditional_accuracy(load_evaluator(kind), data.images, data.y, data.space)
    figures = out["per_attribute"].values() if "per_attribute" in out else [out["accuracy"]]
    assert min(figures) >= 0.95, out


def test_evaluate_real_dicts(fresh):
    multi = evaluate_real(fresh["iclevr"], n=100)
    assert multi["accuracy"] >= 0.95 and multi["n"] == 100
    cat = evaluate_real(fresh["cartoon"], n=100)
    assert set(cat["per_attribute"]) == {"hair", "eye", "face", "glasses"}


@pytest.mark.parametrize("kind", ["anime", "anime2017"])
def test_evaluate_real_reads_both_anime_formats(fresh, kind):
    out = evaluate_real(fresh[kind], n=100)
    assert out["evaluator"] == kind and out["n"] == 100
    assert set(out["per_attribute"]) == {"hair", "eyes"}
    assert min(out["per_attribute"].values()) >= 0.95, out


def test_evaluate_real_reads_the_courses_nested_folder(fresh, tmp_path):
    nested = tmp_path / "download" / "extra_data"
    nested.parent.mkdir()
    nested.symlink_to(fresh["anime"], target_is_directory=True)
    assert evaluate_real(tmp_path / "download", n=20)["n"] == 20


def test_real_vs_real_floor_is_small_and_corruption_is_not(fresh, tmp_path):
    data = load_labeled_images(fresh["cartoon"])
    a, b = data.images[:150], data.images[150:]
    floor = fidelity(a, b, evaluator="cartoon", cache_dir=tmp_path, metrics=("fid",)).fid
    noisy = (
        (a.float() + 60 * torch.randn(a.shape, generator=torch.Generator().manual_seed(0)))
        .clamp(0, 255)
        .to(torch.uint8)
    )
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
    with pytest.raises(ValueError, match="kind must be one of.*'mnist'"):
        write_evaluator_standin("mnist", "unused", 1, 0)


def test_adapter_reads_n_rows_as_uint8_at_the_asked_size(fresh):
    data = load_labeled_images(fresh["anime2017"], n=7, size=40)
    assert data.images.dtype == torch.uint8 and data.images.shape == (7, 3, 40, 40)
    assert data.y.shape == (7, 2) and data.space.attribute_names == ["hair", "eyes"]
    with pytest.raises(ValueError, match="n must be"):
        load_labeled_images(fresh["anime"], n=0)


def test_missing_data_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        evaluate_real(tmp_path / "nothing")
