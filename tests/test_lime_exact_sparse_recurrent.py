"""lime-exact for lime's remaining tabular explainers: sparse data and recurrent models.

Each configuration builds lime 0.2.0.1's explainer and ours with the same arguments and
random_state, explains twice in a row (the second call continues the shared random
stream) and compares every number lime reports: features and weights (``as_map``),
``as_list`` names, intercepts, score and local prediction of the last fitted label,
the model's output at the instance. Sparse data (``scipy.sparse``) goes through lime's
sparse branch, where scikit-learn's ridge solves by conjugate gradients: matching it
is the point. Then what lime fails at with sparse input, answered with a clear error
or the documented behaviour.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import lime.lime_tabular
import lime.submodular_pick
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import load_digits
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge

import lime_widget as lw

TOL = 1e-6  # the tolerance of every lime-exact test (DESIGN.md, invariant 1)


@pytest.fixture(autouse=True)
def _quiet() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def assert_same(theirs: Any, ours: lw.Explanation) -> None:
    """Every number lime reports, equal within TOL; feature order and names identical."""
    assert sorted(ours.local_exp) == sorted(int(k) for k in theirs.local_exp)
    for label, exp in theirs.local_exp.items():
        mine = ours.local_exp[int(label)]
        assert [int(f) for f, _ in exp] == [f for f, _ in mine], f"features of label {label}"
        np.testing.assert_allclose([w for _, w in mine], [w for _, w in exp], rtol=0, atol=TOL)
        assert ours.intercept[int(label)] == pytest.approx(theirs.intercept[label], abs=TOL)
        if theirs.mode == "classification" or label == 1:
            names = [n for n, _ in ours.as_list(label=int(label))]
            assert names == [str(n) for n, _ in theirs.as_list(label=label)]
    last = ours.labels[-1]  # lime 0.2.0.1 keeps score/local_pred of the last fitted label
    assert ours.score[last] == pytest.approx(theirs.score, abs=TOL)
    np.testing.assert_allclose(ours.local_pred[last], theirs.local_pred, rtol=0, atol=TOL)
    if theirs.mode == "classification":
        np.testing.assert_allclose(ours.predict_proba, theirs.predict_proba, rtol=0, atol=1e-12)
        if getattr(theirs, "top_labels", None) is not None:
            assert ours.top_labels == [int(x) for x in theirs.top_labels]
    else:
        assert ours.predicted_value == pytest.approx(theirs.predicted_value, abs=1e-12)
        assert ours.min_value == pytest.approx(theirs.min_value, abs=1e-12)
        assert ours.max_value == pytest.approx(theirs.max_value, abs=1e-12)


def run_pair(
    make_theirs: Callable[[], Any],
    make_ours: Callable[[], Any],
    explain: Callable[[Any, int], Any],
) -> None:
    """Two explanations in a row from each explainer (rows 0 and 1 of the case)."""
    theirs, ours = make_theirs(), make_ours()
    for call in range(2):
        assert_same(explain(theirs, call), explain(ours, call))


# -- sparse ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def digits() -> dict[str, Any]:
    """The digits' bright pixels only, in [0, 1]: a sparse matrix (about 11 of 64 per row)."""
    X, y = load_digits(return_X_y=True)
    X = np.where(X >= 13, X / 16, 0.0)[:600]
    y = y[:600]
    data = sp.csr_matrix(X)
    few = [i for i in range(len(X)) if 0 < np.count_nonzero(X[i]) <= 6][:2]
    return {
        "X": data,
        "dense": X,
        "classifier": LogisticRegression(max_iter=2000).fit(data, y),
        "regressor": Ridge(alpha=1.0).fit(data, y.astype(float)),
        "rows": [7, 42],
        "few": few,  # rows with fewer non-zeros than some num_features below
        "zero": sp.csr_matrix((1, X.shape[1])),
    }


#: name -> (constructor options, explain_instance options, which rows, data variant)
SPARSE_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str, str]] = {
    "auto-forward": ({}, {"num_features": 5}, "rows", "csr"),
    "forward-beyond-nonzeros": (
        {"feature_selection": "forward_selection"},
        {"num_features": 9},
        "few",
        "csr",
    ),
    "highest-padded": (
        {"feature_selection": "highest_weights"},
        {"num_features": 10},
        "few",
        "csr",
    ),
    "highest-3": ({"feature_selection": "highest_weights"}, {"num_features": 3}, "rows", "csr"),
    "auto-highest": ({}, {"num_features": 8}, "rows", "csr"),
    "none-narrow": ({"feature_selection": "none", "kernel_width": 0.35}, {}, "rows", "csr"),
    "kernel-width-top-labels": (
        {"kernel_width": 0.8},
        {"num_features": 4, "top_labels": 3},
        "rows",
        "csr",
    ),
    "narrow-kernel-cosine": (
        {"kernel_width": 0.3},
        {"num_features": 3, "distance_metric": "cosine"},
        "rows",
        "csr",
    ),
    "manhattan-labels": (
        {},
        {"num_features": 4, "distance_metric": "manhattan", "labels": (0, 3)},
        "rows",
        "csr",
    ),
    "custom-kernel": (
        {"kernel": lambda d, kernel_width: np.exp(-d / kernel_width)},
        {"num_features": 4},
        "rows",
        "csr",
    ),
    "model-regressor": (
        {},
        {"num_features": 4, "model_regressor": Ridge(alpha=0.3)},
        "rows",
        "csr",
    ),
    "regression-forward": ({"mode": "regression"}, {"num_features": 4}, "rows", "csr"),
    "regression-highest": (
        {"mode": "regression", "feature_selection": "highest_weights"},
        {"num_features": 10},
        "few",
        "csr",
    ),
    "regression-none-linear": (
        {"mode": "regression", "feature_selection": "none"},
        {"model_regressor": LinearRegression()},
        "rows",
        "csr",
    ),
    # lime ignores discretize_continuous, discretizer and training_labels with sparse data
    "entropy-ignored": (
        {"discretizer": "entropy", "_labels": True},
        {"num_features": 3},
        "rows",
        "csr",
    ),
    "decile-ignored-continuous": (
        {"discretize_continuous": False, "discretizer": "decile"},
        {"num_features": 6},
        "rows",
        "csr",
    ),
    "all-zero-instance": ({}, {"num_features": 3}, "zero", "csr"),
    "csc-training-csr-array-row": ({}, {"num_features": 4}, "rows", "csc+array"),
    "float32": ({}, {"num_features": 5}, "rows", "float32"),
    "dense-row-sparse-training": ({}, {"num_features": 5}, "rows", "dense-row"),
    "sparse-row-dense-training": (
        {"discretize_continuous": False},
        {"num_features": 5},
        "rows",
        "dense-training",
    ),
}


def _sparse_case(digits: dict[str, Any], variant: str, which: str) -> tuple[Any, list[Any]]:
    X: Any = digits["X"]
    rows = [digits["zero"]] * 2 if which == "zero" else [X[i] for i in digits[which]]
    if variant == "csc+array":
        return X.tocsc(), [sp.csr_array(r) for r in rows]
    if variant == "float32":
        return X.astype(np.float32), [r.astype(np.float32) for r in rows]
    if variant == "dense-row":
        return X, [r.toarray().ravel() for r in rows]
    if variant == "dense-training":
        return digits["dense"], rows
    return X, rows


@pytest.mark.parametrize("case", list(SPARSE_CASES))
def test_sparse_matches_lime(case: str, digits: dict[str, Any]) -> None:
    ctor, call, which, variant = SPARSE_CASES[case]
    ctor, call = dict(ctor), dict(call)
    if ctor.pop("_labels", False):
        ctor["training_labels"] = digits["classifier"].predict(digits["X"])
    training, rows = _sparse_case(digits, variant, which)
    model = digits["regressor"] if ctor.get("mode") == "regression" else digits["classifier"]
    predict = model.predict if ctor.get("mode") == "regression" else model.predict_proba
    asked: list[Any] = []

    def recorded(batch: Any) -> Any:
        asked.append(batch)
        return predict(batch)

    call.setdefault("num_samples", 800)
    run_pair(
        lambda: lime.lime_tabular.LimeTabularExplainer(training, random_state=13, **ctor),
        lambda: lw.LimeTabularExplainer(training, random_state=13, **ctor),
        lambda e, i: e.explain_instance(rows[i], recorded, **call),
    )
    # the model saw the same rows as lime's, in the same (sparse or dense) form
    assert len(asked) == 4
    for theirs, ours in ((asked[0], asked[1]), (asked[2], asked[3])):
        assert sp.issparse(theirs) == sp.issparse(ours)
        a = theirs.toarray() if sp.issparse(theirs) else theirs
        b = ours.toarray() if sp.issparse(ours) else ours
        np.testing.assert_array_equal(a, b)


# -- recurrent ------------------------------------------------------------------------------
N_STEPS, N_SERIES = 5, 3


@pytest.fixture(scope="module")
def series() -> dict[str, Any]:
    """400 series of 5 steps x 3 features; feature 2 is a category code (0..3) per step."""
    rs = np.random.RandomState(0)
    X = rs.normal(size=(400, N_STEPS, N_SERIES))
    X[:, :, 2] = rs.randint(0, 4, size=(400, N_STEPS))
    score = 1.5 * X[:, -1, 0] - X[:, -2, 1] + 0.4 * (X[:, -1, 2] == 3)
    y = np.digitize(score, np.percentile(score, [33, 66]))  # 3 classes
    flat = X.reshape(len(X), -1)
    classifier = LogisticRegression(max_iter=2000).fit(flat, y)
    regressor = Ridge(alpha=1.0).fit(flat, score)
    return {
        "X": X,
        "y": y,
        "predict_proba": lambda S: classifier.predict_proba(S.reshape(len(S), -1)),
        "predict": lambda S: regressor.predict(S.reshape(len(S), -1)),
    }


#: the flattened columns of feature 2 (lime flattens feature by feature)
CATEGORY = [2 * N_STEPS + t for t in range(N_STEPS)]

RECURRENT_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "quartile-forward": ({}, {"num_features": 4}),
    "decile-highest": ({"discretizer": "decile"}, {"num_features": 8}),
    "entropy": ({"discretizer": "entropy", "_labels": True}, {"num_features": 5}),
    "continuous-lasso": (
        {"discretize_continuous": False, "feature_selection": "lasso_path"},
        {"num_features": 4},
    ),
    "continuous-highest": ({"discretize_continuous": False}, {"num_features": 10}),
    "categorical-continuous": (
        {
            "discretize_continuous": False,
            "categorical_features": CATEGORY,
            "categorical_names": {c: ["mon", "tue", "wed", "thu"] for c in CATEGORY},
        },
        {"num_features": 5},
    ),
    "categorical-quartile": ({"categorical_features": CATEGORY}, {"num_features": 6}),
    "top-labels-none": (
        {"feature_selection": "none", "class_names": ["low", "mid", "high"]},
        {"top_labels": 2},
    ),
    "kernel-width-forward": (
        {"kernel_width": 1.2, "feature_selection": "forward_selection"},
        {"num_features": 3, "labels": (0, 2)},
    ),
    "regression": ({"mode": "regression", "kernel_width": 2.5}, {"num_features": 6}),
    "regression-continuous": (
        {"mode": "regression", "discretize_continuous": False},
        {"num_features": 4, "model_regressor": LinearRegression()},
    ),
}


@pytest.mark.parametrize("case", list(RECURRENT_CASES))
def test_recurrent_matches_lime(case: str, series: dict[str, Any]) -> None:
    ctor, call = dict(RECURRENT_CASES[case][0]), dict(RECURRENT_CASES[case][1])
    if ctor.pop("_labels", False):
        ctor["training_labels"] = series["y"]
    X = series["X"]
    regression = ctor.get("mode") == "regression"
    predict = series["predict"] if regression else series["predict_proba"]
    shapes: list[tuple[int, ...]] = []

    def recorded(batch: np.ndarray) -> Any:
        shapes.append(batch.shape)
        return predict(batch)

    names = ["load", "temperature", "weekday"]
    call.setdefault("num_samples", 800)
    run_pair(
        lambda: lime.lime_tabular.RecurrentTabularExplainer(
            X, feature_names=names, random_state=21, **ctor
        ),
        lambda: lw.RecurrentTabularExplainer(X, feature_names=names, random_state=21, **ctor),
        lambda e, i: e.explain_instance(X[[5, 77][i]], recorded, **call),
    )
    # the model is asked about series shaped as it was trained on, by both
    assert shapes == [(call["num_samples"], N_STEPS, N_SERIES)] * 4


def test_recurrent_default_names_and_module_paths(series: dict[str, Any]) -> None:
    """lime 0.2.0.1 needs feature_names (a TypeError without); ours names them as lime's master."""
    X = series["X"]
    exp = lw.RecurrentTabularExplainer(X, random_state=0).explain_instance(
        X[0], series["predict_proba"], num_features=20, num_samples=300
    )
    names = {n.split(" ")[0] for n, _ in exp.as_list()} | {n for n, _ in exp.as_list()}
    assert any("feature0_t-0" in n for n in names)
    assert lw.lime_tabular.RecurrentTabularExplainer is lw.RecurrentTabularExplainer
    with pytest.raises(TypeError):
        lime.lime_tabular.RecurrentTabularExplainer(X)


# -- what lime fails at ---------------------------------------------------------------------
def test_sparse_categorical_features_are_refused_clearly(digits: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="unhashable"):  # lime: a TypeError from inside
        lime.lime_tabular.LimeTabularExplainer(digits["X"], categorical_features=[3])
    with pytest.raises(ValueError, match=r"'categorical_features' parameter .* must be empty"):
        lw.LimeTabularExplainer(digits["X"], categorical_features=[3])


def test_sparse_row_with_binned_dense_training_is_refused_clearly(
    digits: dict[str, Any],
) -> None:
    row = digits["X"][7]
    model = digits["classifier"]
    with pytest.raises(ValueError, match="broadcast"):  # lime: numpy's message
        lime.lime_tabular.LimeTabularExplainer(digits["dense"]).explain_instance(
            row, model.predict_proba
        )
    explainer = lw.LimeTabularExplainer(digits["dense"], random_state=0)
    with pytest.raises(ValueError, match="discretize_continuous=False"):
        explainer.explain_instance(row, model.predict_proba)
    # the explainer still works afterwards
    exp = explainer.explain_instance(row.toarray().ravel(), model.predict_proba, num_samples=50)
    assert len(exp.as_list()) == 10


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (lambda X: X[:2], r"shape \(1, 64\)"),
        (lambda X: X[:, :10][0], r"shape \(1, 64\)"),
        (lambda X: sp.csr_matrix(([np.nan], ([0], [3])), shape=(1, 64)), "NaN"),
    ],
    ids=["two-rows", "too-few-columns", "nan"],
)
def test_bad_sparse_rows_say_what_is_wrong(
    row: Callable[[Any], Any], message: str, digits: dict[str, Any]
) -> None:
    explainer = lw.LimeTabularExplainer(digits["X"], random_state=0)
    with pytest.raises(ValueError, match=message):
        explainer.explain_instance(row(digits["X"]), digits["classifier"].predict_proba)


def test_sparse_distance_needs_a_sparse_metric(digits: dict[str, Any]) -> None:
    X, model = digits["X"], digits["classifier"]
    with pytest.raises(TypeError, match="do not support sparse"):  # lime: scipy's message
        lime.lime_tabular.LimeTabularExplainer(X).explain_instance(
            X[7], model.predict_proba, distance_metric="chebyshev"
        )
    with pytest.raises(ValueError, match=r"'distance_metric' .* one of .*'manhattan'"):
        lw.LimeTabularExplainer(X).explain_instance(
            X[7], model.predict_proba, distance_metric="chebyshev"
        )


def test_sparse_lasso_and_sample_around_instance_work_as_documented(
    digits: dict[str, Any],
) -> None:
    """lime raises numpy errors for both; ours runs them as lime's documentation describes."""
    X, model = digits["X"], digits["classifier"]
    row = X[7]
    with pytest.raises(np.exceptions.AxisError):
        lime.lime_tabular.LimeTabularExplainer(X, feature_selection="lasso_path").explain_instance(
            row, model.predict_proba, num_features=3, num_samples=300
        )
    lasso = lw.LimeTabularExplainer(X, feature_selection="lasso_path", random_state=0)
    exp = lasso.explain_instance(row, model.predict_proba, num_features=3, num_samples=300)
    chosen = [f for f, _ in exp.as_map()[1]]
    assert 0 < len(chosen) <= 3
    assert set(chosen) <= set(row.indices)  # only the instance's non-zeros can explain it
    around = lw.LimeTabularExplainer(X, sample_around_instance=True, random_state=0)
    exp = around.explain_instance(row, model.predict_proba, num_features=3, num_samples=300)
    design = exp.neighbourhood.sparse_design  # the draws, centred on the instance's values
    scale = around.scaler.scale_[row.indices]
    centre = np.asarray(design[1:].mean(axis=0)).ravel()[row.indices] / scale
    # 299 draws around each value: within 4 standard errors (the training mean is not)
    np.testing.assert_allclose(centre, row.data, rtol=0, atol=4 * scale.max() / np.sqrt(299))
    assert np.abs(around.scaler.mean_[row.indices] - row.data).max() > 4 * scale.max() / 17


def test_sparse_forward_selection_survives_lime_breakdown() -> None:
    """lime's forward selection raises "Input contains NaN" when almost every weight is 0.

    Raw digits (0..16): lime's sparse design multiplies by the standard deviation, so the
    default kernel leaves one effective sample and ``Ridge(alpha=0)`` breaks down. Ours
    passes over the broken candidates and says how few samples the fit rests on.
    """
    X, y = load_digits(return_X_y=True)
    data = sp.csr_matrix(np.where(X >= 13, X, 0.0)[:600])
    model = LogisticRegression(max_iter=2000).fit(data, y[:600])
    with pytest.raises(ValueError, match="Input contains NaN"):
        lime.lime_tabular.LimeTabularExplainer(data, random_state=13).explain_instance(
            data[42], model.predict_proba, num_features=5, num_samples=800
        )
    exp = lw.LimeTabularExplainer(data, random_state=13).explain_instance(
        data[42], model.predict_proba, num_features=5, num_samples=800
    )
    assert len(exp.as_list()) == 5
    assert all(np.isfinite(w) for _, w in exp.as_list())
    assert exp.effective_sample_size < 2
    assert "effective sample" in (exp.sample_size_warning or "")


def test_sparse_explanation_refits_and_grows_without_drift(digits: dict[str, Any]) -> None:
    """A sparse explanation's widget path: refit and grow give explain_instance's numbers."""
    X, model = digits["X"], digits["classifier"]
    calls: list[int] = []

    def predict(batch: Any) -> Any:
        calls.append(batch.shape[0])
        return model.predict_proba(batch)

    explainer = lw.LimeTabularExplainer(X, random_state=3)
    exp = explainer.explain_instance(X[42], predict, num_features=4, num_samples=600)
    lime_exp = lime.lime_tabular.LimeTabularExplainer(
        X, random_state=3, kernel_width=1.0
    ).explain_instance(X[42], model.predict_proba, num_features=2, num_samples=600)
    refit = exp.refit(kernel_width=1.0, num_features=2)
    assert_same(lime_exp, refit)
    assert calls == [600]  # a refit asks the model nothing
    pool = exp.pool
    assert pool is not None
    pool.grow(900)
    assert calls == [600, 300]  # only the new rows
    grown = exp.prepared.explain(600) if exp.prepared is not None else None
    assert grown is not None
    assert grown.as_map() == exp.as_map()


def test_submodular_pick_on_sparse_rows(digits: dict[str, Any]) -> None:
    """lime's SubmodularPick fails on sparse data (``len`` of a matrix); ours explains each
    row as lime's explain_instance loop would, then picks."""
    X, model = digits["X"][:6], digits["classifier"]
    with pytest.raises(TypeError, match="length is ambiguous"):
        lime.submodular_pick.SubmodularPick(
            lime.lime_tabular.LimeTabularExplainer(X), X, model.predict_proba, method="full"
        )
    pick = lw.SubmodularPick(
        lw.LimeTabularExplainer(digits["X"], random_state=4),
        X,
        model.predict_proba,
        method="full",
        num_exps_desired=2,
        num_features=3,
        num_samples=300,
    )
    theirs = lime.lime_tabular.LimeTabularExplainer(digits["X"], random_state=4)
    for i in range(6):
        expected = theirs.explain_instance(
            X[i], model.predict_proba, num_features=3, num_samples=300, top_labels=1
        )
        assert_same(expected, pick.explanations[i])
    assert len(pick.V) == 2


@pytest.mark.parametrize("alpha", [0.0, 0.01, 1.0])
@pytest.mark.parametrize("shape", [(300, 40), (30, 200)], ids=["tall", "wide"])
def test_sparse_ridge_is_scikit_learns_bit_for_bit(alpha: float, shape: tuple[int, int]) -> None:
    """The sparse fits skip scikit-learn's input checks, never its numbers."""
    from lime_widget.engine._sparse import r2_score, ridge_fit

    rs = np.random.RandomState(int(alpha * 100) + shape[0])
    n, d = shape
    x = sp.random(n, d, density=0.2, format="csr", random_state=rs)
    w = rs.rand(n)
    w[: n // 3] = 0.0  # many zero weights, as a narrow kernel gives
    for y in (rs.rand(n), np.full(n, 0.3)):  # a moving and a constant output
        model = Ridge(alpha=alpha).fit(x, y, sample_weight=w)
        coef, intercept = ridge_fit(x, y, w, alpha)
        np.testing.assert_array_equal(coef, model.coef_)
        assert intercept == model.intercept_
        assert r2_score(y, x @ coef + intercept, w) == model.score(x, y, sample_weight=w)


def test_a_refused_recurrent_call_names_its_entry_point_and_keeps_the_stream():
    from lime_widget import RecurrentTabularExplainer

    rng = np.random.RandomState(0)
    series = rng.normal(size=(40, 5, 3))

    def model(x):
        p = 1 / (1 + np.exp(-x[:, -1, 0]))
        return np.column_stack([1 - p, p])

    ours = RecurrentTabularExplainer(series, random_state=0)
    for bad, named in [({"num_features": 0}, "num_features"), ({"labels": 1}, "labels")]:
        with pytest.raises(ValueError, match=rf"'{named}' parameter of RecurrentTabularExplainer"):
            ours.explain_instance(series[0], model, num_samples=200, **bad)
    fresh = RecurrentTabularExplainer(series, random_state=0)
    assert (
        ours.explain_instance(series[0], model, num_samples=200).as_map()
        == fresh.explain_instance(series[0], model, num_samples=200).as_map()
    )


def test_a_sparse_fit_with_a_regressor_without_coef_names_model_regressor():
    """The sparse path reads the regressor's weights through the dense path's check."""
    from scipy import sparse
    from sklearn.tree import DecisionTreeRegressor

    from lime_widget import LimeTabularExplainer

    rng = np.random.RandomState(0)
    X = sparse.csr_matrix(rng.poisson(0.7, size=(60, 5)).astype(float))

    def model(x):
        p = 1 / (1 + np.exp(-np.asarray(x.sum(axis=1)).ravel() + 3))
        return np.column_stack([1 - p, p])

    explainer = LimeTabularExplainer(X, random_state=0)
    with pytest.raises(ValueError, match="'model_regressor' parameter must be a linear regressor"):
        explainer.explain_instance(
            X[0], model, num_samples=200, model_regressor=DecisionTreeRegressor()
        )
