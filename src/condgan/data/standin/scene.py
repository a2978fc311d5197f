"""Procedural i-CLEVR-like scenes: shaded cubes, spheres and cylinders on a grey floor.

A pinhole camera looks down at a grey floor (perspective brightness gradient
and a soft spot light). Each object sits on the floor at depth ``Z``; it is
drawn with a local orthographic view at the elevation ``atan(h / Z)`` of its
position, shaded per pixel (Lambertian diffuse + Blinn-Phong highlight; matte
"rubber" or shiny "metal"), casts a soft (blurred) shadow, and objects are
painted far to near so nearer ones occlude. Rendered at ``3x`` and reduced with
a box filter for anti-aliasing; numpy-vectorised per object.

Speed (the same pixels as the plain full-image computation, tested): the floor
is computed once per stage (the growing images of a scene share it) from a row
and a column of coordinates; objects are shaded on their own pixels only; the
shadows are blurred in a box around them with a margin beyond the blur's reach.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from condgan.data.spaces import ICLEVR_SHAPES
from condgan.data.standin.palette import ICLEVR_RGB

__all__ = ["SceneObject", "Stage", "place_objects", "render_scene"]

_F = 1.6  # focal length, in image widths
_H = 3.2  # camera height over the floor, so that v = V_HORIZON + _F * _H / Z
_V_HORIZON = -0.29
_ELEVATION_H = 4.2  # the elevation of the view of an object at depth Z is atan(_ELEVATION_H / Z)
_LIGHT = np.array([-0.45, 0.65, 0.62])
_LIGHT = _LIGHT / np.linalg.norm(_LIGHT)
_HALF = _LIGHT + np.array([0.0, 0.0, 1.0])
_HALF = _HALF / np.linalg.norm(_HALF)


@dataclass(frozen=True)
class SceneObject:
    """One object on the floor.

    Attributes:
        name: ``"<colour> <shape>"`` (an i-CLEVR object name).
        x, z: floor position (``z`` is the depth, larger is farther).
        radius: half the object's width in floor units.
        yaw: rotation about the vertical axis (cubes), radians.
        metal: shiny material instead of matte rubber.
    """

    name: str
    x: float
    z: float
    radius: float
    yaw: float
    metal: bool


@dataclass(frozen=True)
class Stage:
    """Floor and light of one scene (shared by its growing stages)."""

    floor: float
    tilt: float
    spot_u: float
    spot_v: float


def place_objects(
    rng: np.random.Generator, names: list[str], existing: tuple[SceneObject, ...] = ()
) -> tuple[SceneObject, ...]:
    """Add objects named ``names`` to ``existing`` at free floor positions.

    Sizes are "small" or "large" (as in CLEVR) with a little jitter; positions
    keep objects apart on the floor (they may still occlude in the picture).
    """
    objs = list(existing)
    for name in names:
        for attempt in range(200):
            radius = (0.42 if rng.uniform() < 0.5 else 0.68) * rng.uniform(0.9, 1.1)
            z = rng.uniform(4.6, 8.2)
            x = rng.uniform(-0.33, 0.33) * z / _F
            ok = attempt > 150 or all(
                math.hypot(x - o.x, z - o.z) > (radius + o.radius) * 1.25
                and _screen_gap(x, z, radius, o) > 0.75
                for o in objs
            )
            if ok:
                break
        objs.append(
            SceneObject(name, x, z, radius, rng.uniform(0, math.pi / 2), rng.uniform() < 0.4)
        )
    return tuple(objs)


def _screen_gap(x: float, z: float, radius: float, o: SceneObject) -> float:
    """Screen distance of two objects' centres over the sum of their screen radii."""
    s1, s2 = _F / z, _F / o.z
    du = _F * x / z - _F * o.x / o.z
    dv = (_F * _H / z - radius * s1) - (_F * _H / o.z - o.radius * s2)
    return math.hypot(du, dv) / (radius * s1 + o.radius * s2)


@functools.lru_cache(maxsize=4)  # a scene's three stages share one; 7 MB each at 256 px
def _floor(stage: Stage, S: int) -> np.ndarray:
    """The lit floor ``(S, S, 3)`` float32, read-only: computed once per stage, which the
    growing images of one scene share."""
    # v varies down the rows and u along the columns: as the full grids, value for value
    v = (np.arange(S, dtype=np.float32) / S)[:, None]
    u = (np.arange(S, dtype=np.float32) / S)[None, :]
    base = stage.floor * (0.86 + 0.22 * v + stage.tilt * (u - 0.5))
    spot = np.exp(-((u - stage.spot_u) ** 2 + ((v - stage.spot_v) * 1.4) ** 2) / 0.18)
    g = base + 28.0 * spot
    floor = g[..., None] * np.array([0.99, 1.0, 1.02], dtype=np.float32)
    floor.flags.writeable = False
    return floor


def _shade(n: np.ndarray, colour: np.ndarray, metal: bool) -> np.ndarray:
    """Shade per-pixel view-space normals ``(..., 3)`` -> RGB ``(..., 3)`` 0-255."""
    lam = np.clip(n @ _LIGHT, 0, 1)[..., None]
    spec = np.clip(n @ _HALF, 0, 1)[..., None]
    if metal:
        env = (0.5 + 0.5 * n[..., 1:2]) * 0.35
        out = colour * (0.18 + 0.5 * lam + env) + 255 * 0.9 * spec**60 + 40 * spec**6
    else:
        out = colour * (0.32 + 0.72 * lam) + 255 * 0.12 * spec**10
    return out


def _project(o: SceneObject, S: int) -> tuple[float, float, float, float, float]:
    """Screen centre-bottom (pixels), scale (pixels per unit), sin/cos of the elevation."""
    s = _F / o.z * S
    u = (0.5 + _F * o.x / o.z) * S
    v = (_V_HORIZON + _F * _H / o.z) * S
    phi = math.atan2(_ELEVATION_H, o.z)
    return u, v, s, math.sin(phi), math.cos(phi)


def _draw_object(canvas: np.ndarray, o: SceneObject) -> None:
    S = canvas.shape[0]
    colour = np.array(ICLEVR_RGB[o.name.split()[0]], dtype=np.float32)
    shape = o.name.split()[1]
    u0, v0, s, sp, cp = _project(o, S)
    r = o.radius * s
    x0, x1 = int(max(0, u0 - 1.6 * r)), int(min(S, u0 + 1.6 * r + 1))
    y0, y1 = int(max(0, v0 - 2.6 * r)), int(min(S, v0 + 1.2 * r + 1))
    if x1 <= x0 or y1 <= y0:
        return
    # pixel centres as a column (rows) and a row (columns): every per-pixel value below
    # broadcasts from them, value for value as over full grids, at a fraction of the work
    vv = (np.arange(y0, y1).astype(np.float32) + 0.5)[:, None]
    du = (np.arange(x0, x1).astype(np.float32) + 0.5 - u0)[None, :] / r
    full = (y1 - y0, x1 - x0)
    if shape == "sphere":
        dv = -(vv - (v0 - r * cp)) / r  # up is positive
        rr = du**2 + dv**2
        mask = rr <= 1
        # shaded where the sphere is only: per-pixel values as over the whole box
        du, dv, rr = np.broadcast_to(du, full)[mask], np.broadcast_to(dv, full)[mask], rr[mask]
        rgb = _shade(np.stack([du, dv, np.sqrt(np.clip(1 - rr, 0, 1))], axis=-1), colour, o.metal)
    elif shape == "cylinder":
        height = 2 * r
        vb = v0  # centre of the bottom ellipse
        vt = v0 - height * cp  # centre of the top ellipse
        ry = r * sp
        w = np.sqrt(np.clip(1 - du**2, 0, 1))
        inside = np.abs(du) <= 1
        top = ((du**2 + ((vv - vt) / ry) ** 2) <= 1) & inside
        body = inside & (vv >= vt) & (vv <= vb + ry * w)
        mask = top | body
        top, du, w = top[mask], np.broadcast_to(du, full)[mask], np.broadcast_to(w, full)[mask]
        rgb = np.empty((len(du), 3), dtype=np.float32)
        nt = np.broadcast_to(np.array([0.0, cp, sp], dtype=np.float32), (int(top.sum()), 3))
        rgb[top] = _shade(nt, colour, o.metal)
        side = ~top
        nb = np.stack([du[side], -w[side] * sp, w[side] * cp], axis=-1)
        rgb[side] = _shade(nb, colour, o.metal)
    else:  # cube
        a = o.radius * 0.8
        c, si = math.cos(o.yaw), math.sin(o.yaw)
        corners = []
        for x, y, z in [(x, y, z) for x in (-a, a) for y in (0, 2 * a) for z in (-a, a)]:
            wx, wz = c * x - si * z, si * x + c * z
            corners.append((wx, y, wz))
        faces = {
            "top": ([2, 3, 7, 6], (0.0, 1.0, 0.0)),
            "x-": ([0, 1, 3, 2], (-c, 0.0, -si)),
            "x+": ([4, 5, 7, 6], (c, 0.0, si)),
            "z-": ([0, 2, 6, 4], (si, 0.0, -c)),
            "z+": ([1, 3, 7, 5], (-si, 0.0, c)),
        }
        label = Image.new("L", (x1 - x0, y1 - y0), 0)
        draw = ImageDraw.Draw(label)
        shades = np.zeros((6, 3), dtype=np.float32)
        k = 1
        for idx, (nx, ny, nz) in faces.values():
            toward = ny * sp - nz * cp
            if toward <= 1e-6:
                continue
            pts = []
            for i in idx:
                x, y, z = corners[i]
                pts.append((u0 + x * s - x0, v0 - (y * cp + z * sp) * s - y0))
            draw.polygon(pts, fill=k)
            n = np.array([nx, ny * cp + nz * sp, toward], dtype=np.float32)
            shades[k] = _shade(n, colour, o.metal)
            k += 1
        lab = np.asarray(label)
        mask = lab > 0
        # A soft gradient across each face so flat faces are not perfectly flat.
        shade_v = 1.04 - 0.08 * ((np.broadcast_to(vv, full)[mask] - y0) / max(1, y1 - y0))
        rgb = shades[lab[mask]] * shade_v[..., None]
    region = canvas[y0:y1, x0:x1]
    region[mask] = rgb


def _shadows(canvas: np.ndarray, objects: tuple[SceneObject, ...]) -> np.ndarray:
    """A copy of ``canvas`` darkened by the objects' soft shadows."""
    S = canvas.shape[0]
    ellipses, blur = [], 0.0
    for o in objects:
        u0, v0, s, sp, _ = _project(o, S)
        r = o.radius * s
        cu, cv = u0 + 0.7 * r, v0 - 0.2 * r
        ellipses.append([cu - 1.25 * r, cv - 1.1 * r * sp, cu + 1.25 * r, cv + 0.55 * r])
        blur = max(blur, 0.22 * r)
    blur = max(1.0, blur)
    out = canvas.copy()
    if not ellipses:
        return out
    # blur only a box around the shadows, with a margin wider than the blur's reach: the
    # zeros beyond it leave every blurred value as over the whole image
    margin = math.ceil(4 * blur) + 4
    x0 = max(0, int(min(e[0] for e in ellipses)) - margin)
    y0 = max(0, int(min(e[1] for e in ellipses)) - margin)
    x1 = min(S, int(max(e[2] for e in ellipses)) + 2 + margin)
    y1 = min(S, int(max(e[3] for e in ellipses)) + 2 + margin)
    if x1 <= x0 or y1 <= y0:
        return out
    layer = Image.new("L", (x1 - x0, y1 - y0), 0)
    draw = ImageDraw.Draw(layer)
    for e in ellipses:
        draw.ellipse([e[0] - x0, e[1] - y0, e[2] - x0, e[3] - y0], fill=255)
    soft = np.asarray(layer.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32)
    out[y0:y1, x0:x1] = canvas[y0:y1, x0:x1] * (1 - 0.55 * soft[..., None] / 255)
    return out


def render_scene(
    objects: tuple[SceneObject, ...], stage: Stage, size: int, *, supersample: int = 3
) -> Image.Image:
    """Render a scene as an RGB image ``size x size``."""
    S = size * supersample
    canvas = _shadows(_floor(stage, S), objects)
    for o in sorted(objects, key=lambda o: -o.z):
        _draw_object(canvas, o)
    im = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "RGB")
    return im.reduce(supersample)


def random_stage(rng: np.random.Generator) -> Stage:
    """Floor brightness, gradient tilt and spot-light position of a new scene."""
    return Stage(
        floor=rng.uniform(112, 138),
        tilt=rng.uniform(-0.08, 0.08),
        spot_u=rng.uniform(0.3, 0.7),
        spot_v=rng.uniform(0.2, 0.5),
    )


assert set(ICLEVR_SHAPES) == {"cube", "sphere", "cylinder"}
