"""BigGAN's hierarchical noise (skip-z): chunk widths, the split, and the generator's use of it."""

from __future__ import annotations

import functools

import pytest
import torch
from torch import nn

from condgan.conditions import (
    ConditionalBatchNorm2d,
    LearnedEmbedding,
    MultiCategorical,
    MultiLabel,
)
from condgan.models import DCGANGenerator, HierarchicalNoise, create, noise_chunks

from testing_support import ADL


@pytest.mark.parametrize(
    ("nz", "blocks", "want"),
    [(120, 5, [20] * 6), (64, 3, [16] * 4), (10, 3, [3, 3, 2, 2]), (2, 1, [1, 1])],
)
def test_chunks_match_tensor_split(nz, blocks, want):
    assert noise_chunks(nz, blocks) == want
    parts = torch.tensor_split(torch.zeros(1, nz), blocks + 1, dim=1)
    assert [p.shape[1] for p in parts] == want


def test_too_narrow_noise_or_no_blocks_is_refused():
    with pytest.raises(ValueError, match=r"nz=3 .* 4 chunks .* nz must be >= 4"):
        noise_chunks(3, 3)
    with pytest.raises(ValueError, match="blocks"):
        noise_chunks(8, 0)


def test_split_gives_the_input_chunk_and_cat_c_zk_per_block():
    split = HierarchicalNoise(10, 3)
    z, c = torch.randn(5, 10), torch.randn(5, 4)
    z0, conds = split(z, c)
    assert torch.equal(z0, z[:, :3])
    assert [t.shape for t in conds] == [(5, 7), (5, 6), (5, 6)]
    assert split.cond_dims(4) == [7, 6, 6]
    starts = [3, 6, 8, 10]
    for k, ck in enumerate(conds):
        assert torch.equal(ck[:, :4], c)
        assert torch.equal(ck[:, 4:], z[:, starts[k] : starts[k + 1]])


def test_split_refuses_wrong_shapes():
    split = HierarchicalNoise(10, 3)
    with pytest.raises(ValueError, match=r"z must have shape \(B, 10\), got \(5, 9\)"):
        split(torch.randn(5, 9), torch.randn(5, 4))
    with pytest.raises(ValueError, match="c must have shape"):
        split(torch.randn(5, 10), torch.randn(4, 4))


def _biggan_like(space, nz=12):
    return create(
        "dcgan_generator", space=space, nz=nz, image_size=16, widths=(16, 8), encoder="learned",
        encoder_dim=4, input_concat=False, norm_layer="cbn", hierarchical_noise=True,
    )  # fmt: skip


def _perturb_norms(g: nn.Module) -> None:
    # the conditional norms start as plain BN (gamma/beta maps at zero); give them weight
    torch.manual_seed(1)
    for m in g.modules():
        if isinstance(m, ConditionalBatchNorm2d):
            nn.init.normal_(m.gamma.weight, std=0.5)
            nn.init.normal_(m.beta.weight, std=0.5)


def test_builder_sizes_each_blocks_norm_and_the_input():
    space = MultiCategorical(ADL)
    g = _biggan_like(space)  # 2 blocks with a norm: chunks [4, 4, 4]
    assert g.noise_split.chunks == [4, 4, 4]
    enc_dim = g.encoder.out_dim
    norms = [m for m in g.modules() if isinstance(m, ConditionalBatchNorm2d)]
    assert [m.cond_dim for m in norms] == [enc_dim + 4, enc_dim + 4]
    first_conv = next(m for m in g.first.modules() if isinstance(m, nn.ConvTranspose2d))
    assert first_conv.in_channels == 4  # only z's first chunk (no input concat)
    y = space.sample(3, generator=torch.Generator().manual_seed(0))
    assert g(torch.randn(3, 12), y).shape == (3, 3, 16, 16)


def test_each_chunk_reaches_its_block():
    space = MultiCategorical(ADL)
    g = _biggan_like(space).eval()
    y = space.sample(2, generator=torch.Generator().manual_seed(0))
    z = torch.randn(2, 12)
    with torch.no_grad():
        base = g(z, y)
        for k in (1, 2):  # at initialisation the blocks' chunks change nothing (plain BN)
            z2 = z.clone()
            z2[:, 4 * k : 4 * k + 4] += 1.0
            assert torch.equal(g(z2, y), base)
    _perturb_norms(g)
    z.requires_grad_(True)
    g(z, y).square().sum().backward()
    for k in range(3):
        assert z.grad[:, 4 * k : 4 * k + 4].abs().sum() > 0, f"chunk {k} has no gradient"


def test_without_hierarchical_noise_the_whole_z_is_the_input():
    space = MultiCategorical(ADL)
    g = create("dcgan_generator", space=space, nz=12, image_size=16, widths=(16, 8),
               input_concat=False, norm_layer="cbn")  # fmt: skip
    assert g.noise_split is None
    first_conv = next(m for m in g.first.modules() if isinstance(m, nn.ConvTranspose2d))
    assert first_conv.in_channels == 12


def test_builder_refuses_hierarchical_noise_without_conditional_norm():
    with pytest.raises(ValueError, match="norm_layer='cbn'.*got norm_layer='bn'"):
        create("dcgan_generator", space=MultiCategorical(ADL), nz=12, image_size=16,
               widths=(16, 8), hierarchical_noise=True)  # fmt: skip


def test_class_refuses_norms_of_the_wrong_width():
    space = MultiLabel(["a", "b", "c"])
    enc = LearnedEmbedding(space, 4)  # c is 4 wide; each block's norm must read 4 + 4
    kwargs = dict(encoder=enc, nz=12, image_size=16, widths=(16, 8), fusion={},
                  hierarchical_noise=True)  # fmt: skip
    with pytest.raises(ValueError, match=r"block 0 has conditional norms of cond_dim \[4\].*8"):
        DCGANGenerator(space, norm_layer=functools.partial(ConditionalBatchNorm2d, cond_dim=4),
                       **kwargs)  # fmt: skip
    with pytest.raises(ValueError, match="block 0 has no conditional norm"):
        DCGANGenerator(space, norm_layer=nn.BatchNorm2d, **kwargs)
    right = functools.partial(ConditionalBatchNorm2d, cond_dim=8)
    g = DCGANGenerator(space, norm_layer=right, **kwargs)
    y = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    assert g(torch.randn(2, 12), y).shape == (2, 3, 16, 16)


def test_rebuilt_from_its_spec_it_draws_the_same_images():
    space = MultiCategorical(ADL)
    torch.manual_seed(0)
    g = _biggan_like(space)
    _perturb_norms(g)
    g2 = create(g.spec["name"], **g.spec["kwargs"])
    g2.load_state_dict(g.state_dict())
    y = space.sample(3, generator=torch.Generator().manual_seed(0))
    z = torch.randn(3, 12)
    g.eval(), g2.eval()
    with torch.no_grad():
        assert torch.equal(g(z, y), g2(z, y))
