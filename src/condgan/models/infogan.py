"""InfoGAN generator (R3's bonus): noise, condition and latent codes -> image.

The critic side is a :class:`~condgan.models.DCGANBackbone` (four Conv,
LeakyReLU, Dropout2d blocks) with an :class:`~condgan.heads.InfoHead`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.space import check_count
from condgan.layers import ActLayer, NormLayer, Reshape, init_weights, leaky_relu
from condgan.models.base import ConditionalGenerator, check_encoder
from condgan.models.sizes import check_image_size
from condgan.types import InfoCodes

__all__ = ["InfoGANGenerator", "InfoSpec"]


@dataclass(frozen=True)
class InfoSpec:
    """The latent codes of an InfoGAN generator.

    Attributes:
        categorical: number of classes of each categorical code (uniform prior).
        continuous: number of continuous codes (U(-1, 1) prior).
    """

    categorical: tuple[int, ...] = ()
    continuous: int = 0

    @property
    def code_dim(self) -> int:
        """Width of the codes as the generator reads them (one-hots + continuous)."""
        return sum(self.categorical) + self.continuous


class InfoGANGenerator(ConditionalGenerator):
    """``[z, c(y), one-hot codes, continuous codes] -> linear -> 3 x (BN, Upsample, Conv) -> tanh``.

    Blocks: ``BN, Upsample x2, Conv3x3 (w0 -> w0)``; ``BN, LeakyReLU, Upsample x2,
    Conv3x3 (w0 -> w1)``; ``BN, LeakyReLU, Conv3x3 (w1 -> channels)``; tanh. The
    linear layer gives a ``(w0, image_size / 4, image_size / 4)`` map.

    Args:
        space: the condition space.
        nz: noise width.
        image_size: output side, a multiple of 4 from 8 to 256 (two x2 upsamplings).
        channels: output channels.
        widths: ``(w0, w1)`` (default ``(128, 64)``).
        categorical: classes of each categorical code.
        continuous: number of continuous codes.
        encoder: ``y -> c (B, D)`` with an ``out_dim``, joined to ``z`` and the
            codes; ``None`` (default): the generator does not read ``y``
            (unsupervised conditional generation as in R3's bonus, where only the
            codes steer; ``y`` is then checked but unused).
        norm_layer, act_layer: norm and activation constructors of the blocks
            (default BN and LeakyReLU 0.2).
        noise: ``"normal"`` or ``"uniform"``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Attributes:
        info_spec: the :class:`InfoSpec` of the codes.

    Shapes: ``z`` (B, nz), ``y``, ``codes`` -> (B, channels, image_size, image_size).
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        nz: int = 62,
        image_size: int = 64,
        channels: int = 3,
        widths: Sequence[int] = (128, 64),
        categorical: Sequence[int] = (10,),
        continuous: int = 2,
        encoder: nn.Module | None = None,
        norm_layer: NormLayer = nn.BatchNorm2d,
        act_layer: ActLayer = leaky_relu,
        noise: str = "normal",
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__(
            space,
            nz=nz,
            image_size=check_image_size(
                image_size, family="InfoGANGenerator (two x2 upsamplings)", multiple_of=4
            ),
            channels=channels,
            noise=noise,
        )
        if len(widths) != 2:
            raise ValueError(f"widths must be two widths (w0, w1), got {tuple(widths)}")
        w0, w1 = (check_count(w, "widths[i]") for w in widths)
        cats = tuple(check_count(k, "categorical[i]") for k in categorical)
        if isinstance(continuous, bool) or not isinstance(continuous, int) or continuous < 0:
            raise ValueError(f"continuous must be an int >= 0, got {continuous!r}")
        if not cats and not continuous:
            raise ValueError(
                "an InfoGAN generator needs at least one categorical or continuous code"
            )
        self.info_spec = InfoSpec(cats, continuous)
        self.encoder = check_encoder(encoder) if encoder is not None else None
        c_dim = int(self.encoder.out_dim) if self.encoder is not None else 0
        s = image_size // 4
        self.linear = nn.Linear(nz + c_dim + self.info_spec.code_dim, w0 * s * s)
        self.reshape = Reshape(w0, s, s)
        self.blocks = nn.Sequential(
            norm_layer(w0),
            nn.Upsample(scale_factor=2),
            nn.Conv2d(w0, w0, 3, 1, 1),
            norm_layer(w0),
            act_layer(),
            nn.Upsample(scale_factor=2),
            nn.Conv2d(w0, w1, 3, 1, 1),
            norm_layer(w1),
            act_layer(),
            nn.Conv2d(w1, channels, 3, 1, 1),
            nn.Tanh(),
        )
        if init_std is not None:
            init_weights(self, init_std)

    @property
    def use_condition(self) -> bool:
        """Whether the generator reads ``y`` (it has an encoder)."""
        return self.encoder is not None

    def sample_codes(
        self,
        n: int,
        generator: torch.Generator | None = None,
        device: torch.device | str | None = None,
    ) -> InfoCodes:
        """``n`` codes from the priors: uniform classes and U(-1, 1) continuous codes."""
        check_count(n, "n")
        if device is None and generator is not None:
            device = generator.device
        cat = [
            torch.randint(0, k, (n,), generator=generator, device=device)
            for k in self.info_spec.categorical
        ]
        cont = None
        if self.info_spec.continuous:
            cont = torch.rand(n, self.info_spec.continuous, generator=generator, device=device)
            cont = cont * 2 - 1
        return InfoCodes(categorical=cat, continuous=cont)

    def _codes_vector(self, codes: InfoCodes, batch: int, like: Tensor) -> Tensor:
        spec = self.info_spec
        if not isinstance(codes, InfoCodes):
            raise TypeError(f"codes must be InfoCodes or None, got {type(codes).__name__}")
        if len(codes.categorical) != len(spec.categorical):
            raise ValueError(
                f"codes.categorical must hold {len(spec.categorical)} tensors (classes "
                f"{list(spec.categorical)}), got {len(codes.categorical)}"
            )
        parts = []
        for i, (code, k) in enumerate(zip(codes.categorical, spec.categorical)):
            if not isinstance(code, Tensor) or code.dtype != torch.long or code.shape != (batch,):
                raise ValueError(
                    f"codes.categorical[{i}] must be a long tensor of shape ({batch},), got "
                    f"{code!r:.80}"
                )
            parts.append(F.one_hot(code, k).to(like.dtype))
        if spec.continuous:
            cont = codes.continuous
            if not isinstance(cont, Tensor) or tuple(cont.shape) != (batch, spec.continuous):
                raise ValueError(
                    f"codes.continuous must have shape ({batch}, {spec.continuous}), got "
                    f"{None if cont is None else tuple(cont.shape)}"
                )
            parts.append(cont.to(like.dtype))
        return torch.cat(parts, dim=1)

    def forward(self, z: Tensor, y: Tensor, codes: InfoCodes | None = None) -> Tensor:
        """``z`` (B, nz), ``y``, ``codes`` (drawn from the priors when ``None``) -> images."""
        self.check_inputs(z, y)
        if codes is None:
            codes = self.sample_codes(z.shape[0], device=z.device)
        parts = [z]
        if self.encoder is not None:
            parts.append(self.encoder(y).to(z.dtype))
        parts.append(self._codes_vector(codes, z.shape[0], z))
        return self.blocks(self.reshape(self.linear(torch.cat(parts, dim=1))))

    @torch.no_grad()
    def sample(
        self,
        y: Tensor | Sequence[Any],
        z: Tensor | None = None,
        generator: torch.Generator | None = None,
        codes: InfoCodes | None = None,
    ) -> Tensor:
        """As :meth:`ConditionalGenerator.sample`, with optional ``codes`` (else drawn)."""
        device = self._device()
        y = self.space.as_tensor(y, device=device)
        gen_device = generator.device if generator is not None else device
        if z is None:
            z = self.sample_noise(y.shape[0], generator=generator, device=gen_device).to(device)
        if codes is None:
            codes = self.sample_codes(y.shape[0], generator=generator, device=gen_device)
            codes = InfoCodes(
                [c.to(device) for c in codes.categorical],
                None if codes.continuous is None else codes.continuous.to(device),
            )
        return self(z, y, codes)
