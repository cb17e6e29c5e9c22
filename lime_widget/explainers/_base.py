"""What every explainer shares: argument checks, seeding, ``explain_many`` and ``interact``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np

from ..engine._neighbourhood import integer_seed
from ..engine._params import check_fit_param
from ..engine._validation import (
    InvalidParameterError,
    check_int,
    reject_unknown_kwargs,
)
from ..engine._validation import check_random_state as check_seed_or_state
from ..explanation._batch import BatchExplanations
from ..explanation._explanation import Explanation, Prepared
from ..explanation._handoff import live_widget, running_gallery
from ._batch import explain_many
from ._checks import (
    check_batch_call,
    check_common,
    check_explain_options,
    check_max_samples,
    entry_point,
    keeps_stream_on_refusal,
)

__all__ = ["BaseExplainer", "check_common", "check_explainer_options", "check_random_state"]


def check_explainer_options(
    where: str, *, kernel_width: Any, feature_selection: Any, kernel: Any
) -> tuple[float | None, str]:
    """Check the constructor options every explainer shares."""
    width = None if kernel_width is None else check_fit_param("kernel_width", kernel_width, where)
    method = check_fit_param("feature_selection", feature_selection, where)
    if kernel is not None and not callable(kernel):
        msg = (
            f"The 'kernel' parameter of {where} must be a callable kernel(d, kernel_width) or "
            f"None. Got {kernel!r} instead."
        )
        raise InvalidParameterError(msg)
    return width, method


def check_random_state(random_state: Any, where: str = "the explainer") -> Any:
    """Check ``random_state`` as scikit-learn does; returns the shared ``RandomState``."""
    return check_seed_or_state(random_state, "random_state", where)


class BaseExplainer(ABC):
    """The base of every explainer: its random stream, ``explain_many`` and ``interact``.

    A subclass sets ``_where`` (its name in messages) and ``_explain_options``
    (``explain_instance``'s options after the instance and the model, with their
    defaults), calls :meth:`_init_random_state` in its constructor, and
    implements :meth:`_prepare`: check the arguments and draw block 0.
    """

    _where: ClassVar[str]
    #: ``explain_instance``'s keyword options and their defaults (tested against its signature)
    _explain_options: ClassVar[Mapping[str, Any]]

    mode: str
    random_state: np.random.RandomState
    #: the integer behind ``random_state`` (None if it was not one): seeds later chunks
    _seed: int | None

    def _init_random_state(self, random_state: Any) -> None:
        self.random_state = check_random_state(random_state, self._where)
        self._seed = integer_seed(random_state)

    @abstractmethod
    def _prepare(self, *args: Any, **kwargs: Any) -> Prepared:
        """Check ``explain_instance``'s arguments and draw block 0 (``grow``: ask the model).

        Called as ``_prepare(instance, predict_fn, **options, grow=...)`` with
        ``options`` among :attr:`_explain_options`.
        """

    def _check_options(self, options: Mapping[str, Any], where: str) -> None:
        known = list(self._explain_options)
        reject_unknown_kwargs({k: v for k, v in options.items() if k not in known}, known, where)

    @keeps_stream_on_refusal
    def interact(
        self,
        instance: Any,
        predict_fn: Callable[[Any], Any],
        *,
        label: int | None = None,
        max_samples: int | None = None,
        **explain_kwargs: Any,
    ) -> Any:
        """Explain ``instance`` in a live widget whose sliders refit as they move.

        Takes ``explain_instance``'s keyword arguments; ``num_samples`` is where the
        sample slider starts, and at that count the widget shows exactly what
        ``explain_instance`` returns. Samples stream in: the chart updates while
        the model is asked about them, in steps of ``batch_size`` rows.

        Parameters
        ----------
        instance : row, str or image
            What to explain, as for ``explain_instance``.
        predict_fn : callable
            The model, as for ``explain_instance``.
        label : int, optional
            Class shown first (default: the predicted class).
        max_samples : int, optional
            Upper end of the samples slider.
        **explain_kwargs
            ``explain_instance`` options (``num_features``, ``num_samples``, ...).

        Returns
        -------
        LimeWidget

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> explainer = LimeTabularExplainer(X, random_state=0)
        >>> w = explainer.interact(X[0], model.predict_proba, num_features=2, num_samples=500)
        >>> w.label, w.num_samples, w.num_features  # starts on the predicted class
        (0, 500, 2)
        >>> w.num_features = 1  # a refit: no model call
        >>> len(w.wait().as_list(label=0))
        1
        >>> w.close()
        """
        where = f"{self._where}.interact"
        check_explain_options(self, explain_kwargs, where)
        if label is not None:  # its range is checked once the model tells the classes
            check_int(label, "label", where, min_value=0)
        max_samples = check_max_samples(max_samples, where)
        if "labels" not in explain_kwargs and "top_labels" not in explain_kwargs:
            explain_kwargs["labels"] = ()  # show the predicted class
        with entry_point(f"{self._where}.explain_instance", where):
            prepared = self._prepare(instance, predict_fn, **explain_kwargs, grow=False)
        prepared.where = prepared.pool.caller.where = where  # what the widget's errors name
        return live_widget(prepared, label=label, max_samples=max_samples)

    def gallery(
        self,
        instances: Any,
        predict_fn: Callable[[Any], Any],
        *,
        true_labels: Any = None,
        **explain_many_kwargs: Any,
    ) -> Any:
        """A gallery of ``instances``' explanations that fills in as rows finish.

        Returns a :class:`~lime_widget.GalleryWidget` at once; :meth:`explain_many`
        runs in a background thread and each row's card appears as it finishes,
        with progress ("12 of 50") and a Cancel button (the rows done stay). The
        gallery keeps each row's samples (``keep_neighbourhood=True`` unless you
        pass False), so its cards show their stability and open without asking
        the model again: that costs about ``num_samples`` x features x 32 bytes a
        row; for large batches pass ``keep_neighbourhood=False`` (cards then read
        "stability: not assessed" and re-derive their samples when opened). Each
        card explains its row's predicted class (``top_labels=1``) unless
        ``labels`` or ``top_labels`` is given.

        Parameters
        ----------
        instances : 2-d array, DataFrame, list of str or sequence of images
            As for :meth:`explain_many`.
        predict_fn : callable
            The model, as for ``explain_instance``.
        true_labels : sequence, optional
            The true class of each instance (index or name), for the "true class" filter.
        **explain_many_kwargs
            :meth:`explain_many` options and ``explain_instance`` arguments.

        Returns
        -------
        GalleryWidget
            ``gallery.wait()`` blocks until the run ends; ``gallery.batch`` holds the
            explanations so far; ``gallery.close()`` stops the run.
        """
        where = f"{self._where}.gallery"
        explain_many_kwargs.setdefault("keep_neighbourhood", True)
        if "labels" not in explain_many_kwargs and "top_labels" not in explain_many_kwargs:
            explain_many_kwargs["top_labels"] = 1  # each card explains its predicted class
        # refused here, to the caller, rather than in the gallery's thread
        check_batch_call(self, instances, predict_fn, explain_many_kwargs, where)
        return running_gallery(
            self,
            instances,
            predict_fn,
            true_labels=true_labels,
            explain_kwargs=explain_many_kwargs,
            where=where,
        )

    def explain_many(
        self,
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
        """Explain every instance; ``explain_instance``'s numbers, row after row or in parallel.

        **In-process** (``n_jobs=None``, the default) the rows share the
        explainer's random stream exactly as calling ``explain_instance`` on
        each row in order does: the same numbers as lime's loop, and the stream
        continues afterwards as after that loop.

        **In parallel** (``n_jobs`` given) the rows run through joblib, so
        ``joblib.parallel_config(backend="dask")`` (or Ray's backend) moves them
        onto a cluster. Workers cannot share one stream: row ``i`` draws from
        its own ``RandomState(row_seed(random_state, i))`` (a ``SeedSequence``
        child of the explainer's integer ``random_state``), used by a shallow
        copy of the explainer and of its discretizer, so the explainer's own
        stream is untouched. The result depends on the seed and the row's
        position only: ``per_row_seeds=True`` in-process gives the same numbers,
        bit for bit, as any parallel run. Per-row streams are not lime's shared
        stream, so they do not match lime's loop; each row is still a valid
        LIME explanation with its own reproducible samples. Without an integer
        ``random_state`` one draw from the explainer's stream seeds the run.

        As in scikit-learn, ``n_jobs=None`` inside a joblib ``parallel_config``
        that sets a backend or ``n_jobs`` follows that context (per-row streams).

        Rows are explained in chunks of ``chunk_size`` consecutive rows whose
        samples go to the model together (in calls of at most ``batch_size``
        rows when that is given), which saves the per-call cost of models such
        as forests; results are the same for any model that scores each row on
        its own. A chunk is also what one joblib task explains. In-process, the
        model is called from a helper thread (one call at a time, the same calls
        as without it) while helper threads compose the next call's inputs and
        segment the coming images, and this thread draws the next rows and fits
        the answered ones, so model time and our own overlap
        (``model_thread=False`` turns this off; it is off when the explainer
        draws from numpy's global stream).

        Results stream back: ``on_result(index, explanation)`` is called as
        each row finishes (in-process: in order; parallel: as chunks complete).
        If the run fails or is interrupted (``KeyboardInterrupt``), the
        exception is re-raised with the finished rows attached as
        ``exc.partial_results`` (a :class:`BatchExplanations`). Rows sharing a
        model call with a failing row are asked again one by one, so every row
        before it finishes.

        Parameters
        ----------
        instances : 2-d array, DataFrame, list of str or sequence of images
            The instances, one per row (item).
        predict_fn : callable
            The model, as for ``explain_instance``.
        n_jobs : int, optional
            joblib workers (``-1``: all). ``None``: in-process with the shared stream.
        per_row_seeds : bool, optional
            Per-row streams in-process too (default: only when parallel).
        chunk_size : int, optional
            Rows per chunk; default: about 20,000 model rows per chunk, at most 32 rows
            (images: at most what one 64 MB model call holds, often one image).
        progress : bool, optional
            Progress bar (``tqdm.auto``: a widget in notebooks). Default: shown
            for more than 20 rows when tqdm is installed.
        on_result : callable, optional
            ``on_result(index, explanation)`` for each finished row.
        keep_neighbourhood : bool, default=False
            Keep every explanation's sampled rows (``num_samples`` x features
            floats each, plus model inputs). By default they are dropped and
            re-derived when a live view or refit needs them. Rows explained by
            joblib workers come back without their growable sample pool: their
            live view re-derives it.
        model_thread : bool, default=True
            In-process: call the model from a helper thread, overlapping it with
            sampling. Pass False for a model that must run on the calling thread.
        **explain_kwargs
            ``explain_instance`` arguments (``num_features``, ``num_samples``,
            ``top_labels``, ...).

        Returns
        -------
        BatchExplanations
            One explanation per row, in row order.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> explainer = LimeTabularExplainer(X, random_state=0)
        >>> batch = explainer.explain_many(X[:3], model.predict_proba,
        ...                                num_features=2, num_samples=300)
        >>> len(batch), len(batch[0].as_list())
        (3, 2)
        >>> again = LimeTabularExplainer(X, random_state=0)
        >>> [again.explain_instance(x, model.predict_proba, num_features=2,
        ...                         num_samples=300).as_map() for x in X[:3]] == [
        ...     e.as_map() for e in batch]
        True
        """
        where = f"{self._where}.explain_many"
        batch_options = {
            "n_jobs": n_jobs,
            "per_row_seeds": per_row_seeds,
            "chunk_size": chunk_size,
            "progress": progress,
            "on_result": on_result,
            "keep_neighbourhood": keep_neighbourhood,
            "model_thread": model_thread,
        }
        check_batch_call(self, instances, predict_fn, {**batch_options, **explain_kwargs}, where)
        with entry_point(f"{self._where}.explain_instance", where):
            return explain_many(
                self,
                instances,
                predict_fn,
                n_jobs=n_jobs,
                per_row_seeds=per_row_seeds,
                chunk_size=chunk_size,
                progress=progress,
                on_result=on_result,
                keep_neighbourhood=keep_neighbourhood,
                model_thread=model_thread,
                **explain_kwargs,
            )
