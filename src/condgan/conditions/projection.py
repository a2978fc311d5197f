"""A linear projection of the condition's vector form, with an optional activation."""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

from condgan.conditions.space import ConditionSpace, check_count

__all__ = ["Projection"]


class Projection(nn.Module):
    """``c = act(W · vector(y) + b)``: e.g. R4's text embedding -> 256 dims + ReLU.

    Args:
        space: any condition space (its vector form is the input).
        out_dim: output width.
        act_layer: constructor of the activation (``nn.ReLU``), or ``None`` for none.
        bias: whether the linear layer has a bias.

    Shapes: ``y`` -> ``(B, out_dim)``.
    """

    def __init__(
        self,
        space: ConditionSpace,
        out_dim: int,
        *,
        act_layer: Callable[[], nn.Module] | None = nn.ReLU,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        self.space = space
        self.out_dim = check_count(out_dim, "out_dim")
        self.linear = nn.Linear(space.vector_dim, self.out_dim, bias=bias)
        self.act = act_layer() if act_layer is not None else nn.Identity()

    def forward(self, y: Tensor) -> Tensor:
        self.space.validate(y, check_values=False)
        return self.act(self.linear(self.space.to_vector(y).to(self.linear.weight.dtype)))
