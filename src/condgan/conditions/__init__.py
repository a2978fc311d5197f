"""Condition spaces (what a label is), encoders (label -> vector) and fusion (vector -> network).

See the "Conditions" guide in the docs for a tour.
"""

from condgan.conditions.categorical import Categorical
from condgan.conditions.fusion import (
    ConditionalBatchNorm2d,
    HiddenConcat,
    InputConcat,
    hidden_concat,
)
from condgan.conditions.group_embedding import FixedEmbedding, LearnedEmbedding
from condgan.conditions.hashed_text import HashedBagOfWords
from condgan.conditions.multi_categorical import MultiCategorical
from condgan.conditions.multi_label import MultiLabel
from condgan.conditions.one_hot import OneHot
from condgan.conditions.projection import Projection
from condgan.conditions.sentence_encoder import MissingExtraError, SentenceEncoder
from condgan.conditions.space import ConditionSpace, registered_spaces, space_from_dict
from condgan.conditions.text import Text

__all__ = [
    "Categorical",
    "ConditionSpace",
    "ConditionalBatchNorm2d",
    "FixedEmbedding",
    "HashedBagOfWords",
    "HiddenConcat",
    "InputConcat",
    "LearnedEmbedding",
    "MissingExtraError",
    "MultiCategorical",
    "MultiLabel",
    "OneHot",
    "Projection",
    "SentenceEncoder",
    "Text",
    "hidden_concat",
    "registered_spaces",
    "space_from_dict",
]
