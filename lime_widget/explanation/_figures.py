"""Charts of an explanation's weights: matplotlib (as lime) and plotly. Plain functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

POSITIVE = "#1b9e77"
NEGATIVE = "#d95f02"
#: the widget's colours (js/widget.css --lw-positive / --lw-negative): for / against
WIDGET_POSITIVE = "#2b83ba"
WIDGET_NEGATIVE = "#e66101"


def plotly_text(text: str) -> str:
    """``text`` as plotly shows it literally (its labels understand a little HTML)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pyplot_figure(
    pairs: Sequence[tuple[Any, float]], title: str, figsize: tuple[float, float]
) -> Any:
    """A matplotlib bar chart of ``(name, weight)`` pairs, as lime's."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = "as_pyplot_figure needs matplotlib: pip install matplotlib"
        raise ImportError(msg) from exc
    fig = plt.figure(figsize=figsize)
    vals = [x[1] for x in pairs][::-1]
    names = [str(x[0]) for x in pairs][::-1]
    colors = [POSITIVE if x > 0 else NEGATIVE for x in vals]
    pos = np.arange(len(pairs)) + 0.5
    plt.barh(pos, vals, align="center", color=colors)
    plt.yticks(pos, names)
    plt.title(title)
    return fig


def plotly_figure(pairs: Sequence[tuple[Any, float]], title: str) -> Any:
    """A plotly bar chart of ``(name, weight)`` pairs, strongest at the top (widget colours)."""
    import plotly.graph_objects as go

    shown = list(pairs)[::-1]
    names = [plotly_text(str(x[0])) for x in shown]
    vals = [x[1] for x in shown]
    fig = go.Figure(
        go.Bar(
            x=vals,
            y=names,
            orientation="h",
            marker_color=[WIDGET_POSITIVE if v > 0 else WIDGET_NEGATIVE for v in vals],
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
        )
    )
    fig.update_layout(
        title=plotly_text(title),
        xaxis_title="weight",
        height=120 + 28 * len(shown),
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )
    fig.update_yaxes(automargin=True)
    return fig
