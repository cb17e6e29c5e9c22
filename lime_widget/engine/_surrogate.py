"""The local surrogate: kernel, weighted ridge, feature selection and score.

Pure numpy. Everything here reproduces ``lime.lime_base.LimeBase`` 0.2.0.1
(reference: ``Ridge(alpha=1)`` on the selected columns, weighted R² on the
same neighbourhood, ``local_pred`` at row 0), but works from one weighted,
centred Gram matrix instead of refitting scikit-learn's ``Ridge`` hundreds of
times. The Gram matrix is label independent, so every label of a multi-class
explanation shares it, and forward selection scores all candidates of a round
at once through the Schur complement.

Results agree with lime to floating-point rounding (~1e-12); the only way they
can differ by more is a near-tie (two candidates whose scores differ by less
than rounding) in forward or highest-weights selection.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._reference import DEGENERATE, reference_fit, reference_select
from ._validation import InvalidParameterError, check_weights, fitted_linear

__all__ = [
    "FEATURE_SELECTION_METHODS",
    "SurrogateFit",
    "WeightedProblem",
    "kernel",
    "kernel_weights",
    "resolve_method",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

FEATURE_SELECTION_METHODS = ("auto", "forward_selection", "highest_weights", "lasso_path", "none")
#: a fit leaving less than this share of the output's variance explains it fully (R² = 1.0)
PERFECT_FIT = 1e-13

KernelFn = Callable[[FloatArray, float], FloatArray]


def kernel(d: FloatArray, kernel_width: float) -> FloatArray:
    """Lime's exponential kernel ``sqrt(exp(-d**2 / kernel_width**2))``.

    Parameters
    ----------
    d : ndarray
        Distances of the samples to the explained instance.
    kernel_width : float
        The width; the kernel is a Gaussian in ``d`` with sigma ``kernel_width``.

    Returns
    -------
    ndarray
        The sample weights, in (0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> kernel(np.array([0.0, 1.0]), 1.0).round(4).tolist()
    [1.0, 0.6065]
    """
    return np.sqrt(np.exp(-(d**2) / kernel_width**2))


def kernel_weights(
    kernel_fn: KernelFn | None, distances: FloatArray, kernel_width: float, where: str = ""
) -> FloatArray:
    """The sample weights ``kernel_fn(distances, kernel_width)`` (lime's kernel when None).

    Checked: one finite weight >= 0 per sample, not all zero; a kernel that gives
    anything else raises an ``InvalidParameterError`` naming it and the width (and
    ``where``, the method called), never a NaN explanation.
    """
    of = f" of {where}" if where else ""
    if kernel_fn is None:
        # lime's kernel is in [0, 1]: only its sum can fail, or a width whose square is 0
        weights = kernel(distances, kernel_width) if kernel_width * kernel_width > 0 else None
        total = np.nan if weights is None else weights.sum()
        if weights is not None and np.isfinite(total) and total > 0:
            return weights
        what = f"The default kernel{of} at 'kernel_width'={kernel_width!r}"
        if weights is None:
            msg = f"{what} squares to 0: no weight can be computed. Use a width > 1e-150."
            raise InvalidParameterError(msg)
    else:
        weights = kernel_fn(distances, kernel_width)
        what = f"The 'kernel' function (kernel_fn){of} at kernel_width={kernel_width!r}"
    return check_weights(weights, len(distances), what)


def resolve_method(method: str, num_features: int) -> str:
    """Resolve ``'auto'`` as lime does: forward selection up to 6 features."""
    if method == "auto":
        return "forward_selection" if num_features <= 6 else "highest_weights"
    return method


@dataclass(frozen=True)
class SurrogateFit:
    """One label's fitted surrogate.

    Attributes
    ----------
    label : int
        Output column explained.
    local_exp : list of (int, float)
        Selected features with their weights, sorted by ``|weight|``
        descending (stable: ties keep selection order), as lime's ``local_exp``.
    intercept : float
        The surrogate's intercept.
    score : float
        Weighted R² of the surrogate on the neighbourhood it was fit on.
    local_pred : ndarray of shape (1,)
        The surrogate's prediction at the explained instance (row 0).
    """

    label: int
    local_exp: list[tuple[int, float]]
    intercept: float
    score: float
    local_pred: FloatArray


@dataclass(frozen=True)
class OutputFlags:
    """What the outputs are like, per label; computed once per neighbourhood, not per width."""

    #: the output never changes: its fit is exactly flat
    constant: npt.NDArray[np.bool_]
    #: the output moves only in its last bits (relative to its size): see ``_reference``
    flat: npt.NDArray[np.bool_]


def output_flags(outputs: FloatArray) -> OutputFlags:
    """:class:`OutputFlags` of ``outputs`` (n, L)."""
    columns = np.ascontiguousarray(outputs.T)  # one label per row: fast reductions
    lo, hi = columns.min(axis=1), columns.max(axis=1)
    spread = hi - lo
    size = np.maximum(np.abs(lo), np.abs(hi))
    return OutputFlags(constant=spread == 0, flat=spread <= DEGENERATE * size)


class WeightedProblem:
    """A neighbourhood with its kernel weights: the label-independent part of every fit.

    Parameters
    ----------
    design : ndarray of shape (n, d)
        The interpretable representation the surrogate is fit on; row 0 is the instance.
    outputs : ndarray of shape (n, L)
        Model outputs, one column per label.
    weights : ndarray of shape (n,)
        Kernel weights of the rows.
    """

    def __init__(
        self,
        design: FloatArray,
        outputs: FloatArray,
        weights: FloatArray,
        flags: OutputFlags | None = None,
    ) -> None:
        flags = output_flags(outputs) if flags is None else flags
        self.flags = flags
        self.design = design
        self.outputs = outputs
        self.weights = weights
        wsum = weights.sum()
        self.x_mean: FloatArray = weights @ design / wsum
        y_mean = weights @ outputs / wsum
        # a constant output is its own mean, exactly: its fit is then exactly flat (lime's
        # Ridge gives weights of exactly 0 and a score of 1.0 there)
        y_mean[flags.constant] = outputs[0, flags.constant]
        self.y_mean: FloatArray = y_mean
        root = np.sqrt(weights)[:, None]
        xs = (design - self.x_mean) * root
        ys = (outputs - self.y_mean) * root
        # ``xs.T @ xs`` is one symmetric BLAS call (syrk), as scikit-learn's Ridge forms it
        self.gram: FloatArray = xs.T @ xs
        self.xty: FloatArray = xs.T @ ys
        self._ys = ys

    @functools.cached_property
    def tss(self) -> FloatArray:
        """Per label: the weighted, centred sum of squares of the output."""
        return np.asarray(np.einsum("ij,ij->j", self._ys, self._ys), dtype=np.float64)

    # -- feature selection -------------------------------------------------
    def forward_selection(self, label: int, num_features: int) -> IntArray:
        """Greedy forward selection with ``Ridge(alpha=0)`` and weighted R², as lime.

        See :func:`forward_many`, which this runs for a single fit.
        """
        k = min(num_features, self.gram.shape[0])
        chosen = forward_many(
            self.gram[None],
            self.xty[None, :, label],
            k,
            tss=self.tss[None, label],  # centred exactly: no rounding floor is needed
        )[0]
        return np.asarray(chosen, dtype=np.intp)

    def ridge_all(self, label: int, alpha: float) -> FloatArray:
        """Coefficients of a weighted ridge on every column."""
        gram = self.gram.copy()
        gram.flat[:: gram.shape[0] + 1] += alpha
        return _solve_spd(gram, self.xty[:, label])

    def highest_weights(self, label: int, num_features: int) -> IntArray:
        """Top features by ``|coef * design[0]|`` of ``Ridge(alpha=0.01)``, as lime."""
        coef = self.ridge_all(label, 0.01)
        score = np.abs(coef * self.design[0])
        return np.argsort(-score, kind="stable")[:num_features].astype(np.intp)

    def lasso_path(self, label: int, num_features: int) -> IntArray:
        """Walk the weighted LARS-lasso path back to ``<= num_features`` non-zeros, as lime."""
        return lasso_pick(self.lasso_coefs(label), num_features)

    def lasso_coefs(self, label: int) -> FloatArray:
        """The weighted LARS-lasso path's coefficients (features x steps), as lime computes it."""
        from sklearn.linear_model import lars_path  # LARS is not worth re-deriving in numpy

        sw = np.sqrt(self.weights)[:, None]
        xw = (self.design - np.average(self.design, axis=0, weights=self.weights)) * sw
        y = self.outputs[:, label]
        yw = (y - np.average(y, weights=self.weights)) * sw[:, 0]
        _, _, coefs = lars_path(xw, yw, method="lasso", verbose=False)
        return np.asarray(coefs, dtype=np.float64)

    def degenerate(self, label: int) -> bool:
        """Whether ``label``'s output moves only in its last bits (see ``_reference``).

        A constant output is not degenerate: its fit is exactly flat here (zero weights,
        R² 1.0), as lime's.
        """
        return bool(self.flags.flat[label]) and not bool(self.flags.constant[label])

    def select(self, label: int, num_features: int, method: str) -> IntArray:
        """Dispatch to the feature-selection ``method`` (``'auto'`` resolved as lime)."""
        method = resolve_method(method, num_features)
        if method in ("forward_selection", "highest_weights") and self.degenerate(label):
            y = self.outputs[:, label]
            return reference_select(self.design, y, self.weights, num_features, method)
        if method == "none":
            return np.arange(self.design.shape[1], dtype=np.intp)
        if method == "forward_selection":
            return self.forward_selection(label, num_features)
        if method == "highest_weights":
            return self.highest_weights(label, num_features)
        return self.lasso_path(label, num_features)

    # -- the final surrogate -----------------------------------------------
    def ridge_subset(self, label: int, features: IntArray, alpha: float = 1.0) -> FloatArray:
        """Weighted ridge coefficients on ``features`` (in that order)."""
        g = self.gram[np.ix_(features, features)].copy()
        g.flat[:: len(features) + 1] += alpha
        return _solve_spd(g, self.xty[features, label])

    def fit(
        self,
        label: int,
        num_features: int,
        method: str,
        model_regressor: Any = None,
    ) -> SurrogateFit:
        """Select features, fit the surrogate and score it, as ``explain_instance_with_data``."""
        return self.fit_features(label, self.select(label, num_features, method), model_regressor)

    def fit_features(
        self, label: int, features: IntArray, model_regressor: Any = None
    ) -> SurrogateFit:
        """Fit and score the surrogate on ``features`` (in selection order)."""
        y = self.outputs[:, label]
        if self.degenerate(label):  # lime's own Ridge: its rounding is the answer here
            pairs, intercept, score, local_pred = reference_fit(
                self.design, y, self.weights, features, model_regressor
            )
            return SurrogateFit(label, pairs, intercept, score, local_pred)
        x_used = self.design[:, features]
        if model_regressor is None:
            coef = self.ridge_subset(label, features) if len(features) else np.zeros(0)
            intercept = float(self.y_mean[label] - self.x_mean[features] @ coef)
            pred = x_used @ coef + intercept
            score = _weighted_r2(y, pred, self.weights)
            local_pred = np.atleast_1d(np.float64(self.design[0, features] @ coef + intercept))
        else:
            model_regressor.fit(x_used, y, sample_weight=self.weights)
            coef, intercept = fitted_linear(model_regressor, len(features))
            score = float(model_regressor.score(x_used, y, sample_weight=self.weights))
            local_pred = np.ravel(model_regressor.predict(x_used[:1]))
        order = np.argsort(-np.abs(coef), kind="stable")
        local_exp = [(int(features[i]), float(coef[i])) for i in order]
        return SurrogateFit(label, local_exp, intercept, score, local_pred)


def lasso_pick(coefs: FloatArray, num_features: int) -> IntArray:
    """Lime's walk back along a lasso path to the last step with ``<= num_features`` non-zeros."""
    nonzero: Any = np.arange(coefs.shape[0])
    for i in range(coefs.shape[1] - 1, 0, -1):
        nonzero = coefs[:, i].nonzero()[0]
        if len(nonzero) <= num_features:
            break
    return np.asarray(nonzero, dtype=np.intp)


def solve_many(a: FloatArray, b: FloatArray) -> FloatArray:
    """Solve a stack of linear systems; least squares one by one if any is singular."""
    try:
        return np.asarray(np.linalg.solve(a, b), dtype=np.float64)
    except np.linalg.LinAlgError:  # a singular system in the batch: least squares one by one
        return np.stack(
            [np.linalg.lstsq(ai, bi, rcond=None)[0] for ai, bi in zip(a, b, strict=True)]
        )


def forward_many(
    gram: FloatArray,
    xty: FloatArray,
    k: int,
    *,
    tss: FloatArray | None = None,
    scale: FloatArray | None = None,
) -> IntArray:
    """Lime's forward selection for a stack of weighted, centred Gram matrices.

    Each round scores every unused feature ``j`` by the R² of the OLS fit
    (lime's ``Ridge(alpha=0)``) on ``selected + [j]``; its gain over the current
    fit is the Schur complement ``(b_j - G_jS beta_S)**2 / (G_jj - G_jS G_SS^-1 G_Sj)``,
    computed for all candidates of all fits in one batched solve. A column whose
    residual variance vanishes (constant, or collinear with the selection) gains
    nothing, as scikit-learn's SVD fallback gives. Ties go to the lowest index,
    as lime's strict ``>`` does — exact ties too: where a candidate would leave no
    residual (R² that lime's float rounds to exactly 1.0, as every candidate does once
    the selection explains the output fully), the lowest such index wins, not the
    rounding noise of the gains. That needs ``tss`` (the weighted, centred sum of
    squares of the output) and ``scale`` (its uncentred one, the rounding level).

    Parameters
    ----------
    gram : ndarray of shape (B, d, d)
    xty : ndarray of shape (B, d)
    k : int
        Features to select.
    tss, scale : ndarray of shape (B,), optional
        Per fit, the output's centred weighted sum of squares, and (where the centring
        itself rounds, as in batched fits) its uncentred one, the rounding floor.

    Returns
    -------
    ndarray of shape (B, k)
        Selected features in selection order.
    """
    n_fits, d, _ = gram.shape
    rows = np.arange(n_fits)
    diag = np.einsum("bii->bi", gram)
    tiny = np.finfo(np.float64).eps * np.maximum(diag.max(axis=1, keepdims=True), 1e-300) * d
    used = np.zeros((n_fits, d), dtype=bool)
    selected = np.zeros((n_fits, 0), dtype=np.intp)
    rest = tol = None
    if tss is not None:
        rest = np.asarray(tss, dtype=np.float64)
        floor = 0.0 if scale is None else 8 * np.finfo(np.float64).eps * scale
        tol = PERFECT_FIT * rest + floor
    for step in range(k):
        if step:
            gss = gram[rows[:, None, None], selected[:, :, None], selected[:, None, :]]
            gsx = gram[rows[:, None], selected]  # (B, k, d)
            bs = np.take_along_axis(xty, selected, axis=1)
            sol = solve_many(gss, np.concatenate([bs[:, :, None], gsx], axis=2))
            beta, proj = sol[:, :, 0], sol[:, :, 1:]
            resid_b = xty - np.einsum("bkj,bk->bj", gsx, beta)
            resid_var = diag - np.einsum("bkj,bkj->bj", gsx, proj)
        else:
            resid_b, resid_var = xty, diag
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = np.where(resid_var > tiny, resid_b**2 / resid_var, 0.0)
        gain[used] = -np.inf
        best = np.argmax(gain, axis=1)
        if rest is not None and tol is not None:
            # residual each candidate leaves; "none" (below rounding) is lime's exact 1.0
            top = gain[rows, best]
            if (rest - top <= tol).any():  # even the best candidate: only then look
                tied = rest - top <= tol
                perfect = (rest[:, None] - gain <= tol[:, None]) & ~used
                best = np.where(tied, np.argmax(perfect, axis=1), best)
                top = gain[rows, best]
            rest = rest - top  # what the selection leaves unexplained
        used[rows, best] = True
        selected = np.concatenate([selected, best[:, None]], axis=1)
    return selected


def _solve_spd(a: FloatArray, b: FloatArray) -> FloatArray:
    """Solve a symmetric positive (semi-)definite system, falling back to least squares.

    scikit-learn's Ridge does the same: Cholesky, then SVD when the matrix is singular.
    """
    try:
        chol = np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        return np.asarray(np.linalg.lstsq(a, b, rcond=None)[0], dtype=np.float64)
    z = np.linalg.solve(chol, b)
    return np.asarray(np.linalg.solve(chol.T, z), dtype=np.float64)


def _weighted_r2(y: FloatArray, pred: FloatArray, w: FloatArray) -> float:
    """scikit-learn's ``r2_score`` with ``sample_weight`` (and its finite-value conventions)."""
    num = float(w @ (y - pred) ** 2)
    den = float(w @ (y - np.average(y, weights=w)) ** 2)
    if den == 0.0:
        return 1.0 if num == 0.0 else 0.0
    return 1.0 - num / den
