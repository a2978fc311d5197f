"""Diversity within each condition: closed forms, grouping, and a collapsed generator flagged."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import Categorical, MultiCategorical
from condgan.metrics import Evaluator
from condgan.metrics.diversity import (
    COLLAPSE_THRESHOLD,
    collapse_warning,
    condition_groups,
    diversity_from_features,
    diversity_ratio,
    mean_pairwise_distance,
    per_condition_diversity,
)


def cloud(n: int, seed: int, dim: int = 6) -> torch.Tensor:
    return torch.randn(n, dim, generator=torch.Generator().manual_seed(seed))


def test_mean_pairwise_distance_and_ratio_closed_forms():
    x = torch.tensor([[0.0, 0.0], [3.0, 4.0], [0.0, 0.0]])
    assert mean_pairwise_distance(x) == pytest.approx(10.0 / 3)  # 5, 0, 5
    real = cloud(50, 0)
    assert diversity_ratio(real, real) == pytest.approx(1.0)
    assert diversity_ratio(real, 0.5 * real) == pytest.approx(0.5)
    assert diversity_ratio(real, real[:1].repeat(20, 1)) == 0.0
    with pytest.raises(ValueError, match="no spread"):
        diversity_ratio(torch.ones(4, 2), real)
    with pytest.raises(ValueError, match=r"\(N >= 2, F\)"):
        mean_pairwise_distance(torch.ones(1, 2))


def test_the_warning_is_one_line_below_the_threshold():
    assert COLLAPSE_THRESHOLD == 0.3
    text = collapse_warning(0.12)
    assert text.startswith(
        "condgan: warning: samples collapse within conditions (diversity ratio 0.12 < 0.3)"
    )
    assert "\n" not in text
    assert collapse_warning(0.3) is None and collapse_warning(None) is None


def test_groups_are_whole_conditions_of_either_side():
    y_r = torch.tensor([[0, 1], [0, 1], [1, 0]])
    y_f = torch.tensor([[1, 1], [0, 1]])
    groups = condition_groups(y_r, y_f)
    got = {tuple(c.tolist()): (int(mr.sum()), int(mf.sum())) for c, mr, mf in groups}
    assert got == {(0, 1): (2, 1), (1, 0): (1, 0), (1, 1): (0, 1)}


SPACE = Categorical(3, names=["red", "green", "blue"])


def labelled_cloud(n_per: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Three well separated clusters, one per class, ``n_per`` points each."""
    y = torch.arange(3).repeat_interleave(n_per)
    centres = torch.eye(6)[:3] * 20
    return centres[y] + cloud(len(y), seed), y


def test_real_against_real_is_about_one_and_a_collapse_is_zero():
    real, y = labelled_cloud(60, 0)
    other, y2 = labelled_cloud(60, 1)
    r = diversity_from_features(real, y, other, y2, SPACE, k=5)
    assert r.grouping == "condition" and r.n_groups == 3
    assert r.ratio == pytest.approx(1.0, abs=0.1) and not r.collapsed and r.warning() is None
    assert r.recall > 0.8 and r.coverage > 0.8 and r.precision > 0.8
    assert set(r.per_value) == {"red", "green", "blue"}
    assert all(0.8 < cd.ratio < 1.2 and cd.fid is not None for cd in r.per_value.values())
    collapsed = torch.eye(6)[:3][y2] * 20  # one point per class: the noise ignored
    c = diversity_from_features(real, y, collapsed, y2, SPACE, k=5)
    assert c.ratio == 0.0 and c.collapsed and c.recall == 0.0
    assert c.warning().startswith("condgan: warning: samples collapse within conditions")
    assert "ratio" not in str(c.summary().get("per_value", "")) and "per_value" not in c.summary()


def test_the_per_value_pool_serves_when_whole_conditions_do_not_repeat():
    space = MultiCategorical({"a": ["0", "1"], "b": ["0", "1", "2", "3", "4"]})
    y_r = torch.tensor([[i % 2, i % 5] for i in range(10)])  # each whole condition once
    y_f = torch.tensor([[i % 2, (i + 1) % 5] for i in range(10)])
    r = diversity_from_features(cloud(10, 0), y_r, cloud(10, 1), y_f, space, k=2, min_count=3)
    assert r.grouping == "value" and r.n_groups == 7 and r.ratio is not None
    assert r.per_value["1 a"].recall is not None  # 5 images a side: PRDC with k = 2
    assert r.per_value["1 b"].recall is None and r.per_value["1 b"].ratio is not None  # 2 a side
    tiny = diversity_from_features(cloud(3, 0), y_r[:3], cloud(3, 1), y_f[:3], space, k=5)
    assert tiny.precision is None and tiny.intra_fid is None  # too small: no figure, no error


def test_mismatched_rows_are_refused():
    with pytest.raises(ValueError, match="real must be"):
        diversity_from_features(cloud(4, 0), torch.zeros(3, dtype=torch.long), cloud(4, 1),
                                torch.zeros(4, dtype=torch.long), SPACE)  # fmt: skip


class FixedPerCondition(nn.Module):
    """Ignores its noise: one flat colour per class (a complete collapse)."""

    def __init__(self, space):
        super().__init__()
        self.space = space
        self.w = nn.Parameter(torch.zeros(1))

    def sample(self, y, generator=None):
        colours = torch.tensor([[0.8, -0.8, -0.8], [-0.8, 0.8, -0.8], [-0.8, -0.8, 0.8]])
        return colours[y][:, :, None, None].expand(-1, -1, 16, 16) + 0 * self.w


class NoisyPerCondition(FixedPerCondition):
    """The same colours with per-image texture: as varied as the 'real' data below."""

    def sample(self, y, generator=None):
        base = super().sample(y)
        return (base + 0.5 * torch.randn(base.shape, generator=generator)).clamp(-1, 1)


@pytest.fixture(scope="module")
def judge():
    torch.manual_seed(0)
    return Evaluator(SPACE, widths=(8, 8, 16, 16), input_size=16, name="tiny").eval()


def test_a_generator_that_ignores_its_noise_is_flagged(judge, tmp_path):
    y = torch.arange(3).repeat(20)
    real = NoisyPerCondition(SPACE).sample(y, generator=torch.Generator().manual_seed(9))
    opts = dict(evaluator=judge, cache_dir=tmp_path, k=3)
    bad = per_condition_diversity(FixedPerCondition(SPACE), real, y, **opts)
    assert bad.ratio < COLLAPSE_THRESHOLD and bad.collapsed and bad.recall < 0.1
    assert "diversity ratio 0.00 < 0.3" in bad.warning()
    good = per_condition_diversity(NoisyPerCondition(SPACE), real, y, **opts)
    assert good.ratio == pytest.approx(1.0, abs=0.25) and good.warning() is None
    assert good.features == "domain" and good.grouping == "condition" and good.n_groups == 3
