"""Every registered model runs forward and backward at a tiny size for every space it supports."""

from __future__ import annotations

import pytest
import torch

from condgan.models import create, list_models, model_entry
from condgan.types import CriticOutput, InfoCodes, InfoOutput

from testing_support import all_spaces

SPACES = {s.type_name: s for s in all_spaces()}
CASES = [(name, kind) for name in list_models() for kind in model_entry(name).spaces]


@pytest.mark.parametrize(("name", "space_kind"), CASES)
def test_forward_backward_tiny(name, space_kind):
    entry = model_entry(name)
    space = SPACES[space_kind]
    g = torch.Generator().manual_seed(0)
    model = create(name, space=space, **entry.tiny)
    y = space.sample(4, generator=g)
    assert model.spec == {"name": name, "kwargs": {"space": space, **entry.tiny}}
    if entry.kind == "generator":
        z = model.sample_noise(4, generator=g)
        args = (z, y)
        if model.info_spec is not None:
            args = (z, y, model.sample_codes(4, generator=g))
        out = model(*args)
        assert out.shape == (4, model.channels, model.image_size, model.image_size)
        assert torch.isfinite(out).all() and out.abs().max() <= 1
        loss = out.square().mean()
    else:
        x = torch.randn(4, model.channels, model.image_size, model.image_size, generator=g)
        out = model(x, y)
        assert isinstance(out, CriticOutput)
        assert out.adv.shape == (4,) and torch.isfinite(out.adv).all()
        loss = out.adv.sum()
        if out.aux is not None:
            aux = out.aux if isinstance(out.aux, list) else [out.aux]
            assert all(a.shape[0] == 4 and torch.isfinite(a).all() for a in aux)
            loss = loss + sum(a.sum() for a in aux)
        if out.info is not None:
            assert isinstance(out.info, InfoOutput)
            loss = loss + sum(c.sum() for c in out.info.categorical) + out.info.mean.sum()
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.requires_grad]
    assert grads and all(gr is not None and torch.isfinite(gr).all() for gr in grads)


def test_every_space_kind_is_covered():
    covered = {kind for _, kind in CASES}
    assert covered == set(SPACES)


def test_list_models_by_kind():
    gens, crits = list_models("generator"), list_models("critic")
    assert set(gens) | set(crits) == set(list_models()) and not set(gens) & set(crits)
    for r in ("r1", "r2", "r4", "r5"):
        assert f"{r}_generator" in gens and f"{r}_critic" in crits
    assert {"r3_acgan_generator", "r3_infogan_generator"} <= set(gens)


def test_unknown_model_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown model 'nope'; registered models: \["):
        create("nope")
    with pytest.raises(ValueError, match="kind must be None or one of"):
        list_models("head")


def test_generator_sample_with_names_and_determinism():
    space = SPACES["multi_categorical"]
    gen = create("r1_generator", space=space, **model_entry("r1_generator").tiny).eval()
    a = gen.sample(
        ["blue hair red eyes"] * 0 + ["blue hair blue eye Asian face with glasses"] * 3,
        generator=torch.Generator().manual_seed(3),
    )
    b = gen.sample(
        space.encode(["blue hair blue eye Asian face with glasses"] * 3),
        generator=torch.Generator().manual_seed(3),
    )
    assert a.shape == (3, 3, 32, 32) and torch.equal(a, b)


def test_infogan_sample_codes_and_forward_without_codes():
    space = SPACES["categorical"]
    gen = create("r3_infogan_generator", space=space, **model_entry("r3_infogan_generator").tiny)
    assert gen.info_spec.categorical == (5,) and gen.info_spec.continuous == 2
    codes = gen.sample_codes(6, generator=torch.Generator().manual_seed(0))
    assert isinstance(codes, InfoCodes) and codes.categorical[0].shape == (6,)
    assert codes.continuous.shape == (6, 2) and codes.continuous.abs().max() <= 1
    out = gen(gen.sample_noise(6), space.sample(6))
    assert out.shape == (6, 3, 32, 32)
    with pytest.raises(ValueError, match=r"codes.continuous must have shape \(6, 2\)"):
        gen(gen.sample_noise(6), space.sample(6), InfoCodes(codes.categorical, None))
