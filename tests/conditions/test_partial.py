"""Partial conditions: attributes left free, filled from the data's distribution or uniformly."""

from __future__ import annotations

import pytest
import torch

from condgan.conditions import MultiCategorical
from condgan.conditions.multi_categorical import FREE
from condgan.data import EmpiricalSampler

SPACE = MultiCategorical({"hair": ["blonde", "blue", "red"], "eyes": ["brown", "green"]})


def test_parse_partial_forms():
    assert SPACE.parse_partial("blue hair").tolist() == [1, FREE]
    assert SPACE.parse_partial("green eyes").tolist() == [FREE, 1]
    assert SPACE.parse_partial({"eyes": "brown"}).tolist() == [FREE, 0]
    assert SPACE.parse_partial([None, "green"]).tolist() == [FREE, 1]
    assert SPACE.parse_partial("red hair brown eyes").tolist() == [2, 0]
    assert SPACE.encode_partial(["blue hair", "green eyes"]).tolist() == [[1, FREE], [FREE, 1]]


def test_parse_partial_errors():
    with pytest.raises(ValueError, match="cannot read 'purple'"):
        SPACE.parse_partial("purple hair")
    with pytest.raises(ValueError, match="unknown attribute"):
        SPACE.parse_partial({"nose": "big"})
    with pytest.raises(ValueError, match="at least one attribute"):
        SPACE.parse_partial([None, None])
    with pytest.raises(ValueError, match="does not give attribute"):
        SPACE.parse("blue hair")  # a full condition is still required by parse


def test_complete_keeps_given_values_and_is_uniform_without_prior():
    partial = torch.tensor([[1, FREE]] * 4000)
    y = SPACE.complete(partial, generator=torch.Generator().manual_seed(0))
    assert (y[:, 0] == 1).all()
    share = float((y[:, 1] == 1).float().mean())
    assert abs(share - 0.5) < 0.03
    SPACE.validate(y)


def test_complete_follows_the_joint_distribution_of_the_data():
    # in the data, blue hair always comes with green eyes; red hair with brown
    prior = torch.tensor([[1, 1]] * 30 + [[2, 0]] * 10)
    y = SPACE.complete(torch.tensor([[1, FREE], [2, FREE], [FREE, 0]] * 50), prior=prior)
    assert (y[0::3, 1] == 1).all() and (y[1::3, 1] == 0).all() and (y[2::3, 0] == 2).all()


def test_complete_falls_back_to_marginals_when_no_row_agrees():
    prior = torch.tensor([[1, 1]] * 9 + [[2, 1]])
    y = SPACE.complete(torch.tensor([[0, FREE]] * 200), prior=prior)
    assert (y[:, 0] == 0).all() and (y[:, 1] == 1).all()  # eyes are always green in the data


def test_empirical_sampler_completes():
    prior = torch.tensor([[0, 0], [1, 1]])
    sampler = EmpiricalSampler(prior, SPACE)
    y = sampler.complete(torch.tensor([[FREE, 1], [0, FREE]]))
    assert y.tolist() == [[1, 1], [0, 0]]


def test_complete_checks_shapes_and_values():
    with pytest.raises(ValueError, match=r"partial must have shape \(B, 2\)"):
        SPACE.complete(torch.tensor([1, FREE]))
    with pytest.raises(ValueError, match="partial"):
        SPACE.complete(torch.tensor([[5, FREE]]))
