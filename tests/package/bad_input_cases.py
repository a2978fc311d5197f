"""The bad inputs of docs/bad_inputs.rst: each call, what it must raise, and its message.

A :class:`Case` is one bad input: a command line (``condgan ...``, run in-process
through :func:`condgan.cli.main`: an exit code and one stderr line) or a Python
call (an exception class). ``tests/package/test_bad_inputs.py`` runs every case;
``docs/gen_bad_inputs.py`` writes the table from the same runs, and a test fails
when the table in the docs is stale.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch

import condgan
from condgan.errors import InputFileError, SpaceMismatchError, classify

#: The placeholder that replaces each case's temporary folder in the table.
DIR = "DIR"


@dataclass(frozen=True)
class Case:
    """One bad input.

    Attributes:
        id: a short unique name (the test id).
        what: the bad input in words (the table's first column).
        call: the call as the table shows it (``DIR`` is the case's folder).
        run: ``run(tmp)`` makes the call in a fresh folder ``tmp``.
        expect: the exception class (a Python call) or the exit code (a command).
        fragment: text the message must contain.
    """

    id: str
    what: str
    call: str
    run: Callable[[Path], Any]
    expect: type[BaseException] | int
    fragment: str


@dataclass(frozen=True)
class Outcome:
    """What a case did: ``result`` (``"exit 3"`` or ``"ValueError (exit 2)"``) and the message."""

    result: str
    message: str
    code: int
    error: type[BaseException] | None
    lines: int = 1


def run_cli(argv: list[str]) -> tuple[int, str]:
    """``condgan ARGV`` in-process: the exit code and what went to stderr."""
    from condgan.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's own exits
            code = int(exit_.code or 0)
    return code, err.getvalue()


def outcome(case: Case, tmp: Path) -> Outcome:
    """Run ``case`` in the empty folder ``tmp``; messages have ``tmp`` replaced by ``DIR``."""

    package = str(Path(condgan.__file__).resolve().parent)

    def clean(text: str) -> str:
        return " ".join(text.replace(str(tmp), DIR).replace(package, "condgan").split())

    if isinstance(case.expect, int):
        code, err = case.run(tmp)
        return Outcome(f"exit {code}", clean(err), code, None, len(err.strip().splitlines()))
    try:
        case.run(tmp)
    except BaseException as err:  # the case's whole point
        code = classify(err).code
        return Outcome(f"{type(err).__name__} (exit {code})", clean(str(err)), code, type(err))
    return Outcome("no error", "", 0, None)


# -- fixtures the cases build in their folder ------------------------------------


def iclevr():
    from condgan.data import iclevr_space

    return iclevr_space()


def cartoon():
    from condgan.data import cartoon_space

    return cartoon_space()


def generator(space=None):
    """A small DCGAN generator (32 px) in eval mode."""
    from condgan.models import create

    return create(
        "dcgan_generator", space=space or iclevr(), nz=4, image_size=32, widths=(8, 4, 4)
    ).eval()


def checkpoint(tmp: Path, name: str = "g.pt", g=None) -> Path:
    """A checkpoint that :func:`condgan.load_generator` reads (no training needed)."""
    from condgan.training.checkpoint import FORMAT, generator_spec, save_checkpoint

    g = g if g is not None else generator()
    state = {
        "format": FORMAT, "version": 1, "step": 0, "generator": g.state_dict(), "ema": None,
        "space": g.space.to_dict(), "generator_spec": generator_spec(g),
    }  # fmt: skip
    return save_checkpoint(state, tmp / name)


def standin(tmp: Path, kind: str = "cartoon", name: str | None = None, n: int = 4) -> Path:
    from condgan.data.standin import write_standin

    return write_standin(kind, tmp / (name or kind), n, 0, size=16)


def cartoon_rows(tmp: Path, rows: list[str], count: int | None = None) -> Path:
    """A cartoon folder whose label file has ``rows`` (and the images those rows name)."""
    from condgan.data import CARTOON_HEADER

    root = standin(tmp, "cartoon", "faces", n=2)
    text = [str(len(rows) if count is None else count), " ".join(CARTOON_HEADER), *rows]
    (root / "cartoon_attr.txt").write_text("\n".join(text) + "\n")
    return root


def _row(name: str = "0.png") -> str:
    return f"{name} 1 0 0 0 0 0 1 0 0 0 0 1 0 1 0"


def text_file(tmp: Path, name: str, text: str = "hello\n") -> Path:
    path = tmp / name
    path.write_text(text)
    return path


class _Payload:
    """Unpickling this would create a file."""

    def __reduce__(self):
        return (Path.touch, (Path("pwned"),))


def evil(tmp: Path) -> Path:
    torch.save({"format": "condgan-checkpoint", "generator": _Payload()}, tmp / "evil.pt")
    return tmp / "evil.pt"


def truncated(tmp: Path) -> Path:
    data = checkpoint(tmp, "full.pt").read_bytes()
    (tmp / "cut.pt").write_bytes(data[: len(data) // 2])
    return tmp / "cut.pt"


def other_weights(tmp: Path) -> Path:
    """A checkpoint whose weights are of a wider generator than its spec says."""
    from condgan.training.checkpoint import load_checkpoint, save_checkpoint

    path = checkpoint(tmp)
    state = load_checkpoint(path)
    wide = generator()
    wide_state = type(wide)(iclevr(), nz=4, image_size=32, widths=(16, 4, 4)).state_dict()
    state["generator"] = wide_state
    return save_checkpoint(state, path)


def _respec(path: Path, name: str) -> Path:
    from condgan.training.checkpoint import load_checkpoint, save_checkpoint

    state = load_checkpoint(path)
    state["generator_spec"]["name"] = name
    return save_checkpoint(state, path)


def failing(target: str, exc: BaseException) -> Callable[..., Any]:
    """A context that makes ``module.attr`` raise ``exc``."""

    def boom(*args: Any, **kwargs: Any) -> None:
        raise exc

    module, attr = target.rsplit(".", 1)

    @contextlib.contextmanager
    def patched():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(module + "." + attr, boom)
            yield

    return patched


# -- the cases ------------------------------------------------------------------


def cli(
    id: str,
    what: str,
    argv: list[str],
    code: int,
    fragment: str,
    setup: Callable[[Path], Any] | None = None,
    context: Callable[[], Any] | None = None,
) -> Case:
    """A ``condgan ARGV`` case; ``setup(tmp)`` runs first; ``{DIR}`` in ARGV is the folder."""

    def run(tmp: Path) -> tuple[int, str]:
        if setup is not None:
            setup(tmp)
        args = [a.replace("{DIR}", str(tmp)) for a in argv]
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(tmp)  # nothing lands in the caller's folder
            with context() if context is not None else contextlib.nullcontext():
                return run_cli(args)

    shown = " ".join(a.replace("{DIR}", DIR) if " " not in a else repr(a) for a in argv)
    return Case(id, what, f"condgan {shown}", run, code, fragment)


def api(
    id: str,
    what: str,
    call: str,
    run: Callable[[Path], Any],
    error: type[BaseException],
    fragment: str,
) -> Case:
    """A Python call case."""
    return Case(id, what, call, run, error, fragment)


def _sample(y: Any) -> Callable[[Path], Any]:
    return lambda tmp: generator().sample(y() if callable(y) else y)


def _forward(z: Callable[[], Any], y: Callable[[], Any], space=None) -> Callable[[Path], Any]:
    return lambda tmp: generator(space() if space else None)(z(), y())


def _multi_hot(*rows: list[float]) -> torch.Tensor:
    y = torch.zeros(len(rows), 24)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            y[i, j] = v
    return y


def _trainer_with_data(space_of_data) -> Callable[[Path], Any]:
    def run(tmp: Path) -> None:
        from condgan.data import load_dataset
        from condgan.models import create
        from condgan.training import Trainer

        g = generator()
        d = create("dcgan_critic", space=g.space, image_size=32, widths=(4, 4, 4))
        Trainer(g, d, _NoObjective(), load_dataset(standin(tmp, space_of_data)), {"steps": 1})

    return run


class _NoObjective:
    def critic_loss(self, *a, **k):  # pragma: no cover - never reached
        raise AssertionError

    generator_loss = critic_loss


def _resume_other_weights(tmp: Path) -> None:
    from condgan.models import create
    from condgan.training import Trainer

    path = other_weights(tmp)
    g = generator()
    d = create("dcgan_critic", space=g.space, image_size=32, widths=(4, 4, 4))
    from condgan.training.checkpoint import load_checkpoint, save_checkpoint

    state = load_checkpoint(path)
    state["critic"] = d.state_dict()
    save_checkpoint(state, path)
    data = _FakeData(g.space)
    Trainer(g, d, _NoObjective(), data, {"steps": 1, "out_dir": str(tmp / "run")}).resume(path)


def _resume_other_space(tmp: Path) -> None:
    from condgan.models import create
    from condgan.training import Trainer

    path = checkpoint(tmp)  # an i-CLEVR generator's
    g = generator(cartoon())
    d = create("dcgan_critic", space=g.space, image_size=32, widths=(4, 4, 4))
    Trainer(g, d, _NoObjective(), _FakeData(g.space), {"steps": 1}).resume(path)


class _FakeData:
    def __init__(self, space):
        self.space = space

    def __len__(self) -> int:
        return 64

    def __getitem__(self, i: int):
        return torch.zeros(3, 32, 32), self.space.sample(1)[0]


def _evaluate_generator(data=None, evaluator=None) -> Callable[[Path], Any]:
    def run(tmp: Path) -> None:
        from condgan.metrics import evaluate_generator

        evaluate_generator(
            generator(), data=data(tmp) if data else None, n=4,
            evaluator=evaluator(tmp) if callable(evaluator) else evaluator,
        )  # fmt: skip

    return run


def _bomb(tmp: Path) -> None:
    from PIL import Image

    from condgan.data.files import load_image

    Image.new("RGB", (64, 64)).save(tmp / "big.png")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Image, "MAX_IMAGE_PIXELS", 100)
        load_image(tmp / "big.png")


def _bomb_cli(tmp: Path) -> None:
    standin(tmp, "cartoon", "faces")


@contextlib.contextmanager
def _small_pil_limit():
    from PIL import Image

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Image, "MAX_IMAGE_PIXELS", 100)
        yield


def _iclevr_json(tmp: Path, data: Any) -> Path:
    root = standin(tmp, "iclevr", "scenes", n=2)
    (root / "train.json").write_text(json.dumps(data))
    return root


def _load(loader: str, root: Callable[[Path], Path], **kw: Any) -> Callable[[Path], Any]:
    def run(tmp: Path) -> Any:
        import condgan.data

        return getattr(condgan.data, loader)(root(tmp), **kw)

    return run


_DISK_FULL = OSError(errno.ENOSPC, "No space left on device")
_DENIED = PermissionError(errno.EACCES, "Permission denied")

CASES: list[Case] = [
    # ---- the command line -----------------------------------------------------
    cli("cli-int", "a non-number where a number is expected",
        ["evaluate", "g.pt", "--seed", "many"], 2, "argument --seed: invalid int value: 'many'"),
    cli("cli-choice", "an unknown data set kind",
        ["make-data", "mnist", "{DIR}/x"], 2, "invalid choice: 'mnist'"),
    cli("cli-missing-arg", "a missing argument", ["sample"], 2,
        "the following arguments are required: checkpoint"),
    cli("cli-unknown-option", "an unknown option", ["make-data", "cartoon", "x", "--sise", "8"],
        2, "unrecognized arguments: --sise 8"),
    cli("make-data-size-0", "an image size of 0",
        ["make-data", "cartoon", "{DIR}/x", "--size", "0"], 2, "size must be an int >= 8"),
    cli("make-data-size-negative", "a negative image size",
        ["make-data", "iclevr", "{DIR}/x", "--size", "-64"], 2, "got -64"),
    cli("make-data-n-0", "zero images", ["make-data", "cartoon", "{DIR}/x", "--n", "0"], 2,
        "argument --n: must be an int >= 1, got '0'"),
    cli("make-data-exists", "an output folder that is not empty",
        ["make-data", "cartoon", "{DIR}/cartoon", "--n", "2"], 3, "is not empty",
        setup=standin),
    cli("make-data-under-file", "an output folder below a file",
        ["make-data", "cartoon", "{DIR}/note.txt/sub/x", "--n", "2"], 3, "Not a directory",
        setup=lambda tmp: text_file(tmp, "note.txt")),
    cli("make-data-disk-full", "a full disk while writing",
        ["make-data", "cartoon", "{DIR}/x", "--n", "2"], 6, "free space on the device",
        context=failing("condgan.data.standin.cartoon.save_image", _DISK_FULL)),
    cli("make-data-denied", "a folder you may not write",
        ["make-data", "cartoon", "{DIR}/x", "--n", "2"], 6, "Permission denied",
        context=failing("condgan.data.standin.cartoon.save_image", _DENIED)),
    cli("make-data-interrupted", "Ctrl-C while writing",
        ["make-data", "cartoon", "{DIR}/x", "--n", "2"], 130, "interrupted",
        context=failing("condgan.data.standin.cartoon.save_image", KeyboardInterrupt())),
    cli("evaluate-missing", "a checkpoint that does not exist",
        ["evaluate", "{DIR}/nope.pt"], 3, "does not exist"),
    cli("sample-empty-folder", "a run folder without checkpoints",
        ["sample", "{DIR}"], 3, "no checkpoint (step_*.pt) in folder"),
    cli("sample-text", "a text file as a checkpoint",
        ["sample", "{DIR}/notes.pt"], 4, "is not a condgan checkpoint: it is not a file written",
        setup=lambda tmp: text_file(tmp, "notes.pt")),
    cli("sample-empty-file", "an empty checkpoint file",
        ["sample", "{DIR}/empty.pt"], 4, "or it is damaged",
        setup=lambda tmp: text_file(tmp, "empty.pt", "")),
    cli("sample-truncated", "a truncated checkpoint (a copy cut short)",
        ["sample", "{DIR}/cut.pt"], 4, "or it is damaged", setup=truncated),
    cli("sample-image", "an image given as the checkpoint",
        ["sample", "{DIR}/face.png"], 4, "is not a condgan checkpoint",
        setup=lambda tmp: __import__("PIL.Image", fromlist=["x"]).new("RGB", (8, 8)).save(
            tmp / "face.png")),
    cli("sample-unsafe", "a checkpoint that would run code when unpickled",
        ["sample", "{DIR}/evil.pt"], 4, "refusing to load condgan checkpoint", setup=evil),
    cli("sample-foreign", "a torch file that is not a condgan checkpoint",
        ["sample", "{DIR}/w.pt"], 4, "is not a condgan checkpoint (no format=",
        setup=lambda tmp: torch.save({"weights": torch.zeros(2)}, tmp / "w.pt")),
    cli("sample-weights", "weights of another architecture than the checkpoint's spec",
        ["sample", "{DIR}/g.pt"], 4, "the generator weights do not fit", setup=other_weights),
    cli("sample-unknown-model", "a checkpoint of a model this condgan does not have",
        ["sample", "{DIR}/g.pt"], 4, "cannot rebuild its generator 'gan9000'",
        setup=lambda tmp: _respec(checkpoint(tmp), "gan9000")),
    cli("sample-n-0", "zero images per condition",
        ["sample", "{DIR}/g.pt", "--n", "0"], 2, "--n must be >= 1", setup=checkpoint),
    cli("sample-unknown-condition", "an unknown condition name",
        ["sample", "{DIR}/g.pt", "--condition", "pink cone"], 2, "pink cone",
        setup=checkpoint),
    cli("sample-device", "a device name torch does not know",
        ["sample", "{DIR}/g.pt", "--device", "gpu7"], 2,
        "--device 'gpu7' is not a torch device", setup=checkpoint),
    cli("evaluate-n-small", "too few images for precision and recall",
        ["evaluate", "{DIR}/g.pt", "--data", "{DIR}/cartoon", "--n", "3"], 2,
        "--n must be >= 4 with --data", setup=lambda tmp: (checkpoint(tmp), standin(tmp))),
    cli("sample-out-under-file", "an output PNG below a file",
        ["sample", "{DIR}/g.pt", "--out", "{DIR}/g.pt/sub/grid.png", "--n", "1"], 3,
        "Not a directory", setup=checkpoint),
    cli("evaluate-data-space", "reference data of another condition space",
        ["evaluate", "{DIR}/g.pt", "--data", "{DIR}/cartoon", "--n", "4"], 4,
        "the condition space of the data in",
        setup=lambda tmp: (checkpoint(tmp), standin(tmp))),
    cli("evaluate-evaluator-space", "an evaluator of another condition space",
        ["evaluate", "{DIR}/g.pt", "--evaluator", "cartoon", "--n", "4"], 4,
        "the condition space of the evaluator 'cartoon'", setup=checkpoint),
    cli("evaluate-evaluator-text", "a text file as the evaluator",
        ["evaluate", "{DIR}/g.pt", "--evaluator", "{DIR}/ev.pt", "--n", "4"], 4,
        "is not a condgan evaluator",
        setup=lambda tmp: (checkpoint(tmp), text_file(tmp, "ev.pt"))),
    cli("evaluate-evaluator-checkpoint", "a generator checkpoint as the evaluator",
        ["evaluate", "{DIR}/g.pt", "--evaluator", "{DIR}/g.pt", "--n", "4"], 4,
        "not a condgan evaluator checkpoint", setup=checkpoint),
    cli("evaluate-evaluator-unknown", "an evaluator name that is not shipped",
        ["evaluate", "{DIR}/g.pt", "--evaluator", "mnist"], 3,
        "no shipped evaluator named 'mnist'", setup=checkpoint),
    cli("evaluate-real-missing", "a data folder that does not exist",
        ["evaluate-real", "{DIR}/nope"], 3, "nope"),
    cli("evaluate-real-space", "an evaluator of another data set",
        ["evaluate-real", "{DIR}/cartoon", "--evaluator", "iclevr"], 4,
        "the condition space of the evaluator 'iclevr'", setup=standin),
    cli("evaluate-real-bomb", "an image above PIL's decompression-bomb limit",
        ["evaluate-real", "{DIR}/faces"], 4, "too large to decode safely",
        setup=_bomb_cli, context=_small_pil_limit),
    cli("train-recipe", "an unknown recipe", ["train", "cartoon-gan"], 2, "cartoon-gan"),
    cli("train-variant", "an unknown variant",
        ["train", "cartoon-acwgan", "--variant", "huge"], 2, "unknown variant 'huge'"),
    cli("train-scale", "an unknown scale", ["train", "cartoon-acwgan", "--scale", "tiny"], 2,
        "unknown scale 'tiny'"),
    cli("train-steps-0", "zero training steps",
        ["train", "cartoon-acwgan", "--scale", "smoke", "--steps", "0"], 2,
        "argument --steps: must be an int >= 1, got '0'"),
    cli("train-batch-0", "a batch size of 0",
        ["train", "cartoon-acwgan", "--scale", "smoke", "--batch-size", "0"], 2,
        "argument --batch-size: must be an int >= 1, got '0'"),
    cli("train-data-missing", "a data folder that does not exist",
        ["train", "cartoon-acwgan", "--scale", "smoke", "--data", "{DIR}/nope"], 3,
        "is not a folder"),
    cli("reproduce-variants", "an unknown variant among several",
        ["reproduce", "cartoon-acwgan", "--variants", "hidden-concat,nope"], 2,
        "are not variants of 'cartoon-acwgan'"),
    cli("demo-n-eval", "too few evaluation images", ["demo", "--n-eval", "1"], 2,
        "--n-eval must be >= 2, got 1"),
    # ---- generators ---------------------------------------------------------------
    api("sample-empty-list", "no conditions", "G.sample([])", _sample([]), ValueError,
        "must hold at least one condition"),
    api("sample-empty-tensor", "an empty batch of conditions", "G.sample(torch.zeros(0, 24))",
        _sample(torch.zeros(0, 24)), ValueError, "y is an empty batch (shape (0, 24))"),
    api("sample-nan", "a NaN in a multi-hot condition", "G.sample(y)  # y[1, 2] = nan",
        _sample(lambda: _multi_hot([1], [0, 0, float("nan")])), ValueError,
        "got y[1, 2] = nan"),
    api("sample-half", "a multi-hot entry that is neither 0 nor 1", "G.sample(y)  # y[0, 5] = 0.5",
        _sample(lambda: _multi_hot([0, 0, 0, 0, 0, 0.5])), ValueError, "got y[0, 5] = 0.5"),
    api("sample-too-many", "four objects where at most three are allowed",
        "G.sample(y)  # row 1 has 4 labels",
        _sample(lambda: _multi_hot([1], [1, 1, 1, 1])), ValueError, "(row 1 has 4)"),
    api("sample-none", "a row without any object", "G.sample(y)  # row 0 is all zeros",
        _sample(lambda: _multi_hot([0])), ValueError, "(row 0 has 0)"),
    api("sample-unknown-name", "an unknown object name", 'G.sample(["pink cone"])',
        _sample(["pink cone"]), ValueError, "pink cone"),
    api("sample-string", "one string instead of a list", 'G.sample("red cube")',
        _sample("red cube"), TypeError, "must be a sequence of conditions"),
    api("forward-nan-z", "a NaN in the noise", "G(z, y)  # z[0, 1] = nan",
        _forward(lambda: torch.tensor([[0.0, float("nan"), 0, 0]]), lambda: _multi_hot([1])),
        ValueError, "z must be finite, got z[0, 1] = nan"),
    api("forward-inf-z", "an infinite noise value", "G(z, y)  # z[0, 3] = inf",
        _forward(lambda: torch.tensor([[0.0, 0, 0, float("inf")]]), lambda: _multi_hot([1])),
        ValueError, "z[0, 3] = inf"),
    api("forward-z-shape", "noise of the wrong width", "G(torch.zeros(1, 5), y)",
        _forward(lambda: torch.zeros(1, 5), lambda: _multi_hot([1])), ValueError,
        "z must have shape (B, 4), got (1, 5)"),
    api("forward-batch", "noise and conditions of different batch sizes",
        "G(torch.zeros(2, 4), y)  # y has 1 row",
        _forward(lambda: torch.zeros(2, 4), lambda: _multi_hot([1])), ValueError,
        "batch sizes differ: z has 2 rows, y has 1"),
    api("forward-int-z", "integer noise", "G(torch.zeros(1, 4, dtype=torch.long), y)",
        _forward(lambda: torch.zeros(1, 4, dtype=torch.long), lambda: _multi_hot([1])),
        TypeError, "z must be a floating-point tensor"),
    api("forward-y-dtype", "integer multi-hot conditions", "G(z, y.long())",
        _forward(lambda: torch.zeros(1, 4), lambda: _multi_hot([1]).long()), TypeError,
        "float multi-hot tensor, got dtype torch.int64"),
    api("forward-index", "a class index out of range (cartoon: 6 hair colours)",
        "G(z, torch.tensor([[6, 0, 0, 0]]))",
        _forward(lambda: torch.zeros(1, 4), lambda: torch.tensor([[6, 0, 0, 0]]), cartoon),
        ValueError, "(attribute 'hair') must hold indices in [0, 6), got values in [6, 6]"),
    api("forward-negative-index", "a negative class index",
        "G(z, torch.tensor([[0, -1, 0, 0]]))",
        _forward(lambda: torch.zeros(1, 4), lambda: torch.tensor([[0, -1, 0, 0]]), cartoon),
        ValueError, "(attribute 'eye') must hold indices in [0, 4), got values in [-1, -1]"),
    api("noise-0", "zero noise vectors", "G.sample_noise(0)",
        lambda tmp: generator().sample_noise(0), ValueError, "n must be >= 1, got 0"),
    # ---- condition spaces ---------------------------------------------------------
    api("space-mismatch", "two different condition spaces",
        "check_same_space(iclevr_space(), cartoon_space(), ...)",
        lambda tmp: __import__("condgan.conditions.same_space", fromlist=["x"]).check_same_space(
            iclevr(), cartoon(), expected_from="the generator", got_from="the data"),
        SpaceMismatchError, "type is 'multi_categorical' vs 'multi_label'"),
    api("space-dict", "an unknown space type in a checkpoint", 'space_from_dict({"type": "x"})',
        lambda tmp: __import__("condgan.conditions", fromlist=["x"]).space_from_dict(
            {"type": "x"}), ValueError, "data['type'] must be one of"),
    # ---- data folders -------------------------------------------------------------
    api("cartoon-duplicate", "the same image listed twice in cartoon_attr.txt",
        "load_cartoon(DIR/faces)", _load("load_cartoon",
        lambda tmp: cartoon_rows(tmp, [_row("0.png"), _row("1.png"), _row("0.png")])),
        ValueError, "line 5: duplicate row for image '0.png' (first on line 3)"),
    api("cartoon-header", "a wrong header line", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: (cartoon_rows(tmp, [_row()]), text_file(
            tmp / "faces", "cartoon_attr.txt", "1\nhair eyes\n" + _row() + "\n"))[0]),
        ValueError, "line 2: wrong header"),
    api("cartoon-two-hot", "two hair colours in one row", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(
            tmp, ["0.png 1 1 0 0 0 0 1 0 0 0 0 1 0 1 0"])),
        ValueError, "attribute 'hair' (blonde, orange, brown, black, blue, white) must have"),
    api("cartoon-not-bits", "a value other than 0 and 1", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(
            tmp, ["0.png 2 0 0 0 0 0 1 0 0 0 0 1 0 1 0"])),
        ValueError, "line 3: expected only 0 and 1"),
    api("cartoon-short-row", "a row with too few columns", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(tmp, ["0.png 1 0 0"])),
        ValueError, "line 3: expected 15 zeros/ones, got 3"),
    api("cartoon-count", "a row count that disagrees with line 1", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(tmp, [_row()], count=7)),
        ValueError, "line 1: declares 7 rows but the file has 1"),
    api("cartoon-escape", "an image name that leaves the folder", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(tmp, [_row("../../secret.png")])),
        ValueError, "contains '..'; it must stay inside"),
    api("cartoon-absolute", "an absolute image path", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(tmp, [_row("/etc/passwd")])),
        ValueError, "is an absolute path"),
    api("cartoon-missing-image", "a listed image that is missing", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: cartoon_rows(tmp, [_row("9.png")])),
        FileNotFoundError, "image 'images/9.png' listed in the labels is missing"),
    api("cartoon-no-labels", "a folder without cartoon_attr.txt", "load_cartoon(DIR)",
        _load("load_cartoon", lambda tmp: tmp), FileNotFoundError,
        "cartoon label file not found"),
    api("cartoon-binary-labels", "a label file that is not UTF-8 text", "load_cartoon(DIR/faces)",
        _load("load_cartoon", lambda tmp: (cartoon_rows(tmp, [_row()]), (
            tmp / "faces" / "cartoon_attr.txt").write_bytes(b"\xff\xfe\x00"))[0]),
        ValueError, "is not UTF-8 text"),
    api("iclevr-unknown-object", "an unknown object in train.json", "load_iclevr(DIR/scenes)",
        _load("load_iclevr", lambda tmp: _iclevr_json(tmp, {"0.png": ["pink cone"]})),
        ValueError, "pink cone"),
    api("iclevr-not-json", "a train.json that is not JSON", "load_iclevr(DIR/scenes)",
        _load("load_iclevr", lambda tmp: (_iclevr_json(tmp, {}), text_file(
            tmp / "scenes", "train.json", "{oops"))[0]),
        ValueError, "train.json"),
    api("detect-unknown", "a folder of no known format", "load_dataset(DIR)",
        _load("load_dataset", lambda tmp: tmp), FileNotFoundError, str(DIR) and "DIR"),
    api("image-corrupt", "a file that is not an image", "load_image(DIR/x.png)",
        lambda tmp: __import__("condgan.data.files", fromlist=["x"]).load_image(
            text_file(tmp, "x.png")), ValueError, "corrupt or unreadable image DIR/x.png"),
    api("image-bomb", "an image above PIL's decompression-bomb limit",
        "load_image(DIR/big.png)", _bomb, InputFileError,
        "image DIR/big.png is too large to decode safely"),
    api("standin-size", "a stand-in image size of 0", 'write_standin("cartoon", DIR/x, 4, size=0)',
        lambda tmp: __import__("condgan.data.standin", fromlist=["x"]).write_standin(
            "cartoon", tmp / "x", 4, size=0), ValueError, "size must be an int >= 8"),
    # ---- checkpoints, evaluators, training ----------------------------------------
    api("resume-weights", "resuming from weights of another architecture",
        "Trainer(...).resume(DIR/g.pt)", _resume_other_weights, InputFileError,
        "DIR/g.pt: the checkpoint's generator does not fit the generator built for this run"),
    api("train-data-space", "training data of another condition space",
        "Trainer(G_iclevr, D, objective, cartoon_data)", _trainer_with_data("cartoon"),
        SpaceMismatchError, "the condition space of the data (LabeledImages)"),
    api("evaluate-data-space-api", "reference data of another condition space",
        "evaluate_generator(G_iclevr, data=DIR/cartoon)",
        _evaluate_generator(data=standin), SpaceMismatchError,
        "the condition space of the data in DIR/cartoon"),
    api("fidelity-few", "too few reference images for precision and recall",
        "fidelity(samples, reference)  # 3 reference images",
        lambda tmp: __import__("condgan.metrics.fidelity", fromlist=["x"]).fidelity_from_features(
            torch.randn(8, 4), torch.randn(3, 4), metrics=("prc",)),
        ValueError, "need more than 3 reference images, got 3"),
    api("evaluator-file", "a text file as the evaluator", 'load_evaluator("DIR/ev.pt")',
        lambda tmp: __import__("condgan.metrics", fromlist=["x"]).load_evaluator(
            text_file(tmp, "ev.pt")), InputFileError, "is not a condgan evaluator"),
    api("evaluator-folder", "a folder as the evaluator", 'load_evaluator("DIR/ev.pt")',
        lambda tmp: (tmp / "ev.pt").mkdir() or __import__(
            "condgan.metrics", fromlist=["x"]).load_evaluator(tmp / "ev.pt"),
        IsADirectoryError, "is a folder, expected a file"),
    api("course-evaluator-text", "a text file as the course's evaluator checkpoint",
        'load_course_evaluator("DIR/checkpoint.pth")',
        lambda tmp: __import__("condgan.metrics", fromlist=["x"]).load_course_evaluator(
            text_file(tmp, "checkpoint.pth")), InputFileError,
        "is not a course evaluator checkpoint: it is not a file written by torch.save"),
    api("course-evaluator-keys", "a torch file without the course evaluator's 'model'",
        'load_course_evaluator("DIR/checkpoint.pth")',
        lambda tmp: torch.save({"net": {}}, tmp / "checkpoint.pth") or __import__(
            "condgan.metrics", fromlist=["x"]).load_course_evaluator(tmp / "checkpoint.pth"),
        InputFileError, "expected a dict with a 'model' state dict, got ['net']"),
    api("resume-space", "resuming from a checkpoint of another condition space",
        "Trainer(G_cartoon, ...).resume(DIR/g.pt)", _resume_other_space, InputFileError,
        "the checkpoint's condition space differs from the generator's"),
    api("trainconfig-precision", "an unknown precision", 'TrainConfig(precision="fp8")',
        lambda tmp: __import__("condgan.training", fromlist=["x"]).TrainConfig(
            precision="fp8"), ValueError, "fp8"),
    api("trainconfig-lr", "a negative learning rate", "TrainConfig(lr_g=-1.0)",
        lambda tmp: __import__("condgan.training", fromlist=["x"]).TrainConfig(lr_g=-1.0),
        ValueError, "TrainConfig.lr_g must be a positive number, got -1.0"),
]  # fmt: skip


def table_rst(outcomes: list[tuple[Case, Outcome]]) -> str:
    """The reStructuredText table of docs/bad_inputs.rst."""

    def cell(text: str) -> str:
        return "``" + text.replace("``", "`` ``") + "``" if text else ""

    lines = [
        ".. This file is generated by docs/gen_bad_inputs.py from tests/package/",
        "   bad_input_cases.py; do not edit it (a test fails when it is stale).",
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 18 24 14 44",
        "",
        "   * - Bad input",
        "     - Call",
        "     - Result",
        "     - Message",
    ]
    for case, out in outcomes:
        lines += [
            f"   * - {case.what}",
            f"     - {cell(case.call)}",
            f"     - {out.result}",
            f"     - {cell(out.message)}",
        ]
    return "\n".join(lines) + "\n"
