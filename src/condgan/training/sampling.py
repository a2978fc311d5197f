"""What a run shows: the fixed condition grid, its PNGs, and the end-of-run visuals.

:class:`Sampling` is the part of :class:`~condgan.training.Trainer` that draws
from the generator used for evaluation (:meth:`Sampling.eval_generator`: the
EMA generator with standing BatchNorm statistics when there is one) and writes
``samples/step_XXXXXXX.png``, ``progress.gif`` and ``loss_curves.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import Tensor, nn

from condgan.training.steps import repeat_codes, run_generator
from condgan.types import InfoCodes

__all__ = ["Sampling"]


class Sampling:
    """Sample grids, the EMA generator's standing statistics and end-of-run visuals (a mixin)."""

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
            self._grid = (z, y, repeat_codes(codes, rows), labels)
        return self._grid

    def refresh_ema_stats(self) -> int:
        """Give the EMA generator standing BatchNorm statistics for the current step.

        Runs ``config.ema_standing_batches`` batches of fresh noise and random
        conditions (from a generator seeded by the seed and the step, so the
        training randomness is untouched) through the averaged weights (see
        :func:`~condgan.training.ema.standing_batchnorm_stats`). Done at most
        once per step; returns the batches used (0: nothing to do).
        """
        cfg = self.config
        if self.ema is None or cfg.ema_standing_batches == 0 or self._ema_stats_step == self.step:
            return 0
        gen = torch.Generator().manual_seed(cfg.seed * 1_000_003 + 4 + self.step)
        n = self.local_batch

        def batches():
            for _ in range(cfg.ema_standing_batches):
                z = self.generator.sample_noise(n, generator=gen).to(self.device)
                y = self.space.sample(n, generator=gen).to(self.device)
                codes = None
                if self.info:
                    c = self.generator.sample_codes(n, generator=gen)
                    codes = InfoCodes(
                        [t.to(self.device) for t in c.categorical],
                        None if c.continuous is None else c.continuous.to(self.device),
                    )
                yield z, y, codes

        module = self.ema.module
        with self.autocast():
            used = self.ema.standing_stats(
                batches(), forward=lambda z, y, codes: run_generator(module, z, y, codes)
            )
        self._ema_stats_step = self.step
        return used

    def eval_generator(self) -> nn.Module:
        """The generator to sample and evaluate with: the EMA generator when there is one
        (with standing BatchNorm statistics, :meth:`refresh_ema_stats`), else the live one.

        Put it in eval mode to use it (the EMA generator already is); the live
        generator is the training one, so restore its mode afterwards.
        """
        if self.ema is None:
            return self.generator
        self.refresh_ema_stats()
        return self.ema.module

    @torch.no_grad()
    def sample_grid(self) -> Tensor:
        """The fixed condition grid: rows = conditions, columns = fixed noise (EMA G if any)."""
        z, y, codes, _ = self._grid_inputs()
        g = self.eval_generator()
        was_training = g.training
        g.eval()
        try:
            codes_dev = None
            if codes is not None:
                codes_dev = InfoCodes(
                    [c.to(self.device) for c in codes.categorical],
                    None if codes.continuous is None else codes.continuous.to(self.device),
                )
            images = run_generator(g, z.to(self.device), y.to(self.device), codes_dev)
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
