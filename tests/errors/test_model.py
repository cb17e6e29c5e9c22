"""The model's side of the contract: what it returns, and what it raises.

A model whose output is unusable (wrong shape, NaN, not numbers, a changing
number of classes) gets a ``ModelOutputError`` naming the model's parameter and
the method it was passed to; a model that raises surfaces its own exception,
unchanged, and the explainer stays usable afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from lime_widget import ModelOutputError

from ._support import (
    EXPLAINERS,
    GOOD_MODEL,
    KINDS,
    MODEL_ARG,
    ROWS_PER_CALL,
    assert_valid,
    explain,
    make,
    text_model,
)

# ---------------------------------------------------------------- what the model returns


def _bad_models(kind: str) -> dict[str, Callable[[Any], Any]]:
    good = GOOD_MODEL[kind]
    return {
        "fewer-rows": lambda inp: good(inp)[:-1],
        "more-rows": lambda inp: np.vstack([good(inp), good(inp)[:1]]),
        "1-d": lambda inp: good(inp)[:, 1],
        "3-d": lambda inp: good(inp)[:, :, None],
        "nan": lambda inp: np.where(np.arange(len(good(inp)))[:, None] == 3, np.nan, good(inp)),
        "inf": lambda inp: np.where(np.arange(len(good(inp)))[:, None] == 3, np.inf, good(inp)),
        "strings": lambda inp: np.full((len(good(inp)), 2), "a"),
        "list-of-str": lambda inp: [["x", "y"]] * len(good(inp)),
        "scalar": lambda inp: 0.5,
        "none": lambda inp: None,
    }


def _expected_model_message(case: str, n: int) -> str:
    return {
        "fewer-rows": rf"one row per input.*asked about {n} rows and returned {n - 1}\b",
        "more-rows": rf"one row per input.*asked about {n} rows and returned {n + 1}\b",
        "1-d": rf"\(n_samples, n_classes\).*Got shape \({n},\).*predict_proba",
        "3-d": rf"\(n_samples, n_classes\).*Got shape \({n}, 2, 1\)",
        "nan": r"NaN or infinity.*1 of \d+ rows.*row 3\b",
        "inf": r"NaN or infinity.*1 of \d+ rows.*row 3\b",
        "strings": r"must return numbers.*'a'",
        "list-of-str": r"must return numbers.*list.*'x'",
        "scalar": r"\(n_samples, n_classes\).*Got shape \(\)",
        "none": r"(must return numbers.*NoneType)|(\(n_samples, n_classes\).*Got shape \(\))",
    }[case]


MODEL_CASES = list(_bad_models("tabular"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", MODEL_CASES)
def test_bad_model_output(kind: str, case: str) -> None:
    model = _bad_models(kind)[case]
    pattern = _expected_model_message(case, ROWS_PER_CALL[kind])
    with pytest.raises(ModelOutputError, match=pattern) as excinfo:
        explain(kind, model=model)
    assert f"{EXPLAINERS[kind].__name__}.explain_instance" in str(excinfo.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("top_labels", [None, 1], ids=["labels", "top_labels"])
def test_model_output_without_columns(kind: str, top_labels: int | None) -> None:
    """Output of shape (n, 0) is a model-output error, not a 'labels' error or an empty fit."""
    n = ROWS_PER_CALL[kind]
    with pytest.raises(ModelOutputError, match=rf"\({n}, 0\)"):
        explain(kind, model=lambda inp: np.zeros((len(inp), 0)), top_labels=top_labels)


def test_regression_model_output_3d() -> None:
    explainer = make("tabular", mode="regression")
    with pytest.raises(
        ModelOutputError, match=r"one value per row.*regression.*shape \(100, 2, 2\)"
    ):
        explain("tabular", explainer, model=lambda rows: np.zeros((len(rows), 2, 2)))


def test_regression_model_output_without_columns() -> None:
    explainer = make("tabular", mode="regression")
    with pytest.raises(ModelOutputError, match=r"\(100, 0\)"):
        explain("tabular", explainer, model=lambda rows: np.zeros((len(rows), 0)))


def test_regression_model_output_nan() -> None:
    explainer = make("tabular", mode="regression")

    def model(rows: np.ndarray) -> np.ndarray:
        out = rows[:, 0].copy()
        out[7] = np.nan
        return out

    with pytest.raises(ModelOutputError, match=r"NaN or infinity.*row 7\b"):
        explain("tabular", explainer, model=model)


def test_model_changes_number_of_classes_between_batches() -> None:
    calls = []

    def model(docs: list[str]) -> np.ndarray:
        calls.append(len(docs))
        out = text_model(docs)
        return out if len(calls) == 1 else np.column_stack([out, np.zeros(len(docs))])

    with pytest.raises(ModelOutputError, match=r"returned 3 columns, earlier 2"):
        explain("text", model=model, batch_size=50)


# ---------------------------------------------------------------- a model that raises


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("kind", KINDS)
def test_model_exception_propagates_and_explainer_stays_usable(kind: str) -> None:
    explainer = make(kind)
    error = RuntimeError("boom")

    def broken(inp: Any) -> Any:
        raise error

    with pytest.raises(RuntimeError, match="boom") as excinfo:
        explain(kind, explainer, model=broken)
    assert excinfo.value is error  # the model's own exception, not a wrapper

    assert_valid(explain(kind, explainer))


@pytest.mark.parametrize("kind", KINDS)
def test_model_value_error_is_not_rewrapped(kind: str) -> None:
    explainer = make(kind)

    def broken(inp: Any) -> Any:
        raise ValueError("Input contains a category the encoder has not seen")

    with pytest.raises(ValueError, match="category the encoder has not seen") as excinfo:
        explain(kind, explainer, model=broken)
    assert type(excinfo.value) is ValueError

    assert_valid(explain(kind, explainer))


@pytest.mark.parametrize("kind", KINDS)
def test_model_raising_in_a_later_batch(kind: str) -> None:
    explainer = make(kind)
    good = GOOD_MODEL[kind]
    calls = []

    def flaky(inp: Any) -> Any:
        calls.append(len(inp))
        if len(calls) == 2:
            raise Boom("boom in batch 2")
        return good(inp)

    with pytest.raises(Boom, match="boom in batch 2"):
        explain(kind, explainer, model=flaky, batch_size=10)
    assert len(calls) == 2  # stopped at the failing batch

    assert_valid(explain(kind, explainer, batch_size=10))


@pytest.mark.parametrize("kind", KINDS)
def test_explainer_usable_after_bad_model_output(kind: str) -> None:
    explainer = make(kind)
    with pytest.raises(ModelOutputError):
        explain(kind, explainer, model=_bad_models(kind)["nan"])
    with pytest.raises(ValueError, match="'num_samples'"):
        explain(kind, explainer, num_samples=1)
    assert_valid(explain(kind, explainer))


def test_tabular_explainer_usable_after_bad_data_row() -> None:
    explainer = make("tabular")
    with pytest.raises(ValueError, match="'data_row'"):
        explain("tabular", explainer, instance=np.ones(3))
    assert_valid(explain("tabular", explainer))


@pytest.mark.parametrize("kind", KINDS)
def test_model_output_errors_name_the_model_parameter(kind: str) -> None:
    with pytest.raises(ModelOutputError) as excinfo:
        explain(kind, model=_bad_models(kind)["nan"])
    assert f"The model ('{MODEL_ARG[kind]}') passed to" in str(excinfo.value)
