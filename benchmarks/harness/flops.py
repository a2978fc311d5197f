"""FLOPs per iteration and the model FLOP utilisation (MFU) against a GPU's peak."""

from __future__ import annotations

from collections.abc import Callable

import torch

__all__ = ["PEAK_FLOPS", "flops_per_iteration", "peak_flops"]

# fp32 uses the TF32 tensor-core figure only when TF32 is enabled; otherwise the plain one.
PEAK_FLOPS: dict[str, dict[str, float]] = {
    "H200": {"fp32": 67e12, "tf32": 494.5e12, "bf16": 989.5e12, "fp16": 989.5e12},
    "H100": {"fp32": 67e12, "tf32": 494.5e12, "bf16": 989.5e12, "fp16": 989.5e12},
    "A100": {"fp32": 19.5e12, "tf32": 156e12, "bf16": 312e12, "fp16": 312e12},
}


def flops_per_iteration(fn: Callable[[], None]) -> int:
    """FLOPs of one call, with the formulas of ``torch.utils.flop_counter``.

    ``FlopCounterMode`` itself cannot be used here: its module tracker does not
    support ``torch.autograd.grad`` on a leaf (the gradient penalty), so the
    same per-operator formulas (``flop_registry``) are summed by a small
    dispatch mode, forward, backward and double backward included.
    """
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils.flop_counter import flop_registry

    class Count(TorchDispatchMode):
        total = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            formula = flop_registry.get(func._overloadpacket)
            if formula is not None:
                Count.total += int(formula(*args, **kwargs, out_val=out))
            return out

    with Count():
        fn()
    return Count.total


def peak_flops(device: str, precision: str) -> float | None:
    """The device's peak FLOP/s at ``precision`` (``None`` on CPU or an unknown GPU)."""
    if not device.startswith("cuda"):
        return None
    name = torch.cuda.get_device_name()
    for key, table in PEAK_FLOPS.items():
        if key in name:
            if precision == "fp32" and torch.backends.cuda.matmul.allow_tf32:
                return table["tf32"]
            return table[precision]
    return None
