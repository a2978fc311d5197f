"""A user-defined condition space and a user-defined head, defined only here, plug into
condgan's losses, heads and Trainer without editing condgan.

The ``Ordinal`` space and the ``CumulativeHead`` between the ``[start:...]`` and
``[end:...]`` markers are shown in the docs ("Your own condition space"), which
include this file, so the documented code is the tested code.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import Dataset

import condgan
from condgan.conditions import ConditionSpace, InputConcat, OneHot, space_from_dict
from condgan.heads import Critic, MultiLabelHead, ProjectionHead, auxiliary_head
from condgan.losses import AuxiliaryLoss, Objective, mismatched_conditions
from condgan.models import ConditionalGenerator
from condgan.training import Trainer

from devices import DEVICES


# [start:ordinal]
class Ordinal(ConditionSpace):
    """Ordered levels (e.g. age bins). ``y``: ``long (B,)`` level indices.

    The vector form is a thermometer code, ``v_k = [y > k]`` for the ``n - 1``
    thresholds, so neighbouring levels share most of their code. An auxiliary
    classifier predicts one cumulative logit per threshold (``P(y > k)``),
    scored with binary cross-entropy (ordinal regression).
    """

    type_name = "example_ordinal"

    def __init__(self, levels: list[str]) -> None:
        if len(levels) < 2:
            raise ValueError(f"levels must hold at least 2 names, got {levels!r}")
        self.levels = list(levels)

    # -- what every space defines --------------------------------------------
    @property
    def vector_dim(self) -> int:
        return len(self.levels) - 1

    def validate(self, y, *, name="y", check_values=True):
        if not isinstance(y, torch.Tensor) or y.dtype != torch.long or y.dim() != 1:
            raise TypeError(f"{name} must be a long tensor (B,) of level indices, got {y!r:.60}")
        if check_values and y.numel() and not bool(((y >= 0) & (y < len(self.levels))).all()):
            raise ValueError(f"{name} must hold level indices in [0, {len(self.levels)})")
        return y

    def to_vector(self, y):
        thresholds = torch.arange(len(self.levels) - 1, device=y.device)
        return (y[:, None] > thresholds).float()

    def sample(self, n, *, generator=None, device=None):
        y = torch.randint(0, len(self.levels), (n,), generator=generator)
        return y if device is None else y.to(device)

    def parse(self, condition):
        if condition not in self.levels:
            raise ValueError(f"unknown level {condition!r}; valid: {self.levels}")
        return torch.tensor(self.levels.index(condition))

    def describe(self, y):
        return [self.levels[i] for i in self.validate(y).tolist()]

    def _config(self):
        return {"levels": list(self.levels)}

    # -- what losses and heads ask of it -------------------------------------
    @property
    def aux_head_dims(self) -> int:
        return len(self.levels) - 1  # one (B, n - 1) tensor of cumulative logits

    def aux_loss(self, aux, y, *, weights=None):
        z = aux if isinstance(aux, torch.Tensor) else aux[0]
        return F.binary_cross_entropy_with_logits(z.float(), self.to_vector(y)), {}

    # mismatch() is inherited: fresh samples, redrawn where they equal y.


# [end:ordinal]


# [start:head]
class CumulativeHead(nn.Module):
    """An ordinal-regression head: one score ``s(h)`` minus ordered thresholds
    ``t_1 < ... < t_{n-1}`` gives the cumulative logits ``s(h) - t_k`` ``(B, n - 1)``."""

    def __init__(self, in_features: int, space: ConditionSpace) -> None:
        super().__init__()
        self.space = space  # the Critic checks that its heads agree on the space
        self.score = nn.Linear(in_features, 1)
        self.gaps = nn.Parameter(torch.zeros(space.aux_head_dims))

    def forward(self, h, y=None):
        thresholds = torch.cumsum(F.softplus(self.gaps), dim=0)
        return self.score(h) - thresholds


# [end:head]


class TinyGenerator(ConditionalGenerator):
    """One-hot encoder + input concat + a linear layer and a transposed conv to 8x8."""

    def __init__(self, space: ConditionSpace, nz: int = 8) -> None:
        super().__init__(space, nz=nz, image_size=8, channels=3)
        self.encoder, self.fusion = OneHot(space), InputConcat()
        self.fc = nn.Linear(nz + self.encoder.out_dim, 8 * 4 * 4)
        self.up = nn.ConvTranspose2d(8, 3, 4, 2, 1)

    def generate(self, z, y):
        h = F.relu(self.fc(self.fusion(z, self.encoder(y)))).view(-1, 8, 4, 4)
        return torch.tanh(self.up(h))


class TinyBackbone(nn.Module):
    """(B, 3, 8, 8) -> features (B, 64)."""

    space = None

    def __init__(self) -> None:
        super().__init__()
        self.image_size, self.channels, self.out_dim = 8, 3, 64
        self.conv = nn.Conv2d(3, 4, 4, 2, 1)

    def forward(self, x, y=None):
        return F.leaky_relu(self.conv(x), 0.2).flatten(1)


class Brightness(Dataset):
    """8x8 images whose brightness is the level."""

    def __init__(self, space: Ordinal, n: int = 32) -> None:
        g = torch.Generator().manual_seed(0)
        self.y = space.sample(n, generator=g)
        level = self.y.float() / (len(space.levels) - 1) * 2 - 1
        noise = 0.05 * torch.randn(n, 3, 8, 8, generator=g)
        self.x = (level[:, None, None, None] + noise).clamp(-1, 1)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


AGES = ["child", "teen", "adult", "senior"]


def test_user_space_names_vector_and_round_trip():
    space = Ordinal(AGES)
    y = space.encode(["teen", "senior"])
    assert y.tolist() == [1, 3] and space.describe(y) == ["teen", "senior"]
    assert space.to_vector(y).tolist() == [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    assert space_from_dict(space.to_dict()) == space
    assert "example_ordinal" in condgan.conditions.registered_spaces()


def test_user_space_aux_loss_closed_form_through_the_module():
    space = Ordinal(AGES)
    y, z = torch.tensor([0, 2]), torch.zeros(2, 3)  # logits 0: every term is log 2
    assert AuxiliaryLoss(space)(z, y).item() == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="weights are per attribute"):
        AuxiliaryLoss(space, weights=[1.0])


@pytest.mark.parametrize("device", DEVICES)
def test_user_space_default_mismatch_differs_and_is_valid(device):
    space = Ordinal(AGES)
    g = torch.Generator().manual_seed(0)
    y = space.sample(64, generator=g, device=device)
    wrong = mismatched_conditions(space, y, generator=g)
    space.validate(wrong)
    assert wrong.device == y.device and wrong.dtype == y.dtype
    assert bool((wrong != y).all())

    class Stuck(Ordinal):  # draws one level only, so nothing differs from it
        def sample(self, n, *, generator=None, device=None):
            return torch.zeros(n, dtype=torch.long)

    with pytest.raises(ValueError, match="could not draw a condition different from y"):
        Stuck(AGES).mismatch(torch.zeros(3, dtype=torch.long))


def test_user_space_without_a_class_view_says_so():
    space = Ordinal(AGES)
    with pytest.raises(TypeError, match="Ordinal cannot be read as categorical attributes"):
        space.value_masks(torch.tensor([0, 1]))


def test_builtin_head_fits_the_user_space_from_its_aux_head_dims():
    head = auxiliary_head(16, Ordinal(AGES))
    assert isinstance(head, MultiLabelHead) and head(torch.randn(2, 16)).shape == (2, 3)


def test_user_head_thresholds_are_ordered():
    head = CumulativeHead(16, Ordinal(AGES))
    logits = head(torch.randn(5, 16))
    assert logits.shape == (5, 3)
    assert bool((logits[:, :-1] > logits[:, 1:]).all())  # P(y > k) falls with k


def test_user_space_and_head_train_end_to_end_and_sample_by_name(tmp_path):
    torch.manual_seed(0)
    space = Ordinal(AGES)
    generator = TinyGenerator(space)
    backbone = TinyBackbone()
    critic = Critic(
        backbone,
        adversarial=ProjectionHead(backbone.out_dim, space),
        auxiliary=CumulativeHead(backbone.out_dim, space),
    )
    objective = Objective(
        "hinge", space=space, aux_real_weight=1.0, aux_gen_weight=1.0, match_weight=1.0
    )
    config = {
        "batch_size": 8, "steps": 3, "out_dir": str(tmp_path / "run"), "progress": False,
        "tensorboard": False, "sample_every": 0, "checkpoint_every": 0, "gif": False,
        "plot": False, "log_every": 1, "check_every": 1,
    }  # fmt: skip
    trainer = Trainer(generator, critic, objective, Brightness(space), config)
    before = [p.detach().clone() for p in critic.auxiliary.parameters()]
    metrics = trainer.fit()
    assert trainer.step == 3
    assert {"d/adv", "d/aux_real", "d/match", "g/adv", "g/aux_fake"} <= set(metrics)
    assert all(math.isfinite(v) for v in metrics.values())
    assert any(not torch.equal(a, b) for a, b in zip(before, critic.auxiliary.parameters()))
    images = generator.sample(["child", "senior"], generator=torch.Generator().manual_seed(1))
    assert images.shape == (2, 3, 8, 8) and bool(images.abs().le(1).all())


def _imported_names(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("package", ["losses", "heads"])
def test_losses_and_heads_know_no_concrete_space(package):
    """Adding a condition type never edits losses or heads: they import no concrete space."""
    root = Path(condgan.__file__).parent / package
    concrete = {"Categorical", "MultiCategorical", "MultiLabel", "Text"}
    assert not (_imported_names(root) & concrete)
