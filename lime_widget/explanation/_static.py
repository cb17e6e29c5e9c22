"""A static rendering of an explanation: HTML, inline SVG and inline styles, no script.

What the widget shows for one label (its title, the weights as signed bars,
the fidelity line and the instance: the feature table, the highlighted
document or the tinted image), for places without a kernel or a widget
manager: ``exp`` at the end of a cell, the ``text/html`` fallback of every
widget output, nbconvert, GitHub and nbviewer.

It is self-contained: no ``<script>``, no external resource (an image is a
``data:`` PNG), and every style is inline, so a host page's CSS or a sanitizer
that drops ``<style>`` does not undo it. Text and axes use ``currentColor`` and
translucent greys, so the page reads in light and dark themes alike; the two
signed colours are the widget's (blue for, orange against). Every user string
(feature, class and category names, tokens) is escaped with
:func:`html.escape`; the numbers are the ones :mod:`._payload` sends the widget.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from ..engine._stability import effective_sample_size, sample_size_warning
from ..engine._surrogate import kernel
from ._formats import (
    MINUS,
    format_count,
    format_number,
    format_prediction,
    format_r2,
    format_short,
    format_signed,
    shorten_label,
    signed_formatter,
)
from ._labels import first_label
from ._payload import explanation_dict
from ._static_views import (
    BORDER,
    MUTED,
    NEGATIVE,
    POSITIVE,
    document,
    esc,
    instance_table,
    legend,
    picture,
    series_grid,
)

if TYPE_CHECKING:  # annotations only
    from ._explanation import Explanation
    from ._fits import LocalFits

__all__ = ["model_outputs", "output_name", "static_html", "static_label", "static_text"]

POOR_FIT_R2 = 0.3
POOR_FIT_HINT = "the linear surrogate fits poorly here; try a narrower kernel"
#: the widget's chart geometry (js/charts/bar-layout.ts)
CHART_WIDTH, ROW_HEIGHT, BAR_HEIGHT, LABEL_GAP, VALUE_GAP = 660, 22, 15, 8, 4
MAX_LABEL_WIDTH, CHAR_WIDTH, WIDE_CHAR_WIDTH, VALUE_CHAR_WIDTH = 280, 6.9, 7.2, 7.2
NEGLIGIBLE_SHARE, AXIS_FLOOR_SHARE = 1e-3, 1e-2
FONT = "var(--jp-ui-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)"


def static_label(exp: Explanation) -> int:
    """The label a view shows first: the top label, else the first explained one.

    :func:`._labels.first_label`'s rule, on the model's outputs the explanation
    keeps (a light ``explain_many`` result has no samples but has those).
    """
    if exp.mode == "regression":
        return 0
    top = len(exp.top_labels) if exp.top_labels else None
    label = first_label(np.asarray(model_outputs(exp)), exp.labels, top, "Explanation")
    return int(label) if label in exp.local_exp else int(next(iter(exp.local_exp)))


def _check_label(exp: Explanation, label: int | None) -> int:
    if label is None or exp.mode == "regression":
        return static_label(exp)
    return exp._label(label)  # raises LabelNotExplainedError, listing the explained ones


def model_outputs(exp: LocalFits) -> list[float]:
    """The model's outputs at the instance (probabilities, or the one predicted value)."""
    if exp.neighbourhood is not None:
        return [float(v) for v in exp.neighbourhood.outputs[0]]
    if exp.mode == "regression":
        return [] if exp.predicted_value is None else [float(exp.predicted_value)]
    return [] if exp.predict_proba is None else [float(v) for v in exp.predict_proba]


def output_name(exp: LocalFits, label: int) -> str:
    """The widget's name of output ``label``: the class name (or its number); "value"."""
    if exp.mode == "regression":
        return "value"
    n_outputs = len(model_outputs(exp))
    names = [str(n) for n in exp.class_names or []]
    if len(names) != n_outputs:  # as the widget's meta (_payload._class_names)
        names = [str(i) for i in range(n_outputs)]
    return names[label] if label < len(names) else f"class {label}"


def _view(exp: Explanation, label: int) -> dict[str, Any]:
    """The widget's payload for ``label`` (model output from the explanation when light)."""
    view = explanation_dict(exp, label)
    outputs = model_outputs(exp)
    if exp.neighbourhood is None:
        view["model_pred"] = outputs[min(label, len(outputs) - 1)] if outputs else None
    return view


def _title(exp: Explanation, label: int, outputs: list[float]) -> str:
    if exp.mode == "regression":
        if not outputs:
            return "Why this prediction?"
        return f"Why is the prediction {format_prediction(outputs[0])}?"
    name = output_name(exp, label)
    return (
        f"Why {name}?"
        if label >= len(outputs)
        else f"Why {name}? (p = {format_short(outputs[label])})"
    )


def _directions(exp: Explanation, label: int) -> tuple[str, str]:
    if exp.mode == "regression":
        return "raises the prediction", "lowers the prediction"
    name = output_name(exp, label)
    return f"for {name}", f"against {name}"


def _output_scale(exp: Explanation, view: dict[str, Any], outputs: list[float]) -> float:
    """1 for probabilities; a regressor's own scale (as js/view-model/trust.ts)."""
    if exp.mode == "classification":
        return 1.0
    values = [view["model_pred"], view["intercept"], view["local_pred"], *outputs[:1]]
    return max((abs(v) for v in values if v is not None and math.isfinite(v)), default=0.0)


def _feature_labels(exp: Explanation, features: list[dict[str, Any]]) -> list[str]:
    """Positional text names ("boring_53") read "boring (word 12)", as the widget says."""
    names = [str(f["name"]) for f in features]
    if exp.domain_mapper.kind != "text":
        return names
    order: dict[int, tuple[int, str]] = {}
    for token in exp.domain_mapper.view().get("tokens", []):
        fid = int(token["feature"])
        if fid >= 0 and fid not in order:
            order[fid] = (len(order) + 1, str(token["text"]))
    out = []
    for f, name in zip(features, names, strict=True):
        match = re.fullmatch(r"(.*)_(\d+(?:-\d+)*)", name, flags=re.S)
        place = order.get(int(f["id"]))
        if match and match.group(1) and place is not None and place[1] == match.group(1):
            out.append(f"{match.group(1)} (word {place[0]})")
        else:
            out.append(name)
    return out


def _chart(
    features: list[dict[str, Any]], labels: list[str], floor: float, directions: tuple[str, str]
) -> str:
    """The weights as signed horizontal bars (inline SVG), strongest at the top."""
    order = sorted(range(len(features)), key=lambda i: -abs(features[i]["weight"]))
    weights = [float(features[i]["weight"]) for i in order]
    max_chars = math.floor((MAX_LABEL_WIDTH - LABEL_GAP) / CHAR_WIDTH)
    shown = [shorten_label(labels[i], max_chars) for i in order]
    longest = max((len(s) for s in shown), default=0)
    label_width = min(MAX_LABEL_WIDTH, max(60, math.ceil(longest * WIDE_CHAR_WIDTH) + LABEL_GAP))
    fmt = signed_formatter(weights)
    texts = [fmt(w) for w in weights]
    value_width = max(58, math.ceil(max((len(t) for t in texts), default=0) * VALUE_CHAR_WIDTH) + 6)
    width = CHART_WIDTH
    plot_left, plot_right = label_width + value_width, width - value_width
    half = max(max((abs(w) for w in weights if math.isfinite(w)), default=0.0), floor) or 1.0

    def x(value: float) -> float:
        value = value if math.isfinite(value) else math.copysign(half, value or 1.0)
        return plot_left + (value + half) * (plot_right - plot_left) / (2 * half)

    zero = x(0.0)
    height = max(1, len(order)) * ROW_HEIGHT
    rows = []
    for k, (i, weight, label, text) in enumerate(zip(order, weights, shown, texts, strict=True)):
        f = features[i]
        top = k * ROW_HEIGHT
        mid = top + ROW_HEIGHT / 2
        end = x(weight)
        negative = weight < 0
        colour = NEGATIVE if negative else POSITIVE
        value = f" (value {f['value']})" if f.get("value") not in (None, "") else ""
        words = directions[1] if negative else directions[0]
        hover = f"{labels[i]}{value}: {format_signed(weight, 4)}, {words}"
        value_x = end - VALUE_GAP if negative else end + VALUE_GAP
        rows.append(
            f'<g data-feature-id="{int(f["id"])}" data-weight="{weight!r}">'
            f"<title>{esc(hover)}</title>"
            f'<text x="{label_width - LABEL_GAP}" y="{mid:.1f}" dy="0.35em" text-anchor="end" '
            f'fill="currentColor">{esc(label)}</text>'
            f'<rect x="{min(zero, end):.1f}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2:.1f}" '
            f'width="{abs(end - zero):.1f}" height="{BAR_HEIGHT}" fill="{colour}" rx="1"/>'
            f'<text x="{value_x:.1f}" y="{mid:.1f}" dy="0.35em" '
            f'text-anchor="{"end" if negative else "start"}" fill="currentColor" '
            f'fill-opacity="0.8">{esc(text)}</text></g>'
        )
    axis = f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="0" y2="{height}" stroke="{BORDER}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="feature weights" '
        f'style="display: block; max-width: 100%; height: auto; margin-top: 4px; '
        f"font-size: 12px; font-family: inherit; font-variant-numeric: tabular-nums; "
        f'overflow: visible">{axis}{"".join(rows)}</svg>'
    )


def _fidelity(view: dict[str, Any]) -> str:
    n = int(view["n_samples"])
    parts = [
        f"surrogate R² {format_r2(view['score'])}",
        f"surrogate at instance {format_short(view['local_pred'])} "
        f"vs model {format_short(view['model_pred'])}",
        f"fit on {format_count(n)} sample{'' if n == 1 else 's'}"
        if n
        else "samples not kept (restore() re-derives them)",
    ]
    return " · ".join(parts)


def _hint(exp: Explanation, view: dict[str, Any]) -> str | None:
    """The ESS warning when the kernel leaves too few samples, else the poor-fit hint."""
    neighbourhood, settings = exp.neighbourhood, exp.settings
    if neighbourhood is not None and settings is not None:
        kernel_fn = settings.kernel_fn or kernel
        weights = np.asarray(kernel_fn(neighbourhood.distances, settings.kernel_width), float)
        warning = sample_size_warning(
            effective_sample_size(weights), neighbourhood.num_samples, settings.num_features
        )
        if warning is not None:
            return warning
    score = view["score"]
    return POOR_FIT_HINT if score is not None and score < POOR_FIT_R2 else None


def _footer(exp: Explanation, label: int) -> str:
    settings = exp.settings
    parts = ["Static snapshot (lime-widget)"]
    if settings is not None:
        parts.append(
            f"kernel width {format_number(settings.kernel_width)} · up to "
            f"{settings.num_features} features · feature selection {settings.feature_selection}"
        )
    others = [lab for lab in exp.local_exp if lab != label] if exp.mode != "regression" else []
    if others:
        names = ", ".join(output_name(exp, lab) for lab in others)
        parts.append(f"also explained: {names}")
    return f'<div style="margin-top: 6px; font-size: 11px; {MUTED}">{esc(" · ".join(parts))}</div>'


def static_html(exp: Explanation, label: int | None = None) -> str:
    """One label of ``exp`` as self-contained HTML: no script, no external resource.

    Parameters
    ----------
    exp : Explanation
        A fitted explanation (a light ``explain_many`` one too: it then says its
        samples were not kept).
    label : int, optional
        Label to show (default: the top label, else the first explained one).

    Returns
    -------
    str
        A ``<div>`` with inline styles and an inline SVG chart.

    Raises
    ------
    LabelNotExplainedError
        If ``label`` was not explained.
    """
    label = _check_label(exp, label)
    view = _view(exp, label)
    outputs = model_outputs(exp)
    features: list[dict[str, Any]] = view["features"]
    labels = _feature_labels(exp, features)
    directions = _directions(exp, label)
    scale = _output_scale(exp, view, outputs)
    largest = max((abs(f["weight"]) for f in features), default=0.0)
    parts = [
        f'<div style="font-size: 14px; font-weight: 600; overflow-wrap: anywhere; '
        f'margin: 4px 0 2px">{esc(_title(exp, label, outputs))}</div>',
        legend(directions),
    ]
    if features and largest < NEGLIGIBLE_SHARE * scale:
        of = "the prediction" if exp.mode == "regression" else "the probability scale"
        note = (
            f"no signal at this width: no weight reaches {format_number(NEGLIGIBLE_SHARE * scale)} "
            f"({NEGLIGIBLE_SHARE * 100:g} % of {of}; the largest is {format_number(largest, 2)})"
        )
        parts.append(f'<div role="status" style="margin-top: 4px">{esc(note)}</div>')
    if features:
        parts.append(_chart(features, labels, AXIS_FLOOR_SHARE * scale, directions))
    else:
        parts.append(f'<div style="{MUTED}">no feature was selected</div>')
    parts.append(
        f'<div style="margin: 6px 0; font-size: 12px; {MUTED}; '
        f'font-variant-numeric: tabular-nums">{esc(_fidelity(view))}</div>'
    )
    hint = _hint(exp, view)
    if hint is not None:
        parts.append(
            f'<div style="font-size: 12px"><span style="color: {NEGATIVE}">⚠</span> '
            f"{esc(hint)}</div>"
        )
    kind = exp.domain_mapper.kind
    if kind == "text":
        parts.append(document(exp, features))
    elif kind == "image" and hasattr(exp.domain_mapper, "segments"):
        parts.append(picture(exp, features, directions))
    elif kind == "recurrent" and "recurrent" in exp.domain_mapper.view():
        parts.append(series_grid(exp, features, directions))
    elif exp.domain_mapper.view().get("instance"):
        parts.append(instance_table(exp, features))
    parts.append(_footer(exp, label))
    return (
        f'<div class="lime-widget-static" data-label="{label}" style="box-sizing: border-box; '
        f"max-width: 100%; padding: 4px 0; color: inherit; font-family: {FONT}; "
        f'font-size: 13px; line-height: 1.4; text-align: left">{"".join(parts)}</div>'
    )


def static_text(exp: Explanation, label: int | None = None, top: int = 3) -> str:
    """A one-line summary: class, output, the strongest features, R² and sample count.

    Examples
    --------
    >>> from lime_widget.explanation import DomainMapper, Explanation
    >>> static_text(Explanation(DomainMapper()))
    '<Explanation (not fitted)>'
    """
    kind = type(exp).__name__
    if not exp.local_exp:
        return f"<{kind} (not fitted)>"
    label = _check_label(exp, label)
    view = _view(exp, label)
    outputs = model_outputs(exp)
    if exp.mode == "regression":
        value = f" {format_prediction(outputs[0])}".replace(MINUS, "-") if outputs else ""
        what = f"the prediction{value}"
    else:
        p = f" (p = {format_short(outputs[label])})" if label < len(outputs) else ""
        p = p.replace(MINUS, "-")
        what = f"class {output_name(exp, label)!r}{p}"
    features = view["features"]
    pairs = ", ".join(f"{f['name']} ({f['weight']:+.3g})" for f in features[:top])
    more = ", ..." if len(features) > top else ""
    score = "n/a" if view["score"] is None else f"{view['score']:.2f}"
    n = view["n_samples"]
    samples = f", {n} samples" if n else ""
    return f"<{kind} of {what}: {pairs}{more}; R² {score}{samples}>"
