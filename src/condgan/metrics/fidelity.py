"""FID, KID and precision/recall through torch-fidelity.

condgan does not reimplement these metrics: features come from a
torch-fidelity feature extractor (``"inception"``: torch-fidelity's
``inception-v3-compat``; ``"domain"``: an evaluator's penultimate features,
registered with torch-fidelity), and the numbers from torch-fidelity's own
functions (``fid_features_to_statistics`` / ``fid_statistics_to_metric``,
``kid_features_to_metric``, ``prc_features_to_metric``). Features are float64,
so the FID statistics are too. Reference features are cached on disk, keyed by
the reference data's fingerprint and the extractor (see :mod:`condgan.metrics.cache`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import singledispatch
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.utils.data import Dataset

from condgan.metrics.cache import FeatureCache, fingerprint
from condgan.metrics.evaluator import evaluator_for_space, load_evaluator
from condgan.metrics.samples import Uint8Images, generate_samples, read_image_folder

__all__ = [
    "EXTRACTORS",
    "ExtractorSpec",
    "FidelityResult",
    "METRICS",
    "as_dataset",
    "as_fidelity_model",
    "extract_features",
    "fid_from_features",
    "fidelity",
    "fidelity_from_features",
    "reference_features",
    "resolve_extractor",
]

INCEPTION_FILE = "weights-inception-2015-12-05-6726825d.pth"


@dataclass
class ExtractorSpec:
    """A resolved torch-fidelity feature extractor.

    Attributes:
        name: its name in torch-fidelity's registry.
        layer: the feature layer used for every metric.
        cache_id: identifies the extractor *and its weights* in cache keys.
        kwargs: extra arguments for torch-fidelity's ``create_feature_extractor``.
    """

    name: str
    layer: str
    cache_id: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def create(self, device: torch.device | str | None = None) -> nn.Module:
        from torch_fidelity.utils import create_feature_extractor

        cuda = _use_cuda(device)
        return create_feature_extractor(
            self.name, [self.layer], cuda=cuda, verbose=False, **self.kwargs
        )


def _use_cuda(device: torch.device | str | None) -> bool:
    if device is None:
        return torch.cuda.is_available()
    return torch.device(device).type == "cuda"


def _file_hash(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def _inception(
    *, inception_weights: str | Path | None = None, allow_download: bool = False, **_: Any
) -> ExtractorSpec:
    if inception_weights is None and not allow_download:
        raise ValueError(
            "the 'inception' feature extractor needs Inception-v3 weights, which condgan never "
            "downloads on its own. Either pass inception_weights=PATH (torch-fidelity's file "
            f"{INCEPTION_FILE}, CLI: --inception-weights PATH), or allow_download=True "
            "(CLI: --allow-download) to let torch-fidelity fetch it; or use extractor='domain'."
        )
    kwargs: dict[str, Any] = {}
    cache_id = "inception-v3-compat-download"
    if inception_weights is not None:
        path = Path(inception_weights)
        if not path.is_file():
            raise FileNotFoundError(f"Inception weights file not found: {path}")
        kwargs["feature_extractor_weights_path"] = str(path)
        cache_id = f"inception-v3-compat-{_file_hash(path)}"
    return ExtractorSpec("inception-v3-compat", "2048", cache_id, kwargs)


def _domain(*, evaluator: nn.Module | str | Path | None = None, **_: Any) -> ExtractorSpec:
    if evaluator is None:
        raise ValueError(
            "the 'domain' feature extractor needs an evaluator: pass evaluator='cartoon' / "
            "'iclevr' / 'anime' (shipped), a weights path, or an Evaluator module"
        )
    if isinstance(evaluator, (str, Path)):
        evaluator = load_evaluator(evaluator)
    from condgan.metrics.domain_extractor import register_domain_extractor

    name = register_domain_extractor(evaluator)
    return ExtractorSpec(name, "penultimate", name)


#: Feature extractor kinds: ``name -> factory(**options) -> ExtractorSpec``.
EXTRACTORS: dict[str, Callable[..., ExtractorSpec]] = {"inception": _inception, "domain": _domain}


def resolve_extractor(extractor: str | ExtractorSpec = "domain", **options: Any) -> ExtractorSpec:
    """An :class:`ExtractorSpec` from a kind in :data:`EXTRACTORS` and its options.

    Options: ``evaluator`` (domain); ``inception_weights``, ``allow_download`` (inception).

    Raises:
        ValueError: unknown kind; inception without weights or permission; domain
            without evaluator.
        FileNotFoundError: a weights file is missing.
    """
    if isinstance(extractor, ExtractorSpec):
        return extractor
    if extractor not in EXTRACTORS:
        raise ValueError(f"extractor must be one of {sorted(EXTRACTORS)}, got {extractor!r}")
    return EXTRACTORS[extractor](**options)


# -- inputs -----------------------------------------------------------------------


@singledispatch
def as_dataset(source: Any) -> Dataset:
    """A torch-fidelity input (Dataset of ``uint8 (3, H, W)``) from a tensor, folder or Dataset."""
    raise TypeError(
        f"cannot read images from {type(source).__name__}; pass a (N, 3, H, W) tensor (float in "
        "[-1, 1] or uint8), an image folder path, or a Dataset of uint8 images"
    )


@as_dataset.register
def _(source: Tensor) -> Dataset:
    return Uint8Images(source)


@as_dataset.register(str)
@as_dataset.register(Path)
def _(source: str | Path) -> Dataset:
    return Uint8Images(read_image_folder(source))


@as_dataset.register
def _(source: Dataset) -> Dataset:
    return source


def as_fidelity_model(G: Any, *, seed: int = 0) -> Any:
    """Wrap ``G`` as an unconditional ``torch_fidelity.GenerativeModelBase`` producing ``uint8``.

    Conditions are drawn from ``G.space`` inside (seeded), so torch-fidelity's
    conditional path (``num_classes > 0``) is never used. Pass the result as
    ``input1`` of ``torch_fidelity.calculate_metrics`` with
    ``input1_model_num_samples``. The model is
    :class:`condgan.metrics.fidelity_model.FidelityGenerator`.
    """
    from condgan.metrics.fidelity_model import FidelityGenerator

    return FidelityGenerator(G, seed=seed)


def extract_features(
    source: Any,
    spec: ExtractorSpec,
    *,
    batch_size: int = 64,
    device: torch.device | str | None = None,
    extractor_module: nn.Module | None = None,
) -> Tensor:
    """Float64 features ``(N, F)`` of a tensor / folder / Dataset with torch-fidelity."""
    from torch_fidelity.utils import get_featuresdict_from_dataset

    dataset = as_dataset(source)
    fx = extractor_module if extractor_module is not None else spec.create(device)
    feats = get_featuresdict_from_dataset(
        dataset, fx, batch_size, _use_cuda(device), save_cpu_ram=True, verbose=False
    )
    return feats[spec.layer].double().cpu()


def reference_features(
    reference: Any,
    spec: ExtractorSpec,
    *,
    cache: FeatureCache | None = None,
    batch_size: int = 64,
    device: torch.device | str | None = None,
) -> tuple[Tensor, bool]:
    """Features of ``reference``, from ``cache`` when there; returns ``(features, cache_hit)``."""
    if cache is None:
        return extract_features(reference, spec, batch_size=batch_size, device=device), False
    key = f"ref-{fingerprint(reference)}-{spec.cache_id}-{spec.layer}"
    hit = cache.load(key)
    if hit is not None and "features" in hit:
        return hit["features"], True
    feats = extract_features(reference, spec, batch_size=batch_size, device=device)
    cache.save(key, {"features": feats})
    return feats, False


# -- metrics from features (torch-fidelity's functions) --------------------------------


def fid_from_features(f1: Tensor, f2: Tensor) -> float:
    """FID between two feature sets (float64 statistics; torch-fidelity's formula)."""
    from torch_fidelity.metric_fid import (
        KEY_METRIC_FID,
        fid_features_to_statistics,
        fid_statistics_to_metric,
    )

    for name, f in (("f1", f1), ("f2", f2)):
        if f.dim() != 2 or f.shape[0] < 2:
            raise ValueError(f"{name} must be (N >= 2, F) features, got {tuple(f.shape)}")
    s1 = fid_features_to_statistics(f1.double().cpu())
    s2 = fid_features_to_statistics(f2.double().cpu())
    return float(fid_statistics_to_metric(s1, s2, verbose=False)[KEY_METRIC_FID])


def _fid(f_samples: Tensor, f_ref: Tensor, **_: Any) -> dict[str, float]:
    return {"fid": fid_from_features(f_samples, f_ref)}


def _kid(
    f_samples: Tensor, f_ref: Tensor, *, kid_subset_size: int = 1000, seed: int = 2020, **_: Any
) -> dict[str, float]:
    from torch_fidelity.metric_kid import (
        KEY_METRIC_KID_MEAN,
        KEY_METRIC_KID_STD,
        kid_features_to_metric,
    )

    smallest = min(len(f_samples), len(f_ref))
    # subsets as large as the sets would all be equal (kid_std = 0): use half then
    size = kid_subset_size if kid_subset_size < smallest else max(2, smallest // 2)
    out = kid_features_to_metric(
        f_samples, f_ref, kid_subset_size=size, rng_seed=seed, verbose=False
    )
    return {"kid_mean": float(out[KEY_METRIC_KID_MEAN]), "kid_std": float(out[KEY_METRIC_KID_STD])}


def _prc(f_samples: Tensor, f_ref: Tensor, *, prc_neighborhood: int = 3, **_: Any) -> dict:
    from torch_fidelity.metric_prc import (
        KEY_METRIC_F_SCORE,
        KEY_METRIC_PRECISION,
        KEY_METRIC_RECALL,
        prc_features_to_metric,
    )

    for name, f in (("generated", f_samples), ("reference", f_ref)):
        if len(f) <= prc_neighborhood:
            raise ValueError(
                f"precision/recall use each image's {prc_neighborhood} nearest neighbours, so "
                f"they need more than {prc_neighborhood} {name} images, got {len(f)}"
            )
    out = prc_features_to_metric(
        f_samples, f_ref, prc_neighborhood=prc_neighborhood, save_cpu_ram=True, verbose=False
    )
    return {
        "precision": float(out[KEY_METRIC_PRECISION]),
        "recall": float(out[KEY_METRIC_RECALL]),
        "f_score": float(out[KEY_METRIC_F_SCORE]),
    }


#: Metric kinds: ``name -> fn(f_samples, f_ref, **options) -> {figure: value}``.
METRICS: dict[str, Callable[..., dict[str, float]]] = {"fid": _fid, "kid": _kid, "prc": _prc}


def fidelity_from_features(
    f_samples: Tensor, f_ref: Tensor, *, metrics: Sequence[str] = ("fid", "kid", "prc"), **options
) -> dict[str, float]:
    """The chosen :data:`METRICS` of generated features against reference features."""
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {unknown}; choose from {sorted(METRICS)}")
    out: dict[str, float] = {}
    for m in metrics:
        out.update(METRICS[m](f_samples, f_ref, **options))
    return out


@dataclass
class FidelityResult:
    """Fidelity figures of a sample set against a reference set.

    Attributes:
        fid: Fréchet distance of the feature Gaussians (0 = same statistics).
        kid_mean / kid_std: kernel (MMD²) distance over random subsets; unbiased,
            so it may be slightly negative for matching sets.
        precision: fraction of samples inside the reference manifold (k-NN balls).
        recall: fraction of reference images inside the samples' manifold.
        f_score: harmonic mean of precision and recall.
        extractor: the torch-fidelity extractor name; n_samples / n_reference: set sizes;
        reference_cache_hit: whether the reference features came from the cache.
    """

    fid: float | None = None
    kid_mean: float | None = None
    kid_std: float | None = None
    precision: float | None = None
    recall: float | None = None
    f_score: float | None = None
    extractor: str = ""
    n_samples: int = 0
    n_reference: int = 0
    reference_cache_hit: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fidelity(
    samples: Any,
    reference: Any,
    *,
    n: int | None = None,
    extractor: str | ExtractorSpec = "domain",
    evaluator: nn.Module | str | Path | None = None,
    inception_weights: str | Path | None = None,
    allow_download: bool = False,
    metrics: Sequence[str] = ("fid", "kid", "prc"),
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    batch_size: int = 64,
    device: torch.device | str | None = None,
    seed: int = 0,
    kid_subset_size: int = 1000,
    prc_neighborhood: int = 3,
) -> FidelityResult:
    """FID / KID / precision-recall of ``samples`` against ``reference``.

    Args:
        samples: a generator (``G.space``, ``G.sample(y, generator=...)``; needs
            ``n``), an image tensor ``(N, 3, H, W)`` (float in ``[-1, 1]`` or uint8),
            an image folder, or a Dataset of uint8 images.
        reference: the real images: tensor, folder or Dataset.
        extractor: ``"domain"`` (needs ``evaluator``; default) or ``"inception"``
            (needs ``inception_weights`` or ``allow_download=True``).
        evaluator: for ``"domain"``: a shipped name, a weights path or a module
            with ``features``; defaults to the shipped evaluator of ``G.space``
            when ``samples`` is a generator.
        metrics: any of ``"fid"``, ``"kid"``, ``"prc"``.
        cache_dir: where reference features are cached (default
            :func:`~condgan.metrics.cache.default_cache_dir`); ``use_cache=False`` skips it.

    Returns:
        a :class:`FidelityResult`.
    """
    if hasattr(samples, "sample") and hasattr(samples, "space"):
        if n is None:
            raise ValueError("pass n=... (how many images to generate) when samples is a generator")
        if extractor == "domain" and evaluator is None:
            evaluator = evaluator_for_space(samples.space)
        samples, _ = generate_samples(samples, n, batch_size=batch_size, seed=seed)
    spec = resolve_extractor(
        extractor,
        evaluator=evaluator,
        inception_weights=inception_weights,
        allow_download=allow_download,
    )
    cache = FeatureCache(cache_dir) if use_cache else None
    f_ref, hit = reference_features(
        reference, spec, cache=cache, batch_size=batch_size, device=device
    )
    f_samples = extract_features(samples, spec, batch_size=batch_size, device=device)
    values = fidelity_from_features(
        f_samples,
        f_ref,
        metrics=metrics,
        kid_subset_size=kid_subset_size,
        prc_neighborhood=prc_neighborhood,
        seed=2020 + seed,
    )
    return FidelityResult(
        **values,
        extractor=spec.name,
        n_samples=len(f_samples),
        n_reference=len(f_ref),
        reference_cache_hit=hit,
    )
