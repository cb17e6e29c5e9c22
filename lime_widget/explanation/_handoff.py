"""The one seam from results to the widget, imported lazily (as lime and altair do).

Everything below the live layer reaches the widget only through
:func:`live_widget`: ``import lime_widget``, ``explain_instance``, ``refit``
and ``explain_many`` load no widget code, and no module imports upwards.
"""

from __future__ import annotations

from typing import Any

__all__ = ["live_widget"]


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
