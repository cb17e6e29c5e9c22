"""The live layer: the session that streams fits, and the widget.

``LiveSession`` imports no widget code; :class:`LimeWidget`
(anywidget) is imported only when asked for, by :func:`make_widget` or by
``lime_widget.LimeWidget``. :func:`make_widget` is the one place a live
session is built for a widget.
"""

from __future__ import annotations

from typing import Any

from ..explanation._explanation import Prepared
from ._params import LiveParams
from ._session import LiveSession

__all__ = ["LiveParams", "LiveSession", "make_widget"]


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
