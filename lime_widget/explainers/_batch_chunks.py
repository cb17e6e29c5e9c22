"""One chunk of an ``explain_many`` run: per-row streams, shared model calls.

A chunk draws each row's neighbourhood (in row order, from the shared stream or
from each row's own), asks the model about all of the chunk's samples in shared
calls, and fits each row. In-process runs ask the same calls from helper threads
while the rows are drawn and fitted (``_batch_overlap``). Explanations that
dropped their samples keep a :class:`Restorer` that re-derives them on demand.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def model_calls(pools: Iterable[NeighbourhoodPool], batch_size: int | None) -> Iterator[Any]:
    """The model inputs of the pools' first blocks, grouped into calls.

    With a ``batch_size``, calls of that many rows that may span pools. Without
    one, each pool's block is one input, and consecutive blocks are merged while
    the call stays within ``ROWS_PER_CALL`` rows and ``MAX_CALL_BYTES`` (so an
    image explainer never sends several explanations' images at once).

    ``pools`` is consumed lazily: a call is built as soon as the pools it spans
    are known, so the model thread of :func:`explain_overlapped` can ask about a
    chunk's first rows while the later ones are still drawn; the calls are those
    of a list of the same pools.
    """
    if batch_size:
        waiting: list[tuple[NeighbourhoodPool, int]] = []  # pools, and the rows already sent
        buffered = 0
        for pool in pools:
            waiting.append((pool, 0))
            buffered += pool.initial_size
            while buffered >= batch_size:
                yield from _merged(_take(waiting, batch_size))
                buffered -= batch_size
        if buffered:
            yield from _merged(_take(waiting, buffered))
        return
    group: list[Any] = []
    rows = nbytes = 0
    for pool in pools:
        size = pool.initial_size
        part = pool.first_draw.inputs(0, size)
        more = int(getattr(part, "nbytes", 0))
        if group and (rows + size > ROWS_PER_CALL or nbytes + more > MAX_CALL_BYTES):
            yield from _merged(group)
            group, rows, nbytes = [], 0, 0
        group.append(part)
        rows += size
        nbytes += more
        if rows >= ROWS_PER_CALL or nbytes >= MAX_CALL_BYTES:  # full: no need to see the next
            yield from _merged(group)
            group, rows, nbytes = [], 0, 0
    if group:
        yield from _merged(group)


def _take(waiting: list[tuple[NeighbourhoodPool, int]], n: int) -> list[Any]:
    """The inputs of the waiting pools' next ``n`` rows (pools sent in full leave the list)."""
    parts = []
    while n:
        pool, done = waiting[0]
        stop = min(done + n, pool.initial_size)
        parts.append(pool.first_draw.inputs(done, stop))
        n -= stop - done
        if stop == pool.initial_size:
            waiting.pop(0)
        else:
            waiting[0] = (pool, stop)
    return parts


def _merged(parts: list[Any]) -> Iterator[Any]:
    merged = _concat(parts)
    yield from parts if merged is None else [merged]


def _ask_together(pools: list[NeighbourhoodPool]) -> list[np.ndarray[Any, Any]] | None:
    """Each pool's outputs, asked about every pool's first block in shared calls.

    None if a call failed: nothing is recorded and the caller asks row by row,
    so rows before a failing one still finish and the failing row raises its own error.
    """
    caller = pools[0].caller
    outputs = []
    try:
        for inputs in model_calls(pools, caller.batch_size):
            outputs.append(caller.check_output(caller.predict_fn(inputs), len(inputs)))
    except Exception:  # retried row by row, where the error is raised for its own row
        return None
    out = np.concatenate(outputs, axis=0)
    starts = np.cumsum([0, *(p.initial_size for p in pools)])
    return [out[a:b] for a, b in itertools.pairwise(starts)]


def feed(pool: NeighbourhoodPool, outputs: np.ndarray[Any, Any]) -> None:
    """Grow ``pool``'s first block from model outputs obtained for it in a shared call."""
    real = pool.caller
    pool.caller = cast(ModelCaller, _Fed(outputs))
    try:
        pool.grow(pool.initial_size)
    finally:
        pool.caller = real
    real.rows_asked += pool.initial_size
    real.calls += 1
    real.n_outputs = outputs.shape[1]


def _drop_neighbourhood(exp: Explanation) -> None:
    """A light explanation: no samples, and a source the caller sets to re-derive them."""
    exp.neighbourhood = None
    exp.source = None


Drawn = tuple[int, Prepared, StreamState | None]


def draw_rows(
    source: Source,
    rows: Sequence[Any],
    indices: Sequence[int],
    seeds: Sequence[int] | None,
    ahead: Callable[[int], dict[str, Any]] | None = None,
) -> Iterator[Drawn]:
    """Draw each row's neighbourhood, in order (the model is not asked yet).

    In the shared-stream mode (``seeds`` None) the stream's position before each
    row is recorded, to re-derive the row later. A bad row raises when it is reached.
    ``ahead(index)`` gives arguments computed ahead for the row (an image's segments).
    """
    for k, (row, index) in enumerate(zip(rows, indices, strict=True)):
        if seeds is None:
            state: StreamState | None = _capture(source.explainer)
            explainer = source.explainer
        else:
            state, explainer = None, row_explainer(source.explainer, seeds[k])
        kwargs = source.kwargs if ahead is None else {**source.kwargs, **ahead(index)}
        prepared = explainer._prepare(row, source.predict_fn, **kwargs, grow=False)
        yield index, prepared, state


def finish_row(
    drawn: Drawn, outputs: np.ndarray[Any, Any] | None, keep: bool
) -> tuple[int, Explanation, StreamState | None]:
    """Fit a drawn row from its model ``outputs``, or asking the model for it if None."""
    index, prepared, state = drawn
    if outputs is None:
        prepared.pool.grow(prepared.pool.initial_size)
    else:
        feed(prepared.pool, outputs)
    exp = prepared.explain()
    if not keep:
        _drop_neighbourhood(exp)
    return index, exp, state


def explain_rows(
    source: Source,
    rows: Sequence[Any],
    indices: Sequence[int],
    seeds: Sequence[int] | None,
    keep: bool,
) -> Iterator[tuple[int, Explanation, StreamState | None]]:
    """Explain consecutive rows: draw each, ask the model about all, fit each.

    A bad row stops the drawing; the rows before it still finish, then it raises.
    If the shared model calls fail, the rows ask the model one by one, so the
    failing row raises its own error.
    """
    drawn: list[Drawn] = []
    error: Exception | None = None
    try:
        drawn.extend(draw_rows(source, rows, indices, seeds))
    except Exception as exc:  # a bad row: the rows before it still finish
        error = exc
    outputs = _ask_together([p.pool for _, p, _ in drawn]) if drawn else None
    for k, row in enumerate(drawn):
        yield finish_row(row, None if outputs is None else outputs[k], keep)
    if error is not None:
        raise error


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
