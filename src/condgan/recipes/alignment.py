"""Code-attribute alignment: how well an unlabelled categorical code lines up with an attribute.

Used to score unsupervised InfoGAN codes (``cartoon-infogan``): neither the
code values nor the codes themselves come with names, so both are matched by
an exact one-to-one assignment.
"""

from __future__ import annotations

import itertools
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.types import InfoCodes

__all__ = ["best_matching", "code_alignment", "infogan_alignment"]


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


@torch.no_grad()
def infogan_alignment(
    generator: nn.Module,
    space: ConditionSpace,
    *,
    n: int = 1000,
    seed: int = 0,
    batch_size: int = 100,
    evaluator: nn.Module | None = None,
) -> dict[str, Any]:
    """How well an InfoGAN generator's categorical codes line up with ``space``'s attributes.

    ``n`` images are drawn with seeded codes and an evaluator (default: the
    shipped one of ``space``) predicts each attribute. Every (categorical code,
    attribute) pair is scored with :func:`code_alignment`; since the codes are
    unlabelled, codes are then matched one-to-one to attributes
    (:func:`best_matching` on that matrix). ``chance`` repeats the whole
    procedure with the codes shuffled: what codes that ignore the attributes score.

    Returns:
        ``{"accuracy", "chance", "alignment", "alignment_matrix", "chance_matrix"}``:
        ``accuracy`` is the mean alignment over the matched pairs; ``alignment``
        maps each matched attribute to ``{"code", "alignment", "chance"}``; the
        matrices are indexed ``[code][attribute]``.

    Raises:
        ValueError: the generator has no categorical codes.
    """
    from condgan.metrics import evaluator_for_space, evaluator_scores, to_uint8

    kinds = list(generator.info_spec.categorical)
    if not kinds:
        raise ValueError("the generator has no categorical codes to align with attributes")
    device = next(generator.parameters()).device
    gen = torch.Generator().manual_seed(seed + 29)
    z = generator.sample_noise(n, generator=gen)
    codes = generator.sample_codes(n, generator=gen)
    y = space.sample(n, generator=gen)  # checked by G, unused
    was_training = generator.training
    generator.eval()
    try:
        images = torch.cat(
            [
                to_uint8(generator(
                    z[i : i + batch_size].to(device), y[i : i + batch_size].to(device),
                    InfoCodes(
                        [c[i : i + batch_size].to(device) for c in codes.categorical],
                        None if codes.continuous is None
                        else codes.continuous[i : i + batch_size].to(device),
                    ),
                ))
                for i in range(0, n, batch_size)
            ]
        )  # fmt: skip
    finally:
        generator.train(was_training)
    ev = evaluator if evaluator is not None else evaluator_for_space(space)
    scores = evaluator_scores(ev, images)
    predicted = [scores[:, o : o + s].argmax(dim=1).cpu() for o, s in space.groups]
    sizes = [s for _, s in space.groups]
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed + 17))
    matrix, chance = (
        [
            [code_alignment(c[order], p, k, s) for p, s in zip(predicted, sizes)]
            for c, k in zip(codes.categorical, kinds)
        ]
        for order in (torch.arange(n), perm)
    )
    names = list(space.attribute_names)
    pairs, chance_pairs = best_matching(matrix), best_matching(chance)
    return {
        "accuracy": sum(matrix[i][a] for i, a in pairs) / len(pairs),
        "chance": sum(chance[i][a] for i, a in chance_pairs) / len(chance_pairs),
        "alignment": {
            names[a]: {"code": i, "alignment": matrix[i][a], "chance": chance[i][a]}
            for i, a in sorted(pairs, key=lambda p: p[1])
        },
        "alignment_matrix": matrix,
        "chance_matrix": chance,
    }
