"""The engine's contract: error classes, ``fit_label``'s arguments, kernels and regressors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.linear_model import Ridge
from sklearn.tree import DecisionTreeRegressor

from lime_widget import InvalidParameterError, ModelOutputError, fit_label
from lime_widget.engine._validation import MAX_SAMPLES, check_int, check_label_list

from ._support import TAB, explain, explanation3, make, refused


def test_error_classes_are_sklearn_style() -> None:
    assert issubclass(InvalidParameterError, ValueError)
    assert issubclass(InvalidParameterError, TypeError)
    assert issubclass(ModelOutputError, ValueError)


# ---------------------------------------------------------------- fit_label

_NB = explanation3().neighbourhood


def fit(**changes: Any) -> Any:
    """``fit_label`` on a 3-output neighbourhood of 300 rows, with ``changes``."""
    args: dict[str, Any] = {
        "design": _NB.design,
        "outputs": _NB.outputs,
        "distances": _NB.distances,
        "label": 0,
        "num_features": 2,
        "kernel_width": 1.0,
    }
    args.update(changes)
    return fit_label(**args)


class NoSampleWeight:
    """A regressor whose fit takes no sample_weight (LIME needs it)."""

    def fit(self, x: Any, y: Any) -> NoSampleWeight:
        return self

    def predict(self, x: Any) -> Any:
        return np.zeros(len(x))

    def score(self, x: Any, y: Any, sample_weight: Any = None) -> float:
        return 0.0


FIT_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    # (id, changes, error, parameter, regex on the message)
    ("label-5", {"label": 5}, ValueError, "label", r"\[0, 2\].*3 columns.*Got 5\b"),
    ("label-negative", {"label": -1}, ValueError, "label", r"\[0, 2\].*Got -1\b"),
    ("label-str", {"label": "0"}, TypeError, "label", r"int.*Got '0' of type str"),
    ("label-float", {"label": 1.0}, TypeError, "label", r"Got 1.0 of type float"),
    ("kernel_width-0", {"kernel_width": 0}, ValueError, "kernel_width", r"> 0.*Got 0 "),
    ("kernel_width-nan", {"kernel_width": np.nan}, ValueError, "kernel_width", r"Got nan "),
    ("kernel_width-str", {"kernel_width": "1"}, TypeError, "kernel_width", r"Got '1' of type"),
    ("num_features-0", {"num_features": 0}, ValueError, "num_features", r">= 1.*Got 0\b"),
    ("num_features-float", {"num_features": 1.5}, TypeError, "num_features", r"Got 1.5 of"),
    ("selection-typo", {"feature_selection": "lasso"}, ValueError, "feature_selection", "lasso"),
    ("selection-int", {"feature_selection": 1}, TypeError, "feature_selection", r"Got 1 "),
    ("kernel_fn-str", {"kernel_fn": "rbf"}, TypeError, "kernel_fn", r"callable.*'rbf'"),
    ("kernel_fn-class", {"kernel_fn": Ridge}, TypeError, "kernel_fn", r"not the class"),
    ("design-1d", {"design": _NB.design[:, 0]}, ValueError, "design", r"2-d.*\(300,\)"),
    ("design-nan", {"design": _NB.design * np.nan}, ValueError, "design", r"NaN"),
    ("design-str", {"design": "abc"}, ValueError, "design", r"2-d|numeric"),
    ("outputs-rows", {"outputs": _NB.outputs[:5]}, ValueError, "outputs", r"\(300\).*Got 5"),
    ("outputs-1d", {"outputs": _NB.outputs[:, 0]}, ValueError, "outputs", r"2-d"),
    ("outputs-inf", {"outputs": _NB.outputs + np.inf}, ValueError, "outputs", r"infinity"),
    ("distances-short", {"distances": _NB.distances[:5]}, ValueError, "distances", r"Got 5"),
    ("distances-nan", {"distances": _NB.distances * np.nan}, ValueError, "distances", r"NaN"),
    ("distances-2d", {"distances": _NB.distances[:, None]}, ValueError, "distances", r"1-d"),
    ("regressor-str", {"model_regressor": "ridge"}, TypeError, "model_regressor", r"no fit"),
    ("regressor-class", {"model_regressor": Ridge}, TypeError, "model_regressor", "Ridge()"),
    (
        "regressor-no-sample-weight",
        {"model_regressor": NoSampleWeight()},
        TypeError,
        "model_regressor",
        r"takes no sample_weight",
    ),
]


@pytest.mark.parametrize(
    ("changes", "error", "param", "match"),
    [c[1:] for c in FIT_CASES],
    ids=[c[0] for c in FIT_CASES],
)
def test_fit_label_refuses(
    changes: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: fit(**changes), error, param, entry="fit_label", match=match)


def test_fit_label_accepts_numpy_ints() -> None:
    got = fit(label=np.int64(2), num_features=np.int32(2))
    assert [f for f, _ in got.local_exp] == [f for f, _ in fit(label=2).local_exp]


# ---------------------------------------------------------------- kernels that give no weights

BAD_KERNELS: dict[str, Any] = {
    "zeros": (lambda d, w: np.zeros_like(d), r"only zero weights"),
    "nan": (lambda d, w: d * np.nan, r"NaN or infinite"),
    "negative": (lambda d, w: -np.ones_like(d), r"negative weight"),
    "scalar": (lambda d, w: 0.5, r"shape \(\d+,\).*Got shape \(\)"),
    "short": (lambda d, w: d[:3], r"shape \(\d+,\).*Got shape \(3,\)"),
    "strings": (lambda d, w: ["a"] * len(d), r"numeric weights"),
}


@pytest.mark.parametrize("case", list(BAD_KERNELS))
def test_fit_label_kernel_without_usable_weights(case: str) -> None:
    kernel_fn, match = BAD_KERNELS[case]
    exc = refused(
        lambda: fit(kernel_fn=kernel_fn), ValueError, "kernel", entry="fit_label", match=match
    )
    assert "kernel_fn" in str(exc)
    assert "kernel_width=1.0" in str(exc)


@pytest.mark.parametrize("case", list(BAD_KERNELS))
def test_explainer_kernel_without_usable_weights(case: str) -> None:
    kernel, match = BAD_KERNELS[case]
    explainer = make("tabular", kernel=kernel)
    exc = refused(lambda: explain("tabular", explainer), ValueError, "kernel", match=match)
    assert "kernel_width=" in str(exc)


def test_default_kernel_at_an_underflowing_width() -> None:
    """A width whose square underflows gives 0/0 weights: refused, not a NaN explanation."""
    exp = explanation3()
    refused(lambda: exp.refit(kernel_width=1e-200), ValueError, "kernel_width", match="default")
    assert np.isfinite(exp.refit(kernel_width=1e-100).intercept[0])  # tiny, but finite: fine


def test_distance_metric_giving_nan() -> None:
    def metric(a: Any, b: Any) -> float:
        return float("nan")

    refused(
        lambda: explain("tabular", distance_metric=metric),
        ValueError,
        "distance_metric",
        entry=f"{TAB}.explain_instance",
        match=r"finite distances >= 0.*nan",
    )


# ---------------------------------------------------------------- regressors


def test_regressor_without_coef() -> None:
    exc = refused(
        lambda: explain("tabular", model_regressor=DecisionTreeRegressor()),
        ValueError,
        "model_regressor",
        match=r"linear regressor.*coef_.*DecisionTreeRegressor has no coef_",
    )
    assert not isinstance(exc, AttributeError)


def test_fit_label_regressor_without_coef() -> None:
    refused(lambda: fit(model_regressor=DecisionTreeRegressor()), ValueError, "model_regressor")


def test_regressor_with_sample_weight_in_kwargs_is_accepted() -> None:
    class Forwarding(Ridge):
        def fit(self, x: Any, y: Any, **kwargs: Any) -> Any:
            return super().fit(x, y, **kwargs)

    got = fit(model_regressor=Forwarding(alpha=1.0))
    assert [f for f, _ in got.local_exp] == [f for f, _ in fit().local_exp]


# ---------------------------------------------------------------- the shared checks


@pytest.mark.parametrize(
    ("labels", "expected"),
    [((1,), [1]), ([0, 2], [0, 2]), (np.array([2, 0]), [2, 0]), (range(2), [0, 1]), ((), [])],
    ids=["tuple", "list", "array", "range", "empty"],
)
def test_label_lists_lime_accepts(labels: Any, expected: list[int]) -> None:
    assert check_label_list(labels, "here") == expected


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        (1, r"sequence of class indices.*labels=\(1,\).*Got 1 of type int"),
        ("1", r"Got '1' of type str"),
        (None, r"Got None of type NoneType"),
        ({1: "a"}, r"of type dict"),
        ([1.0], r"must contain ints.*Got 1.0"),
        ([True], r"must contain ints.*Got True"),
    ],
    ids=["int", "str", "None", "dict", "float", "bool"],
)
def test_label_lists_refused(labels: Any, match: str) -> None:
    refused(lambda: check_label_list(labels, "at"), TypeError, "labels", entry="at", match=match)


def test_sample_counts_have_a_ceiling() -> None:
    refused(
        lambda: check_int(MAX_SAMPLES + 1, "num_samples", "at", min_value=2, max_value=MAX_SAMPLES),
        ValueError,
        "num_samples",
        match=r"<= 100_000_000",
    )
