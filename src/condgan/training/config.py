"""The trainer's configuration (:class:`TrainConfig`) and the optimiser registry.

A config is a plain dataclass of plain values (str, int, float, bool, tuples),
so it round-trips through a checkpoint (``dataclasses.asdict``) and a recipe can
give it as a dict of overrides. Every field is checked in ``__post_init__``:
a bad config fails before any work, with a message naming the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import torch

from condgan.training.lr_schedule import list_lr_schedules

__all__ = [
    "TrainConfig",
    "build_optimizer",
    "list_optimizers",
    "register_optimizer",
]

OptimizerFactory = Callable[..., torch.optim.Optimizer]
_OPTIMIZERS: dict[str, OptimizerFactory] = {}


def register_optimizer(name: str, factory: OptimizerFactory | None = None):
    """Register ``factory(params, *, lr, betas, eps, weight_decay, device) -> Optimizer``.

    Usable as a decorator (``@register_optimizer("lion")``) or a call.
    """

    def deco(fn: OptimizerFactory) -> OptimizerFactory:
        if not isinstance(name, str) or not name:
            raise ValueError(f"optimizer name must be a non-empty string, got {name!r}")
        _OPTIMIZERS[name] = fn
        return fn

    return deco if factory is None else deco(factory)


def list_optimizers() -> list[str]:
    """The optimiser names :class:`TrainConfig` accepts."""
    return sorted(_OPTIMIZERS)


def _fast_kwargs(device: torch.device | None) -> dict[str, Any]:
    # fused kernels exist for CUDA (and a few other accelerators); on CPU the
    # default single-tensor path is used, which is bit-reproducible.
    if device is not None and device.type == "cuda":
        return {"fused": True}
    return {}


@register_optimizer("adam")
def _adam(params, *, lr, betas, eps, weight_decay, device=None):
    return torch.optim.Adam(
        params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, **_fast_kwargs(device)
    )


@register_optimizer("adamw")
def _adamw(params, *, lr, betas, eps, weight_decay, device=None):
    return torch.optim.AdamW(
        params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, **_fast_kwargs(device)
    )


@register_optimizer("rmsprop")
def _rmsprop(params, *, lr, betas, eps, weight_decay, device=None):
    # betas are ignored: RMSProp's smoothing constant keeps torch's default (0.99).
    return torch.optim.RMSprop(params, lr=lr, eps=eps, weight_decay=weight_decay)


def build_optimizer(
    name: str,
    params: Iterable[torch.nn.Parameter],
    *,
    lr: float,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
    device: torch.device | None = None,
) -> torch.optim.Optimizer:
    """Build a registered optimiser (see :func:`list_optimizers`)."""
    if name not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list_optimizers()}, got {name!r}")
    return _OPTIMIZERS[name](
        list(params), lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, device=device
    )


PRECISIONS = ("fp32", "bf16", "fp16")


@dataclass
class TrainConfig:
    """Everything the :class:`~condgan.training.Trainer` loop needs besides the models.

    One *step* (iteration) is ``critic_steps`` critic updates, each on a fresh
    real batch, followed by ``g_steps`` generator updates. R3's "D updated half
    as often" is ``critic_steps=1, g_steps=2``.

    Attributes:
        steps: iterations :meth:`~condgan.training.Trainer.fit` runs to (a total, so
            a resumed run stops at the same place).
        batch_size: *global* batch size (split evenly across DDP ranks).
        critic_steps: critic updates per iteration (>= 1).
        g_steps: generator updates per iteration (>= 1).
        optimizer_g, optimizer_d: registered optimiser names (``"adam"``,
            ``"adamw"``, ``"rmsprop"``, or your own via :func:`register_optimizer`).
        lr_g, lr_d: learning rates.
        betas_g, betas_d: Adam betas (ignored by RMSProp).
        eps: optimiser epsilon.
        weight_decay: optimiser weight decay (both networks).
        lr_schedule: a registered learning-rate schedule
            (:mod:`condgan.training.lr_schedule`): ``"constant"``, ``"linear"``
            or ``"cosine"`` decay to 0 at iteration ``steps`` (a decaying
            schedule refuses ``fit`` beyond it); it scales ``lr_g`` and ``lr_d``
            alike and depends on the step only, so a resumed run continues it.
        lr_decay_start: the fraction of the run, in ``[0, 1)``, before the
            schedule starts to decay.
        clip_value: clamp every critic parameter to ``[-c, c]`` after each critic
            update (WGAN weight clipping); ``None`` for none.
        ema_decay: keep an exponential moving average of G with this decay and
            use it for samples and checkpoints' sampling weights; ``None`` for none.
        ema_start: iterations before the EMA starts averaging (it copies G until then).
        ema_ramp: warm the EMA up: the factor of update ``t`` (counted from
            ``ema_start``) is ``min(ema_decay, (1 + t) / (10 + t))``, so the
            average forgets the first, poor weights quickly.
        ema_standing_batches: batches of fresh noise and conditions run through
            the EMA generator to recompute its BatchNorm statistics (standing
            statistics, as BigGAN) before each sample grid, evaluation and
            checkpoint; 0 keeps the live generator's statistics (not advised:
            they were gathered with other weights).
        precision: ``"fp32"``, ``"bf16"`` (autocast) or ``"fp16"`` (autocast and
            one gradient scaler per network; the penalties are part of the
            scaled total).
        channels_last: use the channels-last memory format for both networks and
            the image batches.
        concat_real_fake: one critic forward on the concatenated real and fake
            batches when that equals two forwards (``critic.joint_pass_exact``:
            no batch statistics, no spectral norm; a critic without the
            attribute gets two passes).
        seed: seeds Python, NumPy, torch and the trainer's own generators.
        deterministic: ask torch for deterministic algorithms (slower on GPU).
        device: ``"auto"`` (the local CUDA device if any, else CPU), or a torch device string.
        num_workers: data-loader worker processes.
        shuffle: shuffle the data every epoch.
        log_every: iterations between logged metrics (and host syncs).
        check_every: iterations between checks for NaN/Inf loss terms, parameters
            and buffers (each check syncs with the device; the first bad term
            and step are found exactly either way). A check also runs before
            every checkpoint, so a non-finite checkpoint is never written.
        sample_every: iterations between condition-grid PNGs (0: never).
        checkpoint_every: iterations between checkpoints (0: only at the end, on
            interruption and by ``checkpoint_minutes``).
        checkpoint_minutes: also write a checkpoint when this much wall time has
            passed since the last one (0: never by time), so a killed run loses
            at most that much work.
        keep_checkpoints: how many step checkpoints to keep, the latest by step
            number (0: all).
        best_metric: a logged metric (e.g. ``"eval/fid"`` from a hook); each time
            it improves, ``checkpoints/best.pt`` is written (``None``: no best
            checkpoint).
        best_mode: ``"min"`` or ``"max"``: which direction of ``best_metric`` is better.
        overwrite: :meth:`~condgan.training.Trainer.fit` may replace another
            run's files in ``out_dir`` (otherwise such a folder is refused
            unless the trainer resumed from it).
        grid_rows: conditions (rows) in the sample grid.
        grid_cols: noise vectors (columns) in the sample grid.
        out_dir: where checkpoints, samples and logs go.
        progress: show a tqdm progress bar (rank 0 only).
        tensorboard: also log to TensorBoard when it is installed.
        gif: write ``progress.gif`` from the sample grids at the end.
        plot: write ``loss_curves.png`` at the end when matplotlib is installed.
    """

    steps: int = 1000
    batch_size: int = 64
    critic_steps: int = 1
    g_steps: int = 1
    optimizer_g: str = "adam"
    optimizer_d: str = "adam"
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    betas_g: tuple[float, float] = (0.5, 0.999)
    betas_d: tuple[float, float] = (0.5, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0
    lr_schedule: str = "constant"
    lr_decay_start: float = 0.0
    clip_value: float | None = None
    ema_decay: float | None = None
    ema_start: int = 0
    ema_ramp: bool = True
    ema_standing_batches: int = 8
    precision: str = "fp32"
    channels_last: bool = False
    concat_real_fake: bool = True
    seed: int = 0
    deterministic: bool = False
    device: str = "auto"
    num_workers: int = 0
    shuffle: bool = True
    log_every: int = 10
    check_every: int = 10
    sample_every: int = 500
    checkpoint_every: int = 1000
    checkpoint_minutes: float = 5.0
    keep_checkpoints: int = 3
    best_metric: str | None = None
    best_mode: str = "min"
    grid_rows: int = 8
    grid_cols: int = 8
    out_dir: str = "runs/condgan"
    progress: bool = True
    tensorboard: bool = True
    gif: bool = True
    plot: bool = True
    overwrite: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        def need_int(name: str, low: int) -> None:
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError(f"TrainConfig.{name} must be an int, got {type(v).__name__}: {v!r}")
            if v < low:
                raise ValueError(f"TrainConfig.{name} must be >= {low}, got {v}")

        for name in ("steps", "sample_every", "checkpoint_every", "keep_checkpoints"):
            need_int(name, 0)
        for name in ("batch_size", "critic_steps", "g_steps", "log_every", "check_every"):
            need_int(name, 1)
        for name in ("grid_rows", "grid_cols"):
            need_int(name, 1)
        need_int("num_workers", 0)
        need_int("ema_start", 0)
        need_int("ema_standing_batches", 0)
        need_int("seed", 0)
        for name in ("lr_g", "lr_d"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0:
                raise ValueError(f"TrainConfig.{name} must be a positive number, got {v!r}")
        for name in ("betas_g", "betas_d"):
            v = getattr(self, name)
            if (
                not isinstance(v, (tuple, list))
                or len(v) != 2
                or not all(isinstance(b, (int, float)) and 0.0 <= b < 1.0 for b in v)
            ):
                raise ValueError(f"TrainConfig.{name} must be two numbers in [0, 1), got {v!r}")
            setattr(self, name, (float(v[0]), float(v[1])))
        for name in ("optimizer_g", "optimizer_d"):
            if getattr(self, name) not in _OPTIMIZERS:
                raise ValueError(
                    f"TrainConfig.{name} must be one of {list_optimizers()}, "
                    f"got {getattr(self, name)!r}"
                )
        if not self.eps > 0 or self.weight_decay < 0:
            raise ValueError(
                f"TrainConfig.eps must be > 0 and weight_decay >= 0, got {self.eps}, "
                f"{self.weight_decay}"
            )
        if self.lr_schedule not in list_lr_schedules():
            raise ValueError(
                f"TrainConfig.lr_schedule must be one of {list_lr_schedules()}, "
                f"got {self.lr_schedule!r}"
            )
        v = self.lr_decay_start
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= v < 1.0:
            raise ValueError(f"TrainConfig.lr_decay_start must be a fraction in [0, 1), got {v!r}")
        if self.clip_value is not None and not (
            isinstance(self.clip_value, (int, float)) and self.clip_value > 0
        ):
            raise ValueError(
                f"TrainConfig.clip_value must be a positive number or None, got {self.clip_value!r}"
            )
        if self.ema_decay is not None and not (
            isinstance(self.ema_decay, (int, float)) and 0.0 < self.ema_decay < 1.0
        ):
            raise ValueError(
                f"TrainConfig.ema_decay must be in (0, 1) or None, got {self.ema_decay!r}"
            )
        v = self.checkpoint_minutes
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0:
            raise ValueError(f"TrainConfig.checkpoint_minutes must be a number >= 0, got {v!r}")
        if self.best_metric is not None and (
            not isinstance(self.best_metric, str) or not self.best_metric
        ):
            raise ValueError(
                f"TrainConfig.best_metric must be a metric name or None, got {self.best_metric!r}"
            )
        if self.best_mode not in ("min", "max"):
            raise ValueError(
                f"TrainConfig.best_mode must be 'min' or 'max', got {self.best_mode!r}"
            )
        for name in ("overwrite", "ema_ramp"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(
                    f"TrainConfig.{name} must be a bool, got {type(getattr(self, name)).__name__}: "
                    f"{getattr(self, name)!r}"
                )
        if self.precision not in PRECISIONS:
            raise ValueError(
                f"TrainConfig.precision must be one of {list(PRECISIONS)}, got {self.precision!r}"
            )
        if self.device != "auto":
            try:
                torch.device(self.device)
            except (RuntimeError, TypeError) as err:
                raise ValueError(
                    f"TrainConfig.device must be 'auto' or a torch device string, "
                    f"got {self.device!r}"
                ) from err
        if not isinstance(self.out_dir, str) or not self.out_dir:
            self.out_dir = str(self.out_dir)
        if not isinstance(self.extra, dict):
            raise TypeError(f"TrainConfig.extra must be a dict, got {type(self.extra).__name__}")

    # -- conversions --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain values only (tuples become lists), safe for ``weights_only`` checkpoints."""
        out = dataclasses.asdict(self)
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainConfig:
        """Build from a dict; unknown keys are an error naming them."""
        if not isinstance(data, Mapping):
            raise TypeError(f"TrainConfig data must be a mapping, got {type(data).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown TrainConfig fields {unknown}; known fields: {sorted(known)}")
        return cls(**dict(data))

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown TrainConfig fields {unknown}; known fields: {sorted(known)}")
        return dataclasses.replace(self, **changes)
