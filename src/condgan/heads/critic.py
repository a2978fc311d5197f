"""``Critic``: a backbone (images -> features) plus named heads -> ``CriticOutput``."""

from __future__ import annotations

from collections.abc import Mapping

from torch import Tensor, nn

from condgan.conditions import ConditionalBatchNorm2d, ConditionSpace
from condgan.layers import check_images
from condgan.types import CriticOutput

__all__ = ["Critic"]


class Critic(nn.Module):
    """A critic: ``backbone(x, y) -> h (B, F)``, then each head reads ``h`` (and ``y``).

    Args:
        backbone: a module with ``forward(x, y) -> (B, F)`` and attributes
            ``out_dim`` (``F``), ``image_size`` and ``channels`` (e.g.
            :class:`~condgan.models.DCGANBackbone`).
        adversarial: the head giving ``adv (B,)`` (plain, concat or projection).
        auxiliary: optional classifier head (``aux``: a list of ``(B, n_a)`` or ``(B, n)``).
        info: optional InfoGAN code head (``info``).
        extra_heads: further named heads ``(h, y) -> output`` whose outputs go to
            ``CriticOutput.extras[name]`` (e.g. ``{"twin": auxiliary_head(F, space)}``
            for TAC, ``{"embed": ContrastiveHead(F, space)}`` for D2D-CE / 2C).
        space: the condition space; by default taken from the backbone and heads
            (they must agree). ``None`` for an unconditional critic, whose ``y``
            may be ``None``.

    Attributes:
        space: the condition space (or ``None``).
        has_batch_stats: whether a batch-norm-like layer is inside (then a joint
            real+fake forward differs from two separate ones).

    Shapes: ``x`` (B, C, H, W), ``y`` -> ``CriticOutput(adv (B,), aux, info, features (B, F))``.
    """

    def __init__(
        self,
        backbone: nn.Module,
        *,
        adversarial: nn.Module,
        auxiliary: nn.Module | None = None,
        info: nn.Module | None = None,
        space: ConditionSpace | None = None,
        extra_heads: Mapping[str, nn.Module] | None = None,
    ) -> None:
        super().__init__()
        for name, module in (("backbone", backbone), ("adversarial", adversarial)):
            if not isinstance(module, nn.Module):
                raise TypeError(f"{name} must be an nn.Module, got {type(module).__name__}")
        for attr in ("out_dim", "image_size", "channels"):
            if not isinstance(getattr(backbone, attr, None), int):
                raise TypeError(f"backbone must have an int attribute {attr!r}")
        self.backbone = backbone
        self.adversarial = adversarial
        self.auxiliary = auxiliary
        self.info = info
        extra_heads = dict(extra_heads or {})
        for name, module in extra_heads.items():
            if not isinstance(module, nn.Module):
                raise TypeError(
                    f"extra_heads[{name!r}] must be an nn.Module, got {type(module).__name__}"
                )
        self.extra_heads = nn.ModuleDict(extra_heads)
        heads = (backbone, adversarial, auxiliary, info, *extra_heads.values())
        spaces = [s for s in (space, *(getattr(m, "space", None) for m in heads)) if s is not None]
        for other in spaces[1:]:
            if other != spaces[0]:
                raise ValueError(
                    f"the backbone and heads use different condition spaces: {spaces[0]!r} "
                    f"and {other!r}"
                )
        self.space = spaces[0] if spaces else None
        self.image_size = int(backbone.image_size)
        self.channels = int(backbone.channels)

    @property
    def has_batch_stats(self) -> bool:
        return any(
            isinstance(m, (nn.modules.batchnorm._BatchNorm, ConditionalBatchNorm2d))
            for m in self.modules()
        )

    @property
    def joint_pass_exact(self) -> bool:
        """Whether ``critic(cat([real, fake]))`` equals ``critic(real)`` and
        ``critic(fake)`` in training mode.

        Not with batch statistics (each half would be normalised by the other's),
        nor with spectral norm: its power iteration advances once per training
        forward, so two passes normalise real and fake by two successive estimates
        of the largest singular value and a joint pass by one. (BigGAN's code runs
        the joint pass anyway; condgan's trainer keeps the two passes, so a run is
        the algorithm as written.)
        """
        return not self.has_batch_stats and not any(map(has_spectral_norm, self.modules()))

    def forward(self, x: Tensor, y: Tensor | None = None) -> CriticOutput:
        check_images(x, channels=self.channels, size=self.image_size)
        if self.space is not None:
            if y is None:
                raise ValueError(f"this critic is conditional on {self.space!r}; y is None")
            self.space.validate(y, check_values=False)
            if y.shape[0] != x.shape[0]:
                raise ValueError(f"batch sizes differ: x has {x.shape[0]}, y has {y.shape[0]}")
        h = self.backbone(x, y)
        return CriticOutput(
            adv=self.adversarial(h, y),
            aux=self.auxiliary(h, y) if self.auxiliary is not None else None,
            info=self.info(h, y) if self.info is not None else None,
            features=h,
            extras={name: head(h, y) for name, head in self.extra_heads.items()},
        )


def has_spectral_norm(module: nn.Module) -> bool:
    """Whether ``module`` itself (not its children) has a spectral-norm weight: the
    parametrization of :func:`torch.nn.utils.parametrizations.spectral_norm` or the
    older hook of :func:`torch.nn.utils.spectral_norm`."""
    plist = getattr(module, "parametrizations", None)
    if plist is not None and any(
        type(p).__name__ == "_SpectralNorm" for ps in plist.values() for p in ps
    ):
        return True
    return any(name.endswith("_u") and hasattr(module, name[:-2] + "_orig")
               for name, _ in module.named_buffers(recurse=False))  # fmt: skip
