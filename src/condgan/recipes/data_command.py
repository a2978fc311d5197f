"""What ``condgan train`` adds for your own data and config files.

Without a recipe, ``condgan train --data PATH`` reads your data
(:func:`condgan.data.load`) and trains the own-data recipe
(:func:`~condgan.recipes.own_data.build_own_data`); ``--config run.toml`` fills
options the command line leaves unset and ``--print-config`` shows the result;
the run folder keeps ``config.toml`` (and the training conditions, so that
``condgan sample --condition "blue hair"`` draws the free attributes from them);
the command ends with next steps that work when pasted.

Top-level imports stay light (the parser is built for ``condgan --help``).
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

__all__ = [
    "DATA_OPTIONS",
    "add_train_data_options",
    "apply_config_file",
    "build_data_recipe",
    "keep_run_files",
    "next_steps",
    "reject_data_options",
    "resolved_options",
]

#: Options that shape how your own data is read (not used with a recipe).
DATA_OPTIONS = ("size", "channels", "fit", "format", "file_column", "label_column",
                "text_column", "attribute_columns")  # fmt: skip
#: The run folder's copy of the resolved options.
CONFIG_FILE = "config.toml"
#: Data sets up to this many bytes of float pixels are decoded once into memory.
PRELOAD_BYTES = 2 * 1024**3


def add_train_data_options(p: argparse.ArgumentParser) -> None:
    """``--config``, ``--print-config`` and the data-reading options (``--size``, ``--fit``...).

    The command must also ``set_defaults(parser=p)`` so the config file is checked
    against its options.
    """
    from condgan.data.commands import add_data_options

    p.add_argument("--config", type=Path, default=None, metavar="TOML",
                   help="read options from a TOML file (keys: the option names; the "
                   "command line wins)")  # fmt: skip
    p.add_argument("--print-config", action="store_true",
                   help="print the resolved options as TOML and exit")  # fmt: skip
    add_data_options(p)


def resolved_options(args: argparse.Namespace) -> dict[str, Any]:
    """The command's options after ``--config`` (plain values; unset ones ``None``)."""
    from condgan.training.config_file import config_keys

    out = {}
    for key in config_keys(args.parser):
        value = getattr(args, key, None)
        out[key] = str(value) if isinstance(value, Path) else value
    return out


def apply_config_file(args: argparse.Namespace) -> dict[str, Any] | None:
    """Apply ``--config`` to ``args``; with ``--print-config`` print them and return ``None``.

    Returns:
        the config file's ``[trainer]`` table (TrainConfig fields), ``{}`` without one.
    """
    from condgan.training.config_file import apply_config, read_toml, to_toml

    table: dict[str, Any] = {}
    if args.config is not None:
        table = apply_config(args.parser, args, read_toml(args.config), str(args.config))
    if args.print_config:
        print(to_toml(resolved_options(args), table), end="")
        return None
    return table


def reject_data_options(args: argparse.Namespace) -> None:
    """Data-reading options given with a recipe are an error (recipes read their format)."""
    given = [f"--{k.replace('_', '-')}" for k in DATA_OPTIONS if getattr(args, k) is not None]
    if given:
        raise ValueError(
            f"{', '.join(given)} read your own data and apply only without a recipe "
            f"(`condgan train --data PATH ...`); recipe {args.recipe!r} reads its own format"
        )


def build_data_recipe(args: argparse.Namespace) -> Any:
    """The own-data recipe for ``args.data`` (read with the data options).

    Raises:
        ValueError: no ``--data``, a ``--variant``, or the data's own errors.
    """
    from condgan.data import InMemoryImages, load
    from condgan.data.commands import data_options
    from condgan.recipes.own_data import build_own_data

    if args.data is None:
        raise ValueError("name a recipe (e.g. `condgan train cartoon-acwgan`) or pass "
                         "--data PATH to train on your own data")  # fmt: skip
    if args.variant is not None:
        raise ValueError("--variant applies to recipes; your own data has one model")
    # image headers only: a set small enough to hold in memory is decoded once, by the
    # preload (which lists unreadable files); a larger one is checked by decoding first
    data = load(args.data, check=False, **data_options(args))
    pixels = len(data) * data.channels * data.image_size**2 * 4
    if not isinstance(data, InMemoryImages) and pixels <= PRELOAD_BYTES:
        data = InMemoryImages.from_dataset(data)  # decode once, not at every step
    elif not isinstance(data, InMemoryImages):
        data = load(args.data, check=True, **data_options(args))
    name = args.data.stem or "own-data"
    out = args.out if args.out is not None else Path("runs") / name
    return build_own_data(data, scale=args.scale or "cpu", out_dir=out, name=name)


def keep_run_files(args: argparse.Namespace, table: dict[str, Any]) -> Any:
    """A trainer hook writing ``config.toml`` (the resolved options) and the training
    conditions into the run folder, once, at the first step (after the trainer has
    claimed the folder, so a refused ``--out`` is left untouched).

    Register it with ``trainer.add_hook(keep_run_files(args, table), every=1)``.
    """
    from condgan.training.config_file import to_toml, write_toml
    from condgan.training.run_conditions import save_conditions

    done: list[bool] = []

    def hook(trainer: Any, step: int) -> None:
        if done or not trainer.is_main:
            return
        done.append(True)
        options = resolved_options(args)
        options["out"] = str(trainer.out_dir)
        write_toml(to_toml(options, table), Path(trainer.out_dir) / CONFIG_FILE)
        save_conditions(getattr(trainer.data, "y", None), trainer.out_dir)

    return hook


def next_steps(args: argparse.Namespace, run: Path, space: Any) -> list[str]:
    """Commands to paste after training: sample by name, train a judge, evaluate."""
    import torch

    q = shlex.quote
    try:
        example = space.describe(space.sample(1, generator=torch.Generator().manual_seed(0)))[0]
    except (ValueError, TypeError):
        example = None
    cond = f" --condition {q(example)}" if example else ""
    lines = [f"condgan sample {q(str(run))}{cond} --out {q(str(run / 'sample.png'))}"]
    if args.recipe is None and not space.groups:
        lines.append(f"# {type(space).__name__} conditions have no judge yet: look at the "
                     "samples, or score them with your own classifier")  # fmt: skip
    elif args.recipe is None:
        opts = "".join(
            f" --{k.replace('_', '-')} {q(str(getattr(args, k)))}"
            for k in DATA_OPTIONS
            if getattr(args, k) is not None
        )
        judge = run / "judge.pt"
        data = q(str(args.data))
        lines.append(f"condgan train-evaluator --data {data}{opts} --out {q(str(judge))}")
        lines.append(f"condgan evaluate {q(str(run))} --data {data} --evaluator {q(str(judge))}")
    else:
        data = f" --data {q(str(args.data))}" if args.data is not None else ""
        lines.append(f"condgan evaluate {q(str(run))}{data}")
    return lines
