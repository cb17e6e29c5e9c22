"""Distances of sampled rows to the instance, computed as scikit-learn computes them."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ._validation import check_option

__all__ = ["check_metric", "cosine_to", "distances_to", "euclidean_to"]

FloatArray = npt.NDArray[np.float64]


def euclidean_to(design: FloatArray, row: FloatArray) -> FloatArray:
    """Euclidean distance of each row to ``row``, with scikit-learn's dot-product formula.

    ``sklearn.metrics.pairwise_distances`` computes ``|x|² - 2x·y + |y|²``; using
    the same formula keeps the distances (and so the weights) identical to lime's.
    """
    xx = np.einsum("ij,ij->i", design, design)[:, None]
    y = row.reshape(1, -1)
    yy = np.einsum("ij,ij->i", y, y)[None, :]
    dist = -2 * (design @ y.T)
    dist += xx
    dist += yy
    np.maximum(dist, 0, out=dist)
    return np.asarray(np.sqrt(dist, out=dist).ravel(), dtype=np.float64)


def cosine_to(design: FloatArray, row: FloatArray) -> FloatArray:
    """Cosine distance of each row to ``row``, as scikit-learn's ``cosine_distances``."""

    def normalize(x: FloatArray) -> FloatArray:
        norms = np.sqrt(np.einsum("ij,ij->i", x, x))
        norms[norms == 0.0] = 1.0
        return np.asarray(x / norms[:, None], dtype=np.float64)

    sim = normalize(design) @ normalize(row.reshape(1, -1)).T
    sim *= -1
    sim += 1
    return np.asarray(np.clip(sim, 0, 2).ravel(), dtype=np.float64)


def distances_to(design: FloatArray, row: FloatArray, metric: Any) -> FloatArray:
    """Distances of ``design`` rows to ``row`` under any scikit-learn metric."""
    if metric == "euclidean":
        return euclidean_to(design, row)
    if metric == "cosine":
        return cosine_to(design, row)
    from sklearn.metrics import pairwise_distances

    return np.asarray(
        pairwise_distances(design, row.reshape(1, -1), metric=metric).ravel(), dtype=np.float64
    )


def check_metric(metric: Any, where: str) -> Any:
    """Accept a scikit-learn distance name or a callable."""
    if callable(metric) and not isinstance(metric, type):  # a class is no metric(a, b)
        return metric
    from sklearn.metrics.pairwise import _VALID_METRICS

    if isinstance(metric, str) and metric in _VALID_METRICS:
        return metric
    return check_option(metric, "distance_metric", where, sorted(set(_VALID_METRICS)))
