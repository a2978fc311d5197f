"""Bad input to condition spaces: each raises a clear, named error."""

from __future__ import annotations

import pytest
import torch

from condgan.conditions import Categorical, MultiCategorical, MultiLabel, Text, space_from_dict


def test_categorical_wrong_dtype():
    with pytest.raises(TypeError, match=r"y must have dtype torch.long"):
        Categorical(3).validate(torch.zeros(4))


def test_categorical_out_of_range():
    with pytest.raises(ValueError, match=r"class indices in \[0, 3\), got values in \[0, 5\]"):
        Categorical(3).validate(torch.tensor([0, 5]))


def test_categorical_wrong_shape():
    with pytest.raises(ValueError, match=r"shape \(B,\), got \(2, 2\)"):
        Categorical(3).validate(torch.zeros(2, 2, dtype=torch.long))


def test_not_a_tensor():
    with pytest.raises(TypeError, match="y must be a torch.Tensor, got list"):
        Categorical(3).validate([0, 1])


def test_categorical_unknown_name():
    with pytest.raises(
        ValueError, match=r"unknown class name 'pink'; valid names: \['red', 'blue'\]"
    ):
        Categorical(2, names=["red", "blue"]).parse("pink")


def test_categorical_names_length():
    with pytest.raises(ValueError, match="names must have n=3 entries, got 2"):
        Categorical(3, names=["a", "b"])


def test_categorical_bad_n():
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        Categorical(0)
    with pytest.raises(TypeError, match="n must be an int"):
        Categorical(2.5)


def test_duplicate_names():
    with pytest.raises(ValueError, match=r"names must be unique, got duplicates \['a'\]"):
        Categorical(3, names=["a", "a", "b"])


def test_multicategorical_column_out_of_range(adl_space):
    y = torch.tensor([[0, 0, 0, 0], [0, 4, 0, 0]])
    with pytest.raises(
        ValueError, match=r"y\[:, 1\] \(attribute 'eye'\) must hold indices in \[0, 4\)"
    ):
        adl_space.validate(y)


def test_multicategorical_wrong_width(adl_space):
    with pytest.raises(
        ValueError,
        match=r"shape \(B, 4\) for attributes \['hair', 'eye', 'face', 'glasses'\], got \(2, 3\)",
    ):
        adl_space.validate(torch.zeros(2, 3, dtype=torch.long))


def test_multicategorical_unknown_phrase_lists_valid(adl_space):
    with pytest.raises(ValueError, match=r"cannot read 'pink' .* expected phrases .*'blonde hair'"):
        adl_space.parse("pink hair green eye Asian face with glasses")


def test_multicategorical_missing_attribute(adl_space):
    with pytest.raises(ValueError, match=r"does not give attribute\(s\) \['face', 'glasses'\]"):
        adl_space.parse("blue hair green eye")


def test_multicategorical_attribute_twice(adl_space):
    with pytest.raises(ValueError, match="attribute 'hair' is given twice"):
        adl_space.parse("blue hair white hair green eye Asian face with glasses")


def test_multicategorical_unknown_value_in_dict(adl_space):
    with pytest.raises(
        ValueError, match=r"unknown value 'pink' for attribute 'hair'; valid values: \['blonde'"
    ):
        adl_space.parse({"hair": "pink", "eye": "blue", "face": "Asian", "glasses": "with"})


def test_multicategorical_unknown_attribute_in_dict(adl_space):
    with pytest.raises(ValueError, match=r"unknown attribute\(s\) \['hat'\]"):
        adl_space.parse({"hat": "red", "hair": "blue"})


def test_multicategorical_empty():
    with pytest.raises(ValueError, match="at least one attribute"):
        MultiCategorical({})


def test_multilabel_not_multi_hot(iclevr_space):
    y = torch.zeros(2, 24)
    y[0, 0] = 0.5
    with pytest.raises(ValueError, match="must hold only 0 and 1"):
        iclevr_space.validate(y)


def test_multilabel_too_many_labels(iclevr_space):
    y = torch.zeros(1, 24)
    y[0, :4] = 1
    with pytest.raises(ValueError, match="between 1 and 3 labels per row, got rows with 4 to 4"):
        iclevr_space.validate(y)


def test_multilabel_wrong_dtype(iclevr_space):
    with pytest.raises(TypeError, match="float multi-hot tensor, got dtype torch.int64"):
        iclevr_space.validate(torch.zeros(1, 24, dtype=torch.long))


def test_multilabel_unknown_label_lists_valid(iclevr_space):
    with pytest.raises(ValueError, match=r"unknown label 'pink cube'; valid labels: \['gray cube'"):
        iclevr_space.parse(["pink cube"])


def test_multilabel_duplicate_label(iclevr_space):
    with pytest.raises(ValueError, match="label 'red cube' is given twice"):
        iclevr_space.parse(["red cube", "red cube"])


def test_multilabel_bad_bounds():
    with pytest.raises(ValueError, match="min_labels <= max_labels"):
        MultiLabel(["a", "b"], min_labels=2, max_labels=1)


def test_text_wrong_width():
    with pytest.raises(ValueError, match=r"y must have shape \(B, 8\), got \(3, 4\)"):
        Text(8).validate(torch.zeros(3, 4))


def test_text_nan():
    with pytest.raises(ValueError, match="must be finite"):
        Text(2).validate(torch.tensor([[float("nan"), 0.0]]))


def test_text_unknown_phrase_without_embedder():
    space = Text(2, phrases=["a b"], embeddings=torch.zeros(1, 2))
    with pytest.raises(ValueError, match="unknown text 'c d'.*no embedder"):
        space.parse("c d")


def test_text_table_shape():
    with pytest.raises(ValueError, match=r"embeddings must have shape \(2, 3\), got \(2, 4\)"):
        Text(3, phrases=["a", "b"], embeddings=torch.zeros(2, 4))


def test_text_is_not_finite():
    with pytest.raises(ValueError, match="not finite"):
        Text(3).combinations()


def test_from_dict_unknown_type():
    with pytest.raises(ValueError, match=r"data\['type'\] must be one of .* got 'nope'"):
        space_from_dict({"type": "nope"})


def test_encode_needs_a_list(adl_space):
    with pytest.raises(TypeError, match="conditions must be a sequence"):
        adl_space.encode("blue hair green eye Asian face with glasses")
    with pytest.raises(ValueError, match="at least one condition"):
        adl_space.encode([])


def test_sample_bad_n(adl_space):
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        adl_space.sample(0)
