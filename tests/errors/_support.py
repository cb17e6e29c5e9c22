"""What the error tests share: small data, models, explainers and the refusal assertion.

The tests of this package check the input contract of every public entry point:
a wrong value raises ``ValueError``/``TypeError`` (``KeyError`` only for a label
that was not explained) whose message names the parameter, the constraint, what
was given and the fix, and names the method the user called. Never an
``AttributeError``, ``IndexError``, ``ZeroDivisionError``, ``re.error``, a numpy
message from inside, or a silent NaN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from lime_widget import (
    InvalidParameterError,
    LimeImageExplainer,
    LimeTabularExplainer,
    LimeTextExplainer,
)

KINDS = ("tabular", "text", "image")
TAB = "LimeTabularExplainer"
TXT = "LimeTextExplainer"
IMG = "LimeImageExplainer"

# ---------------------------------------------------------------- data and models

_IRIS = load_iris()
X: np.ndarray = _IRIS.data
Y_BINARY: np.ndarray = (_IRIS.target == 2).astype(int)
MODEL = LogisticRegression(max_iter=1000).fit(X, Y_BINARY)
N_COLS = X.shape[1]


def tab_model(rows: Any) -> np.ndarray:
    return MODEL.predict_proba(rows)


def text_model(docs: list[str]) -> np.ndarray:
    p = np.array([0.9 if "good" in d else 0.2 for d in docs])
    return np.column_stack([1 - p, p])


IMAGE = np.zeros((32, 32, 3))
IMAGE[:16] = 1.0
SEGMENTS = np.repeat(np.arange(4), 256).reshape(32, 32)


def segment(image: np.ndarray) -> np.ndarray:
    return SEGMENTS


def image_model(images: np.ndarray) -> np.ndarray:
    p = images[:, :16].mean(axis=(1, 2, 3))
    return np.column_stack([1 - p, p])


# Rows the model is asked about in its first call, with the defaults of ``explain`` below.
ROWS_PER_CALL = {"tabular": 100, "text": 100, "image": 10}
EXPLAINERS = {
    "tabular": LimeTabularExplainer,
    "text": LimeTextExplainer,
    "image": LimeImageExplainer,
}
# The name of the model argument of each ``explain_instance``.
MODEL_ARG = {"tabular": "predict_fn", "text": "classifier_fn", "image": "classifier_fn"}
GOOD_MODEL = {"tabular": tab_model, "text": text_model, "image": image_model}


def make(kind: str, **kwargs: Any) -> Any:
    """A small explainer of ``kind`` (deterministic)."""
    if kind == "tabular":
        return LimeTabularExplainer(X, random_state=0, **kwargs)
    if kind == "text":
        return LimeTextExplainer(random_state=0, **kwargs)
    return LimeImageExplainer(random_state=0, **kwargs)


def explain(
    kind: str, explainer: Any = None, model: Callable[[Any], Any] | None = None, **kwargs: Any
) -> Any:
    """Run ``explain_instance`` with small, valid defaults overridden by ``kwargs``."""
    explainer = make(kind) if explainer is None else explainer
    model = GOOD_MODEL[kind] if model is None else model
    if kind == "tabular":
        instance = kwargs.pop("instance", X[0])
        kwargs.setdefault("num_samples", 100)
    elif kind == "text":
        instance = kwargs.pop("instance", "a good film, a good cast")
        kwargs.setdefault("num_samples", 100)
    else:
        instance = kwargs.pop("instance", IMAGE)
        kwargs.setdefault("num_samples", 50)
        kwargs.setdefault("segmentation_fn", segment)
        kwargs.setdefault("batch_size", 10)
    kwargs.setdefault("num_features", 3)
    return explainer.explain_instance(instance, model, **kwargs)


def assert_valid(exp: Any, label: int = 1) -> None:
    """``exp`` is a usable explanation: finite weights and an intercept for ``label``."""
    pairs = exp.as_list(label=label)
    assert len(pairs) >= 1
    assert all(np.isfinite(w) for _, w in pairs)
    assert np.isfinite(exp.intercept[label])


def q(text: str) -> str:
    """Regex-escape ``text``."""
    return re.escape(text)


def _with_codes(codes: np.ndarray) -> np.ndarray:
    data = X.copy()
    data[:, 2] = codes
    return data


CODES = np.arange(150) % 3  # integer codes 0, 1, 2 in column 2


# ---------------------------------------------------------------- three classes (labels 0..2)

Y3: np.ndarray = _IRIS.target
MODEL3 = LogisticRegression(max_iter=1000).fit(X, Y3)


def tab_model3(rows: Any) -> np.ndarray:
    return MODEL3.predict_proba(np.asarray(rows, dtype=float))


def explanation3(**kwargs: Any) -> Any:
    """A tabular explanation of labels 0 and 2 of a 3-class model (300 samples)."""
    kwargs.setdefault("labels", (0, 2))
    kwargs.setdefault("num_features", 2)
    return make("tabular").explain_instance(X[0], tab_model3, num_samples=300, **kwargs)


# ---------------------------------------------------------------- the refusal assertion

#: exception types that must never reach a user for a bad parameter
INTERNAL = (AttributeError, IndexError, ZeroDivisionError, re.error, MemoryError)


def refused(
    call: Callable[[], Any],
    error: type[BaseException],
    param: str,
    *,
    entry: str | None = None,
    match: str | None = None,
) -> BaseException:
    """Run ``call``; it must raise ``error`` naming ``param`` (and ``entry``); return it.

    ``error`` is ``ValueError``, ``TypeError`` or ``KeyError`` (a label not explained).
    The message must name the parameter in quotes (or, for a label not explained,
    the label), and ``match`` (a regex) if given.
    """
    with pytest.raises(Exception) as excinfo:  # noqa: PT011 - the type is checked below
        call()
    exc = excinfo.value
    assert not isinstance(exc, INTERNAL), repr(exc)
    assert isinstance(exc, error), f"expected {error.__name__}, got {exc!r}"
    text = str(exc)
    if error is not KeyError:
        assert isinstance(exc, InvalidParameterError | ValueError | TypeError), repr(exc)
        assert f"'{param}'" in text, f"{param!r} not named in: {text}"
    if entry is not None:
        assert entry in text, f"{entry!r} not named in: {text}"
    if match is not None:
        assert re.search(match, text), f"{match!r} not in: {text}"
    return exc
