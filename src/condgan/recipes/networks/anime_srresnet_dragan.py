"""R5 ``anime-srresnet-dragan``'s networks: Jin et al.'s SRResNet generator and
spectral-norm residual critic."""

from __future__ import annotations

from collections.abc import Sequence

from condgan.conditions import ConditionSpace, OneHot
from condgan.heads import Critic
from condgan.models import SRResNetGenerator, register, srresnet_critic

__all__ = ["r5_critic", "r5_generator"]


@register(
    "r5_generator", kind="generator",
    spaces=("categorical", "multi_categorical", "multi_label", "text"),
    tiny={"nz": 8, "image_size": 32, "width": 8, "num_blocks": 1, "num_upsamples": 2},
)  # fmt: skip
def r5_generator(
    space: ConditionSpace,
    *,
    nz: int = 100,
    image_size: int = 96,
    width: int = 64,
    num_blocks: int = 16,
    num_upsamples: int = 3,
) -> SRResNetGenerator:
    """R5's SRResNet generator: ``[z (100), tags (23)] -> 64x12x12``, 16 residual blocks,
    three pixel-shuffle stages to 96x96, a 9x9 output conv (see
    :class:`~condgan.models.SRResNetGenerator`)."""
    return SRResNetGenerator(
        space, encoder=OneHot(space), nz=nz, image_size=image_size, width=width,
        num_blocks=num_blocks, num_upsamples=num_upsamples,
    )  # fmt: skip


@register(
    "r5_critic", kind="critic", spaces=("categorical", "multi_categorical", "multi_label"),
    tiny={"image_size": 32, "widths": (8, 8), "kernels": (4, 3), "blocks": (1, 0)},
)  # fmt: skip
def r5_critic(
    space: ConditionSpace,
    *,
    image_size: int = 96,
    widths: Sequence[int] = (32, 64, 128, 256, 512, 1024),
    kernels: Sequence[int] = (4, 4, 4, 3, 3, 3),
    blocks: Sequence[int] = (2, 4, 4, 4, 4, 0),
    spectral_norm: bool = True,
) -> Critic:
    """R5's critic: :class:`~condgan.models.SRResNetBackbone` with spectral norm, a linear
    adversarial output and a linear multi-label branch (23 tags), both spectral-normed.

    ``spectral_norm=False`` builds the same network with plain convolutions and linear
    layers (R5's ``no-sn`` ablation).
    """
    return srresnet_critic(
        space, image_size=image_size, widths=widths, kernels=kernels, blocks=blocks,
        spectral_norm=spectral_norm,
    )  # fmt: skip
