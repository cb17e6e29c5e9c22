"""The one seam from results to the widget, imported lazily (as lime and altair do).

Everything below the live layer reaches the widgets only through the
functions here (:func:`live_widget`, and the gallery's two): ``import
lime_widget``, ``explain_instance``, ``refit`` and ``explain_many`` load no
widget code, and no module imports upwards.
"""

from __future__ import annotations

from typing import Any

__all__ = ["gallery_widget", "live_widget", "running_gallery"]


def live_widget(
    prepared: Any,
    *,
    label: int | None = None,
    max_samples: int | None = None,
    initial_samples: int | None = None,
) -> Any:
    """A live :class:`~lime_widget.LimeWidget` over ``prepared`` (imports the widget now)."""
    from ..live import make_widget

    return make_widget(
        prepared, label=label, max_samples=max_samples, initial_samples=initial_samples
    )


def gallery_widget(explanations: Any, *, n_rows: int, true_labels: Any = None, where: str) -> Any:
    """A :class:`~lime_widget.GalleryWidget` of ``explanations`` (a dict by row; imports now)."""
    from ..live import make_gallery

    return make_gallery(explanations, n_rows=n_rows, true_labels=true_labels, where=where)


def running_gallery(
    explainer: Any,
    instances: Any,
    predict_fn: Any,
    *,
    true_labels: Any,
    explain_kwargs: dict[str, Any],
    where: str,
) -> Any:
    """A :class:`~lime_widget.GalleryWidget` filled by ``explain_many`` in a thread."""
    from ..live import run_gallery

    return run_gallery(
        explainer,
        instances,
        predict_fn,
        true_labels=true_labels,
        explain_kwargs=explain_kwargs,
        where=where,
    )
