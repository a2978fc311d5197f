"""Text-conditioned generators are judged through the labels their phrases name."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.conditions import HashedBagOfWords, Text
from condgan.data import anime_space
from condgan.metrics import evaluate_generator
from condgan.metrics.label_view import LabelView, label_view


class TextGenerator(nn.Module):
    def __init__(self, space) -> None:
        super().__init__()
        self.space = space
        self.scale = nn.Parameter(torch.ones(()))
        self.seen: list[torch.Tensor] = []

    def sample(self, cond, z=None, generator=None):
        self.seen.append(cond)
        return torch.rand(len(cond), 3, 16, 16, generator=generator) * 2 - 1


def _text(phrases):
    return Text(8, phrases=phrases, embedder=HashedBagOfWords(8))


def test_a_text_space_of_anime_phrases_is_judged_by_the_anime_evaluator():
    labels = anime_space(2018)
    g = TextGenerator(_text(labels.describe(labels.combinations())))
    view, ev = label_view(g)
    assert isinstance(view, LabelView) and ev.name == "anime" and view.space == ev.space
    y = labels.encode(["blue hair red eyes"])
    assert view.sample(y).shape == (1, 3, 16, 16)
    assert torch.equal(g.seen[-1], g.space.encode(["blue hair red eyes"]))
    out = evaluate_generator(g, n=8)
    assert out["evaluator"] == "anime" and "per_attribute" in out["accuracy"]


def test_text_without_labels_gets_a_short_error_naming_the_fix():
    g = TextGenerator(_text(["a cat on a mat", "a dog"]))
    with pytest.raises(ValueError, match="train-evaluator") as err:
        label_view(g)
    assert len(str(err.value)) < 400
    with pytest.raises(ValueError, match="phrase vocabulary"):
        label_view(TextGenerator(Text(8, embedder=HashedBagOfWords(8))))
