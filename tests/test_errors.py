"""Bad input gets a clear ValueError/TypeError, never an IndexError from inside numpy.

Every message must say (sklearn style) which parameter is wrong, the constraint,
what was given and, where there is one, the fix. The ``match=`` patterns check
the parameter name and the given value, so a vague message fails the test.

A model that raises surfaces its own exception, unchanged, and the explainer
stays usable afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from lime_widget import (
    InvalidParameterError,
    LimeImageExplainer,
    LimeTabularExplainer,
    LimeTextExplainer,
    ModelOutputError,
)

KINDS = ("tabular", "text", "image")
TAB = "LimeTabularExplainer"

# ---------------------------------------------------------------- data and models

_IRIS = load_iris()
X: np.ndarray = _IRIS.data
Y_BINARY: np.ndarray = (_IRIS.target == 2).astype(int)
MODEL = LogisticRegression(max_iter=1000).fit(X, Y_BINARY)
N_COLS = X.shape[1]


def tab_model(rows: Any) -> np.ndarray:
    return MODEL.predict_proba(rows)


def text_model(docs: list[str]) -> np.ndarray:
    p = np.array([0.9 if "good" in d else 0.2 for d in docs])
    return np.column_stack([1 - p, p])


IMAGE = np.zeros((32, 32, 3))
IMAGE[:16] = 1.0
SEGMENTS = np.repeat(np.arange(4), 256).reshape(32, 32)


def segment(image: np.ndarray) -> np.ndarray:
    return SEGMENTS


def image_model(images: np.ndarray) -> np.ndarray:
    p = images[:, :16].mean(axis=(1, 2, 3))
    return np.column_stack([1 - p, p])


# Rows the model is asked about in its first call, with the defaults of ``explain`` below.
ROWS_PER_CALL = {"tabular": 100, "text": 100, "image": 10}
EXPLAINERS = {
    "tabular": LimeTabularExplainer,
    "text": LimeTextExplainer,
    "image": LimeImageExplainer,
}
# The name of the model argument of each ``explain_instance``.
MODEL_ARG = {"tabular": "predict_fn", "text": "classifier_fn", "image": "classifier_fn"}
GOOD_MODEL = {"tabular": tab_model, "text": text_model, "image": image_model}


def make(kind: str, **kwargs: Any) -> Any:
    """A small explainer of ``kind`` (deterministic)."""
    if kind == "tabular":
        return LimeTabularExplainer(X, random_state=0, **kwargs)
    if kind == "text":
        return LimeTextExplainer(random_state=0, **kwargs)
    return LimeImageExplainer(random_state=0, **kwargs)


def explain(
    kind: str, explainer: Any = None, model: Callable[[Any], Any] | None = None, **kwargs: Any
) -> Any:
    """Run ``explain_instance`` with small, valid defaults overridden by ``kwargs``."""
    explainer = make(kind) if explainer is None else explainer
    model = GOOD_MODEL[kind] if model is None else model
    if kind == "tabular":
        instance = kwargs.pop("instance", X[0])
        kwargs.setdefault("num_samples", 100)
    elif kind == "text":
        instance = kwargs.pop("instance", "a good film, a good cast")
        kwargs.setdefault("num_samples", 100)
    else:
        instance = kwargs.pop("instance", IMAGE)
        kwargs.setdefault("num_samples", 50)
        kwargs.setdefault("segmentation_fn", segment)
        kwargs.setdefault("batch_size", 10)
    kwargs.setdefault("num_features", 3)
    return explainer.explain_instance(instance, model, **kwargs)


def assert_valid(exp: Any, label: int = 1) -> None:
    """``exp`` is a usable explanation: finite weights and an intercept for ``label``."""
    pairs = exp.as_list(label=label)
    assert len(pairs) >= 1
    assert all(np.isfinite(w) for _, w in pairs)
    assert np.isfinite(exp.intercept[label])


def q(text: str) -> str:
    """Regex-escape ``text``."""
    return re.escape(text)


def test_error_classes_are_sklearn_style() -> None:
    assert issubclass(InvalidParameterError, ValueError)
    assert issubclass(InvalidParameterError, TypeError)
    assert issubclass(ModelOutputError, ValueError)


# ---------------------------------------------------------------- tabular: training data


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
def test_training_data_nan_or_inf(bad: float) -> None:
    data = X.copy()
    data[3, 2] = bad
    with pytest.raises(ValueError, match=r"'training_data'.*NaN or infinity.*index \(3, 2\)"):
        LimeTabularExplainer(data)


def test_training_data_not_2d() -> None:
    with pytest.raises(ValueError, match=r"'training_data'.*2-d.*shape \(150,\)"):
        LimeTabularExplainer(X[:, 0])


def test_training_data_empty() -> None:
    with pytest.raises(ValueError, match=r"'training_data'.*empty.*\(0, 4\)"):
        LimeTabularExplainer(np.empty((0, 4)))


def test_training_data_strings() -> None:
    data = np.array([["a", "1.0"], ["b", "2.0"]], dtype=object)
    with pytest.raises(ValueError, match=r"'training_data'.*numeric.*'a'"):
        LimeTabularExplainer(data)


def test_feature_names_wrong_length() -> None:
    with pytest.raises(ValueError, match=r"'feature_names'.*\(4\).*Got 3"):
        LimeTabularExplainer(X, feature_names=["a", "b", "c"])


# ---------------------------------------------------------------- options shared by every explainer


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("width", "given"),
    [(0, "Got 0 "), (-1, "Got -1 "), (float("nan"), "Got nan "), (float("inf"), "Got inf ")],
    ids=["zero", "negative", "nan", "inf"],
)
def test_kernel_width_not_positive(kind: str, width: float, given: str) -> None:
    with pytest.raises(ValueError, match=rf"'kernel_width'.*> 0.*{q(given)}"):
        make(kind, kernel_width=width)


@pytest.mark.parametrize("kind", KINDS)
def test_kernel_width_wrong_type(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'kernel_width'.*float.*Got 'wide' of type str"):
        make(kind, kernel_width="wide")


@pytest.mark.parametrize("kind", KINDS)
def test_feature_selection_unknown_with_hint(kind: str) -> None:
    with pytest.raises(
        ValueError,
        match=r"'feature_selection'.*'forward_selction'.*Did you mean 'forward_selection'\?",
    ):
        make(kind, feature_selection="forward_selction")


@pytest.mark.parametrize("kind", KINDS)
def test_feature_selection_not_a_string(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'feature_selection'.*Got 3 "):
        make(kind, feature_selection=3)


@pytest.mark.parametrize("kind", KINDS)
def test_kernel_not_callable(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'kernel'.*callable.*'gaussian'"):
        make(kind, kernel="gaussian")


def test_unknown_discretizer_with_hint() -> None:
    with pytest.raises(ValueError, match=r"'discretizer'.*'quartlie'.*Did you mean 'quartile'\?"):
        LimeTabularExplainer(X, discretizer="quartlie")


def test_unknown_mode_with_hint() -> None:
    with pytest.raises(ValueError, match=r"'mode'.*'regresion'.*Did you mean 'regression'\?"):
        LimeTabularExplainer(X, mode="regresion")


def test_entropy_discretizer_needs_labels() -> None:
    with pytest.raises(ValueError, match=r"'training_labels'.*entropy.*Got None"):
        LimeTabularExplainer(X, discretizer="entropy")


# ---------------------------------------------------------------- categorical features


@pytest.mark.parametrize("index", [4, 10, -1])
def test_categorical_feature_index_out_of_range(index: int) -> None:
    with pytest.raises(
        ValueError, match=rf"'categorical_features'.*\[0, 3\].*Got {q(str(index))}\b"
    ):
        LimeTabularExplainer(X, categorical_features=[index])


def test_categorical_feature_index_not_an_int() -> None:
    with pytest.raises(TypeError, match=r"'categorical_features'.*Got 'colour'"):
        LimeTabularExplainer(X, categorical_features=["colour"])


def _with_codes(codes: np.ndarray) -> np.ndarray:
    data = X.copy()
    data[:, 2] = codes
    return data


CODES = np.arange(150) % 3  # integer codes 0, 1, 2 in column 2


def test_categorical_column_must_hold_integer_codes() -> None:
    with pytest.raises(ValueError, match=r"Column 2 .*'categorical_features'.*integer codes\."):
        LimeTabularExplainer(_with_codes(X[:, 2]), categorical_features=[2])
    # negative codes (-1 for "missing") are lime's too (tests/test_lime_exact_inputs.py)
    LimeTabularExplainer(_with_codes(CODES - 1.0), categorical_features=[2])


def test_categorical_names_too_short_for_codes() -> None:
    with pytest.raises(ValueError, match=r"'categorical_names'.*2 categories.*column 2.*code 2"):
        LimeTabularExplainer(
            _with_codes(CODES), categorical_features=[2], categorical_names={2: ["a", "b"]}
        )


@pytest.mark.parametrize("discretize", [True, False], ids=["discretized", "continuous"])
@pytest.mark.parametrize(
    ("code", "given"),
    [(3.0, "3.0"), (-4.0, "-4.0"), (1.5, "1.5")],
    ids=["too-big", "too-negative", "fraction"],
)
def test_data_row_categorical_code_out_of_range(discretize: bool, code: float, given: str) -> None:
    explainer = LimeTabularExplainer(
        _with_codes(CODES),
        categorical_features=[2],
        categorical_names={2: ["red", "green", "blue"]},
        feature_names=["a", "b", "colour", "d"],
        discretize_continuous=discretize,
        random_state=0,
    )
    row = X[0].copy()
    row[2] = code
    with pytest.raises(
        ValueError,
        match=rf"'data_row'.*{q(given)}.*categorical column 2 \('colour'\).*in \[-3, 2\]",
    ):
        explainer.explain_instance(row, tab_model, num_samples=100)


# ---------------------------------------------------------------- tabular: the instance


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_data_row_nan_or_inf(bad: float) -> None:
    row = X[0].copy()
    row[1] = bad
    with pytest.raises(ValueError, match=r"'data_row'.*NaN or infinity.*index \(1,\)"):
        explain("tabular", instance=row)


@pytest.mark.parametrize("length", [3, 5, 0])
def test_data_row_wrong_length(length: int) -> None:
    row = np.ones(length)
    pattern = r"'data_row'.*empty" if length == 0 else rf"'data_row'.*4 values.*Got {length}\b"
    with pytest.raises(ValueError, match=pattern):
        explain("tabular", instance=row)


def test_data_row_two_dimensional() -> None:
    with pytest.raises(ValueError, match=r"'data_row'.*1-d.*shape \(1, 4\)"):
        explain("tabular", instance=X[:1])


def test_data_row_strings() -> None:
    with pytest.raises(ValueError, match=r"'data_row'.*numeric.*'x'"):
        explain("tabular", instance=np.array(["x", "1", "2", "3"], dtype=object))


# ---------------------------------------------------------------- explain_instance arguments


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("num_samples", [1, 0, -5])
def test_num_samples_too_small(kind: str, num_samples: int) -> None:
    with pytest.raises(ValueError, match=rf"'num_samples'.*int >= 2.*Got {num_samples}\b"):
        explain(kind, num_samples=num_samples)


@pytest.mark.parametrize("kind", KINDS)
def test_num_samples_not_an_int(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'num_samples'.*int.*Got 100.0 of type float"):
        explain(kind, num_samples=100.0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("num_features", [0, -2])
def test_num_features_too_small(kind: str, num_features: int) -> None:
    with pytest.raises(ValueError, match=rf"'num_features'.*int >= 1.*Got {num_features}\b"):
        explain(kind, num_features=num_features)


@pytest.mark.parametrize("kind", KINDS)
def test_num_features_not_an_int(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'num_features'.*int.*Got 2.5 of type float"):
        explain(kind, num_features=2.5)


@pytest.mark.parametrize("kind", KINDS)
def test_top_labels_zero(kind: str) -> None:
    with pytest.raises(ValueError, match=r"'top_labels'.*int >= 1.*Got 0\b"):
        explain(kind, top_labels=0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", [5, 2, -1], ids=["five", "two", "negative"])
def test_labels_out_of_range(kind: str, label: int) -> None:
    # every model here has 2 classes
    with pytest.raises(ValueError, match=rf"'labels'.*\[0, 1\].*2 columns.*Got {label}\b"):
        explain(kind, labels=(label,), top_labels=None)


@pytest.mark.parametrize("kind", KINDS)
def test_labels_not_ints(kind: str) -> None:
    with pytest.raises(TypeError, match=r"'labels'.*ints.*Got '1'"):
        explain(kind, labels=("1",), top_labels=None)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("metric", "hint"), [("euclidian", "euclidean"), ("cosin", "cosine")])
def test_unknown_distance_metric_with_hint(kind: str, metric: str, hint: str) -> None:
    with pytest.raises(
        ValueError, match=rf"'distance_metric'.*Got '{metric}'.*Did you mean '{hint}'\?"
    ):
        explain(kind, distance_metric=metric)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", [3, "predict_proba", None], ids=["int", "str", "None"])
def test_model_not_callable(kind: str, model: Any) -> None:
    explainer = make(kind)
    name = MODEL_ARG[kind]
    instance = {"tabular": X[0], "text": "a good film", "image": IMAGE}[kind]
    extra = {"segmentation_fn": segment} if kind == "image" else {}
    with pytest.raises(TypeError, match=rf"'{name}'.*callable.*Got {q(repr(model))}"):
        explainer.explain_instance(instance, model, num_samples=50, **extra)


@pytest.mark.parametrize("kind", KINDS)
def test_batch_size_zero(kind: str) -> None:
    with pytest.raises(ValueError, match=r"'batch_size'.*int >= 1.*Got 0\b"):
        explain(kind, batch_size=0)


@pytest.fixture(scope="module")
def tabular_explanation() -> Any:
    return explain("tabular")


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"kernel_width": 0}, ValueError, r"'kernel_width'.*> 0.*Got 0 "),
        ({"kernel_width": -1.5}, ValueError, r"'kernel_width'.*> 0.*Got -1.5 "),
        ({"kernel_width": float("nan")}, ValueError, r"'kernel_width'.*> 0.*Got nan "),
        ({"kernel_width": "wide"}, TypeError, r"'kernel_width'.*Got 'wide' of type str"),
        ({"num_features": 0}, ValueError, r"'num_features'.*int >= 1.*Got 0\b"),
        ({"num_features": 2.5}, TypeError, r"'num_features'.*Got 2.5 of type float"),
        (
            {"feature_selection": "forward_selction"},
            ValueError,
            r"'feature_selection'.*'forward_selction'.*Did you mean 'forward_selection'\?",
        ),
        ({"labels": (5,)}, ValueError, r"'labels'.*\[0, 1\].*Got 5\b"),
        ({"top_labels": 0}, ValueError, r"'top_labels'.*int >= 1.*Got 0\b"),
        ({"top_labels": -1}, ValueError, r"'top_labels'.*int >= 1.*Got -1\b"),
    ],
    ids=[
        "kernel_width-0",
        "kernel_width-neg",
        "kernel_width-nan",
        "kernel_width-str",
        "num_features-0",
        "num_features-float",
        "feature_selection",
        "labels-5",
        "top_labels-0",
        "top_labels-neg",
    ],
)
def test_refit_rejects_bad_settings(
    tabular_explanation: Any, kwargs: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern) as excinfo:
        tabular_explanation.refit(**kwargs)
    assert "Explanation.refit" in str(excinfo.value)
    assert_valid(tabular_explanation.refit(num_features=2))  # still usable


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


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("", {}),
        ("!!! ...", {}),
        ("   \n\t ", {}),
        ("?!", {"bow": False}),
        ("", {"char_level": True}),
        ("  ", {"split_expression": str.split}),
    ],
    ids=["empty", "punctuation", "whitespace", "punctuation-positions", "empty-chars", "tokenizer"],
)
def test_text_without_words(text: str, options: dict[str, Any]) -> None:
    explainer = make("text", **options)
    with pytest.raises(ValueError, match=rf"'text_instance'.*at least one word.*{q(repr(text))}"):
        explain("text", explainer, instance=text)


@pytest.mark.parametrize(
    ("value", "type_name"),
    [(b"a good film", "bytes"), (["a good film"], "list"), (None, "NoneType"), (5, "int")],
    ids=["bytes", "list", "None", "int"],
)
def test_text_not_a_string(value: Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"'text_instance'.*must be a str.*Got {type_name}\b"):
        explain("text", instance=value)


def test_text_tokenizer_returning_foreign_tokens() -> None:
    explainer = make("text", split_expression=lambda s: ["zebra"])
    with pytest.raises(ValueError, match=r"'split_expression'.*'zebra'"):
        explain("text", explainer)


# ---------------------------------------------------------------- image


@pytest.mark.parametrize(
    ("image", "shape"),
    [
        (np.zeros(10), "(10,)"),
        (np.zeros((2, 32, 32, 3)), "(2, 32, 32, 3)"),
        (np.zeros((1, 1, 3)), "(1, 1, 3)"),
        (np.float64(1.0), "()"),
    ],
    ids=["1-d", "4-d", "one-pixel", "scalar"],
)
def test_image_not_an_image(image: np.ndarray, shape: str) -> None:
    with pytest.raises(ValueError, match=rf"'image'.*\(H, W, C\).*Got shape {q(shape)}"):
        explain("image", instance=image)


@pytest.mark.parametrize("channels", [4, 1], ids=["rgba", "one-channel"])
def test_the_default_segmentation_needs_rgb(channels: int) -> None:
    with pytest.raises(
        ValueError, match=rf"quickshift.*needs an RGB.*{channels} channel.*segmentation_fn="
    ):
        explain("image", instance=np.zeros((32, 32, channels)), segmentation_fn=None)


def test_image_not_numeric() -> None:
    image = np.full((8, 8, 3), "a")
    with pytest.raises(ValueError, match=r"'image'.*numeric.*<U1"):
        explain("image", instance=image, segmentation_fn=lambda im: SEGMENTS[:8, :8])


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_image_nan_or_inf(bad: float) -> None:
    image = IMAGE.copy()
    image[0, 0, 0] = bad
    with pytest.raises(ValueError, match=r"'image'.*NaN or infinity"):
        explain("image", instance=image)


@pytest.mark.parametrize(
    ("segments", "given"),
    [
        (SEGMENTS[:16], r"dtype int64 and shape \(16, 32\)"),
        (SEGMENTS.T[None], r"shape \(1, 32, 32\)"),
        (SEGMENTS * np.nan, r"dtype float64 and shape \(32, 32\)"),
        (None, r"shape \(\)"),
    ],
    ids=["wrong-shape", "3-d", "nan-labels", "None"],
)
def test_segmentation_fn_wrong_output(segments: Any, given: str) -> None:
    with pytest.raises(ValueError, match=rf"segmentation_fn.*label array.*\(32, 32\).*{given}"):
        explain("image", segmentation_fn=lambda image: segments)


def test_segmentation_fn_not_callable() -> None:
    with pytest.raises(TypeError, match=r"'segmentation_fn'.*callable.*'slic'"):
        explain("image", segmentation_fn="slic")


def test_unknown_segmentation_algorithm_with_hint() -> None:
    from lime_widget import SegmentationAlgorithm

    with pytest.raises(ValueError, match=r"'algo_type'.*'quickshfit'.*Did you mean 'quickshift'\?"):
        SegmentationAlgorithm("quickshfit")


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


# ---------------------------------------------------------------- never an IndexError

_BAD_CALLS: dict[str, Callable[[], Any]] = {
    "training-nan": lambda: LimeTabularExplainer(np.where(X[3, 2] == X, np.nan, X)),
    "kernel-width-0": lambda: LimeTabularExplainer(X, kernel_width=0),
    "kernel-width-str": lambda: LimeTextExplainer(kernel_width="wide"),
    "feature-selection": lambda: LimeImageExplainer(feature_selection="forward_selction"),
    "discretizer": lambda: LimeTabularExplainer(X, discretizer="quartlie"),
    "mode": lambda: LimeTabularExplainer(X, mode="regresion"),
    "categorical-index": lambda: LimeTabularExplainer(X, categorical_features=[10]),
    "categorical-negative-index": lambda: LimeTabularExplainer(X, categorical_features=[-5]),
    "categorical-float-column": lambda: LimeTabularExplainer(X, categorical_features=[0]),
    "categorical-names-short": lambda: LimeTabularExplainer(
        _with_codes(CODES), categorical_features=[2], categorical_names={2: ["a"]}
    ),
    "data-row-nan": lambda: explain("tabular", instance=np.array([1.0, np.nan, 1.0, 1.0])),
    "data-row-short": lambda: explain("tabular", instance=X[0, :3]),
    "data-row-long": lambda: explain("tabular", instance=np.r_[X[0], 1.0]),
    "data-row-code": lambda: LimeTabularExplainer(
        _with_codes(CODES),
        categorical_features=[2],
        categorical_names={2: ["a", "b", "c"]},
        random_state=0,
    ).explain_instance(np.r_[X[0, :2], 7.0, X[0, 3]], tab_model, num_samples=100),
    "rows-fewer": lambda: explain("tabular", model=lambda r: tab_model(r)[:-1]),
    "rows-1d": lambda: explain("tabular", model=lambda r: tab_model(r)[:, 1]),
    "rows-3d": lambda: explain("tabular", model=lambda r: tab_model(r)[:, :, None]),
    "rows-nan": lambda: explain("tabular", model=lambda r: tab_model(r) * np.nan),
    "rows-str": lambda: explain("tabular", model=lambda r: np.full((len(r), 2), "a")),
    "rows-no-columns": lambda: explain("tabular", model=lambda r: np.zeros((len(r), 0))),
    "rows-no-columns-top": lambda: explain(
        "tabular", model=lambda r: np.zeros((len(r), 0)), top_labels=1
    ),
    "regression-no-columns": lambda: explain(
        "tabular", make("tabular", mode="regression"), model=lambda r: np.zeros((len(r), 0))
    ),
    "num-samples-1": lambda: explain("tabular", num_samples=1),
    "num-samples-0": lambda: explain("text", num_samples=0),
    "num-features-0": lambda: explain("image", num_features=0),
    "num-features-float": lambda: explain("tabular", num_features=2.5),
    "top-labels-0": lambda: explain("text", top_labels=0),
    "labels-5": lambda: explain("tabular", labels=(5,)),
    "labels-neg": lambda: explain("text", labels=(-3,)),
    "image-labels-5": lambda: explain("image", labels=(5,), top_labels=None),
    "metric": lambda: explain("tabular", distance_metric="euclidian"),
    "not-callable": lambda: explain("tabular", model=3),
    "text-empty": lambda: explain("text", instance=""),
    "text-punctuation": lambda: explain("text", instance="!!! ..."),
    "text-not-str": lambda: explain("text", instance=b"bytes"),
    "text-char-empty": lambda: explain("text", make("text", char_level=True), instance=""),
    "text-positions-empty": lambda: explain("text", make("text", bow=False), instance="?!"),
    "image-1d": lambda: explain("image", instance=np.zeros(10)),
    "image-4d": lambda: explain("image", instance=np.zeros((1, 32, 32, 3))),
    "image-rgba-quickshift": lambda: explain(
        "image", instance=np.zeros((32, 32, 4)), segmentation_fn=None
    ),
    "image-tiny": lambda: explain("image", instance=np.zeros((1, 1, 3))),
    "segments-shape": lambda: explain("image", segmentation_fn=lambda im: SEGMENTS[:16]),
    "segments-nan": lambda: explain("image", segmentation_fn=lambda im: SEGMENTS * np.nan),
}


@pytest.mark.parametrize("case", list(_BAD_CALLS))
def test_bad_input_never_raises_index_error(case: str) -> None:
    try:
        _BAD_CALLS[case]()
    except IndexError as exc:  # pragma: no cover - the failure being guarded against
        pytest.fail(f"{case}: an IndexError leaked out: {exc!r}")
    except (ValueError, TypeError):
        pass
    else:
        pytest.fail(f"{case}: no error was raised")
