"""A judge for your labels: an evaluator trained on your own data, and its held-out accuracy.

(:mod:`condgan.metrics.judge` checks whether a judge can read a data set; this
module trains one for data no shipped judge knows.)

``condgan train-evaluator --data PATH`` runs :func:`train_judge`: the data set
(from :func:`condgan.data.load`) is split at random (seeded) into a training and
a held-out part, a small :class:`~condgan.metrics.Evaluator` is trained on the
first, and its accuracy on the second says whether it can judge generated
images: below :data:`~condgan.metrics.judge.FIT_THRESHOLD` (or barely above
chance) a warning says its
conditional-accuracy figures mean little. The saved file is read by
``condgan evaluate --evaluator FILE``.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from condgan.files import atomic_save
from condgan.metrics.accuracy import conditional_accuracy
from condgan.metrics.evaluator import Evaluator, prepare_images
from condgan.metrics.judge import FIT_THRESHOLD
from condgan.metrics.train_evaluator import classification_loss, shift_and_noise

__all__ = ["JudgeResult", "chance_accuracy", "judge_input_size", "train_judge"]


@dataclass
class JudgeResult:
    """What :func:`train_judge` returns.

    Attributes:
        evaluator: the trained judge (eval mode, CPU).
        heldout: its accuracy figures on the held-out images.
        chance: the accuracy of always answering the most common value.
        weak: True when the held-out accuracy is below ``threshold`` or within
            0.1 of chance; its figures on generated images mean little.
        n_train, n_heldout: images on each side of the split.
        path: where the weights were saved (or ``None``).
        seconds: training time.
        settings: the arguments used (also in the checkpoint).
    """

    evaluator: Evaluator
    heldout: dict[str, Any]
    chance: float
    weak: bool
    n_train: int
    n_heldout: int
    path: Path | None
    seconds: float
    settings: dict[str, Any] = field(default_factory=dict)


def judge_input_size(image_size: int) -> int:
    """The judge's input side: 32 for images up to 32 px, else 64."""
    return 32 if image_size <= 32 else 64


def chance_accuracy(space: Any, y: Tensor) -> float:
    """The headline accuracy of a judge that always answers the most common value.

    For multi-label spaces: the i-CLEVR rule's value of predicting the most common
    labels (as many as a row holds on average).
    """
    from condgan.metrics.accuracy import accuracy_from_scores

    vec = space.to_vector(y).float()
    scores = vec.mean(dim=0, keepdim=True).expand_as(vec)
    return float(accuracy_from_scores(space, scores, y)["accuracy"])


def _images(data: Any, index: Tensor, size: int) -> Tensor:
    x = torch.stack([data[int(i)][0] for i in index])
    return prepare_images(x, size)


def train_judge(
    data: Any,
    out: str | Path | None = None,
    *,
    heldout: float = 0.2,
    epochs: int = 15,
    batch_size: int = 64,
    lr: float = 3e-3,
    widths: tuple[int, ...] = (32, 64, 96, 128),
    seed: int = 0,
    threshold: float = FIT_THRESHOLD,
    min_steps: int = 100,
    verbose: bool = True,
) -> JudgeResult:
    """Train an evaluator on ``data`` and measure it on a held-out part.

    Args:
        data: a data set from :func:`condgan.data.load` (``space`` and ``(image, y)`` items);
            its space must be finite (class, attributes or multi-label; not text).
        out: where to save the weights (``None``: nothing is saved).
        heldout: fraction of the images kept out of training (at least one image).
        epochs, batch_size, lr, widths: the training run (AdamW, one-cycle schedule).
        min_steps: fewest updates; small sets get more epochs to reach them.
        seed: the split, the initialisation and the augmentation.
        threshold: held-out accuracy below which the judge is reported as weak.

    Raises:
        ValueError: fewer than 4 images, a ``heldout`` outside (0, 1), or a space
            without label groups (text).
    """
    space = getattr(data, "space", None)
    if space is None or not space.groups:
        raise ValueError(
            f"a judge needs a space with labels to recognise (class, attributes or "
            f"multi-label), got {space!r}"
        )
    n = len(data)
    if n < 4:
        raise ValueError(f"a judge needs at least 4 images (some held out), got {n}")
    if not 0.0 < heldout < 1.0:
        raise ValueError(f"heldout must be a fraction in (0, 1), got {heldout!r}")
    size = judge_input_size(int(getattr(data, "image_size", 64) or 64))
    settings = dict(data=str(getattr(data, "source", "") or type(data).__name__),
                    heldout=heldout, epochs=epochs, batch_size=batch_size, lr=lr,
                    widths=list(widths), input_size=size, seed=seed, n=n,
                    min_steps=min_steps)  # fmt: skip
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(n, generator=gen)
    n_held = max(1, round(n * heldout))
    held_idx, train_idx = order[:n_held], order[n_held:]
    x_train, y_train = _images(data, train_idx, size), data.y[train_idx]
    x_held, y_held = _images(data, held_idx, size), data.y[held_idx]
    torch.manual_seed(seed)
    model = Evaluator(space, widths=widths, input_size=size, name="judge")
    batch = max(2, min(batch_size, len(x_train)))
    per_epoch = max(1, len(x_train) // batch)
    # small sets still get min_steps updates (batch norm's running statistics need them)
    epochs = max(epochs, math.ceil(min_steps / per_epoch))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=epochs * per_epoch, pct_start=0.2
    )
    start = time.time()
    model.train()
    for epoch in range(epochs):
        perm = torch.randperm(len(x_train), generator=gen)
        total = 0.0
        for i in range(per_epoch):
            idx = perm[i * batch : (i + 1) * batch]
            loss = classification_loss(
                space, model(shift_and_noise(x_train[idx], gen)), y_train[idx]
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        if verbose and (epoch + 1) % max(1, epochs // 10) == 0:
            print(f"[judge] epoch {epoch + 1}/{epochs} loss {total / per_epoch:.4f}", flush=True)
    model.eval()
    figures = conditional_accuracy(model, x_held, y_held, space)
    chance = chance_accuracy(space, y_held)
    weak = figures["accuracy"] < threshold or figures["accuracy"] < chance + 0.1
    if weak:
        warnings.warn(
            f"the judge's held-out accuracy is {figures['accuracy']:.3f} (chance "
            f"{chance:.3f}, threshold {threshold}): too weak to judge generated images; "
            "its conditional-accuracy figures mean little (more images or epochs may help)",
            stacklevel=2,
        )
    path = None
    if out is not None:
        path = atomic_save(
            model.checkpoint(heldout=figures, chance=chance, weak=weak, settings=settings), out
        )
    return JudgeResult(model, figures, chance, weak, len(train_idx), n_held, path,
                       time.time() - start, settings)  # fmt: skip
