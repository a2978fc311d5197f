"""Critic heads: closed forms, shapes, errors; the Critic wrapper."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import Categorical, MultiCategorical, MultiLabel, OneHot, Text
from condgan.heads import (
    AdversarialHead,
    ConcatAdversarialHead,
    Critic,
    InfoHead,
    MultiClassHead,
    MultiLabelHead,
    ProjectionHead,
    SpatialConcatHead,
    auxiliary_head,
    has_spectral_norm,
)
from condgan.types import CriticOutput, InfoOutput

from testing_support import ADL, ICLEVR

F_DIM = 6


class LinearBackbone(nn.Module):
    """Flatten + one linear layer: h = W vec(x) + c."""

    space = None

    def __init__(self, size: int = 4, channels: int = 1) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = size, channels, F_DIM
        self.linear = nn.Linear(channels * size * size, F_DIM)

    def forward(self, x, y=None):
        return self.linear(x.flatten(1))


def _critic(space, head):
    return Critic(LinearBackbone(), adversarial=head, space=space)


def test_projection_closed_form_categorical():
    space = Categorical(5)
    head = ProjectionHead(F_DIM, space)
    critic = _critic(space, head)
    x, y = torch.randn(7, 1, 4, 4), torch.tensor([0, 1, 2, 3, 4, 0, 3])
    h = critic.backbone(x)
    w, b, V = head.linear.weight[0], head.linear.bias, head.embed.weight  # V: (F, 5)
    expected = h @ w + b + (V[:, y].T * h).sum(1)
    torch.testing.assert_close(critic(x, y).adv, expected)


def test_projection_closed_form_sums_over_attributes():
    space = MultiCategorical(ADL)
    head = ProjectionHead(F_DIM, space)
    x, y = torch.randn(5, 1, 4, 4), space.sample(5)
    out = _critic(space, head)(x, y)
    h = out.features
    V = head.embed.weight
    expected = h @ head.linear.weight[0] + head.linear.bias
    for a, offset in enumerate(space.offsets()):
        expected = expected + (V[:, offset + y[:, a]].T * h).sum(1)
    torch.testing.assert_close(out.adv, expected)


def test_projection_closed_form_sums_over_active_labels():
    space = MultiLabel(ICLEVR, max_labels=3)
    head = ProjectionHead(F_DIM, space)
    x, y = torch.randn(5, 1, 4, 4), space.sample(5)
    out = _critic(space, head)(x, y)
    h, V = out.features, head.embed.weight
    expected = h @ head.linear.weight[0] + head.linear.bias
    extra = torch.stack(
        [sum(((V[:, j] * h[i]).sum() for j in y[i].nonzero()[:, 0]), h.new_zeros(()))
         for i in range(5)]
    )  # fmt: skip
    torch.testing.assert_close(out.adv, expected + extra)


def test_projection_closed_form_text_is_a_linear_map():
    space = Text(8)
    head = ProjectionHead(F_DIM, space)
    x, y = torch.randn(5, 1, 4, 4), space.sample(5)
    out = _critic(space, head)(x, y)
    h = out.features
    expected = h @ head.linear.weight[0] + head.linear.bias + ((y @ head.embed.weight.T) * h).sum(1)
    torch.testing.assert_close(out.adv, expected)


def test_adversarial_and_concat_heads():
    h = torch.randn(3, F_DIM)
    plain = AdversarialHead(F_DIM, bias=False)
    torch.testing.assert_close(plain(h), h @ plain.linear.weight[0])
    space = MultiCategorical(ADL)
    concat = ConcatAdversarialHead(F_DIM, OneHot(space))
    y = space.sample(3)
    full = torch.cat([h, space.to_vector(y)], 1)
    torch.testing.assert_close(concat(h, y), full @ concat.net.weight[0] + concat.net.bias)
    mlp = ConcatAdversarialHead(F_DIM, OneHot(space), hidden=4)
    assert mlp(h, y).shape == (3,)


def test_spatial_concat_head_matching_aware_depends_on_the_pair():
    space = Text(8)
    from condgan.conditions import Projection

    head = SpatialConcatHead((2, 2, 2), Projection(space, 4), hidden=5)
    h = torch.randn(4, 8)
    y = space.sample(4)
    right, wrong = head(h, y), head(h, y.roll(1, dims=0))
    assert right.shape == (4,) and not torch.allclose(right, wrong)


def test_auxiliary_heads_shapes():
    h = torch.randn(3, F_DIM)
    mc = auxiliary_head(F_DIM, MultiCategorical(ADL))
    assert isinstance(mc, MultiClassHead)
    assert [t.shape for t in mc(h)] == [(3, 6), (3, 4), (3, 3), (3, 2)]
    cat = auxiliary_head(F_DIM, Categorical(5))
    assert [t.shape for t in cat(h)] == [(3, 5)]
    ml = auxiliary_head(F_DIM, MultiLabel(ICLEVR))
    assert isinstance(ml, MultiLabelHead) and ml(h).shape == (3, 24)
    with pytest.raises(TypeError, match="no auxiliary classifier head for Text"):
        auxiliary_head(F_DIM, Text(4))
    with pytest.raises(TypeError, match="MultiLabelHead needs a space whose aux_head_dims is an"):
        MultiLabelHead(F_DIM, Categorical(3))


def test_info_head():
    head = InfoHead(F_DIM, categorical=(6, 4), continuous=2, hidden=5)
    out = head(torch.randn(3, F_DIM))
    assert isinstance(out, InfoOutput)
    assert [c.shape for c in out.categorical] == [(3, 6), (3, 4)]
    assert out.mean.shape == (3, 2) and out.log_scale.shape == (3, 2)
    no_scale = InfoHead(F_DIM, continuous=1, predict_log_scale=False)(torch.randn(2, F_DIM))
    assert no_scale.log_scale is None and no_scale.categorical == []
    with pytest.raises(ValueError, match="at least one categorical or continuous code"):
        InfoHead(F_DIM)


def test_critic_output_and_batch_stats():
    space = MultiCategorical(ADL)
    critic = Critic(
        LinearBackbone(),
        adversarial=ProjectionHead(F_DIM, space),
        auxiliary=MultiClassHead(F_DIM, space),
        info=InfoHead(F_DIM, categorical=(3,)),
    )
    assert critic.space == space and not critic.has_batch_stats
    out = critic(torch.randn(2, 1, 4, 4), space.sample(2))
    assert isinstance(out, CriticOutput) and out.features.shape == (2, F_DIM)
    assert len(out.aux) == 4 and out.info.categorical[0].shape == (2, 3)
    assert critic.joint_pass_exact
    critic.backbone.bn = nn.BatchNorm1d(F_DIM)
    assert critic.has_batch_stats and not critic.joint_pass_exact


@pytest.mark.parametrize("style", ["parametrization", "hook"])
def test_spectral_norm_makes_the_joint_pass_inexact(style):
    """Two training forwards advance the power iteration twice, a joint one once: the
    trainer must keep two passes for a spectral-norm critic."""
    space = MultiCategorical(ADL)
    critic = Critic(LinearBackbone(), adversarial=ProjectionHead(F_DIM, space))
    wrap = (torch.nn.utils.parametrizations.spectral_norm if style == "parametrization"
            else torch.nn.utils.spectral_norm)  # fmt: skip
    lin = critic.backbone.linear
    assert not has_spectral_norm(lin)
    with torch.no_grad():  # two close singular values: the power iteration converges slowly
        q1, _ = torch.linalg.qr(torch.randn(F_DIM, F_DIM))
        q2, _ = torch.linalg.qr(torch.randn(16, F_DIM))
        s = torch.tensor([1.0, 0.99, 0.5, 0.4, 0.3, 0.2])
        lin.weight.copy_(q1 @ torch.diag(s) @ q2.T)
    wrap(lin)
    assert has_spectral_norm(lin) and not critic.has_batch_stats
    assert not critic.joint_pass_exact
    # a fresh u (registration runs 15 iterations, so sigma has already converged)
    u = lin.parametrizations.weight[0]._u if style == "parametrization" else lin.weight_u
    with torch.no_grad():
        u.copy_(torch.nn.functional.normalize(torch.randn_like(u), dim=0))
    # and it is really inexact: one pass over [a, b] is not two passes over a and b
    a, b = torch.randn(2, 1, 4, 4), torch.randn(2, 1, 4, 4)
    ya, yb = space.sample(2), space.sample(2)
    state = {k: v.clone() for k, v in critic.state_dict().items()}
    joint = critic(torch.cat([a, b]), torch.cat([ya, yb])).adv
    critic.load_state_dict(state)
    two = torch.cat([critic(a, ya).adv, critic(b, yb).adv])
    assert not torch.allclose(joint, two, rtol=0, atol=1e-7)


def test_head_errors():
    head = ProjectionHead(F_DIM, Categorical(3))
    with pytest.raises(ValueError, match=r"h must have shape \(B, 6\), got \(2, 5\)"):
        head(torch.randn(2, 5), torch.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"y must have shape \(B,\)"):
        head(torch.randn(2, F_DIM), torch.tensor([[0], [1]]))
    with pytest.raises(ValueError, match="different condition spaces"):
        Critic(LinearBackbone(), adversarial=head, auxiliary=MultiClassHead(F_DIM, Categorical(4)))
    with pytest.raises(TypeError, match="backbone must have an int attribute 'out_dim'"):
        Critic(nn.Identity(), adversarial=head)


def test_contrastive_head_and_extra_heads():
    from condgan.heads import ContrastiveHead

    space = MultiCategorical(ADL)
    head = ContrastiveHead(F_DIM, space, dim=5)
    h, y = torch.randn(3, F_DIM), space.sample(3)
    embed, *proxies = head(h, y)
    assert embed.shape == (3, 5) and len(proxies) == 4
    # each proxy is its attribute's table row of the sample's value
    for a, (table, p) in enumerate(zip(head.proxies, proxies)):
        assert torch.equal(p, table.weight[y[:, a]])
    critic = Critic(
        LinearBackbone(size=4, channels=1),
        adversarial=AdversarialHead(F_DIM),
        extra_heads={"embed": head, "twin": auxiliary_head(F_DIM, space)},
    )
    out = critic(torch.randn(3, 1, 4, 4), y)
    assert set(out.extras) == {"embed", "twin"} and critic.space == space
    with pytest.raises(TypeError, match="cannot be read as categorical attributes"):
        ContrastiveHead(F_DIM, Text(4))
    with pytest.raises(TypeError, match=r"extra_heads\['x'\] must be an nn.Module"):
        Critic(LinearBackbone(), adversarial=AdversarialHead(F_DIM), extra_heads={"x": 3})
