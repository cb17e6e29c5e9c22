"""SubmodularPick: lime's picks, an incremental greedy equal to lime's loop, the global view."""

from __future__ import annotations

import warnings
from typing import Any

import lime.lime_tabular
import lime.lime_text
import lime.submodular_pick
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline

import lime_widget as lw
from lime_widget.explainers._submodular import explanation_matrix, greedy_coverage


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, RandomForestClassifier(n_estimators=15, random_state=0).fit(X, y)


def lime_greedy(W: np.ndarray, importance: np.ndarray, num_exps_desired: int) -> list[int]:
    """lime 0.2.0.1's selection loop, verbatim (submodular_pick.py L113-123)."""
    remaining_indices = set(range(W.shape[0]))
    V: list[int] = []
    for _ in range(num_exps_desired):
        best = 0
        best_ind = None
        current = 0
        for i in remaining_indices:
            current = np.dot((np.sum(abs(W)[[*V, i]], axis=0) > 0), importance)
            if current >= best:
                best = current
                best_ind = i
        V.append(best_ind)  # type: ignore[arg-type]
        remaining_indices -= {best_ind}
    return V


def both(method: str, explainer_args: dict[str, Any], data: Any, model: Any, **kwargs: Any) -> Any:
    """lime's SubmodularPick and ours with the same seeds (global and explainer)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.random.seed(11)  # noqa: NPY002 - SP-LIME samples with the global RNG
        theirs = lime.submodular_pick.SubmodularPick(
            explainer_args["lime"](), data, model, method=method, **kwargs
        )
    np.random.seed(11)  # noqa: NPY002
    ours = lw.SubmodularPick(explainer_args["ours"](), data, model, method=method, **kwargs)
    return theirs, ours


def assert_same_pick(theirs: Any, ours: Any) -> None:
    assert ours.V == theirs.V
    assert len(ours.explanations) == len(theirs.explanations)
    for a, b in zip(ours.sp_explanations, theirs.sp_explanations, strict=True):
        labels = a.available_labels() if a.mode == "classification" else [1]
        for label in labels:
            got, expected = a.as_list(label), b.as_list(label)
            assert [n for n, _ in got] == [n for n, _ in expected]
            np.testing.assert_allclose([w for _, w in got], [w for _, w in expected], atol=1e-6)


@pytest.mark.parametrize("method", ["full", "sample"])
def test_picks_equal_limes(cancer: Any, method: str) -> None:
    X, model = cancer
    makers = {
        "lime": lambda: lime.lime_tabular.LimeTabularExplainer(X, random_state=0),
        "ours": lambda: lw.LimeTabularExplainer(X, random_state=0),
    }
    theirs, ours = both(
        method,
        makers,
        X[:40] if method == "full" else X[:120],
        model.predict_proba,
        sample_size=40,
        num_exps_desired=5,
        num_features=10,
        num_samples=500,
    )
    assert_same_pick(theirs, ours)
    if method == "sample":  # the global RNG's shuffle picked the same rows
        np.random.seed(11)  # noqa: NPY002
        order = np.arange(120)
        np.random.shuffle(order)  # noqa: NPY002
        assert ours.sample_indices.tolist() == order[:40].tolist()


def test_regression_and_text_picks_equal_limes() -> None:
    Xd, yd = load_diabetes(return_X_y=True)
    reg = LinearRegression().fit(Xd, yd)
    makers = {
        "lime": lambda: lime.lime_tabular.LimeTabularExplainer(
            Xd, mode="regression", random_state=0
        ),
        "ours": lambda: lw.LimeTabularExplainer(Xd, mode="regression", random_state=0),
    }
    theirs, ours = both(
        "full", makers, Xd[:15], reg.predict, num_exps_desired=3, num_features=4, num_samples=300
    )
    assert_same_pick(theirs, ours)

    docs = ["a good film", "a bad film", "good acting, dull plot", "great fun", "awful and dull"]
    clf = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(docs, [1, 0, 1, 1, 0])
    makers = {
        "lime": lambda: lime.lime_text.LimeTextExplainer(random_state=0),
        "ours": lambda: lw.LimeTextExplainer(random_state=0),
    }
    theirs, ours = both(
        "full", makers, docs, clf.predict_proba, num_exps_desired=2, num_features=3, num_samples=200
    )
    assert_same_pick(theirs, ours)


@pytest.mark.parametrize("seed", range(40))
def test_incremental_greedy_equals_limes_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, d = rng.integers(1, 30), rng.integers(1, 12)
    if seed % 2:  # few distinct values and many zeros: exact ties everywhere
        W = rng.choice([0.0, 0.0, 0.0, 1.0, -1.0, 2.0], size=(n, d))
    else:
        W = rng.normal(size=(n, d)) * (rng.random((n, d)) < 0.3)
    importance = np.sum(abs(W), axis=0) ** 0.5
    k = int(rng.integers(1, n + 1))
    assert greedy_coverage(W, importance, k) == lime_greedy(W, importance, k)


def test_greedy_breaks_float_near_ties_as_lime() -> None:
    # 0.1 + 0.2 > 0.3 in floating point: lime prefers row 0; an all-zero W ties everywhere
    W = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    importance = np.array([0.1, 0.2, 0.3])
    assert greedy_coverage(W, importance, 3) == lime_greedy(W, importance, 3) == [0, 2, 1]
    assert greedy_coverage(np.zeros((4, 2)), np.zeros(2), 3) == lime_greedy(
        np.zeros((4, 2)), np.zeros(2), 3
    )


def test_picked_explanations_open_live_and_the_rest_stay_light(cancer: Any) -> None:
    X, model = cancer
    sp = lw.SubmodularPick(
        lw.LimeTabularExplainer(X, random_state=0),
        X[:12],
        model.predict_proba,
        method="full",
        num_exps_desired=2,
        num_features=4,
        num_samples=300,
    )
    picked = set(sp.V)
    assert all(e.neighbourhood is not None for e in sp.sp_explanations)
    assert all(sp.explanations[i].neighbourhood is None for i in range(12) if i not in picked)
    assert sp.sp_explanations[0] is sp.explanations[sp.V[0]]
    widget = sp.sp_explanations[0].as_widget()
    try:
        shown = widget.wait(10).local_exp
        picked = sp.sp_explanations[0].local_exp
        assert shown.keys() == picked.keys()
        for label, pairs in picked.items():
            assert [f for f, _ in shown[label]] == [f for f, _ in pairs]
            np.testing.assert_allclose([w for _, w in shown[label]], [w for _, w in pairs])
    finally:
        widget.close()
    W, names = explanation_matrix(sp.explanations)
    assert names == sp.feature_names
    assert W.shape == (12, len(names))
    first = sp.explanations[0]
    assert names[: len(first.as_list(first.top_labels[0]))] == [
        n for n, _ in first.as_list(first.top_labels[0])
    ]


def test_global_view_figure(cancer: Any) -> None:
    X, model = cancer
    names = [f"f{i}" for i in range(X.shape[1])]
    names[0] = "<b>radius</b>"
    sp = lw.SubmodularPick(
        lw.LimeTabularExplainer(X, feature_names=names, random_state=0),
        X[:15],
        model.predict_proba,
        method="full",
        num_exps_desired=3,
        num_features=5,
        num_samples=300,
    )
    fig = sp.as_plotly_figure(max_features=6)
    bars, heat = fig.data
    order = np.argsort(-sp.importance, kind="stable")[:6]
    np.testing.assert_allclose(bars.x, sp.importance[order][::-1])
    shown = [str(sp.feature_names[j]) for j in order][::-1]
    assert list(bars.y) == [s.replace("<", "&lt;").replace(">", "&gt;") for s in shown]
    assert not any("<b>" in str(y) for y in bars.y)
    classes = [sp.explanations[v].top_labels[0] for v in sp.V]  # class names default to "0", "1"
    pairs = enumerate(zip(sp.V, classes, strict=True))
    expected = [f"pick {k + 1}: row {v} ({c})" for k, (v, c) in pairs]
    assert list(heat.x) == expected


def test_warnings_and_errors(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    with pytest.warns(UserWarning, match="larger than the data"):
        sp = lw.SubmodularPick(
            explainer,
            X[:3],
            model.predict_proba,
            sample_size=10,
            num_exps_desired=2,
            num_samples=100,
        )
    assert sorted(sp.sample_indices.tolist()) == [0, 1, 2]
    with pytest.warns(UserWarning, match="returning all of them"):
        sp = lw.SubmodularPick(
            explainer, X[:2], model.predict_proba, method="full", num_samples=100
        )
    assert sorted(sp.V) == [0, 1]
    with pytest.raises(ValueError, match="'method' parameter of SubmodularPick"):
        lw.SubmodularPick(explainer, X[:2], model.predict_proba, method="fulll")
