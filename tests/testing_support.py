"""Constants and builders shared by the tests (importable as ``testing_support``)."""

from __future__ import annotations

import torch

from condgan.conditions import Categorical, MultiCategorical, MultiLabel, Text

ADL = {
    "hair": ["blonde", "orange", "brown", "black", "blue", "white"],
    "eye": ["brown", "blue", "green", "black"],
    "face": ["African", "Asian", "Caucasian"],
    "glasses": ["with", "without"],
}
COLOURS = ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"]
SHAPES = ["cube", "sphere", "cylinder"]
ICLEVR = [f"{c} {s}" for s in SHAPES for c in COLOURS]


def all_spaces():
    """One instance of every space kind (small), for parametrised tests."""
    g = torch.Generator().manual_seed(1)
    return [
        Categorical(5, names=["a", "b", "c", "d", "e"]),
        MultiCategorical(ADL),
        MultiLabel(ICLEVR, max_labels=3),
        Text(8, phrases=["x y", "y z", "z w"], embeddings=torch.randn(3, 8, generator=g)),
    ]
