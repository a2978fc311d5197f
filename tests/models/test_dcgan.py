"""The DCGAN family assembled from parts: fusion points, conditional norms, sizes, errors,
and every family's forward on each device and dtype."""

from __future__ import annotations

import functools

import pytest
import torch
from torch import nn

from condgan.conditions import (
    Categorical,
    ConditionalBatchNorm2d,
    FixedEmbedding,
    HiddenConcat,
    InputConcat,
    MultiCategorical,
)
from condgan.layers import LinearToMap, sn_conv2d
from condgan.models import (
    DCGANBackbone,
    DCGANGenerator,
    InfoGANGenerator,
    SRResNetBackbone,
    SRResNetGenerator,
)

from devices import DEVICES, DTYPES, tolerance
from testing_support import ADL


def _n(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def test_fusion_modules_size_the_next_layer():
    space = MultiCategorical(ADL)
    enc = FixedEmbedding(space, 4)  # 4 attributes x 4 = 16
    g = DCGANGenerator(
        space, encoder=enc, nz=8, image_size=32, widths=(16, 8, 8),
        fusion={0: InputConcat(), 2: HiddenConcat()},
    )  # fmt: skip
    assert g.first.block.conv.in_channels == 8 + 16
    assert [b.conv.in_channels for b in g.blocks] == [16, 8 + 16, 8]
    assert g.fusion_points == {0: "InputConcat", 2: "HiddenConcat"}
    assert g(torch.randn(3, 8), space.sample(3)).shape == (3, 3, 32, 32)
    # without input fusion z alone enters; the condition still enters after block 2
    z_only = DCGANGenerator(space, encoder=enc, nz=8, image_size=32, widths=(16, 8, 8),
                            fusion={2: HiddenConcat()})  # fmt: skip
    assert z_only.first.block.conv.in_channels == 8


def test_conditional_norm_in_chosen_blocks_only():
    space = Categorical(5)
    cbn = functools.partial(ConditionalBatchNorm2d, cond_dim=5)
    g = DCGANGenerator(space, nz=4, image_size=32, widths=(8, 8, 8),
                       norm_layer=[cbn, nn.BatchNorm2d, cbn])  # fmt: skip
    kinds = [type(g.first.block.norm).__name__] + [type(b.norm).__name__ for b in g.blocks[:-1]]
    assert kinds == ["ConditionalBatchNorm2d", "BatchNorm2d", "ConditionalBatchNorm2d"]
    assert g.blocks[-1].norm is None
    assert g(torch.randn(2, 4), torch.tensor([0, 4])).shape == (2, 3, 32, 32)


def test_layer_constructors_reach_the_blocks():
    space = Categorical(3)
    g = DCGANGenerator(space, nz=4, image_size=32, widths=(8, 8, 8), first_block=LinearToMap,
                       act_layer=nn.ELU, norm_layer=None, bias=False)  # fmt: skip
    assert isinstance(g.first, LinearToMap) and g.first.norm is None
    assert isinstance(g.blocks[0].act, nn.ELU) and isinstance(g.blocks[-1].act, nn.Tanh)
    assert all(b.conv.bias is None for b in g.blocks)
    d = DCGANBackbone(image_size=32, widths=(8, 16), conv_layer=sn_conv2d, act_layer=nn.ELU)
    assert all(hasattr(b.conv, "parametrizations") for b in d.blocks)
    assert isinstance(d.blocks[0].act, nn.ELU)


def test_dcgan_96_uses_a_6x6_first_block():
    gen = DCGANGenerator(Categorical(3), nz=4, image_size=96, widths=(8, 8, 8, 8))
    assert gen(torch.randn(2, 4), torch.tensor([0, 2])).shape == (2, 3, 96, 96)


def test_backbone_condition_channels():
    space = Categorical(4)
    from condgan.conditions import OneHot

    d = DCGANBackbone(image_size=32, widths=(8, 8), space=space, encoder=OneHot(space))
    assert d.blocks[0].conv.in_channels == 3 + 4
    assert d(torch.randn(2, 3, 32, 32), torch.tensor([1, 3])).shape == (2, d.out_dim)
    with pytest.raises(ValueError, match="concatenates the condition to the image; y is None"):
        d(torch.randn(2, 3, 32, 32))
    with pytest.raises(ValueError, match="pass space= too"):
        DCGANBackbone(image_size=32, widths=(8,), encoder=OneHot(space))


def test_bad_parts():
    space = Categorical(3)
    kw = {"image_size": 32, "widths": (8, 8, 8)}
    with pytest.raises(ValueError, match=r"fusion points must be ints in \[0, 3\]"):
        DCGANGenerator(space, fusion={4: HiddenConcat()}, **kw)
    with pytest.raises(TypeError, match=r"fusion\[1\] must be an nn.Module with an out_dim"):
        DCGANGenerator(space, fusion={1: nn.Identity()}, **kw)
    with pytest.raises(TypeError, match="encoder must be an nn.Module with an int out_dim"):
        DCGANGenerator(space, encoder=nn.Linear(3, 4), **kw)
    with pytest.raises(ValueError, match=r"dropout must be one value or 3 values"):
        DCGANGenerator(space, dropout=(0.5,), **kw)
    with pytest.raises(ValueError, match=r"norm_layer must be one value or 3 values"):
        DCGANGenerator(space, norm_layer=[nn.BatchNorm2d], **kw)
    with pytest.raises(ValueError, match="noise must be one of"):
        DCGANGenerator(space, noise="gamma", **kw)


# -- every family on each device and dtype ------------------------------------------------


def _families(space):
    return [
        DCGANGenerator(space, nz=8, image_size=32, widths=(16, 8, 8),
                       fusion={0: InputConcat(), 1: HiddenConcat()}),
        SRResNetGenerator(space, nz=8, image_size=32, width=8, num_blocks=1, num_upsamples=2),
        InfoGANGenerator(space, nz=8, image_size=32, widths=(8, 8), categorical=(3,)),
    ]  # fmt: skip


@pytest.mark.parametrize("family", [0, 1, 2], ids=["dcgan", "srresnet", "infogan"])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_generators_on_device_and_dtype(family, device, dtype):
    space = Categorical(4)
    g = _families(space)[family].to(device=device, dtype=dtype).eval()
    y = torch.tensor([0, 1, 3], device=device)
    z = torch.randn(3, g.nz, device=device, dtype=dtype)
    x = g(z, y)
    assert x.shape == (3, 3, 32, 32) and x.dtype == dtype and x.device.type == device
    assert torch.isfinite(x.float()).all() and x.abs().max() <= 1


@pytest.mark.parametrize("kind", ["dcgan", "srresnet"])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_backbones_on_device_and_dtype(kind, device, dtype):
    torch.manual_seed(0)
    if kind == "dcgan":
        net = DCGANBackbone(image_size=32, widths=(8, 16), norm_layer=nn.BatchNorm2d)
    else:
        net = SRResNetBackbone(image_size=32, widths=(8, 8), kernels=(4, 3), blocks=(1, 0))
    x = torch.randn(2, 3, 32, 32)
    ref = net.eval()(x)
    net = net.to(device=device, dtype=dtype)
    out = net(x.to(device=device, dtype=dtype))
    assert out.shape == (2, net.out_dim) and out.dtype == dtype
    torch.testing.assert_close(out.float().cpu(), ref, **_tolerance(device, dtype))


def _tolerance(device: str, dtype: torch.dtype) -> dict[str, float]:
    """:func:`devices.tolerance`, loosened for float32 convs on CUDA (TF32 by default)."""
    if device == "cuda" and dtype == torch.float32:
        return {"rtol": 1e-3, "atol": 1e-3}
    return tolerance(dtype)
