"""Exact and mirrored copies by thumbnail: planted copies found, distinct images kept apart."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from condgan.data import find_duplicates, load_dataset, thumbnails


def _jpeg_round_trip(images: torch.Tensor, quality: int = 85) -> torch.Tensor:
    out = []
    for x in images:
        buf = io.BytesIO()
        Image.fromarray(x.permute(1, 2, 0).numpy()).save(buf, format="JPEG", quality=quality)
        buf.seek(0)
        out.append(torch.from_numpy(np.array(Image.open(buf).convert("RGB"))).permute(2, 0, 1))
    return torch.stack(out)


def test_planted_exact_and_mirrored_copies_are_grouped():
    g = torch.Generator().manual_seed(0)
    base = torch.randint(0, 256, (30, 3, 16, 16), dtype=torch.uint8, generator=g)
    images = torch.cat([base, base[:5], base[5:12].flip(-1)])
    dups = find_duplicates(images)
    assert dups.summary() == {
        "images": 42, "distinct": 30, "with_exact_copy": 10, "with_mirrored_copy": 14,
    }  # fmt: skip
    assert torch.equal(dups.group[30:35], dups.group[:5])
    assert torch.equal(dups.group[35:], dups.group[5:12])
    assert len(set(dups.group[:30].tolist())) == 30


def test_reencoded_mirrored_faces_are_found_and_distinct_faces_kept_apart(anime2018_dir):
    data = load_dataset(anime2018_dir)
    faces = torch.stack([((data[i][0] + 1) * 127.5).round().to(torch.uint8) for i in range(20)])
    copies = _jpeg_round_trip(faces.flip(-1).contiguous())
    dups = find_duplicates(torch.cat([faces, copies]))
    assert dups.distinct == 20 and dups.mirrored == 40
    assert torch.equal(dups.group[:20], dups.group[20:])


def test_a_symmetric_image_is_not_its_own_copy():
    x = torch.randint(0, 256, (4, 3, 8, 8), dtype=torch.uint8)
    symmetric = torch.cat([x[..., :4], x[..., :4].flip(-1)], dim=-1)
    assert find_duplicates(symmetric).summary()["with_mirrored_copy"] == 0


def test_thumbnails_read_uint8_and_float_alike():
    x = torch.randint(0, 256, (3, 3, 16, 16), dtype=torch.uint8)
    a, b = thumbnails(x), thumbnails(x.float() / 127.5 - 1)
    assert a.shape == (3, 64) and torch.allclose(a, b, atol=1e-3)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: thumbnails(torch.zeros(2, 1, 8, 8)), "shape"),
        (lambda: find_duplicates(torch.zeros(2, 3, 8, 8), tolerance=-1), "tolerance"),
    ],
)
def test_bad_input_is_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()
