"""The throughput benchmark's cases: which networks, objective and config both paths train.

* :func:`direct_setup`: R2 (iclevr-acwgan-gp) built from :mod:`condgan.models`
  without the recipes, at ``"paper"`` or ``"tiny"`` scale;
* :func:`recipe_setup`: any registered recipe (R1 ``cartoon-acgan``, R2 ...)
  through ``condgan.recipes.build``;
* :func:`setup_from`: either, by the key ``throughput.py --setup`` takes.
"""

from __future__ import annotations

import torch
from harness import Setup

from condgan.losses import WGANGP, Objective
from condgan.training import TrainConfig

__all__ = ["direct_setup", "r2_objective", "recipe_setup", "setup_from"]


def r2_objective(space, every: int = 1) -> Objective:
    """R2's objective: WGAN + WGAN-GP (weight 10, every ``every`` critic steps) + auxiliary 5."""
    return Objective(
        "wgan", space=space, penalties=[(WGANGP(every=every), 10.0)],
        aux_real_weight=5.0, aux_gen_weight=5.0,
    )  # fmt: skip


def direct_setup(scale: str = "paper") -> Setup:
    """R2 (iclevr-acwgan-gp) built from the models directly (no recipe needed).

    ``"paper"``: the report's networks (64x64, G 3.8M / D 3.0M parameters);
    ``"tiny"``: the registry's tiny CPU instances (32x32; used by the tests).
    """
    if scale not in ("paper", "tiny"):
        raise ValueError(f"scale must be 'paper' or 'tiny', got {scale!r}")

    def make():
        import condgan.recipes.networks  # noqa: F401 (registers r2_generator, r2_critic)
        from condgan.data import iclevr_space
        from condgan.models import create, model_entry

        space = iclevr_space()
        torch.manual_seed(0)
        kw_g = model_entry("r2_generator").tiny if scale == "tiny" else {}
        kw_d = model_entry("r2_critic").tiny if scale == "tiny" else {}
        g = create("r2_generator", space=space, **kw_g)
        d = create("r2_critic", space=space, **kw_d)
        cfg = TrainConfig(
            critic_steps=5, batch_size=64, lr_g=2e-4, lr_d=2e-4,
            betas_g=(0.5, 0.999), betas_d=(0.5, 0.999),
        )  # fmt: skip
        return g, d, r2_objective(space), cfg

    return Setup("iclevr-acwgan-gp", scale, make, source="models (direct)")


def recipe_setup(name: str, scale: str, variant: str | None = None) -> Setup:
    """A setup from ``condgan.recipes.build(name, variant, scale)``.

    Raises:
        LookupError: the recipe is not registered (yet).
    """
    import condgan.recipes as recipes

    if name not in recipes.names():
        raise LookupError(f"recipe {name!r} is not registered (have {recipes.names()})")

    def make():
        torch.manual_seed(0)
        r = recipes.build(name, variant, scale=scale)
        return r.generator, r.critic, r.objective, r.train

    return Setup(name, scale, make, source=f"recipe {name} ({variant or 'default'})", key=name)


def setup_from(key: str, scale: str) -> Setup:
    """``key``: ``"direct"`` (R2 from the models; scale paper or tiny) or a recipe name."""
    if key == "direct":
        return direct_setup(scale)
    return recipe_setup(key, scale)
