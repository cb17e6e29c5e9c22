"""Parameter checks with scikit-learn style messages.

Every message names the parameter, the constraint, what was given and, where
there is one, the fix. Exceptions subclass ``ValueError`` / ``TypeError`` so
that callers can catch them the way they catch scikit-learn's.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "InvalidParameterError",
    "ModelOutputError",
    "check_finite_array",
    "check_int",
    "check_option",
    "check_positive_float",
    "check_weights",
]


class InvalidParameterError(ValueError, TypeError):
    """A parameter has the wrong type or a value outside its constraint.

    It subclasses both ``ValueError`` and ``TypeError``, as scikit-learn's
    ``InvalidParameterError`` does, so either ``except`` clause catches it.
    The message names the parameter, the constraint, what was given and,
    where there is one, the fix.

    Examples
    --------
    >>> from lime_widget import LimeTextExplainer
    >>> try:
    ...     LimeTextExplainer(kernel_width=0)
    ... except ValueError as error:
    ...     print(error)
    The 'kernel_width' parameter of LimeTextExplainer must be a finite float > 0. Got 0 instead.
    """


class ModelOutputError(ValueError):
    """The model (``predict_fn`` / ``classifier_fn``) returned unusable output.

    Wrong shape, a changing number of classes, NaN or infinity, or values that
    are not numbers. Subclasses ``ValueError``.

    Examples
    --------
    >>> from lime_widget import LimeTextExplainer, ModelOutputError
    >>> def predict(docs):  # a model's predict, not predict_proba
    ...     return [1] * len(docs)
    >>> try:
    ...     LimeTextExplainer().explain_instance("a good film", predict, num_samples=10)
    ... except ModelOutputError as error:
    ...     print(error)  # doctest: +NORMALIZE_WHITESPACE
    The model passed to LimeTextExplainer.explain_instance must return class probabilities
    of shape (n_samples, n_classes) with n_classes >= 1. Got shape (10,).
    Pass model.predict_proba rather than model.predict.
    """


def _owner(where: str, name: str) -> str:
    return f"The {name!r} parameter of {where}"


def check_int(value: Any, name: str, where: str, *, min_value: int = 1) -> int:
    """Return ``value`` as an int, or raise if it is not an int >= ``min_value``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        msg = (
            f"{_owner(where, name)} must be an int >= {min_value}. "
            f"Got {value!r} of type {type(value).__name__} instead."
        )
        raise InvalidParameterError(msg)
    if value < min_value:
        msg = f"{_owner(where, name)} must be an int >= {min_value}. Got {value!r} instead."
        raise InvalidParameterError(msg)
    return int(value)


def check_positive_float(value: Any, name: str, where: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = (
            f"{_owner(where, name)} must be a float > 0. "
            f"Got {value!r} of type {type(value).__name__} instead."
        )
        raise InvalidParameterError(msg)
    if not np.isfinite(float(value)) or value <= 0:
        msg = f"{_owner(where, name)} must be a finite float > 0. Got {value!r} instead."
        raise InvalidParameterError(msg)
    return float(value)


def check_option(value: Any, name: str, where: str, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``options``; otherwise raise with a spelling hint."""
    if isinstance(value, str) and value in options:
        return value
    choices = ", ".join(repr(o) for o in options)
    msg = f"{_owner(where, name)} must be one of {{{choices}}}. Got {value!r} instead."
    if isinstance(value, str):
        close = difflib.get_close_matches(value, options, n=1)
        if close:
            msg += f" Did you mean {close[0]!r}?"
    raise InvalidParameterError(msg)


def check_finite_array(
    value: Any,
    name: str,
    where: str,
    *,
    ndim: int,
    dtype: type = np.float64,
) -> npt.NDArray[np.float64]:
    """Convert ``value`` to a numeric array with ``ndim`` dimensions and no NaN/inf."""
    try:
        arr: npt.NDArray[np.float64] = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        msg = (
            f"{_owner(where, name)} must be numeric. Could not convert it to {np.dtype(dtype)}: "
            f"{exc}. Encode text or category columns as integers (and pass "
            "categorical_features/categorical_names), or pass a pandas DataFrame."
        )
        raise InvalidParameterError(msg) from exc
    if arr.ndim != ndim:
        shape = "a 1-d array (one row)" if ndim == 1 else f"a {ndim}-d array"
        msg = f"{_owner(where, name)} must be {shape}. Got an array of shape {arr.shape} instead."
        raise InvalidParameterError(msg)
    if arr.size == 0:
        msg = f"{_owner(where, name)} must not be empty. Got an array of shape {arr.shape}."
        raise InvalidParameterError(msg)
    bad = ~np.isfinite(arr)
    if bad.any():
        where_bad = np.argwhere(bad)[0].tolist()
        msg = (
            f"{_owner(where, name)} must not contain NaN or infinity. "
            f"Found {int(bad.sum())} such value(s), the first at index {tuple(where_bad)}. "
            "Impute or drop them first."
        )
        raise InvalidParameterError(msg)
    return arr


def check_labels(labels: Iterable[Any], n_outputs: int, where: str) -> list[int]:
    """Check that every requested label indexes a column of the model output."""
    out: list[int] = []
    for label in labels:
        if isinstance(label, bool) or not isinstance(label, numbers.Integral):
            msg = (
                f"{_owner(where, 'labels')} must contain ints (class indices). "
                f"Got {label!r} instead."
            )
            raise InvalidParameterError(msg)
        if not 0 <= int(label) < n_outputs:
            msg = (
                f"{_owner(where, 'labels')} must contain class indices in [0, {n_outputs - 1}]: "
                f"the model returns {n_outputs} columns. Got {label!r} instead. "
                "Use top_labels=K to explain the K most probable classes."
            )
            raise InvalidParameterError(msg)
        out.append(int(label))
    return out


def reject_unknown_kwargs(kwargs: dict[str, Any], known: Iterable[str], where: str) -> None:
    """Raise ``TypeError`` for an unknown keyword argument, with a spelling hint."""
    known = list(known)
    for key in kwargs:
        msg = f"{where} got an unexpected keyword argument {key!r}."
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            msg += f" Did you mean {close[0]!r}?"
        raise InvalidParameterError(msg)


def check_weights(value: Any, n: int, what: str) -> npt.NDArray[np.float64]:
    """Sample weights (from a kernel): ``n`` finite values >= 0, not all zero.

    ``what`` starts the message: "The kernel_fn of LimeTabularExplainer", say.
    """
    try:
        w = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"{what} must give numeric weights, one per sample. Got {type(value).__name__}."
        raise InvalidParameterError(msg) from exc
    if w.shape != (n,):
        msg = (
            f"{what} must give one weight per sample, an array of shape ({n},). "
            f"Got shape {w.shape}. A kernel maps the array of distances to an array of weights."
        )
        raise InvalidParameterError(msg)
    bad = int((~np.isfinite(w)).sum())
    negative = int((w < 0).sum())
    if bad or negative or not (w > 0).any():
        problem = (
            f"{bad} NaN or infinite weight(s)"
            if bad
            else f"{negative} negative weight(s)"
            if negative
            else "only zero weights"
        )
        msg = (
            f"{what} must give finite weights >= 0, not all zero. Got {problem}. "
            "Check the kernel and its width (a width far below the distances gives only zeros)."
        )
        raise InvalidParameterError(msg)
    return w
