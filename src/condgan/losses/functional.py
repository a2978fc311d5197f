"""Pure loss functions on raw critic outputs.

Every function here is stateless: it takes tensors (and, for penalties, a
callable critic) and returns a scalar tensor. None of them calls ``backward``
or steps an optimiser. Shapes use ``B`` for the batch size.

Adversarial losses read the critic's per-sample scores ``(B,)`` (logits for the
non-saturating loss, raw critic values otherwise) and return *means over the
batch*; a critic loss is the sum of its real half and its fake half.

Penalties take a callable ``f: x -> (B,)`` (it may close over the conditions
``y``; a :class:`~condgan.types.CriticOutput` is read through its ``adv``),
compute per-sample input-gradient norms with ``create_graph=True`` so the
caller's single ``backward`` differentiates through them, and run the critic
with autocast disabled on float32 inputs, which keeps them exact under mixed
precision.

All losses compute in float32 (float64 inputs stay float64).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F
from einops import rearrange
from torch import Tensor

from condgan.conditions.categorical import Categorical
from condgan.conditions.multi_categorical import MultiCategorical
from condgan.conditions.multi_label import MultiLabel
from condgan.conditions.space import ConditionSpace
from condgan.conditions.text import Text
from condgan.types import CriticOutput

__all__ = [
    "smooth_targets",
    "nonsaturating_d",
    "nonsaturating_d_fake",
    "nonsaturating_g",
    "lsgan_d",
    "lsgan_d_fake",
    "lsgan_g",
    "wasserstein_d",
    "wasserstein_d_fake",
    "wasserstein_g",
    "hinge_d",
    "hinge_d_fake",
    "hinge_g",
    "gradient_penalty",
    "wgan_gp",
    "dragan",
    "r1",
    "attribute_cross_entropies",
    "attribute_cross_entropy",
    "multilabel_bce",
    "continuous_mse",
    "gaussian_nll",
    "info_categorical",
    "info_continuous",
    "matching_aware",
    "mismatched_conditions",
]

Target = float | Tensor
Critic = Callable[[Tensor], "Tensor | CriticOutput"]


# ------------------------------------------------------------------ checks --
def _as_float(t: Tensor) -> Tensor:
    """float32 unless already float64 (so gradcheck in float64 stays exact)."""
    return t if t.dtype == torch.float64 else t.float()


def _dtype_of(t: object) -> object:
    return t.dtype if isinstance(t, Tensor) else type(t).__name__


def _scores(t: Tensor, name: str) -> Tensor:
    if not isinstance(t, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of shape (B,), got {type(t).__name__}")
    if not t.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {t.dtype}")
    if t.dim() != 1:
        raise ValueError(
            f"{name} must have shape (B,) (one score per sample), got {tuple(t.shape)}"
        )
    if t.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one sample, got an empty batch")
    return _as_float(t)


def _pair(real: Tensor, fake: Tensor, real_name: str, fake_name: str) -> tuple[Tensor, Tensor]:
    real, fake = _scores(real, real_name), _scores(fake, fake_name)
    if real.shape != fake.shape:
        raise ValueError(
            f"{real_name} and {fake_name} must have the same shape (B,), got "
            f"{real_name} {tuple(real.shape)} and {fake_name} {tuple(fake.shape)}"
        )
    return real, fake


def _number(value: object, name: str, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {value:g}")
    return value


def _target(target: Target, logits: Tensor, name: str) -> Tensor | float:
    """A float, or a tensor of per-sample targets ``(B,)`` matching ``logits``."""
    if isinstance(target, Tensor):
        if not target.is_floating_point():
            raise TypeError(f"{name} must be a float or a float tensor (B,), got {target.dtype}")
        if target.shape != logits.shape:
            raise ValueError(
                f"{name} must be a float or a tensor of shape {tuple(logits.shape)} (one "
                f"target per sample), got shape {tuple(target.shape)}"
            )
        return target.to(device=logits.device, dtype=logits.dtype)
    return _number(target, name)


# ----------------------------------------------------------- randomness --
def _rand(
    shape: tuple[int, ...], generator: torch.Generator | None, device: torch.device
) -> Tensor:
    """U[0, 1) drawn on ``generator``'s device (or ``device``) and moved to ``device``."""
    where = generator.device if generator is not None else device
    return torch.rand(shape, generator=generator, device=where).to(device)


def _cpu_generator(generator: torch.Generator | None) -> torch.Generator | None:
    """A CPU generator: ``generator`` itself, or one seeded from a draw of a device generator."""
    if generator is None or generator.device.type == "cpu":
        return generator
    seed = int(torch.randint(0, 2**62, (1,), generator=generator, device=generator.device))
    return torch.Generator().manual_seed(seed)


def smooth_targets(
    n: int,
    low: float,
    high: float,
    *,
    generator: torch.Generator | None = None,
    device: torch.device | str | None = None,
) -> Tensor:
    """Random label-smoothing targets ``U(low, high)``, shape ``(n,)`` (float32).

    R1 draws "valid" targets from ``U(0.7, 1.3)`` and "fake" ones from
    ``U(0, 0.3)``; pass the result as ``real_target`` / ``fake_target`` of
    :func:`nonsaturating_d`.

    Raises:
        ValueError: ``n < 1``, non-finite bounds, or ``low > high``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    low, high = _number(low, "low"), _number(high, "high")
    if low > high:
        raise ValueError(f"low must be <= high, got low={low:g} > high={high:g}")
    u = _rand((n,), generator, torch.device(device) if device is not None else torch.device("cpu"))
    return (low + (high - low) * u).clamp_(low, high)


# ------------------------------------------------------------ adversarial --
def nonsaturating_d_fake(fake_logits: Tensor, *, target: Target = 0.0) -> Tensor:
    """The fake half of :func:`nonsaturating_d`: ``mean BCE(fake_logits, target)``."""
    return _bce(_scores(fake_logits, "fake_logits"), target, "target")


def _bce(logits: Tensor, target: Target, name: str) -> Tensor:
    t = _target(target, logits, name)
    t = torch.full_like(logits, t) if isinstance(t, float) else t
    return F.binary_cross_entropy_with_logits(logits, t)


def nonsaturating_d(
    real_logits: Tensor,
    fake_logits: Tensor,
    *,
    real_target: Target = 1.0,
    fake_target: Target = 0.0,
) -> Tensor:
    r"""Critic loss of the standard (BCE) GAN, with optional label smoothing.

    .. math::
        \ell(s, t) = -t\log\sigma(s) - (1-t)\log(1-\sigma(s)),\qquad
        L_D = \operatorname{mean}_i \ell(r_i, t^r_i) + \operatorname{mean}_i \ell(f_i, t^f_i)

    Args:
        real_logits: critic logits on real samples, ``(B,)``.
        fake_logits: critic logits on generated samples, ``(B,)``.
        real_target: target for real samples: a float (1.0; 0.9 for one-sided
            smoothing) or a tensor ``(B,)`` (random smoothing, see :func:`smooth_targets`).
        fake_target: target for fake samples, likewise (0.0 by default).

    Returns:
        A scalar.
    """
    real, fake = _pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return _bce(real, real_target, "real_target") + _bce(fake, fake_target, "fake_target")


def nonsaturating_g(fake_logits: Tensor, *, minimax: bool = False) -> Tensor:
    r"""Generator loss of the standard GAN.

    Non-saturating (default): :math:`L_G = -\operatorname{mean}\log\sigma(f) =
    \operatorname{mean}\operatorname{softplus}(-f)`. Minimax (Goodfellow's
    original): :math:`L_G = \operatorname{mean}\log(1-\sigma(f)) =
    -\operatorname{mean}\operatorname{softplus}(f)`.

    Args:
        fake_logits: critic logits on generated samples, ``(B,)``.
        minimax: use the saturating minimax form.
    """
    fake = _scores(fake_logits, "fake_logits")
    return -F.softplus(fake).mean() if minimax else F.softplus(-fake).mean()


def lsgan_d_fake(fake_logits: Tensor, *, a: float = 0.0, scale: float = 0.5) -> Tensor:
    """The fake half of :func:`lsgan_d`: ``scale * mean (f - a)^2``."""
    fake = _scores(fake_logits, "fake_logits")
    a, scale = _number(a, "a"), _number(scale, "scale", minimum=0.0)
    return scale * (fake - a).pow(2).mean()


def lsgan_d(
    real_logits: Tensor,
    fake_logits: Tensor,
    *,
    a: float = 0.0,
    b: float = 1.0,
    scale: float = 0.5,
) -> Tensor:
    r"""Least-squares critic loss (Mao et al.):

    .. math:: L_D = s\,\operatorname{mean}(r - b)^2 + s\,\operatorname{mean}(f - a)^2

    Args:
        real_logits: critic outputs on real samples, ``(B,)``.
        fake_logits: critic outputs on generated samples, ``(B,)``.
        a: target for fake samples; b: target for real samples.
        scale: the factor :math:`s` (R4's 0.5; 1.0 gives plain MSE as R3).
    """
    real, fake = _pair(real_logits, fake_logits, "real_logits", "fake_logits")
    b = _number(b, "b")
    scale = _number(scale, "scale", minimum=0.0)
    return scale * (real - b).pow(2).mean() + lsgan_d_fake(fake, a=a, scale=scale)


def lsgan_g(fake_logits: Tensor, *, c: float = 1.0, scale: float = 0.5) -> Tensor:
    r"""Least-squares generator loss: :math:`L_G = s\,\operatorname{mean}(f - c)^2`."""
    fake = _scores(fake_logits, "fake_logits")
    c, scale = _number(c, "c"), _number(scale, "scale", minimum=0.0)
    return scale * (fake - c).pow(2).mean()


def wasserstein_d_fake(fake_logits: Tensor) -> Tensor:
    """The fake half of :func:`wasserstein_d`: ``mean f``."""
    return _scores(fake_logits, "fake_logits").mean()


def wasserstein_d(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    r"""Wasserstein critic loss: :math:`L_D = \operatorname{mean} f - \operatorname{mean} r`.

    Args:
        real_logits: critic values on real samples, ``(B,)``.
        fake_logits: critic values on generated samples, ``(B,)``.
    """
    real, fake = _pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return fake.mean() - real.mean()


def wasserstein_g(fake_logits: Tensor) -> Tensor:
    r"""Wasserstein generator loss: :math:`L_G = -\operatorname{mean} f`."""
    return -_scores(fake_logits, "fake_logits").mean()


def hinge_d_fake(fake_logits: Tensor) -> Tensor:
    """The fake half of :func:`hinge_d`: ``mean relu(1 + f)``."""
    return F.relu(1.0 + _scores(fake_logits, "fake_logits")).mean()


def hinge_d(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    r"""Hinge critic loss:
    :math:`L_D = \operatorname{mean}\max(0, 1 - r) + \operatorname{mean}\max(0, 1 + f)`.

    Args:
        real_logits: critic values on real samples, ``(B,)``.
        fake_logits: critic values on generated samples, ``(B,)``.
    """
    real, fake = _pair(real_logits, fake_logits, "real_logits", "fake_logits")
    return F.relu(1.0 - real).mean() + hinge_d_fake(fake)


def hinge_g(fake_logits: Tensor) -> Tensor:
    r"""Hinge generator loss: :math:`L_G = -\operatorname{mean} f`."""
    return -_scores(fake_logits, "fake_logits").mean()


# --------------------------------------------------------------- penalties --
def _images(x: Tensor, name: str) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor (B, ...), got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    if x.dim() < 2 or x.shape[0] == 0:
        raise ValueError(f"{name} must have shape (B, ...) with B >= 1, got {tuple(x.shape)}")
    return x


def _grad_norms_sq(f: Critic, x: Tensor, *, squared: bool) -> Tensor:
    """Per-sample ``||d f(x)_i / d x_i||`` (or its square), ``(B,)``, with ``create_graph``."""
    x = _images(x, "x")
    dtype = torch.float64 if x.dtype == torch.float64 else torch.float32
    x = x.detach().to(dtype).requires_grad_(True)
    with torch.autocast(device_type=x.device.type, enabled=False), torch.enable_grad():
        out = f(x)
        if isinstance(out, CriticOutput):
            out = out.adv
        if not isinstance(out, Tensor) or out.shape != (x.shape[0],):
            got = tuple(out.shape) if isinstance(out, Tensor) else type(out).__name__
            raise ValueError(
                f"the critic f must map x {tuple(x.shape)} to scores of shape ({x.shape[0]},), "
                f"got {got}"
            )
        (g,) = torch.autograd.grad(_as_float(out).sum(), x, create_graph=True)
    g = rearrange(g, "b ... -> b (...)")
    return g.pow(2).sum(dim=1) if squared else g.norm(dim=1)


def gradient_penalty(f: Critic, x: Tensor, *, center: float = 1.0) -> Tensor:
    r"""Mean over samples of :math:`(\lVert\nabla_x f(x_i)\rVert_2 - c)^2`.

    The norm is taken per sample over all non-batch dimensions. With
    ``center=0`` the squared norm is used directly (no square root, so the
    penalty is smooth at a zero gradient).

    Args:
        f: the critic, ``x (B, ...) -> (B,)`` (may close over the conditions).
        x: the points where the gradient is taken, ``(B, ...)``; detached here.
        center: the target norm :math:`c`.

    Returns:
        A float32 scalar (float64 for float64 inputs) that carries a graph to
        the critic's parameters.
    """
    center = _number(center, "center", minimum=0.0)
    if center == 0.0:
        return _grad_norms_sq(f, x, squared=True).mean()
    return (_grad_norms_sq(f, x, squared=False) - center).pow(2).mean()


def _per_sample(u: Tensor, x: Tensor) -> Tensor:
    return u.reshape(x.shape[0], *([1] * (x.dim() - 1))).to(x.dtype)


def wgan_gp(
    f: Critic,
    real: Tensor,
    fake: Tensor,
    *,
    generator: torch.Generator | None = None,
    center: float = 1.0,
) -> Tensor:
    r"""WGAN-GP penalty (Gulrajani et al.) on random interpolates.

    .. math::
        \hat x_i = \alpha_i x_i + (1 - \alpha_i)\tilde x_i,\ \alpha_i\sim U[0,1],\qquad
        P = \operatorname{mean}_i (\lVert\nabla f(\hat x_i)\rVert - 1)^2

    Args:
        f: the critic ``(B, ...) -> (B,)``; for a conditional critic close over
            the real conditions.
        real: real samples ``(B, ...)``; fake: generated samples, same shape.
        generator: draws the :math:`\alpha_i` (on its own device).
        center: the target norm (1).
    """
    real, fake = _images(real, "real"), _images(fake, "fake")
    if real.shape != fake.shape:
        raise ValueError(
            f"real and fake must have the same shape, got real {tuple(real.shape)} and "
            f"fake {tuple(fake.shape)}"
        )
    real, fake = real.detach(), fake.detach().to(real.dtype)
    alpha = _per_sample(_rand((real.shape[0],), generator, real.device), real)
    return gradient_penalty(f, alpha * real + (1 - alpha) * fake, center=center)


def dragan(
    f: Critic,
    real: Tensor,
    *,
    generator: torch.Generator | None = None,
    c: float = 0.5,
    center: float = 1.0,
) -> Tensor:
    r"""DRAGAN penalty (Kodali et al.) around perturbed real data.

    As the authors' code: :math:`x^p = x + c\,\sigma_x\,u` with
    :math:`u\sim U[0,1)` elementwise and :math:`\sigma_x` the standard deviation
    of the real batch, then :math:`\hat x = x + \alpha (x^p - x)` with
    :math:`\alpha_i\sim U[0,1]` per sample and
    :math:`P = \operatorname{mean}_i (\lVert\nabla f(\hat x_i)\rVert - 1)^2`.

    Args:
        f: the critic ``(B, ...) -> (B,)``.
        real: real samples ``(B, ...)``.
        generator: draws the perturbation and :math:`\alpha` (on its own device).
        c: perturbation scale (0.5).
        center: the target norm (1).
    """
    real = _images(real, "real").detach()
    c = _number(c, "c", minimum=0.0)
    u = _rand(tuple(real.shape), generator, real.device).to(real.dtype)
    std = real.std() if real.numel() > 1 else real.new_zeros(())
    perturbed = real + c * std * u
    alpha = _per_sample(_rand((real.shape[0],), generator, real.device), real)
    return gradient_penalty(f, real + alpha * (perturbed - real), center=center)


def r1(f: Critic, real: Tensor) -> Tensor:
    r"""R1 penalty (Mescheder et al.) on real data, centre 0, *without* the factor
    :math:`\gamma/2`:

    .. math:: P = \operatorname{mean}_i \lVert\nabla f(x_i)\rVert^2

    Mescheder et al.'s :math:`\frac{\gamma}{2}\mathbb{E}\lVert\nabla D\rVert^2`
    is this value with weight :math:`\gamma/2` in the objective.

    Args:
        f: the critic ``(B, ...) -> (B,)``.
        real: real samples ``(B, ...)``.
    """
    return gradient_penalty(f, real, center=0.0)


# --------------------------------------------------------------- auxiliary --
def _logit_list(logits: Sequence[Tensor] | Tensor, name: str) -> list[Tensor]:
    items = [logits] if isinstance(logits, Tensor) else list(logits)
    if not items:
        raise ValueError(f"{name} must hold at least one logits tensor, got none")
    for i, t in enumerate(items):
        if not isinstance(t, Tensor) or not t.is_floating_point() or t.dim() != 2:
            got = tuple(t.shape) if isinstance(t, Tensor) else type(t).__name__
            raise ValueError(f"{name}[{i}] must be float logits of shape (B, n_classes), got {got}")
    return items


def attribute_cross_entropies(logits: Sequence[Tensor] | Tensor, y: Tensor) -> list[Tensor]:
    r"""One unweighted cross-entropy per categorical attribute.

    .. math:: \mathrm{CE}_a = -\operatorname{mean}_i \log\operatorname{softmax}(z^a_i)_{y_{ia}}

    Args:
        logits: one ``(B, n_a)`` tensor per attribute (a single tensor for one attribute).
        y: class indices, ``long (B, A)`` (or ``(B,)`` for one attribute).

    Returns:
        ``A`` scalars.
    """
    items = _logit_list(logits, "logits")
    if not isinstance(y, Tensor) or y.dtype != torch.long:
        raise TypeError(f"y must be a torch.long tensor of class indices, got {_dtype_of(y)}")
    y2 = y.unsqueeze(1) if y.dim() == 1 else y
    if y2.dim() != 2 or y2.shape[1] != len(items):
        raise ValueError(
            f"y must have shape (B, {len(items)}) (one column per attribute logits), got "
            f"{tuple(y.shape)}"
        )
    out = []
    for a, z in enumerate(items):
        if z.shape[0] != y2.shape[0]:
            raise ValueError(f"logits[{a}] has batch {z.shape[0]} but y has batch {y2.shape[0]}")
        out.append(F.cross_entropy(_as_float(z), y2[:, a]))
    return out


def attribute_cross_entropy(
    logits: Sequence[Tensor] | Tensor, y: Tensor, *, weights: Sequence[float] | None = None
) -> Tensor:
    r"""Weighted sum of per-attribute cross-entropies, :math:`\sum_a w_a\,\mathrm{CE}_a`.

    Args:
        logits: one ``(B, n_a)`` tensor per attribute.
        y: class indices ``long (B, A)`` (or ``(B,)``).
        weights: ``w_a`` per attribute (default all 1).
    """
    ces = attribute_cross_entropies(logits, y)
    w = [1.0] * len(ces) if weights is None else list(weights)
    if len(w) != len(ces):
        raise ValueError(f"weights must have {len(ces)} entries (one per attribute), got {len(w)}")
    w = [_number(v, f"weights[{i}]", minimum=0.0) for i, v in enumerate(w)]
    return sum((wa * ce for wa, ce in zip(w, ces)), start=ces[0].new_zeros(()))


def multilabel_bce(logits: Tensor, y: Tensor) -> Tensor:
    r"""Multi-label BCE with logits, mean over samples and labels:
    :math:`-\operatorname{mean}_{i,k}[y_{ik}\log\sigma(z_{ik}) + (1-y_{ik})\log(1-\sigma(z_{ik}))]`.

    Args:
        logits: ``(B, n)``; y: multi-hot ``(B, n)`` (float).
    """
    if not isinstance(logits, Tensor) or not logits.is_floating_point() or logits.dim() != 2:
        got = tuple(logits.shape) if isinstance(logits, Tensor) else type(logits).__name__
        raise ValueError(f"logits must be float multi-label logits of shape (B, n), got {got}")
    if not isinstance(y, Tensor) or not y.is_floating_point():
        raise TypeError(f"y must be a float multi-hot tensor, got {_dtype_of(y)}")
    if y.shape != logits.shape:
        raise ValueError(
            f"y must have the logits' shape {tuple(logits.shape)}, got {tuple(y.shape)}"
        )
    logits = _as_float(logits)
    return F.binary_cross_entropy_with_logits(logits, y.to(logits.dtype))


def _same_shape(pred: Tensor, target: Tensor, pred_name: str, target_name: str) -> None:
    for t, n in ((pred, pred_name), (target, target_name)):
        if not isinstance(t, Tensor) or not t.is_floating_point():
            raise TypeError(f"{n} must be a float tensor, got {_dtype_of(t)}")
    if pred.shape != target.shape:
        raise ValueError(
            f"{pred_name} and {target_name} must have the same shape, got {pred_name} "
            f"{tuple(pred.shape)} and {target_name} {tuple(target.shape)}"
        )


def continuous_mse(pred: Tensor, target: Tensor) -> Tensor:
    r"""Regression of continuous values (codes, text embeddings):
    :math:`\operatorname{mean}(\hat c - c)^2`.

    Args:
        pred: predictions ``(B, k)``; target: ``(B, k)``.
    """
    _same_shape(pred, target, "pred", "target")
    pred = _as_float(pred)
    return F.mse_loss(pred, target.to(pred.dtype))


def gaussian_nll(mean: Tensor, log_scale: Tensor, target: Tensor) -> Tensor:
    r"""Gaussian negative log-likelihood with a predicted log standard deviation:

    .. math:: \operatorname{mean}_{i,k}\Big[\log s_{ik} + \tfrac{(c_{ik}-\mu_{ik})^2}{2 s_{ik}^2}
              + \tfrac12\log 2\pi\Big],\quad s = e^{\text{log\_scale}}

    Args:
        mean, log_scale, target: ``(B, k)`` each.
    """
    _same_shape(mean, target, "mean", "target")
    _same_shape(log_scale, target, "log_scale", "target")
    mean, log_scale = _as_float(mean), _as_float(log_scale)
    target = target.to(mean.dtype)
    z = (target - mean) * torch.exp(-log_scale)
    return (log_scale + 0.5 * z.pow(2) + 0.5 * math.log(2 * math.pi)).mean()


def info_categorical(logits: Sequence[Tensor], codes: Sequence[Tensor]) -> Tensor:
    r"""InfoGAN mutual-information term for categorical codes:
    :math:`\sum_j \mathrm{CE}(q_j, c_j)` (one cross-entropy per code).

    Args:
        logits: one ``(B, k_j)`` tensor per code; codes: one ``long (B,)`` per code.
    """
    items = _logit_list(logits, "info logits")
    codes = list(codes)
    if len(codes) != len(items):
        raise ValueError(
            f"codes must hold one tensor per categorical logits ({len(items)}), got {len(codes)}"
        )
    for j, c in enumerate(codes):
        if not isinstance(c, Tensor) or c.dtype != torch.long or c.shape != (items[j].shape[0],):
            got = (tuple(c.shape), c.dtype) if isinstance(c, Tensor) else type(c).__name__
            raise ValueError(
                f"codes[{j}] must be a long tensor of shape ({items[j].shape[0]},), got {got}"
            )
    return sum(
        (F.cross_entropy(_as_float(z), c) for z, c in zip(items, codes)),
        start=_as_float(items[0]).new_zeros(()),
    )


def info_continuous(mean: Tensor, target: Tensor, log_scale: Tensor | None = None) -> Tensor:
    """InfoGAN term for continuous codes: :func:`gaussian_nll` with the predicted
    ``log_scale``, or :func:`continuous_mse` when ``log_scale`` is ``None``.

    Args:
        mean: predicted codes ``(B, k)``; target: the codes ``(B, k)``;
        log_scale: predicted log standard deviation ``(B, k)`` or ``None``.
    """
    _same_shape(mean, target, "mean", "target")
    if log_scale is None:
        return continuous_mse(mean, target)
    return gaussian_nll(mean, log_scale, target)


# -------------------------------------------------------- matching-aware --
def matching_aware(
    wrong_logits: Tensor, fake_loss: Callable[[Tensor], Tensor] = nonsaturating_d_fake
) -> Tensor:
    r"""Matching-aware term (Reed et al.): a *real* image with a *wrong* condition
    counts as fake, so the term is the critic's fake-side loss on those pairs,
    e.g. :math:`\operatorname{mean}\operatorname{softplus}(s^{w})` for BCE.

    Args:
        wrong_logits: critic scores of (real image, mismatched condition) pairs, ``(B,)``.
        fake_loss: the adversarial loss's fake half (``nonsaturating_d_fake``,
            ``lsgan_d_fake``, ``wasserstein_d_fake``, ``hinge_d_fake``).
    """
    return fake_loss(_scores(wrong_logits, "wrong_logits"))


def _mismatch_categorical(space: Categorical, y: Tensor, g: torch.Generator | None) -> Tensor:
    if space.n < 2:
        raise ValueError("mismatched conditions need a space with >= 2 conditions, got n=1")
    shift = torch.randint(1, space.n, y.shape, generator=g)
    return (y.cpu() + shift) % space.n


def _mismatch_multi_categorical(
    space: MultiCategorical, y: Tensor, g: torch.Generator | None
) -> Tensor:
    total = space.num_combinations
    if total < 2:
        raise ValueError("mismatched conditions need a space with >= 2 combinations, got 1")
    sizes = torch.tensor(space.sizes)
    strides = torch.tensor([math.prod(space.sizes[a + 1 :]) for a in range(len(space.sizes))])
    flat = (y.cpu() * strides).sum(dim=1)
    flat = (flat + torch.randint(1, total, flat.shape, generator=g)) % total
    return (flat[:, None] // strides) % sizes


def _mismatch_multi_label(space: MultiLabel, y: Tensor, g: torch.Generator | None) -> Tensor:
    if space.num_combinations < 2:
        raise ValueError("mismatched conditions need a space with >= 2 label sets, got 1")
    y = y.cpu().float()
    out = space.sample(y.shape[0], generator=g)
    same = (out == y).all(dim=1)
    # Rows that drew their own label set: swap one active label for an inactive one
    # (same count, so still valid); an empty row gains a label, a full row loses one.
    u = torch.rand(y.shape, generator=g)
    on = (u * y - (1 - y)).argmax(dim=1)
    off = (u * (1 - y) - y).argmax(dim=1)
    k = y.sum(dim=1)
    rows = torch.arange(y.shape[0])
    fixed = y.clone()
    can_drop = k > 0
    can_add = k < space.n
    fixed[rows[can_drop], on[can_drop]] = 0.0
    fixed[rows[can_add], off[can_add]] = 1.0
    # A full row (k == n) only drops; an empty row (k == 0) only adds.
    return torch.where(same[:, None], fixed, out)


def _mismatch_text(space: Text, y: Tensor, g: torch.Generator | None) -> Tensor:
    b = y.shape[0]
    if space.embeddings is not None and len(space.embeddings) >= 2:
        table = space.embeddings
        own = torch.cdist(y.detach().cpu().float(), table).argmin(dim=1)
        idx = (own + torch.randint(1, len(table), (b,), generator=g)) % len(table)
        return table[idx].to(y.dtype)
    if b < 2:
        raise ValueError(
            "a Text space without a vocabulary mismatches by permuting the batch, which needs "
            f"a batch of >= 2, got {b}"
        )
    perm = torch.randperm(b, generator=g)
    src = torch.empty_like(perm)
    src[perm] = perm.roll(-1)  # every i takes the condition of another sample
    return y.detach().cpu()[src]


_MISMATCH: dict[type, Callable[..., Tensor]] = {
    Categorical: _mismatch_categorical,
    MultiCategorical: _mismatch_multi_categorical,
    MultiLabel: _mismatch_multi_label,
    Text: _mismatch_text,
}


def mismatched_conditions(
    space: ConditionSpace, y: Tensor, *, generator: torch.Generator | None = None
) -> Tensor:
    """Wrong conditions for the matching-aware term, each different from its row of ``y``.

    * :class:`~condgan.conditions.Categorical`, :class:`~condgan.conditions.MultiCategorical`:
      uniform over the *other* classes / combinations.
    * :class:`~condgan.conditions.MultiLabel`: a fresh random label set; a row that
      drew its own set gets one active label swapped for an inactive one.
    * :class:`~condgan.conditions.Text` with a vocabulary: a random *other* phrase
      than the one nearest to each row. Without a vocabulary: a permutation of the
      batch that moves every sample (a random cyclic derangement), so each row gets
      another sample's condition; rows whose embeddings are identical within the
      batch can coincide.

    Args:
        space: the condition space of ``y``.
        y: valid conditions, ``(B, ...)`` as the space defines.
        generator: the random source (a device generator is used to seed a CPU one).

    Returns:
        Wrong conditions of ``y``'s shape, dtype and device.

    Raises:
        ValueError: ``y`` does not match ``space``; the space has a single condition.
    """
    if not isinstance(space, ConditionSpace):
        raise TypeError(f"space must be a ConditionSpace, got {type(space).__name__}")
    space.validate(y, name="y", check_values=False)
    fn = next((_MISMATCH[k] for k in type(space).__mro__ if k in _MISMATCH), None)
    if fn is None:
        raise TypeError(
            f"mismatched_conditions supports {sorted(k.__name__ for k in _MISMATCH)}, "
            f"got {type(space).__name__}"
        )
    return fn(space, y, _cpu_generator(generator)).to(device=y.device, dtype=y.dtype)
