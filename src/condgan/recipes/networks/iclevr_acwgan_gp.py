"""R2 ``iclevr-acwgan-gp``'s networks (G 3,822,080 and D 2,960,408 parameters at paper size)."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from condgan.conditions import ConditionSpace, OneHot
from condgan.heads import Critic, auxiliary_head
from condgan.models import DCGANBackbone, DCGANGenerator, adversarial_head, register

__all__ = ["r2_critic", "r2_generator"]


@register(
    "r2_generator", kind="generator",
    spaces=("categorical", "multi_categorical", "multi_label", "text"),
    tiny={"nz": 8, "image_size": 32, "widths": (16, 8, 8), "stem_dim": 8},
)  # fmt: skip
def r2_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 64,
    widths: Sequence[int] = (512, 256, 128, 64),
    stem_dim: int = 128,
) -> DCGANGenerator:
    """R2's generator: 3,822,080 parameters at paper size (24 labels, z 100).

    ``Linear(100 + 24 -> 128)`` with bias (16,000) on ``[z, multi-hot y]``,
    reshaped to 128x1x1; transposed convs 4x4 without bias: 128 -> 512 (4x4,
    stride 1; 1,048,576), 512 -> 256 (2,097,152), 256 -> 128 (524,288),
    128 -> 64 (131,072), 64 -> 3 (3,072), all but the first stride 2; BN after
    each but the last (1,024 + 512 + 256 + 128), ReLU, tanh. No activation
    after the linear layer (the report's summary table shows none).
    """
    return DCGANGenerator(
        space, encoder=OneHot(space), nz=nz, image_size=image_size, widths=widths, first_size=4,
        stem_dim=stem_dim, norm_layer=nn.BatchNorm2d, act_layer=nn.ReLU, bias=False,
    )  # fmt: skip


@register(
    "r2_critic", kind="critic", spaces=("categorical", "multi_categorical", "multi_label"),
    tiny={"image_size": 32, "widths": (8, 8, 8)},
)  # fmt: skip
def r2_critic(
    space: ConditionSpace,
    *,
    image_size: int = 64,
    widths: Sequence[int] = (64, 128, 256, 512),
    head: str = "adversarial",
    auxiliary: bool = True,
) -> Critic:
    """R2's critic: 2,960,408 parameters at paper size (24 labels).

    Convs 4x4 stride 2 without bias, 64, 128, 256, 512 maps (3,072 + 131,072 +
    524,288 + 2,097,152), LeakyReLU 0.2, no BN; features 512x4x4 = 8192. The
    adversarial head is the report's 4x4 conv from 512 maps to 1 without bias
    over the 4x4 map, which is exactly a linear layer ``8192 -> 1`` without bias
    on the flattened features (8,192); the auxiliary head is
    ``Linear(8192 -> 24)`` with bias (196,632), sigmoid in the loss.

    Variant: the plain conditional GAN compared in the report is
    ``head="concat"`` or ``"projection"`` with ``auxiliary=False``.
    """
    backbone = DCGANBackbone(image_size=image_size, widths=widths, bias=False)
    return Critic(
        backbone,
        adversarial=adversarial_head(head, backbone.out_dim, space, bias=False),
        auxiliary=auxiliary_head(backbone.out_dim, space) if auxiliary else None,
        space=space,
    )
