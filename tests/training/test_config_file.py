"""``condgan train --config run.toml``: keys for every option, the command line wins."""

from __future__ import annotations

import pytest

from condgan.cli import build_parser, main
from condgan.training.config_file import config_keys, read_toml
from user_data import class_folder


def _train_parser():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices["train"]


def test_every_train_option_has_a_key():
    parser = _train_parser()
    keys = config_keys(parser)
    options = {a.dest for a in parser._actions if a.option_strings or a.dest == "recipe"}
    assert options - {"help", "config", "print_config"} == set(keys)
    assert {"steps", "batch_size", "data", "size", "fit", "channels", "no_progress"} <= set(keys)


def test_print_config_merges_file_and_command_line(tmp_path, capsys):
    cfg = tmp_path / "run.toml"
    cfg.write_text('data = "pics"\nsteps = 5\nbatch-size = 8\nfit = "resize"\nsize = 16\n'
                   "no_progress = true\n[trainer]\nlr_g = 0.001\n")  # fmt: skip
    assert main(["train", "--config", str(cfg), "--steps", "7", "--print-config"]) == 0
    text = capsys.readouterr().out
    (tmp_path / "out.toml").write_text(text)
    resolved = read_toml(tmp_path / "out.toml")
    assert resolved["steps"] == 7  # the command line wins
    assert resolved["batch_size"] == 8 and resolved["fit"] == "resize" and resolved["size"] == 16
    assert resolved["trainer"] == {"lr_g": 0.001}
    assert "recipe" not in resolved  # unset keys are comments


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stpes = 3\n", "unknown key 'stpes'; known keys:"),
        ('steps = "many"\n', "steps must be an int >= 1, got 'many'"),
        ("steps = 0\n", "steps must be an int >= 1, got '0'"),
        ('fit = "stretch"\n', "fit must be one of"),
        ("steps = [\n", "is not valid TOML"),
        ("no_progress = 1\n", "no_progress must be true or false"),
    ],
)
def test_bad_config_files_fail_before_any_work(tmp_path, capsys, text, message):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text)
    assert main(["train", "--config", str(cfg), "--out", str(tmp_path / "run")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_missing_config_file(tmp_path, capsys):
    assert main(["train", "--config", str(tmp_path / "none.toml")]) == 3  # a missing path
    assert "config file not found" in capsys.readouterr().err


def test_run_folder_keeps_the_resolved_config(tmp_path, capsys):
    data = class_folder(tmp_path / "pics", n_per_class=2, size=32)
    cfg = tmp_path / "run.toml"
    cfg.write_text(f'data = "{data}"\nscale = "smoke"\nsteps = 1\nno_progress = true\n'
                   "[trainer]\nlr_d = 0.0003\n")  # fmt: skip
    out = tmp_path / "run"
    assert main(["train", "--config", str(cfg), "--out", str(out), "--seed", "3"]) == 0
    kept = read_toml(out / "config.toml")
    assert kept["steps"] == 1 and kept["seed"] == 3 and kept["data"] == str(data)
    assert kept["out"] == str(out) and kept["trainer"] == {"lr_d": 0.0003}
    # the kept file trains again as it is
    assert main(["train", "--config", str(out / "config.toml"), "--out", str(tmp_path / "r2"),
                 "--print-config"]) == 0  # fmt: skip
