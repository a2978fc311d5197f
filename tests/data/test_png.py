"""The stand-ins' PNG encoder: the same pixels back through PIL, valid chunks, errors."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from condgan.data.standin import save_image
from condgan.data.standin.png import encode_png

SHAPES = {"L": (5, 7), "RGB": (5, 7, 3), "RGBA": (5, 7, 4)}


def _image(mode: str, seed: int = 0) -> Image.Image:
    pixels = np.random.default_rng(seed).integers(0, 256, SHAPES[mode], dtype=np.uint8)
    return Image.fromarray(pixels, mode)


@pytest.mark.parametrize("mode", sorted(SHAPES))
@pytest.mark.parametrize("level", [0, 1, 9])
def test_round_trip_through_pil(mode: str, level: int) -> None:
    image = _image(mode)
    data = encode_png(image, level)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    back = Image.open(io.BytesIO(data))
    assert back.mode == mode and back.size == (7, 5)
    np.testing.assert_array_equal(np.asarray(back), np.asarray(image))
    Image.open(io.BytesIO(data)).verify()  # chunk CRCs


def test_equal_pixels_give_equal_bytes_and_levels_only_change_the_size() -> None:
    flat = Image.new("RGB", (64, 64), (200, 120, 40))
    assert encode_png(flat) == encode_png(flat.copy())
    assert encode_png(_image("RGB", 1)) != encode_png(_image("RGB", 2))
    assert len(encode_png(flat, 9)) < len(encode_png(flat, 0))


def test_a_corrupted_chunk_is_caught_by_pil() -> None:
    data = bytearray(encode_png(_image("RGB")))
    data[45] ^= 0xFF  # inside IDAT's data (it starts at byte 41): its CRC no longer matches
    with pytest.raises(SyntaxError):
        Image.open(io.BytesIO(bytes(data))).verify()


@pytest.mark.parametrize("mode", ["P", "1", "I;16", "CMYK"])
def test_other_modes_are_refused_with_the_mode_named(mode: str) -> None:
    with pytest.raises(ValueError, match=f"image.mode.*{mode!r}"):
        encode_png(Image.new(mode, (4, 4)))


@pytest.mark.parametrize("level", [-1, 10])
def test_levels_outside_zlibs_range_are_refused(level: int) -> None:
    with pytest.raises(ValueError, match=f"level.*{level}"):
        encode_png(_image("L"), level)


def test_save_image_uses_the_encoder_and_falls_back_to_pil(tmp_path) -> None:
    rgb = _image("RGB")
    save_image(rgb, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == encode_png(rgb)
    palette = rgb.convert("P")
    save_image(palette, tmp_path / "p.png")
    back = Image.open(tmp_path / "p.png")
    assert back.mode == "P"
    np.testing.assert_array_equal(np.asarray(back), np.asarray(palette))
