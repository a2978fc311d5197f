"""Optimiser presets: the published learning rates, Adam betas and update ratios as one name.

A preset is the five :class:`~condgan.training.TrainConfig` fields that papers
state together: ``lr_g``, ``lr_d``, ``betas_g``, ``betas_d`` and
``critic_steps``. The two time-scale update rule (TTUR; Heusel et al., NeurIPS
2017, "GANs trained by a two time-scale update rule converge to a local Nash
equilibrium") gives the critic a larger rate than the generator; SAGAN and
BigGAN made it the standard for hinge-loss GANs.

Shipped presets:

* ``"dcgan"``: Radford et al., ICLR 2016: Adam 2e-4 for both, betas (0.5,
  0.999), one critic step;
* ``"wgan-gp"``: Gulrajani et al., NeurIPS 2017, Algorithm 1: Adam 1e-4 for both,
  betas (0, 0.9), five critic steps;
* ``"ttur"``: Zhang et al., ICML 2019 (SAGAN): the TTUR rates G 1e-4, D 4e-4,
  betas (0, 0.9), one critic step;
* ``"biggan"``: Brock et al., ICLR 2019 (BigGAN, 128 px): G 5e-5, D 2e-4, betas
  (0, 0.999), two critic steps;
* ``"condgan"``: the recommended model's (:mod:`condgan.recipes.recommended`):
  Adam 2e-4 for both, betas (0, 0.9), one critic step.

:func:`apply_optim_preset` returns a config with a preset's fields; ``condgan
train --optim-preset NAME`` does the same, and options given beside it
(``--lr-g``, a ``--config`` file) override the preset's values. Register your own
with :func:`register_optim_preset`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from condgan.training.config import TrainConfig

__all__ = [
    "OptimPreset",
    "apply_optim_preset",
    "list_optim_presets",
    "optim_preset",
    "register_optim_preset",
]


@dataclass(frozen=True)
class OptimPreset:
    """Learning rates, Adam betas and critic steps per iteration, and where they come from.

    Attributes:
        lr_g, lr_d: the generator's and the critic's learning rates (> 0).
        betas_g, betas_d: Adam's betas, each in ``[0, 1)``.
        critic_steps: critic updates per generator update (>= 1).
        source: the paper (or module) the values come from.

    Raises:
        ValueError, TypeError: a value :class:`~condgan.training.TrainConfig` would refuse,
            with the message naming ``OptimPreset.<field>``.
    """

    lr_g: float
    lr_d: float
    betas_g: tuple[float, float]
    betas_d: tuple[float, float]
    critic_steps: int
    source: str

    def __post_init__(self) -> None:
        # TrainConfig's own checks, so a preset accepts exactly what a config does
        try:
            TrainConfig(**self.fields())
        except (TypeError, ValueError) as err:
            raise type(err)(str(err).replace("TrainConfig.", "OptimPreset.")) from None
        for name in ("betas_g", "betas_d"):
            object.__setattr__(self, name, tuple(float(b) for b in getattr(self, name)))

    def fields(self) -> dict[str, Any]:
        """The :class:`~condgan.training.TrainConfig` fields the preset sets."""
        out = dataclasses.asdict(self)
        del out["source"]
        return out


_PRESETS: dict[str, OptimPreset] = {}


def register_optim_preset(name: str, preset: OptimPreset) -> OptimPreset:
    """Register ``preset`` under ``name`` (replacing one of that name).

    Raises:
        ValueError: ``name`` is not a non-empty string.
        TypeError: ``preset`` is not an :class:`OptimPreset`.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"optimiser preset name must be a non-empty string, got {name!r}")
    if not isinstance(preset, OptimPreset):
        raise TypeError(f"preset must be an OptimPreset, got {type(preset).__name__}")
    _PRESETS[name] = preset
    return preset


def list_optim_presets() -> list[str]:
    """The registered preset names."""
    return sorted(_PRESETS)


def optim_preset(name: str) -> OptimPreset:
    """The preset registered as ``name``.

    Raises:
        ValueError: no preset has that name (the message lists them).
    """
    if name not in _PRESETS:
        raise ValueError(f"optimiser preset must be one of {list_optim_presets()}, got {name!r}")
    return _PRESETS[name]


def apply_optim_preset(config: TrainConfig, name: str) -> TrainConfig:
    """A copy of ``config`` with preset ``name``'s rates, betas and critic steps.

    Raises:
        ValueError: an unknown preset.
    """
    return config.replace(**optim_preset(name).fields())


register_optim_preset(
    "dcgan", OptimPreset(2e-4, 2e-4, (0.5, 0.999), (0.5, 0.999), 1, "Radford et al., ICLR 2016")
)
register_optim_preset(
    "wgan-gp",
    OptimPreset(1e-4, 1e-4, (0.0, 0.9), (0.0, 0.9), 5, "Gulrajani et al., NeurIPS 2017, Alg. 1"),
)
register_optim_preset(
    "ttur",
    OptimPreset(1e-4, 4e-4, (0.0, 0.9), (0.0, 0.9), 1, "Zhang et al., ICML 2019 (SAGAN); TTUR"),
)
register_optim_preset(
    "biggan",
    OptimPreset(5e-5, 2e-4, (0.0, 0.999), (0.0, 0.999), 2, "Brock et al., ICLR 2019 (BigGAN)"),
)
register_optim_preset(
    "condgan",
    OptimPreset(2e-4, 2e-4, (0.0, 0.9), (0.0, 0.9), 1, "condgan.recipes.recommended"),
)
