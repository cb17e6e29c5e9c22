"""The kernel side of the live widget: one pool, one worker thread, newest parameters win.

``LiveSession`` imports no widget code, so it is tested without a front end.
Callers (comm handlers, Python code) only *record* the newest parameters and
wake the worker; the worker grows the pool in steps, refits on what has
arrived and publishes results at most ``1 / min_interval`` times a second.
What is shown for parameters P is a pure function of P: the fit always uses
the first ``P.num_samples`` rows of a prefix-stable pool.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..engine import _stability as stability
from ..engine._params import FitSettings
from ..engine._validation import check_int
from ..explanation._explanation import Explanation, Prepared
from ..explanation._export import page_data
from ..explanation._offline import MAX_GRID_CLASSES, MAX_GRID_FEATURES
from ..explanation._payload import diagnostics_dict, explanation_dict, meta_dict
from ._params import LiveParams, check_live_param

__all__ = ["LiveParams", "LiveSession"]

logger = logging.getLogger("lime_widget")
if not logger.handlers:  # tracebacks go to the kernel's own log, not into a random cell
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    logger.addHandler(_handler)
    logger.propagate = False


class LiveSession:
    """Streams LIME fits for one instance as its parameters change.

    The kernel side of :class:`~lime_widget.LimeWidget`, usable on its own:
    :meth:`request` records new parameters and returns at once, a worker
    thread grows the sample and refits, :meth:`wait` blocks until it is idle.
    ``on_state`` (if set) receives every published state: partial fits while
    samples stream in, then the final fit and its diagnostics.

    Parameters
    ----------
    prepared : Prepared
        The instance's pool (block 0 drawn as ``explain_instance`` draws it) and
        settings: ``exp.prepared`` of an explanation, or what ``interact`` prepares.
    label : int, optional
        Class to show; defaults to the first of ``top_labels`` / explicit ``labels``,
        else the predicted class.
    max_samples : int, optional
        Upper end of the sample-count range (default: 4 x the initial count, at least 10,000).
    step_rows : int, optional
        Rows per model call while collecting (default: the batch size, else n/20 ≥ 100).
    min_interval : float, default=0.05
        Minimum seconds between two partial publishes (20 per second).
    initial_samples : int, optional
        Sample count to start at (default: the size of block 0).
    diagnose : bool, default=True
        After each final fit, publish its bootstrap stability, weight intervals
        and kernel-width sweep (computed from the cache, no model calls), once
        the parameters have rested for ``quiet_period`` (0.15 s).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer, LiveSession
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
    ...     X[0], model.predict_proba, num_samples=500)
    >>> session = LiveSession(exp.prepared)
    >>> session.request(kernel_width=0.5, num_samples=800)  # returns at once
    >>> session.wait(timeout=30).neighbourhood.num_samples
    800
    >>> session.state()["status"], session.prepared.pool.caller.rows_asked
    ('idle', 800)
    >>> session.close()
    """

    def __init__(
        self,
        prepared: Prepared,
        *,
        label: int | None = None,
        max_samples: int | None = None,
        step_rows: int | None = None,
        min_interval: float = 0.05,
        initial_samples: int | None = None,
        diagnose: bool = True,
    ) -> None:
        self.prepared = prepared
        pool = prepared.pool
        n0 = initial_samples or pool.initial_size
        self.max_samples = max(max_samples or max(4 * n0, 10_000), n0)
        self.step_rows = step_rows or pool.caller.batch_size or max(100, n0 // 20)
        self.min_interval = min_interval
        self.on_state: Callable[[dict[str, Any]], None] | None = None
        self.on_params: Callable[[LiveParams], None] | None = None
        #: receives the offline fits (see :meth:`_save_offline`); None: not computed
        self.on_offline: Callable[[dict[str, Any]], None] | None = None
        self._offline_key: tuple[int, int, int] | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()  # the fit and its diagnostics are published
        self._shown = threading.Event()  # the fit for the newest parameters is published
        self._cancel = threading.Event()
        self._stabilize = threading.Event()
        self.stable_max_samples = max(10_000, n0)
        self.diagnose = diagnose
        self.quiet_period = 0.15
        self._closed = False
        self._cancelled = False  # the sample count was cut short by a cancel
        self._generation = 0
        self._seq = 0
        self._error: BaseException | None = None
        self._cache: tuple[tuple[LiveParams, int], Explanation] | None = None
        # the instance's own output (row 0) tells the classes before streaming starts
        pool.grow(min(n0, self.step_rows))
        settings = prepared.settings
        self.n_outputs = pool.neighbourhood().outputs.shape[1]
        self._params = LiveParams(
            kernel_width=settings.kernel_width,
            num_samples=n0,
            num_features=min(settings.num_features, self._n_features()),
            feature_selection=settings.feature_selection,
            label=self._default_label(label),
        )
        first = prepared.explain(pool.size, self._settings(self._params), [self._params.label])
        self.meta = meta_dict(
            first,
            kernel_width_default=settings.kernel_width,
            samples_min=min(50, n0),
            samples_max=self.max_samples,
            samples_step=50,
        )
        # one fixed grid over the slider's range: the sweep chart's axis stays put
        self.sweep_widths = np.geomspace(
            self.meta["kernel_width_min"], self.meta["kernel_width_max"], 28
        )
        self._state: dict[str, Any] = self._state_dict(first, self._params, "collecting")
        self._thread = threading.Thread(target=self._run, name="lime-widget-worker", daemon=True)
        self._thread.start()
        self._request_work()

    # -- parameters --------------------------------------------------------
    @property
    def params(self) -> LiveParams:
        """The newest parameters asked for."""
        return self._params

    def check(self, name: str, value: Any) -> Any:
        """Validate one parameter (the widget calls this on every trait assignment).

        Parameters
        ----------
        name : {'kernel_width', 'num_samples', 'num_features', 'feature_selection', 'label'}
        value : object

        Returns
        -------
        object
            The checked value (a float, int or str).

        Raises
        ------
        InvalidParameterError
            If the name is unknown or the value is out of range.
        """
        return check_live_param(name, value, max_samples=self.max_samples, n_outputs=self.n_outputs)

    def request(self, **changes: Any) -> None:
        """Record new parameter values and wake the worker; returns at once.

        Parameters
        ----------
        **changes
            New values of ``kernel_width``, ``num_samples``, ``num_features``,
            ``feature_selection`` or ``label``; each is checked with :meth:`check`.
            Work for older parameters is dropped.
        """
        checked = {k: self.check(k, v) for k, v in changes.items()}
        with self._lock:
            new = dataclasses.replace(self._params, **checked)
            if new == self._params and self._idle.is_set() and self._error is None:
                return
            if new.num_samples != self._params.num_samples:
                self._cancel.clear()  # a new sample count supersedes a cancel
                self._cancelled = False
            self._params = new
        self._request_work()

    def cancel(self) -> None:
        """Stop collecting samples within one step; keep what was collected."""
        self._cancel.set()
        self._wake.set()

    def _request_work(self) -> None:
        with self._lock:
            self._generation += 1
            self._idle.clear()
            self._shown.clear()
        self._wake.set()

    # -- results -------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """The newest published state (what a pull returns)."""
        with self._lock:
            return self._state

    @property
    def explanation(self) -> Explanation:
        """The explanation for the newest parameters, with every label lime would explain."""
        params = self._params
        prep = self.prepared
        # keyed on the rows it rests on too: while samples stream in, the same parameters
        # are fit on more and more rows
        n = min(params.num_samples, prep.pool.size)
        cached = self._cache
        if cached is not None and cached[0] == (params, n):
            return cached[1]
        base = prep.explain(n, self._settings(params))
        labels = list(base.labels)
        if base.mode == "classification" and params.label not in labels:
            labels.append(params.label)
            top = base.top_labels
            base = prep.explain(n, self._settings(params), labels)
            base.top_labels = top
        self._cache = ((params, n), base)
        return base

    def wait(self, timeout: float | None = None, *, diagnostics: bool = False) -> Explanation:
        """Block until the fit for the current parameters is shown; return :attr:`explanation`.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait (default: no limit).
        diagnostics : bool, default=False
            Also wait for the fit's diagnostics (stability, intervals, kernel-width
            sweep), published once the parameters rest for :attr:`quiet_period`:
            wait for them before saving a notebook, so the saved view is complete.

        Returns
        -------
        Explanation

        Raises
        ------
        TimeoutError
            If the worker is still busy after ``timeout`` seconds.
        Exception
            The model's own exception, if the last job failed.
        """
        done = self._idle if diagnostics else self._shown
        if not done.wait(timeout):
            msg = f"The live explanation was still busy after {timeout} s."
            raise TimeoutError(msg)
        if self._error is not None:
            raise self._error
        return self.explanation

    def close(self) -> None:
        """Stop the worker: the model is not called again, the thread ends within one call.

        Waiters are released; the session keeps the rows it has.
        """
        self._closed = True
        self.on_state = None
        self.on_params = None
        self.on_offline = None
        self._wake.set()
        self._shown.set()
        self._idle.set()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    # -- the worker ----------------------------------------------------------
    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._closed:
                return
            with self._lock:
                self._wake.clear()
                generation = self._generation
            try:
                self._serve(generation)
            except Exception as exc:  # show it, keep the last good fit
                # most often the model's own error; ours (a refused parameter, a limit) too
                logger.exception("lime_widget: a live update failed (%s)", type(exc).__name__)
                self._error = exc
                self._publish_error(exc)
            self._mark(generation, self._shown, self._idle)

    def _mark(self, generation: int, *events: threading.Event) -> None:
        """Set ``events`` unless newer parameters arrived meanwhile."""
        with self._lock:
            if generation == self._generation:
                for event in events:
                    event.set()

    def _serve(self, generation: int) -> None:
        if self._stabilize.is_set():
            self._until_stable()
        cancelled = not self._collect("collecting")
        if self._closed:
            return
        if cancelled:
            self._set_samples(self.prepared.pool.size, cancelled=True)
        params = self._params
        exp = self._publish(params, "cancelled" if self._cancelled else "idle")
        self._error = None
        self._mark(generation, self._shown)
        # Assess the fit once the parameters rest: while a slider is dragged, each move
        # arrives within the quiet period and the (tens of ms) assessment never delays it.
        if self.diagnose and not self._wake.wait(self.quiet_period):
            state = dict(self._state)
            state["diagnostics"] = diagnostics_dict(
                exp, params.label, state["params"], self.sweep_widths
            )
            if not self._wake.is_set():
                self._emit(state)
                self._save_offline(exp, params)

    def _save_offline(self, exp: Explanation, params: LiveParams) -> None:
        """The fits a page without a kernel answers from, once per sample count (~0.5 s).

        A notebook saved with its widget state keeps them, so reopened without a kernel
        its kernel-width, K, selection and class controls still work.
        """
        if self.on_offline is None or self._wake.is_set():
            return
        n = min(params.num_samples, self.prepared.pool.size)
        k = params.num_features
        key = (
            n,
            k if k > MAX_GRID_FEATURES else 0,
            params.label if self.n_outputs > MAX_GRID_CLASSES else -1,
        )
        if key == self._offline_key:
            return
        default = float(self.meta["kernel_width_default"])
        try:
            payload = page_data(
                exp,
                [params.label],
                widths=sorted({*map(float, self.sweep_widths), default}),
                kernel_width_default=default,
            )
        except Exception:  # never let the extra break the live view
            logger.exception("lime_widget: could not prepare the offline fits")
            return
        if not self._wake.is_set() and self.on_offline is not None:
            self._offline_key = key
            self.on_offline(payload)

    def _collect(self, status: str) -> bool:
        """Grow the pool to the newest sample count, publishing partial fits; False if cancelled."""
        pool = self.prepared.pool
        last = 0.0
        while pool.size < self._params.num_samples:
            if self._cancel.is_set() or self._closed:  # never call the model after either
                return False
            pool.grow(self._params.num_samples, max_rows=self.step_rows)
            # measured from the end of the last publish: at most 1 / min_interval a second
            if (
                time.monotonic() - last >= self.min_interval
                and pool.size < self._params.num_samples
            ):
                self._publish(self._params, status)
                last = time.monotonic()
        return True

    def _set_samples(self, n: int, *, cancelled: bool = False) -> None:
        """The session changes the sample count itself (cancel, until stable)."""
        with self._lock:
            if cancelled:
                self._cancel.clear()
            self._cancelled = cancelled
            self._params = dataclasses.replace(self._params, num_samples=n)
        if self.on_params is not None:
            self.on_params(self._params)

    def _until_stable(self) -> None:
        """Grow the sample, reusing every row, until the K-th feature is separated (S-LIME)."""
        self._stabilize.clear()
        pool = self.prepared.pool

        def target() -> tuple[int, FitSettings]:
            params = self._params
            return (0 if self.n_outputs == 1 else params.label), self._settings(params)

        def grow(n: int) -> bool:
            with self._lock:
                self._params = dataclasses.replace(self._params, num_samples=n)
            return self._collect("stabilizing")

        n = stability.grow_until_settled(
            pool,
            min(self._params.num_samples, pool.size),
            target,
            grow,
            max_samples=self.stable_max_samples,
            stop=lambda: self._cancel.is_set() or self._closed,
        )
        self._set_samples(n, cancelled=self._cancel.is_set())

    def until_stable(self, max_samples: int | None = None) -> None:
        """Grow the sample until the top-K set is statistically settled; returns at once.

        Every row already drawn is reused; the model is asked about new rows
        only. ``wait()`` blocks until it is done.

        Parameters
        ----------
        max_samples : int, optional
            Never grow beyond this many samples (default: 10,000, or the initial
            count if larger; the value is kept for later calls).
        """
        if max_samples is not None:
            self.stable_max_samples = check_int(
                max_samples, "max_samples", "LiveSession.until_stable", min_value=2
            )
        self._stabilize.set()
        self._request_work()

    def _publish(self, params: LiveParams, status: str) -> Explanation:
        n = min(params.num_samples, self.prepared.pool.size)
        exp = self.prepared.explain(n, self._settings(params), [params.label])
        self._emit(self._state_dict(exp, params, status))
        return exp

    def _publish_error(self, exc: BaseException) -> None:
        with self._lock:
            state = dict(self._state)
        state.update(status="error", error=f"{type(exc).__name__}: {exc}")
        state["rows_done"] = self.prepared.pool.size
        state["model_rows"] = self.prepared.pool.caller.rows_asked
        self._emit(state)

    def _emit(self, state: dict[str, Any]) -> None:
        with self._lock:
            self._seq += 1
            state["seq"] = self._seq
            self._state = state
        if self.on_state is not None:
            self.on_state(state)

    def _state_dict(self, exp: Explanation, params: LiveParams, status: str) -> dict[str, Any]:
        pool = self.prepared.pool
        return {
            "seq": self._seq,
            "status": status,
            "rows_done": pool.size,
            "rows_target": params.num_samples,
            "stable_max_samples": self.stable_max_samples,
            "model_rows": pool.caller.rows_asked,
            "error": None,
            "params": dataclasses.asdict(params),
            "explanation": explanation_dict(exp, params.label),
            "diagnostics": None,
        }

    def _settings(self, params: LiveParams) -> FitSettings:
        return dataclasses.replace(
            self.prepared.settings,
            kernel_width=params.kernel_width,
            num_features=params.num_features,
            feature_selection=params.feature_selection,
        )

    def _n_features(self) -> int:
        return int(self.prepared.pool.neighbourhood().design.shape[1])

    def _default_label(self, label: int | None) -> int:
        """The class shown first: the one asked for, else the prepared instance's first label."""
        if label is None:
            label = self.prepared.first_label()
        if label is None:  # no label asked for: the predicted class
            return int(np.argmax(self.prepared.pool.neighbourhood().outputs[0]))
        limits = {"max_samples": self.max_samples, "n_outputs": self.n_outputs}
        return int(check_live_param("label", label, **limits, where=self.prepared.where))
