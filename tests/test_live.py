"""The live session and widget, driven from Python as the front end would drive them.

Invariants of DESIGN.md: refits without the model (2), only new rows (3), path
independence (4), responsive handlers and cancel (5), streaming (6), push and
pull delivery (7), errors shown not swallowed (10).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LinearRegression, LogisticRegression

import lime_widget as lw

TOL = 1e-9


class Model:
    """A counting model; optionally slow, failing, or held on an event."""

    def __init__(self, fn: Any, delay: float = 0.0) -> None:
        self.fn = fn
        self.delay = delay
        self.rows = 0
        self.calls = 0
        self.fail: str | None = None
        self.gate: threading.Event | None = None
        self.entered = threading.Event()

    def __call__(self, x: Any) -> Any:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise RuntimeError(self.fail)
        self.rows += len(x)
        self.calls += 1
        return self.fn(x)


class FakeComm:
    """Records what the widget sends, and from which thread (Colab drops background sends)."""

    kernel = object()
    comm_id = "fake-comm"

    def __init__(self) -> None:
        self.sent: list[tuple[dict[str, Any], bool]] = []

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self.sent.append((data, threading.current_thread() is threading.main_thread()))

    def close(self, *args: Any, **kwargs: Any) -> None:
        pass

    def on_msg(self, callback: Any) -> None:
        pass

    def states(self, *, main_thread_only: bool) -> list[dict[str, Any]]:
        out = []
        for data, on_main in self.sent:
            if main_thread_only and not on_main:
                continue
            if data.get("method") == "update" and "state" in data.get("state", {}):
                out.append(data["state"]["state"])
            if data.get("method") == "custom" and data["content"].get("type") == "state":
                out.append(data["content"]["state"])
        return out


def front_end_sets(widget: Any, **state: Any) -> None:
    """What a slider move does: an ``update`` comm message from the page."""
    widget._handle_msg(
        {
            "content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
            "buffers": [],
        }
    )


def front_end_sends(widget: Any, content: dict[str, Any]) -> None:
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


@pytest.fixture(scope="module")
def cancer() -> tuple[np.ndarray, Any]:
    X, y = load_breast_cancer(return_X_y=True)
    return X, LogisticRegression(max_iter=5000).fit(X, y)


@pytest.fixture
def widget_factory(cancer: Any) -> Any:
    made: list[Any] = []
    X, model = cancer

    def make(model_wrapper: Model | None = None, **kwargs: Any) -> tuple[Any, Model]:
        m = model_wrapper or Model(model.predict_proba)
        kwargs.setdefault("num_samples", 1000)
        w = lw.LimeTabularExplainer(X, random_state=0).interact(X[0], m, **kwargs)
        made.append(w)
        return w, m

    yield make
    for w in made:
        w.close()


def same_weights(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> bool:
    return [f for f, _ in a] == [f for f, _ in b] and np.allclose(
        [w for _, w in a], [w for _, w in b], rtol=0, atol=TOL
    )


def test_initial_view_is_explain_instance(widget_factory: Any, cancer: Any) -> None:
    X, model = cancer
    w, m = widget_factory(num_samples=1500, num_features=5)
    exp = w.wait(10)
    assert m.rows == 1500
    ref = lw.LimeTabularExplainer(X, random_state=0).explain_instance(
        X[0], model.predict_proba, num_samples=1500, num_features=5, labels=(w.label,)
    )
    assert same_weights(exp.local_exp[w.label], ref.local_exp[w.label])
    shown = w.state["explanation"]
    assert [f["id"] for f in shown["features"]] == [f for f, _ in ref.local_exp[w.label]]
    assert shown["score"] == pytest.approx(ref.score[w.label], abs=TOL)
    assert w.label == int(np.argmax(model.predict_proba(X[:1])))
    assert w.state["status"] == "idle"


@pytest.mark.parametrize(
    "change",
    [{"kernel_width": 0.8}, {"num_features": 3}, {"feature_selection": "lasso_path"}, {"label": 1}],
)
def test_refit_params_never_call_the_model(change: dict[str, Any], widget_factory: Any) -> None:
    w, m = widget_factory()
    w.wait(10)
    rows = m.rows
    for name, value in change.items():
        setattr(w, name, value)
    exp = w.wait(10)
    assert m.rows == rows
    assert w.state["params"][next(iter(change))] == next(iter(change.values()))
    shown = len(exp.local_exp[w.label])
    if "feature_selection" in change:  # the lasso path may stop short of K features
        assert 1 <= shown <= w.num_features
    else:
        assert shown == w.num_features


def test_refit_from_the_page_never_calls_the_model(widget_factory: Any, cancer: Any) -> None:
    X, model = cancer
    w, m = widget_factory()
    w.wait(10)
    rows = m.rows
    front_end_sets(w, kernel_width=1.25)
    exp = w.wait(10)
    assert w.kernel_width == 1.25
    assert m.rows == rows
    ref = lw.LimeTabularExplainer(X, random_state=0, kernel_width=1.25).explain_instance(
        X[0], model.predict_proba, num_samples=1000, labels=(w.label,)
    )
    assert same_weights(exp.local_exp[w.label], ref.local_exp[w.label])


def test_more_samples_ask_only_new_rows_and_history_does_not_matter(widget_factory: Any) -> None:
    w, m = widget_factory()
    w.wait(10)
    assert m.rows == 1000
    w.num_samples = 2300
    w.wait(10)
    assert m.rows == 2300
    w.num_samples = 800  # a prefix
    w.wait(10)
    assert m.rows == 2300
    w.kernel_width = 2.0
    w.num_samples = 1700
    via_history = w.wait(10)

    w2, m2 = widget_factory()
    w2.kernel_width = 2.0
    w2.num_samples = 1700
    direct = w2.wait(10)
    assert m2.rows == 1700
    assert same_weights(via_history.local_exp[w.label], direct.local_exp[w2.label])
    assert w.state["explanation"]["features"] == w2.state["explanation"]["features"]


def test_partial_results_stream_with_progress_and_are_throttled(cancer: Any) -> None:
    X, model = cancer
    slow = Model(model.predict_proba, delay=0.01)
    prepared = lw.LimeTabularExplainer(X, random_state=0)._prepare(
        X[0], slow, labels=(), num_samples=3000, grow=False
    )
    session = lw.LiveSession(prepared, step_rows=100)
    seen: list[tuple[float, dict[str, Any]]] = []
    session.on_state = lambda state: seen.append((time.monotonic(), state))
    session.wait(20)
    session.close()
    partial = [s for _, s in seen if s["status"] == "collecting"]
    assert len(partial) >= 3
    done = [s["rows_done"] for s in partial]
    assert done == sorted(done)
    assert all(0 < s["rows_done"] < s["rows_target"] == 3000 for s in partial)
    assert all(s["explanation"]["n_samples"] == s["rows_done"] for s in partial)
    assert seen[-1][1]["status"] == "idle"
    assert seen[-1][1]["rows_done"] == 3000
    times = [t for t, s in seen if s["status"] == "collecting"]
    assert min(np.diff(times)) >= 0.045  # at most ~20 partial updates a second
    assert [s["seq"] for _, s in seen] == sorted({s["seq"] for _, s in seen})


def test_handlers_return_while_the_model_is_busy_and_cancel_keeps_rows(
    widget_factory: Any, cancer: Any
) -> None:
    _, model = cancer
    gated = Model(model.predict_proba)
    w, _ = widget_factory(gated, num_samples=600, batch_size=100)
    w.wait(10)
    gated.gate = threading.Event()
    gated.entered.clear()
    w.num_samples = 5000
    assert gated.entered.wait(5)  # the worker is inside the model now
    front_end_sets(w, kernel_width=0.9)  # returns although the worker is blocked
    front_end_sends(w, {"type": "cancel"})
    assert w.kernel_width == 0.9
    rows_at_cancel = gated.rows
    gated.gate.set()
    exp = w.wait(10)
    assert gated.rows <= rows_at_cancel + 100  # stopped within one step
    assert w.state["status"] == "cancelled"
    assert w.num_samples == exp.neighbourhood.num_samples == w.state["rows_done"] < 5000
    assert w.state["params"]["kernel_width"] == 0.9


def test_model_error_is_shown_and_the_next_change_retries(widget_factory: Any, caplog: Any) -> None:
    w, m = widget_factory(batch_size=200)
    good = w.wait(10)
    before = w.state["explanation"]
    logger = logging.getLogger("lime_widget")
    logger.addHandler(caplog.handler)
    try:
        m.fail = "GPU out of memory"
        w.num_samples = 1600
        with pytest.raises(RuntimeError, match="GPU out of memory"):
            w.wait(10)
    finally:
        logger.removeHandler(caplog.handler)
    assert w.state["status"] == "error"
    assert "RuntimeError: GPU out of memory" in w.state["error"]
    assert w.state["explanation"] == before  # the last good explanation stays
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records)
    m.fail = None
    w.kernel_width = 3.0  # the next change tries again
    exp = w.wait(10)
    assert w.state["status"] == "idle"
    assert exp.neighbourhood.num_samples == 1600
    assert good.neighbourhood.num_samples == 1000


def test_bad_model_output_during_live_growth_is_an_error_state(
    widget_factory: Any, cancer: Any
) -> None:
    _, model = cancer
    state = {"nan": False}

    def flaky(rows: Any) -> Any:
        out = model.predict_proba(rows)
        if state["nan"]:
            out[:, 0] = np.nan
        return out

    w, _ = widget_factory(Model(flaky))
    w.wait(10)
    state["nan"] = True
    w.num_samples = 1500
    with pytest.raises(lw.ModelOutputError, match="NaN"):
        w.wait(10)
    assert "ModelOutputError" in w.state["error"]


def _collect_states(widget: Any, comm: FakeComm, *, pull: bool) -> list[dict[str, Any]]:
    """Play the front end until idle with diagnostics: apply pushes (all threads) or pull."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if pull:
            front_end_sends(widget, {"type": "pull"})
        states = comm.states(main_thread_only=pull)
        last = states[-1] if states else {}
        if last.get("status") == "idle" and last["rows_done"] == 3000 and last["diagnostics"]:
            return states
        time.sleep(0.02)
    raise AssertionError("the front end never saw the final state")


@pytest.mark.parametrize("pull", [False, True], ids=["push-only", "pull-only (Colab)"])
def test_both_delivery_paths_stream_to_the_end(pull: bool, cancer: Any) -> None:
    X, model = cancer
    slow = Model(model.predict_proba, delay=0.02)
    w = lw.LimeTabularExplainer(X, random_state=0).interact(
        X[0], slow, num_samples=3000, batch_size=150
    )
    comm = FakeComm()
    w.comm = comm
    try:
        states = _collect_states(w, comm, pull=pull)
    finally:
        w.close()
    progress = [s["rows_done"] for s in states if s["status"] == "collecting"]
    assert progress, "partial results reached the front end"
    assert states[-1]["explanation"]["n_samples"] == 3000
    # everything a push delivers, pulls alone deliver: the stability badge, whiskers, sweep
    diagnostics = states[-1]["diagnostics"]
    assert diagnostics["params"] == states[-1]["params"]
    assert diagnostics["intervals"]
    assert len(diagnostics["sweep"]["widths"]) == 28
    if pull:  # Colab: background sends are lost, pulls answered from the kernel thread deliver
        assert all(on_main for data, on_main in comm.sent if data.get("method") == "custom")


def test_python_validation_on_every_assignment(widget_factory: Any) -> None:
    w, _ = widget_factory()
    with pytest.raises(
        ValueError,
        match=r"'kernel_width' parameter of LimeWidget must be a finite float > 0\. Got -1",
    ):
        w.kernel_width = -1
    with pytest.raises(
        ValueError, match="'label' parameter of LimeWidget must be a class index in \\[0, 1\\]"
    ):
        w.label = 7
    with pytest.raises(ValueError, match="Did you mean 'highest_weights'"):
        w.feature_selection = "highest_weight"
    with pytest.raises(ValueError, match="must be <= max_samples"):
        w.num_samples = 10**7
    with pytest.raises(
        TypeError, match=r"unexpected keyword argument 'num_feature'\. Did you mean 'num_features'"
    ):
        lw.LimeTabularExplainer(np.eye(3)).interact(np.ones(3), lambda x: x, num_feature=2)


def test_show_in_notebook_is_a_live_view_of_the_explanation(cancer: Any) -> None:
    X, model = cancer
    m = Model(model.predict_proba)
    exp = lw.LimeTabularExplainer(X, random_state=0).explain_instance(
        X[0], m, num_samples=800, top_labels=1
    )
    w = exp.as_widget()
    try:
        shown = w.wait(10)
        assert m.rows == 800  # no extra model call to show it
        label = exp.top_labels[0]
        assert w.label == label
        assert same_weights(shown.local_exp[label], exp.local_exp[label])
        assert w.meta["kind"] == "tabular"
        assert w.meta["class_names"] == ["0", "1"]
    finally:
        w.close()


def test_regression_and_text_and_image_sessions(cancer: Any) -> None:
    Xd, yd = load_diabetes(return_X_y=True)
    reg = LinearRegression().fit(Xd, yd)
    w = lw.LimeTabularExplainer(Xd, mode="regression", random_state=0).interact(
        Xd[0], reg.predict, num_samples=600
    )
    try:
        exp = w.wait(10)
        assert w.meta["mode"] == "regression"
        assert w.state["explanation"]["features"][0]["weight"] == exp.as_list()[0][1]
    finally:
        w.close()

    def text_model(docs: list[str]) -> np.ndarray:
        p = np.array([0.9 if "good" in d else 0.3 for d in docs])
        return np.column_stack([1 - p, p])

    w = lw.LimeTextExplainer(random_state=0).interact(
        "a good film, good", text_model, num_samples=300
    )
    try:
        w.wait(10)
        assert [t["text"] for t in w.meta["tokens"]] == [
            "a",
            " ",
            "good",
            " ",
            "film",
            ", ",
            "good",
        ]
        assert w.state["explanation"]["features"][0]["name"] == "good"
    finally:
        w.close()

    image = np.zeros((20, 20, 3), dtype=np.uint8)
    image[:10] = 200
    segments = np.repeat(np.arange(4), 100).reshape(20, 20)

    def image_model(images: np.ndarray) -> np.ndarray:
        p = images[:, :10].mean(axis=(1, 2, 3)) / 255
        return np.column_stack([1 - p, p])

    w = lw.LimeImageExplainer(random_state=0).interact(
        image, image_model, num_samples=200, hide_color=0, segmentation_fn=lambda im: segments
    )
    try:
        w.wait(10)
        assert w.meta["image"]["width"] == 20
        assert w.meta["n_features"] == 4
    finally:
        w.close()
