"""Condition samplers, grids and held-out-combination splits."""

from __future__ import annotations

import pytest
import torch

from condgan.data import (
    EmpiricalSampler,
    UniformSampler,
    anime_space,
    cartoon_space,
    combination_grid,
    heldout_combinations,
    iclevr_space,
    split_by_combinations,
)


def test_empirical_sampler_draws_only_the_data_sets_rows():
    space = cartoon_space()
    y = space.encode(
        [
            "blue hair green eye Asian face with glasses",
            "white hair black eye African face without glasses",
        ]
    )
    out = EmpiricalSampler(y, space).sample(200, generator=torch.Generator().manual_seed(0))
    assert out.shape == (200, 4)
    rows = {tuple(r) for r in out.tolist()}
    assert rows == {tuple(r) for r in y.tolist()}
    with pytest.raises(ValueError, match="at least one condition"):
        EmpiricalSampler(y[:0], space)


def test_uniform_sampler_covers_every_combination_evenly():
    space = anime_space(2018)
    out = UniformSampler(space).sample(12000, generator=torch.Generator().manual_seed(0))
    counts = torch.unique(out, dim=0, return_counts=True)[1]
    assert len(counts) == 120
    assert int(counts.min()) > 60 and int(counts.max()) < 140


def test_uniform_sampler_over_iclevr_sets():
    out = UniformSampler(iclevr_space()).sample(50)
    iclevr_space().validate(out)


def test_combination_grid_of_the_cartoon_space():
    grid = combination_grid(cartoon_space(), repeats=2)
    assert grid.shape == (288, 4)
    assert len({tuple(r) for r in grid[:144].tolist()}) == 144
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        combination_grid(cartoon_space(), repeats=0)


def test_heldout_combinations_keep_every_value_seen():
    space = cartoon_space()
    seen, unseen = heldout_combinations(space, 0.25, seed=1)
    assert len(seen) + len(unseen) == 144 and len(unseen) == 36
    assert not {tuple(r) for r in seen.tolist()} & {tuple(r) for r in unseen.tolist()}
    for a, size in enumerate(space.sizes):
        assert set(seen[:, a].tolist()) == set(range(size))
    again = heldout_combinations(space, 0.25, seed=1)[1]
    assert torch.equal(unseen, again)
    with pytest.raises(ValueError, match=r"fraction must be in \(0, 1\)"):
        heldout_combinations(space, 1.0)


def test_split_by_combinations_selects_rows():
    space = cartoon_space()
    _, unseen = heldout_combinations(space, 0.1, seed=0)
    y = torch.cat([unseen[:3], space.combinations()[:5]])
    seen_idx, unseen_idx = split_by_combinations(y, unseen)
    assert unseen_idx[:3].tolist() == [0, 1, 2]
    assert sorted(seen_idx.tolist() + unseen_idx.tolist()) == list(range(8))
    labels = iclevr_space().combinations()[:10]
    s, u = split_by_combinations(labels, labels[2:4])
    assert u.tolist() == [2, 3] and len(s) == 8
