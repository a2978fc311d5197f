"""``condgan evaluate``, ``condgan evaluate-real`` and ``condgan train-evaluator``.

Top-level imports stay light (argparse only); the work is imported inside the
command functions.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from condgan.errors import at_least

# The evaluator names (condgan.metrics.train_evaluator.STANDIN_KINDS; kept here so that
# building the parser imports nothing heavy; a test checks the two agree).
STANDIN_KINDS = ("cartoon", "iclevr", "anime", "anime2017")


def _add_extractor_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--extractor",
        choices=("domain", "inception"),
        default="domain",
        help="feature extractor for FID/KID/PR (default: domain)",
    )
    p.add_argument(
        "--inception-weights",
        type=Path,
        default=None,
        metavar="PATH",
        help="local Inception-v3 weights file for --extractor inception",
    )
    p.add_argument(
        "--allow-download",
        action="store_true",
        help="let torch-fidelity download the Inception weights",
    )
    p.add_argument(
        "--evaluator",
        default=None,
        metavar="NAME|PATH",
        help="evaluator to use: a shipped name, a weights file from `condgan train-evaluator`, "
        "or course:FILE for the course's i-CLEVR checkpoint (default: the shipped one for the "
        "data's space)",
    )
    p.add_argument("--cache-dir", type=Path, default=None, help="feature cache folder")


def _emit(result: dict[str, Any], json_out: Path | None) -> None:
    from condgan.metrics.evaluate import format_table

    print(format_table(result))
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"wrote {json_out}")


def _evaluate(args: argparse.Namespace) -> int:
    import condgan

    load_generator = getattr(condgan, "load_generator", None)
    if load_generator is None:
        raise ValueError(
            "this condgan build has no condgan.load_generator (the trainer's checkpoint reader), "
            "so checkpoints cannot be evaluated from the command line yet; call "
            "condgan.metrics.evaluate_generator(G, data=...) from Python instead"
        )
    from condgan.metrics.evaluate import evaluate_generator

    if args.data is not None and args.n < 4:
        raise ValueError(
            f"--n must be >= 4 with --data (FID needs 2 images, precision/recall 4), got {args.n}"
        )
    G = load_generator(args.checkpoint)
    result = evaluate_generator(
        G, data=args.data, n=args.n, evaluator=args.evaluator, extractor=args.extractor,
        inception_weights=args.inception_weights, allow_download=args.allow_download,
        cache_dir=args.cache_dir, per_value=args.per_value, seed=args.seed,
    )  # fmt: skip
    result["checkpoint"] = str(args.checkpoint)
    _emit(result, args.json)
    from condgan.metrics.diversity import warn_if_collapsed
    from condgan.metrics.evaluate import summary_lines

    print("\n".join(summary_lines(result)))
    warn_if_collapsed(result)
    return 0


def _evaluate_real(args: argparse.Namespace) -> int:
    from condgan.metrics.evaluate import evaluate_real

    result = evaluate_real(args.data, evaluator=args.evaluator, n=args.n)
    result["data"] = str(args.data)
    _emit(result, args.json)
    return 0


def _train_judge(args: argparse.Namespace) -> int:
    import warnings

    from condgan.data import load
    from condgan.data.commands import data_options
    from condgan.metrics.train_judge import train_judge

    if args.kind is not None:
        raise ValueError(f"give a stand-in kind ({args.kind!r}) or --data, not both")
    data = load(args.data, **data_options(args))
    with warnings.catch_warnings():  # the weak-judge warning is printed below instead
        warnings.simplefilter("ignore", UserWarning)
        result = train_judge(
            data, args.out, heldout=args.heldout, epochs=args.epochs or 15, seed=args.seed
        )
    _emit({"data": str(args.data), "heldout": result.heldout, "chance": result.chance,
           "weak": result.weak, "n_train": result.n_train, "n_heldout": result.n_heldout,
           "path": str(result.path) if result.path else None}, args.json)  # fmt: skip
    if result.weak:
        print(f"warning: the judge's held-out accuracy {result.heldout['accuracy']:.3f} (chance "
              f"{result.chance:.3f}) is too weak to judge: its accuracy figures on generated "
              "images mean little; more images or --epochs may help")  # fmt: skip
    return 0


def _train_evaluator(args: argparse.Namespace) -> int:
    from condgan.metrics.train_evaluator import train_evaluator

    if args.data is not None:
        return _train_judge(args)
    if args.kind is None:
        raise ValueError("give a stand-in kind (e.g. cartoon) or --data PATH for your own data")

    result = train_evaluator(
        args.kind, args.out, n_train=args.n_train, n_heldout=args.n_heldout,
        epochs=args.epochs or 8,
        seed=args.seed, threads=args.threads, lowres=args.lowres,
    )  # fmt: skip
    _emit({"kind": args.kind, "heldout": result.heldout, "heldout_32px": result.heldout_small,
           "seconds": round(result.seconds, 1), "path": str(result.path)}, args.json)  # fmt: skip
    return 0


def register(subparsers: Any) -> None:
    """Add the metrics subcommands to the ``condgan`` parser."""
    from condgan.data.commands import add_data_options

    p = subparsers.add_parser(
        "evaluate",
        help="conditional accuracy, FID/KID/PR and diversity within conditions of a checkpoint",
    )
    p.add_argument("checkpoint", type=Path, help="a generator checkpoint written by the trainer")
    p.add_argument("--data", type=Path, default=None, help="reference data folder (for FID etc.)")
    p.add_argument(
        "--n", type=at_least(1), default=1000, help="number of generated images (default 1000)"
    )
    p.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write JSON here")
    p.add_argument(
        "--per-value", action="store_true", help="also FID, diversity and PRDC per attribute value"
    )
    p.add_argument("--seed", type=int, default=0)
    _add_extractor_options(p)
    p.set_defaults(func=_evaluate)

    p = subparsers.add_parser("evaluate-real", help="score a data folder's real images")
    p.add_argument("data", type=Path, help="data folder (i-CLEVR, cartoon, anime 2018 or 2017)")
    p.add_argument("--n", type=at_least(1), default=None, help="score only the first N images")
    p.add_argument("--evaluator", default=None, metavar="NAME|PATH|course:FILE")
    p.add_argument("--json", type=Path, default=None, metavar="OUT")
    p.set_defaults(func=_evaluate_real)

    p = subparsers.add_parser(
        "train-evaluator",
        help="train an evaluator (a judge) on your data (--data) or on stand-in data",
        description="With --data PATH: train a classifier for your data's conditions on a "
        "random part of it and report its accuracy on the held-out rest (a warning when it is "
        "too weak to judge); `condgan evaluate --evaluator FILE` then uses it. With KIND: "
        "train a shipped evaluator on stand-in data.",
    )
    p.add_argument("kind", nargs="?", default=None, choices=STANDIN_KINDS)
    p.add_argument("--data", type=Path, default=None, help="your labelled data (as for train)")
    p.add_argument("--heldout", type=float, default=0.2,
                   help="with --data: fraction kept out of training (default 0.2)")  # fmt: skip
    p.add_argument(
        "--out",
        default=None,
        help="weights file to write ('shipped' = the package's weights folder)",
    )
    p.add_argument("--n-train", type=at_least(1), default=4000)
    p.add_argument("--n-heldout", type=at_least(1), default=1000)
    p.add_argument(
        "--epochs", type=at_least(1), default=None, help="default 8 (stand-in), 15 (--data)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=at_least(1), default=2)
    p.add_argument(
        "--lowres",
        type=float,
        default=0.5,
        help="probability of a 24-48 px down/up-sampling round trip per image (default 0.5)",
    )
    p.add_argument("--json", type=Path, default=None, metavar="OUT")
    add_data_options(p)
    p.set_defaults(func=_train_evaluator)
