"""``explain_many`` and ``SubmodularPick``: every option checked before any row is explained.

Errors name the method the user called (``explain_many``, ``SubmodularPick``),
also for the ``explain_instance`` options they pass on, and a row that turns
out bad mid-run still carries the finished rows (``partial_results``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from lime_widget import LimeTabularExplainer, LimeTextExplainer, SubmodularPick

from ._support import CODES, TAB, TXT, X, _with_codes, make, refused, tab_model, text_model

MANY = f"{TAB}.explain_many"

MANY_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("instances-None", {"instances": None}, TypeError, "instances", r"Got None"),
    ("instances-int", {"instances": 5}, TypeError, "instances", r"Got 5 of type int"),
    ("instances-1d", {"instances": X[0]}, ValueError, "instances", r"one instance per row"),
    (
        "instances-columns",
        {"instances": X[:2, :3]},
        ValueError,
        "instances",
        r"4 columns.*\(2, 3\)",
    ),
    ("instances-nan", {"instances": X[:2] * np.nan}, ValueError, "instances", r"NaN"),
    ("predict_fn-str", {"predict_fn": "model"}, TypeError, "predict_fn", r"callable.*'model'"),
    ("n_jobs-0", {"n_jobs": 0}, ValueError, "n_jobs", r"non-zero.*Got 0"),
    ("n_jobs-str", {"n_jobs": "2"}, TypeError, "n_jobs", r"Got '2' of type str"),
    ("per_row_seeds-str", {"per_row_seeds": "yes"}, TypeError, "per_row_seeds", r"True or False"),
    ("chunk_size-0", {"chunk_size": 0}, ValueError, "chunk_size", r">= 1.*Got 0\b"),
    ("chunk_size-float", {"chunk_size": 2.0}, TypeError, "chunk_size", r"of type float"),
    ("progress-int", {"progress": 1}, TypeError, "progress", r"True or False or None.*Got 1"),
    ("on_result-str", {"on_result": "print"}, TypeError, "on_result", r"callable.*'print'"),
    (
        "keep_neighbourhood-str",
        {"keep_neighbourhood": "no"},
        TypeError,
        "keep_neighbourhood",
        "'no'",
    ),
    (
        "keep_neighbourhood-None",
        {"keep_neighbourhood": None},
        TypeError,
        "keep_neighbourhood",
        "None",
    ),
    ("model_thread-int", {"model_thread": 0}, TypeError, "model_thread", r"Got 0 of type int"),
    ("num_features-0", {"num_features": 0}, ValueError, "num_features", r">= 1.*Got 0\b"),
    ("num_samples-str", {"num_samples": "50"}, TypeError, "num_samples", r"Got '50'"),
    ("labels-int", {"labels": 1}, TypeError, "labels", r"Got 1 of type int"),
    ("top_labels-0", {"top_labels": 0}, ValueError, "top_labels", r"Got 0\b"),
    (
        "distance_metric-typo",
        {"distance_metric": "euclidian"},
        ValueError,
        "distance_metric",
        "euclidean",
    ),
    (
        "model_regressor-class",
        {"model_regressor": object},
        TypeError,
        "model_regressor",
        "object()",
    ),
    ("batch_size-0", {"batch_size": 0}, ValueError, "batch_size", r"Got 0\b"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in MANY_CASES],
    ids=[c[0] for c in MANY_CASES],
)
def test_explain_many_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    calls: list[int] = []

    def model(rows: Any) -> Any:
        calls.append(len(rows))
        return tab_model(rows)

    kwargs = {"instances": X[:3], "predict_fn": model, "num_samples": 50, **kwargs}
    explainer = make("tabular")
    refused(lambda: explainer.explain_many(**kwargs), error, param, entry=MANY, match=match)
    assert calls == []  # refused before the model was asked about anything


def test_explain_many_checks_options_even_without_rows() -> None:
    refused(
        lambda: make("tabular").explain_many(X[:0], tab_model, num_features=0),
        ValueError,
        "num_features",
        entry=MANY,
    )


def test_explain_many_unknown_keyword() -> None:
    with pytest.raises(TypeError, match=r"explain_many.*'num_sample'.*Did you mean 'num_samples'"):
        make("tabular").explain_many(X[:2], tab_model, num_sample=50)


def test_text_instances_must_be_strings() -> None:
    refused(
        lambda: LimeTextExplainer().explain_many(["a good film", 2], text_model),
        TypeError,
        "instances",
        entry=f"{TXT}.explain_many",
        match=r"Item 1 is 2 of type int",
    )


def test_a_bad_row_mid_run_names_explain_many_and_keeps_the_finished_rows() -> None:
    """Row 2 has a category code the names do not cover: found when its turn comes."""
    data = _with_codes(CODES)
    explainer = LimeTabularExplainer(
        data, categorical_features=[2], categorical_names={2: ["r", "g", "b"]}, random_state=0
    )
    rows = data[:3].copy()
    rows[2, 2] = 7.0
    with pytest.raises(ValueError, match=rf"'data_row' parameter of {MANY}.*7.0") as excinfo:
        explainer.explain_many(rows, tab_model, num_samples=50, chunk_size=1, model_thread=False)
    partial = excinfo.value.partial_results  # type: ignore[attr-defined]
    assert partial.missing == [2]  # rows 0 and 1 finished


# ---------------------------------------------------------------- SubmodularPick

PICK = "SubmodularPick"

PICK_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("explainer-str", {"explainer": "lime"}, TypeError, "explainer", r"lime_widget explainer"),
    ("data-None", {"data": None}, TypeError, "data", r"Got None"),
    ("data-int", {"data": 5}, TypeError, "data", r"Got 5 of type int"),
    ("data-columns", {"data": X[:5, :2]}, ValueError, "data", r"4 columns"),
    ("predict_fn-str", {"predict_fn": "m"}, TypeError, "predict_fn", r"callable.*'m'"),
    ("method-typo", {"method": "ful"}, ValueError, "method", r"Did you mean 'full'"),
    ("method-int", {"method": 1}, TypeError, "method", r"Got 1 "),
    ("sample_size-0", {"sample_size": 0}, ValueError, "sample_size", r">= 1.*Got 0\b"),
    ("sample_size-str", {"sample_size": "3"}, TypeError, "sample_size", r"Got '3'"),
    ("num_exps_desired-0", {"num_exps_desired": 0}, ValueError, "num_exps_desired", r"Got 0\b"),
    ("num_exps_desired-str", {"num_exps_desired": "2"}, TypeError, "num_exps_desired", "'2'"),
    ("num_features-0", {"num_features": 0}, ValueError, "num_features", r">= 1.*Got 0\b"),
    ("num_features-float", {"num_features": 2.5}, TypeError, "num_features", r"Got 2.5"),
    ("top_labels-str", {"top_labels": "1"}, TypeError, "top_labels", r"Got '1'"),
    ("num_samples-1", {"num_samples": 1}, ValueError, "num_samples", r"Got 1\b"),
    ("n_jobs-0", {"n_jobs": 0}, ValueError, "n_jobs", r"non-zero"),
    ("progress-str", {"progress": "yes"}, TypeError, "progress", r"'yes'"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in PICK_CASES],
    ids=[c[0] for c in PICK_CASES],
)
def test_submodular_pick_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    args: dict[str, Any] = {
        "explainer": make("tabular"),
        "data": X[:5],
        "predict_fn": tab_model,
        "num_samples": 50,
        **kwargs,
    }
    refused(lambda: SubmodularPick(**args), error, param, entry=PICK, match=match)


def test_submodular_pick_unknown_keyword() -> None:
    with pytest.raises(TypeError, match=r"SubmodularPick.*'num_sample'.*Did you mean"):
        SubmodularPick(make("tabular"), X[:5], tab_model, method="full", num_sample=50)


def test_submodular_pick_figure_refuses_max_features() -> None:
    sp = SubmodularPick(
        make("tabular"), X[::30], tab_model, method="full", num_exps_desired=2, num_samples=50
    )
    refused(
        lambda: sp.as_plotly_figure(max_features=0),
        ValueError,
        "max_features",
        entry="SubmodularPick.as_plotly_figure",
    )
