"""Every report network runs forward and backward at its tiny size for every space it supports,
and keeps its parameter counts at paper size (per recipe and variant)."""

from __future__ import annotations

import pytest
from torch import nn

import condgan.recipes.networks  # noqa: F401 (registers the report networks)
from condgan.models import list_models, model_entry
from condgan.recipes import build
from model_checks import check_forward_backward_tiny

REPORT = [n for n in list_models() if model_entry(n).build.__module__.startswith("condgan.recipes")]
CASES = [(name, kind) for name in REPORT for kind in model_entry(name).spaces]

#: (recipe, variant) -> (G, D) parameters at paper scale (counted before the networks
#: moved from condgan.models into the recipes; they must never change).
PAPER_COUNTS = {
    ("anime-srresnet-dragan", "default"): (2_787_779, 31_571_064),
    ("anime-srresnet-dragan", "no-sn"): (2_787_779, 31_571_064),
    ("cartoon-acgan", "baseline"): (14_672_707, 11_408_336),
    ("cartoon-acgan", "d-half"): (14_672_707, 11_408_336),
    ("cartoon-acgan", "cls-weight-2"): (14_672_707, 11_408_336),
    ("cartoon-acgan", "cls-weight-10"): (14_672_707, 11_408_336),
    ("cartoon-acgan", "latent-100"): (13_034_307, 11_408_336),
    ("cartoon-acgan", "lr-5e-5"): (14_672_707, 11_408_336),
    ("cartoon-acgan", "leaky-relu"): (14_672_707, 11_408_336),
    ("cartoon-acwgan", "hidden-concat"): (22_687_363, 6_990_847),
    ("cartoon-acwgan", "only-input"): (21_769_859, 6_990_847),
    ("cartoon-acwgan", "cond-bn"): (22_933_123, 6_990_847),
    ("cartoon-acwgan", "bce"): (22_687_363, 6_990_847),
    ("cartoon-infogan", "default"): (10_709_507, 244_914),
    ("iclevr-acwgan-gp", "wgan-gp"): (3_822_080, 2_960_408),
    ("iclevr-acwgan-gp", "wgan-clip"): (3_822_080, 2_960_408),
    ("iclevr-acwgan-gp", "bce"): (3_822_080, 2_960_408),
    ("iclevr-acwgan-gp", "cgan"): (3_822_080, 2_960_384),
    ("text2anime", "dcgan-bce"): (7_331_075, 4_808_833),
    ("text2anime", "lsgan"): (7_331_075, 4_808_833),
    ("text2anime", "wgan-clip"): (7_331_075, 4_808_833),
    ("text2anime", "wgan-gp"): (7_331_075, 4_808_833),
    ("text2anime", "pretrain"): (7_331_075, 4_808_833),
}


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_every_report_network_is_registered_by_the_recipes():
    assert set(REPORT) == {
        f"r{i}_{kind}" for i in (1, 2, 4, 5) for kind in ("generator", "critic")
    } | {"r3_acgan_generator", "r3_acgan_critic", "r3_infogan_generator", "r3_infogan_critic"}


@pytest.mark.parametrize(("name", "space_kind"), CASES)
def test_forward_backward_tiny(name, space_kind):
    check_forward_backward_tiny(name, space_kind)


@pytest.mark.parametrize(("recipe", "variant"), sorted(PAPER_COUNTS))
def test_paper_parameter_counts_unchanged(recipe, variant, monkeypatch):
    monkeypatch.setenv("CONDGAN_TEXT_ENCODER", "hashed")
    r = build(recipe, variant, "paper")
    assert (_count(r.generator), _count(r.critic)) == PAPER_COUNTS[recipe, variant]
