"""Discretizers for continuous tabular features, as ``lime.discretize`` 0.2.0.1 builds them.

Bin edges, bin names, per-bin statistics and the random draws are lime's. The
difference is speed: ``undiscretize`` draws every truncated normal of every
feature from one uniform vector and one vectorised inverse CDF, where lime calls
``scipy.stats.truncnorm.rvs`` once per feature. scipy draws ``truncnorm`` by
inversion (one uniform per value, in order), so the values are the same up to
floating-point rounding.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special
from sklearn.utils import check_random_state

__all__ = [
    "BaseDiscretizer",
    "DecileDiscretizer",
    "EntropyDiscretizer",
    "QuartileDiscretizer",
    "StatsDiscretizer",
]

FloatArray = npt.NDArray[np.float64]


class BaseDiscretizer(ABC):
    """Bins continuous columns and draws values back from the bins.

    Subclasses implement :meth:`bins`. Parameters as ``lime.discretize.BaseDiscretizer``.

    Parameters
    ----------
    data : ndarray of shape (n_samples, n_features)
        Training data.
    categorical_features : sequence of int
        Columns that are not discretized.
    feature_names : sequence of str
        Column names, used in the bin names.
    labels : array-like, optional
        Training labels (the entropy discretizer needs them).
    random_state : int, RandomState or None
        Source of the truncated-normal draws in :meth:`undiscretize`.
    data_stats : dict, optional
        Precomputed ``means``, ``stds``, ``mins``, ``maxs`` (and ``bins``) per feature.
    """

    def __init__(
        self,
        data: FloatArray,
        categorical_features: Sequence[int],
        feature_names: Sequence[str],
        labels: Any = None,
        random_state: Any = None,
        data_stats: Mapping[str, Any] | None = None,
    ) -> None:
        categorical = set(categorical_features)
        self.to_discretize = [x for x in range(data.shape[1]) if x not in categorical]
        self.data_stats = data_stats
        self.names: dict[int, list[str]] = {}
        self.edges: dict[int, FloatArray] = {}
        self.means: Mapping[int, Sequence[float]] = {}
        self.stds: Mapping[int, Sequence[float]] = {}
        self.mins: Mapping[int, Sequence[float]] = {}
        self.maxs: Mapping[int, Sequence[float]] = {}
        self.random_state = check_random_state(random_state)

        bins = [np.unique(x) for x in self.bins(data, labels)]
        if data_stats:
            self.means = data_stats["means"]
            self.stds = data_stats["stds"]
            self.mins = data_stats["mins"]
            self.maxs = data_stats["maxs"]
        means: dict[int, list[float]] = {}
        stds: dict[int, list[float]] = {}
        mins: dict[int, list[float]] = {}
        maxs: dict[int, list[float]] = {}
        for feature, qts in zip(self.to_discretize, bins, strict=False):
            n_bins = qts.shape[0]
            name = feature_names[feature]
            names = [f"{name} <= {qts[0]:.2f}"]
            names += [f"{qts[i]:.2f} < {name} <= {qts[i + 1]:.2f}" for i in range(n_bins - 1)]
            names.append(f"{name} > {qts[n_bins - 1]:.2f}")
            self.names[feature] = names
            self.edges[feature] = qts
            if data_stats:
                continue
            column = data[:, feature]
            which = np.searchsorted(qts, column)
            means[feature], stds[feature] = [], []
            for x in range(n_bins + 1):
                selection = column[which == x]
                empty = len(selection) == 0
                means[feature].append(0 if empty else np.mean(selection))
                stds[feature].append((0 if empty else np.std(selection)) + 0.00000000001)
            mins[feature] = [np.min(column), *qts.tolist()]
            maxs[feature] = [*qts.tolist(), np.max(column)]
        if not data_stats:
            self.means, self.stds, self.mins, self.maxs = means, stds, mins, maxs

    @property
    def lambdas(self) -> dict[int, FloatArray]:
        """Discretized features (lime exposes one binning lambda per feature)."""
        return self.edges

    @abstractmethod
    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """Return the inner bin edges of each feature in ``to_discretize``."""

    def discretize(self, data: FloatArray) -> FloatArray:
        """Replace each discretized value by its bin index (left-closed ``searchsorted``)."""
        ret = np.array(data, dtype=np.float64, copy=True)
        for feature, qts in self.edges.items():
            if ret.ndim == 1:
                ret[feature] = int(np.searchsorted(qts, ret[feature]))
            else:
                ret[:, feature] = np.searchsorted(qts, ret[:, feature]).astype(int)
        return ret

    def undiscretize(self, data: FloatArray) -> FloatArray:
        """Draw a value inside each row's bin from the bin's truncated normal.

        Draw order and values match lime's per-feature ``truncnorm.rvs`` calls.
        Like lime, a bin whose truncation bounds coincide returns the lower
        z-bound itself.
        """
        columns = np.array(data, dtype=np.float64).T.copy()
        self.undiscretize_columns(columns)
        return np.ascontiguousarray(columns.T)

    def undiscretize_columns(self, columns: FloatArray, start: int = 0) -> None:
        """:meth:`undiscretize` in place on feature-major data ``columns[feature, row]``.

        Rows before ``start`` are left alone. All features are drawn from one
        uniform vector: lime's consecutive per-feature draws, in the same order.
        """
        order, offsets, table = self._bin_table()
        if not order:
            return
        # a run of consecutive features is a view, not a fancy-indexed copy
        rows: Any = (
            slice(order[0], order[-1] + 1)
            if order == list(range(order[0], order[-1] + 1))
            else order
        )
        bins = columns[rows, start:].astype(np.intp)
        bins += offsets[:, None]
        which = bins.ravel()
        if table.all_wide:  # the usual case: every bin has width, every value is drawn
            z = table.ppf(self.random_state.uniform(size=which.size), which)
            out = z * table.stds[which] + table.means[which]
        else:
            out = table.minz[which]
            draw = out != table.maxz[which]
            which = which[draw]
            z = table.ppf(self.random_state.uniform(size=which.size), which)
            out[draw] = z * table.stds[which] + table.means[which]
        columns[rows, start:] = out.reshape(bins.shape)

    def _bin_table(self) -> tuple[list[int], npt.NDArray[np.intp], _BinTable]:
        """Per-bin statistics of every drawn feature, stacked (computed once)."""
        cached = getattr(self, "_table_cache", None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        order = [int(f) for f in self.means]
        stats = [
            [np.asarray(getattr(self, k)[f], dtype=np.float64) for f in order]
            for k in ("mins", "maxs", "means", "stds")
        ]
        sizes = [len(m) for m in stats[2]]
        offsets = np.cumsum([0, *sizes[:-1]]).astype(np.intp)
        mins, maxs, means, stds = (np.concatenate(x) if x else np.zeros(0) for x in stats)
        result = (order, offsets, _BinTable(mins, maxs, means, stds))
        self._table_cache = result
        return result


class _BinTable:
    """Truncation bounds and inverse-CDF constants of every bin of every feature.

    scipy's ``truncnorm._ppf`` computes ``ndtri_exp(log(Phi(a) + q * mass))``
    in log space (mirrored through ``-b`` when ``a >= 0``). With the per-bin
    constants ``Phi(a)`` and ``mass`` known, the same quantile is
    ``ndtri(Phi(a) + q * mass)``: equal to about 1e-15 relative, at a third of
    the cost. Bins whose probabilities underflow keep scipy's log-space path.
    """

    def __init__(self, mins: FloatArray, maxs: FloatArray, means: FloatArray, stds: FloatArray):
        self.means, self.stds = means, stds
        self.minz = (mins - means) / stds
        self.maxz = (maxs - means) / stds
        a, b = self.minz, self.maxz
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            self.log_mass = _log_gauss_mass(a, b)
            self.left = a < 0
            # the CDF anchor of the branch scipy takes: Phi(a), or Phi(-b) mirrored
            self.log_anchor = np.where(self.left, special.log_ndtr(a), special.log_ndtr(-b))
            self.anchor = np.exp(self.log_anchor)
            self.mass = np.exp(self.log_mass)
        self.linear = (self.anchor > 1e-300) & (self.mass > 1e-300)
        self.all_wide = bool((self.minz != self.maxz).all())
        self.all_left = bool(self.left.all())

    def ppf(self, q: FloatArray, which: npt.NDArray[np.intp]) -> FloatArray:
        """Standard truncated-normal quantiles ``q`` of bins ``which``."""
        all_left = self.all_left
        is_left = self.left[which]
        qq = q if all_left else np.where(is_left, q, 1.0 - q)
        p = self.anchor[which] + qq * self.mass[which]
        x: FloatArray = special.ndtri(p)
        if not self.linear.all():
            tail = ~self.linear[which]
            if tail.any():
                log_q = np.log(qq[tail]) + self.log_mass[which[tail]]
                x[tail] = special.ndtri_exp(np.logaddexp(self.log_anchor[which[tail]], log_q))
        if not all_left:
            np.negative(x, out=x, where=~is_left)
        return x


def _log_gauss_mass(a: FloatArray, b: FloatArray) -> FloatArray:
    """``log(Phi(b) - Phi(a))``, computed as scipy's ``truncnorm`` does (left-tail symmetric)."""

    def left(lo: FloatArray, hi: FloatArray) -> FloatArray:
        log_hi, log_lo = special.log_ndtr(hi), special.log_ndtr(lo)
        return np.asarray(log_hi + np.log1p(-np.exp(log_lo - log_hi)), dtype=np.float64)

    out = np.empty_like(a)
    case_left = b <= 0
    case_right = a > 0
    central = ~(case_left | case_right)
    out[case_left] = left(a[case_left], b[case_left])
    out[case_right] = left(-b[case_right], -a[case_right])
    out[central] = np.log1p(-special.ndtr(a[central]) - special.ndtr(-b[central]))
    return out


class QuartileDiscretizer(BaseDiscretizer):
    """Bins at the 25th, 50th and 75th percentiles.

    ``LimeTabularExplainer``'s default (``discretizer='quartile'``).

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import QuartileDiscretizer
    >>> X = np.column_stack([np.arange(8.0), np.zeros(8)])
    >>> disc = QuartileDiscretizer(X, categorical_features=[1], feature_names=["age", "code"])
    >>> disc.names[0]
    ['age <= 1.75', '1.75 < age <= 3.50', '3.50 < age <= 5.25', 'age > 5.25']
    >>> disc.discretize(X)[:, 0].tolist()  # bin indices; column 1 is left alone
    [0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    """

    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """Quartile edges of each feature."""
        return [np.array(np.percentile(data[:, f], [25, 50, 75])) for f in self.to_discretize]


class DecileDiscretizer(BaseDiscretizer):
    """Bins at the 10th, 20th, ..., 90th percentiles."""

    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """Decile edges of each feature."""
        pct = [10, 20, 30, 40, 50, 60, 70, 80, 90]
        return [np.array(np.percentile(data[:, f], pct)) for f in self.to_discretize]


class EntropyDiscretizer(BaseDiscretizer):
    """Bins at the thresholds of a depth-3 entropy tree per feature (needs labels).

    The trees draw their seeds from ``random_state`` at construction, as lime's do.
    """

    def __init__(
        self,
        data: FloatArray,
        categorical_features: Sequence[int],
        feature_names: Sequence[str],
        labels: Any = None,
        random_state: Any = None,
    ) -> None:
        if labels is None:
            msg = (
                "The 'training_labels' parameter of LimeTabularExplainer is required when "
                "discretizer='entropy'. Got None instead. Pass the training targets, or use "
                "discretizer='quartile'."
            )
            raise ValueError(msg)
        labels = _check_training_labels(labels, data.shape[0])
        super().__init__(data, categorical_features, feature_names, labels, random_state)

    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """Internal-node thresholds of each feature's entropy tree (median if none)."""
        from sklearn.tree import DecisionTreeClassifier

        out = []
        for feature in self.to_discretize:
            tree = DecisionTreeClassifier(
                criterion="entropy", max_depth=3, random_state=self.random_state
            )
            x = np.reshape(data[:, feature], (-1, 1))
            tree.fit(x, labels)
            qts = tree.tree_.threshold[np.where(tree.tree_.children_left > -1)]
            qts = np.array([np.median(data[:, feature])]) if qts.shape[0] == 0 else np.sort(qts)
            out.append(qts)
        return out


def _check_training_labels(labels: Any, n_rows: int) -> npt.NDArray[Any]:
    """The entropy discretizer's targets: one finite label per training row."""
    from ._validation import InvalidParameterError

    arr = np.asarray(labels)
    where = "The 'training_labels' parameter of LimeTabularExplainer"
    if arr.ndim not in (1, 2) or arr.shape[0] != n_rows:  # 2-d: a multi-output tree, as lime
        msg = (
            f"{where} must hold one label per training row: an array of shape ({n_rows},). "
            f"Got {type(labels).__name__} of shape {arr.shape}."
        )
        raise InvalidParameterError(msg)
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        msg = f"{where} must not contain NaN or infinity. Drop those rows or impute their labels."
        raise InvalidParameterError(msg)
    if arr.dtype.kind == "O" and any(v is None or v != v for v in arr.tolist()):
        msg = f"{where} must not contain None or NaN. Drop those rows or impute their labels."
        raise InvalidParameterError(msg)
    return arr


class StatsDiscretizer(BaseDiscretizer):
    """Bins and bin statistics taken from ``training_data_stats``."""

    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """Edges from ``data_stats['bins']``, for the features that have them."""
        stats = self.data_stats or {}
        from_stats = stats.get("bins")
        if from_stats is None:
            return []
        return [
            np.array(from_stats[f]) for f in self.to_discretize if from_stats.get(f) is not None
        ]


class ForeignDiscretizer(BaseDiscretizer):
    """A discretizer that is not one of ours — lime's own ``lime.discretize`` ones included.

    Anything with lime's discretizer methods (``discretize``, ``undiscretize``, ``names``)
    is used as lime uses it: its own bins, names and random state.
    """

    def __init__(self, inner: Any) -> None:  # the inner discretizer is already fitted
        self.inner = inner
        self.names = inner.names
        self.to_discretize = sorted(self.names)

    @property
    def random_state(self) -> Any:
        return self.inner.random_state

    @random_state.setter
    def random_state(self, value: Any) -> None:
        self.inner.random_state = value

    @property
    def lambdas(self) -> dict[int, FloatArray]:
        return dict(getattr(self.inner, "lambdas", {}))

    def __copy__(self) -> ForeignDiscretizer:
        # a copy draws from its own stream (explain_many's per-row copies): copy the inner one
        return ForeignDiscretizer(copy.copy(self.inner))

    def bins(self, data: FloatArray, labels: Any) -> list[FloatArray]:
        """The inner discretizer's bins (it was fitted when it was made)."""
        return [np.asarray(b, dtype=np.float64) for b in self.lambdas.values()]

    def discretize(self, data: FloatArray) -> FloatArray:
        return np.asarray(self.inner.discretize(data), dtype=np.float64)

    def undiscretize(self, data: FloatArray) -> FloatArray:
        return np.asarray(self.inner.undiscretize(data), dtype=np.float64)

    def undiscretize_columns(self, columns: FloatArray, start: int = 0) -> None:
        rows = np.ascontiguousarray(columns[:, start:].T)
        columns[:, start:] = self.undiscretize(rows).T


def is_discretizer(value: Any) -> bool:
    """Whether ``value`` has lime's discretizer methods (ours, lime's, or a user's)."""
    return all(hasattr(value, name) for name in ("discretize", "undiscretize", "names"))
