"""One self-contained HTML file per explanation: lime's ``as_html`` / ``save_to_file``.

The page is the widget's own front end (inlined, no network request of any kind:
its Content-Security-Policy forbids every fetch) driven by a stand-in for the
kernel that answers from :func:`~lime_widget.explanation._offline.offline_grid`:
kernel width, K, feature selection and class still refit, to the refit's own
numbers; the sample count and "Until stable" need the model and are disabled.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..engine._validation import InvalidParameterError
from ._offline import grid_labels, offline_grid
from ._payload import diagnostics_dict, meta_dict

if TYPE_CHECKING:  # annotations only
    from ._explanation import Explanation

__all__ = ["OFFLINE_REASON", "as_html", "page_data", "save_to_file", "static_text"]

_STATIC = Path(__file__).resolve().parent.parent / "static"
#: why the page's sample controls are off (shown beside them)
OFFLINE_REASON = "Saved explanation: more samples need the model, which this page does not have."


def _first_label(exp: Explanation, labels: Any, choices: list[int]) -> int:
    if exp.mode == "regression":
        return 0
    if labels is not None:
        try:
            wanted = [int(x) for x in labels]
        except (TypeError, ValueError):
            msg = (
                "The 'labels' parameter of Explanation.as_html must be a sequence of class "
                f"indices. Got {labels!r} instead."
            )
            raise InvalidParameterError(msg) from None
        for label in wanted:
            if label in choices:
                return label
        if wanted:
            msg = (
                f"The 'labels' parameter of Explanation.as_html must name a class of this "
                f"explanation, one of {choices}. Got {list(labels)!r} instead."
            )
            raise InvalidParameterError(msg)
    return exp.first_label()


def page_data(
    exp: Explanation,
    labels: Any = None,
    *,
    widths: Any = None,
    kernel_width_default: float | None = None,
) -> dict[str, Any]:
    """What a page without a kernel draws: the widget's meta, the grid, the diagnostics.

    ``widths`` is the grid's kernel widths (default: the sweep around the
    explanation's width); ``kernel_width_default`` centres the slider (default: the
    explanation's width). The live widget passes its own, so that its grid and
    slider stay put while the width moves.
    """
    neighbourhood, settings = exp._cached()
    grid = offline_grid(exp, widths=widths)
    choices = grid_labels(exp)
    first = _first_label(exp, labels, choices)
    n, d = neighbourhood.design.shape
    params = {
        "kernel_width": float(settings.kernel_width),
        "num_samples": int(n),
        "num_features": int(min(settings.num_features, d)),
        "feature_selection": settings.feature_selection,
        "label": int(first),
    }
    centre = settings.kernel_width if kernel_width_default is None else kernel_width_default
    meta = meta_dict(
        exp,
        kernel_width_default=centre,
        samples_min=int(n),
        samples_max=int(n),
        samples_step=1,
    )
    mapper = exp.domain_mapper
    ids = [(i, 0.0) for i in range(d)]
    sweep = [
        float(w) for w in np.geomspace(settings.kernel_width / 20, settings.kernel_width * 20, 28)
    ]
    diagnostics = {}
    for label in choices:
        fitted = (
            exp if label in exp.labels or exp.mode == "regression" else exp.refit(labels=[label])
        )
        diagnostics[str(label)] = diagnostics_dict(fitted, label, {**params, "label": label}, sweep)
    return {
        "version": 1,
        "meta": meta,
        "params": params,
        "grid": grid,
        "names": mapper.shown_names(ids),
        "values": mapper.shown_values(list(range(d))),
        "model_outputs": [float(v) for v in neighbourhood.outputs[0]],
        "diagnostics": diagnostics,
        "reason": OFFLINE_REASON,
    }


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` at all."""
    text = json.dumps(data, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def static_text(name: str) -> str:
    """A built front-end file of ``lime_widget/static`` (the widget's and the pages')."""
    path = _STATIC / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = f"The front end {path} is missing: build it with `npm run build`."
        raise FileNotFoundError(msg) from None


def as_html(exp: Explanation, labels: Any = None) -> str:
    """The whole page: inlined CSS, data and script; no external resource."""
    data = page_data(exp, labels)
    return self_contained_page(
        title=_title(exp, data),
        bundle=("offline.js", "widget.css"),
        main_id="lw-page",
        data_id="lw-data",
        data=data,
        max_width=1100,
    )


def self_contained_page(
    *,
    title: str,
    bundle: tuple[str, str],
    main_id: str,
    data_id: str,
    data: Any,
    max_width: int,
) -> str:
    """One HTML file: the ``bundle``'s (script, css) inlined over ``data`` as JSON.

    Its Content-Security-Policy forbids every fetch; the script reads ``data`` from the
    element ``data_id`` and draws into ``main_id``. User strings reach the page only
    inside that JSON (escaped for a script element), never as markup.
    """
    script = static_text(bundle[0]).replace("</script", "<\\/script")
    css = static_text(bundle[1]).replace("</style", "<\\/style")
    page_css = _PAGE_CSS.replace("MAIN", main_id).replace("WIDTH", str(max_width))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:\">\n"
        f"<title>{html.escape(title, quote=True)}</title>\n"
        f"<style>{css}\n{page_css}</style>\n"
        "</head><body>\n"
        f'<main id="{main_id}"></main>\n'
        f'<script type="application/json" id="{data_id}">{_script_json(data)}</script>\n'
        f"<script>{script}</script>\n"
        "</body></html>\n"
    )


def _title(exp: Explanation, data: dict[str, Any]) -> str:
    names = data["meta"]["class_names"]
    label = data["params"]["label"]
    what = "a prediction" if exp.mode == "regression" else f"class {names[label]}"
    return f"LIME explanation of {what} (lime-widget)"


_PAGE_CSS = """
body { margin: 0; padding: 16px; background: #fff; color: #1f1f1f;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
@media (prefers-color-scheme: dark) { body { background: #111; color: #e8e8e8; } }
#MAIN { max-width: WIDTHpx; margin: 0 auto; }
"""


def save_to_file(exp: Explanation, file_path: Any, labels: Any = None) -> None:
    """Write :func:`as_html` to ``file_path`` (UTF-8)."""
    try:
        path = Path(file_path)
    except TypeError:
        msg = (
            "The 'file_path' parameter of Explanation.save_to_file must be a path (str or "
            f"os.PathLike). Got {file_path!r} instead."
        )
        raise InvalidParameterError(msg) from None
    path.write_text(as_html(exp, labels), encoding="utf-8")
