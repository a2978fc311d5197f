"""Fixtures for the recipe tests: a shared stand-in cache and a toy recipe."""

from __future__ import annotations

import pytest

import condgan.recipes.networks  # noqa: F401 (registers r1_generator, r1_critic)
from condgan.data import cartoon_space
from condgan.losses import Objective
from condgan.models import create
from condgan.recipes import DataSpec, Recipe, Reported, registry
from condgan.recipes.registry import register_recipe
from condgan.training import TrainConfig


def build_toy(variant: str, scale: str, data_dir: str | None) -> Recipe:
    space = cartoon_space()
    g = create(
        "r1_generator", space=space, nz=8, image_size=32, widths=(8, 8, 8, 8), embed_dim=2,
        hidden_concat=variant == "a",
    )  # fmt: skip
    d = create("r1_critic", space=space, image_size=32, widths=(8, 8, 8), final_width=8)
    obj = Objective("wgan", space=space, aux_real_weight=0.2)
    cfg = TrainConfig(
        steps=2, batch_size=4, sample_every=1, checkpoint_every=0, grid_rows=2, grid_cols=2,
        progress=False, tensorboard=False,
    )  # fmt: skip
    return Recipe(
        "toy", variant, scale, space, g, d, obj, cfg,
        DataSpec("cartoon", 32, standin_n=16, data_dir=data_dir),
    )  # fmt: skip


def register_toy() -> None:
    register_recipe(
        "toy", report="R0", title="a toy", variants={"a": "first", "b": "second"}, default="a",
        reported={"a": Reported("FID", 10.0), "b": Reported("FID", 20.0)},
    )(build_toy)  # fmt: skip


@pytest.fixture(scope="session")
def standin_cache(tmp_path_factory) -> str:
    """One stand-in cache for the whole session (stand-ins are written once)."""
    return str(tmp_path_factory.mktemp("condgan-cache"))


@pytest.fixture(autouse=True)
def _cache_env(standin_cache, monkeypatch):
    monkeypatch.setenv("CONDGAN_CACHE", standin_cache)


@pytest.fixture
def toy_registry(monkeypatch):
    """The registry with one extra tiny recipe, ``toy`` (variants ``a`` and ``b``)."""
    registry.names()  # load the real reports first
    saved = dict(registry._RECIPES)
    register_toy()
    yield registry
    registry._RECIPES.clear()
    registry._RECIPES.update(saved)
