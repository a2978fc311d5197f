"""A recipe for your own data: a DCGAN-family model sized to the images, for any space.

``build_own_data(data)`` takes a data set from :func:`condgan.data.load` and
returns a :class:`~condgan.recipes.Recipe`: a DCGAN generator (the condition
one-hot or embedding joins the noise; multi-label conditions take BigGAN's
shared embedding and hierarchical noise, :data:`GENERATOR_CONDITIONING`) and a
DCGAN critic with a projection head, plus an auxiliary classifier where the
space has one (class, attributes, multi-label; not text), trained with the
hinge loss. Depth follows the image
side (:func:`network_plan`), width the scale (:data:`OWN_SCALES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from condgan.conditions import ConditionSpace
from condgan.heads import auxiliary_head
from condgan.losses import Objective
from condgan.models import create
from condgan.models.sizes import default_widths, doublings, halvings
from condgan.recipes.recipe import Recipe
from condgan.training import TrainConfig, optim_preset

__all__ = [
    "BIGGAN_CONDITIONING",
    "GENERATOR_CONDITIONING",
    "INPUT_CONDITIONING",
    "OWN_SCALES",
    "OwnScale",
    "build_own_data",
    "generator_conditioning",
    "has_classifier",
    "network_plan",
    "own_parts",
]


@dataclass(frozen=True)
class OwnScale:
    """Widths and budget of one scale of the own-data recipe.

    Attributes:
        width: feature maps of the generator's last block and the critic's first
            conv; each block further in doubles it, up to ``max_width``
            (:func:`condgan.models.sizes.default_widths`).
        max_width: the widest block.
        nz: noise width.
        steps, batch_size: the training budget.
        sample_every: iterations between sample grids.
    """

    width: int
    max_width: int
    nz: int
    steps: int
    batch_size: int
    sample_every: int


#: ``paper``: full-width nets for a GPU; ``cpu``: minutes on two cores; ``smoke``: seconds.
OWN_SCALES: dict[str, OwnScale] = {
    "paper": OwnScale(64, 512, 128, 50_000, 64, 1000),
    "cpu": OwnScale(16, 128, 64, 2000, 32, 200),
    "smoke": OwnScale(4, 8, 8, 2, 4, 1),
}


#: BigGAN's conditioning (Brock et al. 2019): a learned embedding shared by every block's
#: conditional batch norm, with hierarchical noise (a chunk of ``z`` per block), and no
#: condition at the input (:class:`~condgan.models.HierarchicalNoise`).
BIGGAN_CONDITIONING: dict[str, Any] = {
    "encoder": "learned", "encoder_dim": 32, "input_concat": False, "norm_layer": "cbn",
    "hierarchical_noise": True,
}  # fmt: skip

#: the generator's conditioning per condition kind (``ConditionSpace.type_name``; the
#: ``dcgan_generator`` keywords), chosen by the ablation (``benchmarks/ablation.py``, 3 seeds):
#: on multi-label scenes (i-CLEVR) BigGAN's conditioning is better on every seed at 2,000,
#: 6,000 and 16,000 iterations (0.358 +- 0.006 against 0.327 +- 0.011 at 16,000); on the
#: cartoon attributes it changes nothing beyond the spread, so the other kinds keep the
#: one-hot (or text embedding) joined to the noise at the input.
GENERATOR_CONDITIONING: dict[str, dict[str, Any]] = {"multi_label": BIGGAN_CONDITIONING}

#: the conditioning of the reports' DCGANs: the condition joined to the noise at the input.
INPUT_CONDITIONING: dict[str, Any] = {}


def generator_conditioning(space: ConditionSpace) -> dict[str, Any]:
    """The ``dcgan_generator`` keywords of ``space``'s kind in :data:`GENERATOR_CONDITIONING`
    (a copy; :data:`INPUT_CONDITIONING` for the kinds not listed)."""
    return dict(GENERATOR_CONDITIONING.get(space.type_name, INPUT_CONDITIONING))


def network_plan(image_size: int) -> tuple[int, int]:
    """``(first_size, blocks)``: the first map's side and the number of 2x up-blocks.

    :func:`condgan.models.sizes.doublings`: the side is halved while the result stays a
    whole number of at least 4: 8 -> (4, 1), 28 -> (7, 2), 48 -> (6, 3), 64 -> (4, 4),
    96 -> (6, 4).

    Raises:
        ValueError: an odd side (no 2x up-block fits).
    """
    blocks = doublings(image_size)
    first = image_size // 2**blocks
    if blocks == 0:
        raise ValueError(
            f"image_size {image_size} cannot be reached by 2x up-sampling from a map of side "
            ">= 4; choose an even size such as 8, 16, 28, 32, 48 or 64"
        )
    return first, blocks


def has_classifier(space: ConditionSpace) -> bool:
    """Whether ``space`` has an auxiliary classifier head (not for text)."""
    try:
        auxiliary_head(1, space)
    except TypeError:
        return False
    return True


def own_parts(
    space: ConditionSpace, image_size: int, channels: int, *, scale: str = "cpu",
    n: int | None = None, out_dir: str | Path = "runs/own-data",
    conditioning: Mapping[str, Any] | None = None,
) -> tuple[Any, Any, Objective, TrainConfig, str]:  # fmt: skip
    """The own-data family's networks, objective and config for ``image_size`` x
    ``channels`` images of ``space``: ``(generator, critic, objective, config, notes)``.

    A DCGAN generator (BN, ReLU; the condition joins the noise at the input, or
    for multi-label conditions reaches every block through BigGAN's conditioning:
    ``conditioning``, default :func:`generator_conditioning`) and a DCGAN critic
    with spectral norm, a projection head and, where the space has one, an
    auxiliary classifier (weight 1 on real images for the critic and on generated
    ones for the generator), trained with the hinge loss, Adam(0, 0.9) at 2e-4 for
    both, one critic step per generator step. ``n`` (the training images) caps the
    batch size.

    Raises:
        ValueError: an unknown scale or an image side the networks cannot be built at.
    """
    if scale not in OWN_SCALES:
        raise ValueError(f"scale must be one of {list(OWN_SCALES)}, got {scale!r}")
    s = OWN_SCALES[scale]
    first, blocks = network_plan(image_size)
    g_widths = default_widths(blocks, base=s.width, top=s.max_width, increasing=False)
    d_widths = default_widths(halvings(image_size), base=s.width, top=s.max_width,
                              increasing=True)  # fmt: skip
    if conditioning is None:
        conditioning = generator_conditioning(space)
    g = create(
        "dcgan_generator", space=space, nz=s.nz, image_size=image_size, channels=channels,
        widths=g_widths, first_size=first, **conditioning,
    )  # fmt: skip
    aux = has_classifier(space)
    d = create(
        "dcgan_critic", space=space, image_size=image_size, channels=channels, widths=d_widths,
        spectral_norm=True, head="projection", auxiliary=aux,
    )  # fmt: skip
    objective = Objective(
        "hinge", space=space, aux_real_weight=1.0 if aux else 0.0,
        aux_gen_weight=1.0 if aux else 0.0,
    )  # fmt: skip
    cfg = TrainConfig(
        steps=s.steps, batch_size=s.batch_size if n is None else min(s.batch_size, n),
        **optim_preset("condgan").fields(),
        sample_every=s.sample_every, checkpoint_every=0, out_dir=str(out_dir),
        grid_rows=min(8, _finite(space)), grid_cols=8,
    )  # fmt: skip
    if scale == "smoke":
        cfg = cfg.replace(grid_cols=2, tensorboard=False, plot=False, gif=False)
    biggan = bool(conditioning.get("hierarchical_noise"))
    notes = (f"{image_size}x{image_size}x{channels} images, first map {first}x{first} and "
             f"{blocks} up-block(s)"
             f"{'; BigGAN conditioning (shared embedding, hierarchical noise)' if biggan else ''}"
             "; critic: spectral norm, projection head"
             f"{' and auxiliary classifier' if aux else ''}; hinge loss")  # fmt: skip
    return g, d, objective, cfg, notes


def build_own_data(
    data: Any,
    *,
    scale: str = "cpu",
    out_dir: str | Path | None = None,
    name: str = "own-data",
) -> Recipe:
    """A recipe training on ``data`` (a set from :func:`condgan.data.load`) with
    :func:`own_parts`' model.

    Args:
        data: a data set with ``space``, ``image_size`` and ``channels``.
        scale: a key of :data:`OWN_SCALES`.
        out_dir: the run folder (default ``runs/<name>``).
        name: the recipe's name in summaries and the run folder.

    Raises:
        ValueError: an unknown scale, a data set without a space, or an image side
            the networks cannot be built at.
    """
    if scale not in OWN_SCALES:
        raise ValueError(f"scale must be one of {list(OWN_SCALES)}, got {scale!r}")
    for attr in ("space", "image_size", "channels"):
        if getattr(data, attr, None) is None:
            raise ValueError(f"data must have a `{attr}` (load it with condgan.data.load), "
                             f"got {type(data).__name__}")  # fmt: skip
    g, d, objective, cfg, notes = own_parts(
        data.space, int(data.image_size), int(data.channels), scale=scale, n=len(data),
        out_dir=out_dir or f"runs/{name}",
    )  # fmt: skip
    return Recipe(name, "default", scale, data.space, g, d, objective, cfg, data, notes=notes)


def _finite(space: ConditionSpace) -> int:
    n = space.num_combinations
    return 8 if n is None else max(1, min(8, n))
