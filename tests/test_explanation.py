"""lime's readers on our Explanation: lists, maps, labels and figures."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression

import lime_widget as lw
from lime_widget.explanation._figures import plotly_text


@pytest.fixture(scope="module")
def wine_exp() -> Any:
    X, y = load_wine(return_X_y=True)
    model = LogisticRegression(max_iter=5000).fit(X, y)
    names = ["cultivar <A>", "cultivar B", "cultivar C"]
    explainer = lw.LimeTabularExplainer(X, class_names=names, random_state=0)
    return explainer.explain_instance(
        X[0], model.predict_proba, top_labels=2, num_features=4, num_samples=600
    )


def test_readers(wine_exp: Any) -> None:
    top = wine_exp.top_labels
    assert wine_exp.available_labels() == top
    assert top[0] == int(np.argmax(wine_exp.predict_proba))
    listed = wine_exp.as_list(label=top[0])
    assert len(listed) == 4
    assert all(isinstance(name, str) and isinstance(w, float) for name, w in listed)
    assert [abs(w) for _, w in listed] == sorted((abs(w) for _, w in listed), reverse=True)
    assert set(wine_exp.as_map()) == set(top)


def test_missing_label_error_names_the_explained_labels(wine_exp: Any) -> None:
    missing = ({0, 1, 2} - set(wine_exp.top_labels)).pop()
    with pytest.raises(KeyError, match=rf"Label {missing} was not explained; explained labels are"):
        wine_exp.as_list(label=missing)
    with pytest.raises(lw.LabelNotExplainedError):
        wine_exp.as_list(label=missing)


def test_regression_reader_mirrors_lime() -> None:
    X, y = load_diabetes(return_X_y=True)
    model = LinearRegression().fit(X, y)
    exp = lw.LimeTabularExplainer(X, mode="regression", random_state=0).explain_instance(
        X[3], model.predict, num_samples=500, num_features=3
    )
    assert exp.as_list() == exp.as_list(label=0)  # label is ignored in regression
    assert exp.local_exp[0] == [(f, -w) for f, w in exp.local_exp[1]]
    assert exp.intercept[0] == exp.intercept[1]
    assert exp.predicted_value == pytest.approx(float(model.predict(X[3:4])[0]))
    with pytest.raises(NotImplementedError):
        exp.available_labels()


def test_pyplot_figure(wine_exp: Any) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    label = wine_exp.top_labels[0]
    fig = wine_exp.as_pyplot_figure(label=label)
    ax = fig.axes[0]
    assert len(ax.patches) == 4
    assert ax.get_title() == f"Local explanation for class {wine_exp.class_names[label]}"
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == [name for name, _ in wine_exp.as_list(label=label)][::-1]


def test_plotly_figure_shows_names_as_text(wine_exp: Any) -> None:
    label = wine_exp.top_labels[0]
    fig = wine_exp.as_plotly_figure(label=label)
    bar = fig.data[0]
    weights = [w for _, w in wine_exp.as_list(label=label)]
    assert list(bar.x) == weights[::-1]
    assert len(bar.y) == 4
    if label == 0:
        assert "&lt;A&gt;" in fig.layout.title.text
    assert all("<" not in str(name) for name in bar.y)
    # the widget's title and colours (blue for, orange against), not lime's "class class_1"
    name = plotly_text(wine_exp.class_names[label])
    p = wine_exp.predict_proba[label]
    assert fig.layout.title.text == f"Why {name}? (p = {p:.2f})"
    assert set(bar.marker.color) <= {"#2b83ba", "#e66101"}
    assert [c == "#2b83ba" for c in bar.marker.color] == [w > 0 for w in weights[::-1]]


def test_plotly_title_of_a_regression_names_the_prediction() -> None:
    X, y = load_diabetes(return_X_y=True)
    model = LinearRegression().fit(X, y)
    exp = lw.LimeTabularExplainer(X, mode="regression", random_state=0).explain_instance(
        X[0], model.predict, num_features=3, num_samples=300
    )
    title = exp.as_plotly_figure().layout.title.text
    assert title == f"Why is the prediction {exp.predicted_value:.4g}?"


def test_plotly_escapes_markup_in_feature_names() -> None:
    X, y = load_wine(return_X_y=True)
    model = LogisticRegression(max_iter=5000).fit(X, y)
    names = [f"<img src=x onerror=alert({i})>" for i in range(X.shape[1])]
    exp = lw.LimeTabularExplainer(
        X, feature_names=names, discretize_continuous=False, random_state=0
    ).explain_instance(X[0], model.predict_proba, num_features=3, num_samples=300, labels=(0,))
    fig = exp.as_plotly_figure(label=0)
    assert all(name.startswith("&lt;img src=x onerror=alert(") for name in fig.data[0].y)
