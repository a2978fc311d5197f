"""Extension point: a critic backbone.

A backbone is ``forward(x, y) -> features (B, F)`` with int attributes ``out_dim``
(``F``), ``image_size`` and ``channels``. Heads read the features; the
:class:`~condgan.heads.Critic` returns one :class:`~condgan.types.CriticOutput`.
"""

import torch
from torch import Tensor, nn

from condgan.conditions import Categorical
from condgan.heads import Critic, MultiClassHead, ProjectionHead
from condgan.layers import sn_conv2d


class TinyResidualBackbone(nn.Module):
    """Two spectral-norm residual stages, each halving H and W, then global sum pooling."""

    def __init__(self, *, image_size: int = 32, channels: int = 3, width: int = 32) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = image_size, channels, width
        self.stem = sn_conv2d(channels, width, 3, 1, 1)
        self.stages = nn.ModuleList(
            nn.Sequential(nn.ReLU(), sn_conv2d(width, width, 3, 1, 1), nn.AvgPool2d(2))
            for _ in range(2)
        )

    def forward(self, x: Tensor, y: Tensor | None = None) -> Tensor:
        h = self.stem(x)
        for stage in self.stages:
            h = stage(h) + nn.functional.avg_pool2d(h, 2)  # residual with a pooled shortcut
        return torch.relu(h).sum(dim=(2, 3))  # (B, width)


space = Categorical(3, names=["cat", "dog", "bird"])
backbone = TinyResidualBackbone()
D = Critic(
    backbone,
    adversarial=ProjectionHead(backbone.out_dim, space),
    auxiliary=MultiClassHead(backbone.out_dim, space),
)
out = D(torch.randn(4, 3, 32, 32), torch.tensor([0, 1, 2, 0]))
assert out.adv.shape == (4,) and out.features.shape == (4, 32)
