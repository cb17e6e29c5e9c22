"""The cached neighbourhood: sampled rows, distances and model outputs.

A LIME explanation costs (1) asking the model about thousands of perturbed rows
and (2) fitting a weighted linear surrogate on them. Only (2) depends on the
kernel width, number of features, feature selection and label, so the pool keeps
(1) and every such change is a refit on cached data. A larger sample count asks
the model only about the new rows, in batches.
"""

from __future__ import annotations

import hashlib
import numbers
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ._surrogate import KernelFn, OutputFlags, WeightedProblem, kernel_weights, output_flags
from ._validation import InvalidParameterError, ModelOutputError

__all__ = [
    "Draw",
    "ModelCaller",
    "Neighbourhood",
    "NeighbourhoodPool",
    "Sampler",
    "collect",
    "integer_seed",
]

FloatArray = npt.NDArray[np.float64]


class Draw(Protocol):
    """Rows drawn by a sampler: the interpretable design and lazily built model inputs."""

    design: FloatArray

    def inputs(self, start: int, stop: int) -> Any:
        """Model inputs for rows ``start:stop`` (arrays, strings or images)."""


class Sampler(Protocol):
    """Draws perturbed rows around one instance and measures their distance to it."""

    def draw(self, n: int, random_state: np.random.RandomState, *, instance_first: bool) -> Draw:
        """Draw ``n`` rows; with ``instance_first`` row 0 is the instance itself (as lime)."""

    def distances(self, design: FloatArray) -> FloatArray:
        """Distances of interpretable rows to the instance."""


class ModelCaller:
    """Calls the user's model in batches, validates what it returns and counts rows.

    Parameters
    ----------
    predict_fn : callable
        The model: takes a batch of inputs, returns probabilities (classification)
        or values (regression).
    mode : {'classification', 'regression'}
        What the output must look like.
    batch_size : int or None
        Rows per call; ``None`` sends each request in one call.
    where : str
        Name of the calling method, for error messages.
    param : str, default='predict_fn'
        Name of the model parameter, for error messages.
    """

    def __init__(
        self,
        predict_fn: Callable[[Any], Any],
        *,
        mode: str,
        batch_size: int | None,
        where: str,
        param: str = "predict_fn",
    ) -> None:
        if not callable(predict_fn):
            msg = (
                f"The {param!r} parameter of {where} must be a callable that takes a batch of "
                f"inputs, such as model.predict_proba. Got {predict_fn!r} instead."
            )
            raise InvalidParameterError(msg)
        self.param = param
        self.predict_fn = predict_fn
        self.mode = mode
        self.batch_size = batch_size
        self.where = where
        self.rows_asked = 0
        self.calls = 0
        self.n_outputs: int | None = None

    @property
    def _who(self) -> str:
        """The model, in messages: its parameter and the method it was passed to."""
        return f"The model ({self.param!r}) passed to {self.where}"

    def __call__(self, draw: Draw, start: int, stop: int) -> FloatArray:
        """Model outputs for rows ``start:stop`` of ``draw``, shape ``(stop - start, L)``."""
        step = self.batch_size or max(stop - start, 1)
        parts = [
            self._call(draw.inputs(lo, min(lo + step, stop)), min(lo + step, stop) - lo)
            for lo in range(start, stop, step)
        ]
        if not parts:
            return np.empty((0, self.n_outputs or 0))
        return np.concatenate(parts, axis=0)

    def _call(self, inputs: Any, n_rows: int) -> FloatArray:
        self.calls += 1
        self.rows_asked += n_rows
        raw = self.predict_fn(inputs)
        return self.check_output(raw, n_rows)

    def check_output(self, raw: Any, n_rows: int) -> FloatArray:
        """Validate one batch of model output and return it as a 2-d float array."""
        try:
            out = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            msg = (
                f"{self._who} must return numbers; it returned "
                f"{type(raw).__name__} that could not be converted to floats ({exc})."
            )
            raise ModelOutputError(msg) from exc
        if self.mode == "classification":
            if out.ndim != 2 or out.shape[1] == 0:
                hint = (
                    " or use mode='regression' for a regressor"
                    if self.param == "predict_fn"
                    else ""
                )
                msg = (
                    f"{self._who} must return class probabilities of shape "
                    f"(n_samples, n_classes) with n_classes >= 1. Got shape {out.shape}. "
                    f"Pass model.predict_proba rather than model.predict{hint}."
                )
                raise ModelOutputError(msg)
        elif out.ndim == 2 and out.shape[1] == 0:
            msg = (
                f"{self._who} must return one value per row in regression "
                f"mode. Got an array of shape {out.shape} with no columns."
            )
            raise ModelOutputError(msg)
        elif out.ndim == 2:
            out = out[:, :1]
        elif out.ndim == 1:
            out = out[:, None]
        else:
            msg = (
                f"{self._who} must return one value per row in regression "
                f"mode. Got an array of shape {out.shape}."
            )
            raise ModelOutputError(msg)
        if out.shape[0] != n_rows:
            msg = (
                f"{self._who} must return one row per input. It was asked "
                f"about {n_rows} rows and returned {out.shape[0]}."
            )
            raise ModelOutputError(msg)
        if self.n_outputs is not None and out.shape[1] != self.n_outputs:
            msg = (
                f"{self._who} returned {out.shape[1]} columns, earlier "
                f"{self.n_outputs}. It must return the same number of classes for every batch."
            )
            raise ModelOutputError(msg)
        bad = ~np.isfinite(out)
        if bad.any():
            row = int(np.argwhere(bad)[0][0])
            msg = (
                f"{self._who} returned NaN or infinity for "
                f"{int(bad.any(axis=1).sum())} of {n_rows} rows (first at row {row} of the "
                "batch). LIME needs a finite output for every perturbed sample."
            )
            raise ModelOutputError(msg)
        if (
            self.mode == "classification"
            and self.n_outputs is None
            and not np.allclose(out.sum(axis=1), 1.0)
        ):
            warnings.warn(
                f"{self._who} returned rows that do not sum to 1: "
                "LIME expects class probabilities (not logits or labels).",
                UserWarning,
                stacklevel=4,
            )
        self.n_outputs = out.shape[1]
        return out


@dataclass
class Neighbourhood:
    """Interpretable rows, their distances to the instance and the model's outputs.

    Row 0 is the explained instance. This is everything a refit needs.

    Attributes
    ----------
    design : ndarray of shape (n, d)
        Interpretable representation the surrogate is fit on.
    distances : ndarray of shape (n,)
        Distances of the rows to the instance.
    outputs : ndarray of shape (n, L)
        Model outputs (probabilities, or one regression column).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
    ...     X[0], model.predict_proba, num_samples=500)
    >>> nb = exp.neighbourhood
    >>> nb.design.shape, nb.distances.shape, nb.outputs.shape
    ((500, 4), (500,), (500, 3))
    >>> float(nb.distances[0])  # row 0 is the instance
    0.0
    >>> nb.prefix(100).num_samples
    100
    """

    design: FloatArray
    distances: FloatArray
    outputs: FloatArray
    _problems: dict[Any, WeightedProblem] = field(default_factory=dict, repr=False)
    _pairs: FloatArray | None = field(default=None, repr=False)
    _flags: OutputFlags | None = field(default=None, repr=False)

    @property
    def output_flags(self) -> OutputFlags:
        """Per label: constant, or moving only in its last bits (computed once)."""
        if self._flags is None:
            self._flags = output_flags(self.outputs)
        return self._flags

    @property
    def num_samples(self) -> int:
        """Number of rows."""
        return int(self.design.shape[0])

    def weighted(self, kernel_width: float, kernel_fn: KernelFn | None = None) -> WeightedProblem:
        """The weighted fitting problem at ``kernel_width`` (cached for the last few widths)."""
        key = (float(kernel_width), kernel_fn)
        problem = self._problems.get(key)
        if problem is None:
            weights = kernel_weights(kernel_fn, self.distances, kernel_width)
            problem = WeightedProblem(self.design, self.outputs, weights, self.output_flags)
            if len(self._problems) >= 4:
                self._problems.pop(next(iter(self._problems)))
            self._problems[key] = problem
        return problem

    def prefix(self, n: int) -> Neighbourhood:
        """The first ``n`` rows (sharing this neighbourhood's cached tables)."""
        pairs = None if self._pairs is None else self._pairs[:n]
        return Neighbourhood(self.design[:n], self.distances[:n], self.outputs[:n], _pairs=pairs)

    def pair_products(self, max_bytes: int = 64 * 2**20) -> FloatArray | None:
        """``x_i * x_j`` (i <= j) of every row: many weighted Gram matrices become one product.

        Built once per neighbourhood; None when the table would exceed ``max_bytes``.
        """
        if self._pairs is None:
            n, d = self.design.shape
            if n * d * (d + 1) // 2 * 8 > max_bytes:
                return None
            upper, lower = np.triu_indices(d)
            columns = np.asfortranarray(self.design)
            self._pairs = np.ascontiguousarray(columns[:, upper] * columns[:, lower])
        return self._pairs


@dataclass
class _Block:
    draw: Draw
    distances: FloatArray
    done: int = 0

    @property
    def size(self) -> int:
        return int(self.draw.design.shape[0])


class NeighbourhoodPool:
    """A neighbourhood that grows in blocks and asks the model only about new rows.

    Block 0 holds the rows ``explain_instance`` draws from the explainer's
    random state, exactly as lime draws them; every later block has
    ``chunk_size`` rows drawn from its own ``RandomState(seed_for_chunk(k))``.
    The model is asked about rows in order, so the first ``m`` rows are the
    same whatever sample counts were asked for before (prefix stability), and
    raising the count from ``n`` to ``m`` asks about exactly ``m - n`` rows.
    Drawn rows the model has not been asked about wait in the pool.

    Parameters
    ----------
    sampler : Sampler
        Draws rows around the instance.
    caller : ModelCaller
        Asks the model, in batches, and counts the rows.
    first : Draw
        Block 0, drawn but not yet asked about.
    seed_for_chunk : callable
        ``k -> int`` seed of block ``k`` (k = 1, 2, ...).
    chunk_size : int, default=500
        Rows per later block.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
    ...     X[0], model.predict_proba, num_samples=500)
    >>> pool = exp.pool
    >>> pool.size, pool.grow(800), pool.caller.rows_asked  # only the 300 new rows
    (500, 300, 800)
    >>> pool.neighbourhood(500).design.tolist() == exp.neighbourhood.design.tolist()
    True
    """

    def __init__(
        self,
        sampler: Sampler,
        caller: ModelCaller,
        first: Draw,
        seed_for_chunk: Callable[[int], int],
        chunk_size: int = 500,
    ) -> None:
        self.sampler = sampler
        self.caller = caller
        self.seed_for_chunk = seed_for_chunk
        self.chunk_size = chunk_size
        self._blocks = [_Block(first, self._distances_of(first))]
        self._current = 0
        self._design: list[Any] = []
        self._distances: list[FloatArray] = []
        self._outputs: list[FloatArray] = []
        self._size = 0
        self._cache: Neighbourhood | None = None
        self._lock = threading.Lock()

    def _distances_of(self, draw: Draw) -> FloatArray:
        """The rows' distances to the instance: finite and >= 0, or the metric is at fault."""
        distances = np.asarray(self.sampler.distances(draw.design), dtype=np.float64)
        if not (np.isfinite(distances).all() and (distances >= 0).all()):
            bad = distances[~(np.isfinite(distances) & (distances >= 0))][0]
            where = getattr(self.caller, "where", "the explainer")
            msg = (
                f"The 'distance_metric' parameter of {where} must give finite distances >= 0. "
                f"Got {bad!r} for a sampled row. Check the metric function."
            )
            raise InvalidParameterError(msg)
        return distances

    @property
    def size(self) -> int:
        """Rows with model outputs."""
        return self._size

    @property
    def initial_size(self) -> int:
        """Rows in block 0 (the ``num_samples`` the pool was created for)."""
        return self._blocks[0].size

    @property
    def first_draw(self) -> Draw:
        """Block 0's rows (``explain_many`` asks the model about several pools' rows at once)."""
        return self._blocks[0].draw

    def grow(self, target: int, max_rows: int | None = None) -> int:
        """Ask the model about rows until ``target`` (or ``max_rows`` more) have outputs.

        Returns the number of rows added. If the model raises, the rows of the
        failed call are not added and the pool stays usable.
        """
        added = 0
        while self._size < target and (max_rows is None or added < max_rows):
            block = self._next_block()
            want = target - self._size
            if max_rows is not None:
                want = min(want, max_rows - added)
            stop = min(block.done + want, block.size)
            outputs = self.caller(block.draw, block.done, stop)
            with self._lock:
                rows = block.draw.design[block.done : stop]
                # a sparse design (scipy.sparse tabular data) stays sparse, as lime's
                self._design.append(
                    rows if hasattr(rows, "nnz") else np.asarray(rows, dtype=np.float64)
                )
                self._distances.append(block.distances[block.done : stop])
                self._outputs.append(outputs)
                self._size += stop - block.done
                self._cache = None
            added += stop - block.done
            block.done = stop
        return added

    def _next_block(self) -> _Block:
        block = self._blocks[self._current]
        if block.done < block.size:
            return block
        self._current += 1
        if self._current == len(self._blocks):
            rs = np.random.RandomState(self.seed_for_chunk(self._current))
            draw = self.sampler.draw(self.chunk_size, rs, instance_first=False)
            self._blocks.append(_Block(draw, self._distances_of(draw)))
        return self._blocks[self._current]

    def neighbourhood(self, n: int | None = None) -> Neighbourhood:
        """The first ``n`` rows with outputs (all of them by default)."""
        with self._lock:
            if self._cache is None:
                self._cache = _assemble(self._design, self._distances, self._outputs)
            cache = self._cache
        if n is None or n >= cache.num_samples:
            return cache
        return cache.prefix(n)


def _assemble(
    design: list[Any], distances: list[FloatArray], outputs: list[FloatArray]
) -> Neighbourhood:
    """One neighbourhood of the pool's row blocks (sparse blocks make a sparse one)."""
    if hasattr(design[0], "nnz"):
        from ._sparse import SparseNeighbourhood, stack_rows  # it builds on this module

        return SparseNeighbourhood(
            stack_rows(design), np.concatenate(distances), np.concatenate(outputs)
        )
    return Neighbourhood(np.concatenate(design), np.concatenate(distances), np.concatenate(outputs))


def collect(
    sampler: Sampler,
    caller: ModelCaller,
    num_samples: int,
    random_state: np.random.RandomState,
    seed: Any,
    *,
    grow: bool = True,
) -> NeighbourhoodPool:
    """Draw ``num_samples`` rows as lime does (row 0 the instance) and ask the model.

    With ``grow=False`` the rows are drawn but the model is not asked yet (the
    live session streams them).

    Returns a pool that can grow later: its extension chunks draw from seeds
    derived from ``seed`` (the explainer's integer ``random_state``), or, without
    one, from the random state's current position, which is not advanced.
    """
    if seed is None:
        state: Any = random_state.get_state()
        seed = int.from_bytes(hashlib.sha256(np.asarray(state[1]).tobytes()).digest()[:8], "little")
    entropy = int(seed)

    def seed_for_chunk(k: int) -> int:
        return int(np.random.SeedSequence(entropy, spawn_key=(k,)).generate_state(1)[0])

    draw = sampler.draw(num_samples, random_state, instance_first=True)
    pool = NeighbourhoodPool(sampler, caller, draw, seed_for_chunk)
    if grow:
        pool.grow(num_samples)
    return pool


def integer_seed(random_state: Any) -> int | None:
    """The integer behind ``random_state``, if it is one (used to derive chunk seeds)."""
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return int(random_state)
    return None
