"""A gallery card per explanation: the compact payload the gallery's page draws.

A card is small (a few hundred bytes: the classes by index, the explained
label's weights, the fit's score, its stability once assessed, a text snippet),
so a thousand of them travel at once; an image card's thumbnail is separate
(:func:`thumb_dict`), fetched only for the cards on screen. Every string is data:
the page sets it as text. No widget imports.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..engine._validation import InvalidParameterError
from ._labels import first_label
from ._payload import _finite, trust_dict
from ._static_image import rgb8

if TYPE_CHECKING:  # annotations only
    from ._explanation import Explanation

__all__ = [
    "THUMB_SIDE",
    "card_dict",
    "card_label",
    "card_trust",
    "gallery_meta",
    "resolve_true_labels",
    "thumb_dict",
]

#: the longest side of an image card's thumbnail, in pixels (smaller images are kept)
THUMB_SIDE = 112
#: a text card shows about this many tokens around its strongest word
SNIPPET_TOKENS = 48
#: an image card tints at most this many superpixels (the slot map is 8-bit)
MAX_SLOTS = 254


def card_label(exp: Explanation) -> int:
    """The class a card shows: the one the single view shows first (``first_label``).

    Read from the kept ``predict_proba``, so it works for explanations that dropped
    their samples.
    """
    if exp.mode == "regression" or exp.predict_proba is None:
        return 0
    top = len(exp.top_labels) if exp.top_labels else None
    label = first_label(exp.predict_proba, exp.labels, top, "Explanation")
    if label is None:  # no label asked for: the predicted class, as the single view
        label = int(np.argmax(exp.predict_proba))
    return int(label) if int(label) in exp.local_exp else int(next(iter(exp.local_exp)))


def gallery_meta(explanations: Sequence[Explanation], total: int) -> dict[str, Any]:
    """What every card shares: the kind, the mode and the class names (by index)."""
    first = explanations[0] if explanations else None
    if first is None:
        return {"kind": None, "mode": None, "class_names": [], "total": int(total)}
    if first.mode == "regression":
        names = ["value"]
    else:
        n = 0 if first.predict_proba is None else len(first.predict_proba)
        names = [str(c) for c in (first.class_names or [])]
        if len(names) != n:
            names = [str(i) for i in range(n)]
    return {
        "kind": first.domain_mapper.kind,
        "mode": first.mode,
        "class_names": names,
        "total": int(total),
    }


def resolve_true_labels(
    true_labels: Any, n_rows: int, class_names: Sequence[str] | None, where: str
) -> list[int | None] | None:
    """``true_labels`` as class indices, one per row (None where a row has none).

    Each entry is a class index or a class name; ``None`` (or NaN) marks an unknown one.
    """
    if true_labels is None:
        return None
    try:
        values = list(true_labels)
    except TypeError:
        msg = (
            f"The 'true_labels' parameter of {where} must be a sequence with one class (index "
            f"or name) per row, or None. Got {type(true_labels).__name__} instead."
        )
        raise InvalidParameterError(msg) from None
    if len(values) != n_rows:
        msg = (
            f"The 'true_labels' parameter of {where} must have one entry per row ({n_rows}). "
            f"Got {len(values)} instead."
        )
        raise InvalidParameterError(msg)
    names = [str(c) for c in class_names or []]
    out: list[int | None] = []
    for value in values:
        out.append(_true_index(value, names, where))
    return out


def _true_index(value: Any, names: list[str], where: str) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        index = int(value)
        if names and not 0 <= index < len(names):
            msg = (
                f"The 'true_labels' parameter of {where} must hold class indices in "
                f"0..{len(names) - 1} or class names. Got {index}."
            )
            raise InvalidParameterError(msg)
        return index
    if str(value) in names:
        return names.index(str(value))
    msg = (
        f"The 'true_labels' parameter of {where} must hold class indices or class names "
        f"({names[:6]}{'...' if len(names) > 6 else ''}). Got {value!r}."
    )
    raise InvalidParameterError(msg)


def card_dict(exp: Explanation, row: int, true: int | None = None) -> dict[str, Any]:
    """The card of ``exp`` (row ``row``): classes, weights, fit; stability comes later.

    ``assessed`` is ``"pending"`` while the stability is not computed yet and
    ``"none"`` when it cannot be (the explanation dropped its samples).
    """
    label = card_label(exp)
    key = exp.dummy_label if exp.mode == "regression" else label
    pairs = exp.local_exp[key]
    names = exp.domain_mapper.shown_names(pairs)
    card: dict[str, Any] = {
        "row": int(row),
        "kind": exp.domain_mapper.kind,
        "label": label,
        "true": None if true is None else int(true),
        "score": _finite(exp.score[key]),
        "intercept": _finite(exp.intercept[key]),
        "local_pred": _finite(np.ravel(exp.local_pred[key])[0]),
        "features": [
            {"id": int(fid), "name": name, "weight": float(w)}
            for (fid, w), name in zip(pairs, names, strict=True)
        ],
        "assessed": "pending" if exp.neighbourhood is not None else "none",
        "n_samples": 0 if exp.neighbourhood is None else exp.neighbourhood.num_samples,
    }
    if exp.mode == "regression":
        value = exp.predicted_value
        card.update(pred=0, proba=None, model_pred=None if value is None else _finite(value))
    else:
        proba = np.asarray(exp.predict_proba, dtype=float)
        pred = int(np.argmax(proba))
        card.update(
            pred=pred,
            proba=_finite(proba[pred]),
            model_pred=_finite(proba[label]),
        )
    if card["kind"] == "text":
        card["snippet"] = _snippet(exp, pairs)
    return card


def card_trust(exp: Explanation, label: int) -> dict[str, Any]:
    """The card's stability: the figures the single view's badge is decided from."""
    return {"assessed": "done", **trust_dict(exp, 0 if exp.mode == "regression" else label)}


def _snippet(exp: Explanation, pairs: Sequence[tuple[int, float]]) -> dict[str, Any]:
    """About :data:`SNIPPET_TOKENS` tokens of the document around its strongest word."""
    tokens = exp.domain_mapper.view().get("tokens", [])
    strongest = pairs[0][0] if pairs else None
    at = next((i for i, t in enumerate(tokens) if t["feature"] == strongest), 0)
    start = max(0, min(at - SNIPPET_TOKENS // 3, len(tokens) - SNIPPET_TOKENS))
    stop = min(len(tokens), start + SNIPPET_TOKENS)
    return {"tokens": tokens[start:stop], "cut_before": start > 0, "cut_after": stop < len(tokens)}


def thumb_dict(exp: Explanation, card: dict[str, Any]) -> dict[str, Any] | None:
    """An image card's thumbnail: the image and a slot map of its tinted superpixels.

    ``image`` is the image scaled to at most :data:`THUMB_SIDE` pixels (PNG or JPEG,
    whichever is smaller, base64); ``slots`` is an 8-bit PNG of the same size whose
    value at a pixel is 1 + the position, in ``card["features"]``, of the superpixel
    there (0: not explained, left plain). The page tints the slots with the single
    view's own code. None for other kinds.
    """
    image = getattr(exp, "image", None)
    segments = getattr(exp, "segments", None)
    if card["kind"] != "image" or image is None or segments is None:
        return None
    from PIL import Image

    pixels = rgb8(image)
    height, width = pixels.shape[:2]
    scale = min(1.0, THUMB_SIDE / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    ids = [f["id"] for f in card["features"]][:MAX_SLOTS]
    segs = np.asarray(segments, dtype=np.int64)
    lookup = np.zeros(max(int(segs.max(initial=0)), *ids, 0) + 1, dtype=np.uint8)
    for slot, fid in enumerate(ids):
        if fid >= 0:
            lookup[fid] = slot + 1
    slots = Image.fromarray(lookup[np.clip(segs, 0, None)])
    picture = Image.fromarray(pixels)
    if size != (width, height):
        picture = picture.resize(size, Image.Resampling.BOX)
        slots = slots.resize(size, Image.Resampling.NEAREST)
    return {
        "width": size[0],
        "height": size[1],
        "image": _smallest(picture),
        "slots": _encode(slots, "PNG"),
    }


def _encode(picture: Any, kind: str, **options: Any) -> str:
    buffer = io.BytesIO()
    picture.save(buffer, format=kind, **options)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _smallest(picture: Any) -> str:
    """PNG (exact, best for small or flat images) or JPEG (photos), whichever is smaller."""
    png = _encode(picture, "PNG")
    jpeg = _encode(picture, "JPEG", quality=88)
    return png if len(png) <= len(jpeg) else jpeg
