"""Device and dtype parameters shared by the core module tests (importable as ``devices``).

``@pytest.mark.parametrize("device", DEVICES)`` runs a test on the CPU and, when
one is present, on CUDA (skipped with the reason "no CUDA device" otherwise);
``@pytest.mark.parametrize("dtype", DTYPES)`` runs it in float32 and bfloat16,
with :func:`tolerance` giving the matching ``assert_close`` tolerances.
"""

from __future__ import annotations

import pytest
import torch

__all__ = ["DEVICES", "DTYPES", "tolerance"]

DEVICES = [
    pytest.param("cpu", id="cpu"),
    pytest.param(
        "cuda",
        id="cuda",
        marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device"),
    ),
]

DTYPES = [
    pytest.param(torch.float32, id="fp32"),
    pytest.param(torch.bfloat16, id="bf16"),
]


def tolerance(dtype: torch.dtype) -> dict[str, float]:
    """``rtol``/``atol`` for comparing a result computed from ``dtype`` inputs to float32."""
    if dtype == torch.bfloat16:
        return {"rtol": 2e-2, "atol": 2e-2}
    if dtype == torch.float16:
        return {"rtol": 1e-2, "atol": 1e-2}
    return {"rtol": 1e-5, "atol": 1e-6}
