"""Precision, recall, density and coverage: closed forms and the k-NN radii."""

from __future__ import annotations

import pytest
import torch

from condgan.metrics.precision_recall import kth_neighbour_radii, prdc


def cloud(n: int, seed: int, dim: int = 8) -> torch.Tensor:
    return torch.randn(n, dim, generator=torch.Generator().manual_seed(seed))


def test_identical_sets_score_one_everywhere():
    x = cloud(100, 0)
    p = prdc(x, x.clone(), k=5)
    assert (p.precision, p.recall, p.coverage) == (1.0, 1.0, 1.0)
    # no ties: each real ball holds its centre and k - 1 others, so density is exactly 1
    assert p.density == pytest.approx(1.0, abs=1e-12)
    assert (p.k, p.n_real, p.n_fake) == (5, 100, 100)


def test_two_samples_of_one_distribution_score_near_one():
    p = prdc(cloud(400, 1), cloud(400, 2), k=5)
    assert p.precision > 0.8 and p.recall > 0.8 and p.coverage > 0.8
    assert 0.7 < p.density < 1.3


def test_a_collapsed_set_has_no_recall():
    real = cloud(100, 3)
    fake = real[:1].repeat(50, 1)  # every sample the same (a real) point
    p = prdc(real, fake, k=5)
    assert p.recall == 0.0  # the generated radii are 0
    assert p.precision == 1.0  # that point is realistic
    assert p.coverage <= 6 / 100  # it sits in at most a few real balls


def test_disjoint_clusters_score_zero():
    real, fake = cloud(60, 4), cloud(60, 5) + 100.0
    p = prdc(real, fake, k=3)
    assert (p.precision, p.recall, p.density, p.coverage) == (0.0, 0.0, 0.0, 0.0)


def test_radii_are_the_kth_other_point_and_blocks_agree(monkeypatch):
    x = torch.tensor([[0.0], [1.0], [3.0], [7.0]])
    assert kth_neighbour_radii(x, 1).tolist() == [1.0, 1.0, 2.0, 4.0]
    assert kth_neighbour_radii(x, 2).tolist() == [3.0, 2.0, 3.0, 6.0]
    real, fake = cloud(50, 6), cloud(40, 7)
    whole = prdc(real, fake, k=4)
    monkeypatch.setattr("condgan.metrics.precision_recall.BLOCK", 7)
    assert prdc(real, fake, k=4) == whole


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="k must be an int >= 1, got 0"):
        prdc(cloud(10, 0), cloud(10, 1), k=0)
    with pytest.raises(ValueError, match="fake must hold more than k=5 rows, got 5"):
        prdc(cloud(10, 0), cloud(5, 1), k=5)
    with pytest.raises(ValueError, match=r"x must be \(N, F\) features"):
        kth_neighbour_radii(torch.zeros(10), 1)
    with pytest.raises(ValueError, match="same feature width"):
        prdc(cloud(10, 0, dim=3), cloud(10, 1, dim=4), k=2)
