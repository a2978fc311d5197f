"""The i-CLEVR rule and per-space accuracy figures."""

from __future__ import annotations

import pytest
import torch

from condgan.conditions import Categorical, MultiCategorical, MultiLabel
from condgan.metrics import (
    accuracy_from_scores,
    accuracy_per_combination,
    conditional_accuracy,
    iclevr_accuracy,
    iclevr_hits,
)

from testing_support import ADL, ICLEVR


def course_rule(out: torch.Tensor, onehot_labels: torch.Tensor) -> float:
    """The course's evaluator code, verbatim in spirit (loops and topk)."""
    acc = total = 0
    for i in range(out.size(0)):
        k = int(onehot_labels[i].sum().item())
        total += k
        _, outi = out[i].topk(k)
        _, li = onehot_labels[i].topk(k)
        acc += sum(1 for j in outi if j in li)
    return acc / total


def multi_hot(rows: list[list[int]], n: int = 24) -> torch.Tensor:
    y = torch.zeros(len(rows), n)
    for r, idx in enumerate(rows):
        y[r, idx] = 1
    return y


def test_hand_made_k1_to_k3():
    labels = multi_hot([[3], [0, 5], [1, 2, 23]])
    scores = torch.zeros(3, 24)
    scores[0, 3] = 0.9  # k=1: hit
    scores[1, 0], scores[1, 7] = 0.8, 0.9  # k=2: top-2 = {7, 0}: one hit
    scores[2, [1, 2, 4]] = torch.tensor([0.7, 0.6, 0.95])  # k=3: top-3 = {4, 1, 2}: two hits
    assert iclevr_hits(scores, labels).tolist() == [1, 1, 2]
    assert iclevr_accuracy(scores, labels) == pytest.approx(4 / 6)
    assert iclevr_accuracy(scores, labels) == pytest.approx(course_rule(scores, labels))


def test_ties_inside_and_outside_the_top_k_do_not_matter():
    labels = multi_hot([[2, 9], [4]])
    scores = torch.full((2, 24), 0.1)  # every other index tied far below
    scores[0, [2, 9]] = 0.8  # the two true ones tied with each other
    scores[1, 4] = 0.5
    assert iclevr_accuracy(scores, labels) == 1.0 == course_rule(scores, labels)


def test_tie_at_the_boundary_goes_to_the_lower_index():
    labels = multi_hot([[5], [3]])
    scores = torch.zeros(2, 24)
    scores[0, [5, 11]] = 0.9  # tie: lower index 5 is true -> hit
    scores[1, [1, 3]] = 0.9  # tie: lower index 1 is false -> miss
    assert iclevr_hits(scores, labels).tolist() == [1, 0]


def test_matches_the_course_loop_on_random_untied_cases():
    g = torch.Generator().manual_seed(3)
    space = MultiLabel(ICLEVR, max_labels=3)
    labels = space.sample(200, generator=g)
    scores = torch.rand(200, 24, generator=g) + 0.3 * labels
    assert iclevr_accuracy(scores, labels) == pytest.approx(course_rule(scores, labels))


def test_perfect_and_zero():
    labels = multi_hot([[0, 1], [2]])
    assert iclevr_accuracy(labels.clone(), labels) == 1.0
    assert iclevr_accuracy(1 - labels, labels) == 0.0


@pytest.mark.parametrize(
    ("scores", "labels", "match"),
    [
        (torch.zeros(2, 24), torch.zeros(2, 23), "shape of scores"),
        (torch.zeros(24), torch.zeros(24), r"shape \(B, n\)"),
        (torch.zeros(1, 24), torch.full((1, 24), 0.5), "multi-hot"),
        (torch.zeros(1, 24), torch.zeros(1, 24), "at least one 1"),
        (torch.full((1, 24), float("nan")), multi_hot([[1]]), "finite"),
        (torch.zeros(0, 24), torch.zeros(0, 24), "at least one image"),
    ],
)
def test_bad_input(scores, labels, match):
    with pytest.raises(ValueError, match=match):
        iclevr_accuracy(scores, labels)


def test_bad_types():
    with pytest.raises(TypeError, match="torch.Tensors"):
        iclevr_accuracy([[0.1]], torch.ones(1, 1))
    with pytest.raises(TypeError, match="float"):
        iclevr_accuracy(torch.ones(1, 2, dtype=torch.long), torch.ones(1, 2))


def test_categorical_figures(adl_space):
    y = torch.tensor([[0, 1, 2, 0], [5, 3, 0, 1]])
    scores = adl_space.to_vector(y).clone()
    scores[1, 6 + 3] = -1  # second image: eye wrong (argmax goes to the first eye value)
    out = accuracy_from_scores(adl_space, scores, y)
    assert out["per_attribute"] == {"hair": 1.0, "eye": 0.5, "face": 1.0, "glasses": 1.0}
    assert out["all_correct"] == 0.5
    assert out["accuracy"] == pytest.approx(3.5 / 4)


def test_single_categorical():
    space = Categorical(3)
    out = accuracy_from_scores(space, torch.eye(3), torch.tensor([0, 1, 1]))
    assert out["per_attribute"] == {"class": pytest.approx(2 / 3)}


def test_multilabel_figures(iclevr_space):
    y = multi_hot([[0, 1], [2]])
    scores = y.clone()
    scores[0, 1], scores[0, 5] = 0, 1
    out = accuracy_from_scores(iclevr_space, scores, y)
    assert out["accuracy"] == pytest.approx(2 / 3) and out["exact"] == 0.5


def test_wrong_scores_shape_and_space(adl_space):
    y = adl_space.sample(4)
    with pytest.raises(ValueError, match=r"scores must have shape \(B, 15\)"):
        accuracy_from_scores(adl_space, torch.zeros(4, 14), y)
    from condgan.conditions import Text

    with pytest.raises(TypeError, match="not defined for Text"):
        accuracy_from_scores(Text(4), torch.zeros(2, 4), torch.zeros(2, 4))


class OracleEvaluator(torch.nn.Module):
    """Reads the condition from the image's mean colour (for end-to-end tests)."""

    def __init__(self, space, table):
        super().__init__()
        self.space, self.table = space, table
        self.dummy = torch.nn.Parameter(torch.zeros(1))

    def forward(self, images):
        return self.table[images.float().mean(dim=(1, 2, 3)).round().long()]


def test_conditional_accuracy_with_heldout_split():
    space = MultiCategorical({"a": ["x", "y"], "b": ["p", "q"]})
    combos = space.combinations()  # 4 combinations
    table = space.to_vector(combos)
    y = combos.repeat(3, 1)
    images = torch.arange(4).repeat(3).float()[:, None, None, None].expand(-1, 3, 4, 4).clone()
    images[y[:, 0] == 1] = 0.0  # images for a=y look like combination 0 (a=x): 'a' wrong there
    ev = OracleEvaluator(space, table)
    out = conditional_accuracy(ev, images, y, heldout=combos[:1])
    assert out["per_attribute"]["a"] == 0.5 and out["per_attribute"]["b"] < 1.0
    assert out["heldout"]["all_correct"] == 1.0 and out["heldout"]["n"] == 3
    assert out["seen"]["n"] == 9
    per = accuracy_per_combination(ev, images, y)
    assert per["x a q b"]["all_correct"] == 1.0 and per["y a q b"]["all_correct"] == 0.0
    assert sum(v["n"] for v in per.values()) == 12 and len(per) == 4


def test_conditional_accuracy_errors(adl_space):
    ev = OracleEvaluator(adl_space, torch.zeros(1, 15))
    with pytest.raises(ValueError, match="images hold 2 images but y has 3"):
        conditional_accuracy(ev, torch.zeros(2, 3, 8, 8), adl_space.sample(3))
    with pytest.raises(ValueError, match=r"images must have shape \(B, 3, H, W\)"):
        conditional_accuracy(ev, torch.zeros(3, 8, 8), adl_space.sample(3))


def test_adl_fixture_is_used(adl_space):
    assert adl_space.attributes == ADL
