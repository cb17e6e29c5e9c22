"""The image of a static rendering: the instance with its top superpixels tinted, as a PNG.

What the widget's canvas draws (``js/views/image-regions.ts``), computed with
numpy: each explained superpixel blended with its signed colour (blue for,
orange against) at an opacity that grows with ``|weight|``, outlined in the
solid colour, and a tag ("S8") at the point deepest inside it. Plain functions.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["TINT_OPACITY", "png_data_uri", "rgb8", "tag_anchors", "tinted"]

#: the widget's default overlay opacity (its "overlay opacity" slider starts here)
TINT_OPACITY = 0.5
POSITIVE_RGB = (0x2B, 0x83, 0xBA)
NEGATIVE_RGB = (0xE6, 0x61, 0x01)


def rgb8(image: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """``image`` as ``uint8`` RGB: grey is repeated, alpha dropped, floats in [0, 1] scaled.

    Examples
    --------
    >>> rgb8(np.full((2, 2), 0.5)).shape, int(rgb8(np.full((2, 2), 0.5))[0, 0, 0])
    ((2, 2, 3), 127)
    """
    pixels = np.asarray(image)
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    if pixels.shape[-1] < 3:  # (H, W, 1) or grey with alpha: the first channel, as grey
        pixels = np.repeat(pixels[..., :1], 3, axis=-1)
    if pixels.dtype != np.uint8:
        top = float(pixels.max()) if pixels.size else 1.0
        scale = 255.0 if top <= 1.0 else 1.0
        pixels = np.clip(pixels.astype(np.float64) * scale, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(pixels[..., :3])


def png_data_uri(pixels: npt.NDArray[np.uint8]) -> str:
    """A ``data:image/png;base64,...`` URI of RGB ``pixels``."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _edges(segments: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Pixels with a 4-neighbour in another superpixel."""
    edge = np.zeros(segments.shape, dtype=bool)
    horizontal = segments[:, 1:] != segments[:, :-1]
    vertical = segments[1:, :] != segments[:-1, :]
    edge[:, 1:] |= horizontal
    edge[:, :-1] |= horizontal
    edge[1:, :] |= vertical
    edge[:-1, :] |= vertical
    return edge


def tinted(
    image: npt.NDArray[Any],
    segments: npt.NDArray[Any],
    regions: Sequence[tuple[int, float]],
    opacity: float = TINT_OPACITY,
) -> npt.NDArray[np.uint8]:
    """The instance with ``regions`` (superpixel id, weight) tinted and outlined.

    The strongest region is blended at ``opacity``, the others proportionally
    less; every tinted region's border is drawn in the solid colour, so a weak
    one stays findable. Other pixels are unchanged.

    Examples
    --------
    >>> image = np.zeros((4, 4, 3), dtype=np.uint8)
    >>> segments = np.repeat(np.arange(2), 8).reshape(4, 4)  # top half 0, bottom half 1
    >>> out = tinted(image, segments, [(0, 0.2), (1, -0.1)])
    >>> out[0, 0].tolist(), out[3, 0].tolist()  # the image's border is not a region's edge
    ([22, 66, 93], [58, 24, 0])
    """
    pixels = rgb8(image).astype(np.float64)
    segments = np.asarray(segments)
    largest = max((abs(w) for _, w in regions if np.isfinite(w)), default=0.0)
    if not largest > 0:
        return pixels.astype(np.uint8)
    edge = _edges(segments)
    alpha = np.zeros(segments.shape, dtype=np.float64)
    colour = np.zeros((*segments.shape, 3), dtype=np.float64)
    for fid, weight in regions:
        if weight == 0 or not np.isfinite(weight):
            continue
        inside = segments == fid
        share = min(1.0, abs(weight) / largest) * min(1.0, max(0.0, opacity))
        alpha[inside] = np.where(edge[inside], 1.0, share)
        colour[inside] = POSITIVE_RGB if weight > 0 else NEGATIVE_RGB
    a = alpha[..., None]
    out = pixels * (1 - a) + colour * a
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def tag_anchors(segments: npt.NDArray[Any], ids: Sequence[int]) -> dict[int, tuple[float, float]]:
    """Per superpixel of ``ids``: the point deepest inside it, as fractions of width and height.

    The tag then sits on the region even when it is a ring or a crescent, whose
    centroid lies outside it; ties go to the point nearest the centroid.

    Examples
    --------
    >>> segments = np.zeros((9, 10), dtype=int); segments[:, 5:] = 1
    >>> tag_anchors(segments, [1])
    {1: (0.75, 0.5)}
    """
    from scipy.ndimage import distance_transform_edt

    segments = np.asarray(segments)
    height, width = segments.shape
    anchors: dict[int, tuple[float, float]] = {}
    for fid in ids:
        ys, xs = np.nonzero(segments == fid)
        if ys.size == 0:
            continue
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        mask = np.pad(segments[y0:y1, x0:x1] == fid, 1)
        depth = distance_transform_edt(mask)[1:-1, 1:-1]
        cy, cx = ys.mean() - y0, xs.mean() - x0
        deepest = np.argwhere(depth >= depth.max() - 1e-9)
        off = (deepest[:, 0] - cy) ** 2 + (deepest[:, 1] - cx) ** 2
        y, x = deepest[int(np.argmin(off))]
        anchors[int(fid)] = (float(x0 + x + 0.5) / width, float(y0 + y + 0.5) / height)
    return anchors


def place_tags(
    tags: Sequence[tuple[int, tuple[float, float], str]], shown_width: float, shown_height: float
) -> dict[int, tuple[float, float]]:
    """Tags (id, anchor, text) in priority order, kept inside the image and apart.

    One that would overlap a tag already placed is left out (its region is still
    tinted), as the widget does. Positions come back as fractions.
    """
    placed: list[tuple[float, float, float, float, int]] = []
    tag_height = 16.0
    for fid, (fx, fy), text in tags:
        tag_width = 8.0 + 7.0 * len(text)

        def clamp(v: float, half: float, size: float) -> float:
            return size / 2 if size <= 2 * half else min(size - half, max(half, v))

        x = clamp(fx * shown_width, tag_width / 2, shown_width)
        y = clamp(fy * shown_height, tag_height / 2, shown_height)
        clash = any(
            abs(px - x) < (pw + tag_width) / 2 and abs(py - y) < (ph + tag_height) / 2
            for px, py, pw, ph, _ in placed
        )
        if not clash:
            placed.append((x, y, tag_width, tag_height, fid))
    return {fid: (x / shown_width, y / shown_height) for x, y, _, _, fid in placed}
