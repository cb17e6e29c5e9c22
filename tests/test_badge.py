"""The stability badge's word: what ``w.state`` says is what the page shows (invariant 12).

``state["diagnostics"]["badge_words"]`` is decided in the kernel by the page's rule
(lime_widget/explanation/_badge.py): "unreliable" with no signal or too few effective
samples, "stable" held at "mostly stable" while the K-th and (K+1)-th features are not
separated. The page shows the word it is sent; for states no kernel assessed it decides by
the same rule, tested on the same cases (tests/badge_cases.json, js/views/badge-cases.test.ts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.linear_model import LogisticRegression, Ridge

import lime_widget as lw
from lime_widget.explanation._badge import (
    NEGLIGIBLE_SHARE,
    UNRELIABLE,
    badge_words,
    negligible_weights,
    output_scale,
)
from lime_widget.explanation._cards import card_dict, card_trust, gallery_meta
from lime_widget.explanation._gallery_page import gallery_static
from lime_widget.explanation._payload import trust_dict

ROOT = Path(__file__).parent.parent
CASES = json.loads((Path(__file__).parent / "badge_cases.json").read_text("utf-8"))["cases"]


def page_rule(
    mode: str,
    predict_proba: list[float],
    explanation: dict[str, Any],
    diagnostics: dict[str, Any],
    feature_selection: str,
) -> str:
    """The badge's word from what the page reads (its meta, explanation and diagnostics)."""
    outputs = [
        explanation["model_pred"],
        explanation["intercept"],
        explanation["local_pred"],
        predict_proba[0] if predict_proba else None,
    ]
    weights = [f["weight"] for f in explanation["features"]]
    return badge_words(
        diagnostics["stability_words"],
        no_signal=negligible_weights(weights, output_scale(mode, outputs)),
        ess_warning=diagnostics["ess_warning"],
        settled=diagnostics["settled"],
        feature_selection=feature_selection,
    )


def shown_words(widget: Any) -> str:
    """The page's rule on the widget's own meta and state (the badge_words left aside)."""
    state = widget.state
    return page_rule(
        widget.meta["mode"],
        widget.meta["predict_proba"],
        state["explanation"],
        state["diagnostics"],
        state["params"]["feature_selection"],
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_kernel_rule_says_the_page_word_in_every_shared_case(case: dict[str, Any]) -> None:
    words = page_rule(
        case["mode"],
        case["predict_proba"],
        case["explanation"],
        case["diagnostics"],
        case["feature_selection"],
    )
    assert words == case["badge_words"]


def test_the_shared_cases_cover_every_word_and_branch() -> None:
    assert {c["badge_words"] for c in CASES} == {
        "stable",
        "mostly stable",
        "shaky",
        "unstable",
        UNRELIABLE,
    }
    assert any(c["mode"] == "regression" for c in CASES)
    assert any(c["feature_selection"] == "none" for c in CASES)
    # each case is shaped as the payload: its keys are the ones the kernel sends
    exp_keys = {"label", "intercept", "score", "local_pred", "model_pred", "n_samples", "features"}
    diagnostics_keys = {"stability", "stability_words", "ess_warning", "settled"}
    for case in CASES:
        assert set(case["explanation"]) == exp_keys
        assert set(case["diagnostics"]) <= diagnostics_keys


def test_the_thresholds_and_words_are_the_page_own() -> None:
    trust = (ROOT / "js" / "view-model" / "trust.ts").read_text("utf-8")
    stability = (ROOT / "js" / "views" / "stability.ts").read_text("utf-8")
    share = re.search(r"export const NEGLIGIBLE_SHARE = ([^;]+);", trust)
    word = re.search(r'export const UNRELIABLE = "([^"]+)";', stability)
    assert share is not None
    assert word is not None
    assert float(share.group(1)) == NEGLIGIBLE_SHARE
    assert word.group(1) == UNRELIABLE


# -- the widget's state, as notebooks print it -------------------------------------------


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, LogisticRegression(max_iter=5000).fit(X, y)


@pytest.fixture
def widgets() -> Iterator[list[Any]]:
    made: list[Any] = []
    yield made
    for w in made:
        w.close()


def assessed(widgets: list[Any], explainer: Any, x: Any, predict: Any, **kwargs: Any) -> Any:
    w = explainer.interact(x, predict, **kwargs)
    widgets.append(w)
    w.wait(60, diagnostics=True)
    return w


def test_a_sound_fit_keeps_the_figure_words(widgets: list[Any], cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    w = assessed(widgets, explainer, X[0], model.predict_proba, num_features=5, num_samples=1000)
    d = w.state["diagnostics"]
    assert d["ess_warning"] is None
    assert d["badge_words"] == d["stability_words"] == "stable"
    assert d["badge_words"] == shown_words(w)
    # the shared cases are shaped as this payload
    assert set(w.state["explanation"]) == set(CASES[0]["explanation"])
    assert set(CASES[0]["diagnostics"]) <= set(d)


def test_selection_none_has_no_kth_to_hold_the_badge(widgets: list[Any], cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, feature_selection="none", random_state=0)
    w = assessed(widgets, explainer, X[0], model.predict_proba, num_features=5, num_samples=1000)
    d = w.state["diagnostics"]
    assert d["settled"] is None
    assert d["badge_words"] == d["stability_words"] == "stable"
    assert d["badge_words"] == shown_words(w)


def test_too_few_effective_samples_is_unreliable(widgets: list[Any], cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    # 30 features on 250 samples: fewer than 10 effective samples per feature
    w = assessed(widgets, explainer, X[0], model.predict_proba, num_features=30, num_samples=250)
    d = w.state["diagnostics"]
    assert d["ess_warning"] is not None
    assert d["stability_words"] == "stable"  # refits of the same few samples agree
    assert d["badge_words"] == UNRELIABLE == shown_words(w)


def test_no_signal_is_unreliable(widgets: list[Any], cancer: Any) -> None:
    X, _ = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)

    def constant(rows: Any) -> Any:
        return np.tile([0.3, 0.7], (len(rows), 1))

    w = assessed(widgets, explainer, X[0], constant, num_features=5, num_samples=500)
    d = w.state["diagnostics"]
    assert d["ess_warning"] is None
    assert max(abs(f["weight"]) for f in w.state["explanation"]["features"]) < NEGLIGIBLE_SHARE
    assert d["stability_words"] == "stable"
    assert d["badge_words"] == UNRELIABLE == shown_words(w)


@pytest.fixture(scope="module")
def wine() -> tuple[np.ndarray, Any]:
    X, y = load_wine(return_X_y=True)
    return X, LogisticRegression(max_iter=5000).fit(X, y)


def test_stable_but_not_separated_is_held_at_mostly_stable(widgets: list[Any], wine: Any) -> None:
    X, model = wine
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    w = assessed(
        widgets, explainer, X[0], model.predict_proba, num_features=2, num_samples=1000, label=0
    )
    d = w.state["diagnostics"]
    assert d["stability_words"] == "stable"
    assert d["settled"] is False
    assert d["badge_words"] == "mostly stable" == shown_words(w)


def test_regression_measures_weights_against_its_output(widgets: list[Any]) -> None:
    X, y = load_diabetes(return_X_y=True)
    explainer = lw.LimeTabularExplainer(X, mode="regression", random_state=0)
    w = assessed(widgets, explainer, X[0], Ridge().fit(X, y).predict, num_samples=1000)
    d = w.state["diagnostics"]
    assert d["badge_words"] == shown_words(w)
    assert d["badge_words"] != UNRELIABLE  # weights of several units on a ~200 prediction


# -- saved pages and gallery cards ---------------------------------------------------------


def test_a_saved_page_and_a_card_carry_the_badge_words(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    few = explainer.explain_instance(
        X[0], model.predict_proba, num_features=30, num_samples=250, labels=(1,)
    )
    page = few.as_html(labels=(1,))
    block = re.search(r'id="lw-data">(.*?)</script>', page, re.S)
    assert block is not None
    saved = json.loads(block.group(1))["diagnostics"]["1"]
    assert saved["stability_words"] == "stable"
    assert saved["badge_words"] == UNRELIABLE == trust_dict(few, 1)["badge_words"]

    card = {**card_dict(few, 0), **card_trust(few, 1)}
    assert card["badge_words"] == UNRELIABLE
    table = gallery_static(gallery_meta([few], 1), [card])
    assert f"<td>{UNRELIABLE}</td>" in table
    assert "<td>stable</td>" not in table
