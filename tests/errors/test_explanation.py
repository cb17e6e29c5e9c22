"""The explanation's contract: ``refit``, ``kernel_width_sweep``, ``uncertainty``, ``until_stable``.

Each refuses a wrong value before computing anything, names itself, and leaves
the explanation usable: a refit afterwards gives what it gave before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from lime_widget import LabelNotExplainedError
from lime_widget.engine._validation import MAX_SAMPLES

from ._support import assert_valid, explain, explanation3, refused


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


# ---------------------------------------------------------------- every refit parameter

_EXP = explanation3()
_BEFORE = _EXP.refit().as_map()

REFIT_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("labels-int", {"labels": 1}, TypeError, "labels", r"sequence.*labels=\(1,\).*Got 1 of"),
    ("labels-str", {"labels": "0"}, TypeError, "labels", r"Got '0' of type str"),
    ("labels-float", {"labels": [1.0]}, TypeError, "labels", r"ints.*Got 1.0"),
    ("labels-out", {"labels": (3,)}, ValueError, "labels", r"\[0, 2\].*3 columns.*Got 3\b"),
    ("top_labels-str", {"top_labels": "2"}, TypeError, "top_labels", r"Got '2' of type str"),
    ("num_samples-1", {"num_samples": 1}, ValueError, "num_samples", r">= 2.*Got 1\b"),
    ("num_samples-str", {"num_samples": "500"}, TypeError, "num_samples", r"Got '500' of"),
    ("num_samples-float", {"num_samples": 500.0}, TypeError, "num_samples", r"of type float"),
    ("num_samples-huge", {"num_samples": 10**15}, ValueError, "num_samples", r"<= 100_000_000"),
    ("kernel_width-inf", {"kernel_width": np.inf}, ValueError, "kernel_width", r"Got inf "),
    ("kernel_width-list", {"kernel_width": [1.0]}, TypeError, "kernel_width", r"of type list"),
    ("feature_selection-None", {"feature_selection": 3}, TypeError, "feature_selection", "3"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in REFIT_CASES],
    ids=[c[0] for c in REFIT_CASES],
)
def test_refit_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    refused(lambda: _EXP.refit(**kwargs), error, param, entry="Explanation.refit", match=match)
    assert _EXP.refit().as_map() == _BEFORE  # untouched
    assert _EXP.pool.size == 300  # nothing was grown


def test_refit_unknown_keyword() -> None:
    with pytest.raises(TypeError, match=r"kernel_widht"):
        _EXP.refit(kernel_widht=1.0)


@pytest.mark.parametrize(
    "labels", [[0], (2,), np.array([0, 2]), range(1)], ids=["list", "tuple", "array", "range"]
)
def test_refit_takes_the_label_sequences_lime_takes(labels: Any) -> None:
    exp = _EXP.refit(labels=labels)
    assert sorted(exp.local_exp) == sorted(int(x) for x in labels)


# ---------------------------------------------------------------- kernel_width_sweep

SWEEP = "Explanation.kernel_width_sweep"
SWEEP_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("widths-zero", {"widths": [0.0]}, ValueError, "widths", r"finite kernel widths > 0"),
    ("widths-negative", {"widths": [-1.0, 1.0]}, ValueError, "widths", r"> 0"),
    ("widths-nan", {"widths": [np.nan]}, ValueError, "widths", r"finite"),
    ("widths-inf", {"widths": [1.0, np.inf]}, ValueError, "widths", r"finite"),
    ("widths-str", {"widths": "abc"}, ValueError, "widths", r"Got 'abc'"),
    ("widths-empty", {"widths": []}, ValueError, "widths", r"non-empty"),
    ("widths-2d", {"widths": [[1.0, 2.0]]}, ValueError, "widths", r"1-d"),
    ("n_widths-0", {"n_widths": 0}, ValueError, "n_widths", r">= 1.*Got 0\b"),
    ("n_widths-str", {"n_widths": "5"}, TypeError, "n_widths", r"Got '5' of type str"),
    ("label-str", {"label": "0"}, TypeError, "label", r"int.*Got '0' of type str"),
    ("label-out", {"label": 5}, ValueError, "label", r"\[0, 2\].*Got 5\b"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in SWEEP_CASES],
    ids=[c[0] for c in SWEEP_CASES],
)
def test_kernel_width_sweep_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    kwargs.setdefault("label", 0)
    refused(lambda: _EXP.kernel_width_sweep(**kwargs), error, param, entry=SWEEP, match=match)


def test_kernel_width_sweep_of_a_label_not_explained() -> None:
    """Label 1 is a class of the model but was not explained: lime's KeyError, with the fix."""
    with pytest.raises(LabelNotExplainedError, match=r"Label 1 was not explained.*\[0, 2\]"):
        _EXP.kernel_width_sweep(label=1)


def test_kernel_width_sweep_gives_finite_numbers() -> None:
    sweep = _EXP.kernel_width_sweep(label=0, widths=[0.25, 1.0, 4.0])
    assert np.isfinite(sweep.weights).all()
    assert np.isfinite(sweep.score).all()


# ---------------------------------------------------------------- uncertainty

UNC = "Explanation.uncertainty"
UNC_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("label-out", {"label": 5}, ValueError, "label", r"\[0, 2\].*Got 5\b"),
    ("label-negative", {"label": -1}, ValueError, "label", r"Got -1\b"),
    ("label-str", {"label": "a"}, TypeError, "label", r"Got 'a' of type str"),
    ("n_boot-0", {"n_boot": 0}, ValueError, "n_boot", r">= 2.*Got 0\b"),
    ("n_boot-1", {"n_boot": 1}, ValueError, "n_boot", r">= 2.*Got 1\b"),
    ("n_boot-str", {"n_boot": "5"}, TypeError, "n_boot", r"Got '5' of type str"),
    ("seed-negative", {"seed": -1}, ValueError, "seed", r">= 0.*Got -1\b"),
    ("seed-str", {"seed": "x"}, TypeError, "seed", r"Got 'x' of type str"),
    ("seed-float", {"seed": 0.5}, TypeError, "seed", r"Got 0.5 of type float"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in UNC_CASES],
    ids=[c[0] for c in UNC_CASES],
)
def test_uncertainty_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    kwargs.setdefault("label", 0)
    refused(lambda: _EXP.uncertainty(**kwargs), error, param, entry=UNC, match=match)


# ---------------------------------------------------------------- until_stable

STABLE = "Explanation.until_stable"
STABLE_CASES: list[tuple[str, dict[str, Any], type[Exception], str, str]] = [
    ("label-out", {"label": 5}, ValueError, "label", r"\[0, 2\].*Got 5\b"),
    ("label-str", {"label": "x"}, TypeError, "label", r"Got 'x' of type str"),
    ("max_samples-1", {"max_samples": 1}, ValueError, "max_samples", r">= 2.*Got 1\b"),
    ("max_samples-str", {"max_samples": "x"}, TypeError, "max_samples", r"Got 'x' of type"),
    ("max_samples-huge", {"max_samples": MAX_SAMPLES + 1}, ValueError, "max_samples", "<="),
    ("alpha-0", {"alpha": 0.0}, ValueError, "alpha", r"\(0, 1\).*Got 0.0"),
    ("alpha-1", {"alpha": 1.0}, ValueError, "alpha", r"\(0, 1\).*Got 1.0"),
    ("alpha-2", {"alpha": 2}, ValueError, "alpha", r"Got 2\b"),
    ("alpha-nan", {"alpha": float("nan")}, ValueError, "alpha", r"Got nan"),
    ("alpha-str", {"alpha": "x"}, TypeError, "alpha", r"Got 'x' of type str"),
]


@pytest.mark.parametrize(
    ("kwargs", "error", "param", "match"),
    [c[1:] for c in STABLE_CASES],
    ids=[c[0] for c in STABLE_CASES],
)
def test_until_stable_refuses(
    kwargs: dict[str, Any], error: type[Exception], param: str, match: str
) -> None:
    kwargs.setdefault("label", 0)
    refused(lambda: _EXP.until_stable(**kwargs), error, param, entry=STABLE, match=match)
    assert _EXP.pool.size == 300  # refused before asking the model about anything


# ---------------------------------------------------------------- lime's readers


@pytest.mark.parametrize("reader", ["as_list", "as_pyplot_figure", "as_plotly_figure"])
def test_readers_of_a_label_not_explained(reader: str) -> None:
    pytest.importorskip("matplotlib" if reader == "as_pyplot_figure" else "plotly")
    with pytest.raises(KeyError, match=r"Label 1 was not explained.*labels=\(1,\)"):
        getattr(_EXP, reader)(label=1)
