"""The live layer: the session that streams fits, and the widget.

``LiveSession`` imports no widget code; :class:`LimeWidget`
(anywidget) is imported only when asked for, by :func:`make_widget` or by
``lime_widget.LimeWidget``. :func:`make_widget` is the one place a live
session is built for a widget. :func:`make_gallery` and :func:`run_gallery`
build the gallery of a batch (``GalleryWidget``), whose cards open live widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..explanation._cards import resolve_true_labels
from ..explanation._explanation import Explanation, Prepared
from ._params import LiveParams
from ._session import LiveSession

__all__ = ["LiveParams", "LiveSession", "make_gallery", "make_widget", "run_gallery"]


def make_widget(
    prepared: Prepared,
    *,
    label: int | None = None,
    max_samples: int | None = None,
    initial_samples: int | None = None,
) -> Any:
    """A :class:`~lime_widget.LimeWidget` over a new live session for ``prepared``."""
    from ._widget import LimeWidget

    session = LiveSession(
        prepared, label=label, max_samples=max_samples, initial_samples=initial_samples
    )
    return LimeWidget(session)


def make_gallery(
    explanations: Mapping[int, Explanation],
    *,
    n_rows: int,
    true_labels: Any = None,
    where: str,
) -> Any:
    """A :class:`~lime_widget.GalleryWidget` of ``explanations`` (by row of ``n_rows``)."""
    from ..explanation._cards import gallery_meta
    from ._gallery import GalleryWidget
    from ._gallery_store import CardStore

    names = gallery_meta(list(explanations.values())[:1], 0)["class_names"]
    true = resolve_true_labels(true_labels, n_rows, names, where)
    store = CardStore(len(explanations), true, n_rows=n_rows)
    for row, exp in sorted(explanations.items()):
        store.add(row, exp)
    return GalleryWidget(store)


def run_gallery(
    explainer: Any,
    instances: Any,
    predict_fn: Callable[[Any], Any],
    *,
    true_labels: Any = None,
    explain_kwargs: dict[str, Any],
    where: str,
) -> Any:
    """A :class:`~lime_widget.GalleryWidget` that ``explain_many`` fills in a thread."""
    from ._gallery import GalleryWidget
    from ._gallery_store import CardStore
    from ._gallery_work import GalleryRun

    if not hasattr(instances, "__len__") or isinstance(instances, str):
        instances = instances if isinstance(instances, str) else list(instances)
    n = len(instances)
    names = getattr(explainer, "class_names", None)
    true = resolve_true_labels(true_labels, n, names, where)
    store = CardStore(n, true)
    gallery = GalleryWidget(store, running=True)
    run = GalleryRun(
        explainer, instances, predict_fn, dict(explain_kwargs), store, gallery._worker.changed
    )
    gallery._start(run)
    return gallery
