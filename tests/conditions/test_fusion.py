"""Fusion: input concat, hidden concat and conditional batch norm."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from condgan.conditions import ConditionalBatchNorm2d, HiddenConcat, InputConcat, hidden_concat


def test_input_concat():
    z, c = torch.randn(3, 100), torch.randn(3, 64)
    out = InputConcat()(z, c)
    assert out.shape == (3, 164)
    assert torch.equal(out[:, :100], z) and torch.equal(out[:, 100:], c)


@settings(max_examples=25, deadline=None)
@given(b=st.integers(1, 5), ch=st.integers(1, 8), d=st.integers(1, 8), hw=st.integers(1, 9))
def test_hidden_concat_broadcasts(b, ch, d, hw):
    h, c = torch.randn(b, ch, hw, hw + 1), torch.randn(b, d)
    out = HiddenConcat()(h, c)
    assert out.shape == (b, ch + d, hw, hw + 1)
    assert torch.equal(out[:, :ch], h)
    for i in range(hw):
        for j in range(hw + 1):
            assert torch.equal(out[:, ch:, i, j], c)


def test_conditional_bn_constant_condition_equals_plain_bn():
    torch.manual_seed(0)
    cbn = ConditionalBatchNorm2d(5, 3)
    nn.init.normal_(cbn.gamma.weight)
    nn.init.normal_(cbn.gamma.bias)
    nn.init.normal_(cbn.beta.weight)
    nn.init.normal_(cbn.beta.bias)
    c0 = torch.randn(3)
    x = torch.randn(8, 5, 4, 4)
    bn = nn.BatchNorm2d(5)
    with torch.no_grad():
        bn.weight.copy_(1 + cbn.gamma(c0))
        bn.bias.copy_(cbn.beta(c0))
    c = c0.expand(8, 3)
    assert torch.allclose(cbn(x, c), bn(x), atol=1e-5)
    assert torch.allclose(cbn.bn.running_mean, bn.running_mean)
    cbn.eval()
    bn.eval()
    assert torch.allclose(cbn(x, c), bn(x), atol=1e-5)


def test_conditional_bn_starts_as_identity_affine():
    cbn = ConditionalBatchNorm2d(4, 6)
    x, c = torch.randn(10, 4, 3, 3), torch.randn(10, 6)
    assert torch.allclose(cbn(x, c), nn.BatchNorm2d(4, affine=False)(x), atol=1e-6)


def test_conditional_bn_is_per_sample():
    cbn = ConditionalBatchNorm2d(2, 2)
    with torch.no_grad():
        cbn.gamma.weight.copy_(torch.eye(2))
    x = torch.randn(2, 2, 3, 3)
    c = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
    normed = nn.BatchNorm2d(2, affine=False)(x)
    out = cbn(x, c)
    assert torch.allclose(out[0, 0], 2 * normed[0, 0], atol=1e-5)
    assert torch.allclose(out[1], normed[1], atol=1e-5)


def test_fusion_errors():
    with pytest.raises(ValueError, match="batch sizes differ: z has 3, c has 2"):
        InputConcat()(torch.randn(3, 4), torch.randn(2, 4))
    with pytest.raises(ValueError, match=r"h must have 4 dimensions, got shape \(3, 4\)"):
        hidden_concat(torch.randn(3, 4), torch.randn(3, 2))
    with pytest.raises(ValueError, match="x must have 5 channels, got 4"):
        ConditionalBatchNorm2d(5, 2)(torch.randn(2, 4, 3, 3), torch.randn(2, 2))
    with pytest.raises(ValueError, match="c must have 2 features, got 3"):
        ConditionalBatchNorm2d(4, 2)(torch.randn(2, 4, 3, 3), torch.randn(2, 3))
