"""Every generic registered model runs forward and backward at a tiny size for every space it
supports (the reports' networks: tests/recipes/networks/test_registered.py)."""

from __future__ import annotations

import pytest
import torch

from condgan.models import create, list_models, model_entry
from condgan.types import InfoCodes
from model_checks import SPACES, check_forward_backward_tiny

GENERIC = [n for n in list_models() if model_entry(n).build.__module__.startswith("condgan.models")]
CASES = [(name, kind) for name in GENERIC for kind in model_entry(name).spaces]


@pytest.mark.parametrize(("name", "space_kind"), CASES)
def test_forward_backward_tiny(name, space_kind):
    check_forward_backward_tiny(name, space_kind)


def test_every_space_kind_is_covered():
    covered = {kind for _, kind in CASES}
    assert covered == set(SPACES)


def test_generic_families_are_registered_by_condgan_models():
    assert set(GENERIC) == {
        "dcgan_generator", "dcgan_critic", "srresnet_generator", "srresnet_critic",
        "infogan_generator",
    }  # fmt: skip
    gens, crits = list_models("generator"), list_models("critic")
    assert set(gens) | set(crits) == set(list_models()) and not set(gens) & set(crits)
    assert {"dcgan_generator", "srresnet_generator", "infogan_generator"} <= set(gens)


def test_unknown_model_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown model 'nope'; registered models: \["):
        create("nope")
    with pytest.raises(ValueError, match=r"imported first .*entry-point group"):
        create("nope")
    with pytest.raises(ValueError, match="kind must be None or one of"):
        list_models("head")


def test_generator_sample_with_names_and_determinism():
    space = SPACES["multi_categorical"]
    gen = create(
        "dcgan_generator",
        space=space,
        encoder="fixed",
        hidden_concat=(1,),
        nz=8,
        image_size=32,
        widths=(16, 8, 8),
    ).eval()
    a = gen.sample(
        ["blue hair blue eye Asian face with glasses"] * 3,
        generator=torch.Generator().manual_seed(3),
    )
    b = gen.sample(
        space.encode(["blue hair blue eye Asian face with glasses"] * 3),
        generator=torch.Generator().manual_seed(3),
    )
    assert a.shape == (3, 3, 32, 32) and torch.equal(a, b)


def test_infogan_sample_codes_and_forward_without_codes():
    space = SPACES["categorical"]
    gen = create("infogan_generator", space=space, **model_entry("infogan_generator").tiny)
    assert gen.info_spec.categorical == (3,) and gen.info_spec.continuous == 2
    codes = gen.sample_codes(6, generator=torch.Generator().manual_seed(0))
    assert isinstance(codes, InfoCodes) and codes.categorical[0].shape == (6,)
    assert codes.continuous.shape == (6, 2) and codes.continuous.abs().max() <= 1
    out = gen(gen.sample_noise(6), space.sample(6))
    assert out.shape == (6, 3, 32, 32)
    with pytest.raises(ValueError, match=r"codes.continuous must have shape \(6, 2\)"):
        gen(gen.sample_noise(6), space.sample(6), InfoCodes(codes.categorical, None))


def test_builders_name_norm_and_act_as_the_network_classes_do():
    """``norm_layer=``/``act_layer=`` everywhere; the old ``norm=``/``act=`` of checkpoints
    written before the rename still build the same network, with a DeprecationWarning."""
    space = SPACES["categorical"]
    kw = dict(space=space, nz=8, image_size=16, widths=(8, 8))
    torch.manual_seed(0)
    new = create("dcgan_generator", norm_layer="cbn", act_layer="leaky_relu", **kw)
    torch.manual_seed(0)
    with pytest.warns(DeprecationWarning, match=r"norm= is now norm_layer="):
        old = create("dcgan_generator", norm="cbn", act="leaky_relu", **kw)
    assert old.spec["kwargs"]["norm_layer"] == "cbn" and "norm" not in old.spec["kwargs"]
    assert [type(m) for m in old.modules()] == [type(m) for m in new.modules()]
    for a, b in zip(old.state_dict().values(), new.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    with pytest.raises(TypeError, match=r"give norm_layer= only, not also its old name norm="):
        create("dcgan_generator", norm="bn", norm_layer="bn", **kw)
    with pytest.raises(ValueError, match=r"norm_layer must be one of \['bn', 'cbn', 'none'\]"):
        create("dcgan_generator", norm_layer="ln", **kw)
