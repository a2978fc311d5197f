"""Names a checkpoint stores -> parts (``condgan.models.names``)."""

from __future__ import annotations

import pytest
from torch import nn

from condgan.conditions import (
    Categorical,
    ConditionalBatchNorm2d,
    FixedEmbedding,
    OneHot,
    Projection,
    Text,
)
from condgan.layers import ConvTransposeToMap, LinearToMap
from condgan.models import names


def test_norms():
    assert names.norm_layer("bn") is nn.BatchNorm2d and names.norm_layer("none") is None
    assert isinstance(names.norm_layer("cbn", cond_dim=3)(4), ConditionalBatchNorm2d)
    with pytest.raises(ValueError, match="norm_layer 'cbn' .* needs the condition width cond_dim"):
        names.norm_layer("cbn")
    with pytest.raises(
        ValueError, match=r"norm_layer must be one of \['bn', 'cbn', 'none'\], got 'ln'"
    ):
        names.norm_layer("ln")


def test_activations_and_first_blocks():
    act = names.act_layer("leaky_relu")()
    assert isinstance(act, nn.LeakyReLU) and act.negative_slope == 0.2
    assert names.act_layer("relu") is nn.ReLU
    with pytest.raises(ValueError, match="act_layer must be one of"):
        names.act_layer("swishy")
    assert names.FIRST_BLOCKS == {"convt": ConvTransposeToMap, "linear": LinearToMap}


def test_encoders():
    space = Categorical(4)
    assert isinstance(names.encoder("one_hot", space), OneHot)
    fixed = names.encoder("fixed", space)
    assert isinstance(fixed, FixedEmbedding) and fixed.out_dim == 16
    proj = names.encoder("projection", Text(8), 32)
    assert isinstance(proj, Projection) and proj.out_dim == 32
    with pytest.raises(ValueError, match="encoder must be one of"):
        names.encoder("bert", space)
    with pytest.raises(ValueError, match="encoder must be one of .* got 3"):
        names.lookup(names.ENCODERS, 3, "encoder")
