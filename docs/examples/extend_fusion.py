"""Extension point: a fusion module (how the encoded condition ``c`` enters G).

A fusion module is ``forward(h, c) -> h'`` plus ``out_dim(in_dim, cond_dim)`` so the
generator sizes the next layer. Here FiLM (Perez et al. 2018) scales and shifts the
feature maps after block 2: ``h * (1 + gamma(c)) + beta(c)``.
"""

from torch import Tensor, nn

from condgan.conditions import FixedEmbedding, InputConcat, MultiCategorical
from condgan.models import DCGANGenerator


class FiLM(nn.Module):
    """``h (B, C, H, W), c (B, D) -> (B, C, H, W)``; starts as the identity."""

    def __init__(self, channels: int, cond_dim: int) -> None:
        super().__init__()
        self.to_gamma_beta = nn.Linear(cond_dim, 2 * channels)
        nn.init.zeros_(self.to_gamma_beta.weight)
        nn.init.zeros_(self.to_gamma_beta.bias)

    def out_dim(self, in_dim: int, cond_dim: int) -> int:
        return in_dim  # FiLM keeps the channel count

    def forward(self, h: Tensor, c: Tensor) -> Tensor:
        gamma, beta = self.to_gamma_beta(c.to(h.dtype)).chunk(2, dim=1)
        return h * (1 + gamma[:, :, None, None]) + beta[:, :, None, None]


space = MultiCategorical({"hair": ["blonde", "blue"], "eyes": ["red", "green"]})
encoder = FixedEmbedding(space, 4)  # 2 attributes x 4 dims = 8
G = DCGANGenerator(
    space, encoder=encoder, nz=16, image_size=32, widths=(32, 16, 16),
    fusion={0: InputConcat(), 2: FiLM(channels=16, cond_dim=encoder.out_dim)},
)  # fmt: skip
images = G.sample(["blue hair red eyes", "blonde hair green eyes"])
assert images.shape == (2, 3, 32, 32)
assert G.fusion_points == {0: "InputConcat", 2: "FiLM"}
