"""A gallery's threads: the run that explains the rows, and the worker behind the page.

:class:`GalleryRun` calls ``explain_many`` in a thread and adds each row's card
as ``on_result`` reports it; Cancel (or closing the gallery) raises
:class:`GalleryCancelled` from the next ``on_result``, and ``explain_many``
stops and hands back the rows done. From then on the model is not called for
the run: a call in flight finishes, every later one raises at once.

:class:`GalleryWorker` makes thumbnails, assesses the cards' stability,
re-derives the samples of an opened card, and publishes the changes to the page
at most ``1 / min_interval`` times a second.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from ._gallery_store import CardStore

__all__ = ["GalleryCancelled", "GalleryRun", "GalleryWorker"]

logger = logging.getLogger("lime_widget")


class GalleryCancelled(Exception):
    """The gallery's run was cancelled (Cancel, or ``close()``): ``explain_many`` stops."""


def _unwrapped(predict_fn: Any) -> Any:
    return predict_fn


class ModelGuard:
    """The model, refusing to be called once the run it serves was stopped.

    Pickles as the bare model, so joblib workers (processes) call the model itself.
    """

    def __init__(self, predict_fn: Callable[[Any], Any], blocked: Callable[[], bool]) -> None:
        self.predict_fn = predict_fn
        self._blocked = blocked

    def __call__(self, inputs: Any) -> Any:
        if self._blocked():
            msg = "The gallery's run was cancelled: the model is not asked again."
            raise GalleryCancelled(msg)
        return self.predict_fn(inputs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_unwrapped, (self.predict_fn,))


class GalleryRun:
    """``explainer.explain_many(instances, ...)`` in a thread, filling ``store`` row by row.

    ``status`` is ``'running'``, then ``'done'``, ``'cancelled'`` or ``'error'``
    (``error`` holds the exception; the rows done stay in the store either way).
    """

    def __init__(
        self,
        explainer: Any,
        instances: Any,
        predict_fn: Callable[[Any], Any],
        kwargs: dict[str, Any],
        store: CardStore,
        on_change: Callable[[], None],
    ) -> None:
        self.store = store
        self.status = "running"
        self.error: BaseException | None = None
        self.cancelled = threading.Event()
        self.done = threading.Event()
        self._on_change = on_change
        self._user_on_result = kwargs.pop("on_result", None)
        self.predict_fn = ModelGuard(predict_fn, self.blocked)
        kwargs.setdefault("progress", False)  # the gallery shows its own
        self._call = (explainer, instances, kwargs)
        self._thread = threading.Thread(target=self._run, name="lime-widget-gallery", daemon=True)

    def start(self) -> None:
        """Start explaining (returns at once)."""
        self._thread.start()

    def blocked(self) -> bool:
        """Whether the model must not be called for this run (cancelled while running)."""
        return self.cancelled.is_set() and not self.done.is_set()

    def cancel(self) -> None:
        """Stop at the next finished row; the rows done stay."""
        self.cancelled.set()

    def _on_result(self, index: int, exp: Any) -> None:
        if self.cancelled.is_set():
            msg = "The gallery's run was cancelled."
            raise GalleryCancelled(msg)
        self.store.add(index, exp)
        if self._user_on_result is not None:
            self._user_on_result(index, exp)
        self._on_change()

    def _run(self) -> None:
        explainer, instances, kwargs = self._call
        partial = None
        try:
            explainer.explain_many(instances, self.predict_fn, on_result=self._on_result, **kwargs)
            self.status = "done"
        except GalleryCancelled as exc:
            partial = getattr(exc, "partial_results", None)
            self.status = "cancelled"
        except BaseException as exc:  # the model's error: shown in the gallery, kept for wait()
            logger.exception("lime_widget: the gallery's run failed")
            partial = getattr(exc, "partial_results", None)
            self.error = exc
            self.status = "error"
        finally:
            if partial is not None:  # a row whose on_result raised is done too
                for row, exp in zip(partial.indices, partial, strict=True):
                    if row not in self.store.explanations:
                        self.store.add(row, exp)
            self._call = (None, None, {})
            self._on_change()  # before done: a waiter then finds the worker busy, not idle
            self.done.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to end; whether it did within ``timeout`` seconds."""
        return self.done.wait(timeout)


class GalleryWorker:
    """One thread: re-derive opened cards, make thumbnails, assess cards, publish changes.

    ``publish()`` is called from this thread when something changed, at most
    once per ``min_interval`` seconds, and once more after the last change.
    """

    def __init__(
        self,
        store: CardStore,
        publish: Callable[[], None],
        restore: Callable[[int], None],
        min_interval: float = 0.05,
    ) -> None:
        self.store = store
        self.min_interval = min_interval
        self._publish = publish
        self._restore = restore
        self._restores: deque[int] = deque()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._dirty = True
        self._closed = False
        self._thread = threading.Thread(
            target=self._loop, name="lime-widget-gallery-worker", daemon=True
        )
        self._thread.start()

    def changed(self) -> None:
        """Something the page shows changed: publish it soon."""
        self._dirty = True
        self._idle.clear()
        self._wake.set()

    def request_restore(self, row: int) -> None:
        """Give row ``row``'s explanation its samples back (a model call), before anything else."""
        self._restores.append(row)
        self.changed()

    def close(self) -> None:
        """Stop the thread (within the step it is in)."""
        self._closed = True
        self._wake.set()
        self._idle.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every card is assessed and published."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        last = 0.0
        while not self._closed:
            self._wake.clear()
            worked = False
            try:
                if self._restores:
                    self._restore(self._restores.popleft())
                    worked = True
                else:
                    worked = self.store.step()
            except Exception:  # never let one card stop the gallery
                logger.exception("lime_widget: the gallery's worker failed on a step")
                worked = True
            if self._closed:
                return
            self._dirty = self._dirty or worked
            wait = self.min_interval - (time.monotonic() - last)
            if self._dirty and wait <= 0:
                self._dirty = False
                try:
                    self._publish()
                except Exception:
                    logger.exception("lime_widget: the gallery could not publish its cards")
                last = time.monotonic()
                continue
            if worked:
                continue
            if not self._dirty and not self._restores:
                self._idle.set()
            self._wake.wait(wait if self._dirty else None)
