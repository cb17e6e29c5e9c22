"""An explanation's fits over a grid of settings, for pages that have no kernel.

A saved file (``save_to_file``/``as_html``) and a notebook reopened without a
kernel keep their kernel-width, K, feature-selection and class controls working
from this grid: every fit is computed here by the engine, exactly as
:meth:`Explanation.refit` computes it, so what the page shows for a setting is
the refit's numbers (bit for bit: the floats travel as little-endian float64).

Why a grid and not a refit in the page: lime's ``lasso_path`` selection is
scikit-learn's LARS, and a custom ``kernel_fn`` or ``model_regressor`` is
Python code; a grid serves them all, and stays small (a breast-cancer
explanation with 5,000 samples needs about 1,800 fits, ~200 KB).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..engine._stability import effective_sample_size, sample_size_warning
from ..engine._surrogate import kernel, lasso_pick

if TYPE_CHECKING:  # annotations only
    from ._explanation import Explanation

__all__ = ["OFFLINE_METHODS", "grid_widths", "offline_grid"]

#: the selection methods a page offers ('auto' is resolved by K, as lime does)
OFFLINE_METHODS = ("forward_selection", "highest_weights", "lasso_path", "none")
#: the widget's kernel-width grid: 28 log-spaced widths from w/20 to w*20 (the sweep chart's)
SWEEP_POINTS = 28
#: K values the grid covers besides the explanation's own
MAX_GRID_FEATURES = 10
#: more classes than this: only the explained ones are in the grid
MAX_GRID_CLASSES = 10


def grid_widths(kernel_width: float) -> list[float]:
    """The sweep chart's widths around ``kernel_width``, plus ``kernel_width`` itself."""
    sweep = np.geomspace(kernel_width / 20, kernel_width * 20, SWEEP_POINTS)
    return sorted({float(w) for w in sweep} | {float(kernel_width)})


def _b64(values: Any, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def grid_labels(exp: Explanation) -> list[int]:
    """Classes the page can switch between: all of a few, else the explained ones."""
    if exp.mode == "regression":
        return [0]
    neighbourhood = exp.neighbourhood
    n_outputs = 0 if neighbourhood is None else neighbourhood.outputs.shape[1]
    if n_outputs <= MAX_GRID_CLASSES:
        return list(range(n_outputs))
    return sorted(set(exp.labels))


def offline_grid(
    exp: Explanation,
    *,
    widths: Sequence[float] | None = None,
    max_features: int = MAX_GRID_FEATURES,
) -> dict[str, Any]:
    """Every fit a page's controls can ask for, computed as :meth:`Explanation.refit` does.

    Parameters
    ----------
    exp : Explanation
        A fitted explanation with its neighbourhood.
    widths : sequence of float, optional
        Kernel widths (default: :func:`grid_widths` of the explanation's width).
    max_features : int, default=10
        K values 1..max_features are covered, and the explanation's own K.

    Returns
    -------
    dict
        JSON-able: the grid's axes (``widths``, ``labels``, ``ks``, ``methods``), an
        ``index[method][k][width][label]`` of fit numbers, and the fits as base64
        arrays: ``offsets`` (uint32), ``ids`` (uint32), ``weights`` and ``scalars``
        (float64; intercept, score, local prediction per fit); the effective sample
        size and its warning per width (and K).
    """
    neighbourhood, settings = exp._cached()
    n, d = neighbourhood.design.shape
    width_list = grid_widths(settings.kernel_width) if widths is None else sorted(widths)
    labels = grid_labels(exp)
    own_k = min(settings.num_features, d)
    ks = sorted(set(range(1, min(d, max_features) + 1)) | {own_k})
    kernel_fn = settings.kernel_fn or kernel
    regressor = settings.model_regressor
    offsets: list[int] = [0]
    ids: list[int] = []
    weights: list[float] = []
    scalars: list[float] = []
    index: dict[str, list[list[list[int]]]] = {m: [] for m in OFFLINE_METHODS}
    ess: list[float] = []
    ess_warnings: list[list[str | None]] = []

    def add(fit: Any) -> int:
        for feature, weight in fit.local_exp:
            ids.append(feature)
            weights.append(weight)
        offsets.append(len(ids))
        scalars.extend([fit.intercept, fit.score, float(np.ravel(fit.local_pred)[0])])
        return len(offsets) - 2

    k_top = max(ks)
    by_width: list[dict[str, list[list[int]]]] = []
    for width in width_list:
        problem = neighbourhood.weighted(width, settings.kernel_fn)
        w = np.asarray(kernel_fn(neighbourhood.distances, width), dtype=np.float64)
        ess.append(effective_sample_size(w))
        ess_warnings.append([sample_size_warning(ess[-1], n, k) for k in ks])
        # Each selection is run once for the largest K: forward selection and highest
        # weights pick a prefix of it for a smaller K, the lasso walks back the same path.
        picks: dict[str, dict[Any, Any]] = {m: {} for m in OFFLINE_METHODS}
        for label in labels:
            # lime's greedy picks are nested: the largest K's order serves every smaller K
            # (through lime's own slow steps where the output barely varies)
            forward = problem.select(label, k_top, "forward_selection")
            highest = problem.select(label, k_top, "highest_weights")
            path = problem.lasso_coefs(label)
            for k in ks:
                picks["forward_selection"][label, k] = forward[: min(k, d)]
                picks["highest_weights"][label, k] = highest[:k]
                picks["lasso_path"][label, k] = lasso_pick(path, k)
            picks["none"][label] = np.arange(d, dtype=np.intp)
        row: dict[str, list[list[int]]] = {}
        for method in OFFLINE_METHODS:
            if method == "none":  # K does not apply: one fit per label
                fits = [
                    add(problem.fit_features(label, picks[method][label], regressor))
                    for label in labels
                ]
                row[method] = [fits] * len(ks)
                continue
            row[method] = [
                [
                    add(problem.fit_features(label, picks[method][label, k], regressor))
                    for label in labels
                ]
                for k in ks
            ]
        by_width.append(row)
    for method in OFFLINE_METHODS:  # index[method][k][width][label]
        index[method] = [
            [by_width[wi][method][ki] for wi in range(len(width_list))] for ki in range(len(ks))
        ]
    return {
        "widths": [float(w) for w in width_list],
        "labels": labels,
        "ks": ks,
        "methods": list(OFFLINE_METHODS),
        "index": index,
        "offsets": _b64(offsets, "<u4"),
        "ids": _b64(ids, "<u4"),
        "weights": _b64(weights, "<f8"),
        "scalars": _b64(scalars, "<f8"),
        "ess": ess,
        "ess_warning": ess_warnings,
        "n_samples": int(n),
    }
