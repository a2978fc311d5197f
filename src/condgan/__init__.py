"""condgan: composable conditional GANs.

Importing :mod:`condgan` loads only the core (conditions and boundary types);
subpackages such as :mod:`condgan.metrics` load their heavier dependencies
(torchvision, torch-fidelity, matplotlib) when they are first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from condgan.conditions import (
    Categorical,
    ConditionSpace,
    MultiCategorical,
    MultiLabel,
    Text,
    space_from_dict,
)
from condgan.types import CriticOutput, InfoOutput, LossTerms

__version__ = "0.1.0"

# Names re-exported lazily from subpackages: ``name -> module``.
_LAZY: dict[str, str] = {
    "load_generator": "condgan.training.checkpoint",
    "TrainConfig": "condgan.training.config",
    "Trainer": "condgan.training.trainer",
}

__all__ = [
    "Categorical",
    "ConditionSpace",
    "CriticOutput",
    "InfoOutput",
    "LossTerms",
    "MultiCategorical",
    "MultiLabel",
    "Text",
    "__version__",
    "space_from_dict",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'condgan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
