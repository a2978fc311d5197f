"""R2 ``iclevr-acwgan-gp``: exact parameter totals, hyper-parameters, variants, smoke runs."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.heads import AdversarialHead, ProjectionHead
from condgan.losses import WGANGP, NonSaturating, Wasserstein
from condgan.recipes import build, variants
from condgan.training import Trainer

NAME = "iclevr-acwgan-gp"
VARIANTS = ["wgan-gp", "wgan-clip", "bce", "cgan"]


@pytest.fixture(scope="module")
def paper():
    return {v: build(NAME, v, "paper") for v in VARIANTS}


def _n(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def test_paper_parameter_totals_match_the_report():
    r = build(NAME, scale="paper")
    assert r.variant == "wgan-gp"
    assert _n(r.generator) == 3_822_080
    assert _n(r.critic) == 2_960_408


def test_variants_in_order_and_reported_accuracy():
    assert variants(NAME) == VARIANTS
    rep = build(NAME, scale="smoke").reported
    assert (rep.metric, rep.value, rep.lower_is_better) == ("accuracy", 0.7638, False)
    bce = build(NAME, "bce", "smoke").reported
    assert bce.value is None and "single label" in bce.note


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_trains_two_smoke_steps(variant, tmp_path):
    r = build(NAME, variant, "smoke")
    assert r.scale == "smoke" and r.train.steps == 2 and r.data.standin_n <= 64
    trainer = Trainer.from_recipe(r, out_dir=str(tmp_path), progress=False)
    trainer.fit()
    assert trainer.step == 2
    if variant == "wgan-clip":
        assert all(p.abs().max() <= 0.01 for p in r.critic.parameters())
    x = r.generator(torch.randn(3, r.generator.nz), r.space.sample(3))
    assert x.shape == (3, 3, 32, 32) and x.abs().max() <= 1


def test_paper_networks_and_shapes(paper):
    r = paper["wgan-gp"]
    g, d = r.generator, r.critic
    assert (g.stem.in_features, g.stem.out_features) == (100 + 24, 128)
    assert g.eval()(torch.randn(2, 100), r.space.sample(2)).shape == (2, 3, 64, 64)
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in d.modules())
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert [c.out_channels for c in convs] == [64, 128, 256, 512]
    assert all(c.bias is None for c in convs)
    out = d(torch.randn(2, 3, 64, 64), r.space.sample(2))
    assert out.adv.shape == (2,) and out.aux.shape == (2, 24)


def test_paper_hyper_parameters(paper):
    for v, r in paper.items():
        t = r.train
        assert (t.batch_size, t.critic_steps, t.g_steps) == (128, 5, 1), v
        assert r.data.image_size == 64 and r.data.kind == "iclevr" and r.data.standin_n == 18_009
    t = paper["wgan-gp"].train
    assert (t.optimizer_g, t.optimizer_d, t.lr_g, t.lr_d) == ("adam", "adam", 2e-4, 2e-4)
    assert t.betas_g == t.betas_d == (0.5, 0.999) and t.clip_value is None
    o = paper["wgan-gp"].objective
    assert isinstance(o.adversarial, Wasserstein)
    [(gp, w)] = o.penalties
    assert isinstance(gp, WGANGP) and w == 10.0
    assert (o.aux_real_weight, o.aux_fake_weight, o.aux_gen_weight) == (5.0, 0.0, 5.0)


def test_variants_differ_as_the_report_says(paper):
    clip, bce, cgan = paper["wgan-clip"], paper["bce"], paper["cgan"]
    assert clip.train.clip_value == 0.01 and clip.train.optimizer_d == "rmsprop"
    assert clip.train.lr_d == clip.train.lr_g == 5e-5
    assert isinstance(clip.objective.adversarial, Wasserstein) and not clip.objective.penalties
    assert isinstance(bce.objective.adversarial, NonSaturating) and not bce.objective.penalties
    assert bce.train == paper["wgan-gp"].train.replace(out_dir=bce.train.out_dir)
    for r in (clip, bce):
        assert (r.objective.aux_real_weight, r.objective.aux_gen_weight) == (5.0, 5.0)
        assert _n(r.critic) == 2_960_408
    # the plain conditional GAN: the condition enters the critic, no aux classifier
    assert cgan.critic.auxiliary is None and isinstance(cgan.critic.adversarial, ProjectionHead)
    assert isinstance(paper["wgan-gp"].critic.adversarial, AdversarialHead)
    assert (cgan.objective.aux_real_weight, cgan.objective.aux_gen_weight) == (0.0, 0.0)
    assert isinstance(cgan.objective.penalties[0][0], WGANGP)
    assert len({_n(paper[v].generator) for v in VARIANTS}) == 1


def test_bad_variant_is_a_value_error():
    with pytest.raises(ValueError, match="unknown variant 'wgan'"):
        build(NAME, "wgan")
