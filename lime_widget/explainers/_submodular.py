"""SP-LIME: a few explanations that together cover the features that matter most.

lime 0.2.0.1's ``lime.submodular_pick.SubmodularPick``, with the same signature,
attributes and picks, built on :meth:`explain_many` (so it can run in parallel)
and with the greedy coverage computed incrementally: lime re-sums ``|W|`` over
the picked rows for every candidate at every step (O(k·n²·d')); here each step
is one matrix-vector product over the still-uncovered features.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._validation import check_int, check_option
from ..explanation._batch import BatchExplanations
from ..explanation._explanation import Explanation
from ..explanation._figures import plotly_text
from ._checks import check_pick_args

__all__ = ["SubmodularPick", "explanation_matrix", "greedy_coverage"]

FloatArray = npt.NDArray[np.float64]


def explanation_matrix(explanations: Sequence[Explanation]) -> tuple[FloatArray, list[Any]]:
    """The explanation matrix ``W`` of lime (rows: explanations, columns: feature names).

    Columns are the distinct names of ``as_list`` in order of first appearance,
    over explanations, then their labels (``available_labels()``; label 1 in
    regression), then features; weights of a name seen under several labels are
    added, in that order, as lime does.

    Returns
    -------
    W : ndarray of shape (n_explanations, n_names)
    names : list
        The feature name of each column.

    Examples
    --------
    >>> from lime_widget.explanation import DomainMapper, Explanation
    >>> exps = [Explanation(DomainMapper()) for _ in range(2)]
    >>> exps[0].local_exp = {1: [(2, 0.5), (0, -0.25)]}
    >>> exps[1].local_exp = {1: [(0, 0.125)]}
    >>> W, names = explanation_matrix(exps)
    >>> names, W.tolist()
    ([2, 0], [[0.5, -0.25], [0.0, 0.125]])
    """
    columns: dict[Any, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, exp in enumerate(explanations):
        labels = exp.available_labels() if exp.mode == "classification" else [1]
        for label in labels:
            for feature, value in exp.as_list(label=label):
                rows.append(i)
                cols.append(columns.setdefault(feature, len(columns)))
                values.append(value)
    W = np.zeros((len(explanations), len(columns)))
    np.add.at(W, (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)), values)
    return W, list(columns)


def greedy_coverage(W: FloatArray, importance: FloatArray, k: int) -> list[int]:
    """Greedy SP-LIME picks: each step adds the row that covers the most importance.

    A feature is covered once a picked row has a non-zero weight for it. Ties go
    to the highest row index, as lime's ``>=`` over its candidates in ascending
    order. Each step scores every candidate's *new* coverage with one
    matrix-vector product; candidates within rounding of the best are rescored
    with lime's own expression (``np.dot(mask, importance)`` of the whole
    covered mask), so that exact and near ties break as lime breaks them.

    Parameters
    ----------
    W : ndarray of shape (n, d)
        Explanation matrix.
    importance : ndarray of shape (d,)
        Feature importance (lime: ``sqrt(sum |W|)``).
    k : int
        Number of picks (at most ``n``).

    Returns
    -------
    list of int
        Picked rows, in pick order.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, 0, 0], [0, 2, 0], [1, 0, 3]])
    >>> greedy_coverage(W, np.sqrt(np.abs(W).sum(axis=0)), 2)
    [2, 1]
    """
    nonzero = np.abs(W) > 0
    weights = nonzero.astype(np.float64)
    covered = np.zeros(W.shape[1], dtype=bool)
    remaining = np.ones(W.shape[0], dtype=bool)
    scale = float(np.sum(importance)) if importance.size else 0.0
    tol = 1e-9 * scale  # far above the rounding of either way of summing
    picks: list[int] = []
    for _ in range(min(k, W.shape[0])):
        candidates = np.flatnonzero(remaining)
        gain = weights[candidates] @ np.where(covered, 0.0, importance)
        close = candidates[gain >= gain.max() - tol]
        if len(close) == 1:
            best = int(close[0])
        else:
            exact = [np.dot(covered | nonzero[i], importance) for i in close]
            top = max(exact)
            best = int(next(i for i, v in zip(close[::-1], exact[::-1], strict=True) if v == top))
        picks.append(best)
        covered |= nonzero[best]
        remaining[best] = False
    return picks


def _take(data: Any, indices: npt.NDArray[np.intp]) -> Any:
    if hasattr(data, "iloc"):
        return data.iloc[indices]
    if hasattr(data, "nnz"):  # scipy.sparse rows (lime's SubmodularPick fails on them)
        return data.tocsr()[indices]
    if isinstance(data, np.ndarray):
        return data[indices]
    return [data[int(i)] for i in indices]


class SubmodularPick:
    """SP-LIME (lime's ``SubmodularPick``): explain many rows, pick a covering few.

    Explains the rows (``method='full'``) or a random sample of them
    (``'sample'``) with :meth:`explain_many`, builds lime's explanation matrix
    ``W`` and greedily picks ``num_exps_desired`` explanations that cover the
    most important features (importance ``sqrt(sum |W|)``). With the same
    explanations the picks ``V`` are lime's, ties included.

    lime draws the ``'sample'`` rows with the **global** ``np.random.shuffle``,
    not the explainer's seed; so does this class, so ``np.random.seed(s)`` before
    both gives the same sample. With ``n_jobs`` (passed on to ``explain_many``)
    the rows get per-row streams and the explanations are not lime's.

    The explanations do not keep their sampled rows (lime#435 dropped them for
    memory), except the picked ones, whose rows are re-derived (one model call
    each) so that ``sp_explanations[i].show_in_notebook()`` opens a live view.

    Parameters
    ----------
    explainer : LimeTabularExplainer, LimeTextExplainer or LimeImageExplainer
    data : 2-d array, DataFrame or sequence of instances
    predict_fn : callable
        The model, as for ``explain_instance``.
    method : {'sample', 'full'}, default='sample'
    sample_size : int, default=1000
        Rows to explain with ``'sample'`` (all rows if there are fewer).
    num_exps_desired : int, default=5
        Number of explanations to pick.
    num_features : int, default=10
        Features per explanation.
    **kwargs
        ``explain_instance`` arguments (``top_labels`` defaults to 1, as in
        lime) and ``explain_many`` options (``n_jobs``, ``progress``, ...).

    Attributes
    ----------
    explanations : BatchExplanations
        Every explanation, in the order the rows were explained.
    V : list of int
        Indices into ``explanations`` of the picks, in pick order.
    sp_explanations : list of Explanation
        The picked explanations.
    sample_indices : ndarray of int
        Row of ``data`` behind each explanation.
    W : ndarray of shape (n_explanations, n_names)
        The explanation matrix.
    feature_names : list
        The name of each column of ``W``.
    importance : ndarray of shape (n_names,)
        ``sqrt(sum |W|)`` per column.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer, SubmodularPick
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> explainer = LimeTabularExplainer(X, random_state=0)
    >>> sp = SubmodularPick(explainer, X[::15], model.predict_proba, method='full',
    ...                     num_exps_desired=2, num_features=2, num_samples=300)
    >>> len(sp.V), len(sp.sp_explanations), len(sp.explanations)
    (2, 2, 10)
    """

    _where = "SubmodularPick"

    def __init__(
        self,
        explainer: Any,
        data: Any,
        predict_fn: Callable[[Any], Any],
        method: str = "sample",
        sample_size: int = 1000,
        num_exps_desired: int = 5,
        num_features: int = 10,
        **kwargs: Any,
    ) -> None:
        where = self._where
        top_labels = kwargs.pop("top_labels", 1)
        method = check_option(method, "method", where, ("sample", "full"))
        num_exps_desired = check_int(num_exps_desired, "num_exps_desired", where)
        options = {"num_features": num_features, "top_labels": top_labels, **kwargs}
        check_pick_args(explainer, data, predict_fn, options, where)
        n = self._n_rows = data.shape[0] if hasattr(data, "nnz") else len(data)
        if method == "sample":
            sample_size = check_int(sample_size, "sample_size", where)
            if sample_size > n:
                warnings.warn(
                    f"The 'sample_size' of {where} ({sample_size}) is larger than the data "
                    f"({n} rows): using all rows.",
                    UserWarning,
                    stacklevel=2,
                )
                sample_size = n
            all_indices = np.arange(n)
            np.random.shuffle(all_indices)  # the global RNG, as lime  # noqa: NPY002
            self.sample_indices = all_indices[:sample_size]
        else:
            self.sample_indices = np.arange(n)
        self.explanations: BatchExplanations = explainer.explain_many(
            _take(data, self.sample_indices),
            predict_fn,
            num_features=num_features,
            top_labels=top_labels,
            **kwargs,
        )
        if num_exps_desired > len(self.explanations):
            warnings.warn(
                f"The 'num_exps_desired' of {where} ({num_exps_desired}) is larger than the "
                f"number of explanations ({len(self.explanations)}): returning all of them.",
                UserWarning,
                stacklevel=2,
            )
        self.W, self.feature_names = explanation_matrix(self.explanations)
        self.importance: FloatArray = np.sum(abs(self.W), axis=0) ** 0.5
        self.V: list[int] = greedy_coverage(self.W, self.importance, num_exps_desired)
        self.sp_explanations: list[Explanation] = [self.explanations.restore(i) for i in self.V]

    def as_widget(self, *, true_labels: Any = None) -> Any:
        """A gallery of the picked explanations (cards by their row in ``data``).

        Parameters
        ----------
        true_labels : sequence, optional
            The true class of each row of ``data`` (index or name).

        Returns
        -------
        GalleryWidget
        """
        from ..explanation._handoff import gallery_widget

        picks = {int(self.sample_indices[v]): self.explanations[v] for v in self.V}
        return gallery_widget(
            picks,
            n_rows=self._n_rows,
            true_labels=true_labels,
            where=f"{self._where}.as_widget",
        )

    def _explained(self, k: int) -> str:
        """`` (class name)`` of explanation ``k`` when it explains one class."""
        exp = self.explanations[k]
        if exp.mode != "classification" or len(exp.available_labels()) != 1:
            return ""
        label = exp.available_labels()[0]
        names = exp.class_names
        name = names[label] if names is not None and label < len(names) else label
        return f" ({plotly_text(str(name))})"

    def as_plotly_figure(self, max_features: int = 20) -> Any:
        """The global view: the features that matter most, and what each pick covers.

        Left, the ``max_features`` most important features across the explained
        rows (``sqrt(sum |W|)``), dark where a picked explanation covers them.
        Right, the picked explanations' weights on those features (columns:
        picks, labelled with their row in ``data`` and the class each explains;
        a positive weight supports that class). Names are shown as text (``<``
        and ``>`` escaped).

        Parameters
        ----------
        max_features : int, default=20
            Number of features shown.

        Returns
        -------
        plotly.graph_objects.Figure

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer, SubmodularPick
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> sp = SubmodularPick(LimeTabularExplainer(X, random_state=0), X[::10],
        ...                     model.predict_proba, method='full', num_exps_desired=2,
        ...                     num_features=2, num_samples=200)
        >>> fig = sp.as_plotly_figure(max_features=4)
        >>> [trace.type for trace in fig.data]
        ['bar', 'heatmap']
        """
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        max_features = check_int(max_features, "max_features", f"{self._where}.as_plotly_figure")
        order = np.argsort(-self.importance, kind="stable")[:max_features]
        names = [plotly_text(str(self.feature_names[j])) for j in order]
        covered = np.asarray((np.abs(self.W[self.V]) > 0).any(axis=0), dtype=bool)
        picks = [
            f"pick {k + 1}: row {int(self.sample_indices[v])}{self._explained(v)}"
            for k, v in enumerate(self.V)
        ]
        fig = make_subplots(
            rows=1,
            cols=2,
            shared_yaxes=True,
            column_widths=[0.4, 0.6],
            horizontal_spacing=0.02,
            subplot_titles=("importance across rows", "weights of the picked explanations"),
        )
        fig.add_trace(
            go.Bar(
                x=self.importance[order][::-1],
                y=names[::-1],
                orientation="h",
                marker_color=["#4c78a8" if covered[j] else "#c7c7c7" for j in order[::-1]],
                hovertemplate="%{y}: %{x:.4g}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
        weights = self.W[np.asarray(self.V, dtype=np.intp)][:, order[::-1]].T
        bound = float(np.abs(weights).max()) if weights.size else 1.0
        fig.add_trace(
            go.Heatmap(
                z=np.where(weights == 0, np.nan, weights),
                x=picks,
                y=names[::-1],
                zmid=0.0,
                zmin=-bound,
                zmax=bound,
                colorscale=[[0.0, "#d95f02"], [0.5, "#f7f7f7"], [1.0, "#1b9e77"]],
                hovertemplate="%{x}<br>%{y}: %{z:.4g}<extra></extra>",
                colorbar={"title": {"text": "weight for the<br>explained class"}},
            ),
            row=1,
            col=2,
        )
        fig.update_layout(
            title="Submodular pick: global feature importance",
            height=160 + 26 * len(order),
            margin={"l": 10, "r": 10, "t": 70, "b": 40},
        )
        fig.update_yaxes(automargin=True)
        return fig
