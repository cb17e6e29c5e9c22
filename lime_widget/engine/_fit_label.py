"""``fit_label``: one label's surrogate from cached arrays, every argument checked first."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ._params import check_fit_param
from ._surrogate import KernelFn, SurrogateFit, WeightedProblem, kernel_weights
from ._validation import (
    InvalidParameterError,
    check_callable,
    check_finite_array,
    check_label,
    check_model_regressor,
)

__all__ = ["fit_label"]

FloatArray = npt.NDArray[np.float64]
_WHERE = "fit_label"


def fit_label(
    design: FloatArray,
    outputs: FloatArray,
    distances: FloatArray,
    label: int,
    num_features: int,
    *,
    kernel_width: float,
    feature_selection: str = "auto",
    kernel_fn: KernelFn | None = None,
    model_regressor: Any = None,
) -> SurrogateFit:
    """Fit one label's surrogate from a cached neighbourhood: no model call.

    Parameters
    ----------
    design : ndarray of shape (n, d)
        Interpretable rows; row 0 is the explained instance.
    outputs : ndarray of shape (n, L)
        Cached model outputs for the rows.
    distances : ndarray of shape (n,)
        Distances of the rows to row 0.
    label : int
        Output column to explain.
    num_features : int
        Maximum number of features in the explanation.
    kernel_width : float
        Kernel width.
    feature_selection : str, default='auto'
        One of ``FEATURE_SELECTION_METHODS``.
    kernel_fn : callable, optional
        ``kernel_fn(d, kernel_width)``; lime's exponential kernel by default.
    model_regressor : estimator, optional
        A scikit-learn regressor used instead of ``Ridge(alpha=1)``.

    Returns
    -------
    SurrogateFit

    Raises
    ------
    InvalidParameterError
        If an argument has the wrong type, shape or value: arrays that are not
        finite or do not have one row per sample, a ``label`` that is not a column
        of ``outputs``, a parameter outside :data:`~lime_widget.engine.FIT_PARAMETERS`,
        a kernel that gives no usable weights, a regressor without ``coef_``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> Z = rng.integers(0, 2, size=(200, 3)).astype(float); Z[0] = 1
    >>> y = (2 * Z[:, 0] - Z[:, 2])[:, None]
    >>> fit = fit_label(Z, y, np.sqrt((1 - Z).sum(1)), 0, 2, kernel_width=1.0)
    >>> [f for f, _ in fit.local_exp]
    [0, 2]
    """
    where = _WHERE
    x = check_finite_array(design, "design", where, ndim=2)
    y = check_finite_array(outputs, "outputs", where, ndim=2)
    d = check_finite_array(distances, "distances", where, ndim=1)
    n = x.shape[0]
    for name, rows in (("outputs", y.shape[0]), ("distances", d.shape[0])):
        if rows != n:
            msg = (
                f"The {name!r} parameter of {where} must have one row per row of 'design' ({n}). "
                f"Got {rows}."
            )
            raise InvalidParameterError(msg)
    label = check_label(label, y.shape[1], where)
    num_features = check_fit_param("num_features", num_features, where)
    kernel_width = check_fit_param("kernel_width", kernel_width, where)
    feature_selection = check_fit_param("feature_selection", feature_selection, where)
    check_callable(
        kernel_fn, "kernel_fn", where, "a callable kernel(d, kernel_width)", allow_none=True
    )
    check_model_regressor(model_regressor, where)
    weights = kernel_weights(kernel_fn, d, kernel_width, where)
    return WeightedProblem(x, y, weights).fit(
        label, num_features, feature_selection, model_regressor
    )
