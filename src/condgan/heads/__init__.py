"""Critic heads and the :class:`Critic` that joins a backbone with them.

See the "Networks and heads" guide for how each head uses the condition.
"""

from condgan.heads.critic import Critic
from condgan.heads.heads import (
    AdversarialHead,
    ConcatAdversarialHead,
    InfoHead,
    MultiClassHead,
    MultiLabelHead,
    ProjectionHead,
    SpatialConcatHead,
    auxiliary_head,
)

__all__ = [
    "AdversarialHead",
    "ConcatAdversarialHead",
    "Critic",
    "InfoHead",
    "MultiClassHead",
    "MultiLabelHead",
    "ProjectionHead",
    "SpatialConcatHead",
    "auxiliary_head",
]
