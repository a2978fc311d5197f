"""The throughput benchmark's harness: what a case is, the two paths, the
equivalence gate, timing, FLOP counting and peak memory; and where every
benchmark writes its runs (``save_runs``). The cases (which
networks) are in ``benchmarks/cases.py``; ``benchmarks/throughput.py`` runs them."""

from .flops import PEAK_FLOPS, flops_per_iteration, peak_flops
from .gate import concat_pass_check, equivalence_gate
from .memory import measure_in_subprocesses, peak_memory
from .pairing import OPTIONS, build_condgan, build_pair, build_plain
from .plain_loop import PlainLoop, PlainSpec
from .results import save_runs
from .setup import Setup, image_shape, synthetic_data
from .timing import time_paths

__all__ = [
    "OPTIONS",
    "PEAK_FLOPS",
    "PlainLoop",
    "PlainSpec",
    "Setup",
    "build_condgan",
    "build_pair",
    "build_plain",
    "concat_pass_check",
    "equivalence_gate",
    "flops_per_iteration",
    "image_shape",
    "measure_in_subprocesses",
    "peak_flops",
    "peak_memory",
    "save_runs",
    "synthetic_data",
    "time_paths",
]
