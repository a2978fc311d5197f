"""R3 ``cartoon-acgan``: an ACGAN and its six experiments, on the cartoon faces of R1
(hair 6, eyes 4, face 3, glasses 2).

G is ``[z (200), one-hot y]`` through five ConvTranspose + BN + ReLU blocks and
tanh; D is five Conv + LeakyReLU blocks with an adversarial output and one
classifier per attribute; BCE for real/fake, cross-entropy per attribute. The
experiments change one thing each (see :data:`ACGAN_VARIANTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import condgan.recipes.networks  # noqa: F401 (registers the networks create() builds)
from condgan.data import cartoon_space
from condgan.losses import Objective
from condgan.models import create
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.registry import register_recipe
from condgan.recipes.scale import SMOKE_TRAIN, Scale
from condgan.training import TrainConfig

__all__ = ["ACGAN_SCALES", "ACGAN_VARIANTS", "AcganVariant", "build_cartoon_acgan"]


#: ``cartoon-acgan`` per scale. The report gives neither batch, betas nor iterations:
#: DCGAN's batch 64 and Adam betas (0.5, 0.999) (the TrainConfig defaults) are used.
ACGAN_SCALES: dict[str, Scale] = {
    "paper": Scale(
        128,
        g=dict(widths=(1024, 512, 256, 128, 64)),
        d=dict(widths=(64, 128, 256, 512, 1024)),
        train=dict(steps=10_000, batch_size=64, sample_every=500, checkpoint_every=2000),
    ),
    "cpu": Scale(
        32,
        g=dict(widths=(128, 64, 32)),
        d=dict(widths=(32, 64, 128)),
        train=dict(
            steps=1000,
            batch_size=64,
            sample_every=100,
            grid_rows=8,
            grid_cols=8,
            tensorboard=False,
        ),
    ),
    "smoke": Scale(
        32, g=dict(widths=(8, 8, 8)), d=dict(widths=(8, 8, 8)), train=SMOKE_TRAIN, standin_n=32
    ),
}


@dataclass(frozen=True)
class AcganVariant:
    """What one ``cartoon-acgan`` experiment changes from the baseline.

    Attributes:
        description: one line, as in the report.
        g: generator keyword arguments (``nz``, ``act``).
        train: :class:`~condgan.training.TrainConfig` fields.
        cls_weight: weight of every classification term (D on real and fake, G on fake).
    """

    description: str
    g: Mapping[str, Any] = field(default_factory=dict)
    train: Mapping[str, Any] = field(default_factory=dict)
    cls_weight: float = 1.0


#: The report's experiments, in its order; each changes one thing from ``baseline``.
ACGAN_VARIANTS: dict[str, AcganVariant] = {
    "baseline": AcganVariant("latent 200, lr 2e-4, ReLU in G"),
    "d-half": AcganVariant(
        "D updated half as often (two G updates per D update)", train=dict(g_steps=2)
    ),
    "cls-weight-2": AcganVariant("classification weight 2", cls_weight=2.0),
    "cls-weight-10": AcganVariant("classification weight 10", cls_weight=10.0),
    "latent-100": AcganVariant("latent 100", g=dict(nz=100)),
    "lr-5e-5": AcganVariant("learning rate 5e-5 (G and D)", train=dict(lr_g=5e-5, lr_d=5e-5)),
    "leaky-relu": AcganVariant("LeakyReLU instead of ReLU in G", g=dict(act_layer="leaky_relu")),
}

_ACGAN_NOTES = (
    "R3's ACGAN. The report's 'BCE for each attribute' is read as one softmax "
    "cross-entropy per attribute (each attribute has exactly one value). The classification "
    "weight scales all three classification terms (D on real images, D on generated images, "
    "G on generated images), as in ACGAN. Not in the report, so chosen as in DCGAN: batch 64, "
    "Adam betas (0.5, 0.999), LeakyReLU slope 0.2 in D, 10,000 iterations at paper scale. "
    "'D updated half as often' is two G updates per D update (TrainConfig.g_steps=2). "
    "cpu scale: 32x32, G widths (128, 64, 32), D widths (32, 64, 128), 1,000 iterations; "
    "the latent size (200 or 100) is the report's at every scale."
)


@register_recipe(
    "cartoon-acgan",
    report="R3",
    title="ACGAN on cartoon faces: BCE adversarial + per-attribute classifiers, six experiments",
    variants={name: v.description for name, v in ACGAN_VARIANTS.items()},
    default="baseline",
    reported={
        "baseline": Reported("FID", 166.24),
        "d-half": Reported("FID", 221.0),
        "cls-weight-2": Reported("FID", 231.0, note="training diverged"),
        "cls-weight-10": Reported("FID", None, note="run, but no FID given"),
        "latent-100": Reported("FID", 168.19),
        "lr-5e-5": Reported("FID", 166.87),
        "leaky-relu": Reported("FID", 166.87),
    },
)
def build_cartoon_acgan(variant: str, scale: str, data_dir: str | None) -> Recipe:
    """Build one ``cartoon-acgan`` experiment (see :data:`ACGAN_VARIANTS`) at ``scale``."""
    v, s = ACGAN_VARIANTS[variant], ACGAN_SCALES[scale]
    space = cartoon_space()
    g = create("r3_acgan_generator", space=space, image_size=s.image_size, **{**s.g, **v.g})
    d = create("r3_acgan_critic", space=space, image_size=s.image_size, **s.d)
    w = v.cls_weight
    objective = Objective(
        "bce", space=space, aux_real_weight=w, aux_fake_weight=w, aux_gen_weight=w
    )
    train = TrainConfig(**{**s.train, **v.train})
    data = DataSpec("cartoon", s.image_size, standin_n=s.standin_n, data_dir=data_dir)
    return Recipe(
        "cartoon-acgan", variant, scale, space, g, d, objective, train, data, notes=_ACGAN_NOTES
    )
