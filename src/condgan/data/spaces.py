"""The condition spaces and vocabularies of the real data sets (see the Data guide).

Every name here is exactly as the course files spell it, in their order, so a
space's indices are the files' indices: i-CLEVR's ``objects.json`` index is
``shape_index * 8 + colour_index``; the ADL cartoon one-hot columns follow
``cartoon_attr.txt``'s header; the anime vocabularies follow DATASETS.md.
"""

from __future__ import annotations

from typing import Literal

from condgan.conditions import MultiCategorical, MultiLabel

__all__ = [
    "ANIME_EYES_2017",
    "ANIME_EYES_2018",
    "ANIME_HAIR_2017",
    "ANIME_HAIR_2018",
    "CARTOON_ATTRIBUTES",
    "CARTOON_HEADER",
    "ICLEVR_COLOURS",
    "ICLEVR_OBJECTS",
    "ICLEVR_SHAPES",
    "anime_space",
    "cartoon_space",
    "iclevr_space",
]

#: i-CLEVR colours in ``objects.json`` order.
ICLEVR_COLOURS: tuple[str, ...] = (
    "gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow",
)  # fmt: skip
#: i-CLEVR shapes in ``objects.json`` order.
ICLEVR_SHAPES: tuple[str, ...] = ("cube", "sphere", "cylinder")
#: The 24 object names, index = shape_index * 8 + colour_index.
ICLEVR_OBJECTS: tuple[str, ...] = tuple(f"{c} {s}" for s in ICLEVR_SHAPES for c in ICLEVR_COLOURS)

#: ADL cartoon attributes: attribute -> value names, in header order.
CARTOON_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "hair": ("blonde", "orange", "brown", "black", "blue", "white"),
    "eye": ("brown", "blue", "green", "black"),
    "face": ("African", "Asian", "Caucasian"),
    "glasses": ("with", "without"),
}
#: The 15 one-hot columns of ``cartoon_attr.txt`` (its second line), in order.
CARTOON_HEADER: tuple[str, ...] = (
    *(f"hair_{v}" for v in CARTOON_ATTRIBUTES["hair"]),
    *(f"eye_{v}" for v in CARTOON_ATTRIBUTES["eye"]),
    *(f"face_{v}" for v in CARTOON_ATTRIBUTES["face"]),
    "with_glasses",
    "without_glasses",
)

#: Anime 2018 (``extra_data/tags.csv``) hair colours.
ANIME_HAIR_2018: tuple[str, ...] = (
    "aqua", "black", "blonde", "blue", "brown", "gray", "green", "orange", "pink", "purple",
    "red", "white",
)  # fmt: skip
#: Anime 2018 eye colours (no gray eyes).
ANIME_EYES_2018: tuple[str, ...] = (
    "aqua", "black", "blue", "brown", "green", "orange", "pink", "purple", "red", "yellow",
)  # fmt: skip
#: Anime 2017 (Jin et al., ``tags_clean.csv``) hair colours, in the course's order.
ANIME_HAIR_2017: tuple[str, ...] = (
    "orange", "white", "aqua", "gray", "green", "red", "purple", "pink", "blue", "black",
    "brown", "blonde",
)  # fmt: skip
#: Anime 2017 eye colours, in the course's order.
ANIME_EYES_2017: tuple[str, ...] = (
    "gray", "black", "orange", "pink", "yellow", "aqua", "purple", "green", "brown", "red",
    "blue",
)  # fmt: skip


def cartoon_space() -> MultiCategorical:
    """ADL cartoon faces: hair 6, eye 4, face 3, glasses 2 (144 combinations).

    Phrases read like ``"blue hair green eye Asian face with glasses"``;
    ``y`` is long ``(B, 4)``.
    """
    return MultiCategorical({k: list(v) for k, v in CARTOON_ATTRIBUTES.items()})


def iclevr_space() -> MultiLabel:
    """i-CLEVR objects: a multi-hot ``(B, 24)`` of 1 to 3 of :data:`ICLEVR_OBJECTS`."""
    return MultiLabel(list(ICLEVR_OBJECTS), min_labels=1, max_labels=3)


def anime_space(version: Literal[2017, 2018] = 2018) -> MultiCategorical:
    """Anime hair and eye colours: 12 x 10 (2018) or 12 x 11 (2017).

    Phrases read like ``"blue hair red eyes"``; ``y`` is long ``(B, 2)``.

    Raises:
        ValueError: ``version`` is not 2017 or 2018.
    """
    if version == 2018:
        return MultiCategorical({"hair": list(ANIME_HAIR_2018), "eyes": list(ANIME_EYES_2018)})
    if version == 2017:
        return MultiCategorical({"hair": list(ANIME_HAIR_2017), "eyes": list(ANIME_EYES_2017)})
    raise ValueError(f"anime version must be 2017 or 2018, got {version!r}")
