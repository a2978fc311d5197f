"""R1 ``cartoon-acwgan``: report sizes and hyper-parameters, how variants differ, smoke runs."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import ConditionalBatchNorm2d
from condgan.heads import ConcatAdversarialHead
from condgan.losses import NonSaturating, Wasserstein
from condgan.recipes import build, variants
from condgan.recipes.reports.cartoon_acwgan import r1_objective
from condgan.training import Trainer

NAME = "cartoon-acwgan"
VARIANTS = ["hidden-concat", "only-input", "cond-bn", "bce"]


@pytest.fixture(scope="module")
def paper():
    torch.manual_seed(0)
    return {v: build(NAME, v, "paper") for v in VARIANTS}


def _n(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def test_variants_in_report_order_with_reported_fids():
    assert variants(NAME) == VARIANTS
    fids = [build(NAME, v, "smoke").reported.value for v in VARIANTS]
    assert fids == [80.017, 84.017, 84.472, 139.838]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_trains_two_smoke_steps(variant, tmp_path):
    r = build(NAME, variant, "smoke")
    assert r.scale == "smoke" and r.train.steps == 2 and r.data.standin_n <= 64
    trainer = Trainer.from_recipe(r, out_dir=str(tmp_path), progress=False)
    trainer.fit()
    assert trainer.step == 2
    x = r.generator(torch.randn(3, r.generator.nz), r.space.sample(3))
    assert x.shape == (3, 3, 32, 32) and x.abs().max() <= 1


def test_paper_generator_sizes(paper):
    g = paper["hidden-concat"].generator
    first = g.first.block.conv
    # 100 noise + 4 x 16 fixed embedding dims, 1x1 -> 8x8 with an 8x8 kernel
    assert (first.in_channels, first.out_channels, first.kernel_size) == (164, 1024, (8, 8))
    ins = [b.conv.in_channels for b in g.blocks]
    outs = [b.conv.out_channels for b in g.blocks]
    assert ins == [1024 + 64, 512 + 64, 256 + 64, 128]  # hidden concat after blocks 1-3
    assert outs == [512, 256, 128, 3]
    assert g.encoder.out_dim == 64 and not list(g.encoder.parameters())  # fixed, never trained
    z = torch.randn(2, 100)
    assert g.eval()(z, paper["hidden-concat"].space.sample(2)).shape == (2, 3, 128, 128)


def test_paper_critic_is_spectral_normed_with_concat_and_four_aux_heads(paper):
    d = paper["hidden-concat"].critic
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert [c.out_channels for c in convs] == [32, 64, 128, 256, 512, 512]
    assert [c.stride for c in convs] == [(2, 2)] * 5 + [(1, 1)]
    layers = convs + [m for m in d.modules() if isinstance(m, nn.Linear)]
    assert all(hasattr(m, "parametrizations") for m in layers)  # spectral norm everywhere
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in d.modules())
    assert isinstance(d.adversarial, ConcatAdversarialHead)
    lin = [m for m in d.adversarial.modules() if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in lin] == [(512 + 15, 1)]
    out = d(torch.randn(2, 3, 128, 128), paper["hidden-concat"].space.sample(2))
    assert out.adv.shape == (2,) and [a.shape[1] for a in out.aux] == [6, 4, 3, 2]


def test_paper_hyper_parameters(paper):
    for v, r in paper.items():
        t = r.train
        assert (t.batch_size, t.critic_steps, t.g_steps) == (64, 3, 1), v
        assert (t.optimizer_g, t.optimizer_d, t.lr_g, t.lr_d) == ("adam", "adam", 1e-4, 1e-4)
        assert t.betas_g == t.betas_d == (0.0, 0.9)
        assert t.clip_value is None and not r.objective.penalties
        o = r.objective
        assert (o.aux_real_weight, o.aux_fake_weight, o.aux_gen_weight) == (0.2, 0.2, 0.2)
        assert r.data.image_size == 128 and r.data.kind == "cartoon"
        assert "aux_gen_weight" in r.notes
    wgan = paper["hidden-concat"].objective
    assert isinstance(wgan.adversarial, Wasserstein) and wgan.adversarial_weight == 0.01


def test_bce_variant_smooths_labels_and_weights_0_2(paper):
    o = paper["bce"].objective
    assert isinstance(o.adversarial, NonSaturating) and o.adversarial_weight == 0.2
    assert o.adversarial.real_range == (0.7, 1.3) and o.adversarial.fake_range == (0.0, 0.3)


def test_variants_differ_only_as_the_report_says(paper):
    hc, oi, cbn, bce = (paper[v].generator for v in VARIANTS)
    hidden = [
        sorted(k for k, kind in g.fusion_points.items() if kind == "HiddenConcat")
        for g in (hc, oi, cbn, bce)
    ]
    assert hidden == [[1, 2, 3], [], [1, 2, 3], [1, 2, 3]]
    has_cbn = [any(isinstance(m, ConditionalBatchNorm2d) for m in g.modules()) for g in (hc, cbn)]
    assert has_cbn == [False, True]
    assert _n(hc) == _n(bce) and _n(oi) < _n(hc) < _n(cbn)
    assert len({_n(paper[v].critic) for v in VARIANTS}) == 1
    assert len({(paper[v].train.lr_g, paper[v].train.critic_steps) for v in VARIANTS}) == 1


def test_report_generator_loss_without_aux_stays_reachable():
    r = build(NAME, "hidden-concat", "smoke")
    x = r.generator(torch.randn(4, r.generator.nz), y := r.space.sample(4))
    ours = r.objective.generator_loss(r.critic, x, y)
    report = r1_objective("hidden-concat", aux_gen_weight=0.0).generator_loss(r.critic, x, y)
    assert "aux_fake" in ours.terms and "aux_fake" not in report.terms
    expected = 0.01 * ours.terms["adv"] + 0.2 * ours.terms["aux_fake"]
    torch.testing.assert_close(ours.total, expected)
    torch.testing.assert_close(report.total, 0.01 * report.terms["adv"])


def test_bad_variant_and_scale_are_value_errors():
    with pytest.raises(ValueError, match="unknown variant 'wgan'"):
        build(NAME, "wgan")
    with pytest.raises(ValueError, match="unknown scale 'tiny'"):
        build(NAME, scale="tiny")
