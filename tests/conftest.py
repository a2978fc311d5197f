"""Shared fixtures: small condition spaces used across the test suite."""

from __future__ import annotations

import pytest
import torch

from condgan.conditions import MultiCategorical, MultiLabel

from testing_support import ADL, ICLEVR


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


@pytest.fixture
def adl_space() -> MultiCategorical:
    return MultiCategorical(ADL)


@pytest.fixture
def iclevr_space() -> MultiLabel:
    return MultiLabel(ICLEVR, min_labels=1, max_labels=3)
