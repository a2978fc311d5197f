"""The training loop: :class:`Trainer`.

One iteration (:meth:`Trainer.train_step`) is ``critic_steps`` critic updates,
each on a fresh real batch and fresh fakes, then ``g_steps`` generator
updates. The objective computes every loss (it never calls backward); the
trainer owns optimisers, mixed precision, EMA, checkpoints, samples, logs,
fault handling and DDP.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset

from condgan.conditions import space_from_dict
from condgan.training import checkpoint as ckpt
from condgan.training.config import TrainConfig, build_optimizer
from condgan.training.distributed import DistContext, EpochSampler, init_distributed
from condgan.training.ema import EMA
from condgan.training.faults import NonFiniteLossError, SignalGuard, first_non_finite
from condgan.types import CriticOutput, InfoCodes, InfoOutput, LossTerms

__all__ = ["Hook", "Trainer"]

#: ``hook(trainer, step) -> {name: float} | None``, run every ``every`` iterations.
Hook = Callable[["Trainer", int], "Mapping[str, float] | None"]


def _slice_output(out: CriticOutput, sl: slice) -> CriticOutput:
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


def _slice_codes(codes: InfoCodes | None, sl: slice) -> InfoCodes | None:
    if codes is None:
        return None
    cont = None if codes.continuous is None else codes.continuous[sl]
    return InfoCodes(categorical=[c[sl] for c in codes.categorical], continuous=cont)


def _repeat_codes(codes: InfoCodes | None, rows: int) -> InfoCodes | None:
    if codes is None:
        return None
    cont = None if codes.continuous is None else codes.continuous.repeat(rows, 1)
    return InfoCodes(categorical=[c.repeat(rows) for c in codes.categorical], continuous=cont)


class Trainer:
    """Train a conditional generator against a critic with an objective.

    Args:
        generator: ``forward(z, y)`` (InfoGAN: ``forward(z, y, codes)``) with
            attributes ``space`` and ``nz`` and ``sample_noise(n, generator=,
            device=)`` (InfoGAN also ``info_spec`` and ``sample_codes``).
        critic: ``forward(x, y) -> CriticOutput``; ``has_batch_stats`` says
            whether a joint real+fake forward would differ from two passes.
        objective: ``critic_loss(...) -> LossTerms`` and ``generator_loss(...) -> LossTerms``
            (see :mod:`condgan.losses`).
        data: a map-style data set of ``(image (C, H, W) in [-1, 1], y)`` pairs.
        config: a :class:`TrainConfig` or a dict of its fields.
        hooks: ``(hook, every)`` pairs; see :meth:`add_hook`.
        generator_spec: how to rebuild the generator (``{"name", "kwargs"}``);
            default: the generator's ``spec`` attribute.

    Under ``torchrun`` (or an initialised process group) the networks are
    wrapped in DDP, the data is split by :class:`EpochSampler`, and only rank 0
    logs and writes files.

    Example:
        >>> trainer = Trainer(G, D, objective, dataset, TrainConfig(steps=2000, critic_steps=5))
        >>> trainer.fit()
    """

    def __init__(
        self,
        generator: nn.Module,
        critic: nn.Module,
        objective: Any,
        data: Dataset,
        config: TrainConfig | Mapping[str, Any] | None = None,
        *,
        hooks: list[tuple[Hook, int]] | None = None,
        generator_spec: Mapping[str, Any] | None = None,
    ) -> None:
        # ---- checks first: a bad setup fails before any work -------------------
        if config is None:
            config = TrainConfig()
        elif isinstance(config, Mapping):
            config = TrainConfig.from_dict(config)
        elif not isinstance(config, TrainConfig):
            raise TypeError(f"config must be a TrainConfig or a dict, got {type(config).__name__}")
        for name, module in (("generator", generator), ("critic", critic)):
            if not isinstance(module, nn.Module):
                raise TypeError(f"{name} must be a torch.nn.Module, got {type(module).__name__}")
        for attr in ("space", "nz", "sample_noise"):
            if not hasattr(generator, attr):
                raise TypeError(f"generator must have a `{attr}` attribute (see condgan.models)")
        for attr in ("critic_loss", "generator_loss"):
            if not callable(getattr(objective, attr, None)):
                raise TypeError(f"objective must have a `{attr}` method (see condgan.losses)")
        if not (hasattr(data, "__getitem__") and hasattr(data, "__len__")):
            raise TypeError(
                f"data must be a map-style data set (with __len__ and __getitem__), "
                f"got {type(data).__name__}"
            )
        self.config = config
        self.dist: DistContext = init_distributed(config.device)
        if config.batch_size % self.dist.world_size:
            raise ValueError(
                f"TrainConfig.batch_size ({config.batch_size}) must be divisible by the number "
                f"of ranks ({self.dist.world_size})"
            )
        self.local_batch = config.batch_size // self.dist.world_size
        if len(data) < config.batch_size:
            raise ValueError(
                f"the data set has {len(data)} samples, fewer than one batch ({config.batch_size})"
            )
        self.device = self.dist.device
        if config.precision == "bf16" and self.device.type == "cuda":
            if not torch.cuda.is_bf16_supported():
                raise ValueError("TrainConfig.precision='bf16' but this GPU does not support bf16")
        spec = generator_spec if generator_spec is not None else None
        if spec is None:
            try:
                spec = ckpt.generator_spec(generator)
            except ckpt.CheckpointError:
                spec = None
        else:
            spec = {"name": spec["name"], "kwargs": ckpt._encode(dict(spec.get("kwargs", {})))}
        self.generator_spec = spec

        # ---- seeds and determinism ---------------------------------------------
        random.seed(config.seed)
        np.random.seed(config.seed)  # noqa: NPY002 (user code may use the global state)
        torch.manual_seed(config.seed)
        if config.deterministic:
            torch.use_deterministic_algorithms(True, warn_only=True)
            torch.backends.cudnn.benchmark = False
        elif self.device.type == "cuda":
            torch.backends.cudnn.benchmark = True

        # ---- networks ------------------------------------------------------------
        fmt = torch.channels_last if config.channels_last else torch.contiguous_format
        self.generator = generator.to(self.device, memory_format=fmt).train()
        self.critic = critic.to(self.device, memory_format=fmt).train()
        if isinstance(objective, nn.Module):
            objective.to(self.device)
        self.objective = objective
        self.space = generator.space
        self.info = getattr(generator, "info_spec", None) is not None
        self.g: nn.Module = self.generator
        self.d: nn.Module = self.critic
        if self.dist.enabled:
            from torch.nn.parallel import DistributedDataParallel as DDP

            ids = [self.device.index] if self.device.type == "cuda" else None
            self.g = DDP(self.generator, device_ids=ids)
            self.d = DDP(self.critic, device_ids=ids)
        self.concat = bool(config.concat_real_fake) and not getattr(critic, "has_batch_stats", True)
        self.opt_g = build_optimizer(
            config.optimizer_g, self.generator.parameters(), lr=config.lr_g,
            betas=config.betas_g, eps=config.eps, weight_decay=config.weight_decay,
            device=self.device,
        )  # fmt: skip
        self.opt_d = build_optimizer(
            config.optimizer_d, self.critic.parameters(), lr=config.lr_d,
            betas=config.betas_d, eps=config.eps, weight_decay=config.weight_decay,
            device=self.device,
        )  # fmt: skip
        fp16 = config.precision == "fp16"
        self.scaler_g = torch.amp.GradScaler(self.device.type, enabled=fp16)
        self.scaler_d = torch.amp.GradScaler(self.device.type, enabled=fp16)
        self._amp_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(config.precision)
        self.ema = (
            EMA(self.generator, config.ema_decay, start=config.ema_start)
            if config.ema_decay is not None
            else None
        )

        # ---- randomness owned by the trainer -------------------------------------
        self._rng_cpu = torch.Generator().manual_seed(config.seed + 1)
        self._rng_dev = torch.Generator(self.device).manual_seed(config.seed + 2)

        # ---- data ------------------------------------------------------------------
        self.data = data
        self.sampler = EpochSampler(
            len(data), self.local_batch, rank=self.dist.rank, world_size=self.dist.world_size,
            shuffle=config.shuffle, seed=config.seed,
        )  # fmt: skip
        self._loader_gen = torch.Generator()
        self.loader = DataLoader(
            data, batch_size=self.local_batch, sampler=self.sampler, drop_last=True,
            num_workers=config.num_workers, pin_memory=self.device.type == "cuda",
            generator=self._loader_gen, persistent_workers=False,
        )  # fmt: skip
        self._iter = None

        # ---- state ---------------------------------------------------------------
        self.step = 0
        self.critic_step = 0
        self.epoch = 0
        self.batch_in_epoch = 0
        self.interrupted: str | None = None
        self.out_dir = Path(config.out_dir)
        self.hooks: list[tuple[Hook, int]] = []
        for hook, every in hooks or []:
            self.add_hook(hook, every)
        self._pending: list[tuple[int, dict[str, Tensor]]] = []
        self._sums: dict[str, Tensor] = {}
        self._count = 0
        self._logger = None
        self._grid: tuple[Tensor, Tensor, InfoCodes | None, list[str]] | None = None
        self._last_saved_step = -1
        self.notes: list[str] = []
        self.last_metrics: dict[str, float] = {}

    # ------------------------------------------------------------------ recipes --
    @classmethod
    def from_recipe(
        cls, recipe: Any, *, data: Dataset | None = None, hooks=None, **overrides: Any
    ) -> Trainer:
        """Build from a recipe object: ``generator``, ``critic``, ``objective``,
        ``train`` (a :class:`TrainConfig`, a dict of fields, or ``None``),
        ``data`` (a data set or a zero-argument callable making one) and,
        optionally, ``hooks`` (used when ``hooks`` is not passed).

        ``overrides`` replace config fields, e.g. ``batch_size=32, steps=100``.
        """
        for attr in ("generator", "critic", "objective"):
            if not hasattr(recipe, attr):
                raise TypeError(f"recipe must have a `{attr}` attribute")
        train = getattr(recipe, "train", None)
        if isinstance(train, TrainConfig):
            config = train.replace(**overrides)
        elif train is None or isinstance(train, Mapping):
            config = TrainConfig.from_dict({**dict(train or {}), **overrides})
        else:
            raise TypeError(
                f"recipe.train must be a TrainConfig, a dict or None, got {type(train).__name__}"
            )
        if data is None:
            data = getattr(recipe, "data", None)
            if callable(data) and not hasattr(data, "__getitem__"):
                data = data()
        if data is None:
            raise ValueError("the recipe has no data; pass data=...")
        if hooks is None:
            hooks = getattr(recipe, "hooks", None)
        return cls(recipe.generator, recipe.critic, recipe.objective, data, config, hooks=hooks)

    # ------------------------------------------------------------------- helpers --
    @property
    def is_main(self) -> bool:
        """True on the process that logs and writes files (rank 0)."""
        return self.dist.is_main

    def add_hook(self, hook: Hook, every: int) -> None:
        """Run ``hook(trainer, step)`` every ``every`` iterations; a returned dict is logged.

        Hooks run on every rank (use :attr:`is_main` to skip work elsewhere).
        """
        if not callable(hook):
            raise TypeError(f"hook must be callable, got {type(hook).__name__}")
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"hook `every` must be an int >= 1, got {every!r}")
        self.hooks.append((hook, every))

    def _autocast(self):
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
        return z[sl], y[sl], _slice_codes(codes, sl)

    @staticmethod
    def _run_generator(g: nn.Module, z: Tensor, y: Tensor, codes: InfoCodes | None) -> Tensor:
        return g(z, y) if codes is None else g(z, y, codes)

    def _record(self, prefix: str, losses: LossTerms, into: dict[str, Tensor]) -> None:
        if not isinstance(losses, LossTerms):
            raise TypeError(f"the objective must return LossTerms, got {type(losses).__name__}")
        into[f"{prefix}total"] = losses.total.detach()
        for name, value in losses.terms.items():
            into[f"{prefix}{name}"] = value.detach()

    # ---------------------------------------------------------------- the steps --
    def _critic_step(self) -> LossTerms:
        real, y_real = self._next_batch()
        n = real.shape[0]
        z, y_fake, codes = self._latents(n)
        with torch.no_grad(), self._autocast():
            fake = self._run_generator(self.generator, z, y_fake, codes)
        if self.config.channels_last:
            fake = fake.contiguous(memory_format=torch.channels_last)
        self.opt_d.zero_grad(set_to_none=True)
        with self._autocast():
            if self.concat:
                out = self.d(torch.cat([real, fake]), torch.cat([y_real, y_fake]))
                out_real, out_fake = (
                    _slice_output(out, slice(0, n)),
                    _slice_output(out, slice(n, None)),
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
            with self._autocast():
                fake = self._run_generator(self.g, z, y, codes)
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
        """
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

    def check_finite(self) -> None:
        """Raise :class:`NonFiniteLossError` if a loss term since the last check was NaN/Inf."""
        pending, self._pending = self._pending, []
        bad = first_non_finite(pending)
        if bad is not None:
            term, step, value = bad
            raise NonFiniteLossError(term, step, value)

    # ------------------------------------------------------------------ samples --
    def _grid_inputs(self) -> tuple[Tensor, Tensor, InfoCodes | None, list[str]]:
        if self._grid is None:
            cfg = self.config
            g = torch.Generator().manual_seed(cfg.seed + 3)
            rows = cfg.grid_rows
            total = self.space.num_combinations
            if total is not None:
                combos = self.space.combinations()
                idx = torch.linspace(0, total - 1, min(rows, total)).round().long()
                y = combos[idx]
            else:
                y = self.space.sample(rows, generator=g)
            rows = y.shape[0]
            z = self.generator.sample_noise(cfg.grid_cols, generator=g)
            codes = self.generator.sample_codes(cfg.grid_cols, generator=g) if self.info else None
            labels = self.space.describe(y)
            z = z.repeat(rows, 1)
            y = y.repeat_interleave(cfg.grid_cols, 0)
            self._grid = (z, y, _repeat_codes(codes, rows), labels)
        return self._grid

    @torch.no_grad()
    def sample_grid(self) -> Tensor:
        """The fixed condition grid: rows = conditions, columns = fixed noise (EMA G if any)."""
        z, y, codes, _ = self._grid_inputs()
        g = self.ema.module if self.ema is not None else self.generator
        was_training = g.training
        g.eval()
        try:
            codes_dev = None
            if codes is not None:
                codes_dev = InfoCodes(
                    [c.to(self.device) for c in codes.categorical],
                    None if codes.continuous is None else codes.continuous.to(self.device),
                )
            images = self._run_generator(g, z.to(self.device), y.to(self.device), codes_dev)
        finally:
            g.train(was_training)
        return images.float().cpu()

    def save_samples(self) -> Path:
        """Write ``samples/step_XXXXXXX.png`` (and the row labels as ``.txt``)."""
        from condgan.training.visuals import save_grid

        images = self.sample_grid()
        path = self.out_dir / "samples" / f"step_{self.step:07d}.png"
        save_grid(images, path, nrow=self.config.grid_cols, labels=self._grid_inputs()[3])
        return path

    # -------------------------------------------------------------- checkpoints --
    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue exactly (see :mod:`condgan.training.checkpoint`)."""
        return {
            "format": ckpt.FORMAT,
            "version": ckpt.VERSION,
            "step": self.step,
            "critic_step": self.critic_step,
            "epoch": self.epoch,
            "batch_in_epoch": self.batch_in_epoch,
            "generator": self.generator.state_dict(),
            "critic": self.critic.state_dict(),
            "ema": None if self.ema is None else self.ema.state_dict(),
            "opt_g": self.opt_g.state_dict(),
            "opt_d": self.opt_d.state_dict(),
            "scaler_g": self.scaler_g.state_dict(),
            "scaler_d": self.scaler_d.state_dict(),
            "config": self.config.to_dict(),
            "space": self.space.to_dict(),
            "generator_spec": self.generator_spec,
            "rng": ckpt.capture_rng(self._generators()),
        }

    def _generators(self) -> dict[str, torch.Generator]:
        return {"cpu": self._rng_cpu, "device": self._rng_dev}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore a :meth:`state_dict` (networks, optimisers, RNGs, data position)."""
        if state.get("space") is not None and space_from_dict(dict(state["space"])) != self.space:
            raise ckpt.CheckpointError(
                "the checkpoint's condition space differs from the generator's: "
                f"{space_from_dict(dict(state['space']))!r} vs {self.space!r}"
            )
        self.generator.load_state_dict(state["generator"])
        self.critic.load_state_dict(state["critic"])
        if self.ema is not None:
            if state.get("ema") is not None:
                self.ema.load_state_dict(state["ema"])
            else:
                self.ema.module.load_state_dict(state["generator"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        self.scaler_g.load_state_dict(state["scaler_g"])
        self.scaler_d.load_state_dict(state["scaler_d"])
        self.step = int(state["step"])
        self.critic_step = int(state["critic_step"])
        self.epoch = int(state["epoch"])
        self.batch_in_epoch = int(state["batch_in_epoch"])
        self._iter = None
        self._pending.clear()
        self._last_saved_step = self.step
        ckpt.restore_rng(state["rng"], self._generators())

    def save_checkpoint(self, path: str | Path | None = None) -> Path | None:
        """Check the losses, then write a checkpoint atomically (rank 0 only; others get ``None``).

        Default path: ``out_dir/checkpoints/step_XXXXXXX.pt``; older step
        checkpoints beyond ``keep_checkpoints`` are removed.
        """
        self.check_finite()
        if not self.is_main:
            return None
        auto = path is None
        path = Path(path) if path is not None else self.checkpoint_dir / f"step_{self.step:07d}.pt"
        ckpt.save_checkpoint(self.state_dict(), path)
        self._last_saved_step = self.step
        keep = self.config.keep_checkpoints
        if auto and keep:
            for old in sorted(self.checkpoint_dir.glob("step_*.pt"))[:-keep]:
                old.unlink(missing_ok=True)
        return path

    @property
    def checkpoint_dir(self) -> Path:
        return self.out_dir / "checkpoints"

    def resume(self, path: str | Path) -> int:
        """Continue from a checkpoint file (or a run folder's latest); returns its step."""
        state = ckpt.load_checkpoint(path, map_location=self.device)
        self.load_state_dict(state)
        return self.step

    # ---------------------------------------------------------------------- fit --
    def _stop_requested(self, guard: SignalGuard) -> bool:
        flag = guard.received is not None
        if self.dist.enabled:
            import torch.distributed as dist

            t = torch.tensor([1.0 if flag else 0.0], device=self.device)
            dist.all_reduce(t, op=dist.ReduceOp.MAX)
            flag = bool(t.item() > 0)
        return flag

    def _flush_metrics(self) -> dict[str, float]:
        if not self._count:
            return {}
        out = {k: float(v) / self._count for k, v in self._sums.items()}
        self._sums, self._count = {}, 0
        return out

    def fit(self, steps: int | None = None) -> dict[str, float]:
        """Train until ``steps`` iterations are done in total (default ``config.steps``).

        Writes (rank 0) checkpoints, sample grids, ``metrics.csv``/``.jsonl``,
        TensorBoard events (if installed), and at the end ``progress.gif`` and
        ``loss_curves.png`` (if matplotlib is installed). SIGINT/SIGTERM save a
        checkpoint and return early with :attr:`interrupted` set to the signal's name.

        Returns:
            The last logged metrics.

        Raises:
            NonFiniteLossError: a loss term became NaN/Inf (no checkpoint is
                written after it; the previous ones are intact).
        """
        from condgan.training.logging import MetricsLogger

        cfg = self.config
        target = cfg.steps if steps is None else int(steps)
        if self.is_main and self._logger is None:
            self._logger = MetricsLogger(
                self.out_dir, tensorboard=cfg.tensorboard,
                resume_step=self.step if self.step > 0 else None,
            )  # fmt: skip
            self.notes.extend(self._logger.notes)
        bar = None
        if self.is_main and cfg.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=target, initial=self.step, desc="train", dynamic_ncols=True)
        self.interrupted = None
        try:
            with SignalGuard() as guard:
                while self.step < target:
                    self.train_step()
                    step = self.step
                    if self._stop_requested(guard):
                        self.interrupted = guard.name or "signal"
                        self.save_checkpoint()
                        break
                    metrics: dict[str, float] = {}
                    if step % cfg.log_every == 0 or step == target:
                        metrics.update(self._flush_metrics())
                    for hook, every in self.hooks:
                        if step % every == 0:
                            extra = hook(self, step)
                            if extra:
                                metrics.update({k: float(v) for k, v in extra.items()})
                    if metrics:
                        self.last_metrics = metrics
                        if self._logger is not None:
                            self._logger.log(step, metrics)
                        if bar is not None:
                            keys = [k for k in ("d/total", "g/total") if k in metrics]
                            bar.set_postfix({k: f"{metrics[k]:.3g}" for k in keys})
                    if cfg.sample_every and step % cfg.sample_every == 0 and self.is_main:
                        self.save_samples()
                    if cfg.checkpoint_every and step % cfg.checkpoint_every == 0:
                        self.save_checkpoint()
                    if bar is not None:
                        bar.update(1)
                else:
                    if self._last_saved_step != self.step:
                        self.save_checkpoint()
                    self._finish()
        finally:
            if bar is not None:
                bar.close()
            if self._logger is not None:
                self._logger.close()
                self._logger = None
        return self.last_metrics

    def _finish(self) -> None:
        if not self.is_main:
            return
        from condgan.training.visuals import plot_losses, save_gif

        cfg = self.config
        samples = sorted((self.out_dir / "samples").glob("step_*.png"))
        if cfg.sample_every and (not samples or samples[-1].stem != f"step_{self.step:07d}"):
            samples.append(self.save_samples())
        if cfg.gif and len(samples) > 1:
            save_gif(samples, self.out_dir / "progress.gif")
        if cfg.plot:
            from condgan.training.logging import MetricsLogger

            log = self._logger or MetricsLogger(
                self.out_dir, tensorboard=False, resume_step=self.step
            )
            series = {k: log.series(k) for k in log.columns if k.endswith("total")}
            if series and plot_losses(series, self.out_dir / "loss_curves.png") is None:
                self.notes.append(
                    "loss-curve plot skipped: install matplotlib (`pip install condgan[plot]`)"
                )
        self.notes = list(dict.fromkeys(self.notes))
        for note in self.notes:
            print(f"condgan: note: {note}", file=sys.stderr)

    def __repr__(self) -> str:
        fields = {f.name: getattr(self.config, f.name) for f in dataclasses.fields(self.config)}
        short = {k: fields[k] for k in ("steps", "batch_size", "critic_steps", "precision")}
        return f"Trainer(step={self.step}, world_size={self.dist.world_size}, {short})"
