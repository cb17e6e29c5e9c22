"""``LimeTextExplainer``'s contract: its constructor and ``explain_instance``.

A ``split_expression`` is checked where it is given (a regex that does not
compile, a value that is neither a regex nor a tokenizer) and a tokenizer's
output where it is used; what lime accepts (a tokenizer returning a string,
whose characters are then the tokens) is accepted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from lime_widget import LimeTextExplainer

from ._support import TXT, explain, make, q, refused, text_model

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


# ---------------------------------------------------------------- every constructor parameter

CTOR_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    (
        "split-unbalanced",
        {"split_expression": "("},
        ValueError,
        "split_expression",
        r"valid regular expression.*'\('",
    ),
    ("split-bad-class", {"split_expression": "["}, ValueError, "split_expression", r"re.escape"),
    (
        "split-int",
        {"split_expression": 3},
        TypeError,
        "split_expression",
        r"regular expression \(str\) or a callable.*Got 3 of type int",
    ),
    ("split-list", {"split_expression": [" "]}, TypeError, "split_expression", r"of type list"),
    ("mask_string-int", {"mask_string": 3}, TypeError, "mask_string", r"must be a str.*Got 3"),
    ("mask_string-bytes", {"mask_string": b"x"}, TypeError, "mask_string", r"Got b'x'"),
    ("class_names-int", {"class_names": 3}, TypeError, "class_names", r"list of names.*Got 3"),
    ("random_state-str", {"random_state": "x"}, TypeError, "random_state", r"Got 'x' of type str"),
    ("random_state-negative", {"random_state": -2}, ValueError, "random_state", r"Got -2"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in CTOR_CASES],
    ids=[c[0] for c in CTOR_CASES],
)
def test_constructor_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: LimeTextExplainer(**kwargs), error, param, entry=TXT, match=match)


@pytest.mark.parametrize(
    ("tokenizer", "match"),
    [
        (lambda s: None, r"list of str.*Got None of type NoneType"),
        (lambda s: 3, r"Got 3 of type int"),
        (lambda s: [1, 2], r"Got 1 of type int"),
        (lambda s: [b"good"], r"Got b'good' of type bytes"),
    ],
    ids=["None", "int", "ints", "bytes"],
)
def test_tokenizer_output_refused(tokenizer: Any, match: str) -> None:
    explainer = make("text", split_expression=tokenizer)
    refused(
        lambda: explain("text", explainer), TypeError, "split_expression", entry=TXT, match=match
    )
    assert explain("text", make("text")).as_map()  # another explainer is untouched


# ---------------------------------------------------------------- every explain_instance parameter

EXPLAIN = f"{TXT}.explain_instance"
EXPLAIN_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("labels-int", {"labels": 1}, TypeError, "labels", r"labels=\(1,\).*Got 1 of type int"),
    ("labels-out", {"labels": (2,)}, ValueError, "labels", r"\[0, 1\].*Got 2\b"),
    ("top_labels-negative", {"top_labels": -1}, ValueError, "top_labels", r"Got -1\b"),
    ("top_labels-str", {"top_labels": "1"}, TypeError, "top_labels", r"Got '1' of type str"),
    ("num_features-float", {"num_features": 2.5}, TypeError, "num_features", r"Got 2.5"),
    ("num_samples-1", {"num_samples": 1}, ValueError, "num_samples", r">= 2.*Got 1\b"),
    ("distance_metric-typo", {"distance_metric": "cosin"}, ValueError, "distance_metric", "cosine"),
    ("model_regressor-str", {"model_regressor": "x"}, TypeError, "model_regressor", r"no fit"),
    ("batch_size-negative", {"batch_size": -3}, ValueError, "batch_size", r"Got -3\b"),
    ("batch_size-float", {"batch_size": 10.0}, TypeError, "batch_size", r"of type float"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in EXPLAIN_CASES],
    ids=[c[0] for c in EXPLAIN_CASES],
)
def test_explain_instance_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: explain("text", **kwargs), error, param, entry=EXPLAIN, match=match)


def test_classifier_fn_not_callable() -> None:
    refused(
        lambda: LimeTextExplainer().explain_instance("a good film", None),
        TypeError,
        "classifier_fn",
        entry=EXPLAIN,
        match="callable",
    )


# ---------------------------------------------------------------- what lime accepts


@pytest.mark.parametrize(
    "options",
    [
        {"split_expression": lambda s: s},  # a string: its characters are the tokens
        {"split_expression": str.split},
        {"split_expression": r"\s+"},
        {"bow": False, "mask_string": "___"},
        {"class_names": ("neg", "pos")},
        {"class_names": np.array(["neg", "pos"])},
    ],
    ids=["tokenizer-str", "tokenizer", "regex", "mask", "class-tuple", "class-array"],
)
def test_what_lime_accepts_is_accepted_with_lime_numbers(options: dict[str, Any]) -> None:
    import lime.lime_text

    text = "a good film, a good cast"
    ours = LimeTextExplainer(random_state=0, **options).explain_instance(
        text, text_model, num_samples=300, num_features=3
    )
    theirs = lime.lime_text.LimeTextExplainer(random_state=0, **options).explain_instance(
        text, text_model, num_samples=300, num_features=3
    )
    assert [str(w) for w, _ in ours.as_list()] == [str(w) for w, _ in theirs.as_list()]
    assert [v for _, v in ours.as_list()] == pytest.approx(
        [v for _, v in theirs.as_list()], abs=1e-6
    )
