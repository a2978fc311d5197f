"""Mode-seeking regularisation (Mao et al., "Mode Seeking Generative Adversarial
Networks for Diverse Image Synthesis", CVPR 2019)."""

from __future__ import annotations

from torch import Tensor

from condgan.losses.functional.checks import as_float, check_number

__all__ = ["mode_seeking"]


def mode_seeking(
    images_1: Tensor, images_2: Tensor, z_1: Tensor, z_2: Tensor, *, eps: float = 1e-5
) -> Tensor:
    r"""MSGAN's generator term: the inverse of how far two images of one condition
    move apart per unit of noise,

    .. math::
        L_{ms} = \left(\frac{\operatorname{mean}|G(z_1, y) - G(z_2, y)|}
                            {\operatorname{mean}|z_1 - z_2|} + \epsilon\right)^{-1}

    (batch means of absolute differences, as the authors' code). Minimising it
    keeps the generator from mapping different noise to one image per condition.

    Args:
        images_1, images_2: ``G(z_1, y)`` and ``G(z_2, y)``, ``(B, ...)`` each,
            generated for the *same* conditions ``y``.
        z_1, z_2: the noise they came from, ``(B, nz)`` each.
        eps: :math:`\epsilon > 0`.

    Returns:
        A float32 scalar.
    """
    for a, b, na, nb in ((images_1, images_2, "images_1", "images_2"), (z_1, z_2, "z_1", "z_2")):
        for t, n in ((a, na), (b, nb)):
            if not isinstance(t, Tensor) or not t.is_floating_point():
                got = t.dtype if isinstance(t, Tensor) else type(t).__name__
                raise TypeError(f"{n} must be a float tensor, got {got}")
        if a.shape != b.shape or a.dim() < 2:
            raise ValueError(
                f"{na} and {nb} must have one shape (B, ...), got {tuple(a.shape)} and "
                f"{tuple(b.shape)}"
            )
    if images_1.shape[0] != z_1.shape[0]:
        raise ValueError(
            f"images and noise must have one batch size, got {images_1.shape[0]} and {z_1.shape[0]}"
        )
    eps = check_number(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be > 0, got {eps:g}")
    images = (as_float(images_1) - as_float(images_2)).abs().mean()
    noise = (as_float(z_1) - as_float(z_2)).abs().mean()
    return 1.0 / (images / noise + eps)
