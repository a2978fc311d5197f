"""Gradient penalties: linear-critic closed forms, gradcheck, bf16 autocast, lazy schedule,
modules and errors (weight clipping is the trainer's ``clip_value``)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.losses import DRAGAN, R1, WGANGP
from condgan.losses import functional as LF
from condgan.types import CriticOutput


def _linear(w: torch.Tensor):
    return lambda x: x.flatten(1) @ w.to(x.dtype)


@pytest.mark.parametrize("batch", [1, 3, 17])
def test_linear_critic_closed_forms(batch):
    g = torch.Generator().manual_seed(batch)
    w = torch.randn(2 * 3 * 3, generator=g)
    f = _linear(w)
    real, fake = torch.randn(batch, 2, 3, 3, generator=g), torch.randn(batch, 2, 3, 3, generator=g)
    norm = w.norm()
    assert torch.allclose(LF.wgan_gp(f, real, fake, generator=g), (norm - 1) ** 2, rtol=1e-5)
    assert torch.allclose(LF.r1(f, real), norm**2, rtol=1e-5)
    assert torch.allclose(LF.dragan(f, real, generator=g), (norm - 1) ** 2, rtol=1e-5)
    assert torch.allclose(LF.gradient_penalty(f, real, center=2.0), (norm - 2) ** 2, rtol=1e-5)


def test_norm_is_per_sample_not_batch_wide():
    # f(x) = sum_i s_i * x_i . w with a per-sample slope: per-sample norms |s_i| ||w||
    w = torch.tensor([3.0, 4.0])  # ||w|| = 5
    s = torch.tensor([1.0, 2.0])

    def f(x):
        return (x @ w) * s

    x = torch.zeros(2, 2)
    expected = ((5 * s - 1) ** 2).mean()  # (4^2 + 9^2) / 2 = 48.5
    assert LF.gradient_penalty(f, x).item() == pytest.approx(expected.item())
    assert LF.r1(f, x).item() == pytest.approx(((5 * s) ** 2).mean().item())


class _Tiny(nn.Module):
    def __init__(self, dtype=torch.float32, size=4):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1, dtype=dtype)
        self.fc = nn.Linear(4 * size * size, 1, dtype=dtype)

    def forward(self, x):
        return self.fc(torch.tanh(self.conv(x)).flatten(1)).squeeze(1)


@pytest.mark.parametrize(
    "penalty",
    [
        lambda f, x, y: LF.wgan_gp(f, x, y, generator=torch.Generator().manual_seed(0)),
        lambda f, x, y: LF.dragan(f, x, generator=torch.Generator().manual_seed(0)),
        lambda f, x, y: LF.r1(f, x),
        lambda f, x, y: LF.gradient_penalty(f, x, center=0.5),
    ],
    ids=["wgan_gp", "dragan", "r1", "gradient_penalty"],
)
def test_gradcheck_float64(penalty):
    torch.manual_seed(0)
    net = _Tiny(torch.float64, size=2)
    x = torch.randn(2, 3, 2, 2, dtype=torch.float64)
    y = torch.randn(2, 3, 2, 2, dtype=torch.float64)
    w = net.fc.weight.detach().clone().requires_grad_(True)

    def fn(weight):
        def f(inp):
            h = torch.tanh(net.conv(inp)).flatten(1)
            return (h @ weight.T).squeeze(1) + net.fc.bias

        return penalty(f, x, y)

    assert fn(w).dtype == torch.float64
    assert torch.autograd.gradcheck(fn, (w,), eps=1e-6, atol=1e-5)


def test_penalty_backpropagates_to_critic_parameters():
    net = _Tiny()
    x = torch.randn(3, 3, 4, 4)
    LF.wgan_gp(net, x, torch.randn_like(x)).backward()
    assert net.conv.weight.grad is not None and net.conv.weight.grad.abs().sum() > 0
    assert x.grad is None  # the caller's inputs are left alone


@pytest.mark.parametrize("name", ["wgan_gp", "dragan", "r1"])
@pytest.mark.parametrize("input_dtype", [torch.float32, torch.bfloat16])
def test_bf16_autocast_matches_fp32(name, input_dtype):
    torch.manual_seed(1)
    net = _Tiny()
    real = torch.randn(4, 3, 4, 4).to(input_dtype)
    fake = torch.randn(4, 3, 4, 4).to(input_dtype)

    def run():
        g = torch.Generator().manual_seed(5)
        return {
            "wgan_gp": lambda: LF.wgan_gp(net, real, fake, generator=g),
            "dragan": lambda: LF.dragan(net, real, generator=g),
            "r1": lambda: LF.r1(net, real),
        }[name]()

    ref = run()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        got = run()
    assert got.dtype == torch.float32 and torch.isfinite(got)
    assert torch.allclose(got, ref, rtol=1e-4, atol=1e-6)


def test_critic_output_is_read_through_adv():
    w = torch.randn(8)
    x = torch.randn(3, 2, 4)

    def f(inp):
        return CriticOutput(adv=inp.flatten(1) @ w)

    assert torch.allclose(LF.r1(f, x), w.norm() ** 2, rtol=1e-5)


def test_device_free_generator_reproducible():
    net = _Tiny()
    x = torch.randn(3, 3, 4, 4)
    a = LF.dragan(net, x, generator=torch.Generator().manual_seed(2))
    b = LF.dragan(net, x, generator=torch.Generator().manual_seed(2))
    assert torch.equal(a, b)


# ------------------------------------------------------------------ modules --
def test_modules_equal_functions():
    net = _Tiny()
    real, fake = torch.randn(3, 3, 4, 4), torch.randn(3, 3, 4, 4)

    def gen():
        return torch.Generator().manual_seed(9)

    assert torch.equal(
        WGANGP()(net, real, fake, generator=gen()), LF.wgan_gp(net, real, fake, generator=gen())
    )
    assert torch.equal(
        DRAGAN(c=0.3)(net, real, generator=gen()), LF.dragan(net, real, c=0.3, generator=gen())
    )
    assert torch.equal(R1()(net, real), LF.r1(net, real))


def test_lazy_schedule():
    p = R1(every=4)
    assert [p.active(s) for s in range(6)] == [True, False, False, False, True, False]
    assert p.scale == 4.0
    assert WGANGP().active(7) and WGANGP().scale == 1.0


# ------------------------------------------------------------------- errors --
def test_penalty_errors():
    net = _Tiny()
    x = torch.randn(3, 3, 4, 4)
    with pytest.raises(ValueError, match=r"real and fake must have the same shape, got real "
                       r"\(3, 3, 4, 4\) and fake \(2, 3, 4, 4\)"):  # fmt: skip
        LF.wgan_gp(net, x, x[:2])
    with pytest.raises(ValueError, match=r"the critic f must map x \(3, 3, 4, 4\) to scores of "
                       r"shape \(3,\), got \(3, 1\)"):  # fmt: skip
        LF.r1(lambda v: net(v)[:, None], x)
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        LF.r1(net, torch.zeros(3, 3, 4, 4, dtype=torch.long))
    with pytest.raises(ValueError, match="every must be an int >= 1"):
        WGANGP(every=0)
    with pytest.raises(ValueError, match="WGANGP needs fake samples"):
        WGANGP()(net, x)
