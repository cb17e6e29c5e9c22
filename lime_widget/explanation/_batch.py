"""The result of ``explain_many``: the explanations of a batch, in row order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from ._explanation import Explanation

__all__ = ["BatchExplanations"]


class BatchExplanations(Sequence[Explanation]):
    """The explanations of a batch, in row order; a read-only list.

    A complete run holds one explanation per row. The partial results a failed
    or interrupted run attaches to its exception (``exc.partial_results``) hold
    the rows that finished; :attr:`indices` says which rows they are.

    Unless ``keep_neighbourhood=True`` was passed, the explanations do not keep
    their sampled rows (lime#435 dropped them for memory too): ``as_list``,
    ``as_map``, ``intercept``, ``score``, figures and ``get_image_and_mask`` work
    as usual, while ``show_in_notebook``, ``as_widget`` and ``refit`` first
    re-derive the samples (the same draws; one model call on them). The
    uncertainty readers need :meth:`restore` first.

    Attributes
    ----------
    indices : list of int
        Row (position in the explained instances) of each explanation.
    n_rows : int
        Number of rows the run was asked to explain.

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import LimeTabularExplainer
    >>> X = np.random.RandomState(0).normal(size=(50, 3))
    >>> def model(x):
    ...     if (x[:, 0] > 99).any():
    ...         raise RuntimeError("model crashed")
    ...     p = 1 / (1 + np.exp(-x[:, 0]))
    ...     return np.column_stack([1 - p, p])
    >>> rows = X[:6].copy(); rows[4, 0] = 100.0
    >>> explainer = LimeTabularExplainer(X, random_state=0)
    >>> try:
    ...     explainer.explain_many(rows, model, num_samples=100)
    ... except RuntimeError as exc:
    ...     done = exc.partial_results
    >>> done, done.indices, done.missing
    (BatchExplanations(4 of 6 rows), [0, 1, 2, 3], [4, 5])
    """

    def __init__(self, explanations: dict[int, Explanation], n_rows: int) -> None:
        self._by_row = dict(sorted(explanations.items()))
        self._list = list(self._by_row.values())
        self.indices: list[int] = list(self._by_row)
        self.n_rows = n_rows

    def __len__(self) -> int:
        return len(self._list)

    @overload
    def __getitem__(self, k: int) -> Explanation: ...

    @overload
    def __getitem__(self, k: slice) -> list[Explanation]: ...

    def __getitem__(self, k: int | slice) -> Explanation | list[Explanation]:
        return self._list[k]

    def __iter__(self) -> Iterator[Explanation]:
        return iter(self._list)

    def __repr__(self) -> str:
        return f"BatchExplanations({len(self)} of {self.n_rows} rows)"

    @property
    def complete(self) -> bool:
        """Whether every row has its explanation."""
        return len(self) == self.n_rows

    @property
    def missing(self) -> list[int]:
        """Rows without an explanation (a failed or interrupted run)."""
        return sorted(set(range(self.n_rows)) - set(self._by_row))

    def for_row(self, row: int) -> Explanation:
        """The explanation of row ``row`` of the explained instances."""
        try:
            return self._by_row[row]
        except KeyError:
            msg = f"Row {row} has no explanation; finished rows are listed in .indices."
            raise KeyError(msg) from None

    def restore(self, k: int) -> Explanation:
        """Give explanation ``k`` its sampled rows back (same draws, one model call); return it."""
        return self._list[k].restore()

    def as_widget(self, *, true_labels: Any = None) -> Any:
        """A gallery of these explanations: a grid of cards, each opening a live widget.

        Each card shows the predicted class and its probability, the fit's score
        and stability, and the explanation (image thumbnail, text snippet or top
        features). Explanations that dropped their samples show "stability: not
        assessed" and re-derive their samples when opened (one model call).

        Parameters
        ----------
        true_labels : sequence, optional
            The true class of each row of the batch (index or name), for the
            "true class" filter.

        Returns
        -------
        GalleryWidget

        Examples
        --------
        >>> import numpy as np
        >>> from lime_widget import LimeTabularExplainer
        >>> X = np.random.RandomState(0).normal(size=(50, 3))
        >>> def model(x):
        ...     p = 1 / (1 + np.exp(-x[:, 0]))
        ...     return np.column_stack([1 - p, p])
        >>> batch = LimeTabularExplainer(X, random_state=0).explain_many(
        ...     X[:4], model, num_samples=200, progress=False)
        >>> gallery = batch.as_widget(true_labels=[1, 0, 1, 1])
        >>> [card["row"] for card in gallery.cards], gallery.cards[0]["assessed"]
        ([0, 1, 2, 3], 'none')
        >>> gallery.close()
        """
        from ._handoff import gallery_widget

        return gallery_widget(
            self._by_row,
            n_rows=self.n_rows,
            true_labels=true_labels,
            where="BatchExplanations.as_widget",
        )

    def to_frame(self, *, intervals: bool = False) -> Any:
        """A tidy pandas DataFrame: one row per (row, label, feature).

        The columns of :meth:`Explanation.as_frame`, after ``row`` (the position of
        the explained instance, as in :attr:`indices`). Needs pandas.

        Parameters
        ----------
        intervals : bool, default=False
            Fill ``interval_low``, ``interval_high`` and ``top_k_share`` (a
            bootstrap per row and label). Only explanations that kept their samples
            (``keep_neighbourhood=True``, or :meth:`restore`) have them; the others
            stay NaN, with a warning.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import numpy as np
        >>> from lime_widget import LimeTabularExplainer
        >>> X = np.random.RandomState(0).normal(size=(50, 3))
        >>> def model(x):
        ...     p = 1 / (1 + np.exp(-x[:, 0]))
        ...     return np.column_stack([1 - p, p])
        >>> batch = LimeTabularExplainer(X, random_state=0).explain_many(
        ...     X[:4], model, num_features=2, num_samples=200, progress=False)
        >>> df = batch.to_frame()
        >>> len(df), sorted(set(df.row))
        (8, [0, 1, 2, 3])
        >>> df[df.row == 2].weight.tolist() == [w for _, w in batch[2].as_list()]
        True
        """
        from ._frames import batch_frame

        return batch_frame(zip(self.indices, self._list, strict=True), intervals=intervals)
