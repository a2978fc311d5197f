"""Every family builds at image sizes from 8 to 256, not only powers of two, with 1 or 3
channels; where a family cannot, the error names the size and what it supports."""

from __future__ import annotations

import pytest
import torch

from condgan.conditions import Categorical
from condgan.heads import AdversarialHead, Critic
from condgan.models import (
    DCGANBackbone,
    DCGANGenerator,
    InfoGANGenerator,
    SRResNetBackbone,
    SRResNetGenerator,
    create,
)
from condgan.models.sizes import default_widths, doublings, halvings

SIZES = (8, 16, 28, 48, 64, 128)
SPACE = Categorical(3)


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("size", SIZES)
def test_dcgan_generator_and_critic_at_size(size, channels):
    g = DCGANGenerator(SPACE, nz=4, image_size=size, channels=channels)
    x = g(torch.randn(2, 4), torch.tensor([0, 2]))
    assert x.shape == (2, channels, size, size) and x.abs().max() <= 1
    backbone = DCGANBackbone(image_size=size, channels=channels)
    assert backbone.feature_shape[1] <= 4  # the default layout halves down to at most 4x4
    d = Critic(backbone, adversarial=AdversarialHead(backbone.out_dim), space=SPACE)
    assert d(x, torch.tensor([0, 2])).adv.shape == (2,)


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("size", SIZES)
def test_registered_dcgan_pair_at_size(size, channels):
    g = create("dcgan_generator", space=SPACE, nz=4, image_size=size, channels=channels)
    d = create("dcgan_critic", space=SPACE, image_size=size, channels=channels, auxiliary=True)
    y = torch.tensor([1, 2])
    x = g(torch.randn(2, 4), y)
    out = d(x, y)
    assert x.shape == (2, channels, size, size) and out.adv.shape == (2,)


@pytest.mark.parametrize("size", SIZES)
def test_srresnet_and_infogan_at_size(size):
    g = SRResNetGenerator(SPACE, nz=4, image_size=size, channels=1, width=4, num_blocks=1)
    assert g(torch.randn(2, 4), torch.tensor([0, 1])).shape == (2, 1, size, size)
    d = SRResNetBackbone(image_size=size, channels=1, widths=(4, 4, 4), kernels=(4, 4, 3),
                         blocks=(0, 1, 0))  # fmt: skip
    assert d(torch.randn(2, 1, size, size)).shape == (2, d.out_dim)
    info = InfoGANGenerator(SPACE, nz=4, image_size=size, channels=1, widths=(4, 4))
    assert info(torch.randn(2, 4), torch.tensor([0, 1])).shape == (2, 1, size, size)


def test_default_layouts():
    assert [doublings(s) for s in (8, 16, 28, 48, 64, 96, 128)] == [1, 2, 2, 3, 4, 4, 5]
    assert doublings(27) == 0 and doublings(96, most=3) == 3
    assert [halvings(s) for s in (8, 28, 64, 256)] == [1, 3, 4, 6]
    assert default_widths(4, increasing=False) == (512, 256, 128, 64)
    assert default_widths(6, increasing=True) == (64, 128, 256, 512, 512, 512)
    # the old defaults are kept: 64 (4x4 first map) and 96 (6x6)
    assert DCGANGenerator(SPACE, image_size=96).first.block.conv.kernel_size == (6, 6)
    assert [b.conv.out_channels for b in DCGANBackbone(image_size=64).blocks] == [64, 128, 256, 512]


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: DCGANGenerator(SPACE, image_size=27),
         r"DCGANGenerator builds at even image sizes from 8 to 256 .*got image_size=27"),
        (lambda: DCGANGenerator(SPACE, image_size=300),
         r"DCGANGenerator builds at image sizes from 8 to 256, got image_size=300"),
        (lambda: DCGANGenerator(SPACE, image_size=28, widths=(8, 8, 8)),
         r"image_size 28 is not first_size \* 2 \*\* 3 .* allows at most 2 widths"),
        (lambda: DCGANGenerator(SPACE, image_size=64, widths=(8, 8, 8), first_size=4),
         r"first_size \* 2 \*\* len\(widths\) == 64"),
        (lambda: DCGANBackbone(image_size=7),
         r"DCGANBackbone builds at image sizes from 8 to 256, got image_size=7"),
        (lambda: DCGANBackbone(image_size=8, widths=(4, 4, 4, 4, 4)),
         r"shrink a 8x8 image below 1x1 \(after conv 4\); use at most 3 widths"),
        (lambda: InfoGANGenerator(SPACE, image_size=30),
         r"InfoGANGenerator .* multiples of 4 from 8 to 256, got image_size=30"),
        (lambda: SRResNetGenerator(SPACE, image_size=28, num_upsamples=3),
         r"image_size 28 must be divisible by 2 \*\* num_upsamples \(8\); 28 allows "
         r"num_upsamples <= 2"),
        (lambda: SRResNetBackbone(image_size=8, widths=(4,) * 4, kernels=(4,) * 4, blocks=(0,) * 4),
         r"shrink a 8x8 image below 1x1 \(at stage 4\); use at most 3 stages"),
    ],
)  # fmt: skip
def test_unsupported_sizes_name_the_size_and_what_is_supported(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_size_must_be_an_int():
    with pytest.raises(TypeError, match="image_size must be an int, got float"):
        DCGANBackbone(image_size=32.0)
