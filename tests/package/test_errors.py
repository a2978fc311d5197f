"""``condgan.errors``: the exit-code table, the one-line reports, and the CLI using them."""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from condgan import cli
from condgan.errors import (
    EXIT_CODES,
    FAILURES,
    InputFileError,
    SpaceMismatchError,
    at_least,
    classify,
    failure_line,
    report_failures,
)

ROOT = Path(__file__).resolve().parents[2]
CODES = {c.name: c.code for c in EXIT_CODES}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_every_table_entry_names_a_real_exception_class(name):
    module, _, qualname = name.rpartition(".")
    if module == "_pickle":
        module = "pickle"  # pickle.UnpicklingError is _pickle.UnpicklingError
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    assert isinstance(obj, type) and issubclass(obj, BaseException)
    assert f"{obj.__module__}.{obj.__qualname__}" == name
    assert FAILURES[name].code in CODES.values()


def test_exit_codes_are_documented_in_runs_rst():
    text = (ROOT / "docs" / "runs.rst").read_text()
    table = text[text.index("Exit codes") : text.index("Condition spaces are compared")]
    documented = [int(m) for m in re.findall(r"^   \* - (\d+)$", table, flags=re.M)]
    assert documented == [c.code for c in EXIT_CODES]


def _raise(err: BaseException):
    def func(*args, **kwargs):
        raise err

    return func


@pytest.mark.parametrize(
    ("err", "code", "hint"),
    [
        (ValueError("bad"), 2, "condgan COMMAND --help"),
        (TypeError("bad"), 2, "--help"),
        (FileNotFoundError("gone"), 3, "check the path"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", "a/b"), 3, "give a folder path"),
        (FileExistsError("there"), 3, "choose another path"),
        (SpaceMismatchError("spaces"), 4, "same condition space"),
        (InputFileError("not one"), 4, "written by condgan"),
        (pickle.UnpicklingError("invalid load key"), 4, "written by condgan"),
        (OSError(errno.ENOSPC, "No space left on device"), 6, "free space on the device"),
        (OSError(errno.EROFS, "Read-only file system"), 6, "read-only"),
        (PermissionError(errno.EACCES, "Permission denied", "x"), 6, "permissions"),
        (OSError(errno.EIO, "Input/output error"), 6, "check the disk"),
        (MemoryError(), 6, "--batch-size"),
        (KeyboardInterrupt(), 130, "--resume"),
        (KeyError("x"), 1, "--debug"),
        (RuntimeError("boom"), 1, "report it"),
    ],
)
def test_classify_and_one_line(err, code, hint, capsys):
    assert classify(err).code == code
    assert report_failures(_raise(err)) == code
    line = capsys.readouterr().err
    assert line.count("\n") == 1 and line.startswith("condgan: error: ")
    assert hint in line and line.rstrip().endswith(")")


def test_library_classes_are_classified_by_name():
    from PIL import Image

    from condgan.training.checkpoint import CheckpointError
    from condgan.training.faults import NonFiniteLossError

    assert classify(NonFiniteLossError("d/adv", 3, float("nan"))).code == CODES["diverged"]
    assert classify(Image.DecompressionBombError("big")).code == CODES["mismatch"]
    assert classify(CheckpointError("x")).code == CODES["mismatch"]
    assert issubclass(CheckpointError, InputFileError)


def test_multi_line_messages_become_one_line():
    err = RuntimeError("Error(s) in loading state_dict:\n\tsize mismatch for w\n\tand more")
    line = failure_line(err)
    assert "\n" not in line and "\t" not in line
    assert line.startswith("condgan: error: RuntimeError: Error(s) in loading state_dict: size")


def test_command_name_fills_the_advice():
    assert "see `condgan train --help`" in failure_line(ValueError("x"), command="train")


def test_at_least():
    assert at_least(1)("3") == 3
    with pytest.raises(argparse.ArgumentTypeError, match="must be an int >= 1, got '0'"):
        at_least(1)("0")
    with pytest.raises(argparse.ArgumentTypeError, match="got 'x'"):
        at_least(2)("x")


# -- the CLI ---------------------------------------------------------------------


def test_usage_errors_are_one_line_without_the_usage_block(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["make-data", "cartoon", "out", "--size", "big"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        "condgan: error: argument --size: invalid int value: 'big' "
        "(see `condgan make-data --help`)\n"
    )


def test_debug_prints_the_traceback(tmp_path, capsys):
    missing = str(tmp_path / "nope.pt")
    assert cli.main(["sample", missing]) == 3
    assert "Traceback" not in capsys.readouterr().err
    for argv in (["--debug", "sample", missing], ["sample", missing, "--debug"]):
        assert cli.main(argv) == 3
        err = capsys.readouterr().err
        assert "Traceback (most recent call last)" in err and "FileNotFoundError" in err
        assert err.splitlines()[-1].startswith("condgan: error: checkpoint ")


def test_unexpected_errors_say_so(monkeypatch, capsys):
    import condgan.data.standin as standin

    monkeypatch.setattr(standin, "write_standin", _raise(ZeroDivisionError("oops")))
    assert cli.main(["make-data", "cartoon", "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("condgan: error: ZeroDivisionError: oops (unexpected; rerun with --debug")


def _run(args: list[str], tmp_path: Path, site: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [site, str(ROOT / "src")])))
    env["OMP_NUM_THREADS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "condgan", *args], capture_output=True, text=True, cwd=tmp_path,
        env=env, timeout=120,
    )  # fmt: skip


def test_full_disk_subprocess(tmp_path):
    """A real process whose every image write fails with ENOSPC (a sitecustomize fault)."""
    site = tmp_path / "site"
    site.mkdir()
    # images are written by PIL (JPEG, other modes) or as encoded bytes (PNG): fail both
    (site / "sitecustomize.py").write_text(
        "import errno, pathlib\n"
        "from PIL import Image\n"
        "def _full(self, *a, **k):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "Image.Image.save = _full\n"
        "pathlib.Path.write_bytes = _full\n"
    )
    proc = _run(["make-data", "cartoon", "data", "--n", "3", "--size", "16"], tmp_path, str(site))
    assert proc.returncode == 6, proc.stderr
    assert proc.stderr.splitlines() == [
        "condgan: error: [Errno 28] No space left on device "
        "(free space on the device, or write to another disk)"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing half-written


def test_not_a_checkpoint_subprocess(tmp_path):
    (tmp_path / "notes.pt").write_text("hello\n")
    proc = _run(["sample", "notes.pt"], tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.splitlines() == [
        "condgan: error: notes.pt is not a condgan checkpoint: it is not a file written by "
        "torch.save, or it is damaged (empty or truncated) (pass a checkpoint written by "
        "`condgan train` for this model)"
    ]
    assert not (tmp_path / "grid.png").exists()
