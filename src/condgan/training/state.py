"""The trainer's checkpoint IO: its state dict, saving, loading and resuming.

:class:`TrainerState` is the part of :class:`~condgan.training.Trainer` that
turns a run into a checkpoint and back (the file format itself, atomic writes
and safe loads are in :mod:`condgan.training.checkpoint`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from condgan.conditions import space_from_dict
from condgan.training import checkpoint as ckpt

__all__ = ["TrainerState"]


class TrainerState:
    """Checkpoint IO of :class:`~condgan.training.Trainer` (a mixin)."""

    # -------------------------------------------------------------- checkpoints --
    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue exactly (see :mod:`condgan.training.checkpoint`).

        The EMA generator gets its standing BatchNorm statistics first
        (:meth:`~condgan.training.sampling.Sampling.refresh_ema_stats`), so the
        checkpoint's EMA weights sample well in eval mode.
        """
        self.refresh_ema_stats()
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
        # the saved EMA buffers are the standing statistics of this step
        self._ema_stats_step = self.step if state.get("ema") is not None else -1
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
