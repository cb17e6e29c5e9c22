"""The instance in a static rendering: the feature table, the document, the tinted image.

What the widget's views draw (``js/views/``) as HTML with inline styles, and
the small HTML pieces the static page shares (escaping, colours, the legend).
Every user string goes through :func:`esc`. Plain functions.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _static_image as im
from ._formats import format_count, format_number, format_signed, signed_formatter

if TYPE_CHECKING:  # annotations only
    from ._explanation import Explanation

__all__ = [
    "BORDER",
    "MUTED",
    "NEGATIVE",
    "POSITIVE",
    "document",
    "esc",
    "instance_table",
    "legend",
    "picture",
    "series_grid",
]

POSITIVE = "#2b83ba"
NEGATIVE = "#e66101"
#: a grey that reads on white and on a dark theme's background
BORDER = "rgba(128, 128, 128, 0.45)"
MUTED = "opacity: 0.78"
#: tabular rows beyond the explained features: a wide table is cut here
MAX_OTHER_ROWS = 200
#: the instance table's geometry in px. Cells do not wrap and have a fixed line height, so
#: every row is ROW_PX tall and the scroll box can end on a row's edge (a box that cuts a
#: row in half reads as a broken table, and hides that more rows follow).
LINE_PX, ROW_PX, CAPTION_PX, VISIBLE_ROWS, SHADE_PX = 17, 22, 25, 9, 12
#: the time-step grid's geometry in px: cells and names one fixed height, spaced apart; a
#: box of GRID_ROWS feature rows ends in the spacing above the next row
GRID_CELL_PX, GRID_SPACING_PX, GRID_ROWS = 20, 2, 12
#: the document's box: TEXT_LINES whole lines of TEXT_LINE_EM, below TEXT_PAD_PX of padding
TEXT_LINES, TEXT_LINE_EM, TEXT_PAD_PX = 9, 1.8, 6
#: names and values longer than this end in "…" (the cell's title has them whole)
CELL_MAX_EM = 24


def esc(value: Any) -> str:
    """``value`` as HTML text or attribute value: ``& < > " '`` escaped."""
    return html.escape(str(value), quote=True)


def swatch(colour: str, ramp: bool = False) -> str:
    fill = f"linear-gradient(to right, transparent, {colour})" if ramp else colour
    size = "width: 24px" if ramp else "width: 10px"
    return (
        f'<span style="display: inline-block; {size}; height: 10px; border-radius: 2px; '
        f"background: {fill}; box-shadow: inset 0 0 0 1px {BORDER}; margin: 0 4px 0 8px; "
        f'vertical-align: -1px"></span>'
    )


def legend(directions: tuple[str, str], ramp: bool = False, extra: str = "") -> str:
    up, down = directions
    words = [f'<span style="{MUTED}">{esc(w)}</span>' for w in (up, down)]
    tail = f'<span style="{MUTED}">{extra}</span>' if extra else ""
    return (
        f'<div style="font-size: 11px; margin-left: -8px">{swatch(POSITIVE, ramp)}{words[0]}'
        f"{swatch(NEGATIVE, ramp)}{words[1]}{tail}</div>"
    )


def _cell(text: str, style: str = "", tag: str = "td", clip: bool = False, attrs: str = "") -> str:
    # The row's line: no wrapping; a long name or value is cut with "…" (whole in its title).
    base = (
        f"padding: 2px 8px; border-top: 1px solid {BORDER}; text-align: left; "
        f"white-space: nowrap; line-height: {LINE_PX}px; "
    )
    if clip:
        base += f"max-width: {CELL_MAX_EM}em; overflow: hidden; text-overflow: ellipsis; "
    if clip and len(text) > CELL_MAX_EM:
        attrs += f' title="{esc(text)}"'
    return f'<{tag}{attrs} style="{base}{style}">{esc(text)}</{tag}>'


def instance_table(exp: Explanation, features: list[dict[str, Any]]) -> str:
    """The instance as feature | value | weight, the explained features first (by |weight|).

    More than :data:`VISIBLE_ROWS` rows scroll in a box that shows the caption, the header
    and that many whole rows, shaded along its bottom edge while more rows follow
    (:func:`_shaded`).
    """
    rows = exp.domain_mapper.view().get("instance", [])
    weights = {int(f["id"]): float(f["weight"]) for f in features}
    explained = sorted((i for i in weights if 0 <= i < len(rows)), key=lambda i: -abs(weights[i]))
    others = [i for i in range(len(rows)) if i not in weights]
    cut = len(others) - MAX_OTHER_ROWS
    fmt = signed_formatter(list(weights.values()))
    body = []
    for i in explained + others[:MAX_OTHER_ROWS]:
        weight = weights.get(i)
        if weight is None:
            name_style, weight_text = "font-weight: normal;", ""
        else:
            colour = NEGATIVE if weight < 0 else POSITIVE
            name_style = (
                f"font-weight: 600; box-shadow: inset 4px 0 0 {colour}; padding-left: 10px;"
            )
            weight_text = fmt(weight)
        body.append(
            f'<tr data-feature-id="{i}">'
            + _cell(str(rows[i]["name"]), name_style, "th", clip=True, attrs=' scope="row"')
            + _cell(str(rows[i]["value"]), clip=True)
            + _cell(weight_text, "text-align: right;")
            + "</tr>"
        )
    if cut > 0:
        note = f"… {format_count(cut)} more features (not in the explanation)"
        body.append("<tr>" + _cell(note, MUTED, attrs=' colspan="3"') + "</tr>")
    head_style = f"font-weight: normal; border-top-color: transparent; {MUTED}"
    head = "".join(
        _cell(t, head_style, "th", attrs=' scope="col"') for t in ("feature", "value", "weight")
    )
    n_rows = len(rows)
    count = f"{format_count(n_rows)} feature{'' if n_rows == 1 else 's'}"
    table = (
        f'<table style="border-collapse: separate; border-spacing: 0; font-size: 12px; '
        f'line-height: {LINE_PX}px; margin: 0; font-variant-numeric: tabular-nums">'
        f'<caption style="padding: 4px 8px; font-weight: 600; text-align: left; '
        f'white-space: nowrap">The instance <span style="font-weight: normal; {MUTED}">· '
        f"{esc(count)}</span></caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    height = CAPTION_PX + (1 + VISIBLE_ROWS) * ROW_PX
    return _table_box(table, height if len(body) > VISIBLE_ROWS else None, "margin-top: 8px; ")


def _table_box(table: str, height: int | None, style: str = "") -> str:
    """``table`` framed, its rows scrolling in a box ``height`` px tall (if given).

    ``height`` holds the caption, the header and whole rows; the box's bottom is shaded
    while more rows follow.
    """
    # Two boxes: a sideways scroll bar goes below the rows' box, not into its height.
    # overflow-y "scroll", not "auto": with "auto", Chromium widens the box for its scroll
    # bar after sizing the outer box, which then shows a sideways bar for nothing.
    rows = f"width: max-content; max-height: {height}px; overflow-x: hidden; overflow-y: scroll"
    return (
        f'<div style="display: inline-block; max-width: 100%; overflow-x: auto; '
        f'overflow-y: hidden; {style}border: 1px solid {BORDER}; border-radius: 3px">'
        f"{table if height is None else _shaded(table, rows)}</div>"
    )


def _shaded(content: str, box_style: str) -> str:
    """``content`` in a scroll box (``box_style``), shaded along its bottom while more follows.

    Without script: the shade sticks to the box's bottom (``position: sticky``) and, past
    the end, slides into a strip the content's wrapper clips off (``clip-path``). Where
    styles are stripped it is an empty element and the content shows whole.
    """
    return (
        f'<div style="{box_style}"><div style="clip-path: inset(0 0 {SHADE_PX + 1}px 0)">'
        f"{content}"
        # Over the content, not under it: a host's zebra rows (JupyterLab's) would hide it.
        # 1 px below the content, so the clip's edge does not tint the pixel row it splits.
        f'<div data-shade style="position: sticky; bottom: 0; height: {SHADE_PX}px; '
        f"margin-top: 1px; pointer-events: none; background: linear-gradient(to top, "
        f'rgba(128, 128, 128, 0.45), rgba(128, 128, 128, 0))"></div></div></div>'
    )


def document(exp: Explanation, features: list[dict[str, Any]]) -> str:
    """The document, each explained word's tokens tinted by their weight.

    A long one scrolls in a box of :data:`TEXT_LINES` whole lines (its edge never cuts a
    line in half), shaded at the bottom while more lines follow.
    """
    weights = {int(f["id"]): float(f["weight"]) for f in features}
    largest = max((abs(w) for w in weights.values()), default=0.0)
    spans = []
    for token in exp.domain_mapper.view().get("tokens", []):
        text, fid = str(token["text"]), int(token["feature"])
        weight = weights.get(fid)
        if weight is None:
            spans.append(esc(text))
            continue
        rgb = im.NEGATIVE_RGB if weight < 0 else im.POSITIVE_RGB
        share = 0.65 * min(1.0, abs(weight) / largest) if largest > 0 else 0.0
        colour = NEGATIVE if weight < 0 else POSITIVE
        spans.append(
            f'<span data-feature-id="{fid}" title="{esc(f"{text}: {format_signed(weight, 4)}")}" '
            f'style="background-color: rgba({rgb[0]}, {rgb[1]}, {rgb[2]}, {share:.3f}); '
            f'border-bottom: 2px solid {colour}; border-radius: 2px">{esc(text)}</span>'
        )
    # The box: the top padding and whole lines (the lines' padding is inside it, so the
    # shade's clipped strip is the bottom padding once the last line is reached).
    box = (
        f"margin-top: 8px; border: 1px solid {BORDER}; border-radius: 3px; "
        f"box-sizing: content-box; line-height: {TEXT_LINE_EM}; max-height: "
        f"calc({TEXT_LINES} * {TEXT_LINE_EM}em + {TEXT_PAD_PX}px); overflow-x: hidden; "
        "overflow-y: auto"
    )
    text = (
        f'<div style="padding: {TEXT_PAD_PX}px 8px 0; white-space: pre-wrap; '
        f'overflow-wrap: anywhere">{"".join(spans)}</div>'
    )
    return _shaded(text, box)


def picture(exp: Explanation, features: list[dict[str, Any]], directions: tuple[str, str]) -> str:
    """The image with the explained superpixels tinted, tagged "S8", and what that means."""
    mapper: Any = exp.domain_mapper
    image, segments = np.asarray(mapper.image), np.asarray(mapper.segments)
    regions = sorted(
        ((int(f["id"]), float(f["weight"])) for f in features if f["weight"] != 0),
        key=lambda r: -abs(r[1]),
    )
    pixels = im.tinted(image, segments, regions)
    height, width = pixels.shape[:2]
    small = width < 160
    shown_w = 256 if small else width
    shown_h = height * shown_w / width
    anchors = im.tag_anchors(segments, [fid for fid, _ in regions])
    boxes = [(fid, anchors[fid], f"S{fid}") for fid, _ in regions if fid in anchors]
    placed = im.place_tags(boxes, shown_w, shown_h)
    tags = []
    for fid, weight in regions:
        if fid not in placed:
            continue
        fx, fy = placed[fid]
        colour = NEGATIVE if weight < 0 else POSITIVE
        tags.append(
            f'<span style="position: absolute; left: {100 * fx:.2f}%; top: {100 * fy:.2f}%; '
            f"transform: translate(-50%, -50%); padding: 1px 3px; border: 2px solid {colour}; "
            f"border-radius: 4px; background: rgba(0, 0, 0, 0.72); color: #fff; font-size: 10px; "
            f'font-weight: 700; line-height: 10px; white-space: nowrap">{esc(f"S{fid}")}</span>'
        )
    pixelated = " image-rendering: pixelated;" if small else ""
    n_superpixels = int(segments.max()) + 1 if segments.size else 0
    strongest = format_number(abs(regions[0][1])) if regions else ""
    words = (
        f"stronger tint = larger |weight| (strongest {strongest}); "
        f"S{regions[0][0]} = superpixel {regions[0][0]}; the top {len(regions)} of "
        f"{n_superpixels} tinted, the rest plain"
        if regions
        else "no superpixel has a weight"
    )
    return (
        f'<div style="margin-top: 8px"><div style="position: relative; display: inline-block; '
        f'max-width: 100%; line-height: 0"><img src="{im.png_data_uri(pixels)}" '
        f'width="{shown_w}" height="{round(shown_h)}" alt="the explained image, '
        f'{len(regions)} superpixels tinted" style="display: block; max-width: 100%; '
        f'height: auto; border-radius: 2px;{pixelated}">{"".join(tags)}</div>'
        + legend(directions, ramp=True, extra=f" · {esc(words)}")
        + "</div>"
    )


def series_grid(
    exp: Explanation, features: list[dict[str, Any]], directions: tuple[str, str]
) -> str:
    """A recurrent instance: features x time steps, each cell tinted by its weight.

    The widget's heatmap (``js/views/recurrent-view.ts``) as a table; a cell's title
    gives its name, value and weight.
    """
    view = exp.domain_mapper.view()
    grid, rows = view["recurrent"], view.get("instance", [])
    weights = {int(f["id"]): float(f["weight"]) for f in features}
    largest = max((abs(w) for w in weights.values()), default=0.0)
    # Every row is GRID_CELL_PX tall, whatever a host's table style: names on one line of
    # that height, cells without padding.
    line = f"padding: 0 6px; line-height: {GRID_CELL_PX}px; white-space: nowrap; "
    head = "".join(
        f'<th scope="col" style="{line}font-weight: normal; {MUTED}">{esc(t)}</th>'
        for t in ["feature", *grid["steps"]]
    )
    body = []
    for name, cells in zip(grid["features"], grid["cells"], strict=True):
        tds = []
        for fid in cells:
            weight = weights.get(int(fid))
            value = rows[fid]["value"] if 0 <= fid < len(rows) else ""
            label = rows[fid]["name"] if 0 <= fid < len(rows) else str(fid)
            style = (
                f"min-width: 26px; height: {GRID_CELL_PX}px; padding: 0; border-radius: 2px; "
                f"box-shadow: inset 0 0 0 1px {BORDER};"
            )
            title = f"{label} = {value}: not explained"
            if weight is not None:
                rgb = im.NEGATIVE_RGB if weight < 0 else im.POSITIVE_RGB
                share = 0.85 * min(1.0, abs(weight) / largest) if largest > 0 else 0.0
                style += f" background-color: rgba({rgb[0]}, {rgb[1]}, {rgb[2]}, {share:.3f});"
                title = f"{label} = {value}: {format_signed(weight, 4)}"
            tds.append(
                f'<td data-feature-id="{int(fid)}" title="{esc(title)}" style="{style}"></td>'
            )
        body.append(
            f'<tr><th scope="row" style="{line}text-align: left; font-weight: normal">'
            f"{esc(name)}</th>{''.join(tds)}</tr>"
        )
    n_cells = len(grid["features"]) * len(grid["steps"])
    words = (
        f"stronger tint = larger |weight| (strongest {format_number(largest)}); the "
        f"{len(weights)} explained of {n_cells} cells tinted, the rest plain"
        if weights
        else "no cell has a weight"
    )
    table = (
        f'<table style="border-collapse: separate; border-spacing: {GRID_SPACING_PX}px; '
        f'font-size: 12px; line-height: {LINE_PX}px; margin: 0">'
        f'<caption style="padding: 4px 8px; font-weight: 600; text-align: left; '
        f'white-space: nowrap">Weights by feature and time step</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    # The caption, the spacing above the header, the header and GRID_ROWS rows, each with
    # the spacing below it: the box's edge is the next row's top.
    pitch = GRID_CELL_PX + GRID_SPACING_PX
    height = CAPTION_PX + GRID_SPACING_PX + (1 + GRID_ROWS) * pitch
    return (
        '<div style="margin-top: 8px">'
        + _table_box(table, height if len(body) > GRID_ROWS else None)
        + legend(directions, ramp=True, extra=f" · {esc(words)}")
        + "</div>"
    )
