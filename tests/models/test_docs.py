"""The "Networks and heads" guide's code runs and builds what it says (R1's pair)."""

from __future__ import annotations

import re
from pathlib import Path

import torch

import condgan.recipes.networks  # noqa: F401 (registers r1_generator for the comparison)
from condgan.models import create

from testing_support import ADL

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _blocks(page: str) -> list[str]:
    text = (DOCS / page).read_text()
    found = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|\n)+)", text)
    return [re.sub(r"^   ", "", b, flags=re.M) for b in found]


def test_guide_composes_r1_by_hand():
    first, by_name = _blocks("networks.rst")[:2]
    ns: dict = {"attributes": ADL}
    exec(first, ns)
    space = ns["space"]
    r1 = create("r1_generator", space=space)
    count = sum(p.numel() for p in ns["G"].parameters())
    assert count == sum(p.numel() for p in r1.parameters()) == 22_687_363
    assert sum(p.numel() for p in ns["D"].parameters()) == 6_990_847
    exec(by_name, ns)
    y = space.sample(2)
    out = ns["D"](torch.randn(2, 3, 64, 64), y)
    assert out.adv.shape == (2,)
