"""``AugmentedCritic``: a critic that sees every image through an augmentation.

Wrapping the critic is how DiffAugment / ADA plug in without the trainer
knowing: the trainer calls ``critic(x, y)`` on real images, on generated ones
(critic and generator steps) and in penalties, and every call augments ``x``
first, so real and fake are treated alike and the generator's gradient flows
through the (differentiable) augmentation. The condition ``y`` is unchanged.
In eval mode the images pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

from condgan.types import CriticOutput

__all__ = ["AugmentedCritic"]


class AugmentedCritic(nn.Module):
    """``critic(augment(x), y)`` in training mode, ``critic(x, y)`` in eval mode.

    Args:
        critic: the critic ``(x, y) -> CriticOutput`` (e.g. :class:`~condgan.heads.Critic`).
        augment: ``x (B, C, H, W) -> (B, C, H, W)``, differentiable (e.g.
            :class:`~condgan.augment.DiffAugment`).

    Attributes ``space``, ``image_size``, ``channels`` and ``has_batch_stats`` are
    the critic's; ``joint_pass_exact`` is False (the augmentation's random draws differ
    between one pass over 2B images and two over B).
    """

    def __init__(self, critic: nn.Module, augment: Callable[[Tensor], Tensor]) -> None:
        super().__init__()
        if not isinstance(critic, nn.Module):
            raise TypeError(f"critic must be an nn.Module, got {type(critic).__name__}")
        if not callable(augment):
            raise TypeError(f"augment must be callable x -> x, got {type(augment).__name__}")
        self.critic = critic
        self.augment = augment

    @property
    def space(self):
        return getattr(self.critic, "space", None)

    @property
    def image_size(self) -> int | None:
        return getattr(self.critic, "image_size", None)

    @property
    def channels(self) -> int | None:
        return getattr(self.critic, "channels", None)

    @property
    def has_batch_stats(self) -> bool:
        return bool(getattr(self.critic, "has_batch_stats", True))

    @property
    def joint_pass_exact(self) -> bool:
        # a joint pass draws the augmentation for 2B images at once: the same
        # distribution as two draws of B, but not the same numbers
        return False

    def forward(self, x: Tensor, y: Tensor | None = None) -> CriticOutput:
        return self.critic(self.augment(x) if self.training else x, y)
