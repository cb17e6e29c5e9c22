"""The cached engine: model-call counts, refits, pool growth, the surrogate maths."""

from __future__ import annotations

from typing import Any

import lime.discretize
import lime.lime_image
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score

import lime_widget as lw
from lime_widget.engine._fit_label import fit_label
from lime_widget.engine._surrogate import WeightedProblem


class CountingModel:
    """Wraps a model and records how many rows each call asked about."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.batches: list[int] = []

    def __call__(self, x: Any) -> Any:
        self.batches.append(len(x))
        return self.fn(x)

    @property
    def rows(self) -> int:
        return sum(self.batches)


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, LogisticRegression(max_iter=5000).fit(X, y)


def test_model_sees_each_row_once_in_batches(cancer: Any) -> None:
    X, model = cancer
    counting = CountingModel(model.predict_proba)
    lw.LimeTabularExplainer(X, random_state=0).explain_instance(
        X[0], counting, num_samples=1000, batch_size=300
    )
    assert counting.batches == [300, 300, 300, 100]


def test_text_model_never_gets_all_samples_at_once() -> None:
    counting = CountingModel(lambda docs: np.tile([0.3, 0.7], (len(docs), 1)))
    doc = " ".join(f"w{i % 37}" for i in range(120))
    lw.LimeTextExplainer(random_state=0).explain_instance(doc, counting, num_samples=5000)
    assert counting.rows == 5000
    assert max(counting.batches) <= 500


@pytest.mark.parametrize(
    "change",
    [
        {"kernel_width": 0.7},
        {"num_features": 3},
        {"feature_selection": "lasso_path"},
        {"labels": (0,)},
        {"top_labels": 2},
    ],
)
def test_refit_never_calls_the_model(change: dict[str, Any], cancer: Any) -> None:
    X, model = cancer
    counting = CountingModel(model.predict_proba)
    exp = lw.LimeTabularExplainer(X, random_state=0).explain_instance(
        X[4], counting, num_samples=800
    )
    before = counting.rows
    new = exp.refit(**change)
    assert counting.rows == before == 800
    nb = exp.neighbourhood
    label = new.labels[-1]
    settings = new.settings
    direct = fit_label(
        nb.design,
        nb.outputs,
        nb.distances,
        label,
        settings.num_features,
        kernel_width=settings.kernel_width,
        feature_selection=settings.feature_selection,
    )
    assert new.local_exp[label] == direct.local_exp


def test_more_samples_ask_only_about_new_rows_and_are_path_independent(cancer: Any) -> None:
    X, model = cancer
    counting = CountingModel(model.predict_proba)
    exp = lw.LimeTabularExplainer(X, random_state=1).explain_instance(
        X[2], counting, num_samples=1000
    )
    assert counting.rows == 1000
    grown = exp.refit(num_samples=1700)
    assert counting.rows == 1700
    exp.refit(num_samples=2600)
    assert counting.rows == 2600
    back = exp.refit(num_samples=1700)  # a prefix: no model call
    assert counting.rows == 2600
    assert back.local_exp == grown.local_exp
    assert back.neighbourhood.num_samples == 1700

    # another path to 1700 rows gives the same explanation
    other = CountingModel(model.predict_proba)
    exp2 = lw.LimeTabularExplainer(X, random_state=1).explain_instance(
        X[2], other, num_samples=1000
    )
    direct = exp2.refit(num_samples=1700)
    assert other.rows == 1700
    assert direct.local_exp == grown.local_exp
    # and at the initial count it is explain_instance itself
    assert exp.refit(num_samples=1000).local_exp == exp.local_exp


def test_pool_growth_survives_a_failing_model(cancer: Any) -> None:
    X, model = cancer
    state = {"fail": False}

    def flaky(rows: Any) -> Any:
        if state["fail"]:
            msg = "model server down"
            raise RuntimeError(msg)
        return model.predict_proba(rows)

    exp = lw.LimeTabularExplainer(X, random_state=3).explain_instance(X[9], flaky, num_samples=600)
    state["fail"] = True
    with pytest.raises(RuntimeError, match="model server down"):
        exp.refit(num_samples=1500)
    assert exp.pool is not None
    assert exp.pool.size == 600
    state["fail"] = False
    assert exp.refit(num_samples=1500).neighbourhood.num_samples == 1500


def test_undiscretize_matches_scipy_truncnorm_per_feature(cancer: Any) -> None:
    X, _ = cancer
    theirs = lime.discretize.QuartileDiscretizer(X, [], [str(i) for i in range(30)], random_state=0)
    ours = lw.QuartileDiscretizer(X, [], [str(i) for i in range(30)], random_state=0)
    bins = np.random.RandomState(1).randint(0, 4, size=(2000, 30)).astype(float)
    np.testing.assert_allclose(
        ours.undiscretize(bins), theirs.undiscretize(bins), rtol=1e-12, atol=1e-12
    )
    # both streams end at the same place
    assert ours.random_state.randint(10**9) == theirs.random_state.randint(10**9)
    assert ours.names == theirs.names


def test_slic_segments_starting_at_one_are_all_explained() -> None:
    from skimage.segmentation import slic

    image = np.zeros((40, 40, 3))
    image[:20, :20, 0] = 1.0
    segments = slic(image, n_segments=16, start_label=1, channel_axis=-1)
    n = len(np.unique(segments))

    def model(images: np.ndarray) -> np.ndarray:
        p = images[:, :20, :20, 0].mean(axis=(1, 2))
        return np.column_stack([1 - p, p])

    ours = lw.LimeImageExplainer(random_state=0).explain_instance(
        image,
        model,
        top_labels=1,
        num_samples=300,
        hide_color=0,
        segmentation_fn=lambda im: segments,
    )
    features = {f for f, _ in ours.local_exp[ours.top_labels[0]]}
    assert features == set(range(n))
    assert ours.segments.min() == 0
    assert ours.segments.max() == n - 1
    # lime keys features by raw label: label n (the last superpixel) is never perturbed
    theirs = lime.lime_image.LimeImageExplainer(random_state=0).explain_instance(
        image,
        model,
        top_labels=1,
        num_samples=300,
        hide_color=0,
        segmentation_fn=lambda im: segments,
    )
    assert n not in {f for f, _ in theirs.local_exp[theirs.top_labels[0]]}


def test_score_and_local_pred_are_per_label() -> None:
    X, y = load_wine(return_X_y=True)
    model = LogisticRegression(max_iter=5000).fit(X, y)
    exp = lw.LimeTabularExplainer(X, random_state=0).explain_instance(
        X[0], model.predict_proba, top_labels=3, num_samples=1000
    )
    assert sorted(exp.score) == [0, 1, 2]
    assert len({round(v, 12) for v in exp.score.values()}) == 3
    for label in range(3):
        w = dict(exp.local_exp[label])
        assert exp.local_pred[label][0] == pytest.approx(exp.intercept[label] + sum(w.values()))


def test_weighted_ridge_and_r2_match_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    design = rng.normal(size=(400, 6))
    outputs = (design @ rng.normal(size=6) + rng.normal(scale=0.3, size=400))[:, None]
    weights = rng.uniform(0.05, 1, size=400)
    problem = WeightedProblem(design, outputs, weights)
    features = np.array([4, 1, 2])
    coef = problem.ridge_subset(0, features, alpha=1.0)
    ridge = Ridge(alpha=1.0).fit(design[:, features], outputs[:, 0], sample_weight=weights)
    np.testing.assert_allclose(coef, ridge.coef_, atol=1e-10)
    fit = problem.fit(0, 3, "none")
    full = Ridge(alpha=1.0).fit(design, outputs[:, 0], sample_weight=weights)
    expected = r2_score(outputs[:, 0], full.predict(design), sample_weight=weights)
    assert fit.score == pytest.approx(expected, abs=1e-10)
    assert fit.intercept == pytest.approx(full.intercept_, abs=1e-10)


def test_forward_selection_finds_the_signal_and_skips_constant_columns() -> None:
    rng = np.random.default_rng(1)
    design = rng.integers(0, 2, size=(500, 8)).astype(float)
    design[:, 5] = 1.0  # constant: explains nothing
    y = 3 * design[:, 2] - 2 * design[:, 6] + 0.5 * design[:, 0] + rng.normal(scale=0.1, size=500)
    problem = WeightedProblem(design, y[:, None], np.ones(500))
    assert problem.forward_selection(0, 3).tolist() == [2, 6, 0]
    assert 5 not in problem.forward_selection(0, 7).tolist()


def test_lasso_and_highest_weights_pick_strongest_features() -> None:
    rng = np.random.default_rng(2)
    design = rng.normal(size=(600, 10))
    design[0] = 1.0  # row 0 is the instance; highest_weights ranks |coef * row 0|
    y = 4 * design[:, 7] - 3 * design[:, 1] + rng.normal(scale=0.2, size=600)
    problem = WeightedProblem(design, y[:, None], rng.uniform(0.2, 1, size=600))
    assert set(problem.select(0, 2, "lasso_path").tolist()) == {1, 7}
    assert problem.select(0, 2, "highest_weights").tolist() == [7, 1]
