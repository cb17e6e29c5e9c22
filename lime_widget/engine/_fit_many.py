"""Many weighted surrogate fits on one neighbourhood at once (bootstrap, kernel-width sweep).

The fits share the rows and differ only in their weight vectors, so the Gram
matrices are stacked and feature selection runs on all of them together:
forward selection scores every candidate of every fit in one batched solve per
round. Pure numpy; used for the stability figures, not for lime-exact output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._surrogate import WeightedProblem, forward_many, output_flags, resolve_method, solve_many

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class BatchedFits:
    """``B`` surrogates of one label.

    Attributes
    ----------
    selected : list of list of int
        Selected features of each fit, in selection order.
    coef : ndarray of shape (B, d)
        Ridge (alpha=1) coefficients, 0 for unselected features.
    intercept : ndarray of shape (B,)
    """

    selected: list[list[int]]
    coef: FloatArray
    intercept: FloatArray


def fit_many(
    design: FloatArray,
    y: FloatArray,
    weights: FloatArray,
    num_features: int,
    method: str,
    pairs: FloatArray | None = None,
) -> BatchedFits:
    """Fit ``weights.shape[0]`` surrogates (one per row of ``weights``) on the same rows.

    ``pairs`` (``Neighbourhood.pair_products``) turns the stack of Gram matrices
    into one matrix product.
    """
    n_fits, d = weights.shape[0], design.shape[1]
    method = resolve_method(method, num_features)
    if method == "lasso_path":  # LARS walks a path per fit: no batched form
        return _each(design, y, weights, num_features, method)
    totals = weights.sum(axis=1)
    x_mean = weights @ design / totals[:, None]
    y_mean = weights @ y / totals
    gram = np.empty((n_fits, d, d))
    xty = weights @ (design * y[:, None])
    if pairs is not None:  # uncentred moments of all fits in one product; centred below
        upper, lower = np.triu_indices(d)
        products = weights @ pairs
        gram[:, upper, lower] = products
        gram[:, lower, upper] = products
    else:
        roots = np.sqrt(weights)
        for b in range(n_fits):
            xs = design * roots[b][:, None]
            gram[b] = xs.T @ xs
    gram -= totals[:, None, None] * x_mean[:, :, None] * x_mean[:, None, :]
    xty -= totals[:, None] * x_mean * y_mean[:, None]
    k = min(num_features, d)
    if method == "forward_selection":
        scale = weights @ (y * y)
        selected = forward_many(gram, xty, k, tss=scale - totals * y_mean**2, scale=scale)
    elif method == "highest_weights":
        ridge = solve_many(gram + 0.01 * np.eye(d), xty[:, :, None])[:, :, 0]
        selected = np.argsort(-np.abs(ridge * design[0]), axis=1, kind="stable")[:, :k]
    else:
        selected = np.tile(np.arange(d), (n_fits, 1))
    rows = np.arange(n_fits)[:, None]
    sub = gram[rows[:, :, None], selected[:, :, None], selected[:, None, :]]
    sub = sub + np.eye(selected.shape[1])
    rhs = np.take_along_axis(xty, selected, axis=1)[:, :, None]
    beta = solve_many(sub, rhs)[:, :, 0]
    coef = np.zeros((n_fits, d))
    np.put_along_axis(coef, selected, beta, axis=1)
    intercept = y_mean - np.einsum("bd,bd->b", x_mean, coef)
    return BatchedFits(selected.tolist(), coef, intercept)


def _each(
    design: FloatArray, y: FloatArray, weights: FloatArray, k: int, method: str
) -> BatchedFits:
    coef = np.zeros((weights.shape[0], design.shape[1]))
    intercept = np.zeros(weights.shape[0])
    selected = []
    flags = output_flags(y[:, None])
    for b, w in enumerate(weights):
        fit = WeightedProblem(design, y[:, None], w, flags).fit(0, k, method)
        selected.append([f for f, _ in fit.local_exp])
        for f, c in fit.local_exp:
            coef[b, f] = c
        intercept[b] = fit.intercept
    return BatchedFits(selected, coef, intercept)


def weighted_r2_many(
    design: FloatArray, y: FloatArray, weights: FloatArray, fits: BatchedFits
) -> FloatArray:
    """Weighted R² of each fit under its own row weights (0 weight = row left out)."""
    pred = design @ fits.coef.T + fits.intercept  # (n, B)
    totals = weights.sum(axis=1)
    mean = weights @ y / np.where(totals > 0, totals, 1.0)
    resid = ((y[:, None] - pred) ** 2).T  # (B, n)
    spread = (y[None, :] - mean[:, None]) ** 2
    num = np.einsum("bn,bn->b", weights, resid)
    den = np.einsum("bn,bn->b", weights, spread)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, 1.0 - num / den, np.nan)
