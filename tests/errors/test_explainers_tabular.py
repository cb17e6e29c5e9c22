"""``LimeTabularExplainer``'s contract: its constructor and ``explain_instance``.

Every parameter has a wrong-type and a wrong-value case; what lime 0.2.0.1
accepts (names as arrays, ``categorical_names`` keyed by int, labels as any
sequence, ``training_data_stats``) is accepted, with lime's numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge

from lime_widget import LimeTabularExplainer, QuartileDiscretizer

from ._support import (
    CODES,
    TAB,
    Y3,
    X,
    _with_codes,
    explain,
    make,
    q,
    refused,
    tab_model,
    tab_model3,
)

# ---------------------------------------------------------------- tabular: training data


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
def test_training_data_nan_or_inf(bad: float) -> None:
    data = X.copy()
    data[3, 2] = bad
    with pytest.raises(ValueError, match=r"'training_data'.*NaN or infinity.*index \(3, 2\)"):
        LimeTabularExplainer(data)


def test_training_data_not_2d() -> None:
    with pytest.raises(ValueError, match=r"'training_data'.*2-d.*shape \(150,\)"):
        LimeTabularExplainer(X[:, 0])


def test_training_data_empty() -> None:
    with pytest.raises(ValueError, match=r"'training_data'.*empty.*\(0, 4\)"):
        LimeTabularExplainer(np.empty((0, 4)))


def test_training_data_strings() -> None:
    data = np.array([["a", "1.0"], ["b", "2.0"]], dtype=object)
    with pytest.raises(ValueError, match=r"'training_data'.*numeric.*'a'"):
        LimeTabularExplainer(data)


def test_feature_names_wrong_length() -> None:
    with pytest.raises(ValueError, match=r"'feature_names'.*\(4\).*Got 3"):
        LimeTabularExplainer(X, feature_names=["a", "b", "c"])


def test_unknown_discretizer_with_hint() -> None:
    with pytest.raises(ValueError, match=r"'discretizer'.*'quartlie'.*Did you mean 'quartile'\?"):
        LimeTabularExplainer(X, discretizer="quartlie")


def test_unknown_mode_with_hint() -> None:
    with pytest.raises(ValueError, match=r"'mode'.*'regresion'.*Did you mean 'regression'\?"):
        LimeTabularExplainer(X, mode="regresion")


def test_entropy_discretizer_needs_labels() -> None:
    with pytest.raises(ValueError, match=r"'training_labels'.*entropy.*Got None"):
        LimeTabularExplainer(X, discretizer="entropy")


# ---------------------------------------------------------------- categorical features


@pytest.mark.parametrize("index", [4, 10, -1])
def test_categorical_feature_index_out_of_range(index: int) -> None:
    with pytest.raises(
        ValueError, match=rf"'categorical_features'.*\[0, 3\].*Got {q(str(index))}\b"
    ):
        LimeTabularExplainer(X, categorical_features=[index])


def test_categorical_feature_index_not_an_int() -> None:
    with pytest.raises(TypeError, match=r"'categorical_features'.*Got 'colour'"):
        LimeTabularExplainer(X, categorical_features=["colour"])


def test_categorical_column_must_hold_integer_codes() -> None:
    with pytest.raises(ValueError, match=r"Column 2 .*'categorical_features'.*integer codes\."):
        LimeTabularExplainer(_with_codes(X[:, 2]), categorical_features=[2])
    # negative codes (-1 for "missing") are lime's too (tests/test_lime_exact_inputs.py)
    LimeTabularExplainer(_with_codes(CODES - 1.0), categorical_features=[2])


def test_categorical_names_too_short_for_codes() -> None:
    with pytest.raises(ValueError, match=r"'categorical_names'.*2 categories.*column 2.*code 2"):
        LimeTabularExplainer(
            _with_codes(CODES), categorical_features=[2], categorical_names={2: ["a", "b"]}
        )


@pytest.mark.parametrize("discretize", [True, False], ids=["discretized", "continuous"])
@pytest.mark.parametrize(
    ("code", "given"),
    [(3.0, "3.0"), (-4.0, "-4.0"), (1.5, "1.5")],
    ids=["too-big", "too-negative", "fraction"],
)
def test_data_row_categorical_code_out_of_range(discretize: bool, code: float, given: str) -> None:
    explainer = LimeTabularExplainer(
        _with_codes(CODES),
        categorical_features=[2],
        categorical_names={2: ["red", "green", "blue"]},
        feature_names=["a", "b", "colour", "d"],
        discretize_continuous=discretize,
        random_state=0,
    )
    row = X[0].copy()
    row[2] = code
    with pytest.raises(
        ValueError,
        match=rf"'data_row'.*{q(given)}.*categorical column 2 \('colour'\).*in \[-3, 2\]",
    ):
        explainer.explain_instance(row, tab_model, num_samples=100)


# ---------------------------------------------------------------- tabular: the instance


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_data_row_nan_or_inf(bad: float) -> None:
    row = X[0].copy()
    row[1] = bad
    with pytest.raises(ValueError, match=r"'data_row'.*NaN or infinity.*index \(1,\)"):
        explain("tabular", instance=row)


@pytest.mark.parametrize("length", [3, 5, 0])
def test_data_row_wrong_length(length: int) -> None:
    row = np.ones(length)
    pattern = r"'data_row'.*empty" if length == 0 else rf"'data_row'.*4 values.*Got {length}\b"
    with pytest.raises(ValueError, match=pattern):
        explain("tabular", instance=row)


def test_data_row_two_dimensional() -> None:
    with pytest.raises(ValueError, match=r"'data_row'.*1-d.*shape \(1, 4\)"):
        explain("tabular", instance=X[:1])


def test_data_row_strings() -> None:
    with pytest.raises(ValueError, match=r"'data_row'.*numeric.*'x'"):
        explain("tabular", instance=np.array(["x", "1", "2", "3"], dtype=object))


# ---------------------------------------------------------------- every constructor parameter

STATS_BINS = {f: list(np.percentile(X[:, f], [25, 50, 75])) for f in range(4)}


def stats(**changes: Any) -> dict[str, Any]:
    """``training_data_stats`` for iris: every feature binned at its quartiles."""
    s: dict[str, Any] = {
        "means": {f: [1.0, 2.0, 3.0, 4.0] for f in range(4)},
        "stds": {f: [0.1, 0.1, 0.1, 0.1] for f in range(4)},
        "mins": {f: [0.0, *STATS_BINS[f]] for f in range(4)},
        "maxs": {f: [*STATS_BINS[f], 9.0] for f in range(4)},
        "feature_values": {f: [0, 1, 2, 3] for f in range(4)},
        "feature_frequencies": {f: [10, 20, 30, 40] for f in range(4)},
        "bins": STATS_BINS,
    }
    s.update(changes)
    return s


def per_feature(value: Any, n: int = 4) -> dict[int, Any]:
    return dict.fromkeys(range(n), value)


CTOR_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("training_data-None", {"training_data": None}, ValueError, "training_data", r"2-d"),
    ("training_data-str", {"training_data": "abc"}, ValueError, "training_data", r"numeric"),
    ("training_data-int", {"training_data": 3}, ValueError, "training_data", r"2-d.*\(\)"),
    ("training_data-ragged", {"training_data": [[1, 2], [3]]}, ValueError, "training_data", ""),
    ("training_data-3d", {"training_data": X[None]}, ValueError, "training_data", r"2-d"),
    (
        "training_data-no-columns",
        {"training_data": np.ones((4, 0))},
        ValueError,
        "training_data",
        "empty",
    ),
    (
        "training_data-duplicate-columns",
        {"training_data": pd.DataFrame(X, columns=["a", "a", "b", "c"])},
        ValueError,
        "training_data",
        r"unique column names; \['a'\]",
    ),
    ("mode-int", {"mode": 3}, TypeError, "mode", r"Got 3 "),
    (
        "feature_names-int",
        {"feature_names": 4},
        TypeError,
        "feature_names",
        r"list of names.*Got 4",
    ),
    ("class_names-int", {"class_names": 3}, TypeError, "class_names", r"list of names.*Got 3"),
    (
        "categorical_features-int",
        {"categorical_features": 3},
        TypeError,
        "categorical_features",
        r"list of column indices.*Got 3 of type int",
    ),
    (
        "categorical_features-str",
        {"categorical_features": "2"},
        TypeError,
        "categorical_features",
        r"Got '2' of type str",
    ),
    (
        "categorical_features-float",
        {"categorical_features": [1.5]},
        TypeError,
        "categorical_features",
        r"Got 1.5",
    ),
    (
        "categorical_features-out",
        {"categorical_features": [7]},
        ValueError,
        "categorical_features",
        r"\[0, 3\].*Got 7",
    ),
    (
        "categorical_names-list",
        {"categorical_names": [["a", "b", "c"]]},
        TypeError,
        "categorical_names",
        r"dict from column index.*Got list",
    ),
    (
        "categorical_names-str",
        {"categorical_names": "abc"},
        TypeError,
        "categorical_names",
        r"Got str",
    ),
    (
        "categorical_names-unknown-name",
        {"categorical_names": {"colour": ["a"]}},
        ValueError,
        "categorical_names",
        r"by index.*Got 'colour'",
    ),
    (
        "categorical_names-value-int",
        {"categorical_names": {2: 5}},
        TypeError,
        "categorical_names",
        r"list of names.*Got 5 for key 2",
    ),
    ("discretizer-int", {"discretizer": 5}, TypeError, "discretizer", r"instance.*Got 5"),
    (
        "discretizer-class",
        {"discretizer": QuartileDiscretizer},
        TypeError,
        "discretizer",
        r"instance",
    ),
    (
        "random_state-str",
        {"random_state": "seed"},
        TypeError,
        "random_state",
        r"int in \[0, 2\*\*32 - 1\].*Got 'seed'",
    ),
    (
        "random_state-negative",
        {"random_state": -1},
        ValueError,
        "random_state",
        r"Got -1 of type int",
    ),
    ("random_state-huge", {"random_state": 2**32}, ValueError, "random_state", r"Got 4294967296"),
    (
        "random_state-float",
        {"random_state": 1.5},
        TypeError,
        "random_state",
        r"Got 1.5 of type float",
    ),
    (
        "training_labels-short",
        {"discretizer": "entropy", "training_labels": Y3[:10]},
        ValueError,
        "training_labels",
        r"\(150,\).*\(10,\)",
    ),
    (
        "training_labels-nan",
        {"discretizer": "entropy", "training_labels": np.where(Y3 == 1, np.nan, Y3)},
        ValueError,
        "training_labels",
        r"NaN",
    ),
    (
        "training_labels-str",
        {"discretizer": "entropy", "training_labels": "y"},
        ValueError,
        "training_labels",
        r"str of shape \(\)",
    ),
    (
        "training_labels-none-in",
        {"discretizer": "entropy", "training_labels": [None] * 150},
        ValueError,
        "training_labels",
        r"None or NaN",
    ),
    (
        "stats-list",
        {"training_data_stats": [1, 2]},
        TypeError,
        "training_data_stats",
        r"dict.*Got list",
    ),
    (
        "stats-missing-key",
        {"training_data_stats": {"means": {}}},
        ValueError,
        "training_data_stats",
        r"Missing: \[",
    ),
    (
        "stats-missing-feature",
        {"training_data_stats": stats(feature_values=per_feature([0, 1, 2, 3], 3))},
        ValueError,
        "training_data_stats",
        r"entry for feature 3 in 'feature_values'",
    ),
    (
        "stats-length-mismatch",
        {"training_data_stats": stats(feature_frequencies=per_feature([10, 20]))},
        ValueError,
        "training_data_stats",
        r"same length.*4 values and 2 frequencies",
    ),
    (
        "stats-negative-frequency",
        {"training_data_stats": stats(feature_frequencies=per_feature([10, -20, 30, 40]))},
        ValueError,
        "training_data_stats",
        r">= 0, not all 0",
    ),
    (
        "stats-zero-frequencies",
        {"training_data_stats": stats(feature_frequencies=per_feature([0, 0, 0, 0]))},
        ValueError,
        "training_data_stats",
        r"not all 0",
    ),
    (
        "stats-frequency-str",
        {"training_data_stats": stats(feature_frequencies=per_feature("many"))},
        ValueError,
        "training_data_stats",
        r"finite numbers",
    ),
    (
        "stats-means-missing-feature",
        {"training_data_stats": stats(means=per_feature([1.0, 2.0, 3.0, 4.0], 2))},
        ValueError,
        "training_data_stats",
        r"binned feature 2: 4 entries. Got 0",
    ),
    (
        "stats-means-short",
        {"training_data_stats": stats(means=per_feature([1.0]))},
        ValueError,
        "training_data_stats",
        r"one length",
    ),
    (
        "stats-std-nan",
        {"training_data_stats": stats(stds=per_feature([np.nan] * 4))},
        ValueError,
        "training_data_stats",
        r"finite numbers as stds\[0\]",
    ),
    (
        "stats-std-zero",
        {"training_data_stats": stats(stds=per_feature([0.0] * 4))},
        ValueError,
        "training_data_stats",
        r"stds > 0",
    ),
    (
        "stats-partial-bins",
        {"training_data_stats": stats(bins={0: STATS_BINS[0]})},
        ValueError,
        "training_data_stats",
        r"'bins' for every continuous feature or for none.*\[1, 2, 3\]",
    ),
    (
        "stats-values-outside-bins",
        {"training_data_stats": stats(feature_values=per_feature([0, 1, 2, 7]))},
        ValueError,
        "training_data_stats",
        r"bin indices in \[0, 3\]",
    ),
    (
        "stats-means-key",
        {"training_data_stats": stats(means={"a": [1.0]})},
        ValueError,
        "training_data_stats",
        r"column index",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in CTOR_CASES],
    ids=[c[0] for c in CTOR_CASES],
)
def test_constructor_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    kwargs = dict(kwargs)
    data = kwargs.pop("training_data", _with_codes(CODES))
    if "categorical_names" in kwargs:
        kwargs.setdefault("categorical_features", [2])

    def build() -> Any:
        explainer = LimeTabularExplainer(data, **kwargs)
        # training_data_stats are read when the explainer samples
        return explainer.explain_instance(data[0], tab_model, num_samples=50)

    refused(build, error, param, entry=TAB, match=match)


# ---------------------------------------------------------------- every explain_instance parameter

EXPLAIN = f"{TAB}.explain_instance"


class NoSampleWeight:
    def fit(self, x: Any, y: Any) -> NoSampleWeight:
        return self

    def predict(self, x: Any) -> Any:
        return np.zeros(len(x))

    def score(self, x: Any, y: Any) -> float:
        return 0.0


EXPLAIN_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("data_row-None", {"instance": None}, ValueError, "data_row", r"1-d"),
    ("data_row-str", {"instance": "x"}, ValueError, "data_row", r"numeric"),
    ("data_row-dict", {"instance": {"a": 1}}, ValueError, "data_row", r"numeric|1-d"),
    ("labels-int", {"labels": 1}, TypeError, "labels", r"labels=\(1,\).*Got 1 of type int"),
    ("labels-str", {"labels": "1"}, TypeError, "labels", r"Got '1' of type str"),
    ("labels-float", {"labels": [1.0]}, TypeError, "labels", r"ints.*Got 1.0"),
    ("labels-None", {"labels": None}, TypeError, "labels", r"Got None"),
    ("top_labels-float", {"top_labels": 1.5}, TypeError, "top_labels", r"Got 1.5 of type float"),
    ("top_labels-str", {"top_labels": "2"}, TypeError, "top_labels", r"Got '2' of type str"),
    ("num_samples-str", {"num_samples": "100"}, TypeError, "num_samples", r"Got '100' of type"),
    ("num_samples-huge", {"num_samples": 10**15}, ValueError, "num_samples", r"<= 100_000_000"),
    ("num_samples-nan", {"num_samples": float("nan")}, TypeError, "num_samples", r"Got nan"),
    ("num_features-str", {"num_features": "3"}, TypeError, "num_features", r"Got '3' of"),
    ("distance_metric-int", {"distance_metric": 3}, TypeError, "distance_metric", r"Got 3 "),
    ("model_regressor-str", {"model_regressor": "ridge"}, TypeError, "model_regressor", r"no fit"),
    (
        "model_regressor-class",
        {"model_regressor": Ridge},
        TypeError,
        "model_regressor",
        r"Ridge\(\)",
    ),
    (
        "model_regressor-no-sample-weight",
        {"model_regressor": NoSampleWeight()},
        TypeError,
        "model_regressor",
        r"sample_weight",
    ),
    ("batch_size-str", {"batch_size": "10"}, TypeError, "batch_size", r"Got '10' of type str"),
    ("batch_size-negative", {"batch_size": -3}, ValueError, "batch_size", r">= 1.*Got -3"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in EXPLAIN_CASES],
    ids=[c[0] for c in EXPLAIN_CASES],
)
def test_explain_instance_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: explain("tabular", **kwargs), error, param, entry=EXPLAIN, match=match)


def test_explain_instance_unknown_keyword() -> None:
    with pytest.raises(TypeError, match="num_sample"):
        explain("tabular", num_sample=10)


def test_a_refused_call_leaves_the_random_stream_alone() -> None:
    """Labels are checked against the model's output, after drawing: the stream is put back."""
    explainer = make("tabular")
    refused(lambda: explain("tabular", explainer, labels=(7,)), ValueError, "labels")
    again = explain("tabular", explainer)
    assert again.as_map() == explain("tabular").as_map()  # what a fresh explainer gives


# ---------------------------------------------------------------- what lime accepts, lime's numbers


def _lime_pair(ctor: dict[str, Any], call: dict[str, Any], data: Any = None) -> tuple[Any, Any]:
    import lime.lime_tabular

    data = X if data is None else data
    call = {"num_samples": 300, "num_features": 3, **call}
    ours = LimeTabularExplainer(data, random_state=0, **ctor)
    theirs = lime.lime_tabular.LimeTabularExplainer(data, random_state=0, **ctor)
    return (
        ours.explain_instance(data[0], tab_model3, **call),
        theirs.explain_instance(data[0], tab_model3, **call),
    )


ACCEPTED: dict[str, tuple[dict[str, Any], dict[str, Any], Any]] = {
    "labels-tuple": ({}, {"labels": (0, 2)}, None),
    "labels-list": ({}, {"labels": [0, 2]}, None),
    "labels-array": ({}, {"labels": np.array([2, 0])}, None),
    "labels-range": ({}, {"labels": range(2)}, None),
    "labels-numpy-ints": ({}, {"labels": (np.int64(1),)}, None),
    "labels-ignored-with-top_labels": ({}, {"labels": 1, "top_labels": 2}, None),
    "categorical_names-int-keys": (
        {"categorical_features": [2], "categorical_names": {2: ["r", "g", "b"]}},
        {},
        _with_codes(CODES),
    ),
    "categorical_names-numpy-keys": (
        {"categorical_features": np.array([2]), "categorical_names": {np.int64(2): "rgb"}},
        {},
        _with_codes(CODES),
    ),
    "names-as-arrays": (
        {"feature_names": np.array(["a", "b", "c", "d"]), "class_names": np.array(["x", "y", "z"])},
        {"top_labels": 1},
        None,
    ),
    "training_data_stats": ({"training_data_stats": stats()}, {}, None),
    "entropy-labels-list": ({"discretizer": "entropy", "training_labels": list(Y3)}, {}, None),
    "entropy-labels-2d": ({"discretizer": "entropy", "training_labels": np.c_[Y3, Y3]}, {}, None),
    "model_regressor": ({}, {"model_regressor": Ridge(alpha=0.5)}, None),
    "kernel_width-int": ({"kernel_width": 2}, {}, None),
    "random_state-numpy-int": ({"random_state": np.int64(3)}, {}, None),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_what_lime_accepts_is_accepted_with_lime_numbers(case: str) -> None:
    ctor, call, data = ACCEPTED[case]
    ctor = dict(ctor)
    ctor.pop("random_state", None)
    ours, theirs = _lime_pair(ctor, call, data)
    assert sorted(ours.local_exp) == sorted(theirs.local_exp)
    for label, pairs in theirs.local_exp.items():
        assert [f for f, _ in ours.local_exp[label]] == [f for f, _ in pairs]
        np.testing.assert_allclose(
            [w for _, w in ours.local_exp[label]], [w for _, w in pairs], rtol=0, atol=1e-6
        )


def test_categorical_names_and_features_by_column_name() -> None:
    """Column names where the columns have names (lime ignores them silently: ours maps them)."""
    frame = pd.DataFrame(_with_codes(CODES), columns=["a", "b", "colour", "d"])
    by_name = LimeTabularExplainer(
        frame,
        categorical_features=["colour"],
        categorical_names={"colour": ["red", "green", "blue"]},
        discretize_continuous=False,
        random_state=0,
    )
    by_index = LimeTabularExplainer(
        frame,
        categorical_features=[2],
        categorical_names={2: ["red", "green", "blue"]},
        discretize_continuous=False,
        random_state=0,
    )
    row = frame.iloc[0]
    a = by_name.explain_instance(row, tab_model3, num_samples=200)
    b = by_index.explain_instance(row, tab_model3, num_samples=200)
    assert a.as_list() == b.as_list()
    assert any(name.startswith("colour=red") for name, _ in a.as_list(label=1))
