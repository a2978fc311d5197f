"""R3 ``cartoon-infogan``: unsupervised conditional generation on the cartoon faces of R1.

G reads ``z``, one categorical code per attribute (6, 4, 3, 2 classes) and two
continuous codes, never ``y``; D has adversarial, categorical-code and
continuous-code heads; least-squares adversarial loss, cross-entropy for the
categorical codes, MSE for the continuous ones. Since G ignores ``y``, its
evaluation (:func:`evaluate_infogan`) reports FID and how well each categorical
code lines up with the attributes
(:func:`~condgan.recipes.alignment.infogan_alignment`), not accuracy against ``y``.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

from torch import nn

import condgan.recipes.networks  # noqa: F401 (registers the networks create() builds)
from condgan.data import cartoon_space
from condgan.losses import Objective
from condgan.models import create
from condgan.recipes.alignment import infogan_alignment
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.registry import register_recipe
from condgan.recipes.scale import SMOKE_TRAIN, Scale
from condgan.training import TrainConfig

__all__ = ["INFOGAN_SCALES", "build_cartoon_infogan", "evaluate_infogan"]


#: ``cartoon-infogan`` per scale (latent 62, 2 continuous codes, batch 64: the common
#: PyTorch InfoGAN whose layers the report lists; the report gives no sizes).
INFOGAN_SCALES: dict[str, Scale] = {
    "paper": Scale(
        128,
        g=dict(widths=(128, 64)),
        d=dict(widths=(16, 32, 64, 128)),
        train=dict(steps=10_000, batch_size=64, sample_every=500, checkpoint_every=2000),
    ),
    "cpu": Scale(
        32,
        g=dict(widths=(32, 16)),
        d=dict(widths=(32, 64, 128, 256)),
        train=dict(
            steps=600,
            batch_size=64,
            sample_every=60,
            grid_rows=8,
            grid_cols=8,
            tensorboard=False,
        ),
    ),
    "smoke": Scale(
        32,
        g=dict(nz=8, widths=(8, 8)),
        d=dict(widths=(8, 8, 8, 8)),
        train=SMOKE_TRAIN,
        standin_n=32,
    ),
}

#: Weights of the InfoGAN terms (lambda_cat, lambda_cont of the common PyTorch InfoGAN).
INFO_CAT_WEIGHT = 1.0
INFO_CONT_WEIGHT = 0.1

_INFOGAN_NOTES = (
    "R3's InfoGAN, unsupervised: G reads noise (62), one categorical code per cartoon "
    "attribute (6, 4, 3, 2 classes, one-hot; the report's 'labels' are these sampled codes, "
    "as in the PyTorch InfoGAN whose layers it lists) and 2 continuous codes U(-1, 1), never "
    "the data's labels. Losses: least squares (a=0, b=c=1, scale 0.5) for real/fake, "
    "cross-entropy for the categorical codes (weight 1) and MSE for the continuous codes "
    "(weight 0.1), on both G and D. Not in the report, so chosen: the weights, batch 64, "
    "Adam lr 2e-4 betas (0.5, 0.999), dropout 0.25, 10,000 iterations at paper scale. "
    "cpu scale: 32x32, G widths (32, 16) (its convolutions run at full resolution, so it is "
    "narrowed more than the ACGAN), D widths (32, 64, 128, 256), 600 iterations. "
    "Evaluation: FID, and as 'accuracy' the code-attribute alignment: each categorical code "
    "is scored against each attribute the evaluator predicts (best one-to-one relabelling "
    "of values), codes are matched one-to-one to attributes, and the matched scores are "
    "averaged; 'chance' is the same with the codes shuffled. It is not accuracy against a "
    "requested label: nothing is requested."
)


def evaluate_infogan(
    recipe: Recipe, generator: nn.Module, *, n: int = 1000, seed: int = 0, batch_size: int = 100
) -> dict[str, Any]:
    """FID and code-attribute alignment of an unsupervised InfoGAN generator.

    FID is :func:`~condgan.recipes.evaluate_recipe`'s (codes from their priors);
    the alignment is :func:`~condgan.recipes.alignment.infogan_alignment`'s (its
    ``accuracy`` is the mean alignment over the matched code-attribute pairs).

    Returns:
        ``{"accuracy", "chance", "fid", "alignment", "alignment_matrix",
        "chance_matrix", "fidelity", "judge", "diversity"}``: ``judge`` and
        ``diversity`` as the runner's (the generator ignores the conditions, so
        its diversity ratio compares all its images with one condition's real ones).
    """
    from condgan.recipes.runner import evaluate_recipe

    base = evaluate_recipe(dataclasses.replace(recipe, evaluate=None), generator, n=n, seed=seed)
    aligned = infogan_alignment(generator, recipe.space, n=n, seed=seed, batch_size=batch_size)
    return {
        **aligned, "fid": base["fid"], "fidelity": base["fidelity"], "judge": base["judge"],
        "diversity": base["diversity"],
    }  # fmt: skip


@register_recipe(
    "cartoon-infogan",
    report="R3",
    title="InfoGAN on cartoon faces: unsupervised codes, least squares + code CE/MSE",
    variants={"default": "the report's InfoGAN: codes only, least squares, CE + MSE codes"},
    default="default",
    reported={"default": Reported("FID", None, note="no number given (samples shown)")},
)
def build_cartoon_infogan(variant: str, scale: str, data_dir: str | None) -> Recipe:
    """Build ``cartoon-infogan`` at ``scale`` (its only variant is ``default``)."""
    s = INFOGAN_SCALES[scale]
    space = cartoon_space()
    g = create("r3_infogan_generator", space=space, image_size=s.image_size, **s.g)
    d = create("r3_infogan_critic", space=space, image_size=s.image_size, **s.d)
    objective = Objective(
        "lsgan", space=space, info_cat_weight=INFO_CAT_WEIGHT,
        info_cont_weight=INFO_CONT_WEIGHT, info_continuous="mse",
    )  # fmt: skip
    recipe = Recipe(
        "cartoon-infogan", variant, scale, space, g, d, objective, TrainConfig(**s.train),
        DataSpec("cartoon", s.image_size, standin_n=s.standin_n, data_dir=data_dir),
        notes=_INFOGAN_NOTES,
    )  # fmt: skip
    recipe.evaluate = partial(evaluate_infogan, recipe)
    return recipe
