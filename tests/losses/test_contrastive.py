"""D2D-CE and 2C: closed forms on tiny tensors, gradients, module == function, a term
per attribute, multi-label, devices/dtypes, errors."""

from __future__ import annotations

import math

import pytest
import torch

from condgan.conditions import MultiCategorical, MultiLabel
from condgan.losses import D2DCE, ConditionalContrastive, Objective
from condgan.losses import functional as LF
from condgan.types import CriticOutput

from devices import DEVICES, DTYPES, tolerance
from testing_support import ADL, ICLEVR

E = torch.tensor([[1.0, 0.0], [0.0, 1.0]])


def test_2c_closed_forms():
    # same class: both numerator and denominator hold the proxy and the other sample
    assert LF.conditional_contrastive(E, E, torch.tensor([0, 0])).item() == pytest.approx(0.0)
    # different classes, orthogonal: -log(e / (e + 1)) for each sample
    got = LF.conditional_contrastive(E, E, torch.tensor([0, 1]))
    assert got.item() == pytest.approx(math.log1p(math.exp(-1.0)))
    hot = LF.conditional_contrastive(E, E, torch.tensor([0, 1]), temperature=0.5)
    assert hot.item() == pytest.approx(math.log1p(math.exp(-2.0)))
    # scale does not matter: the vectors are normalised
    torch.testing.assert_close(LF.conditional_contrastive(3 * E, E, torch.tensor([0, 1])), got)


def test_d2d_ce_closed_forms():
    labels = torch.tensor([0, 1])
    # p_i = 1 >= m_p: no pull; s_ij = 0 <= m_n: no push; -log(1 / 2)
    assert LF.d2d_ce(E, E, labels).item() == pytest.approx(math.log(2.0))
    same_image = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    # s_12 = 1: push [1 - 0.02]_+ / 0.5 = 1.96
    got = LF.d2d_ce(same_image, same_image, labels)
    assert got.item() == pytest.approx(math.log1p(math.exp(1.96)))
    # same class: no negatives at all, and the proxy is close: zero
    assert LF.d2d_ce(same_image, same_image, torch.tensor([0, 0])).item() == pytest.approx(0.0)
    # far from the proxy: pull [0 - 0.98]_- / 0.5 = -1.96 against one push of 0
    far = LF.d2d_ce(E, E.flip(1), labels)
    assert far.item() == pytest.approx(1.96 + math.log(math.exp(-1.96) + 1.0))


@pytest.mark.parametrize("fn", [LF.d2d_ce, LF.conditional_contrastive])
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradients_devices_dtypes(fn, device, dtype):
    g = torch.Generator().manual_seed(0)
    embed, proxy = torch.randn(8, 5, generator=g), torch.randn(8, 5, generator=g)
    labels = torch.randint(0, 3, (8,), generator=g)
    expected = fn(embed, proxy, labels)
    e = embed.to(device, dtype).requires_grad_(True)
    p = proxy.to(device, dtype).requires_grad_(True)
    got = fn(e, p, labels.to(device))
    assert got.dtype == torch.float32 and got.device.type == device
    torch.testing.assert_close(got.cpu(), expected, **tolerance(dtype))
    got.backward()
    assert e.grad is not None and p.grad is not None and bool(e.grad.abs().sum() > 0)


def _critic_output(space, b=6, dim=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    embed = torch.randn(b, dim, generator=g)
    proxies = [torch.randn(b, dim, generator=g) for _ in space.class_sizes]
    return CriticOutput(adv=torch.zeros(b), extras={"embed": [embed, *proxies]})


@pytest.mark.parametrize("term", [D2DCE(), ConditionalContrastive(temperature=0.7)])
def test_module_equals_function_per_attribute(term):
    space = MultiCategorical(ADL)
    y_real, y_fake = space.sample(6), space.sample(6)
    o_real, o_fake = _critic_output(space, seed=1), _critic_output(space, seed=2)
    objective = Objective("hinge", space=space, terms=[(term, 0.5)])
    d = objective.critic_loss(
        lambda x, y: o_real, torch.zeros(6, 1), y_real, torch.zeros(6, 1), y_fake,
        out_real=o_real, out_fake=o_fake,
    )  # fmt: skip
    embed, *proxies = o_real.extras["embed"]
    kwargs = term._kwargs()
    parts = [type(term).fn(embed, p, y_real[:, a], **kwargs) for a, p in enumerate(proxies)]
    torch.testing.assert_close(d.terms[term.name], sum(parts))
    assert d.weights[term.name] == 0.5
    for a, name in enumerate(ADL):
        torch.testing.assert_close(d.terms[f"{term.name}/{name}"], parts[a])
    g = objective.generator_loss(lambda x, y: o_fake, torch.zeros(6, 1), y_fake, out_fake=o_fake)
    embed_f, *proxies_f = o_fake.extras["embed"]
    expected = sum(
        type(term).fn(embed_f, p, y_fake[:, a], **kwargs) for a, p in enumerate(proxies_f)
    )
    torch.testing.assert_close(g.terms[term.name], expected)


def test_multilabel_is_a_binary_attribute_per_label():
    space = MultiLabel(ICLEVR, max_labels=3)
    y = space.sample(6)
    out = _critic_output(space)
    objective = Objective("hinge", space=space, terms=[D2DCE()])
    g = objective.generator_loss(lambda x, y: out, torch.zeros(6, 1), y, out_fake=out)
    assert len([k for k in g.terms if k.startswith("d2dce/")]) == 24
    embed, *proxies = out.extras["embed"]
    torch.testing.assert_close(
        g.terms["d2dce/red cube"], LF.d2d_ce(embed, proxies[1], y[:, 1].long())
    )


def test_errors():
    with pytest.raises(ValueError, match=r"proxy must have embed's shape \(2, 2\)"):
        LF.d2d_ce(E, torch.zeros(3, 2), torch.tensor([0, 1]))
    with pytest.raises(TypeError, match="labels must be a torch.long tensor"):
        LF.conditional_contrastive(E, E, torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="temperature must be > 0, got 0"):
        LF.conditional_contrastive(E, E, torch.tensor([0, 1]), temperature=0.0)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        D2DCE(temperature=-1.0)
    space = MultiCategorical(ADL)
    y = space.sample(2)
    bare = CriticOutput(adv=torch.zeros(2))
    objective = Objective("hinge", space=space, terms=[ConditionalContrastive()])
    with pytest.raises(ValueError, match=r"the critic's output has no extras\['embed'\]"):
        objective.generator_loss(lambda x, y: bare, torch.zeros(2, 1), y, out_fake=bare)
