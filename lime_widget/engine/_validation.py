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
    "MAX_SAMPLES",
    "InvalidParameterError",
    "ModelOutputError",
    "check_bool",
    "check_callable",
    "check_finite_array",
    "check_fraction",
    "check_int",
    "check_label",
    "check_label_list",
    "check_labels",
    "check_model_regressor",
    "check_option",
    "check_positive_float",
    "check_random_state",
    "check_weights",
    "fitted_linear",
    "wrong_type",
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
    The model ('classifier_fn') passed to LimeTextExplainer.explain_instance must return
    class probabilities of shape (n_samples, n_classes) with n_classes >= 1. Got shape (10,).
    Pass model.predict_proba rather than model.predict.
    """


#: the most samples any entry point takes: more rows than a neighbourhood can hold in memory
MAX_SAMPLES = 100_000_000


def _owner(where: str, name: str) -> str:
    return f"The {name!r} parameter of {where}"


def wrong_type(value: Any, name: str, where: str, rule: str) -> InvalidParameterError:
    """The error for a ``value`` of the wrong type: what ``name`` must be, what was given."""
    return InvalidParameterError(
        f"{_owner(where, name)} must be {rule}. "
        f"Got {value!r} of type {type(value).__name__} instead."
    )


def check_int(
    value: Any, name: str, where: str, *, min_value: int = 1, max_value: int | None = None
) -> int:
    """Return ``value`` as an int, or raise if it is not an int in ``[min_value, max_value]``."""
    rule = f"an int >= {min_value}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise wrong_type(value, name, where, rule)
    number = int(value)
    if number < min_value:
        msg = f"{_owner(where, name)} must be {rule}. Got {value!r} instead."
        raise InvalidParameterError(msg)
    if max_value is not None and number > max_value:
        msg = f"{_owner(where, name)} must be an int <= {max_value:_}. Got {value!r} instead."
        raise InvalidParameterError(msg)
    return number


def check_positive_float(value: Any, name: str, where: str) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise wrong_type(value, name, where, "a float > 0")
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


def check_label_list(labels: Any, where: str, name: str = "labels") -> list[int]:
    """``labels`` as a list of ints: any iterable of class indices (tuple, list, array, range).

    Only the type is checked here; the range needs the model's output (:func:`check_labels`).
    """
    items: Any = None
    if not isinstance(labels, (str, bytes, dict)):
        try:
            items = list(labels)
        except TypeError:
            items = None
    if items is None:
        msg = (
            f"{_owner(where, name)} must be a sequence of class indices, such as {name}=(1,) or "
            f"{name}=[0, 2]. Got {labels!r} of type {type(labels).__name__} instead."
        )
        raise InvalidParameterError(msg)
    for label in items:
        if isinstance(label, bool) or not isinstance(label, numbers.Integral):
            msg = f"{_owner(where, name)} must contain ints (class indices). Got {label!r} instead."
            raise InvalidParameterError(msg)
    return [int(label) for label in items]


def check_labels(labels: Iterable[Any], n_outputs: int, where: str) -> list[int]:
    """Check that every requested label indexes a column of the model output."""
    out = check_label_list(labels, where)
    for label in out:
        if not 0 <= label < n_outputs:
            msg = (
                f"{_owner(where, 'labels')} must contain class indices in [0, {n_outputs - 1}]: "
                f"the model returns {n_outputs} columns. Got {label!r} instead. "
                "Use top_labels=K to explain the K most probable classes."
            )
            raise InvalidParameterError(msg)
    return out


def check_label(label: Any, n_outputs: int, where: str, name: str = "label") -> int:
    """One class index in ``[0, n_outputs - 1]``."""
    if isinstance(label, bool) or not isinstance(label, numbers.Integral):
        raise wrong_type(label, name, where, "an int (a class index)")
    if not 0 <= int(label) < n_outputs:
        msg = (
            f"{_owner(where, name)} must be a class index in [0, {n_outputs - 1}]: the model "
            f"returns {n_outputs} columns. Got {label!r} instead."
        )
        raise InvalidParameterError(msg)
    return int(label)


def check_bool(value: Any, name: str, where: str, *, allow_none: bool = False) -> bool | None:
    """``True``/``False`` (numpy's too), or None when ``allow_none``."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    also = " or None" if allow_none else ""
    raise wrong_type(value, name, where, f"True or False{also}")


def check_callable(
    value: Any, name: str, where: str, what: str, *, allow_none: bool = False
) -> Any:
    """A callable (``what`` says which), or None when ``allow_none``."""
    if (callable(value) and not isinstance(value, type)) or (value is None and allow_none):
        return value
    also = " or None" if allow_none else ""
    msg = f"{_owner(where, name)} must be {what}{also}. Got {value!r} instead."
    if isinstance(value, type) and callable(value):
        msg += f" Pass an instance ({value.__name__}(...)), not the class."
    raise InvalidParameterError(msg)


def check_fraction(value: Any, name: str, where: str) -> float:
    """A float strictly between 0 and 1 (a significance level)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise wrong_type(value, name, where, "a float in (0, 1)")
    if not 0 < float(value) < 1:
        msg = f"{_owner(where, name)} must be a float in (0, 1), e.g. 0.05. Got {value!r} instead."
        raise InvalidParameterError(msg)
    return float(value)


def check_random_state(value: Any, name: str, where: str) -> np.random.RandomState:
    """scikit-learn's ``check_random_state`` with a message naming the parameter."""
    from sklearn.utils import check_random_state as sklearn_check

    ok = (
        value is None
        or isinstance(value, np.random.RandomState)
        or (isinstance(value, numbers.Integral) and not isinstance(value, bool))
    )
    if ok:
        try:
            state: np.random.RandomState = sklearn_check(value)
        except ValueError:  # an int outside [0, 2**32 - 1]
            pass
        else:
            return state
    raise wrong_type(value, name, where, "an int in [0, 2**32 - 1], a numpy RandomState or None")


def check_model_regressor(value: Any, where: str) -> Any:
    """None, or a scikit-learn style regressor whose ``fit`` takes ``sample_weight``."""
    if value is None:
        return None
    need = "a linear regressor instance such as Ridge(alpha=1) (fit with sample_weight, coef_)"
    if isinstance(value, type):
        msg = (
            f"{_owner(where, 'model_regressor')} must be {need}. Got the class "
            f"{value.__name__}; pass an instance, {value.__name__}()."
        )
        raise InvalidParameterError(msg)
    missing = [m for m in ("fit", "predict", "score") if not callable(getattr(value, m, None))]
    if missing:
        msg = (
            f"{_owner(where, 'model_regressor')} must be {need}. Got {value!r}, which has no "
            f"{', '.join(missing)} method."
        )
        raise InvalidParameterError(msg)
    import inspect

    try:
        params = inspect.signature(value.fit).parameters
    except (TypeError, ValueError):  # a builtin without a signature: let it try
        return value
    takes = "sample_weight" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
    if not takes:
        msg = (
            f"{_owner(where, 'model_regressor')} must be {need}: LIME fits it with the kernel "
            f"weights as fit(X, y, sample_weight=...). {type(value).__name__}.fit takes no "
            "sample_weight."
        )
        raise InvalidParameterError(msg)
    return value


def fitted_linear(regressor: Any, n_features: int) -> tuple[npt.NDArray[np.float64], float]:
    """``coef_`` (one per feature) and ``intercept_`` of a fitted ``model_regressor``."""
    coef = getattr(regressor, "coef_", None)
    intercept = getattr(regressor, "intercept_", None)
    if coef is None or intercept is None:
        msg = (
            "The 'model_regressor' parameter must be a linear regressor: after fit it needs "
            f"coef_ and intercept_ (as Ridge, Lasso or LinearRegression have). "
            f"{type(regressor).__name__} has no {'coef_' if coef is None else 'intercept_'}."
        )
        raise InvalidParameterError(msg)
    coef_arr = np.ravel(np.asarray(coef, dtype=np.float64))
    intercept_arr = np.ravel(np.asarray(intercept, dtype=np.float64))
    if coef_arr.shape != (n_features,) or intercept_arr.size < 1:
        msg = (
            "The 'model_regressor' parameter must fit one coefficient per selected feature "
            f"({n_features}) and one intercept. {type(regressor).__name__} gave coef_ of "
            f"shape {np.shape(coef)}."
        )
        raise InvalidParameterError(msg)
    return coef_arr, float(intercept_arr[0])


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
