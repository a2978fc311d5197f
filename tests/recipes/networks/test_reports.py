"""The reports' networks at paper size (construction only) and their input checks."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from condgan.conditions import ConditionalBatchNorm2d, FixedEmbedding, MultiCategorical, MultiLabel
from condgan.heads import ConcatAdversarialHead, MultiClassHead
from condgan.models import SRResNetBackbone
from condgan.recipes.networks.anime_srresnet_dragan import r5_critic, r5_generator
from condgan.recipes.networks.cartoon_acwgan import r1_critic, r1_generator
from condgan.recipes.networks.iclevr_acwgan_gp import r2_critic, r2_generator
from condgan.recipes.networks.text2anime import r4_critic, r4_generator

from testing_support import ADL, ICLEVR


def _count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_r2_parameter_totals_match_the_report():
    space = MultiLabel(ICLEVR, max_labels=3)
    assert _count(r2_generator(space)) == 3_822_080
    assert _count(r2_critic(space)) == 2_960_408


def test_r2_shapes_at_paper_size():
    space = MultiLabel(ICLEVR, max_labels=3)
    critic = r2_critic(space)
    assert critic.backbone.feature_shape == (512, 4, 4)
    assert critic.adversarial.linear.weight.shape == (1, 8192)
    assert critic.adversarial.linear.bias is None
    assert critic.auxiliary.linear.weight.shape == (24, 8192)
    assert not critic.has_batch_stats


def test_r1_critic_spectral_norm_heads_and_sizes():
    space = MultiCategorical(ADL)
    critic = r1_critic(space)
    layers = [m for m in critic.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(layers) == 6 + 1 + 4
    assert all(parametrize.is_parametrized(m, "weight") for m in layers)
    assert isinstance(critic.adversarial, ConcatAdversarialHead)
    assert critic.adversarial.net.in_features == 512 + 15
    assert isinstance(critic.auxiliary, MultiClassHead)
    assert [h.out_features for h in critic.auxiliary.heads] == [6, 4, 3, 2]
    assert not critic.has_batch_stats
    assert critic.backbone.feature_shape == (512, 1, 1)


def test_r1_generator_hidden_concat_first_block_8x8():
    space = MultiCategorical(ADL)
    gen = r1_generator(space)
    assert isinstance(gen.encoder, FixedEmbedding) and gen.encoder.out_dim == 64
    assert not any(p.requires_grad is False for p in gen.parameters())
    assert gen.first.block.conv.kernel_size == (8, 8)
    assert gen.first.block.conv.in_channels == 100 + 64
    assert [b.conv.in_channels for b in gen.blocks] == [1024 + 64, 512 + 64, 256 + 64, 128]
    assert [b.conv.out_channels for b in gen.blocks] == [512, 256, 128, 3]
    drops = [isinstance(gen.first.block.drop, nn.Dropout)]
    drops += [isinstance(b.drop, nn.Dropout) for b in gen.blocks[:3]]
    assert drops == [True, True, False, True]
    only_input = r1_generator(space, hidden_concat=False)
    assert [b.conv.in_channels for b in only_input.blocks] == [1024, 512, 256, 128]
    assert gen.fusion_points == {0: "InputConcat", 1: "HiddenConcat", 2: "HiddenConcat",
                                 3: "HiddenConcat"}  # fmt: skip
    assert only_input.fusion_points == {0: "InputConcat"}


def test_r1_generator_shapes_at_tiny_size_and_cbn_variant():
    space = MultiCategorical(ADL)
    gen = r1_generator(space, nz=8, image_size=32, widths=(8, 8, 8, 8), norm_layer="cbn")
    assert all(isinstance(b.norm, ConditionalBatchNorm2d) for b in gen.blocks[:-1])
    y = space.sample(2)
    assert gen(torch.randn(2, 8), y).shape == (2, 3, 32, 32)


def test_r4_and_r5_sizes():
    from condgan.conditions import Text

    text = Text(16)
    gen = r4_generator(text)
    assert gen.noise == "uniform" and gen.sample_noise(1000).min() >= -1
    assert gen.encoder.out_dim == 256
    assert gen.blocks[0].conv.kernel_size == (5, 5)
    assert r4_critic(text).backbone.feature_shape == (512, 4, 4)
    tags = MultiLabel([f"t{i}" for i in range(23)])
    g5 = r5_generator(tags)
    assert g5.base_size == 12 and len(g5.res) == 16 and len(g5.up) == 3
    d5 = r5_critic(tags)
    assert isinstance(d5.backbone, SRResNetBackbone)
    assert d5.backbone.feature_shape == (1024, 2, 2)
    assert d5.auxiliary.linear.out_features == 23


# -- bad inputs -----------------------------------------------------------------------


def test_generator_rejects_bad_z_and_y():
    space = MultiCategorical(ADL)
    gen = r1_generator(space, nz=8, image_size=32, widths=(8, 8, 8, 8))
    y = space.sample(2)
    with pytest.raises(ValueError, match=r"z must have shape \(B, 8\), got \(2, 9\)"):
        gen(torch.randn(2, 9), y)
    with pytest.raises(ValueError, match=r"batch sizes differ: z has 3 rows, y has 2"):
        gen(torch.randn(3, 8), y)
    with pytest.raises(ValueError, match=r"y must have shape \(B, 4\)"):
        gen(torch.randn(2, 8), y[:, :2])
    with pytest.raises(TypeError, match="y must have dtype torch.long"):
        gen(torch.randn(2, 8), y.float())
    with pytest.raises(ValueError, match="unknown value|cannot read"):
        gen.sample(["purple hair"])
    with pytest.raises(ValueError, match=r"must hold indices in \[0, 6\)"):
        gen.sample(torch.tensor([[7, 0, 0, 0]]))


def test_critic_rejects_wrong_channels_size_and_y():
    space = MultiCategorical(ADL)
    critic = r1_critic(space, image_size=32, widths=(8, 8, 8), final_width=8)
    y = space.sample(2)
    with pytest.raises(ValueError, match=r"x must have 3 channels .* got 1"):
        critic(torch.randn(2, 1, 32, 32), y)
    with pytest.raises(ValueError, match=r"x must be 32x32 images .* got 64x64"):
        critic(torch.randn(2, 3, 64, 64), y)
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        critic(torch.zeros(2, 3, 32, 32, dtype=torch.long), y)
    with pytest.raises(ValueError, match=r"batch sizes differ: x has 2, y has 3"):
        critic(torch.randn(2, 3, 32, 32), space.sample(3))
    with pytest.raises(ValueError, match="this critic is conditional"):
        critic(torch.randn(2, 3, 32, 32), None)


def test_bad_options():
    with pytest.raises(ValueError, match="head must be one of"):
        r2_critic(MultiLabel(ICLEVR), image_size=32, widths=(8, 8, 8), head="hinge")
    with pytest.raises(ValueError, match=r"norm_layer must be one of \['bn', 'cbn', 'none'\]"):
        r1_generator(MultiCategorical(ADL), image_size=32, widths=(8, 8, 8, 8), norm_layer="ln")
    with pytest.raises(TypeError, match="FixedEmbedding needs a space with a finite vocabulary"):
        from condgan.conditions import Text

        r1_generator(Text(4))
