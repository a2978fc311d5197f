"""R5's critic with and without spectral norm (the recipe's ``no-sn`` ablation)."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize

import condgan.recipes.networks  # noqa: F401 (registers r5_critic)
from condgan.data import anime_space
from condgan.models import create

TINY = {"image_size": 32, "widths": (8, 8), "kernels": (4, 3), "blocks": (1, 0)}


def _normed(module: nn.Module) -> bool:
    return parametrize.is_parametrized(module, "weight") or hasattr(module, "weight_orig")


def _layers(critic: nn.Module) -> list[nn.Module]:
    return [m for m in critic.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def test_spectral_norm_on_every_layer_by_default_and_off_on_request():
    space = anime_space(2017)
    torch.manual_seed(0)
    sn = create("r5_critic", space=space, **TINY)
    torch.manual_seed(0)
    plain = create("r5_critic", space=space, spectral_norm=False, **TINY)
    assert plain.spec["kwargs"]["spectral_norm"] is False  # recorded for checkpoints
    assert all(_normed(m) for m in _layers(sn))
    assert not any(_normed(m) for m in _layers(plain))
    # same architecture: the same layers with the same weight shapes
    kinds = [isinstance(m, nn.Conv2d) for m in _layers(sn)]
    assert kinds == [isinstance(m, nn.Conv2d) for m in _layers(plain)]
    shapes = sorted(tuple(m.weight.shape) for m in _layers(sn))
    assert shapes == sorted(tuple(m.weight.shape) for m in _layers(plain))
    out = plain(torch.randn(3, 3, 32, 32), space.sample(3))
    assert out.adv.shape == (3,)
    assert [a.shape for a in out.aux] == [(3, 12), (3, 11)]


def test_spectral_norm_must_be_bool():
    with pytest.raises(TypeError, match="spectral_norm"):
        create("r5_critic", space=anime_space(2017), spectral_norm="no", **TINY)
