"""The recipe registry: ``build(name, variant, scale, ...)``, ``names()``, ``variants(name)``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from condgan.recipes.recipe import Recipe, Reported

__all__ = ["SCALES", "RecipeEntry", "build", "entry", "names", "register_recipe", "variants"]

#: Sizes every recipe offers: the report's, a 32x32 CPU run of minutes, a seconds-long test.
SCALES: tuple[str, ...] = ("paper", "cpu", "smoke")

#: ``builder(variant, scale, data_dir) -> Recipe``
Builder = Callable[[str, str, "str | None"], Recipe]


@dataclass(frozen=True)
class RecipeEntry:
    """A registered recipe.

    Attributes:
        name: the recipe's name.
        report: which report it reproduces (``"R1"`` ... ``"R5"``).
        title: one line on what it is.
        variants: the experiments, in the report's order, with a line each.
        default: the variant built when none is named.
        reported: the report's number (or observation) per variant.
        builder: the function building a :class:`Recipe`.
        extras: variants that are not the report's experiments (e.g.
            ``"recommended"``), with a line each; buildable by name, left out of
            :func:`variants` and of a whole-report reproduction.
    """

    name: str
    report: str
    title: str
    variants: Mapping[str, str]
    default: str
    reported: Mapping[str, Reported]
    builder: Builder
    extras: Mapping[str, str] = field(default_factory=dict)

    def all_variants(self) -> list[str]:
        """The report's variants, then the extras."""
        return [*self.variants, *self.extras]


_RECIPES: dict[str, RecipeEntry] = {}
_LOADED = False


def _ensure_loaded() -> None:
    global _LOADED
    if not _LOADED:
        from condgan.recipes.reports import load_all

        load_all()  # modules imported once stay imported, so a retry never registers twice
        _LOADED = True


def register_recipe(
    name: str,
    *,
    report: str,
    title: str,
    variants: Mapping[str, str],
    default: str,
    reported: Mapping[str, Reported] | None = None,
    extras: Mapping[str, str] | None = None,
) -> Callable[[Builder], Builder]:
    """Register ``builder(variant, scale, data_dir) -> Recipe`` under ``name``.

    Raises:
        ValueError: ``default`` or a ``reported`` key is not a variant, or (when
            decorating) ``name`` is already registered.
    """
    if default not in variants:
        raise ValueError(f"default variant {default!r} of {name!r} is not in {list(variants)}")
    extra = set(reported or {}) - set(variants)
    if extra:
        raise ValueError(f"reported numbers for unknown variants of {name!r}: {sorted(extra)}")

    def deco(builder: Builder) -> Builder:
        if name in _RECIPES:
            raise ValueError(f"recipe {name!r} is already registered")
        _RECIPES[name] = RecipeEntry(
            name, report, title, dict(variants), default, dict(reported or {}), builder,
            dict(extras or {}),
        )  # fmt: skip
        return builder

    return deco


def names() -> list[str]:
    """The registered recipes, sorted."""
    _ensure_loaded()
    return sorted(_RECIPES)


def entry(name: str) -> RecipeEntry:
    """The :class:`RecipeEntry` of ``name``.

    Raises:
        ValueError: unknown name (the message lists the known ones).
    """
    _ensure_loaded()
    if name not in _RECIPES:
        raise ValueError(f"unknown recipe {name!r}; choose one of {names()}")
    return _RECIPES[name]


def variants(name: str, *, extras: bool = False) -> list[str]:
    """The variants (experiments) of recipe ``name``, in the report's order; with
    ``extras``, followed by the variants that are not the report's (``"recommended"``)."""
    e = entry(name)
    return e.all_variants() if extras else list(e.variants)


def build(
    name: str,
    variant: str | None = None,
    scale: str = "paper",
    *,
    data_dir: str | None = None,
    **overrides: Any,
) -> Recipe:
    """Build one experiment of a report.

    Args:
        name: a recipe from :func:`names` (e.g. ``"cartoon-acwgan"``).
        variant: one of :func:`variants` (default: the recipe's main model).
        scale: ``"paper"`` (the report's sizes), ``"cpu"`` (32x32, narrower, minutes on
            two cores) or ``"smoke"`` (seconds, for tests).
        data_dir: a real data folder in its own format (default: a cached stand-in).
        overrides: :class:`~condgan.training.TrainConfig` fields to change, e.g.
            ``steps=200, batch_size=32``.

    Raises:
        ValueError: unknown name, variant, scale or override field.

    Example:
        >>> r = build("iclevr-acwgan-gp", "wgan-clip", scale="cpu", steps=500)
        >>> Trainer.from_recipe(r).fit()
    """
    e = entry(name)
    if variant is None:
        variant = e.default
    if variant not in e.variants and variant not in e.extras:
        raise ValueError(
            f"unknown variant {variant!r} of {name!r}; choose one of {e.all_variants()}"
        )
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {list(SCALES)}")
    recipe = e.builder(variant, scale, None if data_dir is None else str(data_dir))
    if overrides:
        recipe.train = recipe.train.replace(**overrides)
    if recipe.reported is None:
        recipe.reported = e.reported.get(variant)
    return recipe
