"""The recipe registry: names, variants, build, scales, overrides and their errors."""

from __future__ import annotations

import pytest

from condgan.recipes import SCALES, Recipe, Reported, build, names, variants
from condgan.recipes.registry import register_recipe


def test_toy_is_listed_with_variants_in_order(toy_registry):
    assert "toy" in names() and names() == sorted(names())
    assert variants("toy") == ["a", "b"]


def test_build_default_variant_and_reported(toy_registry):
    r = build("toy", scale="smoke")
    assert isinstance(r, Recipe)
    assert (r.name, r.variant, r.scale) == ("toy", "a", "smoke")
    assert r.reported == Reported("FID", 10.0)
    assert "toy [a] scale=smoke" in r.summary()


def test_overrides_replace_train_fields(toy_registry):
    r = build("toy", "b", "smoke", steps=7, batch_size=2)
    assert (r.train.steps, r.train.batch_size) == (7, 2)
    assert r.variant == "b" and r.reported.value == 20.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "nope"}, "unknown recipe 'nope'"),
        ({"name": "toy", "variant": "zzz"}, r"unknown variant 'zzz' of 'toy'.*\['a', 'b'\]"),
        ({"name": "toy", "scale": "huge"}, r"unknown scale 'huge'.*paper"),
        ({"name": "toy", "steps_typo": 3}, "steps_typo"),
    ],
)
def test_bad_names_are_clear_errors(toy_registry, kwargs, match):
    with pytest.raises(ValueError, match=match):
        build(**kwargs)


def test_variants_of_unknown_recipe(toy_registry):
    with pytest.raises(ValueError, match="unknown recipe 'nope'"):
        variants("nope")


def test_register_rejects_duplicates_and_bad_defaults(toy_registry):
    with pytest.raises(ValueError, match="already registered"):
        register_recipe("toy", report="R0", title="t", variants={"a": ""}, default="a")(
            lambda *a: None
        )
    with pytest.raises(ValueError, match="default variant 'c'"):
        register_recipe("toy2", report="R0", title="t", variants={"a": ""}, default="c")
    with pytest.raises(ValueError, match=r"unknown variants of 'toy3': \['z'\]"):
        register_recipe(
            "toy3", report="R0", title="t", variants={"a": ""}, default="a",
            reported={"z": Reported("FID", 1.0)},
        )  # fmt: skip


def test_scales_are_the_three_documented():
    assert SCALES == ("paper", "cpu", "smoke")


def test_every_registered_recipe_has_consistent_metadata():
    from condgan.recipes import entry

    for name in names():
        e = entry(name)
        assert e.name == name and e.report.startswith("R")
        assert e.default in e.variants
        assert set(e.reported) <= set(e.variants)
