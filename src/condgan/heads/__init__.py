"""Critic heads and the :class:`Critic` that joins a backbone with them.

Each head reads the backbone's features ``h (B, F)`` and, where needed, ``y``:

================================  =======================================  ======================
head                              how it uses ``y``                        output
================================  =======================================  ======================
:class:`AdversarialHead`          not at all                               ``(B,)``
:class:`ConcatAdversarialHead`    ``[h, encoder(y)]`` into a linear/MLP    ``(B,)``
:class:`SpatialConcatHead`        ``encoder(y)`` joins the feature map     ``(B,)``
:class:`ProjectionHead`           ``w.h + b + <V vector(y), h>``           ``(B,)``
:class:`MultiClassHead`           predicts it (one softmax per attribute)  list of ``(B, n_a)``
:class:`MultiLabelHead`           predicts it (one sigmoid per label)      ``(B, n)``
:class:`InfoHead`                 not at all (predicts InfoGAN codes)      :class:`InfoOutput`
:class:`ContrastiveHead`          looks up its class proxies (D2D-CE, 2C)  ``[embed, proxies]``
:class:`DiscriminativeClassHead`  predicts it, real or fake (ADCGAN)       list of ``(B, 2 n_a)``
================================  =======================================  ======================

Matching-aware use (R4) needs no head of its own: the critic, with a
conditional adversarial head (concat or projection), is scored on real images
with a *mismatched* ``y`` (drawn by the condition space) as a third kind of
pair. See the "Networks and heads" guide for how each head uses the condition.
"""

from condgan.heads.adversarial import AdversarialHead
from condgan.heads.auxiliary import (
    DiscriminativeClassHead,
    MultiClassHead,
    MultiLabelHead,
    auxiliary_head,
)
from condgan.heads.concat import ConcatAdversarialHead
from condgan.heads.contrastive import ContrastiveHead
from condgan.heads.critic import Critic, has_spectral_norm
from condgan.heads.features import check_features
from condgan.heads.info import InfoHead
from condgan.heads.projection import ProjectionHead
from condgan.heads.spatial_concat import SpatialConcatHead

__all__ = [
    "AdversarialHead",
    "ConcatAdversarialHead",
    "ContrastiveHead",
    "Critic",
    "DiscriminativeClassHead",
    "InfoHead",
    "MultiClassHead",
    "MultiLabelHead",
    "ProjectionHead",
    "SpatialConcatHead",
    "auxiliary_head",
    "check_features",
    "has_spectral_norm",
]
