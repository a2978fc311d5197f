"""BigGAN's hierarchical latent space: one chunk of the noise per generator block.

Brock, Donahue and Simonyan, *Large Scale GAN Training for High Fidelity
Natural Image Synthesis* (ICLR 2019), section 3 and appendix B ("skip-z"): the
noise ``z`` is split into one chunk per resolution. The first chunk is the
generator's input; every other chunk is concatenated to the shared condition
embedding ``c`` and the result is projected to that block's batch-norm gains and
biases (a :class:`~condgan.conditions.ConditionalBatchNorm2d` with a wider
``cond_dim``). The noise thus reaches every block directly instead of only
through the first layer.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from condgan.conditions.space import check_count

__all__ = ["HierarchicalNoise", "noise_chunks"]


def noise_chunks(nz: int, blocks: int) -> list[int]:
    """Widths of the ``1 + blocks`` chunks of a ``nz``-wide noise (the input's first).

    As :func:`torch.tensor_split`: equal widths, the first ``nz % (1 + blocks)`` one
    wider. ``noise_chunks(120, 5) == [20] * 6`` (BigGAN at 128 px);
    ``noise_chunks(64, 3) == [16] * 4``; ``noise_chunks(10, 3) == [3, 3, 2, 2]``.

    Raises:
        ValueError: ``blocks < 1`` or ``nz < 1 + blocks`` (a chunk would be empty).
    """
    nz, blocks = check_count(nz, "nz"), check_count(blocks, "blocks")
    parts = 1 + blocks
    if nz < parts:
        raise ValueError(
            f"nz={nz} is too narrow for hierarchical noise over {blocks} block(s): it is split "
            f"into {parts} chunks (the input's and one per block), so nz must be >= {parts}"
        )
    return [nz // parts + (1 if i < nz % parts else 0) for i in range(parts)]


class HierarchicalNoise(nn.Module):
    """Split ``z`` into the input's chunk and one condition per block (BigGAN's skip-z).

    Args:
        nz: noise width.
        blocks: blocks with a conditional norm (each gets its own chunk).

    Attributes:
        chunks: :func:`noise_chunks` ``(nz, blocks)``; ``chunks[0]`` is the input's width.

    Shapes: ``z`` (B, nz), ``c`` (B, D) -> ``(z0 (B, chunks[0]), [c_k (B, D + chunks[k])])``
    for ``k = 1 .. blocks``, each ``c_k = cat(c, z_k)``.
    """

    def __init__(self, nz: int, blocks: int) -> None:
        super().__init__()
        self.nz = check_count(nz, "nz")
        self.chunks = noise_chunks(nz, blocks)

    def cond_dims(self, cond_dim: int) -> list[int]:
        """The condition width of each block's norm: ``cond_dim + chunks[k]``, k >= 1."""
        return [int(cond_dim) + w for w in self.chunks[1:]]

    def forward(self, z: Tensor, c: Tensor) -> tuple[Tensor, list[Tensor]]:
        if z.ndim != 2 or z.shape[1] != self.nz:
            raise ValueError(f"z must have shape (B, {self.nz}), got {tuple(z.shape)}")
        if c.ndim != 2 or c.shape[0] != z.shape[0]:
            raise ValueError(
                f"c must have shape (B, D) with B = {z.shape[0]} (z's batch), got {tuple(c.shape)}"
            )
        parts = torch.split(z, self.chunks, dim=1)
        return parts[0], [torch.cat([c, p], dim=1) for p in parts[1:]]

    def extra_repr(self) -> str:
        return f"nz={self.nz}, chunks={self.chunks}"
