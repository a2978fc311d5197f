"""A folder decoded once: the same pixels as the loader, read back from the cache later."""

from __future__ import annotations

import os

import pytest
import torch

import condgan.data.dataset as dataset_module
from condgan.data import decode_folder, load_dataset
from condgan.data.standin import write_anime


def test_decoded_images_are_the_loaders_in_uint8(anime2018_dir):
    data = decode_folder(anime2018_dir, size=16)
    ref = load_dataset(anime2018_dir, size=16)
    assert data.images.dtype == torch.uint8 and data.images.shape == (20, 3, 16, 16)
    assert torch.allclose(data.as_float(torch.tensor([3])), ref[3][0][None], atol=1 / 127.5)
    assert torch.equal(data.y, ref.y)


def test_a_second_start_reads_the_cache_and_a_changed_folder_does_not(tmp_path, monkeypatch):
    folder = write_anime(tmp_path / "a", 6, seed=1, size=16)
    first = decode_folder(folder, size=16, cache_dir=tmp_path / "cache")

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(dataset_module, "load_image", no_decoding)
    again = decode_folder(folder, size=16, cache_dir=tmp_path / "cache")
    assert torch.equal(again.images, first.images)
    os.utime(folder / "tags.csv", ns=(1, 1))  # a changed label file is a new cache entry
    with pytest.raises(AssertionError, match="decoded again"):
        decode_folder(folder, size=16, cache_dir=tmp_path / "cache")
