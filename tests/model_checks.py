"""A check shared by the registry tests of condgan.models and of the recipes' networks."""

from __future__ import annotations

import torch

from condgan.models import create, model_entry
from condgan.types import CriticOutput, InfoOutput

from testing_support import all_spaces

__all__ = ["SPACES", "check_forward_backward_tiny"]

#: space kind -> a small space of that kind.
SPACES = {s.type_name: s for s in all_spaces()}


def check_forward_backward_tiny(name: str, space_kind: str) -> None:
    """Build ``name`` at its tiny size, run forward and backward, check shapes and grads."""
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
