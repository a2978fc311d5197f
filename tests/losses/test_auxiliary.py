"""Auxiliary, InfoGAN and matching-aware terms; mismatched conditions for every space kind."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from condgan.conditions import Categorical, MultiLabel, Text
from condgan.losses import AuxiliaryLoss, InfoLoss, mismatched_conditions
from condgan.losses import functional as LF
from condgan.types import InfoCodes, InfoOutput

from testing_support import all_spaces


def test_attribute_cross_entropy_closed_form():
    z0 = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    z1 = torch.tensor([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    y = torch.tensor([[0, 2], [1, 0]])
    lse = math.log
    ce0 = (-(2 - lse(math.exp(2) + 1)) - (1 - lse(1 + math.e))) / 2
    ce1 = (lse(3) - (1 - lse(math.e + math.e**2 + math.e**3))) / 2
    parts = LF.attribute_cross_entropies([z0, z1], y)
    assert parts[0].item() == pytest.approx(ce0, rel=1e-6)
    assert parts[1].item() == pytest.approx(ce1, rel=1e-6)
    got = LF.attribute_cross_entropy([z0, z1], y, weights=[0.2, 3.0])
    assert got.item() == pytest.approx(0.2 * ce0 + 3.0 * ce1, rel=1e-6)


def test_multilabel_bce_closed_form():
    z = torch.tensor([[0.0, 2.0], [-1.0, 0.5]])
    y = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    sig = torch.sigmoid(z)
    expected = -(y * sig.log() + (1 - y) * (1 - sig).log()).mean()
    assert torch.allclose(LF.multilabel_bce(z, y), expected)


def test_gaussian_nll_and_mse_closed_forms():
    mu, target = torch.tensor([[0.0, 1.0]]), torch.tensor([[1.0, 1.0]])
    log_s = torch.tensor([[math.log(2.0), 0.0]])
    e0 = math.log(2.0) + 0.5 * (1 / 2) ** 2 + 0.5 * math.log(2 * math.pi)
    e1 = 0.0 + 0.0 + 0.5 * math.log(2 * math.pi)
    assert LF.gaussian_nll(mu, log_s, target).item() == pytest.approx((e0 + e1) / 2, rel=1e-6)
    assert LF.info_continuous(mu, target).item() == pytest.approx(0.5)
    assert LF.continuous_mse(mu, target).item() == pytest.approx(0.5)


def test_info_categorical_sums_codes():
    a, b = torch.randn(4, 3), torch.randn(4, 5)
    ca, cb = torch.tensor([0, 1, 2, 0]), torch.tensor([4, 3, 2, 1])
    expected = F.cross_entropy(a, ca) + F.cross_entropy(b, cb)
    assert torch.allclose(LF.info_categorical([a, b], [ca, cb]), expected)


def test_info_module_equals_functions():
    info = InfoOutput(
        categorical=[torch.randn(4, 3)], mean=torch.randn(4, 2), log_scale=torch.randn(4, 2)
    )
    codes = InfoCodes(categorical=[torch.tensor([0, 1, 2, 1])], continuous=torch.rand(4, 2))
    out = InfoLoss()(info, codes)
    assert torch.equal(out["info_cat"], LF.info_categorical(info.categorical, codes.categorical))
    assert torch.equal(
        out["info_cont"], LF.gaussian_nll(info.mean, info.log_scale, codes.continuous)
    )
    mse = InfoLoss(continuous="mse")(info, codes)["info_cont"]
    assert torch.equal(mse, LF.continuous_mse(info.mean, codes.continuous))
    with pytest.raises(ValueError, match="continuous='nll' needs the critic to predict log_scale"):
        InfoLoss(continuous="nll")(
            InfoOutput(mean=info.mean), InfoCodes(continuous=codes.continuous)
        )
    with pytest.raises(ValueError, match="categorical codes were given but the critic predicts no"):
        InfoLoss()(InfoOutput(mean=info.mean), codes)


def test_auxiliary_module_per_space(adl_space, iclevr_space):
    y = adl_space.sample(5)
    logits = [torch.randn(5, s) for s in adl_space.sizes]
    loss = AuxiliaryLoss(adl_space, weights={"hair": 2.0, "glasses": 0.0})
    total, parts = loss.breakdown(logits, y)
    assert list(parts) == adl_space.attribute_names
    expected = LF.attribute_cross_entropy(logits, y, weights=[2.0, 1.0, 1.0, 0.0])
    assert torch.allclose(total, expected) and torch.equal(loss(logits, y), total)

    y2 = iclevr_space.sample(5)
    z = torch.randn(5, 24)
    assert torch.equal(AuxiliaryLoss(iclevr_space)(z, y2), LF.multilabel_bce(z, y2))

    cat = Categorical(4)
    yc, zc = cat.sample(5), torch.randn(5, 4)
    assert torch.equal(AuxiliaryLoss(cat)([zc], yc), F.cross_entropy(zc, yc))

    text = Text(6)
    yt, zt = text.sample(5), torch.randn(5, 6)
    assert torch.equal(AuxiliaryLoss(text)(zt, yt), F.mse_loss(zt, yt))


def test_matching_aware_is_the_fake_half():
    s = torch.tensor([0.3, -2.0, 1.0])
    assert torch.equal(LF.matching_aware(s), LF.nonsaturating_d_fake(s))
    assert torch.equal(LF.matching_aware(s, LF.hinge_d_fake), F.relu(1 + s).mean())


@pytest.mark.parametrize("space", all_spaces(), ids=lambda s: type(s).__name__)
@pytest.mark.parametrize("seed", range(5))
def test_mismatched_conditions_differ_and_are_valid(space, seed):
    g = torch.Generator().manual_seed(seed)
    y = space.sample(64, generator=g)
    wrong = mismatched_conditions(space, y, generator=g)
    assert wrong.shape == y.shape and wrong.dtype == y.dtype
    space.validate(wrong)
    assert bool((wrong.reshape(64, -1) != y.reshape(64, -1)).any(dim=1).all())


def test_mismatched_conditions_cover_other_combinations():
    space = Categorical(4)
    y = torch.zeros(400, dtype=torch.long)
    wrong = mismatched_conditions(space, y, generator=torch.Generator().manual_seed(0))
    assert set(wrong.tolist()) == {1, 2, 3}


def test_mismatched_multilabel_edge_rows():
    space = MultiLabel(["a", "b", "c"], min_labels=0, max_labels=3)
    y = torch.tensor([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]).repeat(30, 1)
    for seed in range(5):
        wrong = mismatched_conditions(space, y, generator=torch.Generator().manual_seed(seed))
        space.validate(wrong)
        assert bool((wrong != y).any(dim=1).all())


def test_mismatched_text_without_vocabulary_is_a_derangement():
    space = Text(4)
    y = torch.arange(24.0).reshape(6, 4)
    wrong = mismatched_conditions(space, y, generator=torch.Generator().manual_seed(0))
    rows = [int(r[0]) // 4 for r in wrong]
    assert sorted(rows) == list(range(6)) and all(r != i for i, r in enumerate(rows))
    with pytest.raises(ValueError, match="needs a batch of >= 2, got 1"):
        mismatched_conditions(space, y[:1])


def test_mismatched_errors():
    with pytest.raises(ValueError, match="need a space with >= 2 conditions, got n=1"):
        mismatched_conditions(Categorical(1), torch.zeros(3, dtype=torch.long))
    with pytest.raises(TypeError, match="y must have dtype torch.long"):
        mismatched_conditions(Categorical(3), torch.zeros(3))


# ------------------------------------------------------------------ errors --
def test_auxiliary_errors(adl_space, iclevr_space):
    y = adl_space.sample(4)
    with pytest.raises(ValueError, match=r"aux must hold one logits tensor per attribute"):
        AuxiliaryLoss(adl_space)([torch.randn(4, 6)], y)
    with pytest.raises(ValueError, match=r"aux\[1\] \(attribute 'eye'\) must have shape \(B, 4\), "
                       r"got \(4, 5\)"):  # fmt: skip
        AuxiliaryLoss(adl_space)([torch.randn(4, s + (a == 1)) for a, s in
                                  enumerate(adl_space.sizes)], y)  # fmt: skip
    with pytest.raises(ValueError, match=r"logits\[0\] has batch 3 but y has batch 4"):
        AuxiliaryLoss(adl_space)([torch.randn(3, s) for s in adl_space.sizes], y)
    with pytest.raises(ValueError, match=r"y must have shape \(B, 24\), got \(4, 4\)"):
        AuxiliaryLoss(iclevr_space)(torch.randn(4, 24), y.float())
    with pytest.raises(ValueError, match=r"y must have the logits' shape \(4, 24\), got \(2, 24\)"):
        LF.multilabel_bce(torch.randn(4, 24), torch.zeros(2, 24))
    with pytest.raises(ValueError, match="the critic returned aux=None"):
        AuxiliaryLoss(iclevr_space)(None, torch.zeros(4, 24))
    with pytest.raises(ValueError, match=r"weights name unknown attributes \['hat'\]"):
        AuxiliaryLoss(adl_space, weights={"hat": 1.0})
    with pytest.raises(ValueError, match=r"weights\['eye'\] must be >= 0, got -1"):
        AuxiliaryLoss(adl_space, weights=[1.0, -1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="weights are per attribute and need a MultiCategorical"):
        AuxiliaryLoss(iclevr_space, weights=[1.0])
    with pytest.raises(ValueError, match=r"mean and target must have the same shape"):
        LF.info_continuous(torch.zeros(2, 3), torch.zeros(2, 2))
    with pytest.raises(ValueError, match=r"codes\[0\] must be a long tensor of shape \(4,\)"):
        LF.info_categorical([torch.randn(4, 3)], [torch.zeros(4)])
