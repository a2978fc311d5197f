"""The ``condgan train`` subcommand: train a recipe, or a model for your own data.

Your data, the config file and the next-step hints are in
:mod:`condgan.recipes.data_command`.

It lives with the recipes because it builds one (the trainer knows nothing of
recipes). Heavy imports (torch, the trainer, the recipes) happen inside the
command function so ``condgan --help`` stays fast.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

from condgan.errors import at_least

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``train`` to the ``condgan`` parser."""
    from condgan.recipes.data_command import add_train_data_options
    from condgan.training.optim_presets import list_optim_presets

    p = subparsers.add_parser(
        "train",
        help="train a recipe, or a model for your own data (--data PATH)",
        description="Train a recipe from condgan.recipes, or, without a recipe, a model for "
        "your own labelled images (--data: an image-folder tree, a label table or a tensor "
        "file; see `condgan inspect-data`). Options may come from a TOML file (--config); "
        "the command line wins. Under `torchrun --nproc_per_node N $(which condgan) train ...` "
        "every rank runs this and the batch is split. Without --resume or --overwrite an "
        "--out folder holding another run is refused.",
    )
    p.add_argument("recipe", nargs="?", default=None,
                   help="recipe (see condgan.recipes); omit it to train on --data")  # fmt: skip
    p.add_argument("--variant", default=None, help="one of the recipe's experiment variants")
    p.add_argument("--scale", default=None,
                   help="paper, cpu (minutes on a CPU) or smoke (seconds); default paper for "
                   "a recipe, cpu for your own data")  # fmt: skip
    p.add_argument("--steps", type=at_least(1), default=None, help="total iterations to train to")
    p.add_argument("--batch-size", type=at_least(1), default=None, help="global batch size")
    p.add_argument("--data", type=Path, default=None,
                   help="your data (folder, table, tensor file) or a recipe's data folder "
                   "(default with a recipe: stand-in data)")  # fmt: skip
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="run folder (default: the recipe's; on --resume, the checkpoint's)",
    )
    p.add_argument(
        "--resume",
        type=Path,
        default=None,
        metavar="CKPT",
        help="checkpoint file or run folder to continue from; options given with it "
        "override the checkpoint's (see the Runs and checkpoints docs)",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        default=None,
        help="replace the run already in --out (its checkpoints, samples and logs)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seeds network initialisation, data order and noise (default 0)",
    )
    p.add_argument("--precision", choices=["fp32", "bf16", "fp16"], default=None)
    p.add_argument(
        "--optim-preset",
        default=None,
        metavar="NAME",
        help="published learning rates, Adam betas and critic steps: "
        f"{', '.join(list_optim_presets())} (condgan.training.optim_presets, and any you "
        "register before the parser is built); options given beside it win",
    )
    p.add_argument("--lr-g", type=float, default=None, help="generator learning rate")
    p.add_argument("--lr-d", type=float, default=None, help="critic learning rate")
    p.add_argument(
        "--lr-schedule",
        default=None,
        metavar="NAME",
        help="decay both learning rates to 0 at the last step: linear, cosine "
        "(default: the recipe's, constant)",
    )
    p.add_argument(
        "--lr-decay-start",
        type=float,
        default=None,
        metavar="F",
        help="fraction of the run before the learning-rate schedule starts to decay",
    )
    p.add_argument(
        "--critic-steps", type=int, default=None, help="critic updates per generator update"
    )
    p.add_argument(
        "--ema-decay",
        type=float,
        default=None,
        help="keep an EMA of the generator with this decay (e.g. 0.999)",
    )
    p.add_argument(
        "--checkpoint-every",
        type=int,
        default=None,
        metavar="N",
        help="write a checkpoint every N steps (0: only by time, at the end and on "
        "a signal; default: the recipe's)",
    )
    p.add_argument(
        "--checkpoint-minutes",
        type=float,
        default=None,
        metavar="M",
        help="also write one when M minutes passed since the last (0: never by time)",
    )
    p.add_argument(
        "--keep",
        type=int,
        default=None,
        metavar="K",
        help="keep the last K step checkpoints (0: all)",
    )
    p.add_argument("--no-progress", action="store_true", default=None, help="no progress bar")
    add_train_data_options(p)
    p.set_defaults(func=_train, parser=p)


def _build_recipe(args: argparse.Namespace) -> Any:
    from condgan.recipes.data_command import build_data_recipe, reject_data_options
    from condgan.recipes.registry import build

    if args.recipe is None:
        return build_data_recipe(args)
    reject_data_options(args)
    kwargs: dict[str, Any] = {}
    if args.variant is not None:
        kwargs["variant"] = args.variant
    if args.scale is not None:
        kwargs["scale"] = args.scale
    if args.data is not None:
        kwargs["data_dir"] = str(args.data)
    return build(args.recipe, **kwargs)


#: ``--option`` -> TrainConfig field, for the options that map one to one.
_CONFIG_OPTIONS: dict[str, str] = {
    "steps": "steps", "batch_size": "batch_size", "seed": "seed", "precision": "precision",
    "lr_g": "lr_g", "lr_d": "lr_d", "lr_schedule": "lr_schedule",
    "lr_decay_start": "lr_decay_start", "critic_steps": "critic_steps", "ema_decay": "ema_decay",
    "checkpoint_every": "checkpoint_every", "checkpoint_minutes": "checkpoint_minutes",
    "keep": "keep_checkpoints",
}  # fmt: skip


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainConfig fields the command line sets explicitly."""
    out = {field: getattr(args, opt) for opt, field in _CONFIG_OPTIONS.items()}
    out = {k: v for k, v in out.items() if v is not None}
    if args.out is not None:
        out["out_dir"] = str(args.out)
    if args.no_progress:
        out["progress"] = False
    if args.overwrite:
        out["overwrite"] = True
    return out


def _preset_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainConfig fields of ``--optim-preset`` (none without it)."""
    from condgan.training import optim_preset

    if args.optim_preset is None:
        return {}
    try:
        return optim_preset(args.optim_preset).fields()
    except ValueError as err:
        raise ValueError(f"--optim-preset: {err}") from None


def _run_folder_of(checkpoint: Path) -> Path:
    return (
        checkpoint.parent.parent if checkpoint.parent.name == "checkpoints" else checkpoint.parent
    )


def _resume_command(args: argparse.Namespace, out: Path) -> str:
    parts = ["condgan", "train", *([args.recipe] if args.recipe is not None else [])]
    from condgan.recipes.data_command import DATA_OPTIONS

    for opt in ("variant", "scale", "data", *DATA_OPTIONS):
        if getattr(args, opt, None) is not None:
            parts += [f"--{opt.replace('_', '-')}", str(getattr(args, opt))]
    parts += ["--resume", str(out)]
    return shlex.join(parts)


def _train(args: argparse.Namespace) -> int:
    from condgan.recipes.data_command import apply_config_file, keep_run_files, next_steps
    from condgan.training import TrainConfig, Trainer, seed_everything
    from condgan.training.checkpoint import find_checkpoint, load_checkpoint
    from condgan.training.resume import resume_config

    trainer_table = apply_config_file(args)
    if trainer_table is None:  # --print-config printed the options
        return 0
    given = {**_preset_fields(args), **trainer_table, **_given(args)}
    state = None
    if args.resume is not None:
        found = find_checkpoint(args.resume)
        state = load_checkpoint(found)
        given.setdefault("out_dir", str(_run_folder_of(found)))
    saved = dict(state["config"]) if state is not None else {}
    # the seed covers network initialisation: seed before the recipe builds the networks
    seed_everything(given.get("seed", saved.get("seed", TrainConfig().seed)))
    recipe = _build_recipe(args)
    if args.steps is not None and hasattr(recipe, "with_steps"):  # a Recipe, not a stand-in
        recipe = recipe.with_steps(args.steps)  # sample and log intervals follow the length
    if state is not None:
        base = Trainer.config_of(recipe, **given)
        config = resume_config(saved, base, given)
        trainer = Trainer.from_recipe(recipe, **config.to_dict())
        step = trainer.resume(found)
        if trainer.is_main:
            print(f"resumed from step {step} ({found})", file=sys.stderr)
    else:
        trainer = Trainer.from_recipe(recipe, **given)
    if trainer.is_main and hasattr(getattr(recipe, "data", None), "split_record"):
        recipe.record_split(trainer.out_dir)  # the held-out split (or stand-in seeds) it used
    trainer.resume_command = _resume_command(args, trainer.out_dir)
    trainer.add_hook(keep_run_files(args, trainer_table), every=1)
    metrics = trainer.fit()
    if trainer.interrupted:
        # fit printed the step, the checkpoint and the resume command
        return 128 + int(getattr(signal.Signals, trainer.interrupted, signal.SIGTERM))
    if trainer.is_main:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in metrics.items() if k.endswith("total"))
        print(f"done at step {trainer.step} ({shown}); outputs in {trainer.out_dir}")
        print("next steps:")
        for line in next_steps(args, Path(trainer.out_dir), recipe.space):
            print(f"  {line}")
    return 0
