"""Training: :class:`Trainer`, :class:`TrainConfig`, checkpoints, EMA, logs and visuals.

See the "Training" guide in the docs for a tour.
"""

from condgan.training.checkpoint import (
    CheckpointError,
    capture_rng,
    checkpoint_step,
    encode_spec,
    find_checkpoint,
    generator_spec,
    list_checkpoints,
    load_checkpoint,
    load_generator,
    restore_rng,
    save_checkpoint,
)
from condgan.training.config import (
    TrainConfig,
    build_optimizer,
    list_optimizers,
    register_optimizer,
)
from condgan.training.distributed import DistContext, EpochSampler, init_distributed
from condgan.training.ema import EMA, ema_decay_at, standing_batchnorm_stats
from condgan.training.faults import NonFiniteLossError, NonFiniteStateError, SignalGuard
from condgan.training.logging import MetricsLogger
from condgan.training.lr_schedule import list_lr_schedules, lr_factor, register_lr_schedule
from condgan.training.optim_presets import (
    OptimPreset,
    apply_optim_preset,
    list_optim_presets,
    optim_preset,
    register_optim_preset,
)
from condgan.training.resume import FIXED_ON_RESUME, resume_config
from condgan.training.run_folder import RunFolderError, RunFolderInUseError, claim_run_folder
from condgan.training.seeding import seed_everything
from condgan.training.trainer import Hook, Trainer
from condgan.training.visuals import grid_image, plot_losses, save_gif, save_grid

__all__ = [
    "EMA",
    "FIXED_ON_RESUME",
    "CheckpointError",
    "DistContext",
    "EpochSampler",
    "Hook",
    "MetricsLogger",
    "NonFiniteLossError",
    "NonFiniteStateError",
    "OptimPreset",
    "RunFolderError",
    "RunFolderInUseError",
    "SignalGuard",
    "TrainConfig",
    "Trainer",
    "apply_optim_preset",
    "build_optimizer",
    "capture_rng",
    "claim_run_folder",
    "checkpoint_step",
    "ema_decay_at",
    "encode_spec",
    "find_checkpoint",
    "generator_spec",
    "grid_image",
    "init_distributed",
    "list_checkpoints",
    "list_lr_schedules",
    "list_optim_presets",
    "list_optimizers",
    "load_checkpoint",
    "load_generator",
    "optim_preset",
    "lr_factor",
    "plot_losses",
    "register_lr_schedule",
    "register_optim_preset",
    "register_optimizer",
    "restore_rng",
    "resume_config",
    "save_checkpoint",
    "save_gif",
    "save_grid",
    "seed_everything",
    "standing_batchnorm_stats",
]
