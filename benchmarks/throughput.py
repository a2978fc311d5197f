"""Throughput: condgan's Trainer against a careful hand-written PyTorch loop.

One *iteration* is every critic step plus the generator step(s) of one
``Trainer.train_step``. Both paths train deep copies of the same generator and
critic (same initial weights), with the same losses, optimiser
hyper-parameters, batch size and data, in the same process:

* **plain**: what a careful user writes by hand: separate real and fake critic
  passes, the gradient penalty with ``torch.autograd.grad(create_graph=True)``
  in fp32, standard ``torch.optim.Adam``, the critic frozen
  (``requires_grad_(False)``) for the generator step, fakes for the critic made
  under ``no_grad``, and ``loss.item()`` logged every step.
* **condgan**: ``condgan.training.Trainer(...).train_step()`` with the same
  config (its defaults: one critic pass over concatenated real and fake when
  the critic has no batch statistics, no host syncs in the hot loop, fused
  Adam on CUDA).

Before timing, an **equivalence gate** trains both paths for a few iterations
in fp32 with deterministic settings, the same data order and the same noise,
and compares every parameter and buffer (``torch.allclose``).

Timing: interleaved rounds (the order alternates every round), warm-up rounds
excluded, median and inter-quartile range of the per-iteration time, and the
ratio condgan / plain (of the medians, and the median of per-round ratios).
Peak memory: on CUDA ``torch.cuda.max_memory_allocated``; on CPU the peak
resident set size (``VmHWM``) of a fresh subprocess per path, reset after the
models are built (``/proc/self/clear_refs``), minus the resident size at that
point. FLOPs per iteration: ``torch.utils.flop_counter.FlopCounterMode``; MFU
on GPU against the device's peak (``--peak-tflops`` to override).

Run ``python benchmarks/throughput.py --help``; ``benchmarks/run_all.py``
drives it and writes the results files.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.utils.data import DataLoader, TensorDataset

from condgan.conditions import Categorical, MultiCategorical, MultiLabel
from condgan.losses import WGANGP, Objective
from condgan.training import TrainConfig, Trainer

__all__ = [
    "OPTIONS",
    "PlainLoop",
    "Setup",
    "build_condgan",
    "build_plain",
    "direct_setup",
    "equivalence_gate",
    "flops_per_iteration",
    "recipe_setup",
    "time_paths",
]

# Peak dense tensor throughput (FLOP/s) for MFU, by device-name substring and precision.
# fp32 uses the TF32 tensor-core figure only when TF32 is enabled; otherwise the plain one.
PEAK_FLOPS: dict[str, dict[str, float]] = {
    "H200": {"fp32": 67e12, "tf32": 494.5e12, "bf16": 989.5e12, "fp16": 989.5e12},
    "H100": {"fp32": 67e12, "tf32": 494.5e12, "bf16": 989.5e12, "fp16": 989.5e12},
    "A100": {"fp32": 19.5e12, "tf32": 156e12, "bf16": 312e12, "fp16": 312e12},
}

#: The options matrix: name -> option dict (``precision``, ``channels_last``,
#: ``compile`` (the generator only), ``lazy`` (WGAN-GP every k critic steps, condgan only)).
OPTIONS: dict[str, dict[str, Any]] = {
    "fp32": {},
    "bf16": {"precision": "bf16"},
    "fp16": {"precision": "fp16"},
    "channels_last": {"channels_last": True},
    "compile": {"compile": True},
    "lazy-gp-4": {"lazy": 4},
}


# ----------------------------------------------------------------------------- setups --
@dataclasses.dataclass
class Setup:
    """What both paths train: fresh modules, an objective and a config.

    ``make()`` returns ``(generator, critic, objective, config)``; each call
    gives new modules with the same initial weights (seeded).
    """

    name: str
    scale: str
    make: Callable[[], tuple[nn.Module, nn.Module, Objective, TrainConfig]]
    source: str = "direct"
    key: str = "direct"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.scale}"


def _r2_objective(space, every: int = 1) -> Objective:
    return Objective(
        "wgan", space=space, penalties=[(WGANGP(every=every), 10.0)],
        aux_real_weight=5.0, aux_gen_weight=5.0,
    )  # fmt: skip


def direct_setup(scale: str = "paper") -> Setup:
    """R2 (iclevr-acwgan-gp) built from the models directly (no recipe needed).

    ``"paper"``: the report's networks (64x64, G 3.8M / D 3.0M parameters);
    ``"tiny"``: the registry's tiny CPU instances (32x32; used by the tests).
    """
    if scale not in ("paper", "tiny"):
        raise ValueError(f"scale must be 'paper' or 'tiny', got {scale!r}")

    def make():
        from condgan.data import iclevr_space
        from condgan.models import create, model_entry

        space = iclevr_space()
        torch.manual_seed(0)
        kw_g = model_entry("r2_generator").tiny if scale == "tiny" else {}
        kw_d = model_entry("r2_critic").tiny if scale == "tiny" else {}
        g = create("r2_generator", space=space, **kw_g)
        d = create("r2_critic", space=space, **kw_d)
        cfg = TrainConfig(
            critic_steps=5, batch_size=64, lr_g=2e-4, lr_d=2e-4,
            betas_g=(0.5, 0.999), betas_d=(0.5, 0.999),
        )  # fmt: skip
        return g, d, _r2_objective(space), cfg

    return Setup("iclevr-acwgan-gp", scale, make, source="models (direct)")


def recipe_setup(name: str, scale: str, variant: str | None = None) -> Setup:
    """A setup from ``condgan.recipes.build(name, variant, scale)``.

    Raises:
        LookupError: the recipe is not registered (yet).
    """
    import condgan.recipes as recipes

    if name not in recipes.names():
        raise LookupError(f"recipe {name!r} is not registered (have {recipes.names()})")

    def make():
        torch.manual_seed(0)
        r = recipes.build(name, variant, scale=scale)
        return r.generator, r.critic, r.objective, r.train

    return Setup(name, scale, make, source=f"recipe {name} ({variant or 'default'})", key=name)


# -------------------------------------------------------------------------- the data --
def synthetic_data(space, image_size: int, channels: int, n: int, seed: int = 0) -> TensorDataset:
    """``n`` random images in [-1, 1] with random valid conditions, in memory.

    Both paths read the same data set; loading cost is not what is compared.
    """
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, channels, image_size, image_size, generator=g) * 2 - 1
    y = space.sample(n, generator=g)
    return TensorDataset(x, y)


def _image_shape(critic: nn.Module) -> tuple[int, int]:
    return int(getattr(critic, "channels", 3)), int(getattr(critic, "image_size", 64))


# ---------------------------------------------------------------------- plain loop --
@dataclasses.dataclass
class PlainSpec:
    """The hyper-parameters the hand-written loop needs, read off an objective and config."""

    adversarial: str
    adv_weight: float
    gp_weight: float
    gp_center: float
    aux_real: float
    aux_fake: float
    aux_gen: float
    critic_steps: int
    g_steps: int
    lr_g: float
    lr_d: float
    betas_g: tuple[float, float]
    betas_d: tuple[float, float]
    eps: float
    weight_decay: float
    clip_value: float | None

    @classmethod
    def from_objective(cls, objective: Objective, config: TrainConfig) -> PlainSpec:
        """Raises NotImplementedError for terms the plain loop does not hand-write."""
        adv = objective.adversarial.name
        if adv not in ("wgan", "hinge"):
            raise NotImplementedError(f"plain loop: adversarial loss {adv!r} is not hand-written")
        if objective.match_weight or objective.info_cat_weight or objective.info_cont_weight:
            raise NotImplementedError("plain loop: matching-aware and InfoGAN terms")
        if objective.aux_weights is not None:
            raise NotImplementedError("plain loop: per-attribute auxiliary weights")
        gp_weight, center = 0.0, 1.0
        for penalty, w in objective.penalties:
            if not isinstance(penalty, WGANGP):
                raise NotImplementedError(f"plain loop: penalty {type(penalty).__name__}")
            gp_weight, center = w, penalty.center
        if config.optimizer_g != "adam" or config.optimizer_d != "adam":
            raise NotImplementedError("plain loop: only Adam")
        return cls(
            adv, objective.adversarial_weight, gp_weight, center, objective.aux_real_weight,
            objective.aux_fake_weight, objective.aux_gen_weight, config.critic_steps,
            config.g_steps, config.lr_g, config.lr_d, tuple(config.betas_g),
            tuple(config.betas_d), config.eps, config.weight_decay, config.clip_value,
        )  # fmt: skip


class PlainLoop:
    """A careful hand-written training loop (see the module docstring).

    Randomness: a CPU generator (seed + 1) draws the conditions, a device
    generator (seed + 2) the noise and the penalty's interpolation weights, in
    the order a natural loop draws them; the real batches come from a
    ``DataLoader`` (shuffled with its own generator, or in order).
    """

    def __init__(
        self,
        generator: nn.Module,
        critic: nn.Module,
        spec: PlainSpec,
        data,
        *,
        batch_size: int,
        device: torch.device,
        seed: int = 0,
        precision: str = "fp32",
        channels_last: bool = False,
        shuffle: bool = True,
    ) -> None:
        fmt = torch.channels_last if channels_last else torch.contiguous_format
        self.G = generator.to(device, memory_format=fmt).train()
        self.D = critic.to(device, memory_format=fmt).train()
        self.spec, self.device, self.channels_last = spec, device, channels_last
        self.space = generator.space
        self.nz = generator.nz
        self.opt_g = torch.optim.Adam(
            self.G.parameters(), lr=spec.lr_g, betas=spec.betas_g, eps=spec.eps,
            weight_decay=spec.weight_decay,
        )  # fmt: skip
        self.opt_d = torch.optim.Adam(
            self.D.parameters(), lr=spec.lr_d, betas=spec.betas_d, eps=spec.eps,
            weight_decay=spec.weight_decay,
        )  # fmt: skip
        self.amp = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
        self.scaler_d = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
        self.scaler_g = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
        self.loader = DataLoader(
            data, batch_size=batch_size, shuffle=shuffle, drop_last=True,
            generator=torch.Generator().manual_seed(seed),
        )  # fmt: skip
        self._it = iter(self.loader)
        self.rng_cpu = torch.Generator().manual_seed(seed + 1)
        self.rng_dev = torch.Generator(device).manual_seed(seed + 2)
        self.log: list[tuple[float, float]] = []

    def _autocast(self):
        if self.amp is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp)

    def _batch(self) -> tuple[Tensor, Tensor]:
        try:
            x, y = next(self._it)
        except StopIteration:
            self._it = iter(self.loader)
            x, y = next(self._it)
        x = x.to(self.device, non_blocking=True)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return x, y.to(self.device, non_blocking=True)

    def _latents(self, n: int) -> tuple[Tensor, Tensor]:
        z = self.G.sample_noise(n, generator=self.rng_dev, device=self.device)
        y = self.space.sample(n, generator=self.rng_cpu).to(self.device)
        return z, y

    def _aux(self, logits, y: Tensor) -> Tensor:
        space = self.space
        if isinstance(space, MultiLabel):
            return F.binary_cross_entropy_with_logits(logits.float(), y)
        if isinstance(space, MultiCategorical):
            total = logits[0].new_zeros((), dtype=torch.float32)
            for a, z in enumerate(logits):
                total = total + F.cross_entropy(z.float(), y[:, a])
            return total
        if isinstance(space, Categorical):
            z = logits[0] if isinstance(logits, (list, tuple)) else logits
            return F.cross_entropy(z.float(), y)
        raise NotImplementedError(f"plain loop: auxiliary loss for {type(space).__name__}")

    def _adv_d(self, r: Tensor, f: Tensor) -> Tensor:
        r, f = r.float(), f.float()
        if self.spec.adversarial == "wgan":
            return f.mean() - r.mean()
        return F.relu(1 - r).mean() + F.relu(1 + f).mean()

    def critic_step(self) -> Tensor:
        s = self.spec
        real, y_real = self._batch()
        n = real.shape[0]
        z, y_fake = self._latents(n)
        with torch.no_grad(), self._autocast():
            fake = self.G(z, y_fake)
        if self.channels_last:
            fake = fake.contiguous(memory_format=torch.channels_last)
        self.opt_d.zero_grad(set_to_none=True)
        with self._autocast():
            out_r = self.D(real, y_real)
            out_f = self.D(fake, y_fake)
            loss = s.adv_weight * self._adv_d(out_r.adv, out_f.adv)
            if s.aux_real:
                loss = loss + s.aux_real * self._aux(out_r.aux, y_real)
            if s.aux_fake:
                loss = loss + s.aux_fake * self._aux(out_f.aux, y_fake)
        if s.gp_weight:
            # the penalty in fp32, outside autocast, as the reference implementations do
            alpha = torch.rand(n, generator=self.rng_dev, device=self.device)
            alpha = alpha.view(n, 1, 1, 1)
            x_hat = (alpha * real.float() + (1 - alpha) * fake.float()).requires_grad_(True)
            with torch.autocast(self.device.type, enabled=False):
                score = self.D(x_hat, y_real).adv.float()
                (grad,) = torch.autograd.grad(score.sum(), x_hat, create_graph=True)
                gp = (grad.flatten(1).norm(dim=1) - s.gp_center).pow(2).mean()
            loss = loss + s.gp_weight * gp
        self.scaler_d.scale(loss).backward()
        self.scaler_d.step(self.opt_d)
        self.scaler_d.update()
        if s.clip_value is not None:
            with torch.no_grad():
                for p in self.D.parameters():
                    p.clamp_(-s.clip_value, s.clip_value)
        return loss

    def generator_step(self) -> Tensor:
        s = self.spec
        z, y = self._latents(self.loader.batch_size)
        self.D.requires_grad_(False)
        self.opt_g.zero_grad(set_to_none=True)
        with self._autocast():
            fake = self.G(z, y)
            if self.channels_last:
                fake = fake.contiguous(memory_format=torch.channels_last)
            out = self.D(fake, y)
            loss = -s.adv_weight * out.adv.float().mean()
            if s.aux_gen:
                loss = loss + s.aux_gen * self._aux(out.aux, y)
        self.scaler_g.scale(loss).backward()
        self.scaler_g.step(self.opt_g)
        self.scaler_g.update()
        self.D.requires_grad_(True)
        return loss

    def iteration(self) -> None:
        for _ in range(self.spec.critic_steps):
            d_loss = self.critic_step()
        for _ in range(self.spec.g_steps):
            g_loss = self.generator_step()
        self.log.append((d_loss.item(), g_loss.item()))  # what a hand-written loop logs


# ------------------------------------------------------------------------ builders --
def _has_spectral_norm(module: nn.Module) -> bool:
    for m in module.modules():
        if any(k.endswith("_orig") for k, _ in m.named_parameters(recurse=False)):
            return True
        if getattr(m, "parametrizations", None) is not None:
            return True
    return False


def _apply_options(g, d, objective, config, options):
    opts = dict(options)
    changes: dict[str, Any] = {}
    if "precision" in opts:
        changes["precision"] = opts["precision"]
    if opts.get("channels_last"):
        changes["channels_last"] = True
    if opts.get("lazy"):
        k = int(opts["lazy"])
        objective.penalties = [
            (WGANGP(center=p.center, every=k) if isinstance(p, WGANGP) else p, w)
            for p, w in objective.penalties
        ]
    if opts.get("compile"):
        # the generator only: the critic's penalty pass needs double backward,
        # which torch.compile does not support, so the critic stays eager
        g.forward = torch.compile(g.forward)
    return config.replace(**changes) if changes else config


def build_condgan(
    g, d, objective, data, config: TrainConfig, *, device: str, options=None, **overrides
) -> Trainer:
    """condgan's path: a :class:`Trainer` (no files written; call ``train_step()``)."""
    out = tempfile.mkdtemp(prefix="condgan-bench-")
    config = config.replace(
        device=device, progress=False, tensorboard=False, out_dir=out, sample_every=0,
        checkpoint_every=0, gif=False, plot=False, num_workers=0, **overrides,
    )  # fmt: skip
    config = _apply_options(g, d, objective, config, options or {})
    return Trainer(g, d, objective, data, config)


def build_plain(
    g, d, objective, data, config: TrainConfig, *, device: str, options=None, shuffle=True
) -> PlainLoop:
    """The plain path: a :class:`PlainLoop` with the same hyper-parameters."""
    opts = dict(options or {})
    opts.pop("lazy", None)  # the hand-written loop applies the penalty every step
    objective = copy.deepcopy(objective)
    config = _apply_options(g, d, objective, config, opts)
    spec = PlainSpec.from_objective(objective, config)
    return PlainLoop(
        g, d, spec, data, batch_size=config.batch_size, device=torch.device(device),
        seed=config.seed, precision=config.precision, channels_last=config.channels_last,
        shuffle=shuffle,
    )  # fmt: skip


def _pair(setup: Setup, batch_size: int, device: str, options=None, *, data_n=None, **kw):
    g, d, obj, cfg = setup.make()
    cfg = cfg.replace(batch_size=batch_size)
    c, s = _image_shape(d)
    data = synthetic_data(g.space, s, c, data_n or max(4 * batch_size, 256))
    plain = build_plain(
        copy.deepcopy(g), copy.deepcopy(d), copy.deepcopy(obj), data, cfg, device=device,
        options=options, shuffle=kw.get("shuffle", True),
    )  # fmt: skip
    ours = build_condgan(g, d, obj, data, cfg, device=device, options=options, **kw)
    return plain, ours


# --------------------------------------------------------------------- the gate --
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
    c, s = _image_shape(d)
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
        elif _has_spectral_norm(d0):
            concat_ok, reason = (
                False,
                "spectral norm's power iteration runs once per forward: a joint pass differs",
            )
        plain, ours = _pair(
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


# ------------------------------------------------------------------- measuring --
def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _quantiles(xs: list[float]) -> tuple[float, float, float]:
    if len(xs) < 2:
        return xs[0], xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def time_paths(
    paths: dict[str, Callable[[], None]], *, rounds: int, warmup: int, device: str
) -> dict[str, Any]:
    """Interleaved rounds (alternating order), warm-up excluded; seconds per call."""
    times: dict[str, list[float]] = {k: [] for k in paths}
    names = list(paths)
    for r in range(warmup + rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            _sync(device)
            t0 = time.perf_counter()
            paths[name]()
            _sync(device)
            if r >= warmup:
                times[name].append(time.perf_counter() - t0)
    out: dict[str, Any] = {}
    for name, xs in times.items():
        q1, med, q3 = _quantiles(xs)
        out[name] = {"median_s": med, "q1_s": q1, "q3_s": q3, "iqr_s": q3 - q1, "n": len(xs)}
    if "plain" in times and "condgan" in times:
        per_round = [c / p for c, p in zip(times["condgan"], times["plain"])]
        out["ratio"] = out["condgan"]["median_s"] / out["plain"]["median_s"]
        q1, med, q3 = _quantiles(per_round)
        out["ratio_paired"] = {"median": med, "q1": q1, "q3": q3}
    return out


def flops_per_iteration(fn: Callable[[], None]) -> int:
    """FLOPs of one call, with the formulas of ``torch.utils.flop_counter``.

    ``FlopCounterMode`` itself cannot be used here: its module tracker does not
    support ``torch.autograd.grad`` on a leaf (the gradient penalty), so the
    same per-operator formulas (``flop_registry``) are summed by a small
    dispatch mode, forward, backward and double backward included.
    """
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils.flop_counter import flop_registry

    class Count(TorchDispatchMode):
        total = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            formula = flop_registry.get(func._overloadpacket)
            if formula is not None:
                Count.total += int(formula(*args, **kwargs, out_val=out))
            return out

    with Count():
        fn()
    return Count.total


def _peak_flops(device: str, precision: str) -> float | None:
    if not device.startswith("cuda"):
        return None
    name = torch.cuda.get_device_name()
    for key, table in PEAK_FLOPS.items():
        if key in name:
            if precision == "fp32" and torch.backends.cuda.matmul.allow_tf32:
                return table["tf32"]
            return table[precision]
    return None


def _rss_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _memory_probe(args) -> dict[str, Any]:
    """Run in a fresh subprocess: one path's peak memory over a few iterations."""
    setup = _setup_from(args.probe_setup, args.probe_scale)
    plain, ours = _pair(setup, args.batch, args.device, OPTIONS[args.probe_option])
    if args.probe_path == "plain":
        fn = plain.iteration
        del ours
    else:
        fn = ours.train_step
        del plain
    import gc

    gc.collect()
    if args.device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        for _ in range(args.probe_iters):
            fn()
        torch.cuda.synchronize()
        return {
            "method": "torch.cuda.max_memory_allocated - memory_allocated before",
            "peak_bytes": torch.cuda.max_memory_allocated() - base,
            "base_bytes": base,
        }
    reset = False
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS
        reset = True
    except OSError:
        pass
    base = _rss_kib("VmRSS") * 1024
    for _ in range(args.probe_iters):
        fn()
    hwm = _rss_kib("VmHWM") * 1024
    return {
        "method": "VmHWM - VmRSS after setup, fresh process"
        + ("" if reset else " (VmHWM could not be reset)"),
        "peak_bytes": hwm - base,
        "base_bytes": base,
        "hwm_bytes": hwm,
    }


def measure_memory(setup: Setup, batch: int, device: str, option: str, iters: int = 2):
    """Peak memory of each path, each in its own subprocess."""
    out = {}
    for path in ("plain", "condgan"):
        cmd = [
            sys.executable, os.path.abspath(__file__), "--probe-path", path, "--probe-setup",
            setup.key, "--probe-scale", setup.scale, "--batch", str(batch), "--device", device,
            "--probe-option", option, "--probe-iters", str(iters),
        ]  # fmt: skip
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if res.returncode != 0:
            out[path] = {"error": res.stderr.strip().splitlines()[-1:] or ["failed"]}
            continue
        out[path] = json.loads(res.stdout.strip().splitlines()[-1])
    if all("peak_bytes" in out.get(p, {}) for p in ("plain", "condgan")):
        out["ratio"] = out["condgan"]["peak_bytes"] / max(1, out["plain"]["peak_bytes"])
    return out


def _setup_from(key: str, scale: str) -> Setup:
    """``key``: ``"direct"`` (R2 from the models; scale paper or tiny) or a recipe name."""
    if key == "direct":
        return direct_setup(scale)
    return recipe_setup(key, scale)


def benchmark(
    setup: Setup, *, batch: int, device: str = "cpu", options: tuple[str, ...] = ("fp32",),
    rounds: int = 5, warmup: int = 1, gate: bool = True, memory: bool = True,
    gate_steps: int = 2, gate_batch: int | None = None, memory_options=("fp32", "bf16"),
    log=print,
) -> dict[str, Any]:  # fmt: skip
    """Gate, then time, count FLOPs and measure memory for each option."""
    res: dict[str, Any] = {
        "setup": setup.label, "source": setup.source, "batch": batch, "device": device,
        "options": {},
    }  # fmt: skip
    if gate:
        t0 = time.perf_counter()
        res["gate"] = equivalence_gate(
            setup, batch_size=gate_batch or batch, steps=gate_steps, device=device
        )
        res["gate"]["seconds"] = time.perf_counter() - t0
        log(f"  gate {setup.label} b{batch}: {res['gate']}")
    for opt in options:
        o = OPTIONS[opt]
        if o.get("precision") == "fp16" and not device.startswith("cuda"):
            res["options"][opt] = {"skipped": "fp16 autocast is measured on CUDA only"}
            continue
        try:
            plain, ours = _pair(setup, batch, device, o)
        except NotImplementedError as err:
            res["options"][opt] = {"skipped": str(err)}
            continue
        row = time_paths(
            {"plain": plain.iteration, "condgan": ours.train_step},
            rounds=rounds, warmup=warmup, device=device,
        )  # fmt: skip
        row["concat_real_fake"] = bool(ours.concat)
        if not o.get("compile"):
            row["flops"] = {
                "plain": flops_per_iteration(plain.iteration),
                "condgan": flops_per_iteration(ours.train_step),
            }
            peak = _peak_flops(device, ours.config.precision)
            if peak:
                row["mfu"] = {
                    k: row["flops"][k] / row[k]["median_s"] / peak for k in ("plain", "condgan")
                }
        if memory and opt in memory_options:
            row["memory"] = measure_memory(setup, batch, device, opt)
        res["options"][opt] = row
        log(
            f"  {setup.label} b{batch} {opt}: plain {row['plain']['median_s']:.3f}s "
            f"condgan {row['condgan']['median_s']:.3f}s ratio {row['ratio']:.3f}"
            + (f" mem {row['memory'].get('ratio', float('nan')):.3f}" if "memory" in row else "")
        )
        del plain, ours
    return res


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--setup", default="direct", help="'direct' (R2 from the models) or a recipe")
    p.add_argument("--scale", default="paper")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--options", default="fp32", help=f"comma list of {list(OPTIONS)}")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--no-gate", action="store_true")
    p.add_argument("--probe-path", help=argparse.SUPPRESS)
    p.add_argument("--probe-setup", help=argparse.SUPPRESS)
    p.add_argument("--probe-scale", help=argparse.SUPPRESS)
    p.add_argument("--probe-option", default="fp32", help=argparse.SUPPRESS)
    p.add_argument("--probe-iters", type=int, default=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.probe_path:
        print(json.dumps(_memory_probe(args)))
        return 0
    opts = tuple(o for o in args.options.split(",") if o)
    bad = [o for o in opts if o not in OPTIONS]
    if bad:
        raise ValueError(f"--options must be from {list(OPTIONS)}, got {bad}")
    setup = _setup_from(args.setup, args.scale)
    res = benchmark(
        setup, batch=args.batch, device=args.device, options=opts, rounds=args.rounds,
        warmup=args.warmup, memory=not args.no_memory, gate=not args.no_gate,
        log=lambda msg: print(msg, file=sys.stderr, flush=True),
    )  # fmt: skip
    print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
