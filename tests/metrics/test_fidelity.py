"""FID / KID / PR through torch-fidelity with the domain extractor; caching; inception guard."""

from __future__ import annotations

import itertools

import pytest
import torch

from condgan.conditions import MultiCategorical
from condgan.metrics import (
    Evaluator,
    FeatureCache,
    as_fidelity_model,
    fid_per_value,
    fidelity,
    fingerprint,
    resolve_extractor,
    to_uint8,
)


@pytest.fixture(scope="module")
def space():
    return MultiCategorical({"tint": ["red", "green"], "size": ["small", "big"]})


@pytest.fixture(scope="module")
def evaluator(space):
    torch.manual_seed(0)
    return Evaluator(space, widths=(8, 16, 16, 32), input_size=32, name="tiny").eval()


def blobs(n: int, seed: int) -> torch.Tensor:
    """Random coloured images with some structure, in [-1, 1], (n, 3, 32, 32)."""
    g = torch.Generator().manual_seed(seed)
    colour = torch.rand(n, 3, 1, 1, generator=g) * 2 - 1
    return (colour + 0.4 * torch.randn(n, 3, 32, 32, generator=g)).clamp(-1, 1)


@pytest.fixture(scope="module")
def base():
    return blobs(256, 0)


def test_fid_of_a_set_with_itself_is_zero(base, evaluator, tmp_path):
    r = fidelity(base, base, evaluator=evaluator, cache_dir=tmp_path)
    assert abs(r.fid) < 1e-6
    assert abs(r.kid_mean) < 1e-4
    assert r.precision == 1.0 and r.recall == 1.0
    assert r.n_samples == r.n_reference == 256


@pytest.mark.parametrize("corruption", ["noise", "colour"])
def test_fid_grows_monotonically_with_corruption(base, evaluator, tmp_path, corruption):
    g = torch.Generator().manual_seed(1)
    noise = torch.randn(base.shape, generator=g)
    shift = torch.tensor([0.5, -0.3, 0.2])[None, :, None, None]
    fids = []
    for strength in (0.0, 0.1, 0.2, 0.4, 0.8):
        bad = base + strength * (noise if corruption == "noise" else shift)
        fids.append(
            fidelity(
                bad.clamp(-1, 1), base, evaluator=evaluator, cache_dir=tmp_path, metrics=("fid",)
            ).fid
        )
    assert fids[0] < 1e-6
    assert all(a < b for a, b in itertools.pairwise(fids)), fids


def test_second_call_hits_the_cache(base, evaluator, tmp_path):
    first = fidelity(base[:64], base, evaluator=evaluator, cache_dir=tmp_path, metrics=("fid",))
    second = fidelity(base[64:128], base, evaluator=evaluator, cache_dir=tmp_path, metrics=("fid",))
    assert not first.reference_cache_hit and second.reference_cache_hit
    files = list(tmp_path.glob("ref-*.pt"))
    assert len(files) == 1 and fingerprint(base) in files[0].name
    stored = torch.load(files[0], weights_only=True)["features"]
    assert stored.dtype == torch.float64
    # another reference (or another extractor) is another entry
    fidelity(base[:64], base[1:], evaluator=evaluator, cache_dir=tmp_path, metrics=("fid",))
    assert len(list(tmp_path.glob("ref-*.pt"))) == 2


def test_cache_counts_and_fingerprints(tmp_path):
    cache = FeatureCache(tmp_path)
    assert cache.load("x") is None and cache.misses == 1
    cache.save("x", {"features": torch.zeros(2, 2, dtype=torch.float64)})
    assert cache.load("x")["features"].dtype == torch.float64 and cache.hits == 1
    a = torch.zeros(2, 3, 4, 4, dtype=torch.uint8)
    b = a.clone()
    b[0, 0, 0, 0] = 1
    assert fingerprint(a) == fingerprint(a.clone()) != fingerprint(b)


def test_folder_and_uint8_inputs_agree(base, evaluator, tmp_path):
    from PIL import Image

    folder = tmp_path / "imgs"
    folder.mkdir()
    u8 = to_uint8(base[:40])
    for i, img in enumerate(u8):
        Image.fromarray(img.permute(1, 2, 0).numpy()).save(folder / f"{i:03d}.png")
    r_folder = fidelity(folder, u8, evaluator=evaluator, use_cache=False, metrics=("fid",))
    r_tensor = fidelity(u8, folder, evaluator=evaluator, cache_dir=tmp_path, metrics=("fid",))
    assert abs(r_folder.fid) < 1e-6 and abs(r_tensor.fid) < 1e-6


class ColourGenerator(torch.nn.Module):
    """G.sample(y): a flat image whose colour encodes y, plus noise."""

    def __init__(self, space):
        super().__init__()
        self.space = space

    def sample(self, y, generator=None):
        base = torch.stack([y[:, 0].float(), y[:, 1].float(), torch.zeros(len(y))], 1) - 0.5
        noise = torch.randn(len(y), 3, 32, 32, generator=generator)
        return (base[:, :, None, None] + 0.2 * noise).clamp(-1, 1)


def test_generator_input_and_per_value_fid(space, evaluator, tmp_path):
    G = ColourGenerator(space)
    ref_y = space.sample(200, generator=torch.Generator().manual_seed(5))
    ref = G.sample(ref_y, generator=torch.Generator().manual_seed(6))
    r = fidelity(G, ref, n=200, evaluator=evaluator, cache_dir=tmp_path, kid_subset_size=50)
    assert r.n_samples == 200 and r.fid >= 0 and 0 <= r.precision <= 1
    samples_y = space.sample(200, generator=torch.Generator().manual_seed(7))
    samples = G.sample(samples_y, generator=torch.Generator().manual_seed(8))
    per = fid_per_value(
        samples, samples_y, ref, ref_y, space, evaluator=evaluator, cache_dir=tmp_path
    )
    assert list(per) == ["red tint", "green tint", "small size", "big size"]
    assert all(v is not None and v >= -1e-6 for v in per.values())
    with pytest.raises(ValueError, match="pass n="):
        fidelity(G, ref, evaluator=evaluator)


def test_fidelity_model_wrapper_is_unconditional_uint8(space):
    model = as_fidelity_model(ColourGenerator(space), seed=0)
    assert model.num_classes == 0 and model.z_size == 1
    out = model(torch.zeros(5, 1))
    assert out.dtype == torch.uint8 and out.shape == (5, 3, 32, 32)


def test_inception_needs_weights_or_permission(tmp_path):
    with pytest.raises(ValueError, match="inception_weights=PATH.*allow_download=True"):
        resolve_extractor("inception")
    with pytest.raises(FileNotFoundError, match="Inception weights file not found"):
        resolve_extractor("inception", inception_weights=tmp_path / "missing.pth")
    with pytest.raises(ValueError, match="extractor must be one of"):
        resolve_extractor("clip")
    with pytest.raises(ValueError, match="needs an evaluator"):
        resolve_extractor("domain")


def test_bad_sources(evaluator, tmp_path):
    with pytest.raises(TypeError, match="cannot read images"):
        fidelity([1, 2], torch.zeros(4, 3, 8, 8), evaluator=evaluator, use_cache=False)
    with pytest.raises(ValueError, match="unknown metric"):
        fidelity(blobs(8, 1), blobs(8, 2), evaluator=evaluator, metrics=("is",), use_cache=False)
    with pytest.raises(FileNotFoundError, match="image folder not found"):
        fidelity(tmp_path / "nope", blobs(8, 2), evaluator=evaluator, use_cache=False)
