"""Training failures end in one line and their exit code; spaces are compared before work."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from condgan import cli
from condgan.conditions import MultiCategorical
from condgan.errors import SpaceMismatchError
from condgan.training import TrainConfig, Trainer


def _install(monkeypatch, tiny, **setup):
    def build(name, **kwargs):
        g, d, obj, data = tiny.tiny_setup(**setup)
        return SimpleNamespace(
            space=g.space, generator=g, critic=d, objective=obj, data=data,
            train=TrainConfig(batch_size=8, tensorboard=False, sample_every=0, plot=False,
                              gif=False),
        )  # fmt: skip

    monkeypatch.setattr("condgan.recipes.registry.build", build)


def _train(tmp_path, *extra):
    return ["train", "tiny", "--out", str(tmp_path / "run"), "--no-progress", *extra]


def test_non_finite_training_is_exit_5_and_one_line(tiny, tmp_path, monkeypatch, capsys):
    _install(monkeypatch, tiny, nan_at_call=5)  # the critic's loss is NaN at step 3
    assert cli.main(_train(tmp_path, "--steps", "10")) == 5
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("condgan: error: loss term 'd/")
    assert "at step 3" in err[0] and err[0].endswith("lower learning rate or another precision)")


def test_resume_from_other_weights_names_the_file(tiny, tmp_path, monkeypatch, capsys):
    _install(monkeypatch, tiny)
    assert cli.main(_train(tmp_path, "--steps", "1")) == 0
    ckpt = next((tmp_path / "run" / "checkpoints").glob("step_*.pt"))

    def wider(name, **kwargs):  # same space, wider generator: the weights cannot fit
        g, d, obj, data = tiny.tiny_setup()
        g = tiny.TinyGenerator(g.space, hidden=16)
        train = TrainConfig(batch_size=8, tensorboard=False, plot=False)
        return SimpleNamespace(
            space=g.space, generator=g, critic=d, objective=obj, data=data, train=train
        )

    monkeypatch.setattr("condgan.recipes.registry.build", wider)
    capsys.readouterr()
    code = cli.main(_train(tmp_path / "again", "--steps", "2", "--resume", str(ckpt)))
    assert code == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"condgan: error: {ckpt}: the checkpoint's ")
    assert "the architecture cannot change on resume" in err[0]


def test_trainer_refuses_data_of_another_space_before_writing(tiny, quiet, tmp_path):
    g, d, obj, data = tiny.tiny_setup()
    data.space = MultiCategorical({"colour": ["red", "green", "blue"], "shape": ["a", "b"]})
    with pytest.raises(SpaceMismatchError, match="size is 'shape' vs 'size'|attributes") as err:
        Trainer(g, d, obj, data, quiet)
    assert "the data (TinyData)" in str(err.value) and "the generator" in str(err.value)
    assert not (tmp_path / "run").exists()


def test_value_checks_are_off_inside_the_loop_only(tiny, quiet):
    g, d, obj, data = tiny.tiny_setup()
    g.validate = True
    seen = []
    hook = (lambda trainer, step: seen.append(trainer.generator.validate), 1)
    t = Trainer(g, d, obj, data, {**quiet, "steps": 2}, hooks=[hook])
    t.fit()
    assert seen == [False, False] and g.validate is True
