"""The ``condgan train`` and ``condgan sample`` subcommands.

Heavy imports (torch, the trainer, the recipes) happen inside the command
functions so ``condgan --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import math
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``train`` and ``sample`` to the ``condgan`` parser."""
    p = subparsers.add_parser(
        "train",
        help="train a recipe (single process, or every rank under torchrun)",
        description="Train a recipe from condgan.recipes. Under `torchrun --nproc_per_node N "
        "$(which condgan) train ...` every rank runs this and the batch is split.",
    )
    p.add_argument("recipe", help="recipe name (see condgan.recipes)")
    p.add_argument("--variant", default=None, help="one of the recipe's experiment variants")
    p.add_argument(
        "--scale", default=None, help="paper (default), cpu (32x32, minutes) or smoke (seconds)"
    )
    p.add_argument("--steps", type=int, default=None, help="total iterations to train to")
    p.add_argument("--batch-size", type=int, default=None, help="global batch size")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: stand-in data)")
    p.add_argument("--out", type=Path, default=None, help="output folder for the run")
    p.add_argument("--resume", type=Path, default=None, metavar="CKPT",
                   help="checkpoint file or run folder to continue from")  # fmt: skip
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--precision", choices=["fp32", "bf16", "fp16"], default=None)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_train)

    p = subparsers.add_parser(
        "sample",
        help="draw a grid of images from a checkpoint",
        description="Rebuild the generator from a checkpoint alone (no training code or data) "
        "and save a PNG grid: one row per --condition, N images per row.",
    )
    p.add_argument("checkpoint", type=Path, help="checkpoint file or run folder")
    p.add_argument("--condition", action="append", default=None, metavar="TEXT",
                   help='a condition such as "blue hair red eyes" (repeatable; '
                        "default: random conditions)")  # fmt: skip
    p.add_argument("--n", type=int, default=16, help="images per condition (default 16)")
    p.add_argument("--out", type=Path, default=Path("grid.png"), help="PNG to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-ema", action="store_true", help="use the raw weights, not the EMA")
    p.add_argument("--device", default="cpu")
    p.set_defaults(func=_sample)


def _build_recipe(args: argparse.Namespace) -> Any:
    try:
        recipes = importlib.import_module("condgan.recipes")
    except ModuleNotFoundError as err:
        if err.name not in ("condgan.recipes", "condgan"):
            raise
        raise ValueError(
            "recipes are not available in this condgan build (no condgan.recipes module); "
            "train from Python with condgan.training.Trainer instead"
        ) from None
    kwargs: dict[str, Any] = {}
    if args.variant is not None:
        kwargs["variant"] = args.variant
    if args.scale is not None:
        kwargs["scale"] = args.scale
    if args.data is not None:
        kwargs["data_dir"] = str(args.data)
    return recipes.build(args.recipe, **kwargs)


def _train(args: argparse.Namespace) -> int:
    import sys

    from condgan.training import Trainer

    recipe = _build_recipe(args)
    overrides: dict[str, Any] = {}
    for name, value in (
        ("steps", args.steps), ("batch_size", args.batch_size), ("seed", args.seed),
        ("precision", args.precision),
    ):  # fmt: skip
        if value is not None:
            overrides[name] = value
    if args.out is not None:
        overrides["out_dir"] = str(args.out)
    if args.no_progress:
        overrides["progress"] = False
    trainer = Trainer.from_recipe(recipe, **overrides)
    if args.resume is not None:
        step = trainer.resume(args.resume)
        if trainer.is_main:
            print(f"resumed from step {step}", file=sys.stderr)
    metrics = trainer.fit()
    if trainer.is_main:
        where = trainer.out_dir
        if trainer.interrupted:
            print(
                f"stopped by {trainer.interrupted} at step {trainer.step}; checkpoint saved in "
                f"{trainer.checkpoint_dir}; continue with --resume {trainer.checkpoint_dir}"
            )
        else:
            shown = ", ".join(f"{k}={v:.4g}" for k, v in metrics.items() if k.endswith("total"))
            print(f"done at step {trainer.step} ({shown}); outputs in {where}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    import torch

    from condgan.training.checkpoint import load_generator
    from condgan.training.visuals import save_grid

    if args.n < 1:
        raise ValueError(f"--n must be >= 1, got {args.n}")
    gen = load_generator(args.checkpoint, ema=not args.no_ema, map_location=args.device)
    space = gen.space
    g = torch.Generator().manual_seed(args.seed)
    if args.condition:
        y = space.encode(list(args.condition))
    else:
        y = space.sample(4, generator=g)
    rows = y.shape[0]
    y = y.repeat_interleave(args.n, 0)
    z = gen.sample_noise(y.shape[0], generator=g).to(args.device)
    with torch.no_grad():
        if getattr(gen, "info_spec", None) is not None:
            codes = gen.sample_codes(y.shape[0], generator=g)
            images = gen(z, y.to(args.device), codes)
        else:
            images = gen(z, y.to(args.device))
    nrow = args.n if rows > 1 else max(1, math.ceil(math.sqrt(args.n)))
    save_grid(images, args.out, nrow=nrow)
    print(f"wrote {args.out} ({rows} condition(s) x {args.n})")
    return 0
