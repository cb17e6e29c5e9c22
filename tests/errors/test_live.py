"""The live widget's contract: ``interact``, ``as_widget`` and every trait of ``LimeWidget``.

A wrong trait value raises a ``TraitParameterError``: a ``traitlets.TraitError``
(so a ``hold_sync`` block or a front-end update rolls back) that is also a
``ValueError``/``TypeError`` naming the trait. Errors name what the user called
(``interact``, ``as_widget``, the trait), never ``explain_instance``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import traitlets

from lime_widget.engine._validation import MAX_SAMPLES

from ._support import TAB, TXT, X, explain, explanation3, make, refused, tab_model3, text_model

INTERACT = f"{TAB}.interact"


@pytest.fixture(scope="module")
def widget() -> Iterator[Any]:
    w = make("tabular").interact(X[0], tab_model3, num_samples=200, num_features=2)
    w.wait(timeout=60, diagnostics=True)
    yield w
    w.close()


# ---------------------------------------------------------------- interact

INTERACT_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("max_samples-str", {"max_samples": "many"}, TypeError, "max_samples", r"Got 'many' of"),
    ("max_samples-0", {"max_samples": 0}, ValueError, "max_samples", r">= 2.*Got 0\b"),
    ("max_samples-huge", {"max_samples": MAX_SAMPLES + 1}, ValueError, "max_samples", "<="),
    ("label-str", {"label": "x"}, TypeError, "label", r"Got 'x' of type str"),
    ("label-negative", {"label": -1}, ValueError, "label", r">= 0.*Got -1\b"),
    ("label-out", {"label": 7}, ValueError, "label", r"\[0, 2\].*Got 7"),
    ("num_features-0", {"num_features": 0}, ValueError, "num_features", r"Got 0\b"),
    ("num_samples-1", {"num_samples": 1}, ValueError, "num_samples", r"Got 1\b"),
    ("labels-int", {"labels": 1}, TypeError, "labels", r"Got 1 of type int"),
    ("labels-out", {"labels": (5,)}, ValueError, "labels", r"\[0, 2\].*Got 5\b"),
    ("top_labels-0", {"top_labels": 0}, ValueError, "top_labels", r"Got 0\b"),
    ("distance_metric-int", {"distance_metric": 1}, TypeError, "distance_metric", r"Got 1 "),
    ("model_regressor-str", {"model_regressor": "x"}, TypeError, "model_regressor", "no fit"),
    ("data_row-short", {"instance": X[0, :2]}, ValueError, "data_row", r"4 values.*Got 2"),
    ("predict_fn-str", {"predict_fn": "model"}, TypeError, "predict_fn", r"callable"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in INTERACT_CASES],
    ids=[c[0] for c in INTERACT_CASES],
)
def test_interact_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    explainer = make("tabular")
    args = {"instance": X[0], "predict_fn": tab_model3, "num_samples": 200, **kwargs}
    exc = refused(lambda: explainer.interact(**args), error, param, entry=INTERACT, match=match)
    assert "explain_instance" not in str(exc)
    # a refused interact leaves the explainer's stream as a fresh explainer's
    fresh = explain("tabular", model=tab_model3, labels=(0,))
    assert explain("tabular", explainer, model=tab_model3, labels=(0,)).as_map() == fresh.as_map()


def test_interact_unknown_keyword() -> None:
    with pytest.raises(TypeError, match=r"interact.*'num_sample'.*Did you mean 'num_samples'"):
        make("tabular").interact(X[0], tab_model3, num_sample=5)


def test_interact_model_errors_name_interact() -> None:
    def nan_model(docs: list[str]) -> Any:
        return text_model(docs) * np.nan

    with pytest.raises(
        ValueError, match=rf"The model \('classifier_fn'\) passed to {TXT}\.interact"
    ):
        make("text").interact("a good film", nan_model, num_samples=200)


def test_as_widget_label_names_as_widget() -> None:
    exp = explanation3()
    refused(lambda: exp.as_widget(label=9), ValueError, "label", entry="Explanation.as_widget")
    refused(lambda: exp.as_widget(label="0"), TypeError, "label", entry="Explanation.as_widget")


# ---------------------------------------------------------------- every trait

TRAIT_CASES: list[tuple[str, str, Any, type[Exception], str]] = [
    ("kernel_width-0", "kernel_width", 0.0, ValueError, r"finite float > 0.*Got 0.0"),
    ("kernel_width-nan", "kernel_width", float("nan"), ValueError, r"Got nan"),
    ("kernel_width-str", "kernel_width", "wide", TypeError, r"Got 'wide' of type str"),
    ("kernel_width-list", "kernel_width", [1.0], TypeError, r"of type list"),
    ("num_samples-1", "num_samples", 1, ValueError, r">= 2.*Got 1\b"),
    ("num_samples-cap", "num_samples", 10**7, ValueError, r"<= max_samples=.*interact\(\)"),
    ("num_samples-huge", "num_samples", 10**15, ValueError, r"<= 100_000_000"),
    ("num_samples-str", "num_samples", "many", TypeError, r"Got 'many' of type str"),
    ("num_samples-float", "num_samples", 500.0, TypeError, r"of type float"),
    ("num_features-0", "num_features", 0, ValueError, r">= 1.*Got 0\b"),
    ("num_features-float", "num_features", 2.5, TypeError, r"Got 2.5 of type float"),
    ("feature_selection-typo", "feature_selection", "highest_weight", ValueError, "highest_w"),
    ("feature_selection-int", "feature_selection", 3, TypeError, r"Got 3 "),
    ("label-out", "label", 7, ValueError, r"\[0, 2\].*Got 7"),
    ("label-str", "label", "x", TypeError, r"Got 'x' of type str"),
    ("meta-int", "meta", 5, TypeError, r"must be a dict.*Got 5 of type int"),
    ("state-str", "state", "x", TypeError, r"must be a dict.*'x'"),
    ("offline-list", "offline", [3], TypeError, r"must be a dict.*of type list"),
]


@pytest.mark.parametrize(
    ("trait", "value", "error", "match"),
    [c[1:] for c in TRAIT_CASES],
    ids=[c[0] for c in TRAIT_CASES],
)
def test_trait_refuses(
    widget: Any, trait: str, value: Any, error: type[Exception], match: str
) -> None:
    before = getattr(widget, trait)
    exc = refused(
        lambda: setattr(widget, trait, value), error, trait, entry="LimeWidget", match=match
    )
    assert isinstance(exc, traitlets.TraitError)  # traitlets' own handling still applies
    if trait in ("meta", "state", "offline"):  # the worker may write a newer one meanwhile
        assert isinstance(getattr(widget, trait), dict)
    else:
        assert getattr(widget, trait) == before  # unchanged


def test_a_front_end_update_with_a_bad_value_rolls_back(widget: Any) -> None:
    """The page sends two traits at once, one of them wrong: neither changes."""
    before = (widget.kernel_width, widget.num_features)
    with pytest.raises(ValueError, match=r"'num_features'.*Got 0\b"):
        widget.set_state({"kernel_width": before[0] * 2, "num_features": 0})
    assert (widget.kernel_width, widget.num_features) == before
    assert widget.wait(timeout=60).as_map() == widget.explanation.as_map()  # still usable


def test_traits_take_what_refit_takes(widget: Any) -> None:
    widget.kernel_width = 2  # an int, as the page's JSON may send it
    widget.num_features = np.int64(1)
    assert (widget.kernel_width, widget.num_features) == (2.0, 1)
    assert isinstance(widget.kernel_width, float)
    assert type(widget.num_features) is int
    assert len(widget.wait(timeout=60).as_list(label=widget.label)) == 1


def test_widget_until_stable_refuses(widget: Any) -> None:
    refused(
        lambda: widget.until_stable("x"),
        TypeError,
        "max_samples",
        entry="LimeWidget.until_stable",
    )
    refused(lambda: widget.until_stable(1), ValueError, "max_samples", entry="LimeWidget")
