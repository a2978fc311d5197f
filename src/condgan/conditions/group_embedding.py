"""Per-attribute embeddings of categorical and multi-label conditions.

Both classes here look a condition up in a table of ``vector_dim x dim``
rows, one block of rows per attribute (:attr:`ConditionSpace.groups`), and
concatenate the attributes' embeddings: for a one-hot block this picks one row,
for a multi-hot block it sums the rows of the active labels.
"""

from __future__ import annotations

import torch
from einops import rearrange
from torch import Tensor, nn

from condgan.conditions.space import ConditionSpace, check_count

__all__ = ["FixedEmbedding", "LearnedEmbedding"]


def _groups_of(space: ConditionSpace, cls: str) -> list[tuple[int, int]]:
    if not isinstance(space, ConditionSpace):
        raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
    groups = space.groups
    if not groups:
        raise TypeError(
            f"{cls} needs a space with a finite vocabulary (Categorical, MultiCategorical, "
            f"MultiLabel), got {type(space).__name__}; use Projection for text"
        )
    return groups


class _GroupEmbedding(nn.Module):
    table: Tensor

    def __init__(self, space: ConditionSpace, dim: int) -> None:
        super().__init__()
        self.space = space
        self.groups = _groups_of(space, type(self).__name__)
        self.dim = check_count(dim, "dim")
        self.out_dim = self.dim * len(self.groups)

    def forward(self, y: Tensor) -> Tensor:
        """``y`` -> ``(B, num_groups * dim)``: each attribute's embedding, concatenated."""
        self.space.validate(y, check_values=False)
        v = self.space.to_vector(y).to(self.table.dtype)
        parts = [v[:, o : o + s] @ self.table[o : o + s] for o, s in self.groups]
        return rearrange(torch.stack(parts, dim=1), "b g d -> b (g d)")


class FixedEmbedding(_GroupEmbedding):
    """A frozen random embedding per attribute value (R1's label encoding).

    Each attribute value gets a ``dim``-vector drawn once from N(0, 1) with
    ``seed``; the table is a buffer (saved in ``state_dict``, never trained).

    Args:
        space: Categorical, MultiCategorical or MultiLabel space.
        dim: embedding width per attribute (R1: 16).
        seed: seed of the table; the same seed gives the same table.

    Shapes: ``y`` -> ``(B, A * dim)`` with ``A`` attributes (1 for Categorical
    and MultiLabel, where active labels' vectors are summed).
    """

    def __init__(self, space: ConditionSpace, dim: int, *, seed: int = 0) -> None:
        super().__init__(space, dim)
        g = torch.Generator().manual_seed(int(seed))
        self.seed = int(seed)
        self.register_buffer("table", torch.randn(space.vector_dim, self.dim, generator=g))


class LearnedEmbedding(_GroupEmbedding):
    """A trained embedding per attribute value (like ``nn.Embedding`` per attribute).

    Args:
        space: Categorical, MultiCategorical or MultiLabel space.
        dim: embedding width per attribute.

    Shapes: ``y`` -> ``(B, A * dim)``; rows initialised from N(0, 1).
    """

    def __init__(self, space: ConditionSpace, dim: int) -> None:
        super().__init__(space, dim)
        self.table = nn.Parameter(torch.randn(space.vector_dim, self.dim))
