"""A gallery as one self-contained HTML file: ``GalleryWidget.save_to_file`` / ``as_html``.

The page is the gallery's own front end (inlined; its Content-Security-Policy
forbids every fetch) over the cards and thumbnails embedded as JSON: filtering,
sorting, scrolling and the keyboard work as in the notebook. Opening a card
shows the card's saved explanation enlarged (its weights as bars, with their
numbers); the live controls (kernel width, K, samples) need a kernel and are not
in the file.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..engine._validation import InvalidParameterError
from ._export import self_contained_page

__all__ = ["gallery_html", "gallery_static", "save_gallery"]

#: the static table lists this many cards, then counts the rest
STATIC_ROWS = 50

#: why a saved gallery has no live view (shown in the page)
SAVED_REASON = (
    "Saved gallery: a card opens its saved explanation; kernel width, K and samples need the "
    "model, which this page does not have."
)


def gallery_html(
    meta: dict[str, Any],
    cards: Sequence[dict[str, Any]],
    thumbs: dict[int, dict[str, Any]],
    progress: dict[str, Any],
) -> str:
    """The whole page: inlined CSS, data and script; no external resource."""
    data = {
        "version": 1,
        "meta": meta,
        "cards": list(cards),
        "thumbs": {str(row): thumb for row, thumb in thumbs.items()},
        "progress": progress,
        "reason": SAVED_REASON,
    }
    return self_contained_page(
        title=f"LIME explanations: a gallery of {len(cards)} (lime-widget)",
        bundle=("gallery-page.js", "gallery.css"),
        main_id="lw-gallery-page",
        data_id="lw-gallery-data",
        data=data,
        max_width=1200,
    )


def save_gallery(text: str, file_path: Any) -> None:
    """Write the page ``text`` to ``file_path`` (UTF-8)."""
    try:
        path = Path(file_path)
    except TypeError:
        msg = (
            "The 'file_path' parameter of GalleryWidget.save_to_file must be a path (str or "
            f"os.PathLike). Got {file_path!r} instead."
        )
        raise InvalidParameterError(msg) from None
    path.write_text(text, encoding="utf-8")


def gallery_static(meta: dict[str, Any], cards: Sequence[dict[str, Any]]) -> str:
    """The gallery as an HTML table with no script, for pages without a kernel."""
    names = [str(n) for n in meta.get("class_names") or []]

    def name(index: Any) -> str:
        if index is None:
            return ""
        return names[index] if 0 <= index < len(names) else str(index)

    def number(value: Any) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    rows = []
    for card in cards[:STATIC_ROWS]:
        top = card["features"][0]["name"] if card["features"] else ""
        cells = [
            str(card["row"]),
            name(card["pred"]) if meta.get("mode") != "regression" else "",
            number(card["proba"] if meta.get("mode") != "regression" else card["model_pred"]),
            name(card["true"]),
            name(card["label"]) if meta.get("mode") != "regression" else "",
            number(card["score"]),
            card.get("badge_words") or "not assessed",
            top,
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c, quote=True)}</td>" for c in cells))
    more = len(cards) - STATIC_ROWS
    head = ["row", "predicted", "p / value", "true", "explains", "score (R²)", "stability"]
    caption = f"LIME gallery: {len(cards)} of {meta.get('total', len(cards))} explanations"
    return (
        '<table class="lime-widget-static-gallery">'
        f"<caption>{html.escape(caption)}</caption><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in [*head, "strongest feature"])
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + (f"<p>… and {more} more (run the cell to see the gallery).</p>" if more > 0 else "")
    )
