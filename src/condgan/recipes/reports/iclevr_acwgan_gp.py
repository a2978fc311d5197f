"""R2 ``iclevr-acwgan-gp``: an ACGAN with a WGAN-GP critic on i-CLEVR scenes (DLP Lab 5).

G maps ``[z (100), multi-hot y (24)]`` through ``Linear(124 -> 128)`` and five
transposed convs to 64x64 images (3,822,080 parameters); D has four bias-free
convs, a 4x4-conv adversarial head and a 24-way multi-label head (2,960,408).
Variants are the report's comparisons: ``wgan-gp`` (the model), ``wgan-clip``,
``bce`` (ACGAN + DCGAN) and ``cgan`` (the condition given to the critic instead
of an auxiliary classifier).
"""

from __future__ import annotations

import condgan.recipes.networks  # noqa: F401 (registers the networks create() builds)
from condgan.data import iclevr_space
from condgan.losses import WGANGP, Objective
from condgan.models import create
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.recommended import RECOMMENDED, RECOMMENDED_LINE, recommended_recipe
from condgan.recipes.registry import register_recipe
from condgan.recipes.scale import Scale
from condgan.training import TrainConfig

__all__ = ["SCALES", "VARIANT_D", "VARIANT_TRAIN", "build_iclevr_acwgan_gp", "r2_objective"]

#: lambda_gp and lambda_cls of the report.
GP_WEIGHT, AUX_WEIGHT = 10.0, 5.0
#: WGAN's weight clipping (Arjovsky et al.) and its RMSProp learning rate.
CLIP_VALUE, CLIP_LR = 0.01, 5e-5
#: The cgan variant's critic head (see NOTES).
CGAN_HEAD = "projection"


_TRAIN = dict(
    critic_steps=5, g_steps=1, lr_g=2e-4, lr_d=2e-4, betas_g=(0.5, 0.999), betas_d=(0.5, 0.999),
    grid_rows=8, grid_cols=8,
)  # fmt: skip

#: ``paper``: the report's 64x64 networks, batch 128, 600 epochs of 18,009 images
#: (141 batches an epoch, one iteration = 5 critic batches: 16,920 iterations);
#: ``cpu``: 32x32 and narrower; ``smoke``: seconds. ``g``/``d`` are
#: :func:`~condgan.recipes.networks.iclevr_acwgan_gp.r2_generator`'s and ``r2_critic``'s.
SCALES: dict[str, Scale] = {
    "paper": Scale(
        64,
        g=dict(nz=100, widths=(512, 256, 128, 64), stem_dim=128),
        d=dict(widths=(64, 128, 256, 512)),
        train=dict(_TRAIN, steps=16_920, batch_size=128, sample_every=500),
        standin_n=18_009,
    ),
    "cpu": Scale(
        32,
        g=dict(nz=100, widths=(128, 64, 32), stem_dim=128),
        d=dict(widths=(32, 64, 128)),
        train=dict(_TRAIN, steps=300, batch_size=64, sample_every=25),
    ),
    "smoke": Scale(
        32,
        g=dict(nz=8, widths=(16, 8, 8), stem_dim=8),
        d=dict(widths=(8, 8, 8)),
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

VARIANTS = {
    "wgan-gp": "the report's model: WGAN-GP (lambda 10) + multi-label BCE aux (weight 5)",
    "wgan-clip": "WGAN with weight clipping (0.01) and RMSProp lr 5e-5, same aux head",
    "bce": "ACGAN + DCGAN: BCE adversarial loss, same aux head, no penalty",
    "cgan": "plain conditional GAN with WGAN-GP: a projection critic, no aux classifier",
}

#: variant -> what it changes in the critic (``r2_critic`` arguments).
VARIANT_D: dict[str, dict[str, object]] = {
    "wgan-gp": {},
    "wgan-clip": {},
    "bce": {},
    "cgan": {"head": CGAN_HEAD, "auxiliary": False},
}
#: variant -> what it changes in the training (:class:`~condgan.training.TrainConfig` fields).
VARIANT_TRAIN: dict[str, dict[str, object]] = {
    "wgan-gp": {},
    "wgan-clip": dict(
        optimizer_g="rmsprop",
        optimizer_d="rmsprop",
        lr_g=CLIP_LR,
        lr_d=CLIP_LR,
        clip_value=CLIP_VALUE,
    ),
    "bce": {},
    "cgan": {},
}

REPORTED = {
    "wgan-gp": Reported(
        "accuracy", 0.7638, lower_is_better=False, note="course evaluator; WGAN-GP was best"
    ),
    "wgan-clip": Reported("accuracy", None, lower_is_better=False, note="worse than WGAN-GP"),
    "bce": Reported("accuracy", None, lower_is_better=False, note="collapses to a single label"),
    "cgan": Reported(
        "accuracy", None, lower_is_better=False, note="compared with ACGAN; ACGAN (wgan-gp) kept"
    ),
}

NOTES = """\
Resolves R2 as follows. Parameter totals match the report's summary table exactly
(G 3,822,080, D 2,960,408 at paper scale). The adversarial head is the report's 4x4 conv
over D's 512x4x4 map, written as the equal Linear(8192 -> 1) without bias. Losses:
WGAN-GP (lambda 10, per-sample, with the condition) plus multi-label BCE with weight 5 on
real images in D and on generated images in G (no aux term on fakes in D). Adam 2e-4
(0.5, 0.999), 5 critic steps per G step, batch 128; "600 epochs" is read as 600 passes of
141 critic batches, 16,920 iterations of 5 critic steps. Variants: wgan-clip uses weight
clipping 0.01 on every critic parameter (the aux head included) with RMSProp at lr 5e-5
for both nets, as in the WGAN paper; bce keeps the network, the aux head, the 5 critic
steps and Adam, swapping only the loss (standard non-saturating BCE, no penalty); cgan
drops the aux classifier and gives the condition to the critic through a projection head
(Miyato & Koyama) rather than concatenation: concatenating y to the flattened features
before the last linear layer makes the label term additive, so it would give G no
gradient about the condition. The cpu scale trains 32x32 images with narrower nets and
batch 64 for a few hundred iterations; accuracy there is the shipped i-CLEVR evaluator's
top-k accuracy, not the course evaluator's."""


def r2_objective(variant: str) -> Objective:
    """R2's objective for ``variant`` of ``iclevr-acwgan-gp``.

    ``wgan-gp``: WGAN + GP 10 + aux 5 (real in D, fake in G); ``wgan-clip``: WGAN +
    aux 5 (clipping is the trainer's ``clip_value``); ``bce``: BCE + aux 5;
    ``cgan``: WGAN + GP 10, no aux terms.
    """
    space = iclevr_space()
    aux = 0.0 if variant == "cgan" else AUX_WEIGHT
    penalties = [(WGANGP(), GP_WEIGHT)] if variant in ("wgan-gp", "cgan") else []
    return Objective(
        "bce" if variant == "bce" else "wgan", space=space, penalties=penalties,
        aux_real_weight=aux, aux_gen_weight=aux,
    )  # fmt: skip


@register_recipe(
    "iclevr-acwgan-gp",
    report="R2",
    title="ACGAN with a WGAN-GP critic and a multi-label aux head on i-CLEVR",
    variants=VARIANTS,
    default="wgan-gp",
    reported=REPORTED,
    extras={RECOMMENDED: RECOMMENDED_LINE},
)
def build_iclevr_acwgan_gp(variant: str, scale: str, data_dir: str | None) -> Recipe:
    """Build one variant of R2 at ``scale`` (see :data:`SCALES`)."""
    s = SCALES[scale]
    space = iclevr_space()
    data = DataSpec("iclevr", s.image_size, standin_n=s.standin_n, data_dir=data_dir)
    if variant == RECOMMENDED:
        return recommended_recipe("iclevr-acwgan-gp", space, data, scale)
    g = create("r2_generator", space=space, image_size=s.image_size, **s.g)
    d = create("r2_critic", space=space, image_size=s.image_size, **s.d, **VARIANT_D[variant])
    cfg = TrainConfig(
        **{**s.train, **VARIANT_TRAIN[variant]}, out_dir=f"runs/iclevr-acwgan-gp/{variant}"
    )
    return Recipe(
        "iclevr-acwgan-gp", variant, scale, space, g, d, r2_objective(variant), cfg, data,
        notes=NOTES,
    )  # fmt: skip
