"""The training loop: :class:`Trainer`.

One iteration (:meth:`Trainer.train_step`) is ``critic_steps`` critic updates,
each on a fresh real batch and fresh fakes, then ``g_steps`` generator
updates. The objective computes every loss (it never calls backward); the
trainer owns optimisers, mixed precision, EMA, checkpoints, samples, logs,
fault handling and DDP.

The class is assembled from one part per concept: :class:`~condgan.training.steps.TrainingSteps`
(critic and generator updates), :class:`~condgan.training.sampling.Sampling` (grids,
the evaluation generator, end-of-run visuals) and
:class:`~condgan.training.state.TrainerState` (checkpoint IO); this module holds the
constructor (which sets up every attribute the parts use) and the :meth:`Trainer.fit` loop.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.utils.data import DataLoader, Dataset

from condgan.training import checkpoint as ckpt
from condgan.training.config import TrainConfig, build_optimizer
from condgan.training.distributed import DistContext, EpochSampler, init_distributed
from condgan.training.ema import EMA
from condgan.training.faults import SignalGuard
from condgan.training.run_folder import RunFolderError, RunLock, claim_run_folder
from condgan.training.sampling import Sampling
from condgan.training.seeding import seed_everything
from condgan.training.state import TrainerState
from condgan.training.steps import TrainingSteps, check_data, unchecked_inputs
from condgan.types import InfoCodes

__all__ = ["Hook", "Trainer"]

#: ``hook(trainer, step) -> {name: float} | None``, run every ``every`` iterations.
Hook = Callable[["Trainer", int], "Mapping[str, float] | None"]


class Trainer(TrainerState, Sampling, TrainingSteps):
    """Train a conditional generator against a critic with an objective.

    Args:
        generator: ``forward(z, y)`` (InfoGAN: ``forward(z, y, codes)``) with
            attributes ``space`` and ``nz`` and ``sample_noise(n, generator=,
            device=)`` (InfoGAN also ``info_spec`` and ``sample_codes``).
        critic: ``forward(x, y) -> CriticOutput``; ``joint_pass_exact`` says
            whether a joint real+fake forward equals two passes (without it: two).
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
        check_data(data, generator.space)
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
            spec = ckpt.encode_spec(spec)
        self.generator_spec = spec

        # ---- seeds and determinism ---------------------------------------------
        # (the networks exist already: seed before building them, see seed_everything)
        seed_everything(config.seed, deterministic=config.deterministic, device=self.device)

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
        self.concat = bool(config.concat_real_fake) and bool(
            getattr(critic, "joint_pass_exact", False)
        )
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
            EMA(self.generator, config.ema_decay, start=config.ema_start, ramp=config.ema_ramp)
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
        self._last_saved_time = time.monotonic()
        self._ema_stats_step = -1
        self._lock: RunLock | None = None
        self._claimed = False
        #: ``{"metric", "value", "step"}`` of the best ``config.best_metric`` so far, or None.
        self.best: dict[str, Any] | None = None
        #: The checkpoint this trainer resumed from (``None``: a fresh run).
        self.resumed_from: str | None = None
        #: ``{field: (checkpoint value, new value)}`` applied at :meth:`resume`.
        self.resume_changes: dict[str, tuple[Any, Any]] = {}
        #: How to continue this run, printed when a signal stops :meth:`fit`
        #: (the ``condgan train`` command sets its own command line here).
        self.resume_command: str | None = None
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
        config = cls.config_of(recipe, **overrides)
        if data is None:
            data = getattr(recipe, "data", None)
            if callable(data) and not hasattr(data, "__getitem__"):
                data = data()
        if data is None:
            raise ValueError("the recipe has no data; pass data=...")
        if hooks is None:
            hooks = getattr(recipe, "hooks", None)
        return cls(recipe.generator, recipe.critic, recipe.objective, data, config, hooks=hooks)

    @staticmethod
    def config_of(recipe: Any, **overrides: Any) -> TrainConfig:
        """The :class:`TrainConfig` of a recipe (its ``train``) with ``overrides`` applied."""
        train = getattr(recipe, "train", None)
        if isinstance(train, TrainConfig):
            return train.replace(**overrides)
        if train is None or isinstance(train, Mapping):
            return TrainConfig.from_dict({**dict(train or {}), **overrides})
        raise TypeError(
            f"recipe.train must be a TrainConfig, a dict or None, got {type(train).__name__}"
        )

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

    # ---------------------------------------------------------------------- fit --
    def fit(self, steps: int | None = None) -> dict[str, float]:
        """Train until ``steps`` iterations are done in total (default ``config.steps``).

        Writes (rank 0) checkpoints, sample grids, ``metrics.csv``/``.jsonl``,
        TensorBoard events (if installed), and at the end ``progress.gif`` and
        ``loss_curves.png`` (if matplotlib is installed). SIGINT/SIGTERM save a
        checkpoint, the GIF and the plot, and return early with :attr:`interrupted`
        set to the signal's name.

        Returns:
            The last logged metrics.

        Rank 0 first claims ``out_dir`` (:func:`~condgan.training.run_folder.claim_run_folder`):
        a folder locked by another process, or holding another run while this
        trainer did not resume from it and ``config.overwrite`` is false, is
        refused. Checkpoints are written every ``checkpoint_every`` steps, every
        ``checkpoint_minutes`` of wall time, at the end, on a signal (with a
        line on stderr naming the step, the checkpoint and how to resume) and,
        with ``best_metric``, to ``checkpoints/best.pt`` when it improves.

        Raises:
            NonFiniteLossError, NonFiniteStateError: a loss term, a parameter or
                a buffer became NaN/Inf (no checkpoint is written after it; the
                previous ones are intact).
            ValueError: ``steps`` goes beyond ``config.steps`` with a decaying
                ``config.lr_schedule`` (checked before anything is written).
            RunFolderError: ``out_dir`` holds another run, or another process
                writes to it (:class:`~condgan.training.run_folder.RunFolderInUseError`).
        """
        from condgan.training.logging import MetricsLogger

        cfg = self.config
        target = cfg.steps if steps is None else int(steps)
        if target > cfg.steps and cfg.lr_schedule != "constant":
            raise ValueError(
                f"fit(steps={target}) goes beyond config.steps={cfg.steps}, where the "
                f"{cfg.lr_schedule!r} learning-rate schedule ends; raise config.steps "
                f"instead (the schedule is spread over it)"
            )
        refused: OSError | None = None
        if self.is_main and self._lock is None:
            try:
                self._lock = claim_run_folder(
                    self.out_dir, resuming=self._claimed or self.resumed_here(),
                    overwrite=cfg.overwrite,
                )  # fmt: skip
            except OSError as err:  # RunFolderError, NotADirectoryError, PermissionError...
                refused = err
            self._claimed = refused is None
        (any_refused,) = self._sync_flags(refused is not None)  # every rank stops together
        if refused is not None:
            raise refused
        if any_refused:
            raise RunFolderError(f"rank 0 could not claim the run folder {self.out_dir}")
        bar = None
        self.interrupted = None
        self._last_saved_time = time.monotonic()
        try:
            if self.is_main and self._logger is None:
                self._logger = MetricsLogger(
                    self.out_dir, tensorboard=cfg.tensorboard,
                    resume_step=self.step if self.step > 0 else None,
                )  # fmt: skip
                self.notes.extend(self._logger.notes)
            if self.is_main and cfg.progress:
                from tqdm.auto import tqdm

                bar = tqdm(total=target, initial=self.step, desc="train", dynamic_ncols=True)
            with SignalGuard() as guard, unchecked_inputs(self.generator):
                while self.step < target:
                    self.train_step()
                    step = self.step
                    stop, due = self._sync_flags(
                        guard.received is not None, self.checkpoint_due(step)
                    )
                    if stop:
                        self.interrupted = guard.name or "signal"
                        path = self.save_checkpoint()
                        self._finish()  # a stopped run still gets its GIF and loss plot
                        self._report_interruption(path)
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
                        self.track_best(metrics)
                    if cfg.sample_every and step % cfg.sample_every == 0 and self.is_main:
                        self.save_samples()
                    if due:
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
            if self._lock is not None:
                self._lock.release()
                self._lock = None
        return self.last_metrics

    def _sync_flags(self, *flags: bool) -> tuple[bool, ...]:
        """Agree on yes/no decisions across ranks (any rank's yes wins); one all-reduce."""
        if not self.dist.enabled:
            return tuple(flags)
        import torch.distributed as dist

        t = torch.tensor([1.0 if f else 0.0 for f in flags], device=self.device)
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
        return tuple(bool(v > 0) for v in t.tolist())

    def _flush_metrics(self) -> dict[str, float]:
        if not self._count:
            return {}
        out = {k: float(v) / self._count for k, v in self._sums.items()}
        self._sums, self._count = {}, 0
        return out

    def __repr__(self) -> str:
        fields = {f.name: getattr(self.config, f.name) for f in dataclasses.fields(self.config)}
        short = {k: fields[k] for k in ("steps", "batch_size", "critic_steps", "precision")}
        return f"Trainer(step={self.step}, world_size={self.dist.world_size}, {short})"
