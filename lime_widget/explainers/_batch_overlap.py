"""``explain_many`` in-process: the model asked from helper threads while rows are drawn and fit.

Three threads share a run, each working in row order:

- this thread draws each row's neighbourhood (an image's segmentation and
  its switched-off superpixels, a tabular row's perturbations) and fits each
  row as soon as the model has answered about all of its samples;
- a *composer* builds the model inputs (perturbed images, documents, rows) of
  the calls :func:`model_calls` groups a chunk's rows into, as soon as the
  rows a call spans are drawn;
- the *model thread* calls the model on them, one call after the other.

While the model works on call j, the composer builds call j+1 and this thread
segments the next rows and fits the finished ones. The calls are those
:func:`explain_rows` makes for the same chunks, in the same order, and the
rows are drawn in order from the same stream: the numbers do not change.
Numpy, scikit-image's quickshift, scikit-learn and deep-learning models
release the GIL, so the three run at once.

Memory stays bounded: at most two composed model inputs exist at a time, and
drawing runs at most one chunk ahead of the rows being answered. A cancel
(the generator closed, or an exception in the consumer) lets the call in
flight finish in its thread and starts no other.
"""

from __future__ import annotations

import queue
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..engine._neighbourhood import ModelCaller, NeighbourhoodPool
from ..explanation._explanation import Explanation
from ._batch_chunks import Drawn, Source, StreamState, draw_rows, explain_rows, finish_row
from ._batch_chunks import model_calls as _model_calls

__all__ = ["explain_overlapped"]

Result = tuple[int, Explanation, StreamState | None]


class _Job:
    """One chunk's rows on their way through the composer and the model thread."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.pools: list[NeighbourhoodPool] = []
        self.ends: list[int] = []  # each pool's last sample + 1, counted over the chunk
        self.closed = False  # every row of the chunk is drawn (or stopped by a bad row)
        self.stopped = False  # the run was cancelled
        self.outputs: list[np.ndarray[Any, Any]] = []  # the model's answers, in call order
        self.answered = 0
        self.error: BaseException | None = None

    # -- this thread
    def add(self, pool: NeighbourhoodPool) -> None:
        with self.cond:
            self.pools.append(pool)
            self.ends.append((self.ends[-1] if self.ends else 0) + pool.initial_size)
            self.cond.notify_all()

    def close(self, *, stop: bool = False) -> None:
        with self.cond:
            self.closed = True
            self.stopped = self.stopped or stop
            self.cond.notify_all()

    def outcome(self, i: int, block: bool) -> tuple[bool, np.ndarray[Any, Any] | None]:
        """``(True, outputs)`` of row ``i``, ``(True, None)`` if it must ask the model itself.

        ``(False, None)`` while its outputs are on their way (``block`` waits for them).
        """
        with self.cond:
            while True:
                if self.answered >= self.ends[i]:
                    return True, self._slice(
                        self.ends[i] - self.pools[i].initial_size, self.ends[i]
                    )
                if self.error is not None:
                    return True, None
                if not block:
                    return False, None
                self.cond.wait()

    def _slice(self, start: int, stop: int) -> np.ndarray[Any, Any]:
        parts, pos = [], 0
        for out in self.outputs:
            lo, pos = pos, pos + len(out)
            if pos > start and lo < stop:
                parts.append(out[max(start - lo, 0) : min(stop, pos) - lo])
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)

    # -- the composer
    def incoming(self) -> Iterator[NeighbourhoodPool]:
        """The chunk's pools as this thread draws them, until the chunk is closed."""
        i = 0
        while True:
            with self.cond:
                while i == len(self.pools) and not self.closed:
                    self.cond.wait()
                if i == len(self.pools) or self.stopped:
                    return
                pool = self.pools[i]
            i += 1
            yield pool

    # -- the model thread
    def answer(self, out: np.ndarray[Any, Any]) -> None:
        with self.cond:
            self.outputs.append(out)
            self.answered += len(out)
            self.cond.notify_all()

    def fail(self, exc: BaseException) -> None:
        with self.cond:
            if self.error is None:
                self.error = exc
            self.cond.notify_all()


@dataclass(frozen=True)
class _Failed:
    """Composing a call failed: the model thread fails the chunk in its turn."""

    error: BaseException


class _Asker:
    """The composer and the model thread of one run."""

    #: composed model inputs that may exist at once: the one the model works on, the next
    SLOTS = 2

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.calls: queue.SimpleQueue[tuple[_Job, ModelCaller, Any] | None] = queue.SimpleQueue()
        self.slots = threading.Semaphore(self.SLOTS)
        self.stopping = False
        self.open: list[_Job] = []
        for name, loop in (("compose", self._compose), ("model", self._ask)):
            threading.Thread(
                target=_in_callers_state(loop), name=f"lime_widget-{name}", daemon=True
            ).start()

    def job(self) -> _Job:
        job = _Job()
        self.open = [j for j in self.open if not j.closed]
        self.open.append(job)
        self.jobs.put(job)
        return job

    def stop(self) -> None:
        """Start no other model call (the one in flight finishes in its thread)."""
        self.stopping = True
        for job in self.open:
            job.close(stop=True)
        self.jobs.put(None)
        self.calls.put(None)
        self.slots.release()  # wakes a composer waiting for a slot

    def _compose(self) -> None:
        while (job := self.jobs.get()) is not None:
            pools = job.incoming()
            first = next(pools, None)
            if first is None:
                continue
            calls = _model_calls(_chain(first, pools), first.caller.batch_size)
            while True:
                self.slots.acquire()
                if self.stopping or job.error is not None:
                    self.slots.release()
                    break
                try:
                    inputs = next(calls)
                except StopIteration:
                    self.slots.release()
                    break
                except BaseException as exc:  # handed on in order; the rows ask one by one
                    self.calls.put((job, first.caller, _Failed(exc)))
                    break
                self.calls.put((job, first.caller, inputs))
            if self.stopping:
                return

    def _ask(self) -> None:
        while (item := self.calls.get()) is not None and not self.stopping:
            job, caller, inputs = item
            try:
                if isinstance(inputs, _Failed):
                    job.fail(inputs.error)
                elif job.error is None:  # the rest of a failed chunk is asked row by row
                    out = caller.check_output(caller.predict_fn(inputs), len(inputs))
                    job.answer(out)
            except BaseException as exc:  # the rows ask one by one, where it is raised
                job.fail(exc)
            finally:
                item = inputs = None
                self.slots.release()


def _chain(first: NeighbourhoodPool, rest: Iterator[NeighbourhoodPool]) -> Iterator[Any]:
    yield first
    yield from rest


class _Ahead:
    """Work on the coming rows that does not depend on the random stream, in worker threads.

    An image's segmentation (``LimeImageExplainer._ahead``) is computed a few
    rows ahead of the row being drawn, by two workers: a segmentation slower than
    the model's time per row then still keeps up with it. Its result reaches the
    row's sampler, which draws from the stream exactly as without it.
    """

    WORKERS = 2
    #: rows computed ahead of the one being drawn
    DEPTH = 4

    def __init__(self, source: Source, chunks: list[tuple[Any, ...]]) -> None:
        self.hook = getattr(source.explainer, "_ahead", None)
        self.kwargs = source.kwargs
        self.rows = [(i, row) for c in chunks for i, row in zip(c[2], c[1], strict=True)]
        self.position = {index: p for p, (index, _) in enumerate(self.rows)}
        self.futures: dict[int, Future[dict[str, Any]]] = {}
        self.submitted = 0
        self.executor = (
            None
            if self.hook is None
            else ThreadPoolExecutor(self.WORKERS, thread_name_prefix="lime_widget-ahead")
        )

    def __call__(self, index: int) -> dict[str, Any]:
        """Arguments computed ahead for the row ``index``.

        None if that failed: the row's own drawing then raises the error in its turn.
        """
        if self.executor is None:
            return {}
        stop = min(self.position[index] + 1 + self.DEPTH, len(self.rows))
        while self.submitted < stop:
            i, row = self.rows[self.submitted]
            self.submitted += 1
            work = self.hook(row, self.kwargs) if self.hook is not None else None
            if work is not None:
                self.futures[i] = self.executor.submit(work)
        future = self.futures.pop(index, None)
        try:
            return {} if future is None else future.result()
        except Exception:
            return {}

    def stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Chunk:
    job: _Job
    rows: list[Drawn] = field(default_factory=list)
    error: Exception | None = None  # a bad row that stopped the drawing
    done: int = 0  # rows fitted and handed out


def explain_overlapped(
    source: Source, chunks: Iterator[tuple[Any, ...]], keep: bool
) -> Iterator[Result]:
    """In-process chunks with the model asked from helper threads (see the module's text).

    The helpers run under this thread's context variables, scikit-learn
    configuration and torch grad mode. If the model fails there but not row by
    row from this thread, the rest of the run asks it from this thread.
    """
    todo = list(chunks)
    ahead = _Ahead(source, todo)
    chunks = iter(todo)  # the rows left after a fallback continue from where it broke off
    asker = _Asker()
    inflight: deque[_Chunk] = deque()
    helper_failed: BaseException | None = None

    def finished(block: bool) -> Iterator[Result]:
        """Fit and hand out rows, in order, whose outputs are in.

        With ``block``, the oldest chunk's rows, waiting for their outputs.
        """
        nonlocal helper_failed
        while inflight:
            chunk = inflight[0]
            while chunk.done < len(chunk.rows):
                ready, outputs = chunk.job.outcome(chunk.done, block)
                if not ready:
                    return
                row = chunk.rows[chunk.done]
                chunk.done += 1
                yield finish_row(row, outputs, keep)
                if outputs is None:  # ... and it worked from this thread
                    helper_failed = helper_failed or chunk.job.error
            if not chunk.job.closed:
                return
            inflight.popleft()
            if chunk.error is not None:
                raise chunk.error
            if block:
                return

    try:
        for _, rows, indices, seeds, _ in chunks:
            chunk = _Chunk(asker.job())
            inflight.append(chunk)
            drawing = draw_rows(source, rows, indices, seeds, ahead)
            while True:
                try:
                    drawn = next(drawing)
                except StopIteration:
                    break
                except Exception as exc:  # a bad row: the rows before it still finish
                    chunk.error = exc
                    break
                chunk.rows.append(drawn)
                chunk.job.add(drawn[1].pool)
                yield from finished(block=False)
            chunk.job.close()
            while len(inflight) > 1:  # drawing stays one chunk ahead
                yield from finished(block=True)
            if chunk.error is not None or helper_failed is not None:
                break
        while inflight:
            yield from finished(block=True)
    finally:
        asker.stop()
        ahead.stop()
    if helper_failed is not None:
        warnings.warn(
            "The model failed when explain_many asked it about several rows' samples from its "
            f"helper thread ({helper_failed!r}) but not row by row from this thread. The "
            "remaining rows are asked from this thread; pass model_thread=False to do so from "
            "the start.",
            UserWarning,
            stacklevel=4,
        )
        for args in chunks:
            yield from explain_rows(*args)


def _in_callers_state(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` to run in another thread under the calling thread's settings.

    Context variables (numpy's error state), scikit-learn's ``config_context``
    and torch's grad mode are per thread; a model called from the helper thread
    sees the caller's.
    """
    import contextvars
    import sys

    from sklearn import config_context, get_config

    context = contextvars.copy_context()
    config = get_config()
    torch = sys.modules.get("torch")
    grad = torch.is_grad_enabled() if torch is not None else None

    def inner(*args: Any) -> Any:
        with config_context(**config):
            if torch is None:
                return fn(*args)
            with torch.set_grad_enabled(grad):
                return fn(*args)

    def run(*args: Any) -> Any:
        return context.run(inner, *args)

    return run
