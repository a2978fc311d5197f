"""Conditional contrastive objectives on image embeddings and condition proxies.

Both read, for one categorical attribute, the critic's image embeddings
``embed (B, d)``, each sample's *proxy* ``proxy (B, d)`` (the learned embedding of
its own class) and the class indices ``labels (B,)``. Similarities are cosine
similarities (the vectors are L2-normalised here). Sums over samples are
computed with ``logsumexp``, so large similarities over a small temperature do
not overflow.

* :func:`conditional_contrastive` is ContraGAN's 2C loss (Kang & Park, "ContraGAN:
  Contrastive Learning for Conditional Image Generation", NeurIPS 2020).
* :func:`d2d_ce` is ReACGAN's data-to-data cross-entropy (Kang et al., "Rebooting
  ACGAN: Auxiliary Classifier GANs with Stable Training", NeurIPS 2021).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from condgan.losses.functional.checks import as_float, check_number

__all__ = ["conditional_contrastive", "d2d_ce", "check_embeddings"]


def check_embeddings(embed: Tensor, proxy: Tensor, labels: Tensor) -> tuple[Tensor, Tensor]:
    """``embed`` and ``proxy`` as L2-normalised float ``(B, d)``; ``labels`` long ``(B,)``.

    Raises:
        TypeError: a wrong type or dtype.
        ValueError: shapes that disagree, or ``B < 1``.
    """
    for t, n in ((embed, "embed"), (proxy, "proxy")):
        if not isinstance(t, Tensor) or not t.is_floating_point():
            got = t.dtype if isinstance(t, Tensor) else type(t).__name__
            raise TypeError(f"{n} must be a float tensor (B, d), got {got}")
    if embed.dim() != 2 or embed.shape[0] < 1:
        raise ValueError(f"embed must have shape (B, d) with B >= 1, got {tuple(embed.shape)}")
    if proxy.shape != embed.shape:
        raise ValueError(
            f"proxy must have embed's shape {tuple(embed.shape)}, got {tuple(proxy.shape)}"
        )
    if not isinstance(labels, Tensor) or labels.dtype != torch.long:
        got = labels.dtype if isinstance(labels, Tensor) else type(labels).__name__
        raise TypeError(f"labels must be a torch.long tensor (B,), got {got}")
    if labels.shape != (embed.shape[0],):
        raise ValueError(f"labels must have shape ({embed.shape[0]},), got {tuple(labels.shape)}")
    return F.normalize(as_float(embed), dim=1), F.normalize(as_float(proxy), dim=1)


def _pairs(e: Tensor, labels: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """Cosine similarities ``(B, B)``, same-label mask and off-diagonal mask."""
    sim = e @ e.T
    same = labels[:, None] == labels[None, :]
    other = ~torch.eye(len(labels), dtype=torch.bool, device=e.device)
    return sim, same, other


def conditional_contrastive(
    embed: Tensor, proxy: Tensor, labels: Tensor, *, temperature: float = 1.0
) -> Tensor:
    r"""ContraGAN's conditional contrastive (2C) loss.

    With :math:`s_{ij} = \cos(e_i, e_j)` and :math:`p_i = \cos(e_i, v_{y_i})`:

    .. math::
        \ell_i = -\log \frac{e^{p_i/t} + \sum_{k \ne i,\, y_k = y_i} e^{s_{ik}/t}}
                           {e^{p_i/t} + \sum_{k \ne i} e^{s_{ik}/t}},\qquad
        L = \operatorname{mean}_i \ell_i

    It pulls an image towards its class proxy and towards the other images of
    its class, away from the rest of the batch.

    Args:
        embed: image embeddings ``(B, d)``.
        proxy: each sample's class proxy ``(B, d)``.
        labels: class indices ``long (B,)``.
        temperature: :math:`t > 0`.

    Returns:
        A float32 scalar (0 when every sample is alone with its proxy).
    """
    e, v = check_embeddings(embed, proxy, labels)
    t = check_number(temperature, "temperature")
    if t <= 0:
        raise ValueError(f"temperature must be > 0, got {t:g}")
    sim, same, other = _pairs(e, labels)
    pos = (e * v).sum(dim=1, keepdim=True) / t
    logits = sim / t
    neg_inf = torch.finfo(logits.dtype).min
    numerator = torch.cat([pos, logits.masked_fill(~(same & other), neg_inf)], dim=1)
    denominator = torch.cat([pos, logits.masked_fill(~other, neg_inf)], dim=1)
    return (denominator.logsumexp(dim=1) - numerator.logsumexp(dim=1)).mean()


def d2d_ce(
    embed: Tensor,
    proxy: Tensor,
    labels: Tensor,
    *,
    temperature: float = 0.5,
    margin_pos: float = 0.98,
    margin_neg: float = 0.02,
) -> Tensor:
    r"""ReACGAN's data-to-data cross-entropy (D2D-CE).

    With :math:`s_{ij} = \cos(e_i, e_j)`, :math:`p_i = \cos(e_i, v_{y_i})`,
    :math:`[x]_- = \min(x, 0)`, :math:`[x]_+ = \max(x, 0)` and :math:`N(i)` the
    samples of another class than :math:`i`:

    .. math::
        \ell_i = -\log \frac{e^{[p_i - m_p]_-/\tau}}
                           {e^{[p_i - m_p]_-/\tau} + \sum_{j \in N(i)} e^{[s_{ij} - m_n]_+/\tau}},
        \qquad L = \operatorname{mean}_i \ell_i

    The margins stop pulling an image towards its proxy once they are close
    (:math:`p_i \ge m_p`) and stop pushing it from other classes' images once
    they are far (:math:`s_{ij} \le m_n`); same-class images are never pushed
    apart (no false negatives). Defaults as ReACGAN's CIFAR-10 setting
    (:math:`\tau = 0.5`, :math:`m_p = 0.98`, :math:`m_n = 1 - m_p`).

    Args:
        embed: image embeddings ``(B, d)``.
        proxy: each sample's class proxy ``(B, d)``.
        labels: class indices ``long (B,)``.
        temperature: :math:`\tau > 0`.
        margin_pos: :math:`m_p`; margin_neg: :math:`m_n`.

    Returns:
        A float32 scalar.
    """
    e, v = check_embeddings(embed, proxy, labels)
    t = check_number(temperature, "temperature")
    if t <= 0:
        raise ValueError(f"temperature must be > 0, got {t:g}")
    m_p, m_n = check_number(margin_pos, "margin_pos"), check_number(margin_neg, "margin_neg")
    sim, same, _ = _pairs(e, labels)
    pos = ((e * v).sum(dim=1, keepdim=True) - m_p).clamp(max=0) / t
    neg = (sim - m_n).clamp(min=0) / t
    neg = neg.masked_fill(same, torch.finfo(neg.dtype).min)  # the diagonal is "same" too
    return (torch.cat([pos, neg], dim=1).logsumexp(dim=1) - pos.squeeze(1)).mean()
