"""What can go wrong, and how the ``condgan`` command reports it: one line and an exit code.

Every expected failure of a command ends in one line on stderr::

    condgan: error: <what went wrong> (<what to do>)

and an exit code that says which *class* of failure it was (:data:`EXIT_CODES`).
The class is read from :data:`FAILURES`, a table from exception class names to
:class:`Failure` entries, looked up along the exception's method resolution
order (the most specific class wins). Names, not classes, so that nothing here
imports torch, PIL or the higher floors: this module sits at the bottom, next
to :mod:`condgan.types`, and :mod:`condgan.cli` (and ``examples/*/train.py``)
use it.

Two exception classes live here because several floors raise them:
:class:`SpaceMismatchError` (two condition spaces that must agree do not) and
:class:`InputFileError` (a file is not what it should be).
"""

from __future__ import annotations

import argparse
import errno
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "EXIT_CODES",
    "FAILURES",
    "ExitCode",
    "Failure",
    "InputFileError",
    "SpaceMismatchError",
    "at_least",
    "classify",
    "failure_line",
    "report_failures",
]


class SpaceMismatchError(ValueError):
    """Two condition spaces that must be equal differ (data, generator, evaluator, checkpoint).

    The message names both sides and the first difference.
    """


class InputFileError(ValueError):
    """A file is not what it should be: not a checkpoint, not an evaluator, not an image.

    The message names the file.
    """


@dataclass(frozen=True)
class ExitCode:
    """One documented exit code of the ``condgan`` command."""

    code: int
    name: str
    meaning: str


#: The exit codes of ``condgan``, documented in docs/runs.rst.
EXIT_CODES: tuple[ExitCode, ...] = (
    ExitCode(0, "ok", "the command did what it was asked"),
    ExitCode(1, "internal", "an unexpected error: a bug (rerun with --debug and report it)"),
    ExitCode(
        2,
        "usage",
        "a bad command line or a bad value (an option, an argument, a row of a data file)",
    ),
    ExitCode(
        3,
        "path",
        "a path is missing, already exists, or is a file where a folder is "
        "expected (or the other way round)",
    ),
    ExitCode(
        4,
        "mismatch",
        "inputs that do not fit together (condition spaces, weights and "
        "architecture) or a file that is not what it should be (not a checkpoint, not an "
        "evaluator, an unsafe pickle, an image too large to decode)",
    ),
    ExitCode(
        5, "diverged", "training stopped because a loss, parameter or buffer became NaN or infinite"
    ),
    ExitCode(
        6,
        "system",
        "the operating system refused: disk full, permission denied, "
        "read-only file system, out of memory",
    ),
    ExitCode(130, "interrupted", "stopped by Ctrl-C (SIGINT)"),
    ExitCode(143, "terminated", "`condgan train` stopped by SIGTERM (after saving a checkpoint)"),
)
_CODES = {c.name: c.code for c in EXIT_CODES}


@dataclass(frozen=True)
class Failure:
    """How one class of exception is reported: exit code and the advice in brackets."""

    code: int
    hint: str


_PATH = Failure(_CODES["path"], "check the path")
_VALUE = Failure(_CODES["usage"], "see `condgan COMMAND --help`")  # COMMAND: filled in
_FILE = Failure(_CODES["mismatch"], "pass a file written by condgan for this purpose")

#: Exception class (``module.QualName``, as in its ``__mro__``) -> :class:`Failure`.
FAILURES: dict[str, Failure] = {
    "builtins.ValueError": _VALUE,
    "builtins.TypeError": _VALUE,
    "builtins.FileNotFoundError": _PATH,
    "builtins.NotADirectoryError": Failure(
        _CODES["path"], "a part of the path is a file; give a folder path"
    ),
    "builtins.IsADirectoryError": Failure(_CODES["path"], "give a file, not a folder"),
    "builtins.FileExistsError": Failure(_CODES["path"], "choose another path"),
    "condgan.errors.SpaceMismatchError": Failure(
        _CODES["mismatch"],
        "use data, checkpoint and evaluator made for the same condition space",
    ),
    "condgan.errors.InputFileError": _FILE,
    "condgan.training.checkpoint.CheckpointError": Failure(
        _CODES["mismatch"], "pass a checkpoint written by `condgan train` for this model"
    ),
    "_pickle.UnpicklingError": _FILE,
    "PIL.Image.DecompressionBombError": Failure(
        _CODES["mismatch"],
        "the image is larger than PIL's safety limit; remove it or shrink it",
    ),
    "PIL.UnidentifiedImageError": Failure(
        _CODES["mismatch"], "remove the file or replace it with a readable image"
    ),
    "condgan.training.faults.NonFiniteLossError": Failure(
        _CODES["diverged"],
        "resume from the last checkpoint with a lower learning rate or another precision",
    ),
    "condgan.training.faults.NonFiniteStateError": Failure(
        _CODES["diverged"],
        "resume from the last checkpoint with a lower learning rate or another precision",
    ),
    "condgan.training.run_folder.RunFolderError": Failure(
        _CODES["path"], "a run folder holds one run"
    ),
    "builtins.FloatingPointError": Failure(
        _CODES["diverged"], "resume from the last checkpoint with a lower learning rate"
    ),
    "builtins.PermissionError": Failure(
        _CODES["system"], "check the permissions, or choose a path you can write"
    ),
    "builtins.OSError": Failure(_CODES["system"], "check the disk and the path"),
    "builtins.MemoryError": Failure(_CODES["system"], "lower --batch-size or --n"),
    "torch.OutOfMemoryError": Failure(
        _CODES["system"], "lower --batch-size or --n, or use another device"
    ),
    "builtins.KeyboardInterrupt": Failure(
        _CODES["interrupted"], "run the command again; `condgan train` continues with --resume"
    ),
}

#: OSError ``errno`` -> advice, more precise than the class's.
_ERRNO_HINTS: dict[int, str] = {
    errno.ENOSPC: "free space on the device, or write to another disk",
    errno.EDQUOT: "free space within your disk quota, or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.EACCES: "check the permissions, or choose a path you can write",
    errno.EPIPE: "the reader of the output went away (e.g. `| head`)",
}

_UNEXPECTED = Failure(
    _CODES["internal"], "unexpected; rerun with --debug for the traceback and report it"
)


def _names(err: BaseException) -> list[str]:
    return [f"{cls.__module__}.{cls.__qualname__}" for cls in type(err).__mro__]


def classify(err: BaseException) -> Failure:
    """The :class:`Failure` entry of ``err``: its most specific class in :data:`FAILURES`.

    An :class:`OSError` with a known ``errno`` (disk full, read-only, ...) gets
    that errno's advice. Anything not in the table is unexpected (exit code 1).
    """
    found = next((FAILURES[n] for n in _names(err) if n in FAILURES), _UNEXPECTED)
    if isinstance(err, OSError) and err.errno in _ERRNO_HINTS and found.code == _CODES["system"]:
        return Failure(found.code, _ERRNO_HINTS[err.errno])
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def failure_line(err: BaseException, prog: str = "condgan", command: str | None = None) -> str:
    """``<prog>: error: <what> (<what to do>)`` for ``err``, on one line.

    ``command`` (e.g. ``"train"``) replaces ``COMMAND`` in the advice.
    """
    failure = classify(err)
    what = str(err) if not isinstance(err, KeyError) else str(err.args[0] if err.args else err)
    what = _one_line(what) or type(err).__name__
    if isinstance(err, KeyboardInterrupt):
        what = "interrupted"
    elif failure is _UNEXPECTED:
        what = f"{type(err).__name__}: {what}"
    hint = failure.hint if command is None else failure.hint.replace("COMMAND", command)
    return f"{prog}: error: {what} ({hint})"


def report_failures(
    func: Callable[[], int | None],
    *,
    prog: str = "condgan",
    command: str | None = None,
    debug: bool = False,
) -> int:
    """Run ``func()`` and return its exit code; on an exception print one line and its code.

    The line is :func:`failure_line`'s; with ``debug`` the traceback is printed
    as well (before the line). ``SystemExit`` passes through.
    """
    try:
        return int(func() or 0)
    except SystemExit:
        raise
    except BaseException as err:  # every failure becomes one line and a documented code
        if debug:
            traceback.print_exc(file=sys.stderr)
        print(failure_line(err, prog, command), file=sys.stderr)
        return classify(err).code


def at_least(low: int) -> Callable[[str], int]:
    """An argparse ``type=``: an int ``>= low``, else the usage error names the value.

    Example: ``p.add_argument("--steps", type=at_least(1))`` makes ``--steps 0``
    fail with ``condgan: error: argument --steps: must be an int >= 1, got '0'``.
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an int >= {low}, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be an int >= {low}, got {text!r}")
        return value

    parse.__name__ = f"int >= {low}"
    return parse
