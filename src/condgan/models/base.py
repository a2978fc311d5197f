"""What every condgan generator shares: attributes, noise, ``sample`` and input checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count

__all__ = ["ConditionalGenerator", "NOISE", "check_batch", "check_encoder"]


def _normal(n: int, nz: int, generator: torch.Generator | None, device: Any) -> Tensor:
    return torch.randn(n, nz, generator=generator, device=device)


def _uniform(n: int, nz: int, generator: torch.Generator | None, device: Any) -> Tensor:
    return torch.rand(n, nz, generator=generator, device=device) * 2 - 1


#: noise name -> ``draw(n, nz, generator, device)``: N(0, 1) or U(-1, 1).
NOISE = {"normal": _normal, "uniform": _uniform}


def check_encoder(encoder: object) -> nn.Module:
    """Return ``encoder`` if it is an ``nn.Module`` with an int ``out_dim`` (``y -> (B, out_dim)``).

    Raises:
        TypeError: anything else.
    """
    if isinstance(encoder, nn.Module) and isinstance(getattr(encoder, "out_dim", None), int):
        return encoder
    raise TypeError(
        f"encoder must be an nn.Module with an int out_dim (y -> (B, out_dim)), "
        f"got {type(encoder).__name__}"
    )


def check_batch(y: Tensor, name: str = "y") -> None:
    """Refuse an empty batch of conditions with a message that says so."""
    if y.dim() == 0 or y.shape[0] == 0:
        raise ValueError(
            f"{name} is an empty batch (shape {tuple(y.shape)}): give at least one condition"
        )


class ConditionalGenerator(nn.Module):
    """Base of the generators: ``forward(z (B, nz), y) -> (B, C, H, W)`` in [-1, 1].

    Subclasses set :attr:`space`, :attr:`nz`, :attr:`image_size`, :attr:`channels`
    and implement :meth:`generate`; this class checks the inputs and provides
    :meth:`sample_noise` and :meth:`sample`.

    Attributes:
        space: the condition space of ``y``.
        nz: noise width.
        image_size: output height and width.
        channels: output channels.
        noise: ``"normal"`` (N(0, 1)) or ``"uniform"`` (U(-1, 1)).
        info_spec: ``None`` (InfoGAN generators: the latent codes' description).
        validate: check the *values* of ``y`` and ``z`` in :meth:`forward` (valid
            class indices and multi-hot rows, no NaN or Inf), not only their types
            and shapes. On by default; the trainer turns it off inside its loop,
            where the checks would cost a device synchronisation per step and
            the conditions come from the space itself.
    """

    info_spec: Any = None
    validate: bool = True

    def __init__(
        self,
        space: ConditionSpace,
        *,
        nz: int,
        image_size: int,
        channels: int,
        noise: str = "normal",
    ) -> None:
        super().__init__()
        if not isinstance(space, ConditionSpace):
            raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
        if noise not in NOISE:
            raise ValueError(f"noise must be one of {sorted(NOISE)}, got {noise!r}")
        self.space = space
        self.nz = check_count(nz, "nz")
        self.image_size = check_count(image_size, "image_size")
        self.channels = check_count(channels, "channels")
        self.noise = noise

    # -- checks -------------------------------------------------------------------
    def _check_z(self, z: Any, y: Tensor) -> Tensor:
        if not isinstance(z, Tensor) or not z.is_floating_point():
            raise TypeError(f"z must be a floating-point tensor (B, {self.nz}), got {z!r:.60}")
        if z.dim() != 2 or z.shape[1] != self.nz:
            raise ValueError(f"z must have shape (B, {self.nz}), got {tuple(z.shape)}")
        if z.shape[0] != y.shape[0]:
            raise ValueError(f"batch sizes differ: z has {z.shape[0]} rows, y has {y.shape[0]}")
        if self.validate and z.numel() and not bool(torch.isfinite(z).all()):
            row, col = (~torch.isfinite(z)).nonzero()[0].tolist()
            raise ValueError(f"z must be finite, got z[{row}, {col}] = {z[row, col].item()}")
        return z

    def check_inputs(self, z: Tensor, y: Tensor) -> None:
        """The checks of :meth:`forward` (for subclasses that override it).

        Raises:
            TypeError: ``z`` or ``y`` has the wrong type or dtype.
            ValueError: wrong shapes, an empty batch, or (with :attr:`validate`)
                invalid values; the message gives the offending entry.
        """
        self.space.validate(y, check_values=self.validate)
        check_batch(y)
        self._check_z(z, y)

    def forward(self, z: Tensor, y: Tensor) -> Tensor:
        """``z`` (B, nz), ``y`` (as the space defines it) -> images (B, C, H, W) in [-1, 1].

        Raises:
            TypeError, ValueError: see :meth:`check_inputs`.
        """
        self.check_inputs(z, y)
        return self.generate(z, y)

    def generate(self, z: Tensor, y: Tensor) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- sampling -----------------------------------------------------------------
    def sample_noise(
        self,
        n: int,
        generator: torch.Generator | None = None,
        device: torch.device | str | None = None,
    ) -> Tensor:
        """``n`` noise vectors ``(n, nz)`` from the model's noise distribution."""
        check_count(n, "n")
        if device is None and generator is not None:
            device = generator.device
        return NOISE[self.noise](n, self.nz, generator, device)

    def _device(self) -> torch.device:
        p = next(self.parameters(), None)
        return p.device if p is not None else torch.device("cpu")

    @torch.no_grad()
    def sample(
        self,
        y: Tensor | Sequence[Any],
        z: Tensor | None = None,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        """Images for conditions ``y``: a tensor or a list of names (``["blue hair red eyes"]``).

        ``y`` is fully validated; ``z`` is drawn from the noise distribution when
        not given (with ``generator`` for reproducibility, on the CPU then moved).
        Runs without gradients in the module's current mode.

        Returns: (B, C, H, W) in [-1, 1].
        """
        device = self._device()
        y = self.space.as_tensor(y, device=device)
        check_batch(y)
        if z is None:
            gen_device = generator.device if generator is not None else device
            z = self.sample_noise(y.shape[0], generator=generator, device=gen_device).to(device)
        return self(z, y)
