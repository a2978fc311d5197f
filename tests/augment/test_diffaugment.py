"""DiffAugment: closed forms of each transform, randomness, probability, gradients,
devices and dtypes, errors; the AugmentedCritic wrapper."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from condgan.augment import (
    AugmentedCritic,
    DiffAugment,
    brightness,
    contrast,
    cutout,
    diff_augment,
    saturation,
    translate,
)
from condgan.types import CriticOutput

from devices import DEVICES, DTYPES


def _x(b: int = 4, seed: int = 0) -> torch.Tensor:
    return torch.rand(b, 3, 8, 8, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def test_colour_closed_forms():
    x = _x()
    delta = torch.tensor([0.5, -0.5, 0.0, 0.25])
    torch.testing.assert_close(brightness(x, delta), x + delta.view(-1, 1, 1, 1))
    gray = x[:, :1].expand(-1, 3, -1, -1)  # equal channels: saturation has nothing to scale
    torch.testing.assert_close(saturation(gray, torch.full((4,), 1.7)), gray)
    torch.testing.assert_close(saturation(x, torch.ones(4)), x)
    zero = saturation(x, torch.zeros(4))
    torch.testing.assert_close(zero, x.mean(dim=1, keepdim=True).expand_as(x))
    torch.testing.assert_close(contrast(x, torch.ones(4)), x)
    flat = contrast(x, torch.zeros(4))
    torch.testing.assert_close(flat, x.mean(dim=(1, 2, 3), keepdim=True).expand_as(x))
    twice = contrast(x, torch.full((4,), 2.0))
    m = x.mean(dim=(1, 2, 3), keepdim=True)
    torch.testing.assert_close(twice, 2 * (x - m) + m)


def test_translate_closed_form():
    x = torch.arange(16.0).view(1, 1, 4, 4)
    down = translate(x, torch.tensor([[1, 0]]))
    assert down[0, 0].tolist() == [[0, 0, 0, 0], [0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    left = translate(x, torch.tensor([[0, -2]]))
    assert left[0, 0, 0].tolist() == [2, 3, 0, 0]
    assert torch.equal(translate(x, torch.tensor([[0, 0]])), x)
    assert translate(x, torch.tensor([[9, 0]])).abs().sum() == 0  # shifted out entirely


def test_cutout_closed_form():
    x = torch.ones(2, 3, 8, 8)
    out = cutout(x, torch.tensor([[4, 4], [0, 0]]), (4, 4))
    assert out[0, 0, 2:6, 2:6].abs().sum() == 0 and out[0].sum() == 3 * (64 - 16)
    assert out[1].sum() == 3 * (64 - 4)  # clipped at the corner: rows/cols 0-1 only


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_diff_augment_shapes_dtype_device_and_gradients(device, dtype):
    x = _x(6).to(device, dtype).requires_grad_(True)
    g = torch.Generator(device=device).manual_seed(0)
    out = diff_augment(x, generator=g)
    assert out.shape == x.shape and out.dtype == dtype and out.device.type == device
    out.float().sum().backward()
    assert x.grad is not None and bool(x.grad.abs().sum() > 0)


def test_randomness_is_per_sample_and_reproducible():
    x = _x(1).expand(8, -1, -1, -1).contiguous()
    a = diff_augment(x, generator=torch.Generator().manual_seed(3))
    b = diff_augment(x, generator=torch.Generator().manual_seed(3))
    assert torch.equal(a, b)
    assert not torch.allclose(a[0], a[1])  # one image, different draws per sample


def test_probability():
    x = _x(64)
    assert torch.equal(diff_augment(x, probability=0.0), x)
    out = diff_augment(x, "color", probability=0.5, generator=torch.Generator().manual_seed(0))
    same = (out == x).flatten(1).all(dim=1)
    # each of the three colour transforms is skipped with probability 1/2: 1/8 untouched
    assert 0 < int(same.sum()) < 32


def test_module_equals_function_and_reads_a_controller():
    x = _x()
    module = DiffAugment("translation,cutout", generator=torch.Generator().manual_seed(1))
    expected = diff_augment(x, "translation,cutout", generator=torch.Generator().manual_seed(1))
    assert torch.equal(module(x), expected)

    class Controller:
        p = 0.0

    assert torch.equal(DiffAugment(probability=Controller())(x), x)
    assert "translation,cutout" in repr(module)


def test_errors():
    with pytest.raises(ValueError, match="policy must name transforms among"):
        DiffAugment("colour")
    with pytest.raises(ValueError, match=r"probability must be in \[0, 1\], got 1.5"):
        DiffAugment(probability=1.5)
    with pytest.raises(ValueError, match=r"x must be float images \(B, C, H, W\)"):
        diff_augment(torch.zeros(3, 8, 8))
    with pytest.raises(ValueError, match=r"delta must have shape \(4,\)"):
        brightness(_x(), torch.zeros(3))
    with pytest.raises(ValueError, match=r"shift must be a long tensor \(1, 2\)"):
        translate(torch.zeros(1, 1, 4, 4), torch.zeros(1, 2))


class _Recorder(nn.Module):
    space, image_size, channels, has_batch_stats = None, 8, 3, False

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 1)
        self.seen: list = []

    def forward(self, x, y=None):
        self.seen.append((x.detach(), y))
        return CriticOutput(adv=self.fc(x.flatten(1)).squeeze(1))


def test_augmented_critic_augments_in_training_only_and_keeps_y():
    critic = _Recorder()
    wrapped = AugmentedCritic(critic, DiffAugment(generator=torch.Generator().manual_seed(0)))
    assert (wrapped.image_size, wrapped.channels, wrapped.has_batch_stats) == (8, 3, False)
    x, y = _x(), torch.tensor([0, 1, 2, 3])
    wrapped(x, y)
    seen_x, seen_y = critic.seen[-1]
    assert seen_y is y and not torch.equal(seen_x, x)
    wrapped.eval()
    wrapped(x, y)
    assert torch.equal(critic.seen[-1][0], x)
    with pytest.raises(TypeError, match="augment must be callable"):
        AugmentedCritic(critic, 3)
