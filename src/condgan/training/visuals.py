"""What a user sees: image grids, the training-progress GIF and loss curves."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import torch
from PIL import Image
from torch import Tensor

__all__ = ["grid_image", "plot_losses", "save_gif", "save_grid"]


def _hwc_pixels(images: Tensor) -> Tensor:
    """Images in [-1, 1], ``(B, C, H, W)`` -> ``uint8`` ``(B, H, W, C)`` on CPU."""
    x = images.detach().float().cpu().clamp(-1, 1).add(1).mul(127.5).round().to(torch.uint8)
    if x.shape[1] == 1:
        x = x.expand(-1, 3, -1, -1)
    return x.permute(0, 2, 3, 1).contiguous()


def grid_image(
    images: Tensor,
    nrow: int | None = None,
    *,
    padding: int = 2,
    labels: Sequence[str] | None = None,
) -> Image.Image:
    """Tile a batch ``(B, C, H, W)`` in [-1, 1] into one PIL image, ``nrow`` images per row.

    With ``nrow=None`` the grid is as square as possible. Row ``i`` holds
    images ``i * nrow`` to ``(i + 1) * nrow - 1``. ``labels`` (one per row, e.g.
    ``"blue hair red eyes"``) are written in a margin left of their rows.

    Raises:
        ValueError: ``images`` is not 4-D, or ``labels`` does not have one entry per row.
    """
    if images.dim() != 4:
        raise ValueError(f"images must have shape (B, C, H, W), got {tuple(images.shape)}")
    b, _, h, w = images.shape
    nrow = nrow or max(1, math.ceil(math.sqrt(b)))
    rows = math.ceil(b / nrow)
    pix = _hwc_pixels(images)
    canvas = torch.full(
        (rows * (h + padding) + padding, nrow * (w + padding) + padding, 3), 255, dtype=torch.uint8
    )
    for i in range(b):
        r, c = divmod(i, nrow)
        y0, x0 = padding + r * (h + padding), padding + c * (w + padding)
        canvas[y0 : y0 + h, x0 : x0 + w] = pix[i]
    grid = Image.fromarray(canvas.numpy())
    if labels is None:
        return grid
    if len(labels) != rows:
        raise ValueError(f"labels must have one entry per row ({rows}), got {len(labels)}")
    return _with_row_labels(grid, list(labels), row_height=h + padding, padding=padding)


#: Longest row label drawn (characters); longer ones are cut with an ellipsis.
LABEL_CHARS = 40


def _with_row_labels(
    grid: Image.Image, labels: list[str], *, row_height: int, padding: int
) -> Image.Image:
    from PIL import ImageDraw, ImageFont

    font = ImageFont.load_default()
    texts = [t if len(t) <= LABEL_CHARS else t[: LABEL_CHARS - 1] + "…" for t in labels]
    probe = ImageDraw.Draw(grid)
    width = int(max(probe.textlength(t, font=font) for t in texts)) + 2 * padding + 4
    out = Image.new("RGB", (grid.width + width, grid.height), "white")
    out.paste(grid, (width, 0))
    draw = ImageDraw.Draw(out)
    for r, text in enumerate(texts):
        top, _, _, bottom = draw.textbbox((0, 0), text, font=font)
        y = padding + r * row_height + max(0, (row_height - padding - (bottom - top)) // 2) - top
        draw.text((padding + 2, y), text, fill="black", font=font)
    return out


def save_grid(
    images: Tensor,
    path: str | Path,
    nrow: int | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> Image.Image:
    """Save :func:`grid_image` as PNG; ``labels`` (one per row) are written left of their
    rows and to a ``.txt`` beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    img = grid_image(images, nrow, labels=labels)
    img.save(path)
    if labels is not None:
        path.with_suffix(".txt").write_text("\n".join(labels) + "\n")
    return img


def save_gif(
    frames: Sequence[Image.Image | str | Path],
    path: str | Path,
    *,
    duration_ms: int = 400,
    max_side: int = 512,
) -> Path | None:
    """Animate grid images (or PNG paths) into a looping GIF; ``None`` if there are no frames."""
    images = [f if isinstance(f, Image.Image) else Image.open(f).convert("RGB") for f in frames]
    if not images:
        return None
    scale = min(1.0, max_side / max(images[0].size))
    if scale < 1.0:
        size = (int(images[0].width * scale), int(images[0].height * scale))
        images = [im.resize(size, Image.Resampling.BILINEAR) for im in images]
    path = Path(path)
    images[0].save(path, save_all=True, append_images=images[1:], duration=duration_ms, loop=0)
    return path


def plot_losses(
    series: dict[str, tuple[Sequence[int], Sequence[float]]], path: str | Path
) -> Path | None:
    """Plot ``{name: (steps, values)}`` curves to ``path`` with matplotlib.

    Returns ``None`` (and draws nothing) when matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    groups: dict[str, list[str]] = {}
    for name in series:
        groups.setdefault(name.split("/")[0], []).append(name)
    fig, axes = plt.subplots(len(groups), 1, figsize=(7, 2.6 * len(groups)), squeeze=False)
    for ax, (group, names) in zip(axes[:, 0], groups.items()):
        for name in names:
            steps, values = series[name]
            ax.plot(steps, values, label=name, linewidth=1)
        ax.set_title(group)
        ax.set_xlabel("step")
        ax.legend(fontsize=7, loc="best")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
