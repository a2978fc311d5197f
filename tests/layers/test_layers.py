"""Layer constructors, blocks, spectral norm and weight init."""

from __future__ import annotations

import functools

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

from condgan.conditions import ConditionalBatchNorm2d
from condgan.layers import (
    ConvBlock,
    ConvTransposeToMap,
    LinearToMap,
    PixelShuffleUp,
    ResidualBlock,
    UpConvBlock,
    apply_norm,
    check_images,
    init_weights,
    is_conditional,
    leaky_relu,
    sn_conv2d,
    sn_conv_transpose2d,
    sn_linear,
    spectral_norm,
    transposed_padding,
)

from devices import DEVICES, DTYPES, tolerance


@pytest.mark.parametrize(("k", "expected"), [(4, (1, 0)), (5, (2, 1)), (3, (1, 1))])
def test_transposed_padding_doubles(k, expected):
    assert transposed_padding(k) == expected
    block = UpConvBlock(2, 3, k)
    assert block(torch.randn(1, 2, 5, 5)).shape == (1, 3, 10, 10)


def test_spectral_norm_bounds_the_largest_singular_value():
    torch.manual_seed(0)
    lin = sn_linear(8, 8)
    with torch.no_grad():
        lin.parametrizations.weight.original.mul_(10)
        for _ in range(30):
            lin(torch.randn(1, 8))
    sigma = torch.linalg.matrix_norm(lin.weight.detach(), ord=2)
    assert sigma == pytest.approx(1.0, abs=1e-2)
    assert parametrize.is_parametrized(sn_conv2d(3, 4, 3), "weight")
    assert parametrize.is_parametrized(sn_conv_transpose2d(3, 4, 3), "weight")
    with pytest.raises(TypeError, match="must be an nn.Module with a weight"):
        spectral_norm(nn.ReLU())


def test_init_weights_dcgan():
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(64, 64, 3), nn.BatchNorm2d(64), sn_linear(256, 256),
        ConditionalBatchNorm2d(4, 3),
    )  # fmt: skip
    init_weights(net, std=0.02)
    assert net[0].weight.std().item() == pytest.approx(0.02, rel=0.05)
    assert net[0].bias.abs().max() == 0
    assert net[1].weight.mean().item() == pytest.approx(1.0, abs=0.01)
    assert net[2].parametrizations.weight.original.std().item() == pytest.approx(0.02, rel=0.05)
    assert net[3].gamma.weight.abs().max() == 0  # left at its identity start
    with pytest.raises(ValueError, match="std must be a positive number, got -1"):
        init_weights(net, std=-1)


def test_blocks_shapes_and_conditional_norm():
    c = torch.randn(2, 5)
    block = ConvBlock(
        3, 4, 3, 1, 1, norm_layer=functools.partial(ConditionalBatchNorm2d, cond_dim=5),
        act_layer=nn.ReLU, dropout=0.5, dropout_layer=nn.Dropout2d,
    )  # fmt: skip
    assert block(torch.randn(2, 3, 8, 8), c).shape == (2, 4, 8, 8)
    with pytest.raises(ValueError, match="is conditional and needs the encoded condition c"):
        block(torch.randn(2, 3, 8, 8))
    res = ResidualBlock(4, norm_layer=None, act_layer=nn.LeakyReLU, post_act=True)
    assert res(torch.randn(2, 4, 6, 6)).shape == (2, 4, 6, 6)
    up = PixelShuffleUp(4, 6)
    assert up.conv.out_channels == 24 and up(torch.randn(2, 4, 3, 3)).shape == (2, 6, 6, 6)
    with pytest.raises(ValueError, match="dropout must be in"):
        ConvBlock(3, 4, 3, dropout=1.5)
    with pytest.raises(ValueError, match="kernel_size must be odd"):
        ResidualBlock(4, 4)


def test_to_map_blocks_and_apply_norm():
    c = torch.randn(2, 5)
    cbn = functools.partial(ConditionalBatchNorm2d, cond_dim=5)
    for first in (ConvTransposeToMap, LinearToMap):
        block = first(6, 4, 3, norm_layer=cbn)
        assert block(torch.randn(2, 6), c).shape == (2, 4, 3, 3)
        with pytest.raises(ValueError, match="is conditional and needs the encoded condition c"):
            block(torch.randn(2, 6))
    assert LinearToMap(6, 4, 3).linear.out_features == 4 * 3 * 3
    assert ConvTransposeToMap(6, 4, 3).block.conv.kernel_size == (3, 3)
    bn = nn.BatchNorm2d(4)
    h = torch.randn(2, 4, 3, 3)
    assert torch.equal(apply_norm(bn, h, None), bn(h))
    assert is_conditional(cbn(4)) and not is_conditional(bn)
    act = leaky_relu()
    assert isinstance(act, nn.LeakyReLU) and act.negative_slope == 0.2


@pytest.mark.parametrize("name", ["conv", "up", "residual", "shuffle", "to_map"])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_blocks_on_device_and_dtype(name, device, dtype):
    torch.manual_seed(0)
    block, x = {
        "conv": (ConvBlock(3, 4, 3, 1, 1, norm_layer=nn.BatchNorm2d, act_layer=nn.ReLU),
                 torch.randn(2, 3, 8, 8)),
        "up": (UpConvBlock(3, 4, 4, norm_layer=nn.BatchNorm2d), torch.randn(2, 3, 4, 4)),
        "residual": (ResidualBlock(4), torch.randn(2, 4, 6, 6)),
        "shuffle": (PixelShuffleUp(4, 2), torch.randn(2, 4, 3, 3)),
        "to_map": (ConvTransposeToMap(6, 4, 4, norm_layer=nn.BatchNorm2d), torch.randn(2, 6)),
    }[name]  # fmt: skip
    ref = block.eval()(x)
    block = block.to(device=device, dtype=dtype)
    out = block(x.to(device=device, dtype=dtype))
    assert out.dtype == dtype and out.device.type == device
    torch.testing.assert_close(out.float().cpu(), ref, **_tolerance(device, dtype))


def test_check_images_messages():
    x = torch.randn(2, 3, 8, 8)
    assert check_images(x, channels=3, size=8) is x
    with pytest.raises(ValueError, match=r"img must have shape \(B, 3, 8, 8\), got \(3, 8, 8\)"):
        check_images(x[0], channels=3, size=8, name="img")
    with pytest.raises(TypeError, match="x must be a torch.Tensor of images, got list"):
        check_images([1], channels=3, size=8)


def _tolerance(device: str, dtype: torch.dtype) -> dict[str, float]:
    """:func:`devices.tolerance`, loosened for float32 convs on CUDA (TF32 by default)."""
    if device == "cuda" and dtype == torch.float32:
        return {"rtol": 1e-3, "atol": 1e-3}
    return tolerance(dtype)
