"""The ``condgan train`` subcommand: train a recipe.

It lives with the recipes because it builds one (the trainer knows nothing of
recipes). Heavy imports (torch, the trainer, the recipes) happen inside the
command function so ``condgan --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``train`` to the ``condgan`` parser."""
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


def _build_recipe(args: argparse.Namespace) -> Any:
    from condgan.recipes.registry import build

    kwargs: dict[str, Any] = {}
    if args.variant is not None:
        kwargs["variant"] = args.variant
    if args.scale is not None:
        kwargs["scale"] = args.scale
    if args.data is not None:
        kwargs["data_dir"] = str(args.data)
    return build(args.recipe, **kwargs)


def _train(args: argparse.Namespace) -> int:
    import sys

    from condgan.training import Trainer

    recipe = _build_recipe(args)
    if args.steps is not None and hasattr(recipe, "with_steps"):  # a Recipe, not a stand-in
        recipe = recipe.with_steps(args.steps)  # sample and log intervals follow the length
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
    if trainer.is_main and hasattr(recipe, "record_split"):
        recipe.record_split(trainer.out_dir)  # the held-out split (or stand-in seeds) it used
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
