"""One-hot / concatenated one-hots / multi-hot encoding of a condition."""

from __future__ import annotations

from torch import Tensor, nn

from condgan.conditions.space import ConditionSpace

__all__ = ["OneHot"]


class OneHot(nn.Module):
    """``y -> c``: the space's canonical vector form, without parameters.

    ``Categorical(n)`` gives a one-hot ``(B, n)``; ``MultiCategorical`` the
    attributes' one-hots concatenated ``(B, sum(sizes))`` (R1's 15-dim
    vector); ``MultiLabel`` its multi-hot ``(B, n)``; ``Text`` the embedding.

    Args:
        space: the condition space.
    """

    def __init__(self, space: ConditionSpace) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.space = space
        self.out_dim = space.vector_dim

    def forward(self, y: Tensor) -> Tensor:
        """``y`` as the space defines it -> ``(B, out_dim)`` float."""
        self.space.validate(y, check_values=False)
        return self.space.to_vector(y)
