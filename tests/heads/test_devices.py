"""Heads on every device and in float32 / bfloat16: shapes, and values that match the
float32 CPU reference within the dtype's tolerance."""

from __future__ import annotations

import copy

import pytest
import torch

from condgan.conditions import MultiCategorical, MultiLabel, OneHot, Projection, Text
from condgan.heads import (
    AdversarialHead,
    ConcatAdversarialHead,
    InfoHead,
    ProjectionHead,
    SpatialConcatHead,
    auxiliary_head,
)

from devices import DEVICES, DTYPES, tolerance
from testing_support import ADL, ICLEVR

F_DIM = 8


def _heads():
    torch.manual_seed(0)
    cartoon, objects, text = MultiCategorical(ADL), MultiLabel(ICLEVR, max_labels=3), Text(6)
    return [
        ("adversarial", AdversarialHead(F_DIM), cartoon),
        ("concat", ConcatAdversarialHead(F_DIM, OneHot(cartoon), hidden=4), cartoon),
        ("spatial", SpatialConcatHead((2, 2, 2), Projection(text, 3), hidden=4), text),
        ("projection", ProjectionHead(F_DIM, objects), objects),
        ("multi_class", auxiliary_head(F_DIM, cartoon), cartoon),
        ("multi_label", auxiliary_head(F_DIM, objects), objects),
        ("info", InfoHead(F_DIM, categorical=(3,), continuous=2, hidden=4), cartoon),
    ]


def _flat(out):
    if isinstance(out, list):
        return torch.cat([t.float().cpu() for t in out], dim=1)
    if hasattr(out, "categorical"):
        return torch.cat([*out.categorical, out.mean, out.log_scale], dim=1).float().cpu()
    return out.float().cpu()


@pytest.mark.parametrize("index", range(7), ids=[n for n, _, _ in _heads()])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_heads_on_device_and_dtype(index, device, dtype):
    _, head, space = _heads()[index]
    h = torch.randn(5, F_DIM, generator=torch.Generator().manual_seed(1))
    y = space.sample(5, generator=torch.Generator().manual_seed(2))
    expected = _flat(head(h, y))
    moved = copy.deepcopy(head).to(device=device, dtype=dtype)
    got = moved(h.to(device, dtype), y.to(device))
    assert _flat(got).shape == expected.shape
    torch.testing.assert_close(_flat(got), expected, **tolerance(dtype))
