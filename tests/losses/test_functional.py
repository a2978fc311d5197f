"""Adversarial and auxiliary functions: closed forms on hand-made inputs, modules, errors."""

from __future__ import annotations

import math

import pytest
import torch

from condgan.losses import (
    Hinge,
    LeastSquares,
    NonSaturating,
    Wasserstein,
    adversarial_loss,
    available_adversarial_losses,
)
from condgan.losses import functional as LF
from condgan.types import CriticOutput

R = torch.tensor([2.0, -1.0, 0.5])
F_ = torch.tensor([-0.5, 1.5, 0.0])


def _log_sigmoid(v: float) -> float:
    return -math.log1p(math.exp(-v))


def _bce(s: float, t: float) -> float:
    return -(t * _log_sigmoid(s) + (1 - t) * _log_sigmoid(-s))


def test_nonsaturating_d_closed_form():
    expected = sum(_bce(r, 1.0) for r in R.tolist()) / 3
    expected += sum(_bce(f, 0.0) for f in F_.tolist()) / 3
    assert LF.nonsaturating_d(R, F_).item() == pytest.approx(expected, rel=1e-6)


def test_nonsaturating_d_tensor_targets():
    rt, ft = torch.tensor([0.7, 1.3, 1.0]), torch.tensor([0.0, 0.3, 0.1])
    expected = (
        sum(_bce(r, t) for r, t in zip(R.tolist(), rt.tolist())) / 3
        + sum(_bce(f, t) for f, t in zip(F_.tolist(), ft.tolist())) / 3
    )
    out = LF.nonsaturating_d(R, F_, real_target=rt, fake_target=ft)
    assert out.item() == pytest.approx(expected, rel=1e-6)


def test_nonsaturating_g_closed_forms():
    ns = sum(-_log_sigmoid(f) for f in F_.tolist()) / 3
    mm = sum(_log_sigmoid(-f) for f in F_.tolist()) / 3  # mean log(1 - sigmoid(f))
    assert LF.nonsaturating_g(F_).item() == pytest.approx(ns, rel=1e-6)
    assert LF.nonsaturating_g(F_, minimax=True).item() == pytest.approx(mm, rel=1e-6)


def test_lsgan_closed_forms():
    d = 0.5 * ((R - 1) ** 2).mean() + 0.5 * (F_**2).mean()
    assert torch.allclose(LF.lsgan_d(R, F_), d)
    assert torch.allclose(LF.lsgan_g(F_), 0.5 * ((F_ - 1) ** 2).mean())
    # custom targets a=-1, b=1, c=0 and scale 1 (plain MSE)
    d2 = ((R - 1) ** 2).mean() + ((F_ + 1) ** 2).mean()
    assert torch.allclose(LF.lsgan_d(R, F_, a=-1.0, b=1.0, scale=1.0), d2)
    assert torch.allclose(LF.lsgan_g(F_, c=0.0, scale=1.0), (F_**2).mean())


def test_wasserstein_and_hinge_closed_forms():
    assert LF.wasserstein_d(R, F_).item() == pytest.approx(F_.mean().item() - R.mean().item())
    assert LF.wasserstein_g(F_).item() == pytest.approx(-F_.mean().item())
    # hinge: relu(1 - [2, -1, .5]) = [0, 2, .5]; relu(1 + [-.5, 1.5, 0]) = [.5, 2.5, 1]
    assert LF.hinge_d(R, F_).item() == pytest.approx(2.5 / 3 + 4.0 / 3)
    assert LF.hinge_g(F_).item() == pytest.approx(-F_.mean().item())


@pytest.mark.parametrize(
    ("fn", "halves"),
    [
        (LF.nonsaturating_d, lambda r, f: LF.nonsaturating_d(r, f) - LF.nonsaturating_d_fake(f)),
        (LF.lsgan_d, lambda r, f: LF.lsgan_d(r, f) - LF.lsgan_d_fake(f)),
        (LF.wasserstein_d, lambda r, f: LF.wasserstein_d(r, f) - LF.wasserstein_d_fake(f)),
        (LF.hinge_d, lambda r, f: LF.hinge_d(r, f) - LF.hinge_d_fake(f)),
    ],
)
def test_fake_half_depends_only_on_fake(fn, halves):
    # the real half is independent of the fakes
    assert torch.allclose(halves(R, F_), halves(R, F_ * 3 - 1), atol=1e-6)


@pytest.mark.parametrize(
    ("module", "d_fn", "g_fn"),
    [
        (NonSaturating(), LF.nonsaturating_d, LF.nonsaturating_g),
        (LeastSquares(), LF.lsgan_d, LF.lsgan_g),
        (Wasserstein(), LF.wasserstein_d, LF.wasserstein_g),
        (Hinge(), LF.hinge_d, LF.hinge_g),
    ],
)
def test_module_equals_function(module, d_fn, g_fn):
    real, fake = CriticOutput(adv=R), CriticOutput(adv=F_)
    assert torch.equal(module.critic(real, fake), d_fn(R, F_))
    assert torch.equal(module(R, F_), d_fn(R, F_))
    assert torch.equal(module.generator(fake), g_fn(F_))


def test_nonsaturating_module_options():
    m = NonSaturating(real_target=0.9, minimax=True)
    assert torch.equal(m.critic(R, F_), LF.nonsaturating_d(R, F_, real_target=0.9))
    assert torch.equal(m.generator(F_), LF.nonsaturating_g(F_, minimax=True))
    # random smoothing draws the same targets as smooth_targets with the same seed
    m = NonSaturating(real_range=(0.7, 1.3), fake_range=(0.0, 0.3))
    g = torch.Generator().manual_seed(3)
    rt = LF.smooth_targets(3, 0.7, 1.3, generator=g)
    ft = LF.smooth_targets(3, 0.0, 0.3, generator=g)
    expected = LF.nonsaturating_d(R, F_, real_target=rt, fake_target=ft)
    got = m.critic(R, F_, generator=torch.Generator().manual_seed(3))
    assert torch.equal(got, expected)


def test_lsgan_module_factor():
    m = LeastSquares(a=0.0, b=1.0, c=1.0, scale=0.5)
    assert torch.allclose(m.critic_fake(F_), 0.5 * (F_**2).mean())


@pytest.mark.parametrize("name", available_adversarial_losses())
def test_registry_builds_every_name(name):
    loss = adversarial_loss(name)
    value = loss.critic(R, F_)
    assert value.shape == () and torch.isfinite(value)
    assert torch.isfinite(loss.generator(F_))
    assert torch.isfinite(loss.critic_fake(F_))


def test_registry_unknown_name():
    with pytest.raises(ValueError, match=r"unknown adversarial loss 'wgan_gp'; known: \["):
        adversarial_loss("wgan_gp")


def test_smooth_targets_range_and_determinism():
    a = LF.smooth_targets(1000, 0.7, 1.3, generator=torch.Generator().manual_seed(0))
    b = LF.smooth_targets(1000, 0.7, 1.3, generator=torch.Generator().manual_seed(0))
    assert torch.equal(a, b) and a.shape == (1000,) and a.dtype == torch.float32
    assert float(a.min()) >= 0.7 and float(a.max()) <= 1.3
    assert float(a.std()) > 0.1  # actually random, not a constant


def test_bf16_logits_give_float32_losses():
    out = LF.nonsaturating_d(R.bfloat16(), F_.bfloat16())
    assert out.dtype == torch.float32


# ------------------------------------------------------------------ errors --
def test_real_fake_batch_mismatch():
    with pytest.raises(
        ValueError,
        match=r"real_logits and fake_logits must have the same shape \(B,\), got "
        r"real_logits \(3,\) and fake_logits \(2,\)",
    ):
        LF.wasserstein_d(R, F_[:2])


def test_logits_must_be_per_sample():
    with pytest.raises(ValueError, match=r"fake_logits must have shape \(B,\).*got \(3, 1\)"):
        LF.hinge_g(F_[:, None])
    with pytest.raises(TypeError, match="real_logits must be a torch.Tensor"):
        LF.hinge_d([1.0], F_)
    with pytest.raises(TypeError, match="floating-point tensor, got dtype torch.int64"):
        LF.nonsaturating_g(torch.tensor([1, 2]))


def test_bad_targets():
    with pytest.raises(ValueError, match=r"real_target must be a float or a tensor of shape "
                       r"\(3,\).*got shape \(2,\)"):  # fmt: skip
        LF.nonsaturating_d(R, F_, real_target=torch.ones(2))
    with pytest.raises(ValueError, match="fake_target must be finite, got nan"):
        LF.nonsaturating_d(R, F_, fake_target=float("nan"))
    with pytest.raises(TypeError, match="real_target must be a number, got str"):
        LF.nonsaturating_d(R, F_, real_target="1")
    with pytest.raises(ValueError, match="low must be <= high, got low=1.3 > high=0.7"):
        LF.smooth_targets(4, 1.3, 0.7)
    with pytest.raises(ValueError, match="scale must be >= 0, got -1"):
        LF.lsgan_g(F_, scale=-1.0)
    with pytest.raises(ValueError, match=r"real_range must have low <= high"):
        NonSaturating(real_range=(1.3, 0.7))
