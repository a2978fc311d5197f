"""HashedBagOfWords: closed form, determinism, word order through pairs, use in Text, errors."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from condgan.conditions import HashedBagOfWords, Text


def test_closed_form_sum_of_token_vectors():
    enc = HashedBagOfWords(32)
    tokens = enc.tokens("Blue hair, red eyes")
    assert tokens == ["blue", "hair", "red", "eyes", "blue hair", "hair red", "red eyes"]
    expected = F.normalize(sum(enc.token_vector(t) for t in tokens), dim=0)
    out = enc(["Blue hair, red eyes"])
    assert out.shape == (1, 32)
    torch.testing.assert_close(out[0], expected)
    assert float(enc.token_vector("blue").norm()) == pytest.approx(1.0)


def test_deterministic_across_instances_and_seeded():
    a = HashedBagOfWords(16, seed=3)(["blue hair red eyes"])
    b = HashedBagOfWords(16, seed=3)(["blue hair red eyes"])
    c = HashedBagOfWords(16, seed=4)(["blue hair red eyes"])
    torch.testing.assert_close(a, b)
    assert not torch.allclose(a, c)


def test_word_pairs_make_order_matter():
    texts = ["blue hair red eyes", "red hair blue eyes"]
    pairs = HashedBagOfWords(64, ngrams=2)(texts)
    words = HashedBagOfWords(64, ngrams=1)(texts)
    torch.testing.assert_close(words[0], words[1])  # same bag of words
    assert float(pairs[0] @ pairs[1]) < 0.99


def test_unit_rows_and_empty_text_is_zero():
    out = HashedBagOfWords(8)(["a b c", "!!", ""])
    assert float(out[0].norm()) == pytest.approx(1.0)
    assert torch.equal(out[1], torch.zeros(8)) and torch.equal(out[2], torch.zeros(8))


def test_as_text_space_embedder_tells_phrases_apart():
    hair, eyes = ["blue", "red", "green"], ["blue", "red"]
    phrases = [f"{h} hair {e} eyes" for h in hair for e in eyes]
    enc = HashedBagOfWords(64)
    space = Text(64, phrases=phrases, embedder=enc)
    assert space.describe(space.combinations()) == phrases
    new = space.encode(["green hair green eyes"])  # outside the vocabulary: embedded
    torch.testing.assert_close(new, enc(["green hair green eyes"]))


@pytest.mark.parametrize(
    ("kwargs", "err"),
    [({"dim": 0}, ValueError), ({"dim": 2.0}, TypeError), ({"seed": -1}, ValueError),
     ({"ngrams": 3}, ValueError)],
)  # fmt: skip
def test_bad_arguments(kwargs, err):
    with pytest.raises(err, match=next(iter(kwargs))):
        HashedBagOfWords(**{"dim": 8, **kwargs})


def test_bad_texts():
    enc = HashedBagOfWords(8)
    with pytest.raises(TypeError, match="list of strings"):
        enc("blue hair")
    with pytest.raises(ValueError, match="empty"):
        enc([])
