"""The DCGAN family: a generator assembled from parts and a strided-conv critic backbone.

Generator = condition encoder + fusion modules at chosen points + backbone blocks::

    c = encoder(y)
    x = fusion[0](z, c)                   # e.g. InputConcat: [z, c]
    h = first_block(stem(x), c)           # (B, widths[0], s, s)
    h = fusion[1](h, c)                   # e.g. HiddenConcat after block 1
    h = up_block_1(h, c)                  # (B, widths[1], 2s, 2s), norm may be conditional
    ...
    image = up_block_n(h)                 # (B, channels, S, S), tanh

Critic backbone: strided convs -> flattened features ``(B, F)`` for the heads of
a :class:`~condgan.heads.Critic`; optionally the encoded condition joins the
image channels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from einops import rearrange
from torch import Tensor, nn

from condgan.conditions import ConditionSpace, HiddenConcat, InputConcat, OneHot
from condgan.conditions.space import check_count
from condgan.layers import (
    ActLayer,
    ConvBlock,
    ConvTransposeToMap,
    NormLayer,
    UpConvBlock,
    check_images,
    init_weights,
    is_conditional,
    leaky_relu,
)
from condgan.models.base import ConditionalGenerator, check_encoder
from condgan.models.hierarchical_noise import HierarchicalNoise
from condgan.models.sizes import check_image_size, default_widths, doublings, halvings

__all__ = ["DCGANBackbone", "DCGANGenerator"]


def _per_block(value: object, n: int, name: str) -> list:
    """``value`` repeated ``n`` times, or ``value`` itself when it is a sequence of ``n``.

    Raises:
        ValueError: a sequence whose length is not ``n``.
    """
    if isinstance(value, Sequence) and not isinstance(value, str):
        values = list(value)
        if len(values) != n:
            raise ValueError(
                f"{name} must be one value or {n} values (one per block), got {value!r}"
            )
        return values
    return [value] * n


def _check_size(image_size: int, family: str) -> int:
    """:func:`check_image_size`, and even (each up-block doubles the map)."""
    check_image_size(image_size, family=family)
    if image_size % 2:
        raise ValueError(
            f"{family} builds at even image sizes from 8 to 256 (each up-block doubles the "
            f"map), got image_size={image_size}"
        )
    return image_size


def _check_fusion(fusion: Mapping[int, nn.Module], n: int) -> dict[int, nn.Module]:
    out: dict[int, nn.Module] = {}
    for point, module in fusion.items():
        if isinstance(point, bool) or not isinstance(point, int) or not 0 <= point <= n:
            raise ValueError(
                f"fusion points must be ints in [0, {n}] (0: the input, k: after block k), "
                f"got {point!r}"
            )
        if not isinstance(module, nn.Module) or not callable(getattr(module, "out_dim", None)):
            raise TypeError(
                f"fusion[{point}] must be an nn.Module with an out_dim(in_dim, cond_dim) method "
                f"(InputConcat, HiddenConcat), got {type(module).__name__}"
            )
        out[point] = module
    return out


class DCGANGenerator(ConditionalGenerator):
    """A conditional DCGAN generator assembled from an encoder, fusion modules and blocks.

    Args:
        space: the condition space.
        encoder: ``y -> c (B, D)`` with an ``out_dim`` (default
            :class:`~condgan.conditions.OneHot`).
        nz: noise width.
        image_size: output side, even, from 8 to 256; ``first_size * 2 ** len(widths)``.
        channels: output channels (1 or 3, or any other count).
        widths: maps of the blocks: the first block's, then each up-block's; a last
            up-block maps ``widths[-1]`` to ``channels`` with ``out_act_layer``.
            Default: one block per doubling from a first map at least 4 wide
            (:func:`~condgan.models.sizes.doublings`: 64 -> 512, 256, 128, 64 from
            4x4; 28 -> 128, 64 from 7x7), halving from 512.
        first_size: spatial size of the first block (default
            ``image_size // 2 ** len(widths)``).
        first_block: ``(in, out, size, *, norm_layer, act_layer, dropout, bias) -> module``
            turning the input vector into the first map:
            :class:`~condgan.layers.ConvTransposeToMap` (default) or
            :class:`~condgan.layers.LinearToMap`.
        stem_dim: optional linear layer (bias, no activation) on the fused input
            before the first block (R2: 128).
        kernel_size: kernel of the up-blocks (padding chosen to double the size).
        fusion: where ``c`` enters: point -> module, point 0 the input vector
            ``z`` and point ``k`` the map after block ``k`` (``1 <= k <= len(widths)``).
            Default ``{0: InputConcat()}``. Each module has
            ``out_dim(in_dim, cond_dim)`` so the next layer is sized to match.
        norm_layer: ``(channels) -> norm`` for every block but the last, or one
            per block (``len(widths)``; ``None`` entries: no norm). A conditional
            norm such as ``functools.partial(ConditionalBatchNorm2d, cond_dim=D)``
            receives ``c``.
        act_layer: activation constructor of every block but the last.
        out_act_layer: activation of the last block (default ``nn.Tanh``).
        conv_layer: transposed-conv constructor of the up-blocks.
        dropout: drop probability after each block but the last (one or one per block).
        bias: biases in the convs and the first block.
        noise: ``"normal"`` or ``"uniform"``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).
        hierarchical_noise: BigGAN's skip-z (:class:`~condgan.models.HierarchicalNoise`):
            ``z`` is split into ``1 + len(widths)`` chunks; the first is the input
            (``nz`` becomes ``chunks[0]`` there) and block ``k``'s conditional norm
            reads ``cat(c, z_k)``. Every block but the last then needs a
            conditional norm of ``cond_dim = c's width + chunks[k]``
            (:meth:`HierarchicalNoise.cond_dims`; the ``dcgan_generator`` builder
            sizes them); with BigGAN's shared embedding use a learned encoder and
            no input concat.

    Shapes: ``z`` (B, nz), ``y`` -> (B, channels, image_size, image_size) in [-1, 1].

    Example:
        >>> G = DCGANGenerator(space, encoder=FixedEmbedding(space, 16),
        ...                    fusion={0: InputConcat(), 1: HiddenConcat()})
    """

    def __init__(
        self,
        space: ConditionSpace,
        *,
        encoder: nn.Module | None = None,
        nz: int = 100,
        image_size: int = 64,
        channels: int = 3,
        widths: Sequence[int] | None = None,
        first_size: int | None = None,
        first_block: Callable[..., nn.Module] = ConvTransposeToMap,
        stem_dim: int | None = None,
        kernel_size: int = 4,
        fusion: Mapping[int, nn.Module] | None = None,
        norm_layer: NormLayer | Sequence[NormLayer | None] | None = nn.BatchNorm2d,
        act_layer: ActLayer = nn.ReLU,
        out_act_layer: ActLayer = nn.Tanh,
        conv_layer: Callable[..., nn.Module] = nn.ConvTranspose2d,
        dropout: float | Sequence[float] = 0.0,
        bias: bool = True,
        noise: str = "normal",
        init_std: float | None = 0.02,
        hierarchical_noise: bool = False,
    ) -> None:
        super().__init__(
            space, nz=nz, image_size=_check_size(image_size, "DCGANGenerator"), channels=channels,
            noise=noise,
        )  # fmt: skip
        if widths is None:
            widths = default_widths(doublings(image_size), increasing=False)
        widths = [check_count(w, "widths[i]") for w in widths]
        n = len(widths)
        if first_size is None:
            if image_size % 2**n:
                ups = doublings(image_size, min_first=1)
                raise ValueError(
                    f"DCGANGenerator: image_size {image_size} is not first_size * 2 ** {n} "
                    f"({n} widths, each up-block doubling the map); {image_size} allows at most "
                    f"{ups} widths (or widths=None for the default layout)"
                )
            first_size = image_size // 2**n
        check_count(first_size, "first_size")
        if first_size * 2**n != image_size:
            raise ValueError(
                f"image_size {image_size} needs first_size * 2 ** len(widths) == {image_size}; "
                f"got first_size={first_size} and {n} widths ({first_size * 2**n})"
            )
        self.encoder = check_encoder(OneHot(space) if encoder is None else encoder)
        c_dim = int(self.encoder.out_dim)
        self.cond_dim = c_dim
        points = _check_fusion({0: InputConcat()} if fusion is None else fusion, n)
        self.fusion = nn.ModuleDict({str(k): m for k, m in sorted(points.items())})
        norms = _per_block(norm_layer, n, "norm_layer")
        drops = [float(d) for d in _per_block(dropout, n, "dropout")]

        self.noise_split = HierarchicalNoise(nz, n) if hierarchical_noise else None
        z_dim = nz if self.noise_split is None else self.noise_split.chunks[0]
        width = z_dim if 0 not in points else points[0].out_dim(z_dim, c_dim)
        self.stem = nn.Linear(width, stem_dim) if stem_dim else nn.Identity()
        width = stem_dim or width
        self.first = first_block(
            width, widths[0], first_size, norm_layer=norms[0], act_layer=act_layer,
            dropout=drops[0], bias=bias,
        )  # fmt: skip
        blocks: list[nn.Module] = []
        for k in range(1, n + 1):
            width = widths[k - 1]
            if k in points:
                width = points[k].out_dim(width, c_dim)
            last = k == n
            blocks.append(
                UpConvBlock(
                    width, channels if last else widths[k], kernel_size, conv_layer=conv_layer,
                    norm_layer=None if last else norms[k], act_layer=out_act_layer if last
                    else act_layer, dropout=0.0 if last else drops[k], bias=bias,
                )
            )  # fmt: skip
        self.blocks = nn.ModuleList(blocks)
        if self.noise_split is not None:
            _check_hierarchical_norms([self.first, *blocks[:-1]], self.noise_split.cond_dims(c_dim))
        if init_std is not None:
            init_weights(self, init_std)

    @property
    def fusion_points(self) -> dict[int, str]:
        """Where the condition enters: point -> fusion module class name."""
        return {int(k): type(m).__name__ for k, m in self.fusion.items()}

    def _fuse(self, point: int, h: Tensor, c: Tensor) -> Tensor:
        key = str(point)
        return self.fusion[key](h, c) if key in self.fusion else h

    def generate(self, z: Tensor, y: Tensor) -> Tensor:
        c = self.encoder(y).to(z.dtype)
        n = len(self.blocks)
        if self.noise_split is None:
            conds = [c] * (n + 1)
        else:  # the input's chunk, then cat(c, z_k) for block k's norm; the last has none
            z, conds = self.noise_split(z, c)
            conds.append(c)
        h = self.first(self.stem(self._fuse(0, z, c)), conds[0])
        for k, block in enumerate(self.blocks, start=1):
            h = block(self._fuse(k, h, c), conds[k])
        return h


def _check_hierarchical_norms(blocks: Sequence[nn.Module], cond_dims: Sequence[int]) -> None:
    """Each block but the last must hold one conditional norm reading ``cond_dims[k]``."""
    for k, (block, want) in enumerate(zip(blocks, cond_dims, strict=True)):
        got = [int(m.cond_dim) for m in block.modules() if is_conditional(m)]
        if got != [want]:
            found = f"conditional norms of cond_dim {got}" if got else "no conditional norm"
            raise ValueError(
                f"hierarchical_noise: block {k} has {found}; each block but the last needs one "
                f"conditional norm (e.g. ConditionalBatchNorm2d) with cond_dim={want} (the "
                "condition's width plus its noise chunk, HierarchicalNoise.cond_dims), or the "
                "block's noise chunk would be dropped"
            )


class DCGANBackbone(nn.Module):
    """A DCGAN critic backbone: strided convs -> flattened features ``(B, F)``.

    Args:
        image_size: input side, from 8 to 256.
        channels: input channels (1 or 3, or any other count).
        widths: feature maps of the strided convs (each halves H and W). Default:
            one conv per halving down to at most 4x4
            (:func:`~condgan.models.sizes.halvings`), doubling from 64 up to 512.
        kernel_size: kernel of the strided convs (padding ``(k - 1) // 2``).
        final_width: optional last conv, stride 1, kernel = the remaining map
            size, down to 1x1 with ``final_width`` maps (R1: 512).
        conv_layer: conv constructor (``nn.Conv2d`` or
            :func:`~condgan.layers.sn_conv2d` for spectral norm).
        norm_layer: norm constructor or ``None`` (not after the first conv unless
            ``norm_first``).
        norm_first: also normalise after the first conv (DCGAN does not).
        act_layer: activation constructor (default LeakyReLU 0.2).
        dropout: drop probability after each conv (a number or one per conv).
        dropout_layer: ``nn.Dropout`` or ``nn.Dropout2d``.
        bias: biases in the convs.
        space, encoder: to concatenate the encoded condition to the image
            channels (:class:`~condgan.conditions.HiddenConcat` on the image), give
            the space and an encoder module; ``encoder=None`` (default): the
            backbone ignores ``y``.
        init_std: std of :func:`~condgan.layers.init_weights` (``None``: PyTorch's init).

    Attributes:
        out_dim: ``F``, the width of the features.
        feature_shape: ``(C, H, W)`` of the last map before flattening.

    Shapes: ``x`` (B, channels, image_size, image_size), ``y`` -> (B, F).
    """

    def __init__(
        self,
        *,
        image_size: int = 64,
        channels: int = 3,
        widths: Sequence[int] | None = None,
        kernel_size: int = 4,
        final_width: int | None = None,
        conv_layer: Callable[..., nn.Module] = nn.Conv2d,
        norm_layer: NormLayer | None = None,
        norm_first: bool = False,
        act_layer: ActLayer = leaky_relu,
        dropout: float | Sequence[float] = 0.0,
        dropout_layer: Callable[[float], nn.Module] = nn.Dropout,
        bias: bool = True,
        space: ConditionSpace | None = None,
        encoder: nn.Module | None = None,
        init_std: float | None = 0.02,
    ) -> None:
        super().__init__()
        self.image_size = check_image_size(image_size, family="DCGANBackbone")
        self.channels = check_count(channels, "channels")
        if widths is None:
            widths = default_widths(halvings(image_size, kernel_size=kernel_size), increasing=True)
        widths = [check_count(w, "widths[i]") for w in widths]
        if not widths:
            raise ValueError("widths must hold at least one width, got none")
        if encoder is not None and space is None:
            raise ValueError("encoder was given without the condition space; pass space= too")
        self.space = space
        self.encoder = check_encoder(encoder) if encoder is not None else None
        self.condition = HiddenConcat() if encoder is not None else None
        c_dim = int(self.encoder.out_dim) if self.encoder is not None else 0
        n = len(widths) + (1 if final_width else 0)
        drops = [float(d) for d in _per_block(dropout, n, "dropout")]
        pad = (kernel_size - 1) // 2
        size, in_ch, blocks = image_size, channels + c_dim, []
        for i, w in enumerate(widths):
            blocks.append(
                ConvBlock(
                    in_ch, w, kernel_size, 2, pad, conv_layer=conv_layer,
                    norm_layer=norm_layer if (i > 0 or norm_first) else None,
                    act_layer=act_layer, dropout=drops[i], dropout_layer=dropout_layer, bias=bias,
                )
            )  # fmt: skip
            size = (size + 2 * pad - kernel_size) // 2 + 1
            if size < 1:
                raise ValueError(
                    f"DCGANBackbone: {len(widths)} strided convs shrink a {image_size}x"
                    f"{image_size} image below 1x1 (after conv {i + 1}); use at most {i} widths "
                    "(or widths=None for the default layout)"
                )
            in_ch = w
        if final_width:
            blocks.append(
                ConvBlock(
                    in_ch, final_width, size, 1, 0, conv_layer=conv_layer, act_layer=act_layer,
                    dropout=drops[-1], dropout_layer=dropout_layer, bias=bias,
                )
            )  # fmt: skip
            size, in_ch = 1, final_width
        self.blocks = nn.ModuleList(blocks)
        self.feature_shape = (in_ch, size, size)
        self.out_dim = in_ch * size * size
        if init_std is not None:
            init_weights(self, init_std)

    def forward(self, x: Tensor, y: Tensor | None = None) -> Tensor:
        """``x`` (B, C, H, W) (and ``y`` when the condition joins the image) -> (B, F)."""
        check_images(x, channels=self.channels, size=self.image_size)
        if self.encoder is not None:
            if y is None:
                raise ValueError("this backbone concatenates the condition to the image; y is None")
            assert self.space is not None and self.condition is not None
            self.space.validate(y, check_values=False)
            x = self.condition(x, self.encoder(y))
        h = x
        for block in self.blocks:
            h = block(h)
        return rearrange(h, "b c h w -> b (c h w)")
