"""``lime_widget.lime_base.LimeBase`` against lime's own, on the same samples."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from lime import lime_base as lime_lime_base
from sklearn.linear_model import Lasso

import lime_widget as lime
from lime_widget import lime_base

METHODS = ["auto", "forward_selection", "highest_weights", "lasso_path", "none"]


def kernel(d, kernel_width):
    return np.sqrt(np.exp(-(d**2) / kernel_width**2))


def samples(seed, n=400, d=8, binary=True):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 2, size=(n, d)).astype(float) if binary else rng.normal(size=(n, d))
    data[0] = 1 if binary else data[0]
    coef = rng.normal(size=(d, 3))
    logits = data @ coef + 0.3 * rng.normal(size=(n, 3))
    labels = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    distances = np.sqrt(((data - data[0]) ** 2).sum(1)) / np.sqrt(d)
    return data, labels, distances


def assert_same(ours, theirs):
    intercept, exp, score, local_pred = ours
    t_intercept, t_exp, t_score, t_local_pred = theirs
    assert [int(f) for f, _ in exp] == [int(f) for f, _ in t_exp]
    np.testing.assert_allclose([w for _, w in exp], [w for _, w in t_exp], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(intercept, t_intercept, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(score, t_score, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(local_pred, t_local_pred, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("num_features", [2, 5, 8])
@pytest.mark.parametrize("seed", [0, 1])
def test_explain_instance_with_data_is_limes(method, num_features, seed):
    data, labels, distances = samples(seed, binary=seed == 0)
    fn = functools.partial(kernel, kernel_width=0.75)
    args = (data, labels, distances, 1, num_features, method)
    ours = lime_base.LimeBase(fn).explain_instance_with_data(*args)
    theirs = lime_lime_base.LimeBase(fn).explain_instance_with_data(*args)
    assert_same(ours, theirs)


@pytest.mark.parametrize("method", METHODS)
def test_feature_selection_is_limes(method):
    data, labels, distances = samples(3)
    weights = kernel(distances, 0.5)
    ours = lime_base.LimeBase(lambda d: d).feature_selection(data, labels[:, 2], weights, 4, method)
    theirs = lime_lime_base.LimeBase(lambda d: d).feature_selection(
        data, labels[:, 2], weights, 4, method
    )
    assert list(map(int, ours)) == list(map(int, theirs))


def test_forward_selection_and_lars_path_are_limes():
    data, labels, distances = samples(4, binary=False)
    weights = kernel(distances, 1.0)
    ours = lime_base.LimeBase(lambda d: d).forward_selection(data, labels[:, 0], weights, 3)
    theirs = lime_lime_base.LimeBase(lambda d: d).forward_selection(data, labels[:, 0], weights, 3)
    assert list(map(int, ours)) == list(map(int, theirs))
    xw, yw = data * np.sqrt(weights)[:, None], labels[:, 0] * np.sqrt(weights)
    for ours_part, theirs_part in zip(
        lime_base.LimeBase.generate_lars_path(xw, yw),
        lime_lime_base.LimeBase.generate_lars_path(xw, yw),
        strict=True,
    ):
        np.testing.assert_array_equal(ours_part, theirs_part)


def test_model_regressor_and_verbose_are_limes(capsys):
    data, labels, distances = samples(5)
    fn = functools.partial(kernel, kernel_width=0.8)
    args = (data, labels, distances, 0, 3, "highest_weights")
    ours = lime_base.LimeBase(fn, verbose=True).explain_instance_with_data(
        *args, model_regressor=Lasso(alpha=1e-4)
    )
    printed = capsys.readouterr().out
    theirs = lime_lime_base.LimeBase(fn, verbose=True).explain_instance_with_data(
        *args, model_regressor=Lasso(alpha=1e-4)
    )
    assert_same(ours, theirs)
    assert printed.splitlines()[0].startswith("Intercept")
    assert len(printed.splitlines()) == len(capsys.readouterr().out.splitlines())


def test_lime_import_styles_reach_it():
    assert lime.lime_base.LimeBase is lime_base.LimeBase
    from lime_widget.lime_base import LimeBase

    assert LimeBase is lime_base.LimeBase


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda b, a: b.explain_instance_with_data(*a[:3], 3, 2), "label"),
        (lambda b, a: b.explain_instance_with_data(*a[:3], 0, 0), "num_features"),
        (lambda b, a: b.explain_instance_with_data(*a[:3], 0, 2, "best"), "feature_selection"),
        (
            lambda b, a: b.explain_instance_with_data(a[0], a[1][:5], a[2], 0, 2),
            "neighborhood_labels",
        ),
        (lambda b, a: b.explain_instance_with_data(a[0], a[1], a[2][:5], 0, 2), "distances"),
        (
            lambda b, a: b.explain_instance_with_data(a[0] * np.nan, a[1], a[2], 0, 2),
            "neighborhood_data",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, named):
    data, labels, distances = samples(6)
    base = lime_base.LimeBase(functools.partial(kernel, kernel_width=0.5))
    with pytest.raises(ValueError, match=named):
        call(base, (data, labels, distances))


@pytest.mark.parametrize(
    "weights", [lambda d: d * 0, lambda d: d * np.nan, lambda d: -d, lambda d: 1.0]
)
def test_a_kernel_fn_without_usable_weights_is_refused(weights):
    data, labels, distances = samples(7)
    distances[1:] += 0.1
    with pytest.raises(ValueError, match="kernel_fn"):
        lime_base.LimeBase(weights).explain_instance_with_data(data, labels, distances, 0, 2)


@pytest.mark.parametrize("method", ["auto", "forward_selection", "highest_weights", "none"])
def test_sparse_samples_are_fit_as_lime_fits_them(method):
    """lime fits a sparse neighbourhood as it is (scikit-learn's iterative sparse ridge)."""
    from scipy import sparse

    rng = np.random.default_rng(8)
    data = rng.normal(size=(300, 12)) * (rng.random((300, 12)) < 0.5)
    data[:, [3, 7]] = 0.0  # columns the instance has no value in: empty in every sample
    labels = np.column_stack([data @ rng.normal(size=12), np.tanh(data[:, 0])])
    distances = np.sqrt(((data - data[0]) ** 2).sum(1))
    fn = functools.partial(kernel, kernel_width=3.0)
    args = (sparse.csr_matrix(data), labels, distances, 0, 4, method)
    ours = lime_base.LimeBase(fn).explain_instance_with_data(*args)
    theirs = lime_lime_base.LimeBase(fn).explain_instance_with_data(*args)
    assert_same(ours, theirs)
