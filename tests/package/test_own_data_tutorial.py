"""docs/own-data.rst: every ``$`` command between the markers runs as written (at smoke scale)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from condgan.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = (DOCS / "own-data.rst").read_text()

#: What makes the tutorial's commands tiny: (written, run).
SMOKE = [("--steps 2000", "--steps 2 --scale smoke --no-progress"), ("--n 1000", "--n 16")]


def section(name: str) -> str:
    match = re.search(rf"\.\. {name}-start\n(.*?)\.\. {name}-end", PAGE, re.S)
    assert match, f"markers {name}-start/-end not found in own-data.rst"
    return match.group(1)


def commands(name: str) -> list[str]:
    return [
        line.strip()[2:] for line in section(name).splitlines() if line.strip().startswith("$ ")
    ]


def smoke(command: str) -> list[str]:
    for written, run in SMOKE:
        command = command.replace(written, run)
    argv = shlex.split(command)
    assert argv[0] == "condgan", command
    if argv[1] == "train-evaluator":
        argv += ["--epochs", "1"]
    return argv[1:]


def _image(path: Path, colour, seed: int) -> None:
    rng = np.random.default_rng(seed)
    arr = np.clip(np.array(colour)[None, None] + rng.normal(0, 10, (32, 32, 3)), 0, 255)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr.astype(np.uint8)).save(path)


@pytest.fixture
def tutorial_dir(tmp_path, monkeypatch):
    """``pics/`` (cat, dog, fox; 20 px: the tutorial resizes) and ``faces/`` (hair x eyes)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONDGAN_CACHE", str(tmp_path / "cache"))
    colours = {"cat": (200, 120, 40), "dog": (90, 60, 30), "fox": (230, 80, 10)}
    for name, rgb in colours.items():
        for i in range(4):
            _image(tmp_path / "pics" / name / f"{i}.png", rgb, i)
    for hair, rgb in {"blue": (30, 40, 220), "green": (30, 200, 40)}.items():
        for eyes in ("red", "brown"):
            for i in range(2):
                _image(tmp_path / "faces" / f"hair={hair}" / f"eyes={eyes}" / f"{i}.png", rgb, i)
    return tmp_path


def test_the_page_is_in_the_toctree():
    assert "   own-data\n" in (DOCS / "index.rst").read_text()


def test_tutorial_commands_run_as_written(tutorial_dir, capsys):
    cmds = commands("own-data-commands")
    assert [c.split()[1] for c in cmds] == [
        "inspect-data", "train", "sample", "train", "sample", "train-evaluator", "evaluate"
    ]  # fmt: skip
    for command in cmds:
        assert main(smoke(command)) == 0, command
    out = capsys.readouterr().out
    assert "Categorical(n=3, names=['cat', 'dog', 'fox'])" in out
    assert (tutorial_dir / "cats-and-dogs.png").is_file()
    assert (tutorial_dir / "blue-hair.png").is_file()
    assert "heldout.accuracy" in out and "accuracy.accuracy" in out


def test_tutorial_config_file_runs(tutorial_dir, capsys):
    toml = "\n".join(line[4:] for line in section("own-data-config").splitlines()
                     if line.startswith("    "))  # fmt: skip
    toml = toml.replace("steps = 2000", 'steps = 2\nscale = "smoke"\nno_progress = true')
    (tutorial_dir / "run.toml").write_text(toml + "\n")
    for command in commands("own-data-config-commands"):
        assert main(smoke(command)) == 0, command
    printed = capsys.readouterr().out
    assert 'fit = "resize"' in printed and "[trainer]" in printed
    kept = (tutorial_dir / "runs" / "pics-config" / "config.toml").read_text()
    assert "seed = 1" in kept and "lr_g = 0.0002" in kept
