"""The surrogate on a sparse neighbourhood (``scipy.sparse`` tabular data), as lime fits it.

lime 0.2.0.1 fits on the sparse design as it is, and scikit-learn's ``Ridge`` solves a
sparse problem with an intercept by conjugate gradients stopped at a relative residual
of 1e-4 (``sparse_cg``): lime's weights are those iterates, not the exact ridge solution
the dense engine computes. So every selection and fit here runs lime's own steps
(``LimeBase.feature_selection`` and ``explain_instance_with_data``) with scikit-learn on
the same sparse matrix, and the numbers are lime's.

One shortcut keeps forward selection quick without changing a digit: a column the
instance has no value in is empty (lime perturbs only the instance's non-zeros), every
empty column gives the same fit, so each round fits one of them instead of all.

Differences from lime, where lime fails or repeats a feature: ``lasso_path`` (lime's
raises numpy's ``AxisError`` on sparse data) runs lime's lasso on the instance's
columns made dense (an empty column never enters a LARS path); ``highest_weights``
with more features than columns keeps each column once (lime repeats column 0); in
forward selection a candidate whose ``Ridge(alpha=0)`` fit breaks down (NaN, where
nearly every sample weight is 0) is passed over (lime raises "Input contains NaN").
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from ._neighbourhood import Neighbourhood
from ._surrogate import OutputFlags, SurrogateFit, lasso_pick, resolve_method
from ._validation import fitted_linear

__all__ = ["DENSE_LIMIT", "SparseNeighbourhood", "SparseProblem", "is_sparse"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: largest dense copy (bytes) of a sparse neighbourhood that diagnostics and views may make
DENSE_LIMIT = 256 * 2**20


def is_sparse(value: Any) -> bool:
    """Whether ``value`` is a scipy.sparse matrix or array (without importing scipy)."""
    return callable(getattr(value, "tocsr", None)) and hasattr(value, "nnz")


class SparseProblem:
    """A sparse neighbourhood with its kernel weights: lime's fits, by scikit-learn.

    The same methods as :class:`~lime_widget.engine._surrogate.WeightedProblem`
    (``select``, ``fit``, ``fit_features``, ``lasso_coefs``), on a CSR design.

    Parameters
    ----------
    design : scipy.sparse.csr_matrix of shape (n, d)
        lime's ``scaled_data``; row 0 is the instance.
    outputs : ndarray of shape (n, L)
    weights : ndarray of shape (n,)
    flags : OutputFlags, optional
    """

    def __init__(
        self,
        design: Any,
        outputs: FloatArray,
        weights: FloatArray,
        flags: OutputFlags | None = None,
    ) -> None:
        self.design = design
        self.outputs = outputs
        self.weights = weights
        self.flags = flags
        d = design.shape[1]
        stored = np.bincount(np.asarray(design.indices), minlength=d)[:d]
        #: columns with no stored value: every fit on one of them is the same fit
        self.empty = stored == 0

    # -- feature selection ---------------------------------------------------
    def forward_selection(self, label: int, num_features: int) -> IntArray:
        """Greedy forward selection, as lime's (``Ridge(alpha=0)``, weighted R², strict ``>``)."""
        x, y, w = self.design, self.outputs[:, label], self.weights
        d = x.shape[1]
        used: list[int] = []
        empty = np.flatnonzero(self.empty)
        filled = np.flatnonzero(~self.empty)

        def score(columns: list[int]) -> float:
            sub = x[:, columns]
            coef, intercept = ridge_fit(sub, y, w, 0.0)
            if not (np.isfinite(coef).all() and np.isfinite(intercept)):
                # conjugate gradients broke down (alpha=0 where almost every weight is 0):
                # lime then raises scikit-learn's "Input contains NaN"; the candidate loses
                return float("nan")
            return r2_score(y, np.asarray(sub @ coef) + intercept, w)

        with warnings.catch_warnings():  # Ridge(alpha=0) may warn on an ill-posed round
            warnings.simplefilter("ignore")
            for _ in range(min(num_features, d)):
                taken = set(used)
                scores: dict[int, float] = {
                    int(f): score([*used, int(f)]) for f in filled if int(f) not in taken
                }
                spare = next((int(f) for f in empty if int(f) not in taken), None)
                if spare is not None:  # stands for every unused empty column: the lowest wins
                    scores[spare] = score([*used, spare])
                # lime scans in index order and keeps a candidate only if strictly better
                # than the best so far (from -1e8): the lowest index of the maximum wins
                best, top = 0, -100000000.0
                for feature in sorted(scores):
                    if scores[feature] > top:
                        best, top = feature, scores[feature]
                used.append(best)
        return np.asarray(used, dtype=np.intp)

    def highest_weights(self, label: int, num_features: int) -> IntArray:
        """Sparse ``highest_weights`` as lime's: ``|coef * row 0|`` of ``Ridge(alpha=0.01)``."""
        import scipy.sparse as sp

        x = self.design
        num_features = min(num_features, x.shape[1])  # lime would repeat column 0 beyond
        coef, _ = ridge_fit(x, self.outputs[:, label], self.weights, 0.01)
        weighted = sp.csr_matrix(coef[None, :]).multiply(x[0])
        weighted = sp.csr_matrix(weighted)
        sdata = len(weighted.data)
        argsort_data = np.abs(weighted.data).argsort()
        if sdata < num_features:  # pad with unused columns, in index order, as lime
            indices = weighted.indices[argsort_data[::-1]]
            num_to_pad = num_features - sdata
            indices = np.concatenate((indices, np.zeros(num_to_pad, dtype=indices.dtype)))
            indices_set = set(indices)
            pad_counter = 0
            for i in range(x.shape[1]):
                if i not in indices_set:
                    indices[pad_counter + sdata] = i
                    pad_counter += 1
                    if pad_counter >= num_to_pad:
                        break
        else:
            indices = weighted.indices[argsort_data[sdata - num_features : sdata][::-1]]
        return np.asarray(indices, dtype=np.intp)

    def lasso_coefs(self, label: int) -> FloatArray:
        """The weighted LARS-lasso path, as lime's, (features x steps) on the filled columns."""
        from sklearn.linear_model import lars_path

        filled = np.flatnonzero(~self.empty)
        x = np.asarray(self.design[:, filled].toarray(), dtype=np.float64)
        sw = np.sqrt(self.weights)[:, None]
        xw = (x - np.average(x, axis=0, weights=self.weights)) * sw
        y = self.outputs[:, label]
        yw = (y - np.average(y, weights=self.weights)) * sw[:, 0]
        _, _, coefs = lars_path(xw, yw, method="lasso", verbose=False)
        full = np.zeros((self.design.shape[1], np.asarray(coefs).shape[1]))
        full[filled] = coefs
        return full

    def select(self, label: int, num_features: int, method: str) -> IntArray:
        """Dispatch to the feature-selection ``method`` (``'auto'`` resolved as lime)."""
        method = resolve_method(method, num_features)
        if method == "none":
            return np.arange(self.design.shape[1], dtype=np.intp)
        if method == "forward_selection":
            return self.forward_selection(label, num_features)
        if method == "highest_weights":
            return self.highest_weights(label, num_features)
        return lasso_pick(self.lasso_coefs(label), num_features)

    # -- the surrogate ---------------------------------------------------------
    def fit(
        self, label: int, num_features: int, method: str, model_regressor: Any = None
    ) -> SurrogateFit:
        """Select features, fit the surrogate and score it, as ``explain_instance_with_data``."""
        return self.fit_features(label, self.select(label, num_features, method), model_regressor)

    def fit_features(
        self, label: int, features: IntArray, model_regressor: Any = None
    ) -> SurrogateFit:
        """Fit ``Ridge(alpha=1)`` (or ``model_regressor``) on ``features``, score, predict."""
        y, w = self.outputs[:, label], self.weights
        features = np.asarray(features, dtype=np.intp)
        if len(features) == 0:  # nothing selected: the weighted mean, as an empty ridge
            mean = float(np.average(y, weights=w))
            score = r2_score(y, np.full_like(y, mean), w)
            return SurrogateFit(label, [], mean, score, np.array([mean]))
        used = self.design[:, features]
        row = self.design[0, features].reshape(1, -1)
        if model_regressor is None:  # lime's Ridge(alpha=1)
            coef, intercept = ridge_fit(used, y, w, 1.0)
            score = r2_score(y, np.asarray(used @ coef) + intercept, w)
            local_pred = np.ravel(np.asarray(row @ coef) + intercept)
        else:
            model_regressor.fit(used, y, sample_weight=w)
            score = float(model_regressor.score(used, y, sample_weight=w))
            local_pred = np.ravel(model_regressor.predict(row))
            coef, intercept = fitted_linear(model_regressor, len(features))
        pairs = sorted(zip(features, coef, strict=True), key=lambda x: np.abs(x[1]), reverse=True)
        local_exp = [(int(f), float(c)) for f, c in pairs]
        return SurrogateFit(label, local_exp, intercept, score, local_pred.astype(np.float64))


def ridge_fit(x: Any, y: FloatArray, w: FloatArray, alpha: float) -> tuple[FloatArray, float]:
    """``Ridge(alpha, fit_intercept=True).fit(x, y, sample_weight=w)`` on a sparse ``x``.

    scikit-learn's own steps (``_preprocess_data``, ``_ridge_regression`` with
    ``sparse_cg``, the intercept), without the input checks that are most of a small
    fit's time: the same numbers, bit for bit (a test holds it to that). Falls back to
    the public ``Ridge`` if those helpers are not there.
    """
    try:
        from sklearn.linear_model._base import _preprocess_data
        from sklearn.linear_model._ridge import _ridge_regression

        xs, ys, x_offset, y_offset, x_scale, _ = _preprocess_data(
            x,
            y,
            fit_intercept=True,
            copy=True,
            sample_weight=w,
            check_input=False,
            rescale_with_sw=False,
        )
        coef = _ridge_regression(
            xs,
            ys,
            alpha=alpha,
            sample_weight=w,
            max_iter=None,
            tol=1e-4,
            solver="sparse_cg",
            positive=False,
            random_state=None,
            return_n_iter=False,
            return_intercept=False,
            return_solver=False,
            X_offset=x_offset,
            X_scale=x_scale,
            check_input=False,
        )
    except (ImportError, TypeError):  # another scikit-learn: its public Ridge
        from sklearn.linear_model import Ridge

        model = Ridge(alpha=alpha, fit_intercept=True).fit(x, y, sample_weight=w)
        return np.asarray(model.coef_, dtype=np.float64), float(model.intercept_)
    coef = np.asarray(coef, dtype=np.float64).ravel() / x_scale
    return coef, float(y_offset - x_offset @ coef)


def r2_score(y: FloatArray, pred: FloatArray, w: FloatArray) -> float:
    """scikit-learn's ``r2_score(y, pred, sample_weight=w)``, its operations in its order."""
    y_true, y_pred, weight = y[:, None], np.asarray(pred).reshape(-1, 1), w[:, None]
    numerator = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    denominator = np.sum(weight * (y_true - np.average(y_true, axis=0, weights=w)) ** 2, axis=0)
    if numerator[0] == 0:  # perfect predictions: 1.0, even for a constant output
        return 1.0
    if denominator[0] == 0:  # a constant output missed: 0.0 rather than -inf
        return 0.0
    return float(1 - numerator[0] / denominator[0])


class SparseNeighbourhood(Neighbourhood):
    """A neighbourhood whose design is lime's sparse ``scaled_data``.

    Fits (:meth:`weighted`) run on the sparse matrix, as lime's. Diagnostics and
    views that need ``design`` as an array get a dense copy, made on first use,
    and a clear error when it would exceed :data:`DENSE_LIMIT`.
    """

    def __init__(self, sparse_design: Any, distances: FloatArray, outputs: FloatArray) -> None:
        self.sparse_design = sparse_design
        self.distances = distances
        self.outputs = outputs
        self._problems: dict[Any, Any] = {}
        self._pairs = None
        self._flags = None

    def __getattr__(self, name: str) -> Any:
        if name != "design" or "sparse_design" not in self.__dict__:
            raise AttributeError(name)
        n, d = self.sparse_design.shape
        if n * d * 8 > DENSE_LIMIT:
            msg = (
                f"This explanation's samples are a sparse {n} x {d} matrix; the widget, its "
                f"diagnostics and exports need them dense ({n * d * 8 / 2**20:.0f} MiB, more "
                f"than the {DENSE_LIMIT // 2**20} MiB allowed). Read the explanation with "
                "as_list(), as_map() or as_pyplot_figure(), or explain with fewer num_samples."
            )
            raise ValueError(msg)
        dense = np.asarray(self.sparse_design.toarray(), dtype=np.float64)
        self.__dict__["design"] = dense
        return dense

    def __repr__(self) -> str:
        n, d = self.sparse_design.shape
        return f"SparseNeighbourhood({n} x {d} samples, {self.outputs.shape[1]} outputs)"

    @property
    def num_samples(self) -> int:
        return int(self.sparse_design.shape[0])

    def weighted(self, kernel_width: float, kernel_fn: Any = None) -> Any:
        """The sparse fitting problem at ``kernel_width`` (cached for the last few widths)."""
        from ._surrogate import kernel

        key = (float(kernel_width), kernel_fn)
        problem = self._problems.get(key)
        if problem is None:
            weights = np.asarray((kernel_fn or kernel)(self.distances, kernel_width), dtype=float)
            problem = SparseProblem(self.sparse_design, self.outputs, weights, self.output_flags)
            if len(self._problems) >= 4:
                self._problems.pop(next(iter(self._problems)))
            self._problems[key] = problem
        return problem

    def prefix(self, n: int) -> SparseNeighbourhood:
        return SparseNeighbourhood(self.sparse_design[:n], self.distances[:n], self.outputs[:n])

    def pair_products(self, max_bytes: int = 64 * 2**20) -> FloatArray | None:
        n, d = self.sparse_design.shape
        if n * d * (d + 1) // 2 * 8 > max_bytes:
            return None
        return super().pair_products(max_bytes)


def stack_rows(parts: list[Any]) -> Any:
    """One CSR matrix of ``parts`` (row blocks); a single block is kept as it is."""
    if len(parts) == 1:
        return parts[0]
    import scipy.sparse as sp

    return sp.csr_matrix(sp.vstack(parts, format="csr"))
