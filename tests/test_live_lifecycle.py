"""A live widget's life: what ``wait`` waits for, and that closing stops and frees everything.

DESIGN.md invariant 13: after ``close()`` the model is not called again, the
worker ends, and the widget and its pool can be garbage-collected.
"""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression

import lime_widget as lw


class GatedModel:
    """Counts calls; while ``gate`` is set up, each call waits for it."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.calls = 0
        self.gate: threading.Event | None = None
        self.entered = threading.Event()

    def __call__(self, x: Any) -> Any:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        self.calls += 1
        return self.fn(x)


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, LogisticRegression(max_iter=5000).fit(X, y)


@pytest.mark.parametrize("stop", ["close", "cancel"])
def test_the_model_is_not_called_after_close_or_cancel(stop: str, cancer: Any) -> None:
    X, model = cancer
    gated = GatedModel(model.predict_proba)
    w = lw.LimeTabularExplainer(X, random_state=0).interact(
        X[0], gated, num_samples=500, batch_size=100
    )
    try:
        w.wait(10)
        gated.gate = threading.Event()
        gated.entered.clear()
        w.num_samples = 5000  # 45 more model calls of 100 rows
        assert gated.entered.wait(5)  # the worker is inside a model call now
        calls = gated.calls
        getattr(w, stop)()
        gated.gate.set()  # the call in flight returns
        thread = w.session._thread
        if stop == "close":
            thread.join(5)
            assert not thread.is_alive()  # the worker ended within that one call
        else:
            w.wait(10)
        threading.Event().wait(0.3)  # time for any further (wrong) call to happen
        assert gated.calls == calls + 1  # only the call that was in flight
    finally:
        w.close()


def test_a_closed_widget_and_its_pool_are_freed(cancer: Any) -> None:
    X, model = cancer
    explainer = lw.LimeTabularExplainer(X, random_state=0)
    refs = []
    for _ in range(3):
        w = explainer.interact(X[0], model.predict_proba, num_samples=500)
        w.wait(10, diagnostics=True)
        refs.append((weakref.ref(w), weakref.ref(w.session.prepared.pool)))
        thread = w.session._thread
        w.close()
        thread.join(5)
        del w
    gc.collect()
    assert [(r(), p()) for r, p in refs] == [(None, None)] * 3


def test_wait_returns_with_the_fit_and_diagnostics_on_request(cancer: Any) -> None:
    X, model = cancer
    w = lw.LimeTabularExplainer(X, random_state=0).interact(
        X[0], model.predict_proba, num_samples=500
    )
    try:
        w.wait(10, diagnostics=True)
        w.session.quiet_period = 3.0  # the diagnostics come 3 s after the parameters rest
        w.kernel_width = 2.0
        exp = w.wait(10)  # the fit is shown: no need to sit through the quiet period
        assert w.state["params"]["kernel_width"] == 2.0
        assert w.state["status"] == "idle"
        assert w.state["diagnostics"] is None
        assert exp.settings is not None
        assert exp.settings.kernel_width == 2.0
        w.wait(10, diagnostics=True)
        diagnostics = w.state["diagnostics"]
        assert diagnostics is not None
        assert diagnostics["params"]["kernel_width"] == 2.0
    finally:
        w.close()


def test_the_widget_keeps_the_fits_a_page_without_a_kernel_answers_from(cancer: Any) -> None:
    import base64

    X, model = cancer
    w = lw.LimeTabularExplainer(X, random_state=0).interact(
        X[0], model.predict_proba, num_samples=500, num_features=4
    )
    try:
        w.wait(10, diagnostics=True)
        grid = w.offline["grid"]
        assert grid["n_samples"] == 500
        assert grid["labels"] == [0, 1]
        width = grid["widths"][20]
        w.kernel_width = width  # a width the grid holds: the page's fit is the live one
        w.feature_selection = "lasso_path"
        exp = w.wait(10, diagnostics=True)
        assert w.offline["grid"] is grid  # same sample count: not recomputed
        offsets = np.frombuffer(base64.b64decode(grid["offsets"]), "<u4")
        ids = np.frombuffer(base64.b64decode(grid["ids"]), "<u4")
        weights = np.frombuffer(base64.b64decode(grid["weights"]), "<f8")
        f = grid["index"]["lasso_path"][grid["ks"].index(4)][20][grid["labels"].index(w.label)]
        page = list(
            zip(
                ids[offsets[f] : offsets[f + 1]].tolist(),
                weights[offsets[f] : offsets[f + 1]].tolist(),
                strict=True,
            )
        )
        assert page == exp.local_exp[w.label]
        w.num_samples = 700  # a new sample count: new fits
        w.wait(20, diagnostics=True)
        assert w.offline["grid"]["n_samples"] == 700
    finally:
        w.close()


def test_the_explanation_read_while_samples_stream_is_not_kept(cancer: Any) -> None:
    """Displaying a widget reads its explanation mid-stream; wait() must not return that."""
    X, model = cancer

    def slow(rows: np.ndarray) -> np.ndarray:  # 10 calls of 200 rows: half a second
        threading.Event().wait(0.05)
        return model.predict_proba(rows)

    w = lw.LimeTabularExplainer(X, random_state=0).interact(
        X[0], slow, num_samples=2000, batch_size=200
    )
    try:
        early = w.explanation  # what the widget's static fallback reads when displayed
        assert early.neighbourhood is not None
        assert early.neighbourhood.num_samples < 2000
        final = w.wait(30)
        assert final.neighbourhood is not None
        assert final.neighbourhood.num_samples == 2000
    finally:
        w.close()
