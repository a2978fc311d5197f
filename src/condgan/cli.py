"""The ``condgan`` command.

Subcommands live beside the code they drive: each module listed in
:data:`COMMAND_MODULES` has a ``register(subparsers)`` function that adds its
parser and sets ``func`` (``Namespace -> int`` exit code). Those modules keep
their heavy imports inside the command functions, so ``condgan --help`` is fast.

Every expected failure, a bad command line included, ends in one line
``condgan: error: <what> (<what to do>)`` on stderr and a documented exit code
(:data:`condgan.errors.EXIT_CODES`); ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from condgan import __version__
from condgan.errors import report_failures

__all__ = ["CHECKPOINT_COMMANDS", "COMMAND_MODULES", "CommandParser", "build_parser", "main"]

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


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``condgan: error: ...`` line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"condgan: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    parser = CommandParser(
        prog="condgan",
        description="Build, train and evaluate conditional GANs (see `condgan COMMAND --help`). "
        "Exit codes: 0 ok, 1 unexpected, 2 bad value, 3 path, 4 mismatch or wrong file, "
        "5 training diverged, 6 disk/permission/memory, 130 interrupted, 143 terminated.",
    )
    parser.add_argument("--version", action="version", version=f"condgan {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="print the traceback of an error as well"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():  # `condgan CMD ... --debug` works too
        command.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``condgan`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0 if args.command is None else 2

    def run() -> int | None:
        if args.command in CHECKPOINT_COMMANDS:
            import condgan.recipes.networks  # noqa: F401 (registers the reports' networks)
        return args.func(args)

    return report_failures(run, command=args.command, debug=args.debug)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
