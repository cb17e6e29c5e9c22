"""Which labels an explanation fits, and which class a view shows first: one place each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..engine._validation import check_labels

__all__ = ["first_label", "resolve_labels"]


def resolve_labels(
    outputs0: Any,
    labels: Iterable[Any],
    top_labels: int | None,
    mode: str,
    where: str,
) -> tuple[list[int], list[int] | None]:
    """Labels to fit (in lime's order) and the exposed ``top_labels`` list (descending)."""
    if mode == "regression":
        return [0], None
    if top_labels:
        ascending = [int(x) for x in np.argsort(outputs0)[-top_labels:]]
        return ascending, ascending[::-1]
    return check_labels(labels, outputs0.shape[0], where), None


def first_label(outputs0: Any, labels: Any, top_labels: int | None, where: str) -> Any:
    """The class a view shows first: the top label, else the first label asked for.

    None when no label was asked for (a view then shows the predicted class); the
    one place this rule is written (the live widget, saved pages and exports use it).
    """
    if outputs0.shape[0] == 1:
        return 0
    if top_labels:
        return resolve_labels(outputs0, (), top_labels, "classification", where)[1][0]  # type: ignore[index]
    checked = check_labels(() if labels is None else labels, outputs0.shape[0], where)
    return checked[0] if checked else None
