"""The plain path: a careful hand-written PyTorch loop (:class:`PlainLoop`).

What a careful user writes by hand: separate real and fake critic passes, the
gradient penalty with ``torch.autograd.grad(create_graph=True)`` in fp32,
standard ``torch.optim.Adam``, the critic frozen (``requires_grad_(False)``)
for the generator step, fakes for the critic made under ``no_grad``, and
``loss.item()`` logged every step. :class:`PlainSpec` reads its
hyper-parameters off a condgan objective and config.
"""

from __future__ import annotations

import contextlib
import dataclasses

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.utils.data import DataLoader

from condgan.conditions import Categorical, MultiCategorical, MultiLabel
from condgan.losses import WGANGP, Objective
from condgan.training import TrainConfig

__all__ = ["PlainLoop", "PlainSpec"]


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
