"""The ``condgan reproduce`` and ``condgan demo`` subcommands (heavy imports inside)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from condgan.errors import at_least

__all__ = ["DEMO", "register"]

#: What ``condgan demo`` trains: the recommended model for R1's data (cartoon faces with
#: four attributes) at CPU scale on the cartoon stand-in (:mod:`condgan.recipes.recommended`).
DEMO: dict[str, Any] = {"recipe": "cartoon-acwgan", "variant": "recommended", "scale": "cpu"}


def register(subparsers: Any) -> None:
    """Add ``reproduce`` and ``demo`` to the ``condgan`` parser."""
    p = subparsers.add_parser(
        "reproduce",
        help="train and evaluate a recipe's variants; table beside the report's numbers",
        description="Train each variant of RECIPE, score conditional accuracy and FID, and "
        "write OUT/RECIPE/results.json and results.md (see `condgan.recipes`).",
    )
    p.add_argument("recipe", help="recipe name (e.g. cartoon-acwgan)")
    _add_run_options(p)
    p.add_argument(
        "--rescore", action="store_true",
        help="do not train: evaluate the runs in OUT/RECIPE/results.json again from their "
        "checkpoints (after the evaluators changed)",
    )  # fmt: skip
    p.set_defaults(func=_reproduce)

    p = subparsers.add_parser(
        "demo",
        help="train on the cartoon stand-in (minutes on a CPU), print accuracy, diversity and FID",
        description="The five-minute tour: trains condgan's recommended model for R1's data "
        "(cartoon faces, four attributes) at CPU scale on the procedural cartoon stand-in, "
        "then prints its conditional accuracy (beside the chance level and the judge's own "
        "figure on real images), the diversity within each condition and FID, and leaves a "
        "sample grid PNG and a progress GIF.",
    )
    p.add_argument("--out", type=Path, default=Path("runs/demo"),
                   help="run folder (a previous demo run there is replaced)")  # fmt: skip
    p.add_argument(
        "--steps", type=at_least(1), default=None, help="iterations (default: the recipe's)"
    )
    p.add_argument("--n-eval", type=int, default=1000)
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=_demo)


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--variants", default="all",
                   help="comma-separated variants, or 'all' (default)")  # fmt: skip
    p.add_argument("--scale", default="cpu", help="paper, cpu (default) or smoke")
    p.add_argument("--steps", type=at_least(1), default=None, help="iterations per variant")
    p.add_argument(
        "--seeds",
        default=None,
        metavar="K,K,...",
        help="train each variant once per seed (e.g. 0,1,2); the table gives mean "
        "and spread and whether the report's ordering holds beyond the spread",
    )
    p.add_argument("--batch-size", type=at_least(1), default=None)
    p.add_argument("--data", type=Path, default=None, help="real data folder (default: stand-in)")
    p.add_argument("--out", type=Path, default=Path("runs"), help="runs folder (default runs/)")
    p.add_argument("--n-eval", type=int, default=1000, help="images generated for the metrics")
    p.add_argument("--overwrite", action="store_true",
                   help="replace runs already in the run folders (default: refuse)")  # fmt: skip
    p.add_argument("--no-progress", action="store_true")
    p.add_argument(
        "--smoke", action="store_true", help="a check of seconds: smoke scale, 2 steps, 32 images"
    )


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if getattr(args, "steps", None) is not None:
        out["steps"] = args.steps
    if getattr(args, "batch_size", None) is not None:
        out["batch_size"] = args.batch_size
    if getattr(args, "overwrite", False):
        out["overwrite"] = True
    return out


def _seeds(text: str | None) -> list[int] | None:
    """``"0,1,2"`` -> ``[0, 1, 2]``.

    Raises:
        ValueError: not comma-separated non-negative integers, or a seed twice.
    """
    if text is None:
        return None
    parts = [t.strip() for t in text.split(",")]
    if not parts or not all(t.isdigit() for t in parts):
        raise ValueError(
            f"--seeds must be comma-separated integers >= 0 such as 0,1,2, got {text!r}"
        )
    seeds = [int(t) for t in parts]
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"--seeds names a seed twice: {text!r}")
    return seeds


def _reproduce(args: argparse.Namespace) -> int:
    from condgan.recipes import reproduce, rescore, results_table, variants

    if getattr(args, "rescore", False):
        results = rescore(
            args.out / args.recipe, n_eval=None if args.n_eval == 1000 else args.n_eval
        )
        print(results_table(results))
        print(f"rescored {len(results)} run(s) in {args.out / args.recipe}")
        return 0

    if getattr(args, "smoke", False):
        args.scale, args.steps, args.n_eval, args.no_progress = "smoke", 2, 32, True
    known = variants(args.recipe, extras=True)
    chosen = (
        variants(args.recipe)
        if args.variants == "all"
        else [v.strip() for v in args.variants.split(",")]
    )
    bad = [v for v in chosen if v not in known]
    if bad:
        raise ValueError(
            f"--variants {bad} are not variants of {args.recipe!r}; choose from {known}"
        )
    if args.n_eval < 2:
        raise ValueError(f"--n-eval must be >= 2, got {args.n_eval}")
    seeds = _seeds(getattr(args, "seeds", None))
    results = reproduce(
        args.recipe, chosen, args.scale, out=args.out, data_dir=args.data, n_eval=args.n_eval,
        progress=not args.no_progress, seeds=seeds, **_overrides(args),
    )  # fmt: skip
    print(results_table(results))
    print(f"results in {args.out / args.recipe}/results.json and results.md")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from condgan.recipes import run_variant, write_results

    if args.n_eval < 2:
        raise ValueError(f"--n-eval must be >= 2, got {args.n_eval}")
    t0 = time.perf_counter()
    print(
        f"condgan demo: training {DEMO['recipe']} [{DEMO['variant']}] at {DEMO['scale']} scale "
        "on the procedural cartoon stand-in (written once to the cache)...",
        file=sys.stderr,
    )
    out = Path(args.out)
    r = run_variant(
        DEMO["recipe"], DEMO["variant"], DEMO["scale"], n_eval=args.n_eval,
        progress=not args.no_progress, out_dir=str(out), **{**_overrides(args), "overwrite": True},
    )  # fmt: skip
    write_results([r], out)
    minutes = (time.perf_counter() - t0) / 60
    grids = sorted((out / "samples").glob("*.png"))
    print(f"trained {r.steps} steps in {r.seconds / 60:.1f} min ({minutes:.1f} min in all)")
    print(f"conditional accuracy: {r.accuracy:.3f}  (chance, shuffled conditions: {r.chance:.3f})")
    against = "held-out real images" if r.data_dir else "stand-in images never trained on"
    print(f"FID (evaluator features, vs {against}): {r.fid:.1f}")
    judge = r.details.get("judge")
    if judge:
        print(judge["note"])
    div = r.details.get("diversity") or {}
    if div.get("ratio") is not None:
        recall = "-" if div.get("recall") is None else f"{div['recall']:.2f}"
        coverage = "-" if div.get("coverage") is None else f"{div['coverage']:.2f}"
        print(
            f"diversity within conditions: ratio {div['ratio']:.2f} (1 = as varied as real "
            f"images, below 0.3 = collapsed), recall {recall}, coverage {coverage}"
        )
    if grids:
        print(f"sample grid: {grids[-1]}  (rows: conditions, columns: noise)")
    if (out / "progress.gif").exists():
        print(f"training progress: {out / 'progress.gif'}")
    return 0
