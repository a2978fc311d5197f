"""The held-out split and the references drawn from it: seeded, stratified, duplicate-aware."""

from __future__ import annotations

import pytest
import torch

from condgan.data import HeldoutSplit, heldout_split, stratified_sample


def _sorted_labels() -> torch.Tensor:
    """12 hair colours x 10 eye colours, 20 rows per hair colour, sorted as a real tag file is."""
    g = torch.Generator().manual_seed(0)
    y = torch.stack(
        [torch.arange(12).repeat_interleave(20), torch.randint(0, 10, (240,), generator=g)], 1
    )
    return y[torch.argsort(y[:, 0] * 10 + y[:, 1])]


def test_split_is_disjoint_covering_and_keeps_every_colours_share():
    y = _sorted_labels()
    split = heldout_split(y, fraction=0.25, seed=0)
    assert torch.equal(
        torch.sort(torch.cat([split.train, split.heldout])).values, torch.arange(240)
    )
    assert torch.equal(torch.bincount(y[split.heldout, 0], minlength=12), torch.full((12,), 5))
    assert split.stratified


def test_split_is_seeded():
    y = _sorted_labels()
    a, b = heldout_split(y, seed=3), heldout_split(y, seed=3)
    assert torch.equal(a.heldout, b.heldout)
    assert not torch.equal(a.heldout, heldout_split(y, seed=4).heldout)


def test_groups_land_on_one_side_whole():
    y = torch.zeros(60, 1, dtype=torch.long)
    groups = torch.arange(60) // 3  # 20 groups of three copies
    split = heldout_split(y, fraction=0.3, seed=1, groups=groups)
    held = set(groups[split.heldout].tolist())
    assert held and held.isdisjoint(groups[split.train].tolist())
    assert len(split.heldout) == 3 * len(held)


def test_multi_hot_conditions_are_not_stratified():
    y = (torch.rand(50, 24) < 0.1).float()
    assert not heldout_split(y, fraction=0.2).stratified


def test_reference_sample_follows_the_pool_and_has_n_rows():
    y = _sorted_labels()
    pool = heldout_split(y, fraction=0.5, seed=0).heldout
    rows = stratified_sample(y, pool, 60, seed=2)
    assert len(rows) == 60 and set(rows.tolist()) <= set(pool.tolist())
    assert torch.equal(torch.bincount(y[rows, 0], minlength=12), torch.full((12,), 5))
    assert torch.equal(stratified_sample(y, pool, 10_000), torch.sort(pool).values)


def test_a_tiny_set_still_holds_out_one_row():
    split = heldout_split(torch.arange(5)[:, None], fraction=0.1)
    assert len(split.heldout) == 1 and len(split.train) == 4


def test_round_trip_through_a_dict():
    split = heldout_split(_sorted_labels(), seed=0, duplicates={"images": 240})
    back = HeldoutSplit.from_dict(split.to_dict())
    assert torch.equal(back.train, split.train) and torch.equal(back.heldout, split.heldout)
    assert back.duplicates == {"images": 240} and split.to_dict()["n_heldout"] == len(split.heldout)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: heldout_split(torch.zeros(4, 1), fraction=1.0), "fraction"),
        (lambda: heldout_split(torch.zeros(4, 1), groups=torch.zeros(3)), "groups"),
        (lambda: heldout_split(torch.zeros(1, 1)), "held out"),
        (lambda: stratified_sample(torch.zeros(4, 1), torch.arange(4), 0), "n must"),
        (lambda: stratified_sample(torch.zeros(4, 1), torch.arange(0), 2), "empty"),
    ],
)
def test_bad_arguments_are_rejected(call, match):
    with pytest.raises(ValueError, match=match):
        call()
