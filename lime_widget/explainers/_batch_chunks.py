"""One chunk of an ``explain_many`` run: per-row streams, shared model calls, the model thread.

A chunk draws each row's neighbourhood (in row order, from the shared stream or
from each row's own), asks the model about all of the chunk's samples in shared
calls, and fits each row. In-process runs overlap the model call of one chunk
with the drawing and fitting of its neighbours (:func:`explain_overlapped`).
Explanations that dropped their samples keep a :class:`Restorer` that
re-derives them on demand.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from ..engine._neighbourhood import ModelCaller, NeighbourhoodPool
from ..explanation._explanation import Explanation, Prepared

#: model rows a chunk aims at, and the most rows one model call merges from several
#: explanations: at this size a call's fixed cost is small (a 100-tree forest's
#: ``predict_proba`` costs 18 ms per 5,000 samples in calls of 5,000, 14 ms in calls of 20,000)
ROWS_PER_CHUNK = ROWS_PER_CALL = 20_000
#: merged model inputs stay below this size (arrays)
MAX_CALL_BYTES = 64 * 2**20

StreamState = tuple[Any, Any]


# -- explaining one chunk ------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """What every row of a batch shares (sent once per chunk to a worker)."""

    explainer: Any
    predict_fn: Callable[[Any], Any]
    kwargs: dict[str, Any]


def _with_stream(explainer: Any, rs: np.random.RandomState, seed: Any, disc_rs: Any = None) -> Any:
    """A shallow copy of ``explainer`` drawing from ``rs`` (its discretizer too)."""
    clone = copy.copy(explainer)
    clone.random_state = rs
    clone._seed = seed
    disc = getattr(explainer, "discretizer", None)
    if disc is not None:
        clone.discretizer = copy.copy(disc)
        clone.discretizer.random_state = rs if disc_rs is None else disc_rs
    return clone


def _capture(explainer: Any) -> StreamState:
    """The shared stream's position (and a separate discretizer stream's, if any)."""
    rs = explainer.random_state
    disc = getattr(explainer, "discretizer", None)
    own = None if disc is None or disc.random_state is rs else disc.random_state.get_state()
    return rs.get_state(), own


def _replay(explainer: Any, state: StreamState) -> Any:
    """A copy of ``explainer`` whose stream is back at ``state``."""
    rs = np.random.RandomState()
    rs.set_state(state[0])
    disc_rs = None
    if state[1] is not None:
        disc_rs = np.random.RandomState()
        disc_rs.set_state(state[1])
    return _with_stream(explainer, rs, explainer._seed, disc_rs)


def row_explainer(explainer: Any, seed: int) -> Any:
    return _with_stream(explainer, np.random.RandomState(seed), seed)


class _Fed:
    """A model caller that hands a pool outputs already obtained for it."""

    def __init__(self, outputs: np.ndarray[Any, Any]) -> None:
        self.outputs = outputs

    def __call__(self, draw: Any, start: int, stop: int) -> np.ndarray[Any, Any]:
        return self.outputs[start:stop]


def _concat(parts: list[Any]) -> Any:
    """One model input from several pools' inputs, or None if their type is unknown."""
    first = parts[0]
    if len(parts) == 1:
        return first
    if isinstance(first, np.ndarray):
        return np.concatenate(parts, axis=0)
    if isinstance(first, list):
        return list(itertools.chain.from_iterable(parts))
    if hasattr(first, "iloc"):
        import pandas as pd

        return pd.concat(parts, ignore_index=True)
    return None


def _model_calls(pools: list[NeighbourhoodPool], batch_size: int | None) -> Iterator[Any]:
    """The model inputs of the pools' first blocks, grouped into calls.

    With a ``batch_size``, calls of that many rows that may span pools. Without
    one, each pool's block is one input, and consecutive blocks are merged while
    the call stays within ``ROWS_PER_CALL`` rows and ``MAX_CALL_BYTES`` (so an
    image explainer never sends several explanations' images at once).
    """
    sizes = [p.initial_size for p in pools]
    starts = np.cumsum([0, *sizes])
    if batch_size:
        total = int(starts[-1])
        for lo in range(0, total, batch_size):
            hi = min(lo + batch_size, total)
            parts = [
                pool.first_draw.inputs(max(lo, a) - a, min(hi, b) - a)
                for pool, a, b in zip(pools, starts[:-1], starts[1:], strict=True)
                if max(lo, a) < min(hi, b)
            ]
            yield from _merged(parts)
        return
    group: list[Any] = []
    rows = nbytes = 0
    for pool, size in zip(pools, sizes, strict=True):
        part = pool.first_draw.inputs(0, size)
        more = int(getattr(part, "nbytes", 0))
        if group and (rows + size > ROWS_PER_CALL or nbytes + more > MAX_CALL_BYTES):
            yield from _merged(group)
            group, rows, nbytes = [], 0, 0
        group.append(part)
        rows += size
        nbytes += more
    if group:
        yield from _merged(group)


def _merged(parts: list[Any]) -> Iterator[Any]:
    merged = _concat(parts)
    yield from parts if merged is None else [merged]


def _ask_together(pools: list[NeighbourhoodPool]) -> Exception | None:
    """Ask the model about every pool's first block in shared calls; the error if that failed.

    On an error nothing is recorded: the caller then asks row by row, so rows
    before a failing one still finish and the failing row raises its own error.
    """
    caller = pools[0].caller
    outputs = []
    try:
        for inputs in _model_calls(pools, caller.batch_size):
            outputs.append(caller.check_output(caller.predict_fn(inputs), len(inputs)))
    except Exception as exc:  # retried row by row, where the error is raised for its own row
        return exc
    out = np.concatenate(outputs, axis=0)
    stop = 0
    for pool in pools:
        start, stop = stop, stop + pool.initial_size
        real = pool.caller
        pool.caller = cast(ModelCaller, _Fed(out[start:stop]))
        try:
            pool.grow(stop - start)
        finally:
            pool.caller = real
        real.rows_asked += stop - start
        real.calls += 1
        real.n_outputs = out.shape[1]
    return None


def _drop_neighbourhood(exp: Explanation) -> None:
    """A light explanation: no samples, and a source the caller sets to re-derive them."""
    exp.neighbourhood = None
    exp.source = None


@dataclass
class _Drawn:
    """A chunk whose rows are drawn; ``error`` is a bad row that stopped the drawing."""

    rows: list[tuple[int, Prepared, StreamState | None]]
    error: Exception | None


def _draw_chunk(
    source: Source, rows: Sequence[Any], indices: Sequence[int], seeds: Sequence[int] | None
) -> _Drawn:
    """Draw each row's neighbourhood, in order (the model is not asked yet).

    In the shared-stream mode (``seeds`` None) the stream's position before each
    row is recorded, to re-derive the row later.
    """
    drawn = _Drawn([], None)
    try:
        for k, (row, index) in enumerate(zip(rows, indices, strict=True)):
            if seeds is None:
                state: StreamState | None = _capture(source.explainer)
                explainer = source.explainer
            else:
                state, explainer = None, row_explainer(source.explainer, seeds[k])
            prepared = explainer._prepare(row, source.predict_fn, **source.kwargs, grow=False)
            drawn.rows.append((index, prepared, state))
    except Exception as exc:  # a bad row: the rows before it still finish
        drawn.error = exc
    return drawn


def _ask(drawn: _Drawn) -> Exception | None:
    return _ask_together([p.pool for _, p, _ in drawn.rows]) if drawn.rows else None


def _finish_chunk(
    drawn: _Drawn, failed: Exception | None, keep: bool
) -> Iterator[tuple[int, Explanation, StreamState | None]]:
    """Fit each drawn row (asking the model row by row if the shared call ``failed``)."""
    for index, prepared, state in drawn.rows:
        if failed is not None:
            prepared.pool.grow(prepared.pool.initial_size)
        exp = prepared.explain()
        if not keep:
            _drop_neighbourhood(exp)
        yield index, exp, state
    if drawn.error is not None:
        raise drawn.error


def explain_rows(
    source: Source,
    rows: Sequence[Any],
    indices: Sequence[int],
    seeds: Sequence[int] | None,
    keep: bool,
) -> Iterator[tuple[int, Explanation, StreamState | None]]:
    """Explain consecutive rows: draw each, ask the model about all, fit each."""
    drawn = _draw_chunk(source, rows, indices, seeds)
    yield from _finish_chunk(drawn, _ask(drawn), keep)


def explain_overlapped(
    source: Source, chunks: Iterator[tuple[Any, ...]], keep: bool
) -> Iterator[tuple[int, Explanation, StreamState | None]]:
    """In-process chunks with the model asked in a helper thread.

    While the model works on chunk k, this thread fits chunk k-1 and draws
    chunk k+1; draws stay in row order, so the numbers are those of
    :func:`explain_rows` chunk after chunk. Numpy, scikit-learn and most
    deep-learning models release the GIL, so the two overlap. The helper runs
    the model under this thread's context variables, scikit-learn configuration
    and torch grad mode. If a model fails there but not row by row from this
    thread, the rest of the run asks it from this thread.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    chunks = iter(chunks)  # the rows left after a fallback continue from where it broke off
    executor = ThreadPoolExecutor(1, thread_name_prefix="lime_widget-model")
    pending: tuple[_Drawn, Future[Exception | None]] | None = None
    helper_failed: Exception | None = None

    def finish(
        job: tuple[_Drawn, Future[Exception | None]],
    ) -> Iterator[tuple[int, Explanation, StreamState | None]]:
        nonlocal helper_failed
        failed = job[1].result()
        yield from _finish_chunk(job[0], failed, keep)
        helper_failed = helper_failed or failed  # ... and it worked row by row here

    try:
        for _, rows, indices, seeds, _ in chunks:
            drawn = _draw_chunk(source, rows, indices, seeds)
            future = executor.submit(_in_callers_state(_ask), drawn)
            if pending is not None:
                yield from finish(pending)
            pending = (drawn, future)
            if drawn.error is not None or helper_failed is not None:
                break
        if pending is not None:
            yield from finish(pending)
    finally:
        # an interrupt does not wait for the model call in flight
        executor.shutdown(wait=False, cancel_futures=True)
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


DONE = "_lime_widget_done"


@dataclass(frozen=True)
class Packed:
    """A :class:`Source` pickled once for a parallel run.

    joblib pickles a task's arguments for every task; the explainer and the
    model (a forest: hundreds of kB) would be pickled again for each chunk in
    the parent, which competes with the workers for the CPU. Bytes pickle as a
    copy, and each worker unpickles them once per run.
    """

    token: str
    blob: bytes

    @classmethod
    def of(cls, source: Source, where: str) -> Packed:
        """Pickle ``source`` (with cloudpickle: lambdas and local functions travel too)."""
        import uuid

        try:  # a dependency of joblib >= 1.5; vendored in joblib before
            import cloudpickle
        except ImportError:  # pragma: no cover - depends on the joblib version
            from joblib.externals import cloudpickle
        try:
            blob = cloudpickle.dumps(source)
        except Exception as exc:
            msg = (
                f"{where} with n_jobs (or a joblib backend) sends the explainer, the model and "
                f"the explain_instance arguments to worker processes, so they must pickle: {exc}"
            )
            raise TypeError(msg) from exc
        return cls(uuid.uuid4().hex, blob)

    def load(self) -> Source:
        """The source, unpickled once per process and run."""
        source = _UNPACKED.get(self.token)
        if source is None:
            import pickle

            source = pickle.loads(self.blob)  # our own bytes, from the parent
            _UNPACKED.clear()  # a worker keeps the current run's source only
            _UNPACKED[self.token] = source
        return source


_UNPACKED: dict[str, Source] = {}


def drop_unpacked() -> None:
    """Forget the unpickled source (a worker process keeps its last run's until the next)."""
    _UNPACKED.clear()


def explain_chunk(
    packed: Packed,
    rows: Sequence[Any],
    indices: Sequence[int],
    seeds: Sequence[int] | None,
    keep: bool,
) -> list[tuple[int, Explanation]]:
    """One joblib task; on failure the exception carries the rows it finished."""
    source = packed.load()
    done: list[tuple[int, Explanation]] = []
    try:
        for index, exp, _ in explain_rows(source, rows, indices, seeds, keep):
            exp.source = None  # its pool holds a lock; the parent re-derives it for a live view
            done.append((index, exp))
    except BaseException as exc:
        attach(exc, DONE, done)
        raise
    return done


def attach(exc: BaseException, name: str, value: Any) -> None:
    with contextlib.suppress(AttributeError):  # an exception type with __slots__
        setattr(exc, name, value)


# -- re-deriving a dropped neighbourhood ------------------------------------------------------
def _no_restore() -> None:
    return None


class Restorer:
    """Re-derives a light explanation's samples: same stream, same row, same model.

    The :class:`~lime_widget.explanation.Rederivable` source of an
    ``explain_many`` result. Pickles as nothing (``None``): a saved explanation
    does not drag the model along.
    """

    def __init__(
        self, source: Source, row: Any, seed: int | None, state: StreamState | None
    ) -> None:
        self.source = source
        self.row = row
        self.seed = seed
        self.state = state

    def __reduce__(self) -> tuple[Any, ...]:
        return (_no_restore, ())

    def rederive(self) -> Prepared:
        src = self.source
        if self.seed is not None:
            explainer = row_explainer(src.explainer, self.seed)
        else:
            explainer = _replay(src.explainer, cast(StreamState, self.state))
        prepared: Prepared = explainer._prepare(self.row, src.predict_fn, **src.kwargs)
        return prepared
