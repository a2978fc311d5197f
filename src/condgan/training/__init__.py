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
from condgan.training.faults import NonFiniteLossError, SignalGuard
from condgan.training.logging import MetricsLogger
from condgan.training.trainer import Hook, Trainer
from condgan.training.visuals import grid_image, plot_losses, save_gif, save_grid

__all__ = [
    "EMA",
    "CheckpointError",
    "DistContext",
    "EpochSampler",
    "Hook",
    "MetricsLogger",
    "NonFiniteLossError",
    "SignalGuard",
    "TrainConfig",
    "Trainer",
    "build_optimizer",
    "capture_rng",
    "checkpoint_step",
    "ema_decay_at",
    "encode_spec",
    "find_checkpoint",
    "generator_spec",
    "grid_image",
    "init_distributed",
    "list_checkpoints",
    "list_optimizers",
    "load_checkpoint",
    "load_generator",
    "plot_losses",
    "register_optimizer",
    "restore_rng",
    "save_checkpoint",
    "save_gif",
    "save_grid",
    "standing_batchnorm_stats",
]
