"""One training iteration: the critic steps and the generator steps.

:class:`TrainingSteps` is the part of :class:`~condgan.training.Trainer` that
draws batches and latents and updates the networks; it uses the trainer's
networks, optimisers, scalers, random generators and data loader, all set up
in :class:`~condgan.training.Trainer`'s constructor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import torch
from torch import Tensor, nn

from condgan.conditions import ConditionSpace
from condgan.conditions.same_space import check_same_space
from condgan.training.faults import (
    NonFiniteLossError,
    NonFiniteStateError,
    first_non_finite,
    first_non_finite_tensor,
)
from condgan.training.lr_schedule import lr_factor
from condgan.types import CriticOutput, InfoCodes, InfoOutput, LossTerms

__all__ = [
    "TrainingSteps",
    "check_data",
    "repeat_codes",
    "run_generator",
    "slice_codes",
    "slice_output",
    "unchecked_inputs",
]


def check_data(data: Any, space: Any) -> None:
    """The data contract of the steps: a map-style data set of the generator's ``space``.

    Raises:
        TypeError: ``data`` has no ``__len__`` and ``__getitem__``.
        SpaceMismatchError: ``data.space`` (when it has one) differs from ``space``;
            checked before anything is built or written.
    """
    if not (hasattr(data, "__getitem__") and hasattr(data, "__len__")):
        raise TypeError(
            f"data must be a map-style data set (with __len__ and __getitem__), "
            f"got {type(data).__name__}"
        )
    data_space = getattr(data, "space", None)
    if isinstance(data_space, ConditionSpace) and isinstance(space, ConditionSpace):
        check_same_space(
            space, data_space, expected_from="the generator",
            got_from=f"the data ({type(data).__name__})",
        )  # fmt: skip


@contextlib.contextmanager
def unchecked_inputs(generator: nn.Module) -> Iterator[None]:
    """Turn the generator's value checks (its ``validate`` flag) off for the block.

    Inside the training loop the conditions come from the space itself, and the
    checks would cost a device synchronisation per step; the flag is restored
    afterwards (generators without the flag are left alone).
    """
    before = getattr(generator, "validate", None)
    if isinstance(before, bool):
        generator.validate = False
    try:
        yield
    finally:
        if isinstance(before, bool):
            generator.validate = before


def slice_output(out: CriticOutput, sl: slice) -> CriticOutput:
    def cut(t):
        return None if t is None else t[sl]

    aux = out.aux
    if isinstance(aux, (list, tuple)):
        aux = [a[sl] for a in aux]
    elif aux is not None:
        aux = aux[sl]
    info = out.info
    if info is not None:
        info = InfoOutput(
            categorical=[c[sl] for c in info.categorical],
            mean=cut(info.mean),
            log_scale=cut(info.log_scale),
        )
    return CriticOutput(adv=out.adv[sl], aux=aux, info=info, features=cut(out.features))


def slice_codes(codes: InfoCodes | None, sl: slice) -> InfoCodes | None:
    if codes is None:
        return None
    cont = None if codes.continuous is None else codes.continuous[sl]
    return InfoCodes(categorical=[c[sl] for c in codes.categorical], continuous=cont)


def repeat_codes(codes: InfoCodes | None, rows: int) -> InfoCodes | None:
    if codes is None:
        return None
    cont = None if codes.continuous is None else codes.continuous.repeat(rows, 1)
    return InfoCodes(categorical=[c.repeat(rows) for c in codes.categorical], continuous=cont)


def run_generator(g: nn.Module, z: Tensor, y: Tensor, codes: InfoCodes | None) -> Tensor:
    """``g(z, y)``, or ``g(z, y, codes)`` for an InfoGAN generator (``codes`` given)."""
    return g(z, y) if codes is None else g(z, y, codes)


class TrainingSteps:
    """Critic and generator updates of :class:`~condgan.training.Trainer` (a mixin)."""

    def autocast(self):
        """Autocast to the configured precision (a no-op context for fp32)."""
        if self._amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self._amp_dtype)

    def _next_batch(self) -> tuple[Tensor, Tensor]:
        while True:
            if self._iter is None:
                self.sampler.set_epoch(self.epoch, self.batch_in_epoch)
                self._loader_gen.manual_seed(self.config.seed * 7919 + self.epoch)
                self._iter = iter(self.loader)
            try:
                batch = next(self._iter)
            except StopIteration:
                self._iter = None
                self.epoch += 1
                self.batch_in_epoch = 0
                continue
            self.batch_in_epoch += 1
            break
        if not isinstance(batch, (list, tuple)) or len(batch) < 2:
            raise TypeError("the data set must return (image, y) pairs")
        x, y = batch[0], batch[1]
        x = x.to(self.device, non_blocking=True)
        if self.config.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return x, y.to(self.device, non_blocking=True)

    def _latents(self, n_local: int) -> tuple[Tensor, Tensor, InfoCodes | None]:
        # Draw for the *global* batch and keep this rank's slice, so N ranks see
        # exactly what one process with the global batch sees.
        n = n_local * self.dist.world_size
        sl = slice(self.dist.rank * n_local, (self.dist.rank + 1) * n_local)
        z = self.generator.sample_noise(n, generator=self._rng_dev, device=self.device)
        y = self.space.sample(n, generator=self._rng_cpu).to(self.device)
        codes = None
        if self.info:
            codes = self.generator.sample_codes(n, generator=self._rng_dev, device=self.device)
        return z[sl], y[sl], slice_codes(codes, sl)

    def _record(self, prefix: str, losses: LossTerms, into: dict[str, Tensor]) -> None:
        if not isinstance(losses, LossTerms):
            raise TypeError(f"the objective must return LossTerms, got {type(losses).__name__}")
        into[f"{prefix}total"] = losses.total.detach()
        for name, value in losses.terms.items():
            into[f"{prefix}{name}"] = value.detach()

    def _critic_step(self) -> LossTerms:
        real, y_real = self._next_batch()
        n = real.shape[0]
        z, y_fake, codes = self._latents(n)
        with torch.no_grad(), self.autocast():
            fake = run_generator(self.generator, z, y_fake, codes)
        if self.config.channels_last:
            fake = fake.contiguous(memory_format=torch.channels_last)
        self.opt_d.zero_grad(set_to_none=True)
        with self.autocast():
            if self.concat:
                out = self.d(torch.cat([real, fake]), torch.cat([y_real, y_fake]))
                out_real, out_fake = (
                    slice_output(out, slice(0, n)),
                    slice_output(out, slice(n, None)),
                )
            else:
                out_real, out_fake = self.d(real, y_real), self.d(fake, y_fake)
            losses = self.objective.critic_loss(
                self.d, real, y_real, fake, y_fake, step=self.critic_step,
                generator=self._rng_dev, codes=codes, out_real=out_real, out_fake=out_fake,
            )  # fmt: skip
        self.scaler_d.scale(losses.total).backward()
        self.scaler_d.step(self.opt_d)
        self.scaler_d.update()
        if self.config.clip_value is not None:
            c = float(self.config.clip_value)
            with torch.no_grad():
                for p in self.critic.parameters():
                    p.clamp_(-c, c)
        self.critic_step += 1
        return losses

    def _generator_step(self) -> LossTerms:
        z, y, codes = self._latents(self.local_batch)
        self.critic.requires_grad_(False)
        try:
            self.opt_g.zero_grad(set_to_none=True)
            with self.autocast():
                fake = run_generator(self.g, z, y, codes)
                if self.config.channels_last:
                    fake = fake.contiguous(memory_format=torch.channels_last)
                # the critic needs no gradient sync here, so its plain module is used
                out_fake = self.critic(fake, y)
                losses = self.objective.generator_loss(
                    self.critic, fake, y, codes=codes, out_fake=out_fake
                )
            self.scaler_g.scale(losses.total).backward()
            self.scaler_g.step(self.opt_g)
            self.scaler_g.update()
        finally:
            self.critic.requires_grad_(True)
        if self.ema is not None:
            self.ema.update(self.generator)
        return losses

    def train_step(self) -> dict[str, Tensor]:
        """One iteration: every critic step, then every generator step.

        Returns:
            ``{"d/<term>": ..., "g/<term>": ...}`` as detached scalar tensors on
            the device (no host sync; call ``float()`` on them when you log).
            Critic terms are those of the iteration's last critic step.

        Raises:
            NonFiniteLossError: at a check (every ``check_every`` iterations),
                naming the first NaN/Inf term and its step.
            NonFiniteStateError: at a check, a parameter or buffer is NaN/Inf.
        """
        self.schedule_lr()
        step = self.step + 1
        record: dict[str, Tensor] = {}
        for _ in range(self.config.critic_steps):
            d_terms: dict[str, Tensor] = {}
            self._record("d/", self._critic_step(), d_terms)
            self._pending.append((step, d_terms))
            record.update(d_terms)
        for _ in range(self.config.g_steps):
            g_terms: dict[str, Tensor] = {}
            self._record("g/", self._generator_step(), g_terms)
            self._pending.append((step, g_terms))
            record.update(g_terms)
        self.step = step
        for k, v in record.items():
            v = v.float()
            self._sums[k] = self._sums[k] + v if k in self._sums else v.clone()
        self._count += 1
        if step % self.config.check_every == 0:
            self.check_finite()
        return record

    def schedule_lr(self) -> None:
        """Set both optimisers' rates for the next iteration: ``lr_g`` and ``lr_d`` times
        the factor of ``config.lr_schedule`` at ``step / config.steps``. The
        ``"constant"`` schedule leaves the rates as they are (a scheduler of your
        own keeps working)."""
        cfg = self.config
        if cfg.lr_schedule == "constant":
            return
        f = lr_factor(cfg.lr_schedule, self.step, max(1, cfg.steps), cfg.lr_decay_start)
        for opt, lr in ((self.opt_g, cfg.lr_g), (self.opt_d, cfg.lr_d)):
            for group in opt.param_groups:
                group["lr"] = lr * f

    def check_finite(self) -> None:
        """Check that every loss term since the last check, and every parameter and buffer
        of the generator, the critic and the EMA generator, is finite.

        Raises:
            NonFiniteLossError: a loss term was NaN/Inf (the first one, with its step).
            NonFiniteStateError: a parameter or buffer holds NaN/Inf (e.g. a
                BatchNorm running variance that overflowed), named.
        """
        pending, self._pending = self._pending, []
        bad = first_non_finite(pending)
        if bad is not None:
            term, step, value = bad
            raise NonFiniteLossError(term, step, value)
        name = first_non_finite_tensor(self.named_state_tensors())
        if name is not None:
            raise NonFiniteStateError(name, self.step)

    def named_state_tensors(self) -> Iterator[tuple[str, Tensor]]:
        """``("generator.<name>", tensor)``, ... for every parameter and buffer of the networks."""
        nets = [("generator", self.generator), ("critic", self.critic)]
        if self.ema is not None:
            nets.append(("ema", self.ema.module))
        for prefix, net in nets:
            for name, t in net.named_parameters():
                yield f"{prefix}.{name}", t
            for name, t in net.named_buffers():
                yield f"{prefix}.{name}", t
