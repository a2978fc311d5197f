"""DataSpec: stand-in caching, real folders, preloading, and bad input."""

from __future__ import annotations

import os

import pytest
import torch

from condgan.data.standin import write_standin
from condgan.recipes import DataSpec, InMemoryImages, standin_cache_dir


def test_standin_written_once_and_reused(standin_cache):
    spec = DataSpec("cartoon", 16, standin_n=12, standin_seed=5)
    folder = spec.folder
    assert folder.parent == standin_cache_dir() and str(folder).startswith(standin_cache)
    stamp = os.stat(folder).st_mtime_ns
    data = spec()
    assert isinstance(data, InMemoryImages) and len(data) == 12
    x, y = data[0]
    assert x.shape == (3, 16, 16) and x.min() >= -1 and x.max() <= 1
    assert y.shape == (4,) and y.dtype == torch.long
    assert spec.folder == folder and os.stat(folder).st_mtime_ns == stamp  # not rewritten


def test_preloaded_equals_lazy_loading():
    a = DataSpec("iclevr", 16, standin_n=6, standin_seed=3)()
    b = DataSpec("iclevr", 16, standin_n=6, standin_seed=3, preload=False)()
    assert len(a) == len(b) == 6
    for i in range(6):
        assert torch.equal(a[i][0], b[i][0]) and torch.equal(a[i][1], b[i][1])


def test_real_folder_is_read_in_its_format(tmp_path):
    write_standin("iclevr", tmp_path / "real", 5, seed=9)
    spec = DataSpec("iclevr", 8, data_dir=str(tmp_path / "real"))
    data = spec()
    # training reads the training side of the held-out split (at least one row is held out)
    held = spec.split().heldout
    assert len(held) >= 1 and len(data) == 5 - len(held)
    assert data[0][0].shape == (3, 8, 8) and data[0][1].shape == (24,)
    assert not standin_cache_dir().joinpath("iclevr-n5000-seed0").exists()


def test_transform_runs_per_item():
    calls = []

    def flip(x):
        calls.append(1)
        return -x

    data = DataSpec("cartoon", 8, standin_n=4, transform=flip)()
    plain = DataSpec("cartoon", 8, standin_n=4)()
    assert torch.equal(data[1][0], -plain[1][0]) and len(calls) == 1


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        ({"kind": "faces", "image_size": 8}, ValueError, "DataSpec.kind must be one of"),
        ({"kind": "cartoon", "image_size": 0}, ValueError, "DataSpec.image_size"),
        ({"kind": "anime", "image_size": 8, "version": 2019}, ValueError, "2017 or 2018"),
        (
            {"kind": "cartoon", "image_size": 8, "data_dir": "/no/such"},
            FileNotFoundError,
            "/no/such",
        ),
    ],
)
def test_bad_specs(kwargs, err, match):
    with pytest.raises(err, match=match):
        DataSpec(**kwargs)


def test_in_memory_checks_shapes():
    from condgan.data import cartoon_space

    with pytest.raises(ValueError, match=r"images must be \(N, C, S, S\) with C = 1 or 3"):
        InMemoryImages(
            torch.zeros(2, 2, 4, 4), torch.zeros(2, 4, dtype=torch.long), cartoon_space()
        )
    with pytest.raises(ValueError, match="2 images but 3 conditions"):
        InMemoryImages(
            torch.zeros(2, 3, 4, 4), torch.zeros(3, 4, dtype=torch.long), cartoon_space()
        )


def test_lazy_real_folder_reads_only_its_training_side(tmp_path):
    write_standin("iclevr", tmp_path / "real", 12, seed=4)
    spec = DataSpec("iclevr", 8, data_dir=str(tmp_path / "real"), preload=False)
    data, split = spec(), spec.split()
    assert len(data) == len(split.train) and torch.equal(data.y, spec.decoded().y[split.train])
    assert data[0][0].shape == (3, 8, 8) and data.space == spec.decoded().space
