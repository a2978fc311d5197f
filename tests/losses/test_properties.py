"""Hypothesis properties of the adversarial losses, smoothing targets and penalties."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from condgan.losses import adversarial_loss, available_adversarial_losses
from condgan.losses import functional as LF

FINITE = st.floats(-50.0, 50.0, allow_nan=False, allow_infinity=False, width=32)


@st.composite
def pairs(draw):
    n = draw(st.integers(1, 16))
    real = draw(st.lists(FINITE, min_size=n, max_size=n))
    fake = draw(st.lists(FINITE, min_size=n, max_size=n))
    return torch.tensor(real), torch.tensor(fake)


@settings(max_examples=60, deadline=None)
@given(pairs())
def test_hinge_critic_loss_is_nonnegative(p):
    real, fake = p
    assert float(LF.hinge_d(real, fake)) >= 0.0


@settings(max_examples=60, deadline=None)
@given(pairs())
def test_wasserstein_critic_loss_changes_sign_on_swap(p):
    real, fake = p
    a, b = LF.wasserstein_d(real, fake), LF.wasserstein_d(fake, real)
    assert torch.allclose(a, -b, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 256),
    st.floats(-2.0, 2.0, allow_nan=False),
    st.floats(0.0, 2.0, allow_nan=False),
    st.integers(0, 2**31 - 1),
)
def test_smoothing_targets_stay_in_range(n, low, width, seed):
    high = low + width
    t = LF.smooth_targets(n, low, high, generator=torch.Generator().manual_seed(seed))
    assert t.shape == (n,)
    assert bool(((t >= low) & (t <= high)).all())


@pytest.mark.parametrize("name", available_adversarial_losses())
@settings(max_examples=30, deadline=None)
@given(p=pairs())
def test_adversarial_terms_finite(name, p):
    real, fake = p
    loss = adversarial_loss(name)
    for value in (loss.critic(real, fake), loss.generator(fake), loss.critic_fake(fake)):
        assert bool(torch.isfinite(value))


@settings(max_examples=30, deadline=None)
@given(pairs(), st.floats(0.0, 1.3, allow_nan=False), st.floats(0.0, 0.3, allow_nan=False))
def test_smoothed_bce_finite(p, rt, ft):
    real, fake = p
    assert bool(torch.isfinite(LF.nonsaturating_d(real, fake, real_target=rt, fake_target=ft)))
    assert bool(torch.isfinite(LF.nonsaturating_g(fake, minimax=True)))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.integers(0, 10_000), st.floats(0.0, 3.0, allow_nan=False))
def test_penalties_finite_and_nonnegative(batch, seed, scale):
    g = torch.Generator().manual_seed(seed)
    w = scale * torch.randn(12, generator=g)

    def f(x):
        return torch.tanh(x.flatten(1) @ w)

    real, fake = torch.randn(batch, 3, 2, 2, generator=g), torch.randn(batch, 3, 2, 2, generator=g)
    for value in (
        LF.wgan_gp(f, real, fake, generator=g),
        LF.dragan(f, real, generator=g),
        LF.r1(f, real),
    ):
        assert bool(torch.isfinite(value)) and float(value.detach()) >= 0.0
