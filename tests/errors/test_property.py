"""Property: random bad values for every public parameter are refused, and nothing breaks.

For each (entry point, parameter) pair, Hypothesis draws values that are wrong
for it (wrong types, NaN and infinities, negatives, huge numbers, empty and
wrongly shaped arrays, strings) and checks that the call raises ``ValueError``
or ``TypeError`` (``KeyError`` only for a label that was not explained) whose
message names the parameter and the method called, and that the object called
still works afterwards: an explainer's next ``explain_instance`` gives what a
fresh explainer with the same seed gives, an explanation refits as before, a
widget keeps its value. Derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.metrics.pairwise import _VALID_METRICS

from lime_widget import (
    LimeImageExplainer,
    LimeTabularExplainer,
    LimeTextExplainer,
    SubmodularPick,
    fit_label,
)
from lime_widget.engine._validation import MAX_SAMPLES

from ._support import (
    INTERNAL,
    Y3,
    X,
    explain,
    explanation3,
    make,
    tab_model3,
)

EXAMPLES = 60

# ---------------------------------------------------------------- bad values

NAN, INF = float("nan"), float("inf")
STRINGS = st.text(max_size=4)
NON_FINITE = st.sampled_from([NAN, INF, -INF])
LISTS = st.lists(st.integers(-3, 3), max_size=3)
OBJECTS = st.sampled_from([object(), b"x", {"a": 1}, (1, "a"), 1j, Ridge])
BOOLS = st.booleans()
SELECTIONS = {"auto", "forward_selection", "highest_weights", "lasso_path", "none"}


def bad_int(
    min_value: int, *, max_value: int | None = None, none_ok: bool = False
) -> st.SearchStrategy[Any]:
    """Anything but an int in ``[min_value, max_value]`` (or None when ``none_ok``)."""
    options = [
        st.integers(max_value=min_value - 1),
        st.floats(allow_nan=True),
        STRINGS,
        LISTS,
        OBJECTS,
        BOOLS,
    ]
    if max_value is not None:
        options.append(st.integers(min_value=max_value + 1, max_value=max_value * 10**6))
    if not none_ok:
        options.append(st.none())
    return st.one_of(*options)


def bad_positive_float(*, none_ok: bool = False) -> st.SearchStrategy[Any]:
    options = [st.floats(max_value=0.0), NON_FINITE, STRINGS, LISTS, OBJECTS, BOOLS]
    if not none_ok:
        options.append(st.none())
    return st.one_of(*options)


def bad_option(options: Any, *, none_ok: bool = False) -> st.SearchStrategy[Any]:
    choices = [STRINGS.filter(lambda s: s not in options), st.integers(), LISTS, OBJECTS]
    if not none_ok:
        choices.append(st.none())
    return st.one_of(*choices)


def bad_callable(*, none_ok: bool = False) -> st.SearchStrategy[Any]:
    choices = [st.integers(), STRINGS, st.floats(), LISTS, st.sampled_from([b"x", {"a": 1}])]
    if not none_ok:
        choices.append(st.none())
    return st.one_of(*choices)


def bad_bool(*, none_ok: bool = False) -> st.SearchStrategy[Any]:
    choices = [st.integers(), STRINGS, st.floats(), LISTS]
    if not none_ok:
        choices.append(st.none())
    return st.one_of(*choices)


def bad_labels(n_outputs: int) -> st.SearchStrategy[Any]:
    """Not a non-empty sequence of class indices in ``[0, n_outputs - 1]``."""
    return st.one_of(
        st.integers(),  # an int where a sequence is expected
        STRINGS,
        st.none(),
        st.lists(st.integers(min_value=n_outputs, max_value=10**6), min_size=1, max_size=3),
        st.lists(st.integers(max_value=-1), min_size=1, max_size=3),
        st.lists(st.floats(), min_size=1, max_size=2),
        st.lists(STRINGS, min_size=1, max_size=2),
    )


def bad_label(n_outputs: int) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=n_outputs, max_value=10**9),
        st.floats(),
        STRINGS,
        LISTS,
    )


def bad_array(
    ndim: int, good_shape: tuple[int, ...], *, also_ok: tuple[int, ...] = (), rows_ok: bool = False
) -> st.SearchStrategy[Any]:
    """Arrays of the wrong shape, with NaN or infinity, of strings; not arrays at all.

    ``also_ok``: other numbers of dimensions that are valid; ``rows_ok``: any number of rows is.
    """
    other_ndim = [d for d in (0, 1, 2, 3) if d != ndim and d not in also_ok]

    def shaped(d: int) -> Any:
        return np.ones((2,) * d) if d else np.float64(1.0)

    wrong_len = [s + 1 for s in good_shape[:1]] + [max(s - 1, 0) for s in good_shape[:1]]
    nan_array = np.ones(good_shape)
    nan_array.flat[0] = np.nan
    if rows_ok:  # any shape with rows and columns is good: only no columns is wrong
        wrong_shapes = [np.ones((3, 0))]
    else:
        wrong_shapes = [np.ones((n, *good_shape[1:])) for n in wrong_len]
    return st.one_of(
        st.sampled_from([shaped(d) for d in other_ndim]),
        st.sampled_from(wrong_shapes),
        st.just(nan_array),
        st.just(np.full(good_shape, "a")),
        st.none(),
        STRINGS,
        st.integers(),
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """``call(value)`` passes a bad ``param`` to ``entry``; ``after()`` checks nothing broke."""

    entry: str
    param: str
    values: st.SearchStrategy[Any]
    call: Callable[[Any], Any]
    after: Callable[[], None] | None = None
    key_error: bool = False


_FRESH: dict[str, Any] = {}


def fresh_map(kind: str) -> Any:
    """What a fresh explainer of ``kind`` explains with the defaults of ``explain``."""
    if kind not in _FRESH:
        _FRESH[kind] = explain(kind, make(kind)).as_map()
    return _FRESH[kind]


class Shared:
    """An explainer per kind whose stream must stay where a fresh explainer's is."""

    def __init__(self) -> None:
        self.explainers: dict[str, Any] = {}

    def __call__(self, kind: str) -> Any:
        if kind not in self.explainers:
            self.explainers[kind] = make(kind)
        return self.explainers[kind]

    def unchanged(self, kind: str) -> Callable[[], None]:
        def check() -> None:
            explainer = self.explainers.pop(kind)  # used up: the next example makes another
            assert explain(kind, explainer).as_map() == fresh_map(kind)

        return check


SHARED = Shared()
EXP = explanation3()
EXP_MAP = EXP.as_map()


def exp_unchanged() -> None:
    assert EXP.refit().as_map() == EXP_MAP
    assert EXP.pool.size == 300


def explain_cases(kind: str, cls: str, params: dict[str, st.SearchStrategy[Any]]) -> list[Case]:
    entry = f"{cls}.explain_instance"
    return [
        Case(
            entry,
            name,
            values,
            lambda v, name=name: explain(kind, SHARED(kind), **{name: v}),
            SHARED.unchanged(kind),
        )
        for name, values in params.items()
    ]


COMMON_EXPLAIN = {
    "labels": bad_labels(2),
    "top_labels": bad_int(1, none_ok=True),
    "num_features": bad_int(1),
    "num_samples": bad_int(2, max_value=MAX_SAMPLES),
    "distance_metric": bad_option(set(_VALID_METRICS)),
    "model_regressor": st.one_of(st.integers(), STRINGS, st.just(Ridge), st.just(object())),
    "batch_size": bad_int(1, none_ok=True),
}


#: not a model (None is not among them: ``explain`` reads it as "the usual model")
MODELS = st.one_of(st.integers(), STRINGS, st.floats(), LISTS, st.sampled_from([b"x", {"a": 1}]))


def _explain_labels(kind: str, value: Any) -> Any:
    return explain(kind, SHARED(kind), labels=value, top_labels=None)


CASES: list[Case] = [
    # -- explain_instance
    *explain_cases(
        "tabular",
        "LimeTabularExplainer",
        {**COMMON_EXPLAIN, "instance": bad_array(1, (4,)), "model": MODELS},
    ),
    *explain_cases(
        "text",
        "LimeTextExplainer",
        {
            **COMMON_EXPLAIN,
            "instance": st.one_of(
                st.integers(), st.none(), LISTS, st.sampled_from(["", "!!!", " \n", b"good"])
            ),
            "model": MODELS,
        },
    ),
    *explain_cases(
        "image",
        "LimeImageExplainer",
        {
            **{k: v for k, v in COMMON_EXPLAIN.items() if k != "labels"},
            "instance": st.one_of(  # any (H, W, C) or (H, W) image of 2 x 2 pixels or more is good
                bad_array(3, (32, 32, 3), also_ok=(2,)).filter(
                    lambda a: np.shape(a)[:2] not in ((33, 32), (31, 32))  # other sizes: good
                ),
                st.sampled_from([np.ones((1, 1, 3)), np.ones((1, 9, 3)), np.ones((4, 4, 0))]),
            ),
            "model": MODELS,
            "hide_color": st.one_of(
                STRINGS.filter(lambda t: not _is_number(t)),  # "0" is 0 to numpy, and to lime
                NON_FINITE,
                st.lists(st.floats(-1, 1), min_size=2, max_size=2),
                st.lists(st.floats(-1, 1), min_size=4, max_size=5),
                st.just(np.zeros((2, 3))),
                st.lists(STRINGS, min_size=3, max_size=3),
            ),
            "segmentation_fn": bad_callable(none_ok=True),
            "distance_metric": bad_option(set(_VALID_METRICS)),
        },
    ),
    Case(
        "LimeImageExplainer.explain_instance",
        "labels",
        bad_labels(2),
        lambda v: _explain_labels("image", v),
        SHARED.unchanged("image"),
    ),
    Case(
        "LimeImageExplainer.explain_instance",
        "random_seed",
        st.one_of(st.integers(max_value=-1), st.floats(), STRINGS, LISTS),
        lambda v: explain("image", SHARED("image"), random_seed=v, segmentation_fn=None),
        SHARED.unchanged("image"),
    ),
]

_TAB_CTOR: dict[str, st.SearchStrategy[Any]] = {
    "training_data": st.one_of(
        bad_array(2, (150, 4), rows_ok=True),
        st.just([[1.0, 2.0], [3.0]]),
        st.just(np.empty((0, 4))),
    ),
    "mode": bad_option({"classification", "regression"}),
    "feature_names": st.one_of(
        st.integers(), st.floats(), st.lists(STRINGS, max_size=3), st.lists(STRINGS, min_size=5)
    ),
    "categorical_features": st.one_of(
        st.integers(),
        st.floats(),
        st.lists(st.integers(min_value=4), min_size=1, max_size=2),
        st.lists(st.integers(max_value=-1), min_size=1, max_size=2),
        st.lists(st.floats().filter(lambda f: not float(f).is_integer()), min_size=1, max_size=2),
        st.lists(STRINGS, min_size=1, max_size=2),
    ),
    "categorical_names": st.one_of(
        st.integers(),
        STRINGS,
        st.lists(st.lists(STRINGS, max_size=2), min_size=1, max_size=2),
        st.dictionaries(STRINGS, st.lists(STRINGS), min_size=1, max_size=2),
        st.dictionaries(st.integers(0, 3), st.integers(), min_size=1, max_size=2),
    ),
    "kernel_width": bad_positive_float(none_ok=True),
    "kernel": bad_callable(none_ok=True),
    "class_names": st.one_of(st.integers(), st.floats(), st.sampled_from([b"", 1j])),
    "feature_selection": bad_option(
        {"auto", "forward_selection", "highest_weights", "lasso_path", "none"}
    ),
    "discretizer": bad_option({"quartile", "decile", "entropy"}),
    "random_state": st.one_of(
        st.integers(max_value=-1), st.integers(min_value=2**32), st.floats(), STRINGS, LISTS
    ),
    "training_data_stats": st.one_of(
        st.integers(min_value=1),
        st.text(min_size=1, max_size=3),
        st.lists(st.integers(), min_size=1, max_size=2),
        st.dictionaries(st.sampled_from(["means", "mins", "bins"]), st.just({}), min_size=1),
    ),
}


def _tab_ctor(name: str, value: Any) -> Any:
    kwargs = {"training_data": X, name: value}
    return LimeTabularExplainer(**kwargs).explain_instance(X[0], tab_model3, num_samples=50)


CASES += [
    Case("LimeTabularExplainer", name, values, lambda v, name=name: _tab_ctor(name, v))
    for name, values in _TAB_CTOR.items()
]
CASES.append(
    Case(
        "LimeTabularExplainer",
        "training_labels",
        st.one_of(
            STRINGS,
            st.lists(st.integers(0, 2), min_size=1, max_size=149),
            st.just(np.where(Y3 == 1, np.nan, Y3)),
            st.just(np.zeros((150, 2, 2))),
        ),
        lambda v: LimeTabularExplainer(X, discretizer="entropy", training_labels=v),
    )
)

_TEXT_CTOR: dict[str, st.SearchStrategy[Any]] = {
    "kernel_width": bad_positive_float(none_ok=True),  # None: the default width
    "kernel": bad_callable(none_ok=True),
    "class_names": st.one_of(st.integers(), st.floats()),
    "feature_selection": bad_option(SELECTIONS),
    "split_expression": st.one_of(
        st.integers(),
        st.floats(),
        LISTS,
        st.none(),
        st.sampled_from(["(", "[", "*", "+", "(?P<", "\\"]),
    ),
    "mask_string": st.one_of(st.integers(), st.floats(), LISTS, st.sampled_from([b"x", 1j])),
    "random_state": st.one_of(st.integers(max_value=-1), st.floats(), STRINGS, LISTS),
}
_IMAGE_CTOR = {
    k: v for k, v in _TEXT_CTOR.items() if k in ("kernel_width", "kernel", "random_state")
}
_IMAGE_CTOR["feature_selection"] = _TEXT_CTOR["feature_selection"]
_IMAGE_CTOR["class_names"] = _TEXT_CTOR["class_names"]
CASES += [
    Case("LimeTextExplainer", n, v, lambda x, n=n: LimeTextExplainer(**{n: x}))
    for n, v in _TEXT_CTOR.items()
]
CASES += [
    Case("LimeImageExplainer", n, v, lambda x, n=n: LimeImageExplainer(**{n: x}))
    for n, v in _IMAGE_CTOR.items()
]

# -- the explanation's methods (a 3-class explanation of labels 0 and 2)
_REFIT = {  # None: unchanged
    "kernel_width": bad_positive_float(none_ok=True),
    "num_features": bad_int(1, none_ok=True),
    "feature_selection": bad_option(SELECTIONS, none_ok=True),
    "labels": bad_labels(3).filter(lambda v: v is not None),
    "top_labels": bad_int(1, none_ok=True),
    "num_samples": bad_int(2, max_value=MAX_SAMPLES, none_ok=True),
}
CASES += [
    Case("Explanation.refit", n, v, lambda x, n=n: EXP.refit(**{n: x}), exp_unchanged)
    for n, v in _REFIT.items()
]
CASES += [
    Case(
        "Explanation.kernel_width_sweep",
        "widths",
        st.one_of(
            st.lists(st.floats(max_value=0.0), min_size=1, max_size=3),
            st.lists(NON_FINITE, min_size=1, max_size=2),
            st.just([]),
            st.just([[1.0, 2.0]]),
            STRINGS.filter(bool),
        ),
        lambda v: EXP.kernel_width_sweep(label=0, widths=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.kernel_width_sweep",
        "n_widths",
        bad_int(1),
        lambda v: EXP.kernel_width_sweep(label=0, n_widths=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.kernel_width_sweep",
        "label",
        st.one_of(bad_label(3), st.just(1)),  # 1: a class, but not explained (KeyError)
        lambda v: EXP.kernel_width_sweep(label=v),
        exp_unchanged,
        key_error=True,
    ),
    Case(
        "Explanation.uncertainty",
        "label",
        bad_label(3),
        lambda v: EXP.uncertainty(label=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.uncertainty",
        "n_boot",
        bad_int(2),
        lambda v: EXP.uncertainty(label=0, n_boot=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.uncertainty",
        "seed",
        bad_int(0),
        lambda v: EXP.uncertainty(label=0, seed=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.until_stable",
        "label",
        bad_label(3),
        lambda v: EXP.until_stable(label=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.until_stable",
        "max_samples",
        bad_int(2, max_value=MAX_SAMPLES),
        lambda v: EXP.until_stable(label=0, max_samples=v),
        exp_unchanged,
    ),
    Case(
        "Explanation.until_stable",
        "alpha",
        st.one_of(st.floats(max_value=0.0), st.floats(min_value=1.0), NON_FINITE, STRINGS, LISTS),
        lambda v: EXP.until_stable(label=0, alpha=v),
        exp_unchanged,
    ),
]

# -- fit_label
_NB = EXP.neighbourhood


def _fit(name: str, value: Any) -> Any:
    args: dict[str, Any] = {
        "design": _NB.design,
        "outputs": _NB.outputs,
        "distances": _NB.distances,
        "label": 0,
        "num_features": 2,
        "kernel_width": 1.0,
    }
    args[name] = value
    return fit_label(**args)


_FIT = {
    "design": bad_array(2, (300, 4)),
    "outputs": bad_array(2, (300, 3)),
    "distances": bad_array(1, (300,)),
    "label": bad_label(3),
    "num_features": bad_int(1),
    "kernel_width": bad_positive_float(),
    "feature_selection": bad_option(SELECTIONS),
    "kernel_fn": bad_callable(none_ok=True),
    "model_regressor": COMMON_EXPLAIN["model_regressor"],
}
CASES += [Case("fit_label", n, v, lambda x, n=n: _fit(n, x)) for n, v in _FIT.items()]

# -- batches and picks (checked before any row is explained)
_MANY = {
    "instances": st.one_of(st.none(), st.integers(), st.just(X[0]), st.just(X[:2, :3])),
    "predict_fn": bad_callable(),
    "n_jobs": st.one_of(st.just(0), st.floats(), STRINGS, LISTS, BOOLS),
    "per_row_seeds": bad_bool(none_ok=True),
    "chunk_size": bad_int(1, none_ok=True),
    "progress": bad_bool(none_ok=True),
    "on_result": bad_callable(none_ok=True),
    "keep_neighbourhood": bad_bool(),
    "model_thread": bad_bool(),
    "num_features": bad_int(1),
    # the type only: a label outside the model's classes is found at row 0, after it drew
    "labels": st.one_of(st.integers(), STRINGS, st.lists(st.floats(), min_size=1, max_size=2)),
}


def _many(name: str, value: Any) -> Any:
    args: dict[str, Any] = {"instances": X[:2], "predict_fn": tab_model3, "num_samples": 50}
    args[name] = value
    return SHARED("tabular").explain_many(**args)


CASES += [
    Case(
        "LimeTabularExplainer.explain_many",
        n,
        v,
        lambda x, n=n: _many(n, x),
        SHARED.unchanged("tabular"),
    )
    for n, v in _MANY.items()
]
_PICK = {
    "explainer": st.one_of(st.none(), st.integers(), STRINGS),
    "data": st.one_of(st.none(), st.integers(), st.floats()),
    "method": bad_option({"sample", "full"}),
    "sample_size": bad_int(1),
    "num_exps_desired": bad_int(1),
    "num_features": bad_int(1),
}


def _pick(name: str, value: Any) -> Any:
    args: dict[str, Any] = {
        "explainer": SHARED("tabular"),
        "data": X[:4],
        "predict_fn": tab_model3,
        "num_samples": 50,
    }
    args[name] = value
    return SubmodularPick(**args)


CASES += [
    Case("SubmodularPick", n, v, lambda x, n=n: _pick(n, x), SHARED.unchanged("tabular"))
    for n, v in _PICK.items()
]

# -- interact (a refused call leaves the explainer's stream alone)


def _interact(name: str, value: Any) -> Any:
    args = {"num_samples": 100, "num_features": 2, name: value}
    widget = SHARED("tabular").interact(X[0], tab_model3, **args)
    widget.close()  # pragma: no cover - only reached if a bad value were taken
    return widget


CASES += [
    Case(
        "LimeTabularExplainer.interact",
        n,
        v,
        lambda x, n=n: _interact(n, x),
        SHARED.unchanged("tabular"),
    )
    for n, v in {
        "label": bad_label(3),
        "max_samples": bad_int(2, max_value=MAX_SAMPLES, none_ok=True),
        "num_features": bad_int(1),
    }.items()
]


# ---------------------------------------------------------------- the property


def _check(case: Case, value: Any) -> None:
    allowed: tuple[type[BaseException], ...] = (ValueError, TypeError)
    if case.key_error:
        allowed += (KeyError,)
    with pytest.raises(allowed) as excinfo:
        case.call(value)
    exc = excinfo.value
    assert not isinstance(exc, INTERNAL), repr(exc)
    text = str(exc)
    if isinstance(exc, KeyError):
        assert re.search(r"Label .* was not explained", text), text
    else:
        assert f"'{case.param}'" in text or _model_param(case, text), text
        assert case.entry in text, f"{case.entry!r} not named in: {text}"
    if case.after is not None:
        case.after()


def _model_param(case: Case, text: str) -> bool:
    """``explain``'s ``model``/``instance`` are the explainers' own parameter names."""
    names = {
        "model": ("'predict_fn'", "'classifier_fn'"),
        "instance": ("'data_row'", "'text_instance'", "'image'"),
    }
    return any(name in text for name in names.get(case.param, ()))


PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.entry}-{c.param}" for c in CASES])
@PROPERTY
@given(data=st.data())
def test_bad_values_are_refused(case: Case, data: st.DataObject) -> None:
    SHARED.explainers.clear()  # each example starts from fresh explainers
    _check(case, data.draw(case.values, label=case.param))


# ---------------------------------------------------------------- widget traits


@pytest.fixture(scope="module")
def widget() -> Iterator[Any]:
    w = make("tabular").interact(X[0], tab_model3, num_samples=200, num_features=2)
    w.wait(timeout=60, diagnostics=True)
    yield w
    w.close()


TRAITS: dict[str, st.SearchStrategy[Any]] = {
    "kernel_width": bad_positive_float(),
    "num_samples": bad_int(2, max_value=10_000),  # the widget's max_samples
    "num_features": bad_int(1),
    "feature_selection": bad_option(SELECTIONS),
    "label": bad_label(3),
    "meta": st.one_of(st.integers(), STRINGS, LISTS, st.none()),
    "state": st.one_of(st.integers(), STRINGS, LISTS, st.none()),
    "offline": st.one_of(st.integers(), STRINGS, LISTS, st.none()),
}


WRITTEN_BY_THE_WIDGET = ("meta", "state", "offline")


@pytest.mark.parametrize("trait", list(TRAITS))
def test_bad_trait_values_are_refused(widget: Any, trait: str) -> None:
    before = getattr(widget, trait)

    @PROPERTY
    @given(value=TRAITS[trait])
    def check(value: Any) -> None:
        case = Case("LimeWidget", trait, TRAITS[trait], lambda v: setattr(widget, trait, v))
        _check(case, value)
        if trait in WRITTEN_BY_THE_WIDGET:  # the worker may write a newer one meanwhile
            assert isinstance(getattr(widget, trait), dict)
        else:
            assert getattr(widget, trait) == before

    check()
