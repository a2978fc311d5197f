"""``InfoHead``: InfoGAN's code head Q."""

from __future__ import annotations

from collections.abc import Sequence

from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.heads.features import LinearLayer, check_features
from condgan.types import InfoOutput

__all__ = ["InfoHead"]


class InfoHead(nn.Module):
    """InfoGAN's code head Q: categorical-code logits and continuous-code mean / log-scale.

    Args:
        in_features: ``F``.
        categorical: the number of classes of each categorical code.
        continuous: number of continuous codes.
        hidden: optional hidden width (linear -> LeakyReLU) shared by the outputs.
        predict_log_scale: also predict a log standard deviation per continuous code.
        linear_layer: ``nn.Linear`` or ``sn_linear``.

    Shapes: ``h`` (B, F) -> :class:`~condgan.types.InfoOutput` with ``categorical``
    a list of ``(B, k_i)``, ``mean`` and ``log_scale`` ``(B, continuous)``.
    """

    space: ConditionSpace | None = None

    def __init__(
        self,
        in_features: int,
        *,
        categorical: Sequence[int] = (),
        continuous: int = 0,
        hidden: int | None = None,
        predict_log_scale: bool = True,
        linear_layer: LinearLayer = nn.Linear,
    ) -> None:
        super().__init__()
        self.in_features = check_count(in_features, "in_features")
        self.categorical = [check_count(k, "categorical[i]") for k in categorical]
        if isinstance(continuous, bool) or not isinstance(continuous, int) or continuous < 0:
            raise ValueError(f"continuous must be an int >= 0, got {continuous!r}")
        if not self.categorical and continuous == 0:
            raise ValueError("InfoHead needs at least one categorical or continuous code")
        self.continuous = continuous
        width = in_features
        self.trunk: nn.Module = nn.Identity()
        if hidden:
            self.trunk = nn.Sequential(linear_layer(in_features, hidden), nn.LeakyReLU(0.2))
            width = hidden
        self.cat_heads = nn.ModuleList(linear_layer(width, k) for k in self.categorical)
        self.mean = linear_layer(width, continuous) if continuous else None
        self.log_scale = (
            linear_layer(width, continuous) if continuous and predict_log_scale else None
        )

    def forward(self, h: Tensor, y: Tensor | None = None) -> InfoOutput:
        t = self.trunk(check_features(h, self.in_features))
        return InfoOutput(
            categorical=[head(t) for head in self.cat_heads],
            mean=self.mean(t) if self.mean is not None else None,
            log_scale=self.log_scale(t) if self.log_scale is not None else None,
        )
