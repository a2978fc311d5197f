"""Measuring conditional GANs: evaluator classifiers, conditional accuracy,
FID / KID / precision-recall through torch-fidelity, and diversity within each
condition (diversity ratio, precision / recall / density / coverage, intra-class FID).

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
from condgan.metrics.diversity import (
    COLLAPSE_THRESHOLD,
    ConditionDiversity,
    DiversityReport,
    collapse_warning,
    diversity_figures,
    diversity_from_features,
    diversity_ratio,
    per_condition_diversity,
    warn_if_collapsed,
)
from condgan.metrics.evaluate import (
    evaluate_generator,
    evaluate_real,
    format_table,
    standin_floor,
)
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
    as_fidelity_model,
    extract_features,
    fid_from_features,
    fidelity,
    fidelity_from_features,
    reference_features,
    resolve_extractor,
)
from condgan.metrics.per_condition import accuracy_per_combination, fid_per_value, value_masks
from condgan.metrics.precision_recall import PRDC, prdc
from condgan.metrics.samples import Uint8Images, generate_samples, to_uint8
from condgan.metrics.train_evaluator import (
    TrainResult,
    classification_loss,
    fit_classifier,
    train_evaluator,
)

__all__ = [
    "COLLAPSE_THRESHOLD",
    "ConditionDiversity",
    "CourseEvaluator",
    "DiversityReport",
    "EXTRACTORS",
    "Evaluator",
    "ExtractorSpec",
    "FeatureCache",
    "FidelityResult",
    "ICLEVR_OBJECTS",
    "METRICS",
    "PRDC",
    "TrainResult",
    "Uint8Images",
    "accuracy_from_scores",
    "accuracy_per_combination",
    "as_fidelity_model",
    "classification_loss",
    "fit_classifier",
    "collapse_warning",
    "combination_mask",
    "conditional_accuracy",
    "default_cache_dir",
    "diversity_figures",
    "diversity_from_features",
    "diversity_ratio",
    "evaluate_generator",
    "evaluate_real",
    "evaluator_for_space",
    "evaluator_scores",
    "extract_features",
    "fid_from_features",
    "fid_per_value",
    "fidelity",
    "fidelity_from_features",
    "fingerprint",
    "format_table",
    "generate_samples",
    "iclevr_accuracy",
    "iclevr_hits",
    "load_course_evaluator",
    "load_evaluator",
    "per_condition_diversity",
    "prdc",
    "reference_features",
    "resolve_extractor",
    "shipped_evaluators",
    "standin_floor",
    "to_uint8",
    "train_evaluator",
    "value_masks",
    "warn_if_collapsed",
]
