"""R3 ``cartoon-infogan``'s networks: an InfoGAN generator that reads codes, not labels,
and a critic with adversarial, categorical-code and continuous-code heads."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from condgan.conditions import ConditionSpace, OneHot
from condgan.heads import AdversarialHead, Critic, InfoHead
from condgan.models import DCGANBackbone, InfoGANGenerator, register

__all__ = ["default_codes", "r3_infogan_critic", "r3_infogan_generator"]

_ALL = ("categorical", "multi_categorical", "multi_label", "text")


def default_codes(space: ConditionSpace, categorical: Sequence[int] | None) -> tuple[int, ...]:
    """``categorical`` if given, else one categorical code per attribute of ``space``
    (its value counts; cartoon: 6, 4, 3, 2), or ``(10,)`` for a space without groups."""
    if categorical is not None:
        return tuple(categorical)
    return tuple(size for _, size in space.groups) or (10,)


@register(
    "r3_infogan_generator", kind="generator", spaces=_ALL,
    tiny={"nz": 8, "image_size": 32, "widths": (8, 8)},
)  # fmt: skip
def r3_infogan_generator(
    space: ConditionSpace,
    *,
    nz: int = 62,
    image_size: int = 128,
    widths: Sequence[int] = (128, 64),
    categorical: Sequence[int] | None = None,
    continuous: int = 2,
    use_condition: bool = False,
) -> InfoGANGenerator:
    """R3's InfoGAN generator (unsupervised conditional generation).

    ``[z, codes] -> linear -> 3 x (BN, Upsample, Conv) -> tanh``. By default one
    categorical code per attribute of the space (cartoon: 6, 4, 3, 2 classes),
    so the codes can discover the attributes, and 2 continuous codes;
    ``use_condition=True`` also feeds the one-hot ``y``.
    """
    return InfoGANGenerator(
        space, nz=nz, image_size=image_size, widths=widths,
        categorical=default_codes(space, categorical), continuous=continuous,
        encoder=OneHot(space) if use_condition else None,
    )  # fmt: skip


@register(
    "r3_infogan_critic", kind="critic", spaces=_ALL,
    tiny={"image_size": 32, "widths": (8, 8, 8, 8)},
)  # fmt: skip
def r3_infogan_critic(
    space: ConditionSpace,
    *,
    image_size: int = 128,
    widths: Sequence[int] = (16, 32, 64, 128),
    categorical: Sequence[int] | None = None,
    continuous: int = 2,
    dropout: float = 0.25,
) -> Critic:
    """R3's InfoGAN critic: four (Conv 3x3 stride 2, LeakyReLU 0.2, Dropout2d) blocks and
    three linear heads: adversarial (least squares in the loss), categorical codes
    (cross-entropy) and continuous codes (mean, MSE in the loss; no log-scale).
    ``y`` is checked but not used.
    """
    backbone = DCGANBackbone(
        image_size=image_size, widths=widths, kernel_size=3, dropout=dropout,
        dropout_layer=nn.Dropout2d,
    )  # fmt: skip
    return Critic(
        backbone,
        adversarial=AdversarialHead(backbone.out_dim),
        info=InfoHead(
            backbone.out_dim, categorical=default_codes(space, categorical),
            continuous=continuous, predict_log_scale=False,
        ),
        space=space,
    )  # fmt: skip
