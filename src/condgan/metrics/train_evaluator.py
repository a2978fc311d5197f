"""Train an evaluator classifier on procedural stand-in data, reproducibly on a CPU.

:func:`train_evaluator` writes a training set and a held-out set (a different
seed) with :mod:`condgan.data`'s stand-in writers into a temporary folder,
reads them back with the same loaders users use for real data, trains a small
:class:`~condgan.metrics.Evaluator`, reports held-out accuracy and saves the
weights. The shipped ``condgan/metrics/weights/<kind>.pt`` files were made with
``condgan train-evaluator <kind>`` and its default settings.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import singledispatch
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from condgan.conditions import Categorical, ConditionSpace, MultiCategorical, MultiLabel
from condgan.files import atomic_save
from condgan.metrics.accuracy import conditional_accuracy
from condgan.metrics.evaluator import WEIGHTS_DIR, Evaluator, prepare_images
from condgan.metrics.labeled_data import (
    EVALUATOR_STANDINS,
    load_labeled_images,
    write_evaluator_standin,
)

__all__ = [
    "LOWRES_SIDES",
    "STANDIN_KINDS",
    "TrainResult",
    "classification_loss",
    "fit_classifier",
    "train_evaluator",
]

#: Stand-in kinds an evaluator can be trained for (``"anime"`` is the 2018 format).
STANDIN_KINDS: tuple[str, ...] = tuple(EVALUATOR_STANDINS)
#: Sides the low-resolution augmentation shrinks images to (32 twice: the cpu-scale size).
LOWRES_SIDES: tuple[int, ...] = (24, 32, 32, 48)


@singledispatch
def classification_loss(space: ConditionSpace, scores: Tensor, y: Tensor) -> Tensor:
    """The training loss of an evaluator's ``scores (B, vector_dim)`` for conditions ``y``."""
    raise TypeError(f"no classification loss for {type(space).__name__} spaces")


@classification_loss.register
def _(space: MultiCategorical, scores: Tensor, y: Tensor) -> Tensor:
    return sum(
        F.cross_entropy(scores[:, o : o + s], y[:, a]) for a, (o, s) in enumerate(space.groups)
    )


@classification_loss.register
def _(space: Categorical, scores: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(scores, y)


@classification_loss.register
def _(space: MultiLabel, scores: Tensor, y: Tensor) -> Tensor:
    return F.binary_cross_entropy_with_logits(scores, y.float())


@dataclass
class TrainResult:
    """What :func:`train_evaluator` returns.

    Attributes:
        evaluator: the trained network (eval mode, CPU).
        heldout: accuracy figures on the held-out stand-in set (new seed).
        heldout_small: the same images shrunk to ``small_side`` px first (what a
            perfect generator of that size makes; the evaluator resizes them back).
        path: where the weights were saved (or ``None``).
        seconds: wall-clock training time.
        settings: the arguments used (also stored in the checkpoint).
    """

    evaluator: Evaluator
    heldout: dict[str, Any]
    path: Path | None
    seconds: float
    settings: dict[str, Any] = field(default_factory=dict)
    heldout_small: dict[str, Any] = field(default_factory=dict)


def _lowres(x: Tensor, gen: torch.Generator, p: float) -> Tensor:
    """Each image with probability ``p``: shrunk to a side of :data:`LOWRES_SIDES` and back."""
    if p <= 0:
        return x
    side = LOWRES_SIDES[int(torch.randint(len(LOWRES_SIDES), (1,), generator=gen))]
    small = F.interpolate(x, (side, side), mode="bilinear", align_corners=False, antialias=True)
    back = F.interpolate(small, x.shape[-2:], mode="bilinear", align_corners=False, antialias=True)
    pick = torch.rand(x.shape[0], generator=gen) < p
    return torch.where(pick[:, None, None, None], back, x)


def _augment(x: Tensor, gen: torch.Generator, lowres: float = 0.0) -> Tensor:
    """Low-resolution round trips (``lowres``), horizontal flips, shifts up to 2 px, mild noise."""
    x = _lowres(x, gen, lowres)
    flip = torch.rand(x.shape[0], generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(-1), x)
    return shift_and_noise(x, gen)


def shift_and_noise(x: Tensor, gen: torch.Generator) -> Tensor:
    """A random shift of up to 2 px (one per batch, wrapping) plus N(0, 0.03^2) noise:
    the augmentation every evaluator trained here sees."""
    dx, dy = (int(v) for v in torch.randint(-2, 3, (2,), generator=gen))
    x = torch.roll(x, shifts=(dy, dx), dims=(2, 3))
    return x + 0.03 * torch.randn(x.shape, generator=gen)


def fit_classifier(
    model: nn.Module,
    space: ConditionSpace,
    x: Tensor,
    y: Tensor,
    *,
    epochs: int,
    batch_size: int = 64,
    lr: float = 3e-3,
    generator: torch.Generator,
    lowres: float = 0.0,
    on_epoch: Callable[[int, float], None] | None = None,
) -> None:
    """Train ``model`` (``images -> scores (B, space.vector_dim)``) as every evaluator is
    trained, and leave it in eval mode.

    AdamW (weight decay 1e-4) with a one-cycle schedule peaking at ``lr`` after 20%
    of the steps; each epoch visits ``x (N, 3, S, S)`` in ``[-1, 1]`` in a new order
    in batches of ``batch_size``, augmented as :func:`_augment` does (``lowres``
    round trips, flips, shifts, noise), all drawn from ``generator``.
    ``on_epoch(epoch, mean_loss)`` is called after each epoch.
    """
    steps_per_epoch = math.ceil(len(x) / batch_size)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=epochs * steps_per_epoch, pct_start=0.2
    )
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for i in range(0, len(order), batch_size):
            idx = order[i : i + batch_size]
            loss = classification_loss(space, model(_augment(x[idx], generator, lowres)), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        if on_epoch is not None:
            on_epoch(epoch, total / len(order))
    model.eval()


def train_evaluator(
    kind: str,
    out: str | Path | None = None,
    *,
    n_train: int = 4000,
    n_heldout: int = 1000,
    epochs: int = 8,
    batch_size: int = 64,
    lr: float = 3e-3,
    widths: Sequence[int] = (32, 64, 96, 128),
    input_size: int = 64,
    seed: int = 0,
    heldout_seed: int | None = None,
    lowres: float = 0.5,
    small_side: int = 32,
    threads: int | None = 2,
    verbose: bool = True,
) -> TrainResult:
    """Train the evaluator of one stand-in and report its held-out accuracy.

    Args:
        kind: one of :data:`STANDIN_KINDS`: ``"cartoon"``, ``"iclevr"``,
            ``"anime"`` (2018 format) or ``"anime2017"``.
        out: where to save the weights; ``"shipped"`` writes
            ``condgan/metrics/weights/<kind>.pt``; ``None`` saves nothing.
        n_train / n_heldout: images rendered for training / for the held-out test.
        heldout_seed: seed of the held-out set (default ``seed + 1000``).
        lowres: probability that a training image is shrunk to 24-48 px and
            resized back, so that the evaluator reads small generated images
            (32 px at cpu scale) as well as full-size ones.
        small_side: side of the second held-out check (:attr:`TrainResult.heldout_small`).
        threads: ``torch.set_num_threads`` during training (restored after).

    Returns:
        a :class:`TrainResult`.
    """
    if kind not in STANDIN_KINDS:
        raise ValueError(f"kind must be one of {list(STANDIN_KINDS)}, got {kind!r}")
    settings = dict(
        kind=kind, n_train=n_train, n_heldout=n_heldout, epochs=epochs, batch_size=batch_size,
        lr=lr, widths=list(widths), input_size=input_size, seed=seed,
        heldout_seed=seed + 1000 if heldout_seed is None else heldout_seed, lowres=lowres,
    )  # fmt: skip
    old_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    start = time.time()
    try:
        with tempfile.TemporaryDirectory(prefix=f"condgan-{kind}-") as tmp:
            write_evaluator_standin(kind, Path(tmp) / "train", n_train, seed)
            write_evaluator_standin(
                kind, Path(tmp) / "heldout", n_heldout, settings["heldout_seed"]
            )
            train = load_labeled_images(Path(tmp) / "train", size=input_size)
            heldout = load_labeled_images(Path(tmp) / "heldout", size=input_size)
            small = load_labeled_images(Path(tmp) / "heldout", size=small_side)
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        model = Evaluator(train.space, widths=widths, input_size=input_size, name=kind)

        def report(epoch: int, loss: float) -> None:
            print(f"[{kind}] epoch {epoch + 1}/{epochs} loss {loss:.4f} "
                  f"({time.time() - start:.0f}s)", flush=True)  # fmt: skip

        fit_classifier(
            model, train.space, prepare_images(train.images, input_size), train.y,
            epochs=epochs, batch_size=batch_size, lr=lr, generator=gen, lowres=lowres,
            on_epoch=report if verbose else None,
        )  # fmt: skip
        figures = conditional_accuracy(model, heldout.images, heldout.y, heldout.space)
        figures_small = conditional_accuracy(model, small.images, small.y, small.space)
    finally:
        torch.set_num_threads(old_threads)
    seconds = time.time() - start
    if verbose:
        print(f"[{kind}] held-out: {figures}", flush=True)
        print(f"[{kind}] held-out at {small_side} px: {figures_small}", flush=True)
    path = None
    if out is not None:
        path = WEIGHTS_DIR / f"{kind}.pt" if str(out) == "shipped" else Path(out)
        atomic_save(
            model.checkpoint(
                half=True, heldout=figures, heldout_small=figures_small, settings=settings
            ),
            path,
        )
    return TrainResult(model, figures, path, seconds, settings, figures_small)
