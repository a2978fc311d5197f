"""The ``condgan`` command.

Subcommands live beside the code they drive: each module listed in
:data:`COMMAND_MODULES` has a ``register(subparsers)`` function that adds its
parser and sets ``func`` (``Namespace -> int`` exit code). Those modules keep
their heavy imports inside the command functions, so ``condgan --help`` is fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from condgan import __version__

#: Modules that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "condgan.data.commands",
    "condgan.metrics.commands",
    "condgan.recipes.train_command",
    "condgan.training.commands",
    "condgan.recipes.commands",
)


#: Commands that rebuild a generator from a checkpoint: before they run, the
#: reports' networks are registered (``condgan.recipes.networks``) so that
#: ``condgan.models.create`` knows every name a recipe's checkpoint can hold.
CHECKPOINT_COMMANDS: tuple[str, ...] = ("sample", "evaluate")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="condgan",
        description="Build, train and evaluate conditional GANs (see `condgan COMMAND --help`).",
    )
    parser.add_argument("--version", action="version", version=f"condgan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``condgan`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0 if args.command is None else 2
    if args.command in CHECKPOINT_COMMANDS:
        import condgan.recipes.networks  # noqa: F401 (registers the reports' networks)
    try:
        return int(args.func(args) or 0)
    except (ValueError, TypeError, FileNotFoundError, FileExistsError) as err:
        print(f"condgan {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
