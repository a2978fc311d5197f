"""condgan's recommended model for a report's data: the variant ``"recommended"``.

The reports' models collapse within a condition on their stand-ins (an ACGAN's
classifier rewards the easiest image of each condition, and R1's generator
takes its variety from dropout, which evaluation turns off). The ablation in
``benchmarks/ablation.py`` (3 seeds; see the Recipes guide) chose instead the
own-data family (:func:`~condgan.recipes.own_data.own_parts`): a DCGAN
generator without dropout (with BigGAN's conditioning for multi-label scenes,
:data:`~condgan.recipes.own_data.GENERATOR_CONDITIONING`) and a spectral-norm
critic with a projection head and an auxiliary classifier, trained with the
hinge loss, one critic step per generator step, sampled from an EMA of the
generator's weights.
:func:`recommended_recipe` builds it on a recipe's data, space
and image size; the recipes that offer it list ``"recommended"`` among their
variants with no reported figure (it is not the report's model), and
``condgan demo`` trains it.
"""

from __future__ import annotations

from condgan.conditions import ConditionSpace
from condgan.recipes.data import DataSpec
from condgan.recipes.own_data import OWN_SCALES, own_parts
from condgan.recipes.recipe import Recipe

__all__ = [
    "EMA_DECAY",
    "RECOMMENDED",
    "RECOMMENDED_LINE",
    "RECOMMENDED_STEPS",
    "RECOMMENDED_TEXT_LINE",
    "recommended_recipe",
]

#: the variant's name in every recipe that offers it, and its line in the variant lists.
RECOMMENDED = "recommended"
RECOMMENDED_LINE = (
    "condgan's recommended model for this data, not the report's: projection critic with an "
    "auxiliary classifier, hinge loss (condgan.recipes.recommended)"
)
#: the same for text conditions, which have no classifier head.
RECOMMENDED_TEXT_LINE = (
    "condgan's recommended model for this data, not the report's: projection critic on the "
    "text embedding, hinge loss (condgan.recipes.recommended)"
)

#: the generator's EMA decay (3 seeds on the cartoon stand-in: FID 4.4 +- 0.4 with it,
#: 6.4 +- 2.1 without; coverage 0.82 +- 0.01 against 0.73 +- 0.04).
EMA_DECAY = 0.999

#: iterations per scale: the own-data scales' budgets, except at cpu scale: 6,000
#: one-critic-step iterations take about 4 CPU-minutes at 32 px (the cartoon stand-in:
#: FID 2.2, coverage 0.93 at 6,000 against 4.4 and 0.82 at 2,000; benchmarks/ablation.py).
RECOMMENDED_STEPS = {"paper": OWN_SCALES["paper"].steps, "cpu": 6000, "smoke": 2}

_NOTE = (
    "condgan's recommended model for this data, not the report's: a DCGAN generator "
    "without dropout (BigGAN's shared embedding and hierarchical noise for multi-label "
    "conditions), a spectral-norm critic with a projection head (and an auxiliary "
    "classifier where the conditions are labels), hinge loss, Adam(0, 0.9) 2e-4, one critic "
    "step, an EMA of G with decay 0.999 (chosen by the ablation in benchmarks/ablation.py). "
)


def recommended_recipe(
    name: str, space: ConditionSpace, data: DataSpec, scale: str, *, channels: int = 3
) -> Recipe:
    """The ``"recommended"`` variant of recipe ``name`` on ``data``'s images of ``space``.

    Raises:
        ValueError: an unknown scale.
    """
    if scale not in RECOMMENDED_STEPS:
        raise ValueError(f"scale must be one of {list(RECOMMENDED_STEPS)}, got {scale!r}")
    g, d, objective, cfg, notes = own_parts(
        space, data.image_size, channels, scale=scale, n=data.train_size(),
        out_dir=f"runs/{name}/{RECOMMENDED}",
    )  # fmt: skip
    steps = RECOMMENDED_STEPS[scale]
    # an EMA of G (warm-up ramp, standing BN statistics) is what evaluation and sampling
    # use; the grids' GIF as every recipe writes it (the own-data smoke scale turns it off)
    cfg = cfg.replace(steps=steps, sample_every=max(1, steps // 10), ema_decay=EMA_DECAY, gif=True)
    return Recipe(name, RECOMMENDED, scale, space, g, d, objective, cfg, data,
                  notes=_NOTE + notes)  # fmt: skip
