"""The equivalence gate: both paths train to the same weights before anything is timed."""

from __future__ import annotations

import dataclasses
from typing import Any

import torch
from torch import nn

from .pairing import build_pair, has_spectral_norm
from .setup import Setup, image_shape

__all__ = ["concat_pass_check", "equivalence_gate"]


def _compare_states(a: nn.Module, b: nn.Module, tag: str, rtol: float, atol: float):
    worst, max_diff, ok = "", 0.0, True
    sb = b.state_dict()
    for k, va in a.state_dict().items():
        vb = sb[k]
        if not va.is_floating_point():
            ok &= bool(torch.equal(va, vb))
            continue
        diff = (va.float() - vb.float()).abs().max().item()
        if diff > max_diff:
            max_diff, worst = diff, f"{tag}.{k}"
        ok &= bool(torch.allclose(va.float(), vb.float(), rtol=rtol, atol=atol))
    return ok, max_diff, worst


def _split(out, n: int):
    def cut(t, sl):
        if t is None:
            return None
        if isinstance(t, (list, tuple)):
            return [a[sl] for a in t]
        return t[sl]

    if out.info is not None:
        raise NotImplementedError("concat check: InfoGAN outputs")
    parts = []
    for sl in (slice(0, n), slice(n, None)):
        parts.append(
            dataclasses.replace(
                out, adv=out.adv[sl], aux=cut(out.aux, sl), features=cut(out.features, sl)
            )
        )
    return parts


def concat_pass_check(setup: Setup, *, batch_size: int = 16, seed: int = 0) -> dict[str, Any]:
    """One critic loss computed from one pass over ``cat([real, fake])`` and from
    two passes: the largest relative difference of any loss term and of any
    parameter's gradient (norm of the difference / norm of the gradient)."""
    g, d, obj, _ = setup.make()
    gen = torch.Generator().manual_seed(seed)
    c, s = image_shape(d)
    real = torch.rand(batch_size, c, s, s, generator=gen) * 2 - 1
    y_real, y_fake = (
        g.space.sample(batch_size, generator=gen),
        g.space.sample(batch_size, generator=gen),
    )
    with torch.no_grad():
        fake = g(g.sample_noise(batch_size, generator=gen), y_fake)

    def run(concat: bool):
        d.zero_grad(set_to_none=True)
        if concat:
            out_r, out_f = _split(
                d(torch.cat([real, fake]), torch.cat([y_real, y_fake])), batch_size
            )
        else:
            out_r, out_f = d(real, y_real), d(fake, y_fake)
        terms = obj.critic_loss(
            d, real, y_real, fake, y_fake, generator=torch.Generator().manual_seed(seed + 1),
            out_real=out_r, out_fake=out_f,
        )  # fmt: skip
        terms.total.backward()
        grads = {k: p.grad.detach().clone() for k, p in d.named_parameters() if p.grad is not None}
        return {k: float(v.detach()) for k, v in terms.terms.items()}, grads

    t1, g1 = run(True)
    t2, g2 = run(False)
    term_rel = max(abs(t1[k] - t2[k]) / max(abs(t2[k]), 1e-12) for k in t2)
    grad_rel = max(((g1[k] - g2[k]).norm() / g2[k].norm().clamp_min(1e-30)).item() for k in g2)
    return {"term_rel_diff": term_rel, "grad_rel_diff": grad_rel}


def equivalence_gate(
    setup: Setup, *, batch_size: int = 64, steps: int = 2, device: str = "cpu",
    rtol: float = 1e-4, atol: float = 1e-6, concat_rtol: float = 1e-4,
) -> dict[str, Any]:  # fmt: skip
    """The equivalence gate (fp32, deterministic algorithms, same data order and noise).

    1. **loop**: the Trainer with ``concat_real_fake=False`` and the plain loop
       train ``steps`` iterations; every parameter and buffer must be
       ``allclose(rtol, atol)``. This checks data order, noise, every loss
       term, the penalty, the optimisers and the generator step.
    2. **concat pass** (critics without batch statistics or spectral norm): the
       critic loss and its gradients from one pass over ``cat([real, fake])``
       must equal those of two passes to ``concat_rtol`` (relative).

    Parameters after several Adam steps are not compared for the concatenated
    pass: Adam's first updates are ``lr * g / (|g| + eps)``, so a float-level
    difference in a near-zero gradient element (a different convolution
    batching) becomes an ``O(lr)`` parameter difference; the gradients are the
    meaningful comparison (see ``docs/performance.rst``).

    Returns:
        ``{"passed", "loop": {...}, "concat": {...}, ...}``.
    """
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        _, d0, _, _ = setup.make()
        concat_ok, reason = True, "one critic pass over real+fake (BN-free critic)"
        if getattr(d0, "has_batch_stats", True):
            concat_ok, reason = False, "critic has batch statistics: no concatenated pass"
        elif has_spectral_norm(d0):
            concat_ok, reason = (
                False,
                "spectral norm's power iteration runs once per forward: a joint pass differs",
            )
        plain, ours = build_pair(
            setup, batch_size, device, data_n=batch_size * 2 * max(1, steps) * 6,
            deterministic=True, shuffle=False, concat_real_fake=False,
        )  # fmt: skip
        for i in range(steps):
            # the global RNG (dropout) starts each iteration in the same state on both paths
            torch.manual_seed(1000 + i)
            ours.train_step()
            torch.manual_seed(1000 + i)
            plain.iteration()
        ok_g, diff_g, worst_g = _compare_states(ours.generator, plain.G, "G", rtol, atol)
        ok_d, diff_d, worst_d = _compare_states(ours.critic, plain.D, "D", rtol, atol)
        loop = {
            "passed": ok_g and ok_d, "steps": steps, "rtol": rtol, "atol": atol,
            "max_abs_diff": max(diff_g, diff_d), "worst": worst_g if diff_g >= diff_d else worst_d,
        }  # fmt: skip
        concat: dict[str, Any] = {"applies": concat_ok, "reason": reason}
        if concat_ok:
            concat.update(concat_pass_check(setup, batch_size=min(batch_size, 32)))
            concat["rtol"] = concat_rtol
            concat["passed"] = max(concat["term_rel_diff"], concat["grad_rel_diff"]) <= concat_rtol
        passed = loop["passed"] and concat.get("passed", True)
    finally:
        torch.use_deterministic_algorithms(False)
    return {"passed": bool(passed), "loop": loop, "concat": concat}
