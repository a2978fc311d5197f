"""SRResNet-style generator and residual critic backbone (R5, after Jin et al. 2017)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from einops import rearrange
from torch import Tensor, nn

from condgan.conditions import ConditionSpace, InputConcat, OneHot
from condgan.conditions.space import check_count
from condgan.layers import (
    ActLayer,
    ConvBlock,
    NormLayer,
    PixelShuffleUp,
    Reshape,
    ResidualBlock,
    apply_norm,
    check_images,
    init_weights,
    leaky_relu,
)
from condgan.models.base import ConditionalGenerator, check_encoder
from condgan.models.sizes import check_image_size, doublings

__all__ = ["SRResNetGenerator", "SRResNetBackbone"]


class SRResNetGenerator(ConditionalGenerator):
    """SRResNet-like generator: ``[z, c] -> linear -> res blocks -> pixel-shuffle ups -> image``.

    R5: ``[z (100), tags (23)] -> 64x12x12``, BN, ReLU; 16 residual blocks (two
    3x3 convs of 64 maps, BN, ReLU); three stages of 3x3 conv to 256 maps,
    PixelShuffle(2), BN, ReLU (12 -> 24 -> 48 -> 96); a 9x9 conv to 3 maps, tanh.

    Args:
        space: the condition space.
        nz: noise width.
        image_size: output side from 8 to 256, divisible by ``2 ** num_upsamples``.
        channels: output channels.
        width: maps of the trunk (R5: 64); each up stage's conv has ``4 * width``.
        num_blocks: residual blocks (R5: 16).
        num_upsamples: pixel-shuffle stages (R5: 3). Default: as many as divide
            ``image_size`` (at most 3, the first map at least 4 wide); 0 for odd sizes.
        out_kernel: kernel of the output conv (R5: 9).
        encoder: ``y -> c (B, D)`` with an ``out_dim`` (default
            :class:`~condgan.conditions.OneHot`: the one-hot / multi-hot vector),
            joined to ``z`` at the input (:class:`~condgan.conditions.InputConcat`).
        norm_layer: norm constructor or ``None``; a conditional norm
            (``functools.partial(ConditionalBatchNorm2d, cond_dim=D)``) receives ``c``.
        act_layer: activation constructor of the trunk, residual and up blocks.
        noise: ``"normal"`` or ``"uniform"``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Shapes: ``z`` (B, nz), ``y`` -> (B, channels, image_size, image_size) in [-1, 1].
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        nz: int = 100,
        image_size: int = 96,
        channels: int = 3,
        width: int = 64,
        num_blocks: int = 16,
        num_upsamples: int | None = None,
        out_kernel: int = 9,
        encoder: nn.Module | None = None,
        norm_layer: NormLayer | None = nn.BatchNorm2d,
        act_layer: ActLayer = nn.ReLU,
        noise: str = "normal",
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__(
            space, nz=nz, image_size=check_image_size(image_size, family="SRResNetGenerator"),
            channels=channels, noise=noise,
        )  # fmt: skip
        check_count(width, "width")
        if num_upsamples is None:
            num_upsamples = doublings(image_size, most=3)
        if image_size % 2**num_upsamples:
            raise ValueError(
                f"SRResNetGenerator: image_size {image_size} must be divisible by "
                f"2 ** num_upsamples ({2**num_upsamples}); {image_size} allows num_upsamples <= "
                f"{doublings(image_size, min_first=1)}"
            )
        self.encoder = check_encoder(OneHot(space) if encoder is None else encoder)
        self.input_fusion = InputConcat()
        in_dim = self.input_fusion.out_dim(nz, int(self.encoder.out_dim))
        base = image_size // 2**num_upsamples
        self.base_size = base
        self.linear = nn.Linear(in_dim, width * base * base)
        self.reshape = Reshape(width, base, base)
        self.norm = norm_layer(width) if norm_layer is not None else None
        self.act = act_layer()
        self.res = nn.ModuleList(
            ResidualBlock(width, 3, norm_layer=norm_layer, act_layer=act_layer)
            for _ in range(num_blocks)
        )
        self.up = nn.ModuleList(
            PixelShuffleUp(width, width, norm_layer=norm_layer, act_layer=act_layer)
            for _ in range(num_upsamples)
        )
        self.out = ConvBlock(width, channels, out_kernel, 1, out_kernel // 2, act_layer=nn.Tanh)
        if init_std is not None:
            init_weights(self, init_std)

    def generate(self, z: Tensor, y: Tensor) -> Tensor:
        c = self.encoder(y).to(z.dtype)
        h = self.reshape(self.linear(self.input_fusion(z, c)))
        if self.norm is not None:
            h = apply_norm(self.norm, h, c)
        h = self.act(h)
        for block in self.res:
            h = block(h, c)
        for block in self.up:
            h = block(h, c)
        return self.out(h)


class SRResNetBackbone(nn.Module):
    """R5's critic backbone: strided convs with residual blocks between -> features ``(B, F)``.

    Stage ``i``: a conv with ``kernels[i]``, stride 2, ``widths[i]`` maps and
    LeakyReLU, then ``blocks[i]`` residual blocks (conv, LeakyReLU, conv, sum,
    LeakyReLU; no norm). R5 (96x96): widths ``(32, 64, 128, 256, 512, 1024)``,
    kernels ``(4, 4, 4, 3, 3, 3)``, blocks ``(2, 4, 4, 4, 4, 0)``: 96 -> 48 -> 24
    -> 12 -> 6 -> 3 -> 2, so ``F = 1024 * 2 * 2``.

    Args:
        image_size, channels: the input images.
        widths, kernels, blocks: per stage (same length).
        conv_layer: ``nn.Conv2d`` or ``sn_conv2d`` (R5: spectral norm).
        act_layer: activation constructor (default LeakyReLU 0.2).
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Attributes:
        out_dim, feature_shape: as :class:`~condgan.models.DCGANBackbone`.

    Shapes: ``x`` (B, C, H, W) -> (B, F); ``y`` is ignored.
    """

    space = None

    def __init__(
        self,
        *,
        image_size: int = 96,
        channels: int = 3,
        widths: Sequence[int] = (32, 64, 128, 256, 512, 1024),
        kernels: Sequence[int] = (4, 4, 4, 3, 3, 3),
        blocks: Sequence[int] = (2, 4, 4, 4, 4, 0),
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        act_layer: ActLayer = leaky_relu,
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__()
        self.image_size = check_image_size(image_size, family="SRResNetBackbone")
        self.channels = check_count(channels, "channels")
        if not (len(widths) == len(kernels) == len(blocks)) or not widths:
            raise ValueError(
                "widths, kernels and blocks must be non-empty and of the same length, got "
                f"{len(widths)}, {len(kernels)} and {len(blocks)}"
            )
        act = act_layer
        layers: list[nn.Module] = []
        size, in_ch = image_size, channels
        for stage, (w, k, n) in enumerate(zip(widths, kernels, blocks), start=1):
            pad = (k - 1) // 2
            layers.append(ConvBlock(in_ch, w, k, 2, pad, conv_layer=conv_layer, act_layer=act))
            layers.extend(
                ResidualBlock(w, 3, conv_layer=conv_layer, norm_layer=None, act_layer=act,
                              post_act=True)
                for _ in range(n)
            )  # fmt: skip
            size = (size + 2 * pad - k) // 2 + 1
            if size < 1:
                raise ValueError(
                    f"SRResNetBackbone: {len(widths)} strided stages shrink a {image_size}x"
                    f"{image_size} image below 1x1 (at stage {stage}); use at most "
                    f"{stage - 1} stages"
                )
            in_ch = w
        self.layers = nn.Sequential(*layers)
        self.feature_shape = (in_ch, size, size)
        self.out_dim = in_ch * size * size
        if init_std is not None:
            init_weights(self, init_std)

    def forward(self, x: Tensor, y: Tensor | None = None) -> Tensor:
        check_images(x, channels=self.channels, size=self.image_size)
        return rearrange(self.layers(x), "b c h w -> b (c h w)")
