"""Both paths built from one :class:`~harness.setup.Setup`: the options matrix,
condgan's :class:`~condgan.training.Trainer` and the :class:`~harness.plain_loop.PlainLoop`,
with the same initial weights, data and hyper-parameters."""

from __future__ import annotations

import copy
import shutil
import tempfile
import weakref
from typing import Any

import torch
from torch import nn

from condgan import heads
from condgan.losses import WGANGP
from condgan.training import TrainConfig, Trainer

from .plain_loop import PlainLoop, PlainSpec
from .setup import Setup, image_shape, synthetic_data

__all__ = [
    "OPTIONS",
    "apply_options",
    "build_condgan",
    "build_pair",
    "build_plain",
    "has_spectral_norm",
]

#: The options matrix: name -> option dict (``precision``, ``channels_last``,
#: ``compile`` (the generator only), ``lazy`` (WGAN-GP every k critic steps, condgan only)).
OPTIONS: dict[str, dict[str, Any]] = {
    "fp32": {},
    "bf16": {"precision": "bf16"},
    "fp16": {"precision": "fp16"},
    "channels_last": {"channels_last": True},
    "compile": {"compile": True},
    "lazy-gp-4": {"lazy": 4},
}


def has_spectral_norm(module: nn.Module) -> bool:
    """Whether any module inside ``module`` has a spectral-norm weight."""
    return any(map(heads.has_spectral_norm, module.modules()))


def apply_options(g, d, objective, config, options):
    opts = dict(options)
    changes: dict[str, Any] = {}
    if "precision" in opts:
        changes["precision"] = opts["precision"]
    if opts.get("channels_last"):
        changes["channels_last"] = True
    if opts.get("lazy"):
        k = int(opts["lazy"])
        objective.penalties = [
            (WGANGP(center=p.center, every=k) if isinstance(p, WGANGP) else p, w)
            for p, w in objective.penalties
        ]
    if opts.get("compile"):
        # the generator only: the critic's penalty pass needs double backward,
        # which torch.compile does not support, so the critic stays eager
        g.forward = torch.compile(g.forward)
    return config.replace(**changes) if changes else config


def build_condgan(
    g, d, objective, data, config: TrainConfig, *, device: str, options=None, **overrides
) -> Trainer:
    """condgan's path: a :class:`Trainer` (call ``train_step()``); its scratch run folder
    is removed when the trainer is collected."""
    out = tempfile.mkdtemp(prefix="condgan-bench-")
    config = config.replace(
        device=device, progress=False, tensorboard=False, out_dir=out, sample_every=0,
        checkpoint_every=0, gif=False, plot=False, num_workers=0, **overrides,
    )  # fmt: skip
    config = apply_options(g, d, objective, config, options or {})
    trainer = Trainer(g, d, objective, data, config)
    weakref.finalize(trainer, shutil.rmtree, out, ignore_errors=True)
    return trainer


def build_plain(
    g, d, objective, data, config: TrainConfig, *, device: str, options=None, shuffle=True
) -> PlainLoop:
    """The plain path: a :class:`PlainLoop` with the same hyper-parameters."""
    opts = dict(options or {})
    opts.pop("lazy", None)  # the hand-written loop applies the penalty every step
    objective = copy.deepcopy(objective)
    config = apply_options(g, d, objective, config, opts)
    spec = PlainSpec.from_objective(objective, config)
    return PlainLoop(
        g, d, spec, data, batch_size=config.batch_size, device=torch.device(device),
        seed=config.seed, precision=config.precision, channels_last=config.channels_last,
        shuffle=shuffle,
    )  # fmt: skip


def build_pair(setup: Setup, batch_size: int, device: str, options=None, *, data_n=None, **kw):
    """``(plain, condgan)`` paths over deep copies of one ``setup.make()`` and one data set."""
    g, d, obj, cfg = setup.make()
    cfg = cfg.replace(batch_size=batch_size)
    c, s = image_shape(d)
    data = synthetic_data(g.space, s, c, data_n or max(4 * batch_size, 256))
    plain = build_plain(
        copy.deepcopy(g), copy.deepcopy(d), copy.deepcopy(obj), data, cfg, device=device,
        options=options, shuffle=kw.get("shuffle", True),
    )  # fmt: skip
    ours = build_condgan(g, d, obj, data, cfg, device=device, options=options, **kw)
    return plain, ours
