"""Fault handling: non-finite losses, non-finite weights or buffers, and termination signals."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Sequence
from types import FrameType

import torch
from torch import Tensor

__all__ = [
    "NonFiniteLossError",
    "NonFiniteStateError",
    "SignalGuard",
    "first_non_finite",
    "first_non_finite_tensor",
]


class NonFiniteLossError(FloatingPointError):
    """A loss term became NaN or infinite; the message names the term and the step.

    Attributes:
        term: the loss term's logged name (e.g. ``"d/adv"``).
        step: the iteration at which it first happened (1-based: the step that
            would have been completed).
    """

    def __init__(self, term: str, step: int, value: float) -> None:
        self.term, self.step, self.value = term, step, value
        super().__init__(
            f"loss term {term!r} is {value} at step {step}; training stopped. "
            "The last checkpoint written before this step is intact; resume from it "
            "with a lower learning rate, a different precision, or a gradient penalty."
        )


class NonFiniteStateError(FloatingPointError):
    """A parameter or buffer (e.g. a BatchNorm running variance) holds NaN or Inf.

    Raised by the trainer's periodic check and before every checkpoint, so a
    non-finite checkpoint is never written.

    Attributes:
        tensor: the tensor's name (e.g. ``"critic.blocks.1.norm.running_var"``).
        step: the iteration at which the check found it.
    """

    def __init__(self, tensor: str, step: int) -> None:
        self.tensor, self.step = tensor, step
        super().__init__(
            f"{tensor} holds NaN or Inf at step {step}; training stopped and no checkpoint "
            "was written. The last checkpoint written before this step is intact; resume "
            "from it with a lower learning rate, a different precision, or a gradient penalty."
        )


def first_non_finite_tensor(named: Iterable[tuple[str, Tensor]]) -> str | None:
    """The name of the first tensor holding NaN or Inf, or ``None``; one host sync.

    Args:
        named: ``(name, tensor)`` pairs (e.g. ``module.named_parameters()``);
            integer tensors are skipped (always finite).
    """
    names: list[str] = []
    flags: list[Tensor] = []
    for name, t in named:
        if t.is_floating_point() or t.is_complex():
            names.append(name)
            flags.append(torch.isfinite(t.detach()).all())
    if not flags:
        return None
    ok = torch.stack(flags)
    if bool(ok.all()):
        return None
    return names[int((~ok).nonzero()[0, 0])]


def first_non_finite(
    pending: Sequence[tuple[int, dict[str, Tensor]]],
) -> tuple[str, int, float] | None:
    """Find the first ``(term, step, value)`` that is not finite, with one host sync.

    Args:
        pending: ``(step, {name: scalar tensor})`` records in step order.
    """
    if not pending:
        return None
    names: list[str] = []
    steps: list[int] = []
    values: list[Tensor] = []
    for step, terms in pending:
        for name, value in terms.items():
            names.append(name)
            steps.append(step)
            values.append(value.detach().float().reshape(()))
    stacked = torch.stack(values)
    bad = ~torch.isfinite(stacked)
    if not bool(bad.any()):
        return None
    i = int(bad.nonzero()[0, 0])
    return names[i], steps[i], float(stacked[i])


class SignalGuard:
    """Turn SIGINT/SIGTERM into a flag the training loop polls, so it can save and stop.

    Installed only from the main thread (signals cannot be handled elsewhere);
    the previous handlers come back on exit. A second signal of the same kind
    while the first is being handled raises :class:`KeyboardInterrupt`.
    """

    SIGNALS = ("SIGINT", "SIGTERM")

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, object] = {}

    def handler(self, signum: int, frame: FrameType | None = None) -> None:
        if self.received is not None and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.received = signum

    @property
    def name(self) -> str | None:
        return None if self.received is None else signal.Signals(self.received).name

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is threading.main_thread():
            for name in self.SIGNALS:
                sig = getattr(signal, name, None)
                if sig is not None:
                    self._previous[sig] = signal.signal(sig, self.handler)
        return self

    def __exit__(self, *exc) -> None:
        for sig, prev in self._previous.items():
            signal.signal(sig, prev)
        self._previous.clear()
