"""The trainer's checkpoint IO: its state dict, saving, loading and resuming.

:class:`TrainerState` is the part of :class:`~condgan.training.Trainer` that
turns a run into a checkpoint and back (the file format itself, atomic writes
and safe loads are in :mod:`condgan.training.checkpoint`).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from condgan.conditions import space_from_dict
from condgan.training import checkpoint as ckpt
from condgan.training.resume import check_fixed, config_changes

__all__ = ["GIVEN_STATE", "TrainerState"]

#: :attr:`~condgan.training.Trainer.resumed_from` after resuming from a state dict, not a file.
GIVEN_STATE = "<a state dict>"


class TrainerState:
    """Checkpoint IO of :class:`~condgan.training.Trainer` (a mixin)."""

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
            "best": self.best,
        }

    def _generators(self) -> dict[str, torch.Generator]:
        return {"cpu": self._rng_cpu, "device": self._rng_dev}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore a :meth:`state_dict` (networks, optimisers, RNGs, data position).

        Raises:
            CheckpointError: the checkpoint's condition space, generator spec or
                network shapes differ from this trainer's (they cannot change).
        """
        self._check_fits(state)
        _load_net("generator", self.generator, state["generator"])
        _load_net("critic", self.critic, state["critic"])
        if self.ema is not None:
            if state.get("ema") is not None:
                self.ema.load_state_dict(state["ema"])
            else:
                self.ema.module.load_state_dict(state["generator"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        # a scaler saved disabled (fp32/bf16) has an empty state: nothing to restore
        for scaler, key in ((self.scaler_g, "scaler_g"), (self.scaler_d, "scaler_d")):
            if state.get(key) and scaler.is_enabled():
                scaler.load_state_dict(state[key])
        self.step = int(state["step"])
        self.critic_step = int(state["critic_step"])
        self.epoch = int(state["epoch"])
        self.batch_in_epoch = int(state["batch_in_epoch"])
        self.best = state.get("best")
        self._iter = None
        self._pending.clear()
        self._last_saved_step = self.step
        # the saved EMA buffers are the standing statistics of this step
        self._ema_stats_step = self.step if state.get("ema") is not None else -1
        ckpt.restore_rng(state["rng"], self._generators())

    def _check_fits(self, state: Mapping[str, Any]) -> None:
        if state.get("space") is not None and space_from_dict(dict(state["space"])) != self.space:
            raise ckpt.CheckpointError(
                "the checkpoint's condition space differs from the generator's (it cannot "
                f"change on resume): {space_from_dict(dict(state['space']))!r} vs {self.space!r}"
            )
        saved_spec = state.get("generator_spec")
        if saved_spec and self.generator_spec and not _same(saved_spec, self.generator_spec):
            raise ckpt.CheckpointError(
                "the checkpoint's generator was built differently (the architecture cannot "
                f"change on resume): {saved_spec!r} vs {self.generator_spec!r}"
            )

    def save_checkpoint(self, path: str | Path | None = None) -> Path | None:
        """Check losses, weights and buffers, then write a checkpoint atomically.

        Rank 0 writes; the others get ``None``. Default path:
        ``out_dir/checkpoints/step_XXXXXXX.pt``; older step checkpoints beyond
        ``keep_checkpoints`` (by step number) are removed.

        Raises:
            NonFiniteLossError, NonFiniteStateError: something is NaN/Inf; nothing is written.
        """
        self.check_finite()
        if not self.is_main:
            return None
        auto = path is None
        path = Path(path) if path is not None else self.checkpoint_dir / f"step_{self.step:07d}.pt"
        ckpt.save_checkpoint(self.state_dict(), path)
        self._last_saved_step = self.step
        self._last_saved_time = time.monotonic()
        keep = self.config.keep_checkpoints
        if auto and keep:
            for old in ckpt.list_checkpoints(self.checkpoint_dir)[:-keep]:
                old.unlink(missing_ok=True)
        return path

    def checkpoint_due(self, step: int) -> bool:
        """Whether the configured cadence asks for a checkpoint after ``step`` (this rank's view).

        Every ``checkpoint_every`` steps, and whenever ``checkpoint_minutes`` of
        wall time passed since the last checkpoint (or the start).
        """
        cfg = self.config
        if cfg.checkpoint_every and step % cfg.checkpoint_every == 0:
            return True
        if cfg.checkpoint_minutes:
            return time.monotonic() - self._last_saved_time >= 60.0 * cfg.checkpoint_minutes
        return False

    def track_best(self, metrics: Mapping[str, float]) -> Path | None:
        """Write ``checkpoints/best.pt`` when ``config.best_metric`` is in ``metrics`` and improved.

        The best value and its step are kept in :attr:`best` (and in every
        checkpoint, so a resumed run compares with the same record).
        """
        cfg = self.config
        name = cfg.best_metric
        if name is None or name not in metrics:
            return None
        value = float(metrics[name])
        if not math.isfinite(value):
            return None
        if self.best is not None:
            old = float(self.best["value"])
            if (value >= old) if cfg.best_mode == "min" else (value <= old):
                return None
        self.best = {"metric": name, "value": value, "step": self.step}
        return self.save_checkpoint(self.checkpoint_dir / "best.pt")

    @property
    def checkpoint_dir(self) -> Path:
        """``out_dir/checkpoints``."""
        return self.out_dir / "checkpoints"

    def _report_interruption(self, path: Path | None) -> None:
        """Tell the user where a stopped run's checkpoint is and how to continue."""
        if not self.is_main:
            return
        hint = self.resume_command or (
            f"Trainer(...).resume({str(self.checkpoint_dir)!r}) then fit()"
        )
        print(
            f"condgan: stopped by {self.interrupted} at step {self.step}; checkpoint: {path}; "
            f"resume with: {hint}",
            file=sys.stderr,
            flush=True,
        )

    def resume(self, path: str | Path | Mapping[str, Any]) -> int:
        """Continue from a checkpoint (a file, a run folder's latest, or a loaded state).

        The trainer's own config is what the resumed run uses: where it differs
        from the checkpoint's, it is applied (learning rates, betas, epsilon and
        weight decay go into the optimisers' parameter groups) and each change
        is printed and kept in :attr:`resume_changes`. See
        :mod:`condgan.training.resume` for what may change.

        Returns:
            The checkpoint's step.

        Raises:
            ValueError: the config changes a field that is fixed for a run
                (:data:`~condgan.training.resume.FIXED_ON_RESUME`).
            CheckpointError: the checkpoint does not fit (condition space,
                architecture, optimisers); the message names the file.
        """
        if isinstance(path, Mapping):
            state, source = path, GIVEN_STATE
        else:
            found = ckpt.find_checkpoint(path)
            state, source = ckpt.load_checkpoint(found, map_location=self.device), str(found)
        try:
            self._check_fits(state)
        except ckpt.CheckpointError as err:
            raise ckpt.CheckpointError(f"{source}: {err}") from None
        changes = config_changes(dict(state.get("config") or {}), self.config)
        check_fixed(changes, source)
        try:
            self.load_state_dict(state)
        except ckpt.CheckpointError as err:
            raise ckpt.CheckpointError(f"{source}: {err}") from None
        except (RuntimeError, ValueError, KeyError) as err:  # optimiser states, missing keys
            raise ckpt.CheckpointError(
                f"{source}: cannot resume from it, it does not fit this run's networks or "
                f"optimisers: {ckpt.summarize_load_error(err)}"
            ) from None
        self._apply_config_to_optimizers()
        self.resumed_from = source
        self.resume_changes = changes
        if self.is_main:
            for name, (old, new) in changes.items():
                print(f"condgan: resume: {name} {old!r} -> {new!r}", file=sys.stderr)
        return self.step

    def resumed_here(self) -> bool:
        """Whether this trainer resumed from a checkpoint inside its own ``out_dir``
        (then :meth:`~condgan.training.Trainer.fit` continues that run in place)."""
        if self.resumed_from is None:
            return False
        if self.resumed_from == GIVEN_STATE:
            return True
        try:
            Path(self.resumed_from).resolve().relative_to(self.out_dir.resolve())
        except ValueError:
            return False
        return True

    def _apply_config_to_optimizers(self) -> None:
        cfg = self.config
        for opt, lr, betas in (
            (self.opt_g, cfg.lr_g, cfg.betas_g),
            (self.opt_d, cfg.lr_d, cfg.betas_d),
        ):
            for group in opt.param_groups:
                group["lr"] = lr
                group["eps"] = cfg.eps
                group["weight_decay"] = cfg.weight_decay
                if "betas" in group:
                    group["betas"] = tuple(betas)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except RuntimeError:  # tensors among the values: their shapes decide the load anyway
        return True


def _load_net(name: str, net: torch.nn.Module, weights: Mapping[str, Any]) -> None:
    try:
        net.load_state_dict(weights)
    except RuntimeError as err:
        raise ckpt.CheckpointError(
            f"the checkpoint's {name} does not fit the {name} built for this run (the "
            f"architecture cannot change on resume): {ckpt.summarize_load_error(err)}"
        ) from None
