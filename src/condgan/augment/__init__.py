"""Differentiable augmentation for the critic: DiffAugment, ADA's adaptive
probability, and the critic wrapper that applies them to real and fake alike.

See the "Augmentation" guide.
"""

from condgan.augment.ada import AdaptiveAugment
from condgan.augment.critic import AugmentedCritic
from condgan.augment.diffaugment import (
    POLICIES,
    DiffAugment,
    brightness,
    contrast,
    cutout,
    diff_augment,
    saturation,
    translate,
)

__all__ = [
    "POLICIES",
    "AdaptiveAugment",
    "AugmentedCritic",
    "DiffAugment",
    "brightness",
    "contrast",
    "cutout",
    "diff_augment",
    "saturation",
    "translate",
]
