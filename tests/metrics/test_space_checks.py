"""Evaluations compare condition spaces before any sample is drawn or file written."""

from __future__ import annotations

import pytest
import torch

from condgan import cli
from condgan.data import cartoon_space, iclevr_space
from condgan.data.standin import write_standin
from condgan.errors import SpaceMismatchError
from condgan.metrics import Evaluator, evaluate_generator, evaluate_real


class NeverSample:
    """A generator stand-in that fails the test if anything is generated."""

    def __init__(self, space):
        self.space = space

    def sample(self, *args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError("samples were drawn before the spaces were compared")


@pytest.fixture(scope="module")
def cartoon_dir(tmp_path_factory):
    return write_standin("cartoon", tmp_path_factory.mktemp("data") / "cartoon", 4, 0, size=16)


def test_evaluate_command_refuses_data_of_another_space(cartoon_dir, tmp_path, capsys):
    from condgan.models import create
    from condgan.training.checkpoint import FORMAT, generator_spec, save_checkpoint

    g = create("dcgan_generator", space=iclevr_space(), nz=4, image_size=32, widths=(8, 4, 4))
    ckpt = save_checkpoint(
        {"format": FORMAT, "generator": g.state_dict(), "ema": None,
         "space": g.space.to_dict(), "generator_spec": generator_spec(g)},
        tmp_path / "g.pt",
    )  # fmt: skip
    out = tmp_path / "result.json"
    argv = ["evaluate", str(ckpt), "--data", str(cartoon_dir), "--n", "4", "--json", str(out)]
    assert cli.main(argv) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert (
        f"the condition space of the data in {cartoon_dir} differs from that of the generator"
        in err[0]
    )
    assert "'multi_categorical' vs 'multi_label'" in err[0]
    assert not out.exists()


def test_evaluate_generator_compares_before_sampling(cartoon_dir):
    with pytest.raises(
        SpaceMismatchError, match="the data in .* differs from that of the generator"
    ):
        evaluate_generator(NeverSample(iclevr_space()), data=cartoon_dir, n=4)
    other = Evaluator(iclevr_space(), widths=(4, 4, 4, 4), input_size=32, name="other")
    with pytest.raises(SpaceMismatchError, match="the evaluator 'other' differs"):
        evaluate_generator(NeverSample(cartoon_space()), n=4, evaluator=other)


def test_evaluate_real_compares_the_evaluator_with_the_data(cartoon_dir, tmp_path):
    other = Evaluator(iclevr_space(), widths=(4, 4, 4, 4), input_size=32, name="other")
    torch.save(other.checkpoint(), tmp_path / "other.pt")
    with pytest.raises(SpaceMismatchError, match=r"evaluator 'other' \(.*other.pt\) differs from"):
        evaluate_real(cartoon_dir, evaluator=tmp_path / "other.pt")
