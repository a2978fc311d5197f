"""DiffAugment: differentiable augmentation applied to real and generated images alike.

Zhao et al., "Differentiable Augmentation for Data-Efficient GAN Training",
NeurIPS 2020. The critic sees every image (real or fake) through the same
random, differentiable transforms, so it cannot overfit a small real set while
the generator still receives gradients through them. The conditions are not
touched.

Each transform comes as a pure function of its parameters (tested in closed
form) and as a random draw of those parameters (one per sample):

* colour: :func:`brightness` (add :math:`U(-0.5, 0.5)`), :func:`saturation`
  (scale the deviation from the per-pixel channel mean by :math:`U(0, 2)`),
  :func:`contrast` (scale the deviation from the image mean by :math:`U(0.5, 1.5)`);
* :func:`translate`: shift by up to ``ratio`` (1/8) of the size, zero-filled;
* :func:`cutout`: zero a square of ``ratio`` (1/2) of the size at a random place.

:class:`DiffAugment` chains them in the order of its policy. With
``probability < 1`` (or an :class:`~condgan.augment.AdaptiveAugment` controller,
ADA-style) each transform is applied to each sample with that probability.
Images are ``(B, C, H, W)`` in ``[-1, 1]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
import torch.nn.functional as F
from einops import rearrange
from torch import Tensor, nn

__all__ = [
    "POLICIES",
    "DiffAugment",
    "brightness",
    "contrast",
    "cutout",
    "diff_augment",
    "saturation",
    "translate",
]


def _images(x: Any) -> Tensor:
    if not isinstance(x, Tensor) or not x.is_floating_point() or x.dim() != 4:
        got = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
        raise ValueError(f"x must be float images (B, C, H, W), got {got}")
    return x


def _per_sample(v: Tensor, x: Tensor, name: str) -> Tensor:
    if not isinstance(v, Tensor) or v.shape != (x.shape[0],):
        got = tuple(v.shape) if isinstance(v, Tensor) else type(v).__name__
        raise ValueError(f"{name} must have shape ({x.shape[0]},) (one per sample), got {got}")
    return v.to(device=x.device, dtype=x.dtype).view(-1, 1, 1, 1)


def brightness(x: Tensor, delta: Tensor) -> Tensor:
    """``x + delta_i`` per sample; ``delta`` is ``(B,)``."""
    return _images(x) + _per_sample(delta, x, "delta")


def saturation(x: Tensor, factor: Tensor) -> Tensor:
    """``(x - m) * factor_i + m`` with ``m`` the mean over channels at each pixel."""
    mean = _images(x).mean(dim=1, keepdim=True)
    return (x - mean) * _per_sample(factor, x, "factor") + mean


def contrast(x: Tensor, factor: Tensor) -> Tensor:
    """``(x - m) * factor_i + m`` with ``m`` the mean of each image."""
    mean = _images(x).mean(dim=(1, 2, 3), keepdim=True)
    return (x - mean) * _per_sample(factor, x, "factor") + mean


def _shifts(shift: Tensor, x: Tensor, name: str) -> Tensor:
    if not isinstance(shift, Tensor) or shift.dtype != torch.long or shift.shape != (len(x), 2):
        got = (tuple(shift.shape), shift.dtype) if isinstance(shift, Tensor) else shift
        raise ValueError(f"{name} must be a long tensor ({len(x)}, 2) (rows, columns), got {got}")
    return shift.to(x.device)


def translate(x: Tensor, shift: Tensor) -> Tensor:
    """Shift each image by ``shift[i] = (rows, cols)`` pixels, filling with zeros.

    ``out[i, :, r, c] = x[i, :, r - rows_i, c - cols_i]`` where that is inside the image.
    """
    b, _, h, w = _images(x).shape
    s = _shifts(shift, x, "shift")
    rows = (torch.arange(h, device=x.device)[None] - s[:, :1] + 1).clamp(0, h + 1)
    cols = (torch.arange(w, device=x.device)[None] - s[:, 1:] + 1).clamp(0, w + 1)
    padded = F.pad(x, (1, 1, 1, 1))
    batch = torch.arange(b, device=x.device)[:, None, None]
    out = padded[batch, :, rows[:, :, None], cols[:, None, :]]  # (B, H, W, C)
    return rearrange(out, "b h w c -> b c h w")


def cutout(x: Tensor, center: Tensor, size: tuple[int, int]) -> Tensor:
    """Zero a ``size = (height, width)`` rectangle of each image centred at ``center[i]``.

    Rows ``center_r - height // 2`` to ``center_r - height // 2 + height - 1`` (likewise
    columns), clipped to the image.
    """
    _, _, h, w = _images(x).shape
    c = _shifts(center, x, "center")
    sh, sw = size
    r = torch.arange(h, device=x.device)[None]
    col = torch.arange(w, device=x.device)[None]
    top, left = c[:, :1] - sh // 2, c[:, 1:] - sw // 2
    in_rows = (r >= top) & (r < top + sh)
    in_cols = (col >= left) & (col < left + sw)
    keep = ~(in_rows[:, :, None] & in_cols[:, None, :])
    return x * keep[:, None].to(x.dtype)


# -- random draws ------------------------------------------------------------------


def _uniform(n: int, low: float, high: float, g: torch.Generator | None, x: Tensor) -> Tensor:
    where = g.device if g is not None else x.device
    return (low + (high - low) * torch.rand(n, generator=g, device=where)).to(x.device)


def _randint(low: int, high: int, shape: tuple[int, ...], g, x: Tensor) -> Tensor:
    where = g.device if g is not None else x.device
    return torch.randint(low, high, shape, generator=g, device=where).to(x.device)


def _random_brightness(x: Tensor, g: torch.Generator | None, **_: Any) -> Tensor:
    return brightness(x, _uniform(len(x), -0.5, 0.5, g, x))


def _random_saturation(x: Tensor, g: torch.Generator | None, **_: Any) -> Tensor:
    return saturation(x, _uniform(len(x), 0.0, 2.0, g, x))


def _random_contrast(x: Tensor, g: torch.Generator | None, **_: Any) -> Tensor:
    return contrast(x, _uniform(len(x), 0.5, 1.5, g, x))


def _random_translation(x: Tensor, g: torch.Generator | None, *, ratio: float, **_: Any) -> Tensor:
    h, w = x.shape[2:]
    dh, dw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    shift = torch.stack(
        [_randint(-dh, dh + 1, (len(x),), g, x), _randint(-dw, dw + 1, (len(x),), g, x)], dim=1
    )
    return translate(x, shift)


def _random_cutout(
    x: Tensor, g: torch.Generator | None, *, cutout_ratio: float, **_: Any
) -> Tensor:
    h, w = x.shape[2:]
    sh, sw = int(h * cutout_ratio + 0.5), int(w * cutout_ratio + 0.5)
    center = torch.stack(
        [
            _randint(0, h + (1 - sh % 2), (len(x),), g, x),
            _randint(0, w + (1 - sw % 2), (len(x),), g, x),
        ],
        dim=1,
    )
    return cutout(x, center, (sh, sw))


Transform = Callable[..., Tensor]

#: policy name -> its random transforms, applied in order.
POLICIES: dict[str, list[Transform]] = {
    "color": [_random_brightness, _random_saturation, _random_contrast],
    "translation": [_random_translation],
    "cutout": [_random_cutout],
}


def _policy(policy: str | Sequence[str]) -> list[str]:
    names = [p.strip() for p in policy.split(",")] if isinstance(policy, str) else list(policy)
    names = [n for n in names if n]
    unknown = [n for n in names if n not in POLICIES]
    if unknown or not names:
        raise ValueError(
            f"policy must name transforms among {sorted(POLICIES)} (e.g. "
            f"'color,translation,cutout'), got {policy!r}"
        )
    return names


def diff_augment(
    x: Tensor,
    policy: str | Sequence[str] = "color,translation,cutout",
    *,
    probability: float = 1.0,
    translation_ratio: float = 0.125,
    cutout_ratio: float = 0.5,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Apply the policy's random transforms to ``x`` ``(B, C, H, W)``.

    Args:
        policy: comma-separated names from :data:`POLICIES`, applied in that order.
        probability: each transform is applied to each sample with this probability
            (1: always, as DiffAugment; ADA drives it adaptively).
        translation_ratio: largest shift, as a fraction of the size (1/8).
        cutout_ratio: cutout side, as a fraction of the size (1/2).
        generator: random source (on its own device).

    Returns:
        Augmented images of ``x``'s shape, differentiable with respect to ``x``.
    """
    x = _images(x)
    names = _policy(policy)
    p = float(probability)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability must be in [0, 1], got {probability!r}")
    if p == 0.0:
        return x
    for name in names:
        for fn in POLICIES[name]:
            out = fn(x, generator, ratio=translation_ratio, cutout_ratio=cutout_ratio)
            if p < 1.0:
                keep = _uniform(len(x), 0.0, 1.0, generator, x) >= p
                out = torch.where(keep.view(-1, 1, 1, 1), x, out)
            x = out
    return x


class DiffAugment(nn.Module):
    """Module form of :func:`diff_augment`.

    Args:
        policy: e.g. ``"color,translation,cutout"`` (the paper's strongest setting).
        probability: a float in ``[0, 1]``, or an
            :class:`~condgan.augment.AdaptiveAugment` whose current ``p`` is read
            on every call.
        translation_ratio, cutout_ratio: as :func:`diff_augment`.
        generator: random source.

    Wrap the critic with :class:`~condgan.augment.AugmentedCritic` to apply it to
    every image the critic sees.
    """

    def __init__(
        self,
        policy: str | Sequence[str] = "color,translation,cutout",
        *,
        probability: Any = 1.0,
        translation_ratio: float = 0.125,
        cutout_ratio: float = 0.5,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        self.policy = _policy(policy)
        if not hasattr(probability, "p"):
            p = float(probability)
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"probability must be in [0, 1], got {probability!r}")
        self.probability = probability
        self.translation_ratio = float(translation_ratio)
        self.cutout_ratio = float(cutout_ratio)
        self.generator = generator

    @property
    def p(self) -> float:
        """The probability in use now."""
        return float(getattr(self.probability, "p", self.probability))

    def forward(self, x: Tensor) -> Tensor:
        return diff_augment(
            x,
            self.policy,
            probability=self.p,
            translation_ratio=self.translation_ratio,
            cutout_ratio=self.cutout_ratio,
            generator=self.generator,
        )

    def extra_repr(self) -> str:
        return f"policy={','.join(self.policy)!r}, p={self.p:g}"
