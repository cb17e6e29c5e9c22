"""lime's own surrogate computations, with scikit-learn, for outputs that barely vary.

The fast path (one weighted Gram matrix, Schur-complement selection) agrees with lime to
rounding, and rounding is all there is when an output's variance is below rounding itself
(a constant class probability, or one that moves by 1e-16): lime's R², weights and
forward-selection scores are then whatever scikit-learn's ``Ridge`` rounds them to. For
such labels the engine runs lime's own steps (``LimeBase.feature_selection`` and
``explain_instance_with_data``, 0.2.0.1) so that the numbers are lime's to the last digit.
It is slow (a ``Ridge`` fit per candidate) and only ever used for those labels.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from ._validation import fitted_linear

__all__ = ["DEGENERATE", "reference_fit", "reference_select"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: an output whose spread is below this share of its size is degenerate: its variation
#: (a few thousand ulps) is lost when the fast path centres it, while scikit-learn's own
#: rounding decides lime's numbers
DEGENERATE = 1e-12


def reference_select(
    design: FloatArray, y: FloatArray, weights: FloatArray, num_features: int, method: str
) -> IntArray:
    """Lime's ``feature_selection`` ('auto' resolved by the caller), with scikit-learn."""
    from sklearn.linear_model import Ridge

    d = design.shape[1]
    if method == "none":
        return np.arange(d, dtype=np.intp)
    if method == "forward_selection":
        clf = Ridge(alpha=0, fit_intercept=True)
        used: list[int] = []
        with warnings.catch_warnings():  # Ridge(alpha=0) on a flat output is ill-conditioned
            warnings.simplefilter("ignore")
            for _ in range(min(num_features, d)):
                best, top = 0, -100000000.0
                for feature in range(d):
                    if feature in used:
                        continue
                    columns = design[:, [*used, feature]]
                    clf.fit(columns, y, sample_weight=weights)
                    score = clf.score(columns, y, sample_weight=weights)
                    if score > top:
                        best, top = feature, score
                used.append(best)
        return np.asarray(used, dtype=np.intp)
    if method == "highest_weights":
        clf = Ridge(alpha=0.01, fit_intercept=True).fit(design, y, sample_weight=weights)
        weighted = clf.coef_ * design[0]
        order = sorted(
            zip(range(d), weighted, strict=True), key=lambda x: np.abs(x[1]), reverse=True
        )
        return np.asarray([f for f, _ in order[:num_features]], dtype=np.intp)
    msg = f"reference_select has no method {method!r}"  # lasso_path runs lime's own path already
    raise ValueError(msg)


def reference_fit(
    design: FloatArray, y: FloatArray, weights: FloatArray, features: IntArray, regressor: Any
) -> tuple[list[tuple[int, float]], float, float, FloatArray]:
    """Lime's final surrogate: ``Ridge(alpha=1)`` (or ``regressor``) fit, score, prediction."""
    from sklearn.linear_model import Ridge

    model = Ridge(alpha=1, fit_intercept=True) if regressor is None else regressor
    used = design[:, features]
    model.fit(used, y, sample_weight=weights)
    score = float(model.score(used, y, sample_weight=weights))
    local_pred = np.ravel(model.predict(design[0, features].reshape(1, -1)))
    coef, intercept = fitted_linear(model, len(features))
    pairs = sorted(zip(features, coef, strict=True), key=lambda x: np.abs(x[1]), reverse=True)
    local_exp = [(int(f), float(w)) for f, w in pairs]
    return local_exp, intercept, score, local_pred.astype(np.float64)
