"""Code-attribute alignment (``condgan.recipes.alignment``): closed forms and errors."""

from __future__ import annotations

import pytest
import torch

from condgan.recipes.alignment import best_matching, code_alignment


def test_best_matching_is_the_largest_one_to_one_total():
    assert best_matching([[1, 5], [4, 1]]) == [(0, 1), (1, 0)]
    # rectangular: 2 rows, 3 columns; rows matched to distinct columns
    assert best_matching([[1, 2, 9], [1, 8, 9]]) == [(0, 2), (1, 1)]
    assert best_matching([[1], [3], [2]]) == [(1, 0)]


def test_code_alignment_closed_forms():
    codes = torch.tensor([0, 1, 2, 0, 1, 2])
    # a relabelled copy aligns perfectly
    assert code_alignment(codes, (codes + 1) % 3, 3) == 1.0
    # confusion [[2,0,0],[0,1,1],[0,1,1]]: best matching 2 + 1 + 1 = 4 of 6
    predicted = torch.tensor([0, 1, 2, 0, 2, 1])
    assert code_alignment(codes, predicted, 3) == pytest.approx(4 / 6)
    # a constant prediction: only the largest code class can match
    assert code_alignment(torch.tensor([0, 0, 0, 1]), torch.tensor([1, 1, 1, 1]), 2) == 0.75
    # 3 code values against 6 attribute values: codes 1 and 2 both map to value 3, one wins
    rect = code_alignment(torch.tensor([0, 0, 1, 1, 2, 2]), torch.tensor([5, 5, 3, 3, 3, 3]), 3, 6)
    assert rect == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    "codes, predicted, k, match",
    [
        (torch.tensor([0, 1]), torch.tensor([0, 1, 1]), 2, "same shape"),
        (torch.tensor([0, 2]), torch.tensor([0, 1]), 2, "codes must be long values in"),
        (torch.tensor([0.0, 1.0]), torch.tensor([0, 1]), 2, "codes must be long"),
        (torch.tensor([], dtype=torch.long), torch.tensor([0]), 2, "non-empty"),
        (torch.tensor([0, 1]), torch.tensor([0, 1]), 0, "num_codes"),
    ],
)
def test_code_alignment_errors(codes, predicted, k, match):
    with pytest.raises(ValueError, match=match):
        code_alignment(codes, predicted, k)
