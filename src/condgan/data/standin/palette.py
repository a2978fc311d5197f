"""Colours of the stand-ins: hair, iris, skin tones and the i-CLEVR object colours (RGB 0-255)."""

from __future__ import annotations

__all__ = ["EYE_RGB", "HAIR_RGB", "ICLEVR_RGB", "SKIN_RGB"]

#: Hair colours of every vocabulary (ADL and both anime sets).
HAIR_RGB: dict[str, tuple[int, int, int]] = {
    "blonde": (246, 214, 96),
    "orange": (236, 118, 30),
    "brown": (112, 62, 28),
    "black": (28, 26, 30),
    "blue": (44, 92, 226),
    "white": (246, 246, 250),
    "aqua": (40, 214, 208),
    "gray": (128, 130, 138),
    "green": (44, 160, 56),
    "pink": (250, 140, 196),
    "purple": (128, 52, 190),
    "red": (214, 30, 36),
}
#: Iris colours of every vocabulary.
EYE_RGB: dict[str, tuple[int, int, int]] = {
    "brown": (150, 82, 30),
    "blue": (36, 112, 240),
    "green": (36, 180, 64),
    "black": (18, 18, 20),
    "gray": (132, 136, 144),
    "orange": (246, 132, 20),
    "pink": (246, 120, 190),
    "yellow": (244, 220, 30),
    "aqua": (30, 220, 214),
    "purple": (140, 50, 206),
    "red": (220, 24, 30),
}
#: Skin tones of the ADL ``face`` attribute (each jittered a little per image).
SKIN_RGB: dict[str, tuple[int, int, int]] = {
    "African": (124, 76, 46),
    "Asian": (244, 212, 150),
    "Caucasian": (252, 196, 186),
}
#: CLEVR's own object colours.
ICLEVR_RGB: dict[str, tuple[int, int, int]] = {
    "gray": (87, 87, 87),
    "red": (173, 35, 35),
    "blue": (42, 75, 215),
    "green": (29, 105, 20),
    "brown": (129, 74, 25),
    "purple": (129, 38, 192),
    "cyan": (41, 208, 208),
    "yellow": (255, 238, 51),
}
