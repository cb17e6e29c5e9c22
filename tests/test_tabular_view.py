"""What the widget shows of a tabular instance: names, values and thresholds a reader can use."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw
from lime_widget.explanation._payload import explanation_dict, meta_dict


def _meta(exp: lw.Explanation) -> dict:
    return meta_dict(
        exp, kernel_width_default=1.0, samples_min=50, samples_max=1000, samples_step=50
    )


def test_a_dataframe_category_is_shown_by_its_name() -> None:
    frame = pd.DataFrame(
        {"city": pd.Categorical(["Berlin", "Paris", "Rome"] * 20), "x": np.arange(60.0)}
    )

    def model(rows: pd.DataFrame) -> np.ndarray:
        p = (rows["x"].to_numpy() > 30).astype(float) * 0.8 + 0.1
        return np.column_stack([1 - p, p])

    exp = lw.LimeTabularExplainer(frame, random_state=0).explain_instance(
        frame.iloc[1], model, num_samples=300
    )
    assert _meta(exp)["instance"][0] == {"name": "city", "value": "Paris"}
    city = next(f for f in explanation_dict(exp, 1)["features"] if f["id"] == 0)
    assert city["value"] == "Paris"  # not lime's "True"
    assert ("city=Paris", city["weight"]) in exp.as_list()  # lime's names stay in as_list


def test_thresholds_have_enough_digits_to_differ_from_the_value() -> None:
    data = load_breast_cancer()
    X = data.data
    model = LogisticRegression(max_iter=5000).fit(X, data.target)
    explainer = lw.LimeTabularExplainer(X, feature_names=list(data.feature_names), random_state=0)
    disc = explainer.discretizer
    assert disc is not None
    more_digits = 0
    for row in range(0, 40, 4):
        exp = explainer.explain_instance(X[row], model.predict_proba, num_samples=200)
        for feature in explanation_dict(exp, 1)["features"]:
            f, value = feature["id"], X[row, feature["id"]]
            numbers = re.findall(r"-?\d+\.\d+", feature["name"])
            digits = len(numbers[0].split(".")[1])
            more_digits += digits > 2
            for text in numbers:
                edge = min(disc.edges[f], key=lambda e, t=float(text): abs(e - t))
                assert abs(edge - float(text)) <= 0.5 * 10**-digits  # a rounded bin edge
                if edge != value:
                    assert text != feature["value"], (feature, value)
            assert feature["value"] == f"{value:.{digits}f}"
    assert more_digits > 0  # some thresholds needed more than lime's two decimals


def test_regression_thresholds_never_read_minus_zero() -> None:
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression

    X, y = load_diabetes(return_X_y=True)
    model = LinearRegression().fit(X, y)
    explainer = lw.LimeTabularExplainer(X, mode="regression", random_state=0)
    for row in range(0, 40, 5):
        exp = explainer.explain_instance(X[row], model.predict, num_samples=200)
        shown = explanation_dict(exp, 0)["features"]
        for feature in shown:
            minus_zero = re.compile(r"-0\.0+(?![0-9])")
            assert not minus_zero.search(feature["name"]), feature
            assert not minus_zero.search(feature["value"]), feature
            # no bin edge that is not zero reads as zero
            for text in re.findall(r"-?\d+\.\d+", feature["name"]):
                assert float(text) != 0.0 or any(
                    e == 0 for e in explainer.discretizer.edges[feature["id"]]
                )
