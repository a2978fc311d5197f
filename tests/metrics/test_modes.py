"""Evaluation never changes a module's mode or buffers."""

from __future__ import annotations

import torch
from torch import nn

from condgan.conditions import MultiCategorical
from condgan.metrics import evaluate_generator, generate_samples
from condgan.metrics.modes import evaluation_mode

SPACE = MultiCategorical({"tint": ["red", "green"], "size": ["small", "big"]})


class BNGenerator(nn.Module):
    """A tiny generator with BatchNorm: sampling in train mode would move its statistics."""

    def __init__(self) -> None:
        super().__init__()
        self.space = SPACE
        self.net = nn.Sequential(nn.Linear(4, 3 * 8 * 8), nn.BatchNorm1d(3 * 8 * 8))

    def sample(self, y, z=None, generator=None):
        z = torch.randn(len(y), 4, generator=generator) if z is None else z
        return torch.tanh(self.net(z)).view(-1, 3, 8, 8)


class Wrapper(nn.Module):
    """A view of a generator created in train mode (as text-to-label views are)."""

    def __init__(self, g: nn.Module) -> None:
        super().__init__()
        self.g, self.space = g, g.space

    def sample(self, y, z=None, generator=None):
        return self.g.sample(y, z=z, generator=generator)


def _state(m: nn.Module):
    return [(name, sub.training) for name, sub in m.named_modules()], {
        k: v.clone() for k, v in m.state_dict().items()
    }


def _unchanged(m: nn.Module, before) -> bool:
    flags, buffers = _state(m)
    return flags == before[0] and all(torch.equal(buffers[k], v) for k, v in before[1].items())


def test_evaluation_mode_restores_each_submodules_own_flag():
    g = BNGenerator().eval()
    view = Wrapper(g)  # the wrapper is in train mode, the generator in eval mode
    before = _state(view)
    with evaluation_mode(view):
        assert not view.training and not g.net[1].training
    assert view.training and not g.training and _unchanged(view, before)
    with evaluation_mode("not a module") as same:
        assert same == "not a module"


def test_generate_samples_leaves_a_train_mode_generator_as_it_was():
    g = BNGenerator().train()
    before = _state(g)
    images, _ = generate_samples(g, 16, batch_size=8)
    assert images.shape == (16, 3, 8, 8) and _unchanged(g, before) and g.training


def test_evaluate_generator_leaves_mode_and_buffers_unchanged():
    from condgan.metrics import Evaluator

    ev = Evaluator(SPACE, widths=(8, 8, 8, 8), input_size=8, name="t")
    for mode in (True, False):
        g = Wrapper(BNGenerator().train(mode))
        g.g.train(not mode)
        before, ev_before = _state(g), _state(ev)
        evaluate_generator(g, n=8, evaluator=ev, batch_size=4)
        assert _unchanged(g, before) and _unchanged(ev, ev_before)
