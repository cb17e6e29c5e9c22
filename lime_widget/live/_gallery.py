"""``GalleryWidget``: a batch of explanations as a grid of cards; any card opens live.

The cards travel as changes numbered by the store: pushed from the gallery's
worker thread (at most 20 times a second) and pulled by the page while anything
is under way, since Colab drops what a thread sends (invariant 7). Image
thumbnails are fetched only for the cards on screen. Opening a card builds the
single live widget (``Explanation.as_widget``) shown beneath the grid; a card
whose explanation dropped its samples first re-derives them in the worker (one
model call), and the widget is then built on the kernel's own thread, in the
page's next pull.
"""

from __future__ import annotations

import html
import threading
import time
from typing import Any

import anywidget
import traitlets

from ..engine._validation import InvalidParameterError
from ..explanation._batch import BatchExplanations
from ..explanation._gallery_page import gallery_html, gallery_static, save_gallery
from ._gallery_store import CardStore
from ._gallery_work import GalleryRun, GalleryWorker
from ._widget import _bundle

__all__ = ["SORTS", "GalleryWidget"]

#: the orders a gallery can show its cards in ("-": highest first)
SORTS = ("row", "-score", "score", "-stability", "stability", "-proba", "proba")
#: at most this many thumbnails per request, and this long making missing ones
THUMBS_PER_REQUEST = 64
THUMB_BUDGET = 0.03


class GalleryWidget(anywidget.AnyWidget):
    """A batch of explanations as a grid of cards; click one to explore it live.

    Each card shows the explained class and the model's probability, the
    fit's score (weighted R²), its stability badge (the single view's, once
    assessed) and the explanation itself: an image thumbnail with its tinted
    superpixels, a text snippet with its highlighted words, or a tabular
    instance's strongest features as bars. Filter by predicted or true class,
    sort by score, stability or probability; opening a card shows the live
    widget beneath the grid (``opened_widget``).

    Made by ``batch.as_widget()``, ``SubmodularPick(...).as_widget()`` and
    ``explainer.gallery(...)`` (which fills it as rows finish).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> explainer = LimeTabularExplainer(X, random_state=0)
    >>> gallery = explainer.gallery(X[::30], model.predict_proba, true_labels=y[::30],
    ...                             num_features=2, num_samples=300)
    >>> len(gallery.wait()), gallery.progress["status"]
    (5, 'done')
    >>> gallery.opened = 2  # what a click on card 2 does
    >>> live = gallery.opened_widget
    >>> live.wait().as_list(label=live.label) == gallery.batch[2].as_list(label=live.label)
    True
    >>> gallery.close()
    """

    _esm = _bundle("gallery.js")
    _css = _bundle("gallery.css")

    meta = traitlets.Dict().tag(sync=True)
    """What every card shares: ``kind``, ``mode``, ``class_names`` and ``total`` (rows)."""
    progress = traitlets.Dict().tag(sync=True)
    """``status`` ('running', 'done', 'cancelled', 'error', 'ready'), ``done`` of ``total``
    rows, cards still ``assessing``, the row ``opening`` (-1: none), ``error`` texts."""
    opened = traitlets.Int(-1).tag(sync=True)
    """The row whose card is open beneath the grid (-1: none). Example: ``gallery.opened = 3``."""
    filter_pred = traitlets.Int(-1).tag(sync=True)
    """Show only the cards predicted as this class index (-1: all)."""
    filter_true = traitlets.Int(-1).tag(sync=True)
    """Show only the cards whose true class is this class index (-1: all)."""
    sort_by = traitlets.Unicode("row").tag(sync=True)
    """Order of the cards: 'row', or 'score', 'stability', 'proba' (lowest first) or the same
    with a '-' (highest first)."""

    def __init__(self, store: CardStore, *, running: bool = False, **kwargs: Any) -> None:
        self._store = store
        self._run: GalleryRun | None = None
        self._running = running  # a run is about to start (``_start``)
        # False reproduces Google Colab, which drops what a background thread sends
        # (googlecolab/colabtools#3373): the page then relies on its pulls.
        self._deliver_pushes = True
        self._pushed = 0
        self._live: Any = None
        self._live_row = -1
        self._opening = -1
        self._open_error: str | None = None
        self._open_lock = threading.RLock()
        self._restore_lock = threading.Lock()
        self._box: Any = None
        self._detail: Any = None
        self._closed = False
        super().__init__(meta=store.meta, progress=self._progress(), **kwargs)
        self.observe(self._on_opened, names="opened")
        self.on_msg(self._on_custom_msg)
        self._worker = GalleryWorker(store, self._publish, self._restore)

    def _start(self, run: GalleryRun) -> None:
        """Fill the gallery from ``run`` (``explainer.gallery``)."""
        self._run = run
        run.start()

    # -- validation -----------------------------------------------------------------------------
    @traitlets.validate("opened")
    def _check_opened(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if value != -1 and self._store.card(value) is None:
            rows = sorted(self._store.explanations)
            msg = (
                "The 'opened' trait of GalleryWidget must be -1 (none) or the row of a card "
                f"({rows[:8]}{'...' if len(rows) > 8 else ''}). Got {value} instead."
            )
            raise InvalidParameterError(msg)
        return int(value)

    @traitlets.validate("filter_pred", "filter_true")
    def _check_filter(self, proposal: dict[str, Any]) -> int:
        value = int(proposal["value"])
        n = len(self._store.meta.get("class_names") or [])
        if value < -1 or (n and value >= n):
            msg = (
                f"The {proposal['trait'].name!r} trait of GalleryWidget must be -1 (all) or a "
                f"class index in 0..{max(n - 1, 0)}. Got {value} instead."
            )
            raise InvalidParameterError(msg)
        return value

    @traitlets.validate("sort_by")
    def _check_sort(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if value not in SORTS:
            msg = (
                f"The 'sort_by' trait of GalleryWidget must be one of {list(SORTS)}. "
                f"Got {value!r} instead."
            )
            raise InvalidParameterError(msg)
        return str(value)

    # -- what the page receives ----------------------------------------------------------------
    def _progress(self) -> dict[str, Any]:
        store, run = self._store, self._run
        error = None if run is None or run.error is None else run.error
        status = run.status if run is not None else "running" if self._running else "ready"
        return {
            "status": status,
            "done": len(store.explanations),
            "total": store.total,
            "assessing": store.pending,
            "error": None if error is None else f"{type(error).__name__}: {error}",
            "opening": self._opening,
            "open_error": self._open_error,
            "seq": store.seq,
        }

    def _cards_message(self, since: int) -> dict[str, Any]:
        cards, seq = self._store.changes(since)
        return {
            "type": "cards",
            "from": since,
            "to": seq,
            "cards": cards,
            "meta": self._store.meta,
            "progress": self._progress(),
        }

    def _publish(self) -> None:
        """The worker's push: the cards changed since the last push, and the progress."""
        if self._closed:
            return
        message = self._cards_message(self._pushed)
        on_main = threading.current_thread() is threading.main_thread()
        deliver = self._deliver_pushes or on_main
        for name in ("meta", "progress"):
            if deliver:
                setattr(self, name, message[name])
            else:  # the kernel-side value changes, the message to the page is lost
                with self._lock_property(**{name: message[name]}):
                    setattr(self, name, message[name])
        if deliver and (message["cards"] or message["to"] != message["from"]):
            self.send(message)
        self._pushed = message["to"]

    def _on_custom_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """``pull`` (answered from the kernel thread), ``thumbs``, ``cancel``."""
        if not isinstance(content, dict) or self._closed:
            return
        kind = content.get("type")
        if kind == "pull":
            self._build_ready()
            since = content.get("since", 0)
            reply = self._cards_message(since if isinstance(since, int) else 0)
            self.send({**reply, "reply": True})
        elif kind == "thumbs":
            rows = [r for r in content.get("rows", []) if isinstance(r, int)]
            thumbs = self._store.thumbs(rows[:THUMBS_PER_REQUEST], budget=THUMB_BUDGET)
            self.send({"type": "thumbs", "thumbs": {str(r): t for r, t in thumbs.items()}})
        elif kind == "cancel":
            self.cancel()

    # -- opening a card -------------------------------------------------------------------------
    def _on_opened(self, change: dict[str, Any]) -> None:
        """Build the live view now if the samples are at hand; else re-derive them first."""
        row = change["new"]
        with self._open_lock:
            self._close_live()
            self._open_error = None
            self._opening = -1
            if row < 0:
                self._set_detail(())
            elif self._store.explanations[row].prepared is not None:
                self._build(row)
            else:
                self._opening = row
                self._set_detail((self._note(f"Opening row {row}: re-deriving its samples…"),))
                self._worker.request_restore(row)
        self._worker.changed()

    def _restore(self, row: int) -> None:
        """In the worker: the opened card's samples, back (one model call)."""
        run = self._run
        if run is not None and run.cancelled.is_set():
            run.join()  # until then its model guard refuses every call
        exp = self._store.explanations[row]
        try:
            with self._restore_lock:
                exp.restore()
        except Exception as exc:  # the model's error: said beneath the grid
            text = f"Row {row} could not be opened: {type(exc).__name__}: {exc}"
            with self._open_lock:
                if self._opening == row:
                    self._opening, self._open_error = -1, text
                    self._set_detail((self._note(text),))
            return
        self._store.reassess(row)

    def _build_ready(self) -> None:
        """On the kernel's thread (a pull): build the opened card's widget once restored."""
        with self._open_lock:
            row = self._opening
            if row >= 0 and row == self.opened and self._store.explanations[row].prepared:
                self._opening = -1
                self._build(row)

    def _build(self, row: int) -> None:
        widget = self._store.explanations[row].as_widget()
        self._live, self._live_row = widget, row
        self._set_detail((widget,))

    def _close_live(self) -> None:
        if self._live is not None:
            self._live.close()
        self._live, self._live_row = None, -1

    def _set_detail(self, children: tuple[Any, ...]) -> None:
        if self._detail is not None:
            self._detail.children = children

    def _note(self, text: str) -> Any:
        import ipywidgets

        return ipywidgets.Label(value=text)

    # -- Python API ----------------------------------------------------------------------------
    @property
    def opened_widget(self) -> Any:
        """The live :class:`~lime_widget.LimeWidget` of the opened card, or None.

        Built on first use; a card whose explanation dropped its samples re-derives
        them first (one model call), so this may take as long as that call.
        """
        row = self.opened
        if row < 0:
            return None
        with self._open_lock:
            if self._live_row == row:
                return self._live
        with self._restore_lock:
            self._store.explanations[row].restore()
        with self._open_lock:
            if self._live_row != row and self.opened == row:
                self._opening = -1
                self._build(row)
            return self._live

    @property
    def batch(self) -> BatchExplanations:
        """The explanations so far (a :class:`BatchExplanations`)."""
        return self._store.batch()

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The cards so far, by row: what the page draws (JSON-able)."""
        return self._store.cards()

    def wait(self, timeout: float | None = None, *, assessed: bool = False) -> BatchExplanations:
        """Block until the run has ended; return :attr:`batch`.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait (default: no limit).
        assessed : bool, default=False
            Also wait until every card's stability is computed.

        Raises
        ------
        TimeoutError
            If the run (or the assessment) is still going after ``timeout`` seconds.
        Exception
            The model's own exception, if the run failed (the rows done stay).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        run = self._run
        if run is not None and not run.join(timeout):
            msg = f"The gallery was still explaining after {timeout} s."
            raise TimeoutError(msg)
        if assessed:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self._worker.wait_idle(left):
                msg = f"The gallery was still assessing its cards after {timeout} s."
                raise TimeoutError(msg)
        if not self._closed:
            self.progress = self._progress()  # at once, not at the worker's next publish
        if run is not None and run.error is not None:
            raise run.error
        return self.batch

    def cancel(self) -> None:
        """Stop the run at the next finished row; the cards done stay."""
        if self._run is not None:
            self._run.cancel()
            self._worker.changed()

    def close(self) -> None:
        """Stop the run and the worker, close the opened card's widget and the gallery."""
        self._closed = True
        if self._run is not None:
            self._run.cancel()
        self._worker.close()
        with self._open_lock:
            self._close_live()
        for box in (self._detail, self._box):
            if box is not None:
                box.close()
        self._detail = self._box = None
        super().close()

    def as_html(self) -> str:
        """One self-contained offline page of the gallery (see :meth:`save_to_file`)."""
        self._store.assess_all()
        cards = self._store.cards()
        thumbs = self._store.thumbs([c["row"] for c in cards if c["kind"] == "image"])
        # a page has no run to wait for and no kernel to open a card with
        progress = {**self._progress(), "status": "ready", "assessing": 0, "opening": -1}
        return gallery_html(self._store.meta, cards, thumbs, {**progress, "open_error": None})

    def save_to_file(self, file_path: Any) -> None:
        """Write the gallery to one HTML file that works offline.

        Its cards, filters, sorting and keyboard work as in the notebook; opening
        a card shows its saved explanation enlarged (weights and numbers). The live
        controls (kernel width, K, samples) need the kernel and are not in the file.
        """
        save_gallery(self.as_html(), file_path)

    # -- what a display output holds -----------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The grid with the opened card's live widget beneath it, and a static table.

        The ``text/html`` (no script) lists the cards as they were when displayed,
        for pages without a kernel (nbconvert, GitHub).
        """
        import ipywidgets

        if self._closed:
            return None
        if self._box is None:
            self._detail = ipywidgets.VBox(() if self._live is None else (self._live,))
            self._box = ipywidgets.VBox((self, self._detail))
        bundle = self._box._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        cards = self._store.cards()
        plain = f"GalleryWidget({len(cards)} of {self._store.total} cards)"
        try:
            static = gallery_static(self._store.meta, cards)
        except Exception as exc:  # the live view must still display
            static = f"<pre>{html.escape(f'{plain}: {exc}', quote=True)}</pre>"
        return {**data, "text/plain": plain, "text/html": static}, metadata
