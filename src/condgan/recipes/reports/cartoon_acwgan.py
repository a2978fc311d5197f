"""R1 ``cartoon-acwgan``: an ACWGAN with a spectral-norm critic on cartoon faces (ADL HW4).

G embeds each of the four attributes (hair 6, eyes 4, face 3, glasses 2)
with a fixed N(0, 1) table into 16 dims, concatenates the 64 dims to ``z``
(100) and again after blocks 1, 2 and 3 ("hidden concat"); D is spectral-normed,
with a concat-conditioned adversarial head and four softmax heads. Variants are
the report's table: ``hidden-concat`` (the model), ``only-input``, ``cond-bn``
and ``bce`` (BCE with lambda_a 0.2 and random label smoothing).
"""

from __future__ import annotations

import condgan.recipes.networks  # noqa: F401 (registers the networks create() builds)
from condgan.data import cartoon_space
from condgan.losses import NonSaturating, Objective
from condgan.models import create
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.recommended import RECOMMENDED, RECOMMENDED_LINE, recommended_recipe
from condgan.recipes.registry import register_recipe
from condgan.recipes.scale import Scale
from condgan.training import TrainConfig

__all__ = ["SCALES", "VARIANT_G", "build_cartoon_acwgan", "r1_objective"]

#: Per-attribute cross-entropy weight on real and fake images (and G's, see notes).
AUX_WEIGHT = 0.2
#: lambda_a: the WGAN critic loss weight, and the BCE variant's.
ADV_WEIGHT = {"wgan": 0.01, "bce": 0.2}
#: Label smoothing of the BCE variant: "valid" targets U(0.7, 1.3), "fake" U(0, 0.3).
REAL_RANGE, FAKE_RANGE = (0.7, 1.3), (0.0, 0.3)


_TRAIN = dict(
    critic_steps=3, g_steps=1, optimizer_g="adam", optimizer_d="adam", lr_g=1e-4, lr_d=1e-4,
    betas_g=(0.0, 0.9), betas_d=(0.0, 0.9), grid_rows=8, grid_cols=8,
)  # fmt: skip

#: ``paper``: the report's 128x128 networks and 260k steps; ``cpu``: 32x32 and
#: narrower, a few minutes on two cores; ``smoke``: seconds. ``g``/``d`` are
#: :func:`~condgan.recipes.networks.cartoon_acwgan.r1_generator`'s and ``r1_critic``'s.
SCALES: dict[str, Scale] = {
    "paper": Scale(
        128,
        g=dict(nz=100, widths=(1024, 512, 256, 128), embed_dim=16),
        d=dict(widths=(32, 64, 128, 256, 512), final_width=512),
        train=dict(_TRAIN, steps=260_000, batch_size=64, sample_every=5000),
        standin_n=9979,
    ),
    "cpu": Scale(
        32,
        g=dict(nz=100, widths=(128, 64, 32, 16), embed_dim=16),
        d=dict(widths=(32, 64, 128), final_width=128),
        train=dict(_TRAIN, steps=1200, batch_size=32, sample_every=100),
    ),
    "smoke": Scale(
        32,
        g=dict(nz=8, widths=(16, 8, 8, 8), embed_dim=4),
        d=dict(widths=(8, 8, 8), final_width=8),
        train=dict(
            _TRAIN,
            steps=2,
            batch_size=4,
            sample_every=1,
            grid_rows=2,
            grid_cols=2,
            tensorboard=False,
            plot=False,
        ),
        standin_n=32,
    ),
}

#: variant -> what it changes in the generator (``r1_generator`` arguments).
VARIANT_G: dict[str, dict[str, object]] = {
    "hidden-concat": {},
    "only-input": {"hidden_concat": False},
    "cond-bn": {"norm_layer": "cbn"},
    "bce": {},
}

VARIANTS = {
    "hidden-concat": "the report's model: the label embedding joins z and the maps after "
    "blocks 1-3 (FID 80.017)",
    "only-input": "labels concatenated to z only (FID 84.017)",
    "cond-bn": "conditional BatchNorm in G instead of BN (FID 84.472)",
    "bce": "BCE adversarial loss with lambda_a 0.2 and U(0.7, 1.3)/U(0, 0.3) label smoothing "
    "(FID 139.838)",
}

REPORTED = {
    "hidden-concat": Reported("FID", 80.017),
    "only-input": Reported("FID", 84.017),
    "cond-bn": Reported("FID", 84.472),
    "bce": Reported(
        "FID", 139.838, note="~50% correct labels and more mode collapse than the WGAN models"
    ),
}

NOTES = """\
Resolves R1 as follows. G's first block is a transposed conv whose kernel equals the first
map's size (8x8 at 128 px), since the report's "4x4 stride 1 from 1x1 to 8x8" cannot be;
sizes then go 8 -> 16 -> 32 -> 64 -> 128. G's loss: the report writes -E[D(G(z))] without
an auxiliary term, but D's adversarial head only concatenates the one-hot labels to the
features before a linear layer, so its label term is additive and gives G no gradient
about the condition; the recipe therefore adds the per-attribute cross-entropy on G's
images with the same weight 0.2 (Objective.aux_gen_weight). The report's exact G loss is
r1_objective(variant, aux_gen_weight=0.0). D's CE weight 0.2 applies on real and on fake
images; lambda_a = 0.01 (WGAN) or 0.2 (BCE, with targets U(0.7, 1.3) / U(0, 0.3) drawn per
sample). Adam(0, 0.9) lr 1e-4 for both nets, 3 critic steps per G step, batch 64. The cpu
scale trains 32x32 images with narrower nets for a few hundred steps, so its FIDs are
domain-feature FIDs on the stand-in, comparable only between variants."""


def r1_objective(variant: str, *, aux_gen_weight: float = AUX_WEIGHT) -> Objective:
    """R1's objective for ``variant`` (``"bce"`` or any WGAN variant).

    Args:
        variant: a variant of ``cartoon-acwgan``.
        aux_gen_weight: weight of the per-attribute CE on G's images in G's loss
            (0.2 in the recipe; 0.0 is the report's G loss as written).
    """
    space = cartoon_space()
    if variant == "bce":
        adv: NonSaturating | str = NonSaturating(real_range=REAL_RANGE, fake_range=FAKE_RANGE)
        weight = ADV_WEIGHT["bce"]
    else:
        adv, weight = "wgan", ADV_WEIGHT["wgan"]
    return Objective(
        adv, space=space, adversarial_weight=weight, aux_real_weight=AUX_WEIGHT,
        aux_fake_weight=AUX_WEIGHT, aux_gen_weight=aux_gen_weight,
    )  # fmt: skip


@register_recipe(
    "cartoon-acwgan",
    report="R1",
    title="ACWGAN with a spectral-norm critic and hidden-concat G on cartoon faces",
    variants=VARIANTS,
    default="hidden-concat",
    reported=REPORTED,
    extras={RECOMMENDED: RECOMMENDED_LINE},
)
def build_cartoon_acwgan(variant: str, scale: str, data_dir: str | None) -> Recipe:
    """Build one variant of R1 at ``scale`` (see :data:`SCALES`)."""
    s = SCALES[scale]
    space = cartoon_space()
    data = DataSpec("cartoon", s.image_size, standin_n=s.standin_n, data_dir=data_dir)
    if variant == RECOMMENDED:
        return recommended_recipe("cartoon-acwgan", space, data, scale)
    g = create("r1_generator", space=space, image_size=s.image_size, **s.g, **VARIANT_G[variant])
    d = create("r1_critic", space=space, image_size=s.image_size, **s.d)
    cfg = TrainConfig(**s.train, out_dir=f"runs/cartoon-acwgan/{variant}")
    return Recipe(
        "cartoon-acwgan", variant, scale, space, g, d, r1_objective(variant), cfg, data,
        notes=NOTES,
    )  # fmt: skip
