"""``LimeWidget``: synced traits over a :class:`~lime_widget.LiveSession`. No maths here."""

from __future__ import annotations

import html
import logging
import threading
from typing import Any

import anywidget

from ..engine._validation import check_int
from ..explanation._explanation import Explanation
from ..explanation._export import static_text
from ..explanation._static import static_html
from ._params import LiveParams
from ._session import LiveSession
from ._traits import LiveParam, WorkerDict

__all__ = ["LimeWidget"]


def _bundle(name: str) -> str:
    """The built front end's text.

    Given as text rather than a ``Path``: anywidget connects a never-removed
    file-watch callback to every instance of a widget whose ``_esm`` is a path,
    which keeps each closed widget (and its sample pool) alive (anywidget#929).
    A multi-line string is taken as contents, never as a path.
    """
    text = static_text(name)
    return text if "\n" in text else text + "\n"


_PARAMS = ("kernel_width", "num_samples", "num_features", "feature_selection", "label")


class LimeWidget(anywidget.AnyWidget):
    """A live LIME explanation: move a slider (or assign a trait) and the surrogate refits.

    Kernel width, number of features, feature selection and the class refit
    from the cached neighbourhood without calling the model; a larger sample
    count asks the model only about the new rows, and the chart streams while
    they arrive. Python and the sliders drive the same traits.

    Create it with ``explainer.interact(instance, predict_fn, ...)``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> w = LimeTabularExplainer(X, random_state=0).interact(X[0], model.predict_proba,
    ...                                                     num_samples=500)
    >>> w.kernel_width = 0.5
    >>> len(w.wait().as_list(label=w.label)) == w.num_features
    True
    >>> w.close()
    """

    _esm = _bundle("widget.js")
    _css = _bundle("widget.css")

    # Every trait's wrong value raises a TraitParameterError: a TraitError and a ValueError.
    kernel_width = LiveParam(1.0).tag(sync=True)
    """Kernel width, a float > 0: how local the explanation is. Refits without the model."""
    num_samples = LiveParam(5000).tag(sync=True)
    """Rows the surrogate is fit on, an int in [2, max_samples]. More than collected asks the
    model about the new rows only."""
    num_features = LiveParam(10).tag(sync=True)
    """Maximum number of features in the explanation, an int >= 1."""
    feature_selection = LiveParam("auto").tag(sync=True)
    """One of 'auto', 'forward_selection', 'highest_weights', 'lasso_path', 'none'."""
    label = LiveParam(0).tag(sync=True)
    """Index of the class shown, an int in [0, n_classes - 1] (0 in regression)."""
    meta = WorkerDict().tag(sync=True)
    """Written once by Python: kind, class names, probabilities, ranges and the instance."""
    state = WorkerDict().tag(sync=True)
    """Written by the worker: status, progress, the parameters and the explanation shown."""
    offline = WorkerDict().tag(sync=True)
    """Written by the worker once the sample count rests: the fits a page without a kernel
    answers its controls from (a notebook saved with widget state and reopened)."""

    def __init__(self, session: LiveSession, **kwargs: Any) -> None:
        self._session = session
        # False reproduces Google Colab, which drops trait updates sent from a background
        # thread (googlecolab/colabtools#3373): the page then relies on its pulls.
        self._deliver_pushes = True
        self._applying = threading.local()
        params = session.params
        super().__init__(
            **{name: getattr(params, name) for name in _PARAMS},
            meta=session.meta,
            state=session.state(),
            **kwargs,
        )
        self.observe(self._on_param, names=list(_PARAMS))
        self.on_msg(self._on_custom_msg)
        session.on_state = self._push_state
        session.on_params = self._apply_params
        session.on_offline = self._push_offline
        self._push_state(session.state())

    def _on_param(self, change: dict[str, Any]) -> None:
        """Record the newest value and wake the worker: nothing slow in a comm handler."""
        if getattr(self._applying, "active", False):
            return
        self._session.request(**{change["name"]: change["new"]})

    def _apply_params(self, params: LiveParams) -> None:
        """Parameters the session changed itself (e.g. the sample count after a cancel)."""
        self._applying.active = True
        try:
            with self.hold_sync():
                for name in _PARAMS:
                    setattr(self, name, getattr(params, name))
        finally:
            self._applying.active = False

    def _push(self, name: str, value: dict[str, Any]) -> None:
        """Set a trait the worker writes (``state``, ``offline``) and send it to the page."""
        if self._deliver_pushes or threading.current_thread() is threading.main_thread():
            setattr(self, name, value)
        else:  # the kernel-side value changes, the message to the page is lost
            with self._lock_property(**{name: value}):
                setattr(self, name, value)

    def _push_state(self, state: dict[str, Any]) -> None:
        self._push("state", state)

    def _push_offline(self, payload: dict[str, Any]) -> None:
        self._push("offline", payload)

    def _on_custom_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """``pull`` (Colab: answered from the kernel thread), ``cancel``, ``until_stable``."""
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "pull":
            self.send({"type": "state", "state": self._session.state()})
        elif kind == "cancel":
            self._session.cancel()
        elif kind == "until_stable":
            self._session.until_stable()

    # -- what a display output holds ------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The widget view, plus a static rendering of what it shows, for pages without a kernel.

        The bundle holds anywidget's ``application/vnd.jupyter.widget-view+json``
        (and its metadata, e.g. Colab's widget manager) and adds ``text/html``: the
        current explanation for the current class as HTML with inline SVG and no
        script (:func:`lime_widget.explanation._static.static_html`), and a
        ``text/plain`` summary. A front end with a kernel shows the live widget;
        nbconvert, GitHub and nbviewer show the ``text/html`` when the notebook
        has no saved widget state (nbconvert skips a widget view whose model is
        not in the notebook's ``widgets`` metadata). ``nbconvert --execute`` saves
        that state (nbclient's ``store_widget_state``), and its HTML then draws
        the widget with the widget manager it loads from a CDN instead; pass
        ``--ExecutePreprocessor.store_widget_state=False`` to keep the static view.
        JupyterLab without a kernel and without saved state shows "model not
        found" and does not fall back (ipywidgets#3773).

        The ``text/html`` is what the widget showed when it was displayed: an
        output is written once. It is not rewritten as the sliders move, because
        ``update_display`` makes JupyterLab re-render the output, and its widget
        renderer then builds a new view (dropping a slider being dragged, the
        focus and the view's own settings). To keep the current fit in a saved
        notebook, end a cell with ``w.wait()`` (its Explanation shows the same
        static view) or ``display(w)`` again.
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:  # no view (a closed widget)
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        try:
            exp = self._session.explanation
            label = self.label if self.label in exp.local_exp else None
            static, plain = static_html(exp, label), f"LimeWidget showing {exp!r}"
        except Exception as exc:  # the live view must still display; the log keeps why
            logging.getLogger("lime_widget").exception("static rendering of the widget failed")
            plain = f"LimeWidget (no static view: {type(exc).__name__}: {exc})"
            static = f"<pre>{html.escape(plain, quote=True)}</pre>"
        return {**data, "text/plain": plain, "text/html": static}, metadata

    # -- Python API ---------------------------------------------------------------------------
    @property
    def session(self) -> LiveSession:
        """The kernel-side session (pool, worker)."""
        return self._session

    @property
    def explanation(self) -> Explanation:
        """The :class:`~lime_widget.Explanation` for the current parameters."""
        return self._session.explanation

    def wait(self, timeout: float | None = None, *, diagnostics: bool = False) -> Explanation:
        """Block until the current parameters' fit is shown; return the explanation.

        Don't call it in a cell while dragging the sliders: while a cell runs,
        the page's messages wait for it to finish.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait (default: no limit).
        diagnostics : bool, default=False
            Also wait for the stability badge, whiskers and kernel-width chart
            (computed once the parameters rest): do so before saving a notebook.

        Returns
        -------
        Explanation

        Raises
        ------
        TimeoutError
            If the widget is still busy after ``timeout`` seconds.
        Exception
            The model's own exception, if the last update failed.
        """
        return self._session.wait(timeout, diagnostics=diagnostics)

    def cancel(self) -> None:
        """Stop collecting samples within one step; keep what was collected."""
        self._session.cancel()

    def until_stable(self, max_samples: int | None = None) -> None:
        """Grow the sample, reusing every row, until the top-K set is settled (S-LIME's test).

        The "Until stable" button. Returns at once; ``wait()`` blocks until it
        is done, and ``num_samples`` then holds the count it stopped at.

        Parameters
        ----------
        max_samples : int, optional
            Never grow beyond this many samples (default: 10,000).
        """
        if max_samples is not None:
            check_int(max_samples, "max_samples", "LimeWidget.until_stable", min_value=2)
        self._session.until_stable(max_samples)

    def close(self) -> None:
        """Stop the worker and close the widget."""
        self._session.close()
        super().close()
