"""What every explainer shares: constructor options, ``explain_instance``'s common arguments.

And the guard over all of them: a bad input never leaks an ``IndexError`` (or
another internal error) from inside numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from lime_widget import LimeImageExplainer, LimeTabularExplainer, LimeTextExplainer

from ._support import (
    CODES,
    IMAGE,
    INTERNAL,
    KINDS,
    MODEL_ARG,
    SEGMENTS,
    X,
    _with_codes,
    explain,
    make,
    q,
    segment,
    tab_model,
)

# ---------------------------------------------------------------- options shared by every explainer


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("width", "given"),
    [(0, "Got 0 "), (-1, "Got -1 "), (float("nan"), "Got nan "), (float("inf"), "Got inf ")],
    ids=["zero", "negative", "nan", "inf"],
)
def test_kernel_width_not_positive(kind: str, width: float, given: str) -> None:
    with pytest.raises(ValueError, match=rf"'kernel_width'.*> 0.*{q(given)}"):
        make(kind, kernel_width=width)


@pytest.mark.parametrize("kind", KINDS)
def test_kernel_width_wrong_type(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'kernel_width'.*float.*Got 'wide' of type str"):
        make(kind, kernel_width="wide")


@pytest.mark.parametrize("kind", KINDS)
def test_feature_selection_unknown_with_hint(kind: str) -> None:
    with pytest.raises(
        ValueError,
        match=r"'feature_selection'.*'forward_selction'.*Did you mean 'forward_selection'\?",
    ):
        make(kind, feature_selection="forward_selction")


@pytest.mark.parametrize("kind", KINDS)
def test_feature_selection_not_a_string(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'feature_selection'.*Got 3 "):
        make(kind, feature_selection=3)


@pytest.mark.parametrize("kind", KINDS)
def test_kernel_not_callable(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'kernel'.*callable.*'gaussian'"):
        make(kind, kernel="gaussian")


# ---------------------------------------------------------------- explain_instance arguments


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("num_samples", [1, 0, -5])
def test_num_samples_too_small(kind: str, num_samples: int) -> None:
    with pytest.raises(ValueError, match=rf"'num_samples'.*int >= 2.*Got {num_samples}\b"):
        explain(kind, num_samples=num_samples)


@pytest.mark.parametrize("kind", KINDS)
def test_num_samples_not_an_int(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'num_samples'.*int.*Got 100.0 of type float"):
        explain(kind, num_samples=100.0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("num_features", [0, -2])
def test_num_features_too_small(kind: str, num_features: int) -> None:
    with pytest.raises(ValueError, match=rf"'num_features'.*int >= 1.*Got {num_features}\b"):
        explain(kind, num_features=num_features)


@pytest.mark.parametrize("kind", KINDS)
def test_num_features_not_an_int(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'num_features'.*int.*Got 2.5 of type float"):
        explain(kind, num_features=2.5)


@pytest.mark.parametrize("kind", KINDS)
def test_top_labels_zero(kind: str) -> None:
    with pytest.raises(ValueError, match=r"'top_labels'.*int >= 1.*Got 0\b"):
        explain(kind, top_labels=0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", [5, 2, -1], ids=["five", "two", "negative"])
def test_labels_out_of_range(kind: str, label: int) -> None:
    # every model here has 2 classes
    with pytest.raises(ValueError, match=rf"'labels'.*\[0, 1\].*2 columns.*Got {label}\b"):
        explain(kind, labels=(label,), top_labels=None)


@pytest.mark.parametrize("kind", KINDS)
def test_labels_not_ints(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'labels'.*ints.*Got '1'"):
        explain(kind, labels=("1",), top_labels=None)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("metric", "hint"), [("euclidian", "euclidean"), ("cosin", "cosine")])
def test_unknown_distance_metric_with_hint(kind: str, metric: str, hint: str) -> None:
    with pytest.raises(
        ValueError, match=rf"'distance_metric'.*Got '{metric}'.*Did you mean '{hint}'\?"
    ):
        explain(kind, distance_metric=metric)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", [3, "predict_proba", None], ids=["int", "str", "None"])
def test_model_not_callable(kind: str, model: Any) -> None:
    explainer = make(kind)
    name = MODEL_ARG[kind]
    instance = {"tabular": X[0], "text": "a good film", "image": IMAGE}[kind]
    extra = {"segmentation_fn": segment} if kind == "image" else {}
    with pytest.raises(TypeError, match=rf"'{name}'.*callable.*Got {q(repr(model))}"):
        explainer.explain_instance(instance, model, num_samples=50, **extra)


@pytest.mark.parametrize("kind", KINDS)
def test_batch_size_zero(kind: str) -> None:
    with pytest.raises(ValueError, match=r"'batch_size'.*int >= 1.*Got 0\b"):
        explain(kind, batch_size=0)


# ---------------------------------------------------------------- never an IndexError

_BAD_CALLS: dict[str, Callable[[], Any]] = {
    "training-nan": lambda: LimeTabularExplainer(np.where(X[3, 2] == X, np.nan, X)),
    "kernel-width-0": lambda: LimeTabularExplainer(X, kernel_width=0),
    "kernel-width-str": lambda: LimeTextExplainer(kernel_width="wide"),
    "feature-selection": lambda: LimeImageExplainer(feature_selection="forward_selction"),
    "discretizer": lambda: LimeTabularExplainer(X, discretizer="quartlie"),
    "mode": lambda: LimeTabularExplainer(X, mode="regresion"),
    "categorical-index": lambda: LimeTabularExplainer(X, categorical_features=[10]),
    "categorical-negative-index": lambda: LimeTabularExplainer(X, categorical_features=[-5]),
    "categorical-float-column": lambda: LimeTabularExplainer(X, categorical_features=[0]),
    "categorical-names-short": lambda: LimeTabularExplainer(
        _with_codes(CODES), categorical_features=[2], categorical_names={2: ["a"]}
    ),
    "data-row-nan": lambda: explain("tabular", instance=np.array([1.0, np.nan, 1.0, 1.0])),
    "data-row-short": lambda: explain("tabular", instance=X[0, :3]),
    "data-row-long": lambda: explain("tabular", instance=np.r_[X[0], 1.0]),
    "data-row-code": lambda: LimeTabularExplainer(
        _with_codes(CODES),
        categorical_features=[2],
        categorical_names={2: ["a", "b", "c"]},
        random_state=0,
    ).explain_instance(np.r_[X[0, :2], 7.0, X[0, 3]], tab_model, num_samples=100),
    "rows-fewer": lambda: explain("tabular", model=lambda r: tab_model(r)[:-1]),
    "rows-1d": lambda: explain("tabular", model=lambda r: tab_model(r)[:, 1]),
    "rows-3d": lambda: explain("tabular", model=lambda r: tab_model(r)[:, :, None]),
    "rows-nan": lambda: explain("tabular", model=lambda r: tab_model(r) * np.nan),
    "rows-str": lambda: explain("tabular", model=lambda r: np.full((len(r), 2), "a")),
    "rows-no-columns": lambda: explain("tabular", model=lambda r: np.zeros((len(r), 0))),
    "rows-no-columns-top": lambda: explain(
        "tabular", model=lambda r: np.zeros((len(r), 0)), top_labels=1
    ),
    "regression-no-columns": lambda: explain(
        "tabular", make("tabular", mode="regression"), model=lambda r: np.zeros((len(r), 0))
    ),
    "num-samples-1": lambda: explain("tabular", num_samples=1),
    "num-samples-0": lambda: explain("text", num_samples=0),
    "num-features-0": lambda: explain("image", num_features=0),
    "num-features-float": lambda: explain("tabular", num_features=2.5),
    "top-labels-0": lambda: explain("text", top_labels=0),
    "labels-5": lambda: explain("tabular", labels=(5,)),
    "labels-neg": lambda: explain("text", labels=(-3,)),
    "image-labels-5": lambda: explain("image", labels=(5,), top_labels=None),
    "metric": lambda: explain("tabular", distance_metric="euclidian"),
    "not-callable": lambda: explain("tabular", model=3),
    "text-empty": lambda: explain("text", instance=""),
    "text-punctuation": lambda: explain("text", instance="!!! ..."),
    "text-not-str": lambda: explain("text", instance=b"bytes"),
    "text-char-empty": lambda: explain("text", make("text", char_level=True), instance=""),
    "text-positions-empty": lambda: explain("text", make("text", bow=False), instance="?!"),
    "image-1d": lambda: explain("image", instance=np.zeros(10)),
    "image-4d": lambda: explain("image", instance=np.zeros((1, 32, 32, 3))),
    "image-rgba-quickshift": lambda: explain(
        "image", instance=np.zeros((32, 32, 4)), segmentation_fn=None
    ),
    "image-tiny": lambda: explain("image", instance=np.zeros((1, 1, 3))),
    "segments-shape": lambda: explain("image", segmentation_fn=lambda im: SEGMENTS[:16]),
    "segments-nan": lambda: explain("image", segmentation_fn=lambda im: SEGMENTS * np.nan),
}


@pytest.mark.parametrize("case", list(_BAD_CALLS))
def test_bad_input_never_raises_index_error(case: str) -> None:
    try:
        _BAD_CALLS[case]()
    except IndexError as exc:  # pragma: no cover - the failure being guarded against
        pytest.fail(f"{case}: an IndexError leaked out: {exc!r}")
    except (ValueError, TypeError):
        pass
    else:
        pytest.fail(f"{case}: no error was raised")


# ---------------------------------------------------------------- issue 12's families, guarded

_MORE_BAD_CALLS: dict[str, Callable[[], Any]] = {
    "categorical-names-list": lambda: LimeTabularExplainer(
        _with_codes(CODES), categorical_features=[2], categorical_names=[["a", "b", "c"]]
    ),
    "categorical-names-by-unknown-name": lambda: LimeTabularExplainer(
        _with_codes(CODES), categorical_features=[2], categorical_names={"colour": ["a"]}
    ),
    "categorical-features-int": lambda: LimeTabularExplainer(X, categorical_features=3),
    "labels-int": lambda: explain("tabular", labels=1),
    "stats-missing-feature": lambda: LimeTabularExplainer(
        X,
        training_data_stats={
            "means": {},
            "mins": {},
            "maxs": {},
            "stds": {},
            "feature_values": {0: [0]},
            "feature_frequencies": {0: [1]},
        },
    ),
    "entropy-labels-short": lambda: LimeTabularExplainer(
        X, discretizer="entropy", training_labels=[0, 1]
    ),
    "regressor-str": lambda: explain("tabular", model_regressor="ridge"),
    "kernel-zeros": lambda: explain("tabular", make("tabular", kernel=lambda d, w: 0 * d)),
    "kernel-scalar": lambda: explain("text", make("text", kernel=lambda d, w: 1.0)),
    "split-invalid-regex": lambda: LimeTextExplainer(split_expression="(("),
    "split-returns-None": lambda: explain("text", make("text", split_expression=lambda s: None)),
    "mask-int": lambda: explain("text", make("text", bow=False, mask_string=3)),
    "hide-color-length": lambda: explain("image", hide_color=[1, 2]),
    "hide-color-name": lambda: explain("image", hide_color="black"),
    "hide-color-nan": lambda: explain("image", hide_color=np.nan),
    "random-state-str": lambda: LimeImageExplainer(random_state="seed"),
}


@pytest.mark.parametrize("case", [*_BAD_CALLS, *_MORE_BAD_CALLS])
def test_bad_input_never_raises_an_internal_error(case: str) -> None:
    call = _BAD_CALLS.get(case) or _MORE_BAD_CALLS[case]
    with pytest.raises((ValueError, TypeError)) as excinfo:
        call()
    assert not isinstance(excinfo.value, INTERNAL), repr(excinfo.value)
    assert "'" in str(excinfo.value)  # it names something: a parameter, in quotes
