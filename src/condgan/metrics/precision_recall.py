"""Precision, recall, density and coverage of a generated feature set against a real one.

Pure functions on features ``(N, F)``, computed in blocks so that ten thousand
images need no ten-thousand-squared matrix:

* **precision** and **recall** (Kynkäänniemi et al., "Improved Precision and
  Recall Metric for Assessing Generative Models", NeurIPS 2019): each set's
  manifold is the union of balls around its points with the distance to the
  point's k-th nearest neighbour as radius. Precision is the fraction of
  generated points inside the real manifold; recall the fraction of real points
  inside the generated manifold. A generator that collapses (many samples on
  one point) has generated radii near zero, so its recall falls to about 0.
* **density** and **coverage** (Naeem et al., "Reliable Fidelity and Diversity
  Metrics for Generative Models", ICML 2020): density counts how many real
  balls hold each generated point (divided by k; about 1 when both sets come
  from one distribution, above 1 when samples crowd dense real regions);
  coverage is the fraction of real points whose ball holds at least one
  generated point (robust to real outliers, unlike recall).

Balls are open (a point at exactly the radius is outside), as in both papers'
reference code. torch-fidelity's ``prc`` metric computes the first two only,
and on whole sets; condgan needs all four on every condition's subset.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import Tensor

__all__ = ["PRDC", "kth_neighbour_radii", "prdc"]

#: Rows per block of a distance matrix.
BLOCK = 1024


@dataclass
class PRDC:
    """Precision, recall, density and coverage (see :mod:`condgan.metrics.precision_recall`).

    Attributes:
        precision / recall / coverage: fractions in ``[0, 1]``; density: ``>= 0``,
            about 1 for matching sets.
        k: the neighbourhood size; n_real / n_fake: set sizes.
    """

    precision: float
    recall: float
    density: float
    coverage: float
    k: int
    n_real: int
    n_fake: int

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


def _check(name: str, x: Tensor, k: int) -> Tensor:
    if not isinstance(x, Tensor) or x.dim() != 2:
        shape = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
        raise ValueError(f"{name} must be (N, F) features, got {shape}")
    if x.shape[0] <= k:
        raise ValueError(f"{name} must hold more than k={k} rows, got {x.shape[0]}")
    return x.detach().double().cpu()


def kth_neighbour_radii(x: Tensor, k: int) -> Tensor:
    """``(N,)`` distance from each row of ``x (N, F)`` to its k-th nearest other row.

    Raises:
        ValueError: ``k < 1``, ``x`` not 2-D or with ``<= k`` rows.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be an int >= 1, got {k!r}")
    x = _check("x", x, k)
    out = []
    for i in range(0, len(x), BLOCK):
        d = torch.cdist(x[i : i + BLOCK], x)
        # the smallest distance of a row is to itself (0): the k-th neighbour is the (k+1)-th
        out.append(torch.kthvalue(d, k + 1, dim=1).values)
    return torch.cat(out)


def prdc(real: Tensor, fake: Tensor, k: int = 5) -> PRDC:
    """Precision, recall, density and coverage of ``fake (M, F)`` against ``real (N, F)``.

    Closed forms: identical sets without ties give precision = recall =
    coverage = density = 1; all fake rows equal give recall 0; two sets farther
    apart than any radius give 0 for all four.

    Args:
        real / fake: features (any float dtype; computed in float64).
        k: neighbourhood size (Naeem et al. recommend 5).

    Raises:
        ValueError: ``k < 1``; a set not 2-D, with ``<= k`` rows, or of another width.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be an int >= 1, got {k!r}")
    real, fake = _check("real", real, k), _check("fake", fake, k)
    if real.shape[1] != fake.shape[1]:
        raise ValueError(
            f"real and fake must have the same feature width, got {real.shape[1]} and "
            f"{fake.shape[1]}"
        )
    r_real, r_fake = kth_neighbour_radii(real, k), kth_neighbour_radii(fake, k)
    fake_in_real = torch.zeros(len(fake), dtype=torch.bool)  # precision
    balls_per_fake = torch.zeros(len(fake), dtype=torch.float64)  # density
    real_in_fake, covered = [], []  # recall, coverage
    for i in range(0, len(real), BLOCK):
        d = torch.cdist(real[i : i + BLOCK], fake)  # (b, M)
        inside_real = d < r_real[i : i + BLOCK, None]
        fake_in_real |= inside_real.any(dim=0)
        balls_per_fake += inside_real.sum(dim=0)
        real_in_fake.append((d < r_fake[None, :]).any(dim=1))
        covered.append(inside_real.any(dim=1))
    return PRDC(
        precision=float(fake_in_real.double().mean()),
        recall=float(torch.cat(real_in_fake).double().mean()),
        density=float(balls_per_fake.sum() / (k * len(fake))),
        coverage=float(torch.cat(covered).double().mean()),
        k=k,
        n_real=len(real),
        n_fake=len(fake),
    )
