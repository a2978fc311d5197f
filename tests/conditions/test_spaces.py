"""Condition spaces: validation, sampling, names, enumeration, serialisation."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from condgan.conditions import (
    Categorical,
    MultiCategorical,
    MultiLabel,
    Text,
    registered_spaces,
    space_from_dict,
)

from testing_support import ADL, ICLEVR, all_spaces

SPACES = all_spaces()
IDS = [type(s).__name__ for s in SPACES]


@pytest.mark.parametrize("space", SPACES, ids=IDS)
def test_sample_is_valid_and_seeded(space):
    a = space.sample(17, generator=torch.Generator().manual_seed(3))
    b = space.sample(17, generator=torch.Generator().manual_seed(3))
    assert torch.equal(a, b)
    assert space.validate(a) is a
    assert space.to_vector(a).shape == (17, space.vector_dim)


@pytest.mark.parametrize("space", SPACES, ids=IDS)
def test_dict_round_trip(space):
    again = space_from_dict(space.to_dict())
    assert again == space
    assert type(again) is type(space)
    # the built-in spaces; user-defined ones (test_user_space.py) register beside them
    builtin = [n for n in registered_spaces() if not n.startswith("example_")]
    assert builtin == ["categorical", "multi_categorical", "multi_label", "text"]


@pytest.mark.parametrize("space", SPACES, ids=IDS)
def test_describe_encode_round_trip(space):
    y = space.combinations()
    again = space.encode(space.describe(y))
    assert torch.equal(again, y)


def test_categorical_basics():
    space = Categorical(3, names=["red", "green", "blue"])
    assert space.encode(["blue", "red"]).tolist() == [2, 0]
    assert space.describe(torch.tensor([1])) == ["green"]
    assert space.combinations().tolist() == [0, 1, 2]
    assert space.to_vector(torch.tensor([2])).tolist() == [[0.0, 0.0, 1.0]]
    assert Categorical(4).names == ["0", "1", "2", "3"]


def test_multicategorical_phrases(adl_space):
    y = adl_space.parse("blue hair green eye Asian face with glasses")
    assert y.tolist() == [4, 2, 1, 0]
    # plural attribute, other order, commas and "and" are accepted
    assert adl_space.parse("with glasses, green eyes and blue hair, Asian face").tolist() == [
        4,
        2,
        1,
        0,
    ]
    assert adl_space.parse(
        {"hair": "blue", "eye": "green", "face": "Asian", "glasses": "with"}
    ).tolist() == [4, 2, 1, 0]
    assert adl_space.parse(["blue", 2, "Asian", "with"]).tolist() == [4, 2, 1, 0]
    assert adl_space.describe(y[None]) == ["blue hair green eye Asian face with glasses"]
    assert adl_space.as_dicts(y[None]) == [
        {"hair": "blue", "eye": "green", "face": "Asian", "glasses": "with"}
    ]


def test_multicategorical_vector_and_groups(adl_space):
    y = torch.tensor([[4, 2, 1, 0]])
    v = adl_space.to_vector(y)
    assert v.shape == (1, 15)
    assert v.nonzero()[:, 1].tolist() == [4, 6 + 2, 10 + 1, 13 + 0]
    assert adl_space.groups == [(0, 6), (6, 4), (10, 3), (13, 2)]


def test_multicategorical_combinations_order(adl_space):
    combos = adl_space.combinations()
    assert combos.shape == (144, 4)
    assert adl_space.num_combinations == 144
    # the last attribute (glasses) changes fastest, then face, eye, hair
    assert combos[:3].tolist() == [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]
    assert len({tuple(r) for r in combos.tolist()}) == 144


def test_multilabel_parse_and_sample(iclevr_space):
    y = iclevr_space.parse(["red cube", "gray sphere"])
    assert y.nonzero().flatten().tolist() == [1, 8]
    assert iclevr_space.parse("red cube, gray sphere").tolist() == y.tolist()
    assert iclevr_space.labels(y[None]) == [["red cube", "gray sphere"]]
    s = iclevr_space.sample(500, generator=torch.Generator().manual_seed(0))
    counts = s.sum(1)
    assert set(counts.long().tolist()) == {1, 2, 3}
    k2 = iclevr_space.sample(50, num_labels=2)
    assert bool((k2.sum(1) == 2).all())
    # every label gets drawn
    assert bool((s.sum(0) > 0).all())


def test_multilabel_combinations(iclevr_space):
    combos = iclevr_space.combinations()
    assert combos.shape == (24 + 276 + 2024, 24) == (iclevr_space.num_combinations, 24)
    assert len({tuple(r) for r in combos.tolist()}) == len(combos)


def test_text_vocabulary_and_nearest():
    table = torch.eye(4)
    space = Text(4, phrases=["a", "b", "c", "d"], embeddings=table)
    assert torch.equal(space.parse("c"), table[2])
    noisy = table[[3, 1]] + 0.1
    assert space.describe(noisy) == ["d", "b"]
    draws = space.sample(40, generator=torch.Generator().manual_seed(0))
    assert all(any(torch.equal(r, t) for t in table) for r in draws)


def test_text_without_vocabulary_samples_unit_vectors():
    space = Text(16)
    y = space.sample(10)
    assert torch.allclose(y.norm(dim=1), torch.ones(10))
    assert space.num_combinations is None
    assert space.describe(y) == ["<text embedding>"] * 10


def test_text_with_embedder():
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return torch.stack([torch.full((3,), float(len(t))) for t in texts])

    space = Text(3, phrases=["ab", "abcd"], embedder=embed)
    assert calls == [["ab", "abcd"]]
    assert space.encode(["abc"]).tolist() == [[3.0, 3.0, 3.0]]
    assert space.encode(["ab"]).tolist() == [[2.0, 2.0, 2.0]]


def test_as_tensor_accepts_names_and_tensors(adl_space):
    y = adl_space.as_tensor(["blue hair green eye Asian face with glasses"])
    assert y.shape == (1, 4)
    assert adl_space.as_tensor(y) is y


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=5),
    batch=st.integers(1, 33),
    seed=st.integers(0, 2**16),
)
def test_multicategorical_arbitrary_sizes(sizes, batch, seed):
    space = MultiCategorical({f"a{i}": [f"v{j}" for j in range(s)] for i, s in enumerate(sizes)})
    y = space.sample(batch, generator=torch.Generator().manual_seed(seed))
    space.validate(y)
    v = space.to_vector(y)
    assert v.shape == (batch, sum(sizes))
    assert torch.equal(v.sum(1), torch.full((batch,), float(len(sizes))))
    assert torch.equal(space.encode(space.describe(y)), y)
    assert len(space.combinations()) == space.num_combinations


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 12),
    data=st.data(),
    batch=st.integers(1, 20),
)
def test_multilabel_arbitrary_sizes(n, data, batch):
    lo = data.draw(st.integers(0, n))
    hi = data.draw(st.integers(max(lo, 1), n))
    space = MultiLabel([f"l{i}" for i in range(n)], min_labels=lo, max_labels=hi)
    y = space.sample(batch)
    space.validate(y)
    counts = y.sum(1)
    assert bool(((counts >= max(lo, 1)) & (counts <= hi)).all())
    assert torch.equal(space.encode([space.labels(r[None])[0] for r in y]), y)


def test_adl_names_are_the_course_vocabulary():
    assert sum(len(v) for v in ADL.values()) == 15
    assert len(ICLEVR) == 24 and ICLEVR[0] == "gray cube" and ICLEVR[23] == "yellow cylinder"
