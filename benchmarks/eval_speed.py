"""How fast are evaluation and the stand-ins? (issue 16)

Two figures, each against its target:

* **Evaluation**: ``condgan.metrics.evaluate_generator`` on 10,000 samples of the
  demo's generator (conditional accuracy, FID, KID, precision / recall, the
  per-condition diversity) with the judge's domain features, against a
  stand-in folder whose reference features are already cached (a first call
  fills the cache and is timed apart). Target: <= 60 s on 2 cores.
* **Stand-in writing**: ``condgan.data.standin.write_standin`` of each kind at
  64x64 (rendering, PNG encoding, files), on one thread, the kinds interleaved
  ``--repeats`` times (median and every run recorded: the shared machine's
  rate varies by a third between runs). Target: >= 1,000 images/s per core.
* **PNG encoder A/B**: the cartoon and i-CLEVR writers with PIL's PNG encoder
  (zlib level 1, what they used before) and with condgan's
  (:mod:`condgan.data.standin.png`), interleaved ``--repeats`` times; the same
  pixels either way.

Writes ``benchmarks/results/eval-speed-<date>.json`` with the machine load.

    python benchmarks/eval_speed.py
    python benchmarks/eval_speed.py --n 500 --standin-n 100 --repeats 1    # a smoke check
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import torch

from condgan.data.standin import save_image, write_standin
from condgan.data.standin.atomic import save_png_with_pil
from condgan.metrics import evaluate_generator
from condgan.recipes import build

EVAL_TARGET_S, STANDIN_TARGET = 60.0, 1000.0
KINDS = (("cartoon", 2018), ("iclevr", 2018), ("anime", 2018), ("anime", 2017))


def standin_rate(kind: str, version: int, n: int) -> float:
    """Images per second writing ``n`` 64x64 images of ``kind`` on this thread."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        write_standin(kind, Path(tmp) / "d", n, seed=1, size=64, version=version)  # type: ignore[arg-type]
        return n / (time.perf_counter() - t0)


def png_encoder_ab(n: int, repeats: int) -> dict[str, dict[str, object]]:
    """Images per second of the cartoon and i-CLEVR writers with PIL's PNG encoder and
    with condgan's, interleaved (the writers' module-level ``save_image`` is swapped)."""
    import condgan.data.standin.cartoon as cartoon
    import condgan.data.standin.iclevr as iclevr

    savers = {"pil": save_png_with_pil, "condgan": save_image}
    runs: dict[str, dict[str, list[float]]] = {"cartoon": {}, "iclevr": {}}
    try:
        for _ in range(repeats):
            for encoder, saver in savers.items():
                cartoon.save_image = iclevr.save_image = saver
                for kind, by_encoder in runs.items():
                    by_encoder.setdefault(encoder, []).append(standin_rate(kind, 2018, n))
    finally:
        cartoon.save_image = iclevr.save_image = save_image
    return {
        kind: {**{e: statistics.median(r) for e, r in by.items()}, "runs": by}
        for kind, by in runs.items()
    }


def eval_seconds(n: int, cache: Path) -> dict[str, float]:
    """Seconds of a cold (features not cached) and a warm ``evaluate_generator`` call."""
    recipe = build("cartoon-acwgan", "hidden-concat", "cpu")
    G = recipe.generator.eval()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_standin("cartoon", Path(tmp) / "ref", 2000, seed=7, size=64)
        out = {}
        for label in ("cold", "warm"):
            t0 = time.perf_counter()
            result = evaluate_generator(G, data=folder, n=n, cache_dir=cache, seed=0)
            out[f"{label}_s"] = time.perf_counter() - t0
        out["fid"] = result["fidelity"]["fid"]
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000, help="samples evaluated")
    p.add_argument("--standin-n", type=int, default=2000, help="images written per kind")
    p.add_argument("--repeats", type=int, default=3, help="stand-in runs per kind (median)")
    p.add_argument("--threads", type=int, default=2, help="torch threads for evaluation")
    p.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = p.parse_args()
    load = os.getloadavg()
    torch.set_num_threads(1)
    # the kinds interleaved, --repeats times: the median and the range of each
    runs: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for k, v in KINDS:
            runs.setdefault(f"{k}{v if k == 'anime' else ''}", []).append(
                standin_rate(k, v, args.standin_n)
            )
    rates = {k: statistics.median(r) for k, r in runs.items()}
    png_ab = png_encoder_ab(args.standin_n, args.repeats)
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as cache:
        ev = eval_seconds(args.n, Path(cache))
    date = datetime.date.today().isoformat()
    record = {
        "date": date, "cores": os.cpu_count(), "load_average_at_start": load,
        "load_average_at_end": os.getloadavg(), "eval_threads": args.threads,
        "evaluation": {"n": args.n, **ev, "target_s": EVAL_TARGET_S,
                       "met": ev["warm_s"] <= EVAL_TARGET_S},
        "standin_64px_images_per_s_one_core": {
            k: {"rate": r, "runs": runs[k], "met": r >= STANDIN_TARGET}
            for k, r in rates.items()
        },
        "png_encoder_ab_images_per_s_one_core": png_ab,
    }  # fmt: skip
    print(json.dumps(record, indent=1))
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"eval-speed-{date}.json"
    path.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
