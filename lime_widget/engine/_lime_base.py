"""``LimeBase``, lime's surrogate fit on given samples (lime's ``lime.lime_base``).

``from lime_widget.lime_base import LimeBase`` runs code written for lime's class with
the same arguments and results (lime 0.2.0.1), on this package's fitting engine: one
weighted Gram matrix instead of a scikit-learn ``Ridge`` per candidate feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from ._sparse import SparseProblem, is_sparse
from ._surrogate import FEATURE_SELECTION_METHODS, WeightedProblem, resolve_method
from ._validation import (
    InvalidParameterError,
    check_finite_array,
    check_int,
    check_label,
    check_model_regressor,
    check_option,
    check_weights,
)

__all__ = ["LimeBase"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_WHERE = "LimeBase"


class LimeBase:
    """Learn a locally linear sparse model from perturbed samples, as lime's ``LimeBase``.

    Parameters
    ----------
    kernel_fn : callable
        ``kernel_fn(distances) -> weights``: one weight per sample, finite and >= 0
        (lime passes ``functools.partial(kernel, kernel_width=...)``).
    verbose : bool, default=False
        Print the intercept, the local prediction and the model's value, as lime.
    random_state : int, RandomState or None, default=None
        Kept for lime's signature; the default surrogate (ridge) is deterministic.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> Z = rng.integers(0, 2, size=(300, 4)).astype(float); Z[0] = 1
    >>> y = np.column_stack([2 * Z[:, 1] - Z[:, 3], Z[:, 0]])
    >>> base = LimeBase(lambda d: np.sqrt(np.exp(-(d**2) / 0.25**2)))
    >>> intercept, exp, score, local_pred = base.explain_instance_with_data(
    ...     Z, y, np.sqrt((1 - Z).sum(1)) / 2, label=0, num_features=2)
    >>> [int(f) for f, _ in exp], round(score, 3)
    ([1, 3], 0.96)
    """

    def __init__(
        self,
        kernel_fn: Callable[[FloatArray], Any],
        verbose: bool = False,
        random_state: Any = None,
    ) -> None:
        if not callable(kernel_fn):
            msg = (
                f"The 'kernel_fn' parameter of {_WHERE} must be a callable(distances) -> "
                f"weights. Got {kernel_fn!r} instead."
            )
            raise InvalidParameterError(msg)
        self.kernel_fn = kernel_fn
        self.verbose = bool(verbose)
        self.random_state = random_state

    @staticmethod
    def generate_lars_path(
        weighted_data: FloatArray, weighted_labels: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """The lasso path (``alphas``, ``coefs``) of already weighted data, as lime."""
        from sklearn.linear_model import lars_path

        alphas, _, coefs = lars_path(weighted_data, weighted_labels, method="lasso", verbose=False)
        return alphas, coefs

    def forward_selection(
        self, data: Any, labels: Any, weights: Any, num_features: int
    ) -> IntArray:
        """Greedy forward selection with weighted R² (ties: the lowest index), as lime."""
        problem = self._problem(data, labels, weights, "forward_selection")
        num_features = check_int(num_features, "num_features", f"{_WHERE}.forward_selection")
        return problem.forward_selection(0, num_features)

    def feature_selection(
        self, data: Any, labels: Any, weights: Any, num_features: int, method: str
    ) -> IntArray:
        """The features ``method`` selects (one of lime's five, ``'auto'`` included)."""
        where = f"{_WHERE}.feature_selection"
        problem = self._problem(data, labels, weights, "feature_selection")
        num_features = check_int(num_features, "num_features", where)
        method = check_option(method, "method", where, FEATURE_SELECTION_METHODS)
        return problem.select(0, num_features, resolve_method(method, num_features))

    def explain_instance_with_data(
        self,
        neighborhood_data: Any,
        neighborhood_labels: Any,
        distances: Any,
        label: int,
        num_features: int,
        feature_selection: str = "auto",
        model_regressor: Any = None,
    ) -> tuple[float, list[tuple[int, float]], float, FloatArray]:
        """Fit the surrogate of ``label`` on the samples; row 0 is the explained instance.

        Returns
        -------
        (intercept, exp, score, local_pred)
            As lime: ``exp`` lists ``(feature, weight)`` by decreasing ``|weight|``,
            ``score`` is the weighted R² and ``local_pred`` the surrogate's value at row 0.
        """
        where = f"{_WHERE}.explain_instance_with_data"
        data = _samples(neighborhood_data, "neighborhood_data", where)
        n = data.shape[0]
        outputs = check_finite_array(neighborhood_labels, "neighborhood_labels", where, ndim=2)
        _one_per_sample(outputs, n, "neighborhood_labels", where)
        label = check_label(label, outputs.shape[1], where)
        num_features = check_int(num_features, "num_features", where)
        method = check_option(
            feature_selection, "feature_selection", where, FEATURE_SELECTION_METHODS
        )
        model_regressor = check_model_regressor(model_regressor, where)
        d = check_finite_array(distances, "distances", where, ndim=1)
        _one_per_sample(d, n, "distances", where)
        weights = check_weights(self.kernel_fn(d), n, "The kernel_fn of LimeBase")
        fit = _problem(data, outputs, weights).fit(label, num_features, method, model_regressor)
        if self.verbose:
            print("Intercept", fit.intercept)
            print("Prediction_local", fit.local_pred)
            print("Right:", outputs[0, label])
        return fit.intercept, fit.local_exp, fit.score, fit.local_pred

    # -- checks --------------------------------------------------------------

    def _problem(
        self, data: Any, labels: Any, weights: Any, method: str
    ) -> WeightedProblem | SparseProblem:
        where = f"{_WHERE}.{method}"
        x = _samples(data, "data", where)
        y = check_finite_array(labels, "labels", where, ndim=1)
        _one_per_sample(y, x.shape[0], "labels", where)
        w = check_weights(weights, x.shape[0], f"The 'weights' parameter of {where}")
        return _problem(x, y[:, None], w)


def _one_per_sample(values: FloatArray, n: int, name: str, where: str) -> None:
    """``values`` has one entry (row) per sample of the data: ``n``."""
    if values.shape[0] != n:
        msg = (
            f"The {name!r} parameter of {where} must have one entry per sample ({n} in the "
            f"data). Got {values.shape[0]}."
        )
        raise InvalidParameterError(msg)


def _samples(value: Any, name: str, where: str) -> Any:
    """A 2-d float array of samples, or a scipy sparse matrix as CSR (lime fits those as is)."""
    if is_sparse(value):
        matrix = value.tocsr().astype(np.float64)
        check_finite_array(matrix.data if matrix.nnz else [0.0], name, where, ndim=1)
        if matrix.ndim != 2 or 0 in matrix.shape:
            msg = (
                f"The {name!r} parameter of {where} must be a non-empty 2-d matrix. "
                f"Got shape {matrix.shape}."
            )
            raise InvalidParameterError(msg)
        return matrix
    return check_finite_array(value, name, where, ndim=2)


def _problem(
    data: Any, outputs: FloatArray, weights: FloatArray
) -> WeightedProblem | SparseProblem:
    """The engine's problem: lime's own sparse steps on sparse samples, the fast one else."""
    if is_sparse(data):
        return SparseProblem(data, outputs, weights)
    return WeightedProblem(data, outputs, weights)
