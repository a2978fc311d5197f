"""R3 ``cartoon-acgan``: seven experiments."""

from __future__ import annotations

import dataclasses

import pytest
import torch
from torch import nn

from condgan.losses import NonSaturating
from condgan.recipes import build, variants
from condgan.training import Trainer

ACGAN = "cartoon-acgan"


def _count(module: nn.Module, kind: type) -> int:
    return sum(isinstance(m, kind) for m in module.modules())


def _objective_weights(recipe) -> dict[str, float]:
    o = recipe.objective
    names = ("adversarial_weight", "aux_real_weight", "aux_fake_weight", "aux_gen_weight",
             "info_cat_weight", "info_cont_weight")  # fmt: skip
    return {n: getattr(o, n) for n in names}


def _g_facts(recipe) -> dict:
    g = recipe.generator
    acts = sorted({type(m).__name__ for m in g.modules() if isinstance(m, (nn.ReLU, nn.LeakyReLU))})
    return {"nz": g.nz, "acts": acts}


def test_variants_in_report_order():
    assert variants(ACGAN) == [
        "baseline", "d-half", "cls-weight-2", "cls-weight-10", "latent-100", "lr-5e-5",
        "leaky-relu",
    ]  # fmt: skip


@pytest.mark.parametrize("variant", variants(ACGAN))
def test_acgan_variant_trains_two_steps(variant, tmp_path):
    recipe = build(ACGAN, variant, scale="smoke")
    trainer = Trainer.from_recipe(recipe, out_dir=str(tmp_path))
    trainer.fit()
    assert trainer.step == 2
    assert recipe.notes and recipe.reported is not None and recipe.reported.metric == "FID"


def test_acgan_paper_scale_is_the_reports():
    r = build(ACGAN, scale="paper")
    g, d = r.generator, r.critic
    assert g.nz == 200 and g.image_size == 128
    # five ConvTranspose + BN + ReLU blocks, then a transposed conv to 3 maps and tanh
    assert _count(g, nn.ConvTranspose2d) == 6 and _count(g, nn.BatchNorm2d) == 5
    assert _count(g, nn.ReLU) == 5 and _count(g, nn.Tanh) == 1
    assert g(torch.zeros(1, 200), r.space.sample(1)).shape == (1, 3, 128, 128)
    # five Conv + LeakyReLU blocks; adversarial output and four attribute classifiers
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 5 and all(c.stride == (2, 2) for c in convs)
    assert _count(d, nn.LeakyReLU) == 5 and _count(d, nn.BatchNorm2d) == 0
    out = d(torch.zeros(2, 3, 128, 128), r.space.sample(2))
    assert out.adv.shape == (2,) and [a.shape[1] for a in out.aux] == [6, 4, 3, 2]
    assert isinstance(r.objective.adversarial, NonSaturating)
    assert _objective_weights(r) == {
        "adversarial_weight": 1.0, "aux_real_weight": 1.0, "aux_fake_weight": 1.0,
        "aux_gen_weight": 1.0, "info_cat_weight": 0.0, "info_cont_weight": 0.0,
    }  # fmt: skip
    t = r.train
    assert (t.lr_g, t.lr_d, t.critic_steps, t.g_steps, t.batch_size) == (2e-4, 2e-4, 1, 1, 64)
    assert r.data.kind == "cartoon" and r.data.image_size == 128


#: What each experiment changes from the baseline (TrainConfig fields, objective weights, G).
EXPECTED_CHANGES = {
    "baseline": ({}, {}, {}),
    "d-half": ({"g_steps": 2}, {}, {}),
    "cls-weight-2": (
        {},
        dict.fromkeys(("aux_real_weight", "aux_fake_weight", "aux_gen_weight"), 2.0),
        {},
    ),
    "cls-weight-10": (
        {},
        dict.fromkeys(("aux_real_weight", "aux_fake_weight", "aux_gen_weight"), 10.0),
        {},
    ),
    "latent-100": ({}, {}, {"nz": 100}),
    "lr-5e-5": ({"lr_g": 5e-5, "lr_d": 5e-5}, {}, {}),
    "leaky-relu": ({}, {}, {"acts": ["LeakyReLU"]}),
}


def _diff(a: dict, b: dict) -> dict:
    return {k: b[k] for k in b if a[k] != b[k]}


@pytest.mark.parametrize("variant", variants(ACGAN))
def test_acgan_variants_change_exactly_what_the_report_says(variant):
    base, r = build(ACGAN, scale="paper"), build(ACGAN, variant, scale="paper")
    train, weights, g = EXPECTED_CHANGES[variant]
    assert _diff(dataclasses.asdict(base.train), dataclasses.asdict(r.train)) == train
    assert _diff(_objective_weights(base), _objective_weights(r)) == weights
    assert _diff(_g_facts(base), _g_facts(r)) == g
    assert type(r.objective.adversarial) is type(base.objective.adversarial)
    assert r.critic.backbone.out_dim == base.critic.backbone.out_dim


def test_acgan_reported_numbers():
    got = {v: build(ACGAN, v, scale="smoke").reported for v in variants(ACGAN)}
    assert {v: r.value for v, r in got.items()} == {
        "baseline": 166.24, "d-half": 221.0, "cls-weight-2": 231.0, "cls-weight-10": None,
        "latent-100": 168.19, "lr-5e-5": 166.87, "leaky-relu": 166.87,
    }  # fmt: skip
    assert "diverged" in got["cls-weight-2"].note and got["cls-weight-10"].note


def test_acgan_cpu_scale_is_32px():
    r = build(ACGAN, scale="cpu")
    assert r.data.image_size == 32 and r.generator.image_size == 32 and r.generator.nz == 200
