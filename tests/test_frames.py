"""Explanations as tidy DataFrames: ``Explanation.as_frame`` and ``BatchExplanations.to_frame``.

Every weight in a frame is the one ``as_list`` returns (the same float), and the
bootstrap columns are those of ``uncertainty``; a light batch result without its
samples has NaN there, and says so.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression

import lime_widget as lw
from lime_widget.explanation._frames import COLUMNS


@pytest.fixture(scope="module")
def iris() -> Any:
    data = load_iris()
    model = LogisticRegression(max_iter=500).fit(data.data, data.target)
    explainer = lw.LimeTabularExplainer(
        data.data,
        feature_names=data.feature_names,
        class_names=list(data.target_names),
        random_state=0,
    )
    return explainer, data.data, model


def _check_weights(df: Any, exp: lw.Explanation, labels: list[int]) -> None:
    """Rows, names, ranks, values and weights per label equal the explanation's own."""
    assert len(df) == sum(len(exp.as_list(label=label)) for label in labels)
    for label in labels:
        rows = df[df.label == label]
        pairs = exp.as_list(label=label)
        assert rows.weight.tolist() == [w for _, w in pairs]  # exactly, not approximately
        assert rows.feature.tolist() == [n for n, _ in pairs]
        assert rows["rank"].tolist() == list(range(1, len(pairs) + 1))
        key = exp.dummy_label if exp.mode == "regression" else label
        ids = [f for f, _ in exp.local_exp[key]]
        assert rows.feature_id.tolist() == ids
        assert rows.value.tolist() == exp.domain_mapper.shown_values(ids)
        assert set(rows.intercept) == {exp.intercept[key]}
        assert set(rows.score) == {exp.score[key]}
        assert set(rows.local_pred) == {float(np.ravel(exp.local_pred[key])[0])}


def test_as_frame_columns_rows_and_weights(iris: Any) -> None:
    explainer, X, model = iris
    exp = explainer.explain_instance(
        X[60], model.predict_proba, top_labels=3, num_features=3, num_samples=800
    )
    df = exp.as_frame()
    assert tuple(df.columns) == COLUMNS
    labels = exp.available_labels()
    assert list(dict.fromkeys(df.label)) == labels  # most probable first
    _check_weights(df, exp, labels)
    names = list(load_iris().target_names)
    assert df.class_name.tolist() == [names[label] for label in df.label]
    outputs = exp.predict_proba
    assert outputs is not None
    assert df.model_pred.tolist() == [float(outputs[label]) for label in df.label]
    # the bootstrap columns are uncertainty()'s, cached
    for label in labels:
        unc = exp.uncertainty(label)
        rows = df[df.label == label]
        for fid, low, high, share in zip(
            rows.feature_id, rows.interval_low, rows.interval_high, rows.top_k_share, strict=True
        ):
            assert (low, high) == unc.intervals[fid]
            assert share == unc.top_k_frequency.get(fid, 0.0)
    settings = exp.settings
    assert settings is not None
    assert df.attrs == {
        "mode": "classification",
        "kernel_width": settings.kernel_width,
        "num_features": 3,
        "feature_selection": "auto",
        "num_samples": 800,
    }


def test_as_frame_without_intervals_skips_the_bootstrap(iris: Any) -> None:
    explainer, X, model = iris
    exp = explainer.explain_instance(X[0], model.predict_proba, num_features=2, num_samples=300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = exp.as_frame(intervals=False)
    assert "_uncertainty" not in exp.__dict__
    assert df[["interval_low", "interval_high", "top_k_share"]].isna().all().all()
    _check_weights(df, exp, [1])


def test_regression_frame_has_one_label() -> None:
    data = load_diabetes()
    model = LinearRegression().fit(data.data, data.target)
    explainer = lw.LimeTabularExplainer(
        data.data, feature_names=data.feature_names, mode="regression", random_state=0
    )
    exp = explainer.explain_instance(data.data[3], model.predict, num_features=4, num_samples=500)
    df = exp.as_frame()
    assert set(df.label) == {0}
    assert set(df.class_name) == {"value"}
    _check_weights(df, exp, [0])
    assert df.weight.tolist() == [w for _, w in exp.as_list()]
    assert set(df.model_pred) == {exp.predicted_value}
    unc = exp.uncertainty()
    assert df.interval_low.tolist() == [unc.intervals[f][0] for f in df.feature_id]


def test_text_frame_names_the_words() -> None:
    def model(docs: list[str]) -> Any:
        p = np.array([0.9 if "good" in d else 0.2 for d in docs])
        return np.column_stack([1 - p, p])

    exp = lw.LimeTextExplainer(random_state=0).explain_instance(
        "a good film, a good cast", model, num_samples=200
    )
    df = exp.as_frame(intervals=False)
    _check_weights(df, exp, [1])
    assert df.feature.iloc[0] == "good"
    assert set(df.value) == {""}


def test_light_result_warns_and_leaves_intervals_nan(iris: Any) -> None:
    explainer, X, model = iris
    batch = explainer.explain_many(X[:3], model.predict_proba, num_samples=300, progress=False)
    light = batch[1]
    assert light.neighbourhood is None
    with pytest.warns(UserWarning, match=r"restore\(\)"):
        df = light.as_frame()
    assert df[["interval_low", "interval_high", "top_k_share"]].isna().all().all()
    _check_weights(df, light, [1])
    assert not math.isnan(df.model_pred.iloc[0])
    restored = batch.restore(1).as_frame()  # samples back: the intervals are filled
    assert restored[["interval_low", "interval_high"]].notna().all().all()


def test_batch_to_frame(iris: Any) -> None:
    explainer, X, model = iris
    rows = X[[0, 50, 100]]
    batch = explainer.explain_many(
        rows, model.predict_proba, num_features=2, top_labels=2, num_samples=300, progress=False
    )
    df = batch.to_frame()
    assert tuple(df.columns) == ("row", *COLUMNS)
    assert len(df) == sum(len(e.as_list(label=lab)) for e in batch for lab in e.available_labels())
    for row, exp in zip(batch.indices, batch, strict=True):
        part = df[df.row == row].drop(columns="row").reset_index(drop=True)
        _check_weights(part, exp, exp.available_labels())
    assert df[["interval_low", "interval_high"]].isna().all().all()  # not asked for: no warning
    assert df.attrs["num_features"] == 2
    assert "num_samples" not in df.attrs
    with pytest.warns(UserWarning, match="3 of the explanations had no samples"):
        batch.to_frame(intervals=True)


def test_batch_to_frame_with_kept_samples_and_partial_rows() -> None:
    data = load_breast_cancer()
    X = (data.data - data.data.mean(0)) / data.data.std(0)
    model = LogisticRegression(max_iter=1000).fit(X, data.target)
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    batch = explainer.explain_many(
        X[:3], model.predict_proba, num_features=3, num_samples=300, keep_neighbourhood=True,
        progress=False,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = batch.to_frame(intervals=True)
    assert df[["interval_low", "interval_high", "top_k_share"]].notna().all().all()
    first = batch[0].uncertainty(1)
    part = df[df.row == 0]
    assert part.interval_low.tolist() == [first.intervals[f][0] for f in part.feature_id]

    partial = lw.BatchExplanations({2: batch[2], 0: batch[0]}, n_rows=3)
    frame = partial.to_frame()
    assert sorted(set(frame.row)) == [0, 2]
    assert frame[frame.row == 2].weight.tolist() == [w for _, w in batch[2].as_list()]


def test_empty_batch_frame_has_the_columns() -> None:
    frame = lw.BatchExplanations({}, n_rows=2).to_frame()
    assert tuple(frame.columns) == ("row", *COLUMNS)
    assert len(frame) == 0
