"""The condition-space protocol losses and heads use, on every built-in space and device:
aux_head_dims, aux_loss (closed forms), mismatch, the class view and per-value masks."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from condgan.conditions import Categorical, MultiCategorical, MultiLabel, Text

from devices import DEVICES, DTYPES, tolerance
from testing_support import ADL, ICLEVR, all_spaces

IDS = lambda s: type(s).__name__  # noqa: E731


def _logits(space, b: int, device, dtype):
    dims = space.aux_head_dims if not isinstance(space, Text) else space.dim
    g = torch.Generator().manual_seed(3)
    if isinstance(dims, list):
        return [torch.randn(b, n, generator=g).to(device, dtype) for n in dims]
    return torch.randn(b, dims, generator=g).to(device, dtype)


def _reference(space, aux, y):
    """The term written out with torch.nn.functional, in float32 on the CPU."""
    y = y.cpu()
    if isinstance(space, (Categorical, MultiCategorical)):
        cols = y[:, None] if y.dim() == 1 else y
        return sum(F.cross_entropy(z.cpu().float(), cols[:, a]) for a, z in enumerate(aux))
    if isinstance(space, MultiLabel):
        return F.binary_cross_entropy_with_logits(aux.cpu().float(), y)
    return F.mse_loss(aux.cpu().float(), y)


def test_aux_head_dims():
    assert Categorical(5).aux_head_dims == [5]
    assert MultiCategorical(ADL).aux_head_dims == [6, 4, 3, 2]
    assert MultiLabel(ICLEVR).aux_head_dims == 24
    with pytest.raises(TypeError, match="no auxiliary classifier head for Text"):
        Text(4).aux_head_dims  # noqa: B018


@pytest.mark.parametrize("space", all_spaces(), ids=IDS)
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_aux_loss_closed_form(space, device, dtype):
    y = space.sample(7, generator=torch.Generator().manual_seed(0), device=device)
    aux = _logits(space, 7, device, dtype)
    total, parts = space.aux_loss(aux, y)
    assert total.dtype == torch.float32 and total.device.type == device
    expected = _reference(space, aux, y)
    torch.testing.assert_close(total.cpu(), expected, **tolerance(dtype))
    assert list(parts) == space.aux_part_names


def test_aux_loss_weights_and_parts():
    space = MultiCategorical(ADL)
    y = space.sample(5)
    aux = [torch.randn(5, n) for n in space.sizes]
    total, parts = space.aux_loss(aux, y, weights=[2.0, 0.0, 1.0, 0.5])
    ces = [F.cross_entropy(z, y[:, a]) for a, z in enumerate(aux)]
    torch.testing.assert_close(total, 2 * ces[0] + ces[2] + 0.5 * ces[3])
    assert list(parts) == ["hair", "eye", "face", "glasses"]
    torch.testing.assert_close(parts["eye"], ces[1])
    with pytest.raises(ValueError, match="Categorical has no per-part auxiliary weights"):
        Categorical(3).aux_loss(torch.randn(2, 3), torch.tensor([0, 1]), weights=[1.0])


def test_aux_loss_gradients_flow():
    space = MultiLabel(ICLEVR)
    z = torch.randn(4, 24, requires_grad=True)
    total, _ = space.aux_loss(z, space.sample(4))
    total.backward()
    assert z.grad is not None and bool(z.grad.abs().sum() > 0)


@pytest.mark.parametrize("space", all_spaces(), ids=IDS)
@pytest.mark.parametrize("device", DEVICES)
def test_mismatch_on_device(space, device):
    y = space.sample(32, generator=torch.Generator().manual_seed(0), device=device)
    wrong = space.mismatch(y, generator=torch.Generator().manual_seed(1))
    assert wrong.device == y.device and wrong.dtype == y.dtype and wrong.shape == y.shape
    space.validate(wrong)
    assert bool((wrong.reshape(32, -1) != y.reshape(32, -1)).any(dim=1).all())


def test_class_view_and_value_masks():
    cartoon = MultiCategorical(ADL)
    y = cartoon.sample(9)
    assert cartoon.class_sizes == [6, 4, 3, 2] and cartoon.class_names == list(ADL)
    masks = cartoon.value_masks(y)
    # the masks side by side are the vector form (the attributes' one-hots)
    assert torch.equal(torch.cat(masks, dim=1).float(), cartoon.to_vector(y))

    objects = MultiLabel(ICLEVR, max_labels=3)
    y2 = objects.sample(9)
    assert objects.class_sizes == [2] * 24 and objects.class_names == ICLEVR
    masks = objects.value_masks(y2)
    assert len(masks) == 24 and all(m.shape == (9, 2) for m in masks)
    assert torch.equal(torch.stack([m[:, 1] for m in masks], dim=1).float(), y2)

    cat = Categorical(4)
    assert cat.class_targets(torch.tensor([3, 1]))[0].tolist() == [3, 1]
    with pytest.raises(TypeError, match="Text cannot be read as categorical attributes"):
        Text(4).class_sizes  # noqa: B018


def test_aux_loss_errors():
    cartoon = MultiCategorical(ADL)
    y = cartoon.sample(3)
    with pytest.raises(ValueError, match=r"aux must hold one logits tensor per attribute"):
        cartoon.aux_loss([torch.randn(3, 6)], y)
    with pytest.raises(ValueError, match=r"aux\[0\] must be float logits of shape \(B, n\)"):
        cartoon.aux_loss([torch.zeros(3, 6, dtype=torch.long)] * 4, y)
    with pytest.raises(ValueError, match="aux must be one .* tensor for this space, got a list"):
        MultiLabel(ICLEVR).aux_loss([torch.randn(3, 24)] * 2, torch.zeros(3, 24))
    with pytest.raises(ValueError, match=r"aux and y must have the same shape"):
        Text(4).aux_loss(torch.randn(3, 5), torch.randn(3, 4))
