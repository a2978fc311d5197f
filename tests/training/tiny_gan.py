"""Tiny generator, critic, objective and data set that follow condgan's contracts (8x8 images).

Used by the training tests; importable from spawned DDP workers and torchrun
scripts because conftest.py puts this folder on ``sys.path``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Dataset

from condgan.conditions import MultiCategorical
from condgan.types import CriticOutput, InfoCodes, InfoOutput, LossTerms

ATTRS = {"colour": ["red", "green", "blue"], "size": ["small", "large"]}


def tiny_space() -> MultiCategorical:
    return MultiCategorical(ATTRS)


class TinyGenerator(nn.Module):
    """z (B, nz) + y -> (B, 3, 8, 8) in [-1, 1]."""

    def __init__(self, space, nz: int = 8, hidden: int = 8, batchnorm: bool = False, dropout=0.0):
        super().__init__()
        self.space, self.nz, self.image_size, self.channels, self.info_spec = space, nz, 8, 3, None
        self.spec = {
            "name": "tiny",
            "kwargs": {"space": space, "nz": nz, "hidden": hidden, "batchnorm": batchnorm},
        }
        self.hidden = hidden
        self.fc = nn.Linear(nz + space.vector_dim, hidden * 4 * 4)
        self.norm = nn.BatchNorm2d(hidden) if batchnorm else nn.Identity()
        self.drop = nn.Dropout(dropout)
        self.up = nn.ConvTranspose2d(hidden, 3, 4, 2, 1)

    def forward(self, z, y):
        h = self.fc(torch.cat([z, self.space.to_vector(y).to(z.dtype)], 1))
        h = self.drop(F.relu(self.norm(h.view(-1, self.hidden, 4, 4))))
        return torch.tanh(self.up(h))

    def sample_noise(self, n, generator=None, device=None):
        return torch.randn(n, self.nz, generator=generator, device=device)

    def sample(self, y, z=None, generator=None):
        z = self.sample_noise(y.shape[0], generator=generator) if z is None else z
        return self(z, y)


class TinyInfoGenerator(TinyGenerator):
    """InfoGAN-style: ``forward(z, y, codes)`` with one 3-way categorical and 2 continuous codes."""

    def __init__(self, space, nz: int = 8, hidden: int = 8):
        super().__init__(space, nz=nz + 5, hidden=hidden)
        self.nz, self.info_spec = nz, {"categorical": [3], "continuous": 2}

    def sample_codes(self, n, generator=None, device=None):
        cat = torch.randint(0, 3, (n,), generator=generator, device=device)
        cont = torch.rand(n, 2, generator=generator, device=device) * 2 - 1
        return InfoCodes([cat], cont)

    def forward(self, z, y, codes):
        extra = torch.cat([F.one_hot(codes.categorical[0], 3).to(z.dtype), codes.continuous], 1)
        return super().forward(torch.cat([z, extra], 1), y)


def create_tiny(name, **kwargs):
    """A stand-in for ``condgan.models.create`` that knows the tiny generator."""
    if name != "tiny":
        raise ValueError(f"unknown model {name!r}")
    return TinyGenerator(**kwargs)


class TinyCritic(nn.Module):
    """(B, 3, 8, 8), y -> CriticOutput(adv (B,), aux [ (B, 3), (B, 2) ])."""

    def __init__(self, space, width: int = 8, nan_at_call: int | None = None):
        super().__init__()
        self.space = space
        self.conv = nn.Conv2d(3, width, 4, 2, 1)
        self.adv = nn.Linear(width * 16 + space.vector_dim, 1)
        self.aux = nn.ModuleList(nn.Linear(width * 16, k) for k in space.sizes)
        self.nan_at_call = nan_at_call
        self.calls = 0
        self.info = None

    def add_info_head(self):
        self.info = nn.Linear(self.conv.out_channels * 16, 3 + 2)
        return self

    @property
    def has_batch_stats(self) -> bool:
        return False

    @property
    def joint_pass_exact(self) -> bool:
        return not self.has_batch_stats

    def forward(self, x, y):
        self.calls += 1
        h = F.leaky_relu(self.conv(x), 0.2).flatten(1)
        adv = self.adv(torch.cat([h, self.space.to_vector(y).to(h.dtype)], 1)).squeeze(1)
        if self.nan_at_call is not None and self.calls >= self.nan_at_call:
            adv = adv * float("nan")
        info = None
        if self.info is not None:
            q = self.info(h)
            info = InfoOutput(categorical=[q[:, :3]], mean=q[:, 3:])
        return CriticOutput(adv=adv, aux=[head(h) for head in self.aux], info=info, features=h)


class TinyObjective:
    """Non-saturating BCE + per-attribute cross-entropy (+ an optional gradient penalty).

    ``gp_alpha`` fixes the interpolation factor so a global batch and its
    per-rank halves give the same penalty (for the DDP equivalence test).
    """

    def __init__(self, aux_weight: float = 1.0, gp_weight: float = 0.0, gp_alpha=None):
        self.aux_weight, self.gp_weight, self.gp_alpha = aux_weight, gp_weight, gp_alpha

    def _aux(self, out, y):
        return sum(F.cross_entropy(logits, y[:, i]) for i, logits in enumerate(out.aux))

    def critic_loss(self, critic, real, y_real, fake, y_fake, *, step=0, generator=None,
                    codes=None, out_real=None, out_fake=None):  # fmt: skip
        out_real = critic(real, y_real) if out_real is None else out_real
        out_fake = critic(fake, y_fake) if out_fake is None else out_fake
        adv = F.softplus(-out_real.adv).mean() + F.softplus(out_fake.adv).mean()
        aux = self._aux(out_real, y_real)
        terms = {"adv": adv, "aux_real": aux}
        total = adv + self.aux_weight * aux
        if codes is not None:
            terms["info"] = self._info(out_fake, codes)
            total = total + terms["info"]
        if self.gp_weight:
            if self.gp_alpha is None:
                alpha = torch.rand(real.shape[0], 1, 1, 1, generator=generator, device=real.device)
            else:
                alpha = torch.full((real.shape[0], 1, 1, 1), self.gp_alpha, device=real.device)
            x = (alpha * real + (1 - alpha) * fake.detach()).requires_grad_(True)
            (g,) = torch.autograd.grad(critic(x, y_real).adv.sum(), x, create_graph=True)
            gp = (g.flatten(1).norm(dim=1) - 1).pow(2).mean()
            terms["gp"] = gp
            total = total + self.gp_weight * gp
        return LossTerms(total, terms, {"adv": 1.0, "aux_real": self.aux_weight})

    def generator_loss(self, critic, fake, y_fake, *, codes=None, out_fake=None):
        out = critic(fake, y_fake) if out_fake is None else out_fake
        adv = F.softplus(-out.adv).mean()
        aux = self._aux(out, y_fake)
        terms = {"adv": adv, "aux_fake": aux}
        if codes is not None:
            terms["info"] = self._info(out, codes)
        return LossTerms(adv + self.aux_weight * aux + terms.get("info", 0.0), terms)

    @staticmethod
    def _info(out, codes):
        cat = F.cross_entropy(out.info.categorical[0], codes.categorical[0])
        return cat + F.mse_loss(out.info.mean, codes.continuous)


class TinyData(Dataset):
    """Flat-coloured 8x8 squares: the colour attribute is the colour, size is a centre block."""

    COLOURS = torch.tensor([[1.0, -1, -1], [-1, 1.0, -1], [-1, -1, 1.0]])

    def __init__(self, n: int = 64, seed: int = 0):
        g = torch.Generator().manual_seed(seed)
        self.y = torch.stack(
            [torch.randint(0, 3, (n,), generator=g), torch.randint(0, 2, (n,), generator=g)], 1
        )
        noise = 0.1 * torch.randn(n, 3, 8, 8, generator=g)
        img = self.COLOURS[self.y[:, 0]][:, :, None, None].expand(n, 3, 8, 8).clone()
        img[self.y[:, 1] == 1, :, 2:6, 2:6] *= 0.3
        self.x = (img + noise).clamp(-1, 1)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


def tiny_setup(*, batchnorm=False, nan_at_call=None, gp_weight=0.0, gp_alpha=None, n=64, seed=0):
    """(generator, critic, objective, data) built deterministically from ``seed``."""
    torch.manual_seed(seed)
    space = tiny_space()
    g = TinyGenerator(space, batchnorm=batchnorm)
    d = TinyCritic(space, nan_at_call=nan_at_call)
    return g, d, TinyObjective(gp_weight=gp_weight, gp_alpha=gp_alpha), TinyData(n, seed)
