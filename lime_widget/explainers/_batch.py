"""Many explanations at once: ``explain_many``, in-process or through joblib.

A batch is cut into *chunks* of consecutive rows. A chunk draws each row's
neighbourhood, asks the model about all of the chunk's samples together (an
ensemble's ``predict_proba`` has a per-call cost) and fits each row. A chunk
is the unit of work a joblib worker receives; chunks depend only on the number
of rows and ``num_samples``, never on ``n_jobs``, so a run computes the same
thing wherever it runs. In-process, helper threads compose the model's inputs
and ask the model, call after call, while this thread draws the next rows (an
image's segmentation included) and fits the answered ones: the model's time
and ours overlap, and the numbers do not change (``_batch_overlap``). On a
joblib backend without result generators (Ray's) the chunks run in waves, so
results still arrive as the run goes.

Random streams
--------------
- **Shared stream** (in-process, the default): rows are drawn one after the
  other from the explainer's ``RandomState``, as calling ``explain_instance``
  row after row does, so the numbers are lime's.
- **Per-row streams** (``n_jobs`` given, or ``per_row_seeds=True``): row ``i``
  draws from ``RandomState(row_seed(seed, i))``, ``seed`` being the explainer's
  integer ``random_state``. Each row is explained by a shallow copy of the
  explainer whose random state, and its discretizer's, is the row's own, so the
  explainer is not touched and the result does not depend on which worker ran
  which row: an in-process per-row run equals a parallel one bit for bit.
"""

from __future__ import annotations

import contextlib
import itertools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..engine._validation import InvalidParameterError, check_int
from ..explanation._batch import BatchExplanations
from ..explanation._explanation import Explanation
from ._batch_chunks import (
    DONE,
    MAX_CALL_BYTES,
    ROWS_PER_CHUNK,
    Packed,
    Restorer,
    Source,
    StreamState,
    attach,
    drop_unpacked,
    explain_chunk,
    explain_rows,
)
from ._batch_overlap import explain_overlapped

__all__ = ["explain_many", "row_seed"]

MAX_CHUNK = 32
#: chunks per worker in each wave of a joblib backend without result generators
WAVE = 2
#: runs with more rows than this show a progress bar by default
PROGRESS_FROM = 20
#: first spawn-key word of per-row streams, so that they never coincide with the streams
#: ``SeedSequence(seed, spawn_key=(k,))`` of a pool's later chunks
BATCH_STREAM = 0x6C696D65


def row_seed(seed: int, i: int) -> int:
    """The seed of row ``i``'s stream in a per-row-seed batch of an explainer seeded ``seed``.

    ``SeedSequence(seed, spawn_key=(BATCH_STREAM, i)).generate_state(1)[0]``.

    Examples
    --------
    >>> row_seed(0, 0) == row_seed(0, 0) != row_seed(0, 1)
    True
    """
    ss = np.random.SeedSequence(int(seed), spawn_key=(BATCH_STREAM, int(i)))
    return int(ss.generate_state(1)[0])


# -- the driver ------------------------------------------------------------------------------
def _rows(instances: Any, where: str) -> list[Any]:
    if isinstance(instances, str):
        msg = (
            f"The 'instances' parameter of {where} must be a sequence of instances; got one str. "
            "Pass a list of documents, or use explain_instance for one."
        )
        raise InvalidParameterError(msg)
    if hasattr(instances, "iloc") and hasattr(instances, "columns"):  # a DataFrame
        return [instances.iloc[i] for i in range(len(instances))]
    if isinstance(instances, np.ndarray) and instances.ndim < 2:
        msg = (
            f"The 'instances' parameter of {where} must hold one instance per row (a 2-d array "
            f"for tabular data). Got an array of shape {instances.shape}; for one instance use "
            "explain_instance."
        )
        raise InvalidParameterError(msg)
    try:
        return list(instances)
    except TypeError:
        msg = (
            f"The 'instances' parameter of {where} must be an array, DataFrame or sequence of "
            f"instances. Got {type(instances).__name__}."
        )
        raise InvalidParameterError(msg) from None


def _joblib_context() -> bool:
    """Whether a joblib ``parallel_config`` sets a backend or ``n_jobs`` here."""
    try:
        from joblib.parallel import get_active_backend

        backend, n_jobs = get_active_backend()
    except (ImportError, AttributeError):  # pragma: no cover - a joblib without it
        return False
    default = type(backend).__name__ in ("LokyBackend", "SequentialBackend")
    return n_jobs is not None or not default


def _progress_bar(show: bool | None, total: int, where: str) -> Any:
    if show is None:
        show = total > PROGRESS_FROM
        if show:
            try:
                import tqdm.auto
            except ImportError:  # pragma: no cover - tqdm is optional
                show = False
    if not show:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = f"{where}(progress=True) needs tqdm: pip install tqdm"
        raise ImportError(msg) from exc
    return tqdm(total=total, unit="row", desc="explain_many")


def explain_many(
    explainer: Any,
    instances: Any,
    predict_fn: Callable[[Any], Any],
    *,
    n_jobs: int | None = None,
    per_row_seeds: bool | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    on_result: Callable[[int, Explanation], Any] | None = None,
    keep_neighbourhood: bool = False,
    model_thread: bool = True,
    **explain_kwargs: Any,
) -> BatchExplanations:
    """See :meth:`BaseExplainer.explain_many`."""
    where = f"{explainer._where}.explain_many"
    explainer._check_options(explain_kwargs, where)
    if on_result is not None and not callable(on_result):
        msg = f"The 'on_result' parameter of {where} must be a callable(index, explanation)."
        raise InvalidParameterError(msg)
    rows = _rows(instances, where)
    n = len(rows)
    parallel = n_jobs is not None or _joblib_context()
    if per_row_seeds is None:
        per_row_seeds = parallel
    elif parallel and not per_row_seeds:
        msg = (
            f"The 'per_row_seeds' parameter of {where} must be True (or None) when the rows run "
            "through joblib (n_jobs given, or a joblib parallel_config active): workers cannot "
            "share one random stream. Leave n_jobs=None for lime's shared stream."
        )
        raise InvalidParameterError(msg)
    if chunk_size is None:
        default = explainer._explain_options["num_samples"]
        samples = explain_kwargs.get("num_samples", default)
        per_row = samples if isinstance(samples, int) and samples > 0 else default
        chunk_size = _default_chunk_size(rows, per_row)
    else:
        chunk_size = check_int(chunk_size, "chunk_size", where)
    seeds: list[int] | None = None
    if per_row_seeds:
        base = explainer._seed
        if base is None:  # no integer seed: one draw of the explainer's stream seeds the run
            base = int(explainer.random_state.randint(0, 2**31 - 1))
        seeds = [row_seed(base, i) for i in range(n)]
    source = Source(explainer, predict_fn, dict(explain_kwargs))
    chunks = [range(lo, min(lo + chunk_size, n)) for lo in range(0, n, chunk_size)]
    results: dict[int, Explanation] = {}
    bar = _progress_bar(progress, n, where)

    def restorer(index: int, exp: Explanation, state: StreamState | None) -> None:
        if exp.source is None:  # dropped, or not sent back by a worker
            seed = None if seeds is None else seeds[index]
            exp.source = Restorer(source, rows[index], seed, state)

    def record(index: int, exp: Explanation, state: StreamState | None = None) -> None:
        restorer(index, exp, state)
        results[index] = exp
        if bar is not None:
            bar.update(1)
        if on_result is not None:
            on_result(index, exp)

    def chunk_args(c: range, source: Any = source) -> tuple[Any, ...]:
        return (
            source,
            [rows[i] for i in c],
            list(c),
            None if seeds is None else [seeds[i] for i in c],
            keep_neighbourhood,
        )

    outputs: Any = None
    try:
        if not parallel:
            args = (chunk_args(c) for c in chunks)
            outputs = (
                explain_overlapped(source, args, keep_neighbourhood)
                if model_thread and not _uses_global_stream(explainer, seeds)
                else itertools.chain.from_iterable(explain_rows(*a) for a in args)
            )
            for index, exp, state in outputs:
                record(index, exp, state)
        else:
            from joblib import Parallel, delayed

            packed = Packed.of(source, where)
            tasks = [delayed(explain_chunk)(*chunk_args(c, packed)) for c in chunks]
            return_as = _return_as(n_jobs)
            outputs = (
                _in_waves(tasks, n_jobs)
                if return_as == "list"
                else Parallel(n_jobs=n_jobs, return_as=return_as)(tasks)
            )
            for done in outputs:
                for index, exp in done:
                    record(index, exp)
    except BaseException as exc:
        for index, exp in getattr(exc, DONE, ()):
            if index not in results:
                restorer(index, exp, None)
                results[index] = exp
        with contextlib.suppress(AttributeError):
            delattr(exc, DONE)
        attach(exc, "partial_results", BatchExplanations(results, n))
        raise
    finally:
        drop_unpacked()  # the copy an in-process joblib backend (threads) unpickled here
        if outputs is not None and hasattr(outputs, "close"):
            with warnings.catch_warnings():  # joblib warns that it cancels the remaining tasks
                warnings.simplefilter("ignore")
                outputs.close()  # stops the model thread or joblib's tasks after an interrupt
        if bar is not None:
            bar.close()
    _adopt_class_names(explainer, results)
    return BatchExplanations(results, n)


def _default_chunk_size(rows: list[Any], per_row: int) -> int:
    """About ``ROWS_PER_CHUNK`` model rows per chunk, at most ``MAX_CHUNK`` rows.

    Images: at most as many rows as one model call may merge (``MAX_CALL_BYTES`` of
    perturbed images), so a 224-pixel image, whose 1,000 perturbed copies are never
    merged with another's, is a chunk of its own and the drawing runs only a row or
    two ahead of the model.
    """
    size = min(MAX_CHUNK, ROWS_PER_CHUNK // per_row)
    first = rows[0] if rows else None
    if isinstance(first, np.ndarray) and first.ndim >= 2:
        size = min(size, MAX_CALL_BYTES // max(1, first.nbytes * per_row))
    return max(1, size)


def _return_as(n_jobs: int | None) -> str:
    """Stream chunks as they finish where the joblib backend can; lists where it cannot.

    joblib backends support both kinds of result generator (ordered and
    unordered) or neither; Ray's, a ``MultiprocessingBackend``, supports neither.
    """
    from joblib import parallel_config
    from joblib.parallel import get_active_backend

    with parallel_config(n_jobs=n_jobs) if n_jobs is not None else contextlib.nullcontext():
        backend, _ = get_active_backend()
    streams = getattr(backend, "supports_return_generator", False)
    return (
        "generator_unordered"
        if streams or type(backend).__name__ == "SequentialBackend"
        else "list"
    )


def _in_waves(tasks: list[Any], n_jobs: int | None) -> Iterator[Any]:
    """Chunk results from a backend without result generators (Ray's), wave after wave.

    One ``Parallel`` (one pool of workers) runs the chunks in waves of
    ``WAVE`` per worker: results, ``on_result`` and the progress bar still
    arrive as the run goes (at the end of each wave, in row order), and an
    interrupt stops the run after the wave in flight.
    """
    from joblib import Parallel, effective_n_jobs

    with Parallel(n_jobs=n_jobs) as parallel:
        size = WAVE * max(1, effective_n_jobs(n_jobs))
        for lo in range(0, len(tasks), size):
            yield from parallel(tasks[lo : lo + size])


def _uses_global_stream(explainer: Any, seeds: list[int] | None) -> bool:
    """Rows drawn from numpy's global stream, which a model in another thread could use too."""
    from sklearn.utils import check_random_state

    return seeds is None and explainer.random_state is check_random_state(None)


def _adopt_class_names(explainer: Any, results: dict[int, Explanation]) -> None:
    """Name the classes on the explainer as ``explain_instance`` does (copies did it)."""
    if getattr(explainer, "class_names", ()) is None and results:
        exp = next(iter(results.values()))
        if exp.mode == "classification" and exp.class_names is not None:
            explainer.class_names = list(exp.class_names)
