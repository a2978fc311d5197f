"""Measuring conditional GANs: evaluator classifiers, conditional accuracy and
FID / KID / precision-recall through torch-fidelity.

See the "Metrics" guide in the docs. Importing this package loads torch only;
torchvision and torch-fidelity are imported when first needed.
"""

from condgan.metrics.accuracy import (
    accuracy_from_scores,
    combination_mask,
    conditional_accuracy,
    evaluator_scores,
    iclevr_accuracy,
    iclevr_hits,
)
from condgan.metrics.cache import FeatureCache, default_cache_dir, fingerprint
from condgan.metrics.evaluator import (
    ICLEVR_OBJECTS,
    CourseEvaluator,
    Evaluator,
    evaluator_for_space,
    load_course_evaluator,
    load_evaluator,
    shipped_evaluators,
)
from condgan.metrics.fidelity import (
    EXTRACTORS,
    METRICS,
    ExtractorSpec,
    FidelityResult,
    extract_features,
    fid_from_features,
    fidelity,
    fidelity_from_features,
    reference_features,
    resolve_extractor,
)
from condgan.metrics.per_condition import accuracy_per_combination, fid_per_value, value_masks
from condgan.metrics.samples import Uint8Images, as_fidelity_model, generate_samples, to_uint8

__all__ = [
    "CourseEvaluator",
    "EXTRACTORS",
    "Evaluator",
    "ExtractorSpec",
    "FeatureCache",
    "FidelityResult",
    "ICLEVR_OBJECTS",
    "METRICS",
    "Uint8Images",
    "accuracy_from_scores",
    "accuracy_per_combination",
    "as_fidelity_model",
    "combination_mask",
    "conditional_accuracy",
    "default_cache_dir",
    "evaluator_for_space",
    "evaluator_scores",
    "extract_features",
    "fid_from_features",
    "fid_per_value",
    "fidelity",
    "fidelity_from_features",
    "fingerprint",
    "generate_samples",
    "iclevr_accuracy",
    "iclevr_hits",
    "load_course_evaluator",
    "load_evaluator",
    "reference_features",
    "resolve_extractor",
    "shipped_evaluators",
    "to_uint8",
    "value_masks",
]
