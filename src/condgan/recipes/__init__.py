"""Recipes: the five reports' experiments, built and ready to train.

``build(name, variant=None, scale="paper", data_dir=None, **overrides)`` returns a
:class:`Recipe`; ``names()`` lists the recipes and ``variants(name)`` their
experiments. :func:`run_variant` and :func:`reproduce` train and evaluate them
and :func:`results_table` sets the figures beside the report's.

Each recipe lives in one module of :mod:`condgan.recipes.reports`, which
registers it with :func:`register_recipe`; the modules are imported the first
time the registry is asked for a recipe, so importing this package is cheap.
The reports' networks are compositions of condgan's parts in
:mod:`condgan.recipes.networks` (one module per recipe), registered with the
model registry so that checkpoints can rebuild them.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public names -> the module defining them (loaded on first use).
_LAZY: dict[str, str] = {
    "DataSpec": "condgan.recipes.data",
    "InMemoryImages": "condgan.recipes.data",
    "standin_cache_dir": "condgan.recipes.data",
    "Recipe": "condgan.recipes.recipe",
    "Reported": "condgan.recipes.recipe",
    "Scale": "condgan.recipes.scale",
    "best_matching": "condgan.recipes.alignment",
    "code_alignment": "condgan.recipes.alignment",
    "SCALES": "condgan.recipes.registry",
    "RecipeEntry": "condgan.recipes.registry",
    "build": "condgan.recipes.registry",
    "entry": "condgan.recipes.registry",
    "names": "condgan.recipes.registry",
    "register_recipe": "condgan.recipes.registry",
    "variants": "condgan.recipes.registry",
    "VariantResult": "condgan.recipes.runner",
    "evaluate_recipe": "condgan.recipes.runner",
    "load_results": "condgan.recipes.runner",
    "ordering_reproduced": "condgan.recipes.runner",
    "reproduce": "condgan.recipes.runner",
    "rescore": "condgan.recipes.runner",
    "results_table": "condgan.recipes.runner",
    "run_variant": "condgan.recipes.runner",
    "write_results": "condgan.recipes.runner",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'condgan.recipes' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
