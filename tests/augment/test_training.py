"""End to end: a few Trainer steps with DiffAugment under ADA, TAC, ADC, D2D-CE and mode
seeking, all plugged in through the critic wrapper, extra heads and objective terms."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Dataset

from condgan.augment import AdaptiveAugment, AugmentedCritic, DiffAugment
from condgan.conditions import MultiCategorical
from condgan.heads import (
    ContrastiveHead,
    Critic,
    DiscriminativeClassHead,
    ProjectionHead,
    auxiliary_head,
)
from condgan.losses import D2DCE, DiscriminativeAuxiliary, ModeSeeking, Objective, TwinAuxiliary
from condgan.models import ConditionalGenerator
from condgan.training import Trainer

SPACE = MultiCategorical({"colour": ["red", "green", "blue"], "size": ["small", "large"]})


class _Generator(ConditionalGenerator):
    def __init__(self) -> None:
        super().__init__(SPACE, nz=8, image_size=8, channels=3)
        self.fc = nn.Linear(8 + SPACE.vector_dim, 8 * 4 * 4)
        self.up = nn.ConvTranspose2d(8, 3, 4, 2, 1)

    def generate(self, z, y):
        h = self.fc(torch.cat([z, SPACE.to_vector(y).to(z.dtype)], 1))
        return torch.tanh(self.up(F.relu(h).view(-1, 8, 4, 4)))


class _Backbone(nn.Module):
    space = None

    def __init__(self) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = 8, 3, 64
        self.conv = nn.Conv2d(3, 4, 4, 2, 1)

    def forward(self, x, y=None):
        return F.leaky_relu(self.conv(x), 0.2).flatten(1)


class _Squares(Dataset):
    COLOURS = torch.tensor([[1.0, -1, -1], [-1, 1.0, -1], [-1, -1, 1.0]])

    def __init__(self, n: int = 32) -> None:
        g = torch.Generator().manual_seed(0)
        self.y = SPACE.sample(n, generator=g)
        img = self.COLOURS[self.y[:, 0]][:, :, None, None].expand(n, 3, 8, 8).clone()
        img[self.y[:, 1] == 1, :, 2:6, 2:6] *= 0.3
        self.x = img

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


def test_diffaugment_ada_tac_d2dce_mode_seeking_train(tmp_path):
    torch.manual_seed(0)
    generator = _Generator()
    backbone = _Backbone()
    critic = Critic(
        backbone,
        adversarial=ProjectionHead(64, SPACE),
        auxiliary=auxiliary_head(64, SPACE),
        extra_heads={
            "twin": auxiliary_head(64, SPACE),
            "embed": ContrastiveHead(64, SPACE, dim=8),
            "adc": DiscriminativeClassHead(64, SPACE),
        },
    )
    ada = AdaptiveAugment(interval=1, speed=64, initial=0.5)
    augmented = AugmentedCritic(critic, DiffAugment(probability=ada))
    objective = Objective(
        "hinge", space=SPACE, aux_real_weight=1.0, aux_gen_weight=1.0,
        terms=[ada, (TwinAuxiliary(), 1.0), (D2DCE(), 0.5), (DiscriminativeAuxiliary(), 1.0),
               (ModeSeeking(generator), 1.0)],
    )  # fmt: skip
    config = {
        "batch_size": 8, "steps": 3, "out_dir": str(tmp_path / "run"), "progress": False,
        "tensorboard": False, "sample_every": 0, "checkpoint_every": 0, "gif": False,
        "plot": False, "log_every": 1, "check_every": 1,
    }  # fmt: skip
    before = {n: p.detach().clone() for n, p in critic.named_parameters()}
    trainer = Trainer(generator, augmented, objective, _Squares(), config)
    metrics = trainer.fit()
    assert trainer.step == 3
    expected = {"d/adv", "d/aux_real", "d/tac", "d/d2dce", "d/d2dce/colour", "d/adc", "d/ada/p",
                "g/adv", "g/aux_fake", "g/tac", "g/d2dce", "g/adc", "g/mode_seeking"}  # fmt: skip
    assert expected <= set(metrics)
    assert all(math.isfinite(v) for v in metrics.values())
    assert 0.0 <= metrics["d/ada/p"] <= 1.0 and ada.p != 0.5  # the controller moved p
    for name in (
        "extra_heads.twin.heads.0.weight",
        "extra_heads.embed.proxies.0.weight",
        "extra_heads.adc.heads.1.weight",
    ):
        assert not torch.equal(before[name], dict(critic.named_parameters())[name])
    images = generator.sample(
        ["blue colour large size"], generator=torch.Generator().manual_seed(1)
    )
    assert images.shape == (1, 3, 8, 8)
