"""R5 ``anime-srresnet-dragan``: Jin et al.'s SRResNet generator and SN residual critic,
BCE + attribute classification + DRAGAN, on the 2017 anime tags (12 hair x 11 eye colours).

The report (ADLxMLDS HW4, after Jin et al. 2017) trains 96x96 faces with flip
and +-5 degree rotation, batch 64, ~500 epochs, and gives observations only.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import sys
from typing import Any

from torch import nn

import condgan.recipes.networks  # noqa: F401 (registers the networks create() builds)
from condgan.data import anime_space, r5_augment
from condgan.losses import DRAGAN, Objective
from condgan.models import create
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.recommended import RECOMMENDED, RECOMMENDED_LINE, recommended_recipe
from condgan.recipes.registry import register_recipe
from condgan.recipes.reports.text2anime import PhraseGenerator
from condgan.recipes.scale import Scale
from condgan.training import TrainConfig

__all__ = ["DRAGAN_WEIGHT", "SCALES", "VARIANT_D", "build_anime_srresnet_dragan"]

#: Jin et al.'s DRAGAN weight (lambda_gp = 0.5), perturbations ``x + 0.5 std(x) U[0, 1]``.
DRAGAN_WEIGHT = 0.5
#: The 2017 set's size (33.4k faces) and the report's training length.
REPORT_IMAGES = 33_400
REPORT_EPOCHS = 500

VARIANTS = {
    "default": "SRResNet G, spectral-norm residual D, BCE + tag classification + DRAGAN 0.5",
    "no-sn": "the same without spectral norm in the critic",
}

_OBS = "the report gives no number; "
REPORTED = {
    "default": Reported("observation", None, note=_OBS + "SRResNet G with an SN residual D, "
                        "classification loss and DRAGAN trains stably and follows the tags"),
    "no-sn": Reported("observation", None, note=_OBS + "spectral norm is part of the "
                      "report's D; no ablation number"),
}  # fmt: skip

#: scale -> networks (``r5_generator`` / ``r5_critic`` arguments), data and schedule.
SCALES: dict[str, Scale] = {
    "paper": Scale(
        96,
        g=dict(nz=100),
        d={},  # the builders' defaults are the report's networks
        train=dict(steps=math.ceil(REPORT_EPOCHS * REPORT_IMAGES / 64), batch_size=64),
        standin_n=REPORT_IMAGES,
    ),
    "cpu": Scale(
        32,
        g=dict(nz=100, width=32, num_blocks=4, num_upsamples=2),
        d=dict(widths=(16, 32, 64, 128), kernels=(4, 4, 4, 3), blocks=(1, 1, 1, 0)),
        train=dict(steps=500, batch_size=64),
    ),
    "smoke": Scale(
        32,
        g=dict(nz=8, width=8, num_blocks=1, num_upsamples=2),
        d=dict(widths=(8, 8), kernels=(4, 3), blocks=(1, 0)),
        train=dict(steps=2, batch_size=8),
        standin_n=48,
    ),
}

#: variant -> ``r5_critic`` arguments.
VARIANT_D: dict[str, dict[str, Any]] = {
    "default": {"spectral_norm": True},
    "no-sn": {"spectral_norm": False},
}

NOTES = (
    "Tags: the 2017 format's 12 hair and 11 eye colours. The data give exactly one of "
    "each, so the condition is MultiCategorical (the generator reads the 23-dim multi-"
    "hot, as the report) and the classification branch is one softmax per attribute "
    "(12 + 11 logits = the report's 23 outputs) instead of 23 sigmoids. Losses: BCE "
    "adversarial (weight 1), cross-entropy on real images for D and on generated images "
    "for G (weight 1 each), DRAGAN on D with weight 0.5 (Jin et al.'s lambda_gp; they "
    "weight the adversarial term by the number of tags to balance a per-tag multi-label "
    "loss, which a per-attribute softmax does not need, so we keep it at 1). Adam lr "
    "2e-4, betas (0.5, 0.999), one D step per G step (the report states none of these; "
    "Jin et al. use lr 2e-4 and beta1 0.5). Evaluation: the shipped evaluator of the "
    "2017 tags; while none ships, the 2018 anime evaluator on the colours both "
    "vocabularies share (gray eyes are not drawn). Augmentation: r5_augment (flip + rotation up "
    "to 5 degrees). Paper scale: 500 epochs of 33.4k images = 260,938 iterations (with "
    "--data: 500 epochs of the images training reads). CPU scale: 32x32, two upsampling "
    "stages, 4 residual blocks of 32 maps in G, four strided stages with one residual "
    "block each in D."
)


def _evaluate(recipe: Recipe, generator: nn.Module, *, n: int = 1000, seed: int = 0) -> dict:
    """The runner's evaluation with the shipped evaluator of the 2017 tags; while none
    ships, the 2018 ``anime`` evaluator on the colours both vocabularies share (all 12
    hair colours, 10 of the 11 eye colours: gray eyes are not drawn), with a note."""
    from condgan.metrics import evaluator_for_space
    from condgan.recipes.runner import evaluate_recipe

    try:
        evaluator_for_space(recipe.space)
    except ValueError:
        labels = anime_space(2018)
        print(
            "anime-srresnet-dragan: no shipped evaluator for the 2017 tags; scoring with the "
            "2018 anime evaluator on the shared colours (gray eyes are not drawn)",
            file=sys.stderr,
        )
        wrapped = PhraseGenerator(generator, recipe.space, labels)
        out = evaluate_recipe(
            dataclasses.replace(recipe, space=labels, evaluate=None), wrapped, n=n, seed=seed
        )
        return {**out, "evaluator": "anime (2018 vocabulary, shared colours)"}
    return evaluate_recipe(dataclasses.replace(recipe, evaluate=None), generator, n=n, seed=seed)


@register_recipe(
    "anime-srresnet-dragan", report="R5", title="SRResNet G, SN residual D, DRAGAN, anime tags",
    variants=VARIANTS, default="default", reported=REPORTED,
    extras={RECOMMENDED: RECOMMENDED_LINE},
)  # fmt: skip
def build_anime_srresnet_dragan(variant: str, scale: str, data_dir: str | None) -> Recipe:
    """R5's experiments at ``scale`` (see :data:`SCALES`, :data:`VARIANT_D`)."""
    s = SCALES[scale]
    space = anime_space(2017)
    data = DataSpec(
        "anime", s.image_size, standin_n=s.standin_n, version=2017, data_dir=data_dir,
        transform=r5_augment(),
    )  # fmt: skip
    if variant == RECOMMENDED:
        recipe = recommended_recipe("anime-srresnet-dragan", space, data, scale)
        recipe.evaluate = functools.partial(_evaluate, recipe)
        return recipe
    g = create("r5_generator", space=space, image_size=s.image_size, **s.g)
    d = create("r5_critic", space=space, image_size=s.image_size, **s.d, **VARIANT_D[variant])
    objective = Objective(
        "bce", space=space, penalties=[(DRAGAN(), DRAGAN_WEIGHT)], aux_real_weight=1.0,
        aux_gen_weight=1.0,
    )  # fmt: skip
    steps = s.train["steps"]
    if scale == "paper" and data_dir is not None:  # the report's epochs, of the data loaded
        steps = math.ceil(REPORT_EPOCHS * data.train_size() / s.train["batch_size"])
    train = TrainConfig(
        steps=steps, batch_size=s.train["batch_size"], lr_g=2e-4, lr_d=2e-4,
        betas_g=(0.5, 0.999), betas_d=(0.5, 0.999), sample_every=max(1, steps // 10),
        grid_rows=8, grid_cols=8,
        out_dir=f"runs/anime-srresnet-dragan/{variant}",
    )  # fmt: skip
    if scale == "smoke":
        train = train.replace(sample_every=1, grid_rows=2, grid_cols=2, progress=False)
    recipe = Recipe(
        "anime-srresnet-dragan", variant, scale, space, g, d, objective, train, data,
        notes=NOTES,
    )  # fmt: skip
    recipe.evaluate = functools.partial(_evaluate, recipe)
    return recipe
