"""Procedural cartoon / anime faces drawn with PIL, supersampled for anti-aliasing.

A face is flat vector art in the manner of Google's Cartoon Set: a tinted
background, hair behind the head (long styles), ears, a face shape in the skin
tone, hair on top in one of several styles, eyebrows, big eyes (white, iris in
the eye colour, pupil, highlight), optional glasses, a nose and a mouth.
Nuisance variation: hair style, face width and height, eye spacing and height,
head position, background tint, mouth shape, small colour jitter.
"""

from __future__ import annotations

import itertools
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw

__all__ = ["HAIR_STYLES", "render_face"]

RGB = tuple[int, int, int]
#: Names of the hair styles (the style index is a nuisance factor).
HAIR_STYLES: tuple[str, ...] = ("short", "long", "bangs", "side", "bun", "spiky")
_SS = 4  # supersampling factor


def _jitter(rng: np.random.Generator, rgb: RGB, amount: int) -> RGB:
    d = rng.integers(-amount, amount + 1, 3).tolist()
    # plain ints: np.clip on three scalars cost more than drawing the face's shapes
    return tuple(min(255, max(0, c + x)) for c, x in zip(rgb, d))  # type: ignore[return-value]


def _shade(rgb: RGB, f: float) -> RGB:
    if f <= 1:
        return tuple(int(c * f) for c in rgb)  # type: ignore[return-value]
    return tuple(int(c + (255 - c) * (f - 1)) for c in rgb)  # type: ignore[return-value]


def _background(rng: np.random.Generator) -> RGB:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(
        rng.uniform(0, 1), rng.uniform(0.72, 0.86), rng.uniform(0.25, 0.6)
    )
    return int(r * 255), int(g * 255), int(b * 255)


def render_face(
    rng: np.random.Generator,
    size: int,
    *,
    hair: RGB,
    eye: RGB,
    skin: RGB,
    glasses: bool,
    style: Literal["cartoon", "anime"] = "cartoon",
) -> Image.Image:
    """One face as an RGB image ``size x size``.

    Args:
        rng: the image's own random stream (nuisance factors).
        size: output side in pixels.
        hair, eye, skin: colours of the hair, iris and skin.
        glasses: draw glasses.
        style: ``"cartoon"`` (Cartoon Set proportions) or ``"anime"`` (larger,
            taller eyes, fringes, mostly long hair, small mouth).
    """
    anime = style == "anime"
    S = size * _SS
    im = Image.new("RGB", (S, S), _background(rng))
    d = ImageDraw.Draw(im)

    def box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return [x0 * S, y0 * S, x1 * S, y1 * S]

    hair = _jitter(rng, hair, 8)
    skin = _jitter(rng, skin, 6)
    dark_hair = _shade(hair, 0.78) if sum(hair) > 120 else _shade(hair, 1.6)
    cx = 0.5 + rng.uniform(-0.04, 0.04)
    cy = 0.56 + rng.uniform(-0.03, 0.03)
    fw = rng.uniform(0.25, 0.31)  # face half-width
    fh = rng.uniform(0.31, 0.35)  # face half-height
    style_id = int(rng.integers(0, len(HAIR_STYLES)))
    if anime and style_id in (0, 5) and rng.uniform() < 0.6:
        style_id = 1
    hs = HAIR_STYLES[style_id]
    top = cy - fh * 1.2  # top of the hair

    # Hair behind the head.
    if hs in ("long", "bangs") or (anime and hs != "bun"):
        length = rng.uniform(0.15, 0.42)
        d.rounded_rectangle(
            box(cx - fw * 1.22, cy - fh * 0.9, cx + fw * 1.22, min(0.99, cy + fh + length)),
            radius=fw * 0.5 * S,
            fill=hair,
        )
    if hs == "bun":
        r = fw * 0.5
        d.ellipse(box(cx - r, top - r * 1.3, cx + r, top + r * 0.6), fill=hair)
    # Ears, neck shadow, face.
    ear = _shade(skin, 0.9)
    for sx in (-1, 1):
        ex = cx + sx * fw * 0.98
        d.ellipse(box(ex - fw * 0.16, cy - fh * 0.12, ex + fw * 0.16, cy + fh * 0.22), fill=ear)
    chin = rng.uniform(0.55, 0.9)  # rounder (1) or pointier (0.5) jaw
    d.ellipse(box(cx - fw, cy - fh, cx + fw, cy + fh * 0.55), fill=skin)
    d.ellipse(box(cx - fw * chin, cy - fh * 0.2, cx + fw * chin, cy + fh), fill=skin)
    d.rectangle(box(cx - fw, cy - fh * 0.2, cx + fw, cy + fh * 0.15), fill=skin)

    # Hair on top.
    line = cy - fh * rng.uniform(0.38, 0.55)  # hairline
    d.chord(box(cx - fw * 1.12, top, cx + fw * 1.12, line + (line - top)), 180, 360, fill=hair)
    side = fw * 1.12
    d.rectangle(box(cx - side, (top + line) / 2, cx - fw * 0.86, cy + fh * 0.05), fill=hair)
    d.rectangle(box(cx + fw * 0.86, (top + line) / 2, cx + side, cy + fh * 0.05), fill=hair)
    if hs in ("bangs",) or anime:
        n = int(rng.integers(4, 7))
        xs = np.linspace(cx - fw * 1.0, cx + fw * 1.0, n + 1)
        depth = fh * rng.uniform(0.25, 0.4)
        pts = [(xs[0] * S, (line - 0.02) * S)]
        for a, b in itertools.pairwise(xs):
            pts += [((a + b) / 2 * S, (line + depth) * S), (b * S, (line - 0.01) * S)]
        d.polygon(pts, fill=hair)
    elif hs == "side":
        flip = 1 if rng.uniform() < 0.5 else -1
        pts = [
            (cx - flip * fw * 1.05, line - 0.02),
            (cx + flip * fw * 1.05, line - 0.02),
            (cx + flip * fw * 1.0, line + fh * 0.45),
            (cx - flip * fw * 0.2, line + fh * 0.05),
        ]
        d.polygon([(x * S, y * S) for x, y in pts], fill=hair)
    elif hs == "spiky":
        n = 7
        xs = np.linspace(cx - fw * 1.1, cx + fw * 1.1, n + 1)
        pts = [(xs[0] * S, (line + 0.01) * S)]
        for a, b in itertools.pairwise(xs):
            pts += [
                ((a + b) / 2 * S, (top - fh * rng.uniform(0.15, 0.3)) * S),
                (b * S, (top + 0.05) * S),
            ]
        pts.append((xs[-1] * S, (line + 0.01) * S))
        d.polygon(pts, fill=hair)
    # A strand line for texture.
    d.arc(
        box(cx - fw * 0.8, top + 0.02, cx + fw * 0.6, line + 0.05),
        200,
        300,
        fill=dark_hair,
        width=max(1, int(0.01 * S)),
    )

    # Eyes.
    gap = fw * rng.uniform(0.40, 0.52)
    ey = cy + fh * rng.uniform(-0.02, 0.12)
    if anime:
        rx, ry = rng.uniform(0.078, 0.09), rng.uniform(0.095, 0.11)
        ir_x, ir_y = rx * 0.78, ry * 0.82
    else:
        rx, ry = rng.uniform(0.076, 0.088), rng.uniform(0.064, 0.076)
        ir_x = ir_y = min(rx, ry) * 0.9
    look = rng.uniform(-0.25, 0.25) * rx
    brow_w = max(1, int(0.018 * S))
    for sx in (-1, 1):
        ex = cx + sx * gap
        d.ellipse(
            box(ex - rx, ey - ry, ex + rx, ey + ry),
            fill=(255, 255, 255),
            outline=(40, 30, 30),
            width=max(1, int(0.008 * S)),
        )
        ix = ex + look
        d.ellipse(box(ix - ir_x, ey - ir_y, ix + ir_x, ey + ir_y), fill=eye)
        pr = min(ir_x, ir_y) * 0.42
        d.ellipse(box(ix - pr, ey - pr, ix + pr, ey + pr), fill=_shade(eye, 0.35))
        hl = min(ir_x, ir_y) * 0.3
        d.ellipse(
            box(ix - hl * 2.2, ey - ir_y * 0.7, ix - hl * 0.2, ey - ir_y * 0.7 + hl * 2),
            fill=(255, 255, 255),
        )
        by = ey - ry - rng.uniform(0.03, 0.05)
        tilt = rng.uniform(-0.015, 0.015)
        d.line(
            [((ex - rx) * S, (by + sx * tilt) * S), ((ex + rx) * S, (by - sx * tilt) * S)],
            fill=dark_hair if sum(hair) > 600 else hair,
            width=brow_w,
        )

    if glasses:
        frame = _jitter(rng, (30, 30, 34), 10)
        gw = max(2, int(0.022 * S))
        gr = max(rx, ry) * 1.45
        for sx in (-1, 1):
            ex = cx + sx * gap
            if rng.uniform() < 0.5:
                d.ellipse(
                    box(ex - gr, ey - gr * 0.85, ex + gr, ey + gr * 0.85), outline=frame, width=gw
                )
            else:
                d.rounded_rectangle(
                    box(ex - gr, ey - gr * 0.8, ex + gr, ey + gr * 0.8),
                    radius=gr * 0.35 * S,
                    outline=frame,
                    width=gw,
                )
        d.line([((cx - gap + gr) * S, ey * S), ((cx + gap - gr) * S, ey * S)], fill=frame, width=gw)
        for sx in (-1, 1):
            d.line(
                [
                    ((cx + sx * (gap + gr)) * S, ey * S),
                    ((cx + sx * fw * 0.98) * S, (ey - 0.01) * S),
                ],
                fill=frame,
                width=gw,
            )

    # Nose and mouth.
    ny = ey + fh * rng.uniform(0.32, 0.42)
    nose = _shade(skin, 0.8)
    d.arc(
        box(cx - 0.025, ny - 0.03, cx + 0.025, ny + 0.015),
        20,
        160,
        fill=nose,
        width=max(1, int(0.01 * S)),
    )
    my = ny + fh * rng.uniform(0.2, 0.3)
    mw = fw * (rng.uniform(0.2, 0.3) if anime else rng.uniform(0.3, 0.48))
    lips = (150, 40, 50)
    if rng.uniform() < 0.5:
        d.arc(
            box(cx - mw, my - mw * 0.6, cx + mw, my + mw * 0.4),
            20,
            160,
            fill=lips,
            width=max(1, int(0.014 * S)),
        )
    else:
        d.chord(box(cx - mw, my - mw * 0.45, cx + mw, my + mw * 0.5), 0, 180, fill=lips)
    return im.reduce(_SS)
