"""The *domain* feature extractor: an evaluator's penultimate features, as torch-fidelity sees them.

This module imports torch-fidelity; :mod:`condgan.metrics.fidelity` loads it lazily.
"""

from __future__ import annotations

import copy
from typing import Any

import torch
from torch import Tensor, nn
from torch_fidelity.feature_extractor_base import FeatureExtractorBase
from torch_fidelity.helpers import vassert
from torch_fidelity.registry import FEATURE_EXTRACTORS_REGISTRY, register_feature_extractor

from condgan.metrics.evaluator import state_fingerprint

__all__ = ["DomainFeatureExtractor", "register_domain_extractor"]

#: Evaluators behind the registered extractor names.
_EVALUATORS: dict[str, nn.Module] = {}


class DomainFeatureExtractor(FeatureExtractorBase):
    """torch-fidelity feature extractor over a registered evaluator (``uint8`` in, float64 out).

    Feature ``"penultimate"``: the evaluator's ``features(images)``, ``(B, F)``.
    """

    def __init__(self, name: str, features_list: list[str], **kwargs: Any) -> None:
        super().__init__(name, features_list)
        if name not in _EVALUATORS:
            raise ValueError(f"no evaluator registered under the feature extractor name {name!r}")
        self.evaluator = copy.deepcopy(_EVALUATORS[name]).cpu().eval()

    @staticmethod
    def get_provided_features_list() -> tuple[str, ...]:
        return ("penultimate",)

    @staticmethod
    def get_default_feature_layer_for_metric(metric: str) -> str:
        return "penultimate"

    @staticmethod
    def can_be_compiled() -> bool:
        return False

    @staticmethod
    def get_dummy_input_for_compile() -> Tensor:
        return torch.zeros(1, 3, 64, 64, dtype=torch.uint8)

    def forward(self, x: Tensor) -> tuple[Tensor, ...]:
        vassert(
            torch.is_tensor(x) and x.dtype == torch.uint8,
            "Expecting image as torch.Tensor with dtype=torch.uint8",
        )
        features = {"penultimate": self.evaluator.features(x).double()}
        return tuple(features[name] for name in self.features_list)


def register_domain_extractor(evaluator: nn.Module) -> str:
    """Register ``evaluator`` with torch-fidelity; returns the extractor name.

    The name holds a hash of the evaluator's weights, so cached features of
    different evaluators never mix. Registering the same weights twice is a no-op.
    """
    if not hasattr(evaluator, "features"):
        raise TypeError("the evaluator must have a .features(images) method")
    label = getattr(evaluator, "name", "evaluator")
    name = f"condgan-domain-{label}-{state_fingerprint(evaluator)}"
    _EVALUATORS[name] = evaluator
    if name not in FEATURE_EXTRACTORS_REGISTRY:
        register_feature_extractor(name, DomainFeatureExtractor)
    return name
