"""Encoders: shapes, fixed-embedding determinism and frozenness, state_dict round trips."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import (
    Categorical,
    FixedEmbedding,
    LearnedEmbedding,
    MultiCategorical,
    MultiLabel,
    OneHot,
    Projection,
    Text,
)

from testing_support import all_spaces

SPACES = all_spaces()
IDS = [type(s).__name__ for s in SPACES]
FINITE = [s for s in SPACES if s.groups]


@pytest.mark.parametrize("space", SPACES, ids=IDS)
def test_one_hot_and_projection_shapes(space):
    y = space.sample(6)
    assert OneHot(space)(y).shape == (6, space.vector_dim) == (6, OneHot(space).out_dim)
    proj = Projection(space, 7)
    out = proj(y)
    assert out.shape == (6, proj.out_dim) == (6, 7)
    assert bool((out >= 0).all())  # ReLU by default
    linear = Projection(space, 7, act_layer=None)
    assert bool((linear(y) < 0).any())


@pytest.mark.parametrize("space", FINITE, ids=[type(s).__name__ for s in FINITE])
@pytest.mark.parametrize("cls", [FixedEmbedding, LearnedEmbedding])
def test_group_embedding_shape(space, cls):
    enc = cls(space, 16)
    y = space.sample(5)
    assert enc(y).shape == (5, 16 * len(space.groups)) == (5, enc.out_dim)


def test_fixed_embedding_picks_rows_per_attribute(adl_space):
    enc = FixedEmbedding(adl_space, 16, seed=7)
    y = torch.tensor([[4, 2, 1, 0]])
    out = enc(y)[0].reshape(4, 16)
    offsets = [0, 6, 10, 13]
    for a, (o, v) in enumerate(zip(offsets, y[0].tolist())):
        assert torch.equal(out[a], enc.table[o + v])


def test_fixed_embedding_sums_active_labels(iclevr_space):
    enc = FixedEmbedding(iclevr_space, 4, seed=0)
    y = iclevr_space.parse(["red cube", "gray sphere"])[None]
    assert torch.allclose(enc(y)[0], enc.table[1] + enc.table[8])


def test_fixed_embedding_same_seed_same_table(adl_space):
    a, b = FixedEmbedding(adl_space, 16, seed=3), FixedEmbedding(adl_space, 16, seed=3)
    c = FixedEmbedding(adl_space, 16, seed=4)
    assert torch.equal(a.table, b.table)
    assert not torch.equal(a.table, c.table)
    # drawn from N(0, 1)
    big = FixedEmbedding(MultiLabel([f"l{i}" for i in range(500)]), 64, seed=0).table
    assert abs(float(big.mean())) < 0.02 and abs(float(big.std()) - 1) < 0.02


def test_fixed_embedding_is_frozen_under_training(adl_space):
    model = nn.Sequential()
    model.enc = FixedEmbedding(adl_space, 16, seed=0)
    model.head = nn.Linear(64, 1)
    before = model.enc.table.clone()
    assert all(p is not model.enc.table for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    y = adl_space.sample(8)
    loss = model.head(model.enc(y)).pow(2).mean()
    loss.backward()
    opt.step()
    assert torch.equal(model.enc.table, before)
    assert "enc.table" in model.state_dict()


def test_fixed_embedding_state_dict_round_trip(adl_space):
    a = FixedEmbedding(adl_space, 16, seed=1)
    b = FixedEmbedding(adl_space, 16, seed=2)
    b.load_state_dict(a.state_dict())
    y = adl_space.sample(9)
    assert torch.equal(a(y), b(y))


def test_learned_embedding_trains(adl_space):
    enc = LearnedEmbedding(adl_space, 4)
    before = enc.table.detach().clone()
    opt = torch.optim.SGD(enc.parameters(), lr=1.0)
    enc(adl_space.sample(8)).sum().backward()
    opt.step()
    assert not torch.equal(enc.table.detach(), before)


def test_text_projection_matches_linear():
    space = Text(6)
    proj = Projection(space, 3)
    y = space.sample(4)
    expected = torch.relu(y @ proj.linear.weight.T + proj.linear.bias)
    assert torch.allclose(proj(y), expected)


def test_embedding_rejects_text():
    with pytest.raises(
        TypeError, match="FixedEmbedding needs a space with a finite vocabulary.*got Text"
    ):
        FixedEmbedding(Text(4), 8)


def test_encoder_rejects_wrong_y_shape(adl_space):
    with pytest.raises(ValueError, match=r"y must have shape \(B, 4\)"):
        OneHot(adl_space)(torch.zeros(3, dtype=torch.long))


def test_encoder_rejects_non_space():
    with pytest.raises(TypeError, match="space must be a ConditionSpace, got int"):
        OneHot(3)


def test_categorical_one_hot_values():
    enc = OneHot(Categorical(4))
    assert enc(torch.tensor([3, 0])).tolist() == [[0, 0, 0, 1], [1, 0, 0, 0]]


def test_multicategorical_one_hot_is_r1_vector(adl_space):
    assert OneHot(adl_space).out_dim == 15
    assert isinstance(adl_space, MultiCategorical)
