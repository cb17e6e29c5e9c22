"""How stable and how faithful: intervals, stability, sweep, sample size, until stable."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier

import lime_widget as lw
from lime_widget.engine._fit_many import fit_many, weighted_r2_many
from lime_widget.engine._stability import effective_sample_size
from lime_widget.engine._surrogate import WeightedProblem


class Counting:
    def __init__(self, fn: Any) -> None:
        self.fn, self.rows = fn, 0

    def __call__(self, x: Any) -> Any:
        self.rows += len(x)
        return self.fn(x)


@pytest.fixture(scope="module")
def forest() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, RandomForestClassifier(n_estimators=30, random_state=0).fit(X, y)


def explain(
    forest: Any, n: int, seed: int = 0, row: int = 3, **options: Any
) -> tuple[Any, Counting]:
    X, model = forest
    counting = Counting(model.predict_proba)
    exp = lw.LimeTabularExplainer(X, random_state=seed, **options).explain_instance(
        X[row], counting, num_samples=n, labels=(1,), num_features=5
    )
    return exp, counting


@pytest.mark.parametrize("method", ["forward_selection", "highest_weights", "none", "lasso_path"])
def test_batched_fits_equal_one_by_one_fits(method: str) -> None:
    rng = np.random.default_rng(0)
    design = rng.integers(0, 2, size=(800, 9)).astype(float)
    design[0] = 1
    y = design @ rng.normal(size=9) + rng.normal(scale=0.5, size=800)
    weights = rng.uniform(0.1, 1, size=(6, 800))
    from lime_widget.engine._neighbourhood import Neighbourhood

    pairs = Neighbourhood(design, np.zeros(800), y[:, None]).pair_products()
    for table in (None, pairs):
        fits = fit_many(design, y, weights, 4, method, table)
        for b in range(6):
            one = WeightedProblem(design, y[:, None], weights[b]).fit(0, 4, method)
            assert set(fits.selected[b]) == {f for f, _ in one.local_exp}
            for f, w in one.local_exp:
                assert fits.coef[b, f] == pytest.approx(w, abs=1e-9)
            assert fits.intercept[b] == pytest.approx(one.intercept, abs=1e-9)
        r2 = weighted_r2_many(design, y, weights, fits)
        one_r2 = [WeightedProblem(design, y[:, None], w).fit(0, 4, method).score for w in weights]
        np.testing.assert_allclose(r2, one_r2, atol=1e-9)


def test_intervals_frequency_and_stability_need_no_model_call(forest: Any) -> None:
    exp, counting = explain(forest, 2000)
    intervals = exp.weight_intervals[1]
    assert set(intervals) == {f for f, _ in exp.local_exp[1]}
    inside = [lo <= w <= hi for f, w in exp.local_exp[1] for lo, hi in [intervals[f]]]
    assert sum(inside) >= 4  # a 90 % interval holds the point estimate (almost always)
    frequency = exp.top_k_frequency[1]
    assert all(0 < v <= 1 for v in frequency.values())
    assert sum(frequency.values()) == pytest.approx(5.0)  # each refit picks exactly K = 5
    assert 0 <= exp.stability[1] <= 1
    assert exp.out_of_sample_score[1] <= exp.score[1] + 0.05
    assert counting.rows == 2000


def test_more_samples_narrow_the_intervals_and_steady_the_top_k(forest: Any) -> None:
    small, _ = explain(forest, 500)
    large, _ = explain(forest, 5000)
    width = {
        name: np.mean([hi - lo for lo, hi in exp.weight_intervals[1].values()])
        for name, exp in (("small", small), ("large", large))
    }
    assert width["large"] < width["small"]
    assert large.stability[1] >= small.stability[1]


def test_effective_sample_size_and_local_gap(forest: Any) -> None:
    exp, _ = explain(forest, 1500)
    w = lw.engine.kernel(exp.neighbourhood.distances, exp.settings.kernel_width)
    assert exp.effective_sample_size == pytest.approx((w.sum() ** 2) / (w @ w))
    narrow = exp.refit(kernel_width=0.3)
    assert narrow.effective_sample_size < 0.05 * 1500 < exp.effective_sample_size
    gap = exp.local_gap[1]
    assert gap == pytest.approx(exp.local_pred[1][0] - exp.predict_proba[1])
    assert effective_sample_size(np.ones(10)) == 10


def test_kernel_width_sweep_matches_refits(forest: Any) -> None:
    exp, counting = explain(forest, 1500)
    sweep = exp.kernel_width_sweep()
    assert len(sweep.widths) >= 20
    assert sweep.widths[0] < exp.settings.kernel_width < sweep.widths[-1]
    assert counting.rows == 1500
    for i in (0, 7, 19):
        refit = exp.refit(kernel_width=float(sweep.widths[i]))
        assert sweep.score[i] == pytest.approx(refit.score[1], abs=1e-8)
        weights = dict(refit.local_exp[1])
        for j, f in enumerate(sweep.features):
            assert sweep.weights[i, j] == pytest.approx(weights.get(f, 0.0), abs=1e-8)
        assert sweep.effective_sample_size[i] == pytest.approx(refit.effective_sample_size)


def test_until_stable_reuses_every_row(forest: Any) -> None:
    exp, counting = explain(forest, 1000, discretize_continuous=False)
    stable = exp.until_stable(max_samples=6000)
    n = stable.neighbourhood.num_samples
    assert 1000 <= n <= 6000
    assert counting.rows == n  # every earlier row reused: nothing asked twice
    if n < 6000:
        assert stable.stability[1] >= 0.9
    again = stable.until_stable(max_samples=6000)
    assert again.neighbourhood.num_samples >= n
    assert counting.rows == again.neighbourhood.num_samples


def test_live_session_publishes_diagnostics_and_runs_until_stable(forest: Any) -> None:
    X, model = forest
    counting = Counting(model.predict_proba)
    w = lw.LimeTabularExplainer(X, random_state=0, discretize_continuous=False).interact(
        X[3], counting, num_samples=800, num_features=4, max_samples=5000
    )
    try:
        w.wait(20, diagnostics=True)  # the diagnosed publish comes after the fit
        diag = w.state["diagnostics"]
        assert diag["params"] == w.state["params"]
        assert {i["id"] for i in diag["intervals"]} == {
            f["id"] for f in w.state["explanation"]["features"]
        }
        assert len(diag["sweep"]["widths"]) >= 20
        assert 0 <= diag["stability"] <= 1
        w.session.stable_max_samples = 5000
        w.until_stable()
        w.wait(60)
        assert 800 <= w.num_samples <= 5000
        assert counting.rows == w.num_samples
        assert w.state["status"] == "idle"
    finally:
        w.close()


def test_the_sample_warning_counts_the_features_there_are():
    """lime's default K (100000) on 16 superpixels warns as K=16 does: the widget's view."""
    from skimage import data
    from skimage.transform import resize

    from lime_widget import LimeImageExplainer

    img = resize(data.astronaut(), (64, 64))

    def segments(image):
        return (np.arange(64)[:, None] // 16) * 4 + (np.arange(64)[None, :] // 16)

    def model(x):
        m = x.reshape(len(x), -1).mean(1)
        return np.column_stack([m, 1 - m])

    def warning(num_samples, **kwargs):
        exp = LimeImageExplainer(random_state=0).explain_instance(
            img, model, segmentation_fn=segments, num_samples=num_samples, top_labels=1, **kwargs
        )
        return exp.sample_size_warning

    assert warning(300) is None
    assert warning(300) == warning(300, num_features=16)
    assert warning(100) == warning(100, num_features=16) is not None  # 100 < 10 per feature
