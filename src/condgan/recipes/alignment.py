"""Code-attribute alignment: how well an unlabelled categorical code lines up with an attribute.

Used to score unsupervised InfoGAN codes (``cartoon-infogan``): neither the
code values nor the codes themselves come with names, so both are matched by
an exact one-to-one assignment.
"""

from __future__ import annotations

import itertools

import torch
from torch import Tensor

__all__ = ["best_matching", "code_alignment"]


def code_alignment(
    codes: Tensor, predicted: Tensor, num_codes: int, num_values: int | None = None
) -> float:
    """How well a categorical code lines up with an attribute, up to a relabelling.

    The fraction of samples whose predicted attribute value equals the value
    matched to their code value, under the best one-to-one matching of code
    values to attribute values (an exact assignment on the confusion matrix;
    with ``num_codes != num_values`` only ``min(num_codes, num_values)`` pairs
    are matched). 1 means the code
    controls the attribute exactly; a code independent of the attribute scores
    about the share of the most common predicted values.

    Args:
        codes: code values, long ``(N,)`` in ``[0, num_codes)``.
        predicted: predicted attribute values, long ``(N,)`` in ``[0, num_values)``.
        num_codes: classes of the code.
        num_values: classes of the attribute (default ``num_codes``).

    Raises:
        ValueError: shapes differ, are not 1-D or empty, or a value is out of range.
    """
    num_values = num_codes if num_values is None else num_values
    for name, k in (("num_codes", num_codes), ("num_values", num_values)):
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"{name} must be a positive int, got {k!r}")
    for name, t, k in (("codes", codes, num_codes), ("predicted", predicted, num_values)):
        if not isinstance(t, Tensor) or t.dim() != 1 or t.numel() == 0:
            raise ValueError(f"{name} must be a non-empty 1-D tensor, got {t!r:.60}")
        if t.dtype != torch.long or int(t.min()) < 0 or int(t.max()) >= k:
            raise ValueError(f"{name} must be long values in [0, {k}), got {t!r:.60}")
    if codes.shape != predicted.shape:
        raise ValueError(
            f"codes and predicted must have the same shape, got {tuple(codes.shape)} and "
            f"{tuple(predicted.shape)}"
        )
    confusion = torch.zeros(num_codes, num_values, dtype=torch.long)
    confusion.index_put_((codes.cpu(), predicted.cpu()), torch.ones_like(codes.cpu()), True)
    pairs = best_matching(confusion.tolist())
    return float(sum(int(confusion[r, c]) for r, c in pairs)) / codes.numel()


def best_matching(matrix: list[list[float]]) -> list[tuple[int, int]]:
    """The one-to-one (row, column) pairs with the largest total (exact assignment).

    Exhaustive over the injective maps of the shorter side into the longer one,
    which is exact and instant for the sizes used here (at most 6 x 6: 720 maps).
    """
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    if rows > cols:
        return [(r, c) for c, r in best_matching([list(col) for col in zip(*matrix)])]
    best: tuple[float, tuple[int, ...]] | None = None
    for perm in itertools.permutations(range(cols), rows):
        total = sum(matrix[r][c] for r, c in enumerate(perm))
        if best is None or total > best[0]:
            best = (total, perm)
    return [] if best is None else list(enumerate(best[1]))
