"""The reports' networks: short compositions of condgan's parts, one module per recipe.

Importing this package registers every report network with the model registry
(``r1_generator`` ... ``r5_critic``), so that :func:`condgan.models.create` and
:func:`condgan.training.load_generator` can rebuild them from a checkpoint. The
package declares it in the ``condgan.models`` entry-point group, so the registry
imports it when a checkpoint names one of these networks (see
:mod:`condgan.models.registry`).

Each builder takes only plain values (a condition space, ints, floats, strings,
sequences), the paper's sizes by default; ``image_size`` and the widths shrink
it to CPU scale.
"""

from condgan.recipes.networks import (
    anime_srresnet_dragan,
    cartoon_acgan,
    cartoon_acwgan,
    cartoon_infogan,
    iclevr_acwgan_gp,
    text2anime,
)

__all__ = [
    "anime_srresnet_dragan",
    "cartoon_acgan",
    "cartoon_acwgan",
    "cartoon_infogan",
    "iclevr_acwgan_gp",
    "text2anime",
]
