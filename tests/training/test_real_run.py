"""A tiny real run: condgan.models + condgan.losses on the cartoon stand-in learns the condition.

The generator's hair colour is read back in closed form: each generated image is
given the hair value whose mean real image (the class centroid, computed from
the stand-in itself) is nearest in pixel space. On the real stand-in images this
rule is almost always right (checked below), so it measures whether G draws the
asked hair colour, without any trained classifier.
"""

from __future__ import annotations

import pytest
import torch
from torch.utils.data import TensorDataset

from condgan.data import load_dataset
from condgan.data.standin import write_standin
from condgan.losses import Objective
from condgan.models import DCGANGenerator, dcgan_critic
from condgan.training import Trainer

HAIR = 0  # attribute index of hair in cartoon_space()
SIZE = 32


@pytest.fixture(scope="module")
def cartoon(tmp_path_factory):
    """512 cartoon stand-in faces rendered at 32 px, in memory: ``(x (N, 3, 32, 32), y (N, 4))``."""
    folder = write_standin(
        "cartoon", tmp_path_factory.mktemp("cartoon") / "data", 512, 0, size=SIZE
    )
    data = load_dataset(folder, size=SIZE)
    x = torch.stack([data[i][0] for i in range(len(data))])
    return x, data.y, data.space


def hair_centroids(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean image per hair value, ``(6, 3, H, W)``."""
    return torch.stack([x[y[:, HAIR] == v].mean(0) for v in range(6)])


def nearest_hair(images: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """The hair value of each image ``(B, 3, H, W)`` by nearest centroid, long ``(B,)``."""
    return torch.cdist(images.flatten(1), centroids.flatten(1)).argmin(1)


def hair_accuracy(G, centroids: torch.Tensor, space, n_per_value: int = 32) -> float:
    """How often G's image is nearest the centroid of the asked hair value (others random)."""
    gen = torch.Generator().manual_seed(123)
    y = space.sample(6 * n_per_value, generator=gen)
    y[:, HAIR] = torch.arange(6).repeat_interleave(n_per_value)
    G.eval()
    images = G.sample(y, generator=gen)
    G.train()
    return float((nearest_hair(images, centroids) == y[:, HAIR]).float().mean())


def build(space, seed: int = 0):
    torch.manual_seed(seed)
    G = DCGANGenerator(space, nz=32, image_size=SIZE, widths=(64, 32, 16))
    D = dcgan_critic(space, image_size=SIZE, widths=(16, 32, 64), head="projection", auxiliary=True)
    objective = Objective("bce", space=space, aux_real_weight=1.0, aux_gen_weight=1.0)
    return G, D, objective


def test_the_closed_form_reads_real_hair(cartoon):
    x, y, _ = cartoon
    assert float((nearest_hair(x, hair_centroids(x, y)) == y[:, HAIR]).float().mean()) > 0.97


@pytest.mark.slow
def test_acgan_learns_hair_colour_on_the_cartoon_standin(cartoon, tmp_path):
    x, y, space = cartoon
    centroids = hair_centroids(x, y)
    G, D, objective = build(space)
    before = hair_accuracy(G, centroids, space)
    config = {
        "steps": 300, "batch_size": 32, "lr_g": 2e-3, "lr_d": 2e-3, "seed": 0,
        "out_dir": str(tmp_path / "run"), "progress": False, "tensorboard": False,
        "sample_every": 0, "checkpoint_every": 0, "gif": False, "plot": False, "log_every": 50,
        "ema_decay": 0.999,
    }  # fmt: skip
    trainer = Trainer(G, D, objective, TensorDataset(x, y), config)
    metrics = trainer.fit()
    assert {"d/adv", "d/aux_real", "g/adv", "g/aux_fake"} <= set(metrics)
    after = hair_accuracy(G, centroids, space)
    # Chance is 1/6; an untrained G draws about one hair colour for every condition.
    assert before < 0.4
    assert after > 0.8, (before, after)
    # The EMA generator (warm-up ramp, standing BatchNorm statistics), in eval mode as
    # grids, `condgan sample` and load_generator use it, is at least as good as the live one.
    ema = trainer.eval_generator()
    assert not ema.training
    ema_acc = hair_accuracy(ema, centroids, space)
    assert ema_acc >= after, (ema_acc, after)
