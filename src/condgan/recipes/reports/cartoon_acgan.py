"""R3: ``cartoon-acgan`` (an ACGAN and its six experiments) and ``cartoon-infogan``.

Both train on the cartoon faces of R1 (hair 6, eyes 4, face 3, glasses 2).

``cartoon-acgan``: G is ``[z (200), one-hot y]`` through five ConvTranspose + BN +
ReLU blocks and tanh; D is five Conv + LeakyReLU blocks with an adversarial
output and one classifier per attribute; BCE for real/fake, cross-entropy per
attribute. The experiments change one thing each (see :data:`ACGAN_VARIANTS`).

``cartoon-infogan``: unsupervised conditional generation. G reads ``z``, one
categorical code per attribute (6, 4, 3, 2 classes) and two continuous codes,
never ``y``; D has adversarial, categorical-code and continuous-code heads;
least-squares adversarial loss, cross-entropy for the categorical codes, MSE for
the continuous ones. Since G ignores ``y``, its evaluation
(:func:`evaluate_infogan`) reports FID and how well each categorical code lines
up with the attributes (:func:`code_alignment`), not accuracy against ``y``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import torch
from torch import Tensor, nn

from condgan.data import cartoon_space
from condgan.losses import Objective
from condgan.models import create
from condgan.recipes.data import DataSpec
from condgan.recipes.recipe import Recipe, Reported
from condgan.recipes.registry import register_recipe
from condgan.training import TrainConfig

__all__ = [
    "ACGAN_SCALES",
    "ACGAN_VARIANTS",
    "INFOGAN_SCALES",
    "AcganVariant",
    "Scale",
    "build_cartoon_acgan",
    "build_cartoon_infogan",
    "code_alignment",
    "evaluate_infogan",
]


@dataclass(frozen=True)
class Scale:
    """Sizes of one scale of an R3 recipe.

    Attributes:
        image_size: side of the images.
        g: keyword arguments of the generator (widths and the like).
        d: keyword arguments of the critic.
        train: :class:`~condgan.training.TrainConfig` fields.
        standin_n: images in the stand-in training set.
    """

    image_size: int
    g: Mapping[str, Any]
    d: Mapping[str, Any]
    train: Mapping[str, Any]
    standin_n: int = 5000


_SMOKE_TRAIN: dict[str, Any] = dict(
    steps=2, batch_size=4, sample_every=1, checkpoint_every=0, grid_rows=2, grid_cols=2,
    progress=False, tensorboard=False, gif=False, plot=False,
)  # fmt: skip

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
            checkpoint_every=0,
            grid_rows=8,
            grid_cols=8,
            tensorboard=False,
        ),
    ),
    "smoke": Scale(
        32, g=dict(widths=(8, 8, 8)), d=dict(widths=(8, 8, 8)), train=_SMOKE_TRAIN, standin_n=32
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
    "leaky-relu": AcganVariant("LeakyReLU instead of ReLU in G", g=dict(act="leaky_relu")),
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


# -- cartoon-infogan ------------------------------------------------------------------------

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
            checkpoint_every=0,
            grid_rows=8,
            grid_cols=8,
            tensorboard=False,
        ),
    ),
    "smoke": Scale(
        32,
        g=dict(nz=8, widths=(8, 8)),
        d=dict(widths=(8, 8, 8, 8)),
        train=_SMOKE_TRAIN,
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


def code_alignment(
    codes: Tensor, predicted: Tensor, num_codes: int, num_values: int | None = None
) -> float:
    """How well a categorical code lines up with an attribute, up to a relabelling.

    The fraction of samples whose predicted attribute value equals the value
    matched to their code value, under the best one-to-one matching of code
    values to attribute values (an exact assignment on the confusion matrix;
    with ``num_codes != num_values`` only ``min(num_codes, num_values)`` pairs
    are matched). 1 means the code
    controls the attribute exactly; a code independent of the attribute scores
    about the share of the most common predicted values.

    Args:
        codes: code values, long ``(N,)`` in ``[0, num_codes)``.
        predicted: predicted attribute values, long ``(N,)`` in ``[0, num_values)``.
        num_codes: classes of the code.
        num_values: classes of the attribute (default ``num_codes``).

    Raises:
        ValueError: shapes differ, are not 1-D or empty, or a value is out of range.
    """
    num_values = num_codes if num_values is None else num_values
    for name, k in (("num_codes", num_codes), ("num_values", num_values)):
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"{name} must be a positive int, got {k!r}")
    for name, t, k in (("codes", codes, num_codes), ("predicted", predicted, num_values)):
        if not isinstance(t, Tensor) or t.dim() != 1 or t.numel() == 0:
            raise ValueError(f"{name} must be a non-empty 1-D tensor, got {t!r:.60}")
        if t.dtype != torch.long or int(t.min()) < 0 or int(t.max()) >= k:
            raise ValueError(f"{name} must be long values in [0, {k}), got {t!r:.60}")
    if codes.shape != predicted.shape:
        raise ValueError(
            f"codes and predicted must have the same shape, got {tuple(codes.shape)} and "
            f"{tuple(predicted.shape)}"
        )
    confusion = torch.zeros(num_codes, num_values, dtype=torch.long)
    confusion.index_put_((codes.cpu(), predicted.cpu()), torch.ones_like(codes.cpu()), True)
    pairs = _match(confusion.tolist())
    return float(sum(int(confusion[r, c]) for r, c in pairs)) / codes.numel()


def _match(matrix: list[list[float]]) -> list[tuple[int, int]]:
    """The one-to-one (row, column) pairs with the largest total (exact assignment).

    Exhaustive over the injective maps of the shorter side into the longer one,
    which is exact and instant for the sizes used here (at most 6 x 6: 720 maps).
    """
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    if rows > cols:
        return [(r, c) for c, r in _match([list(col) for col in zip(*matrix)])]
    best: tuple[float, tuple[int, ...]] | None = None
    for perm in itertools.permutations(range(cols), rows):
        total = sum(matrix[r][c] for r, c in enumerate(perm))
        if best is None or total > best[0]:
            best = (total, perm)
    return [] if best is None else list(enumerate(best[1]))


@torch.no_grad()
def evaluate_infogan(
    recipe: Recipe, generator: nn.Module, *, n: int = 1000, seed: int = 0, batch_size: int = 100
) -> dict[str, Any]:
    """FID and code-attribute alignment of an unsupervised InfoGAN generator.

    FID is :func:`~condgan.recipes.evaluate_recipe`'s (codes from their priors).
    For alignment, ``n`` images are drawn with seeded codes and the shipped
    evaluator predicts each attribute. Every (categorical code, attribute) pair
    is scored with :func:`code_alignment`; since the codes are unlabelled,
    codes are then matched one-to-one to attributes (an exact assignment on
    that matrix). ``chance`` repeats the whole procedure with the codes
    shuffled: what codes that ignore the attributes score.

    Returns:
        ``{"accuracy", "chance", "fid", "alignment", "alignment_matrix",
        "chance_matrix", "fidelity"}``: ``accuracy`` is the mean alignment over
        the matched pairs; ``alignment`` maps each matched attribute to
        ``{"code", "alignment", "chance"}``; the matrices are indexed
        ``[code][attribute]``.
    """
    from condgan.metrics import evaluator_for_space, evaluator_scores, to_uint8
    from condgan.recipes.runner import evaluate_recipe
    from condgan.types import InfoCodes

    base = evaluate_recipe(dataclasses.replace(recipe, evaluate=None), generator, n=n, seed=seed)
    space = recipe.space
    kinds = list(generator.info_spec.categorical)
    if not kinds:
        raise ValueError("the generator has no categorical codes to align with attributes")
    device = next(generator.parameters()).device
    gen = torch.Generator().manual_seed(seed + 29)
    z = generator.sample_noise(n, generator=gen)
    codes = generator.sample_codes(n, generator=gen)
    y = space.sample(n, generator=gen)  # checked by G, unused
    was_training = generator.training
    generator.eval()
    try:
        images = torch.cat(
            [
                to_uint8(generator(
                    z[i : i + batch_size].to(device), y[i : i + batch_size].to(device),
                    InfoCodes(
                        [c[i : i + batch_size].to(device) for c in codes.categorical],
                        None if codes.continuous is None
                        else codes.continuous[i : i + batch_size].to(device),
                    ),
                ))
                for i in range(0, n, batch_size)
            ]
        )  # fmt: skip
    finally:
        generator.train(was_training)
    scores = evaluator_scores(evaluator_for_space(space), images)
    predicted = [scores[:, o : o + s].argmax(dim=1).cpu() for o, s in space.groups]
    sizes = [s for _, s in space.groups]
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed + 17))
    matrix, chance = (
        [
            [code_alignment(c[order], p, k, s) for p, s in zip(predicted, sizes)]
            for c, k in zip(codes.categorical, kinds)
        ]
        for order in (torch.arange(n), perm)
    )
    names = list(space.attribute_names)
    pairs, chance_pairs = _match(matrix), _match(chance)
    return {
        "accuracy": sum(matrix[i][a] for i, a in pairs) / len(pairs),
        "chance": sum(chance[i][a] for i, a in chance_pairs) / len(chance_pairs),
        "fid": base["fid"],
        "alignment": {
            names[a]: {"code": i, "alignment": matrix[i][a], "chance": chance[i][a]}
            for i, a in sorted(pairs, key=lambda p: p[1])
        },
        "alignment_matrix": matrix,
        "chance_matrix": chance,
        "fidelity": base["fidelity"],
    }


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
