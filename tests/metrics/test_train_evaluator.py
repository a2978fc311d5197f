"""fit_classifier: the loop every evaluator is trained with."""

from __future__ import annotations

import torch

from condgan.conditions import Categorical
from condgan.metrics.evaluator import Evaluator
from condgan.metrics.train_evaluator import fit_classifier


def _fit(seed: int, epochs: int = 2):
    space = Categorical(2)
    torch.manual_seed(0)
    model = Evaluator(space, widths=(4, 4, 4, 4), input_size=8)
    y = torch.arange(24) % 2
    x = torch.where(y[:, None, None, None].bool(), 0.8, -0.8) * torch.ones(24, 3, 8, 8)
    seen: list[tuple[int, float]] = []
    fit_classifier(model, space, x, y, epochs=epochs, batch_size=8,
                   generator=torch.Generator().manual_seed(seed),
                   on_epoch=lambda e, loss: seen.append((e, loss)))  # fmt: skip
    return model, seen


def test_it_reports_each_epoch_and_leaves_the_model_in_eval_mode():
    model, seen = _fit(0, epochs=3)
    assert [e for e, _ in seen] == [0, 1, 2]
    assert all(loss > 0 and loss == loss for _, loss in seen)
    assert not model.training


def test_the_generator_decides_every_draw():
    a, _ = _fit(0)
    b, _ = _fit(0)
    c, _ = _fit(1)
    pairs = list(zip(a.state_dict().values(), b.state_dict().values(), strict=True))
    assert all(torch.equal(p, q) for p, q in pairs)
    assert not all(torch.equal(p, q) for p, q in
                   zip(a.state_dict().values(), c.state_dict().values(), strict=True))  # fmt: skip
