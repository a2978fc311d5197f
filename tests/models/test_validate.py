"""Generators check the values of their inputs (``validate``), with the offending entry named."""

from __future__ import annotations

import pytest
import torch

from condgan.data import cartoon_space, iclevr_space
from condgan.models import create


def _g(space):
    return create("dcgan_generator", space=space, nz=4, image_size=32, widths=(8, 4, 4))


def test_validate_is_on_by_default_in_both_modes():
    g = _g(iclevr_space())
    y = torch.zeros(2, 24)
    y[:, 0] = 1
    y[1, 2] = float("nan")
    for mode in (g.train, g.eval):
        mode()
        with pytest.raises(ValueError, match=r"got y\[1, 2\] = nan"):
            g(torch.zeros(2, 4), y)
    with pytest.raises(ValueError, match=r"got y\[1, 2\] = nan"):
        g.sample(y)


def test_validate_off_skips_only_the_value_checks():
    g = _g(iclevr_space()).eval()
    g.validate = False
    y = torch.zeros(1, 24)
    y[0, :5] = 1  # five objects: invalid, but not checked
    assert g(torch.zeros(1, 4), y).shape == (1, 3, 32, 32)
    with pytest.raises(ValueError, match="z must have shape"):
        g(torch.zeros(1, 5), y)  # shapes still are


def test_invalid_rows_and_indices_name_the_value():
    g = _g(iclevr_space())
    y = torch.zeros(3, 24)
    y[:, 0] = 1
    y[2, 1:4] = 1
    with pytest.raises(ValueError, match=r"row 2 has 4"):
        g(torch.zeros(3, 4), y)
    c = _g(cartoon_space())
    with pytest.raises(
        ValueError, match=r"'glasses'\) must hold indices in \[0, 2\), got values in \[0, 7\]"
    ):
        c(torch.zeros(2, 4), torch.tensor([[0, 0, 0, 0], [0, 0, 0, 7]]))


def test_empty_batches_say_so():
    g = _g(cartoon_space())
    with pytest.raises(ValueError, match=r"y is an empty batch \(shape \(0, 4\)\)"):
        g.sample(torch.zeros(0, 4, dtype=torch.long))
    with pytest.raises(ValueError, match="y is an empty batch"):
        g(torch.zeros(0, 4), torch.zeros(0, 4, dtype=torch.long))
    with pytest.raises(ValueError, match="at least one condition"):
        g.sample([])


def test_non_finite_noise_is_refused():
    g = _g(cartoon_space())
    z = torch.zeros(1, 4)
    z[0, 2] = float("inf")
    with pytest.raises(ValueError, match=r"z must be finite, got z\[0, 2\] = inf"):
        g(z, torch.zeros(1, 4, dtype=torch.long))


def test_infogan_generators_check_values_too():
    from condgan.models import InfoGANGenerator

    g = InfoGANGenerator(cartoon_space(), nz=4, image_size=32, categorical=[3], continuous=2)
    with pytest.raises(
        ValueError, match=r"'hair'\) must hold indices in \[0, 6\), got values in \[9, 9\]"
    ):
        g(torch.zeros(1, 4), torch.tensor([[9, 0, 0, 0]]))
