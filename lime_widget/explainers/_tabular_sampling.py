"""Tabular sampling as lime's ``__data_inverse``, and the tabular domain (names, view)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._distances import distances_to
from ..explanation._fits import DomainMapper

__all__ = [
    "DisplaySource",
    "TableDomainMapper",
    "TabularDisplay",
    "TabularSampler",
    "bin_name",
    "enough_digits",
    "fixed",
]

FloatArray = npt.NDArray[np.float64]


class TableDomainMapper(DomainMapper):
    """Names tabular features: ``'name=value'`` for categories, bin names when discretized.

    Attributes
    ----------
    feature_names : list of str
        Names with categorical values filled in.
    feature_values : list of str
        The instance's values as shown (``'%.2f'``, or ``'True'`` for a category).
    scaled_row : ndarray
        The instance in the surrogate's representation.
    discretized_feature_names : list of str or None
        Bin names such as ``'worst radius > 16.80'`` when discretized.
    """

    def __init__(
        self,
        feature_names: list[str],
        feature_values: list[str],
        scaled_row: FloatArray,
        categorical_features: Sequence[int],
        discretized_feature_names: list[str] | None = None,
        *,
        display: DisplaySource | None = None,
    ) -> None:
        self._display_source = display
        self._display: TabularDisplay | None = None
        self.exp_feature_names = feature_names
        self.feature_names = feature_names
        self.feature_values = feature_values
        self.scaled_row = scaled_row
        self.categorical_features = list(categorical_features)
        self.discretized_feature_names = discretized_feature_names
        self.all_categorical = len(self.categorical_features) == len(scaled_row)

    def map_exp_ids(
        self, exp: Sequence[tuple[int, float]], **kwargs: Any
    ) -> list[tuple[Any, float]]:
        """``(name, weight)`` pairs, with bin names when the data was discretized."""
        names = self.discretized_feature_names or self.exp_feature_names
        return [(names[x[0]], x[1]) for x in exp]

    @property
    def display(self) -> TabularDisplay | None:
        """How the widget shows the instance (built on first use), or None."""
        if self._display is None and self._display_source is not None:
            self._display = self._display_source.build()
        return self._display

    def shown_names(self, exp: Sequence[tuple[int, float]]) -> list[str]:
        display = self.display
        if display is None:
            return super().shown_names(exp)
        return [display.names[i] for i, _ in exp]

    def shown_values(self, ids: Sequence[int]) -> list[str]:
        display = self.display
        if display is None:
            return [str(self.feature_values[i]) for i in ids]
        return [display.rows[i][1] for i in ids]

    def view(self) -> dict[str, Any]:
        display = self.display
        rows = (
            display.rows
            if display is not None
            else list(zip(self.feature_names, self.feature_values, strict=True))
        )
        return {"instance": [{"name": str(n), "value": str(v)} for n, v in rows]}


@dataclass(frozen=True)
class TabularDisplay:
    """How the widget shows a tabular instance (lime's own names stay for ``as_list``).

    ``names[i]`` names feature ``i`` in the chart, its bin thresholds with enough
    digits to tell them from each other and from the instance's value; ``rows[i]``
    is the instance table's ``(column, value)``, a category by its name.
    """

    names: list[str]
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class DisplaySource:
    """What :class:`TabularDisplay` is built from: lime's names, the row, its bins."""

    names: list[str]  # lime's names, categories filled in ("city=Berlin")
    raw_names: list[str]  # the columns' own names
    row: FloatArray
    categories: dict[int, str]  # column -> the instance's category, by name
    bins: dict[int, tuple[Any, int, str]]  # column -> (bin edges or None, bin, lime's name)

    def build(self) -> TabularDisplay:
        rows = [(n, f"{v:.6g}") for n, v in zip(self.raw_names, self.row, strict=True)]
        shown = list(self.names)
        for i, category in self.categories.items():
            rows[i] = (rows[i][0], category)
        for f, (edges, which, lime_name) in self.bins.items():
            if edges is None:  # a discretizer that keeps no edges: lime's names
                shown[f] = lime_name
                continue
            digits = enough_digits([*edges, self.row[f]])
            shown[f] = bin_name(self.raw_names[f], edges, which, digits)
            rows[f] = (rows[f][0], fixed(self.row[f], digits))
        return TabularDisplay(shown, rows)


def enough_digits(values: Sequence[float], least: int = 2, most: int = 8) -> int:
    """Fewest decimals (at least ``least``) that keep distinct ``values`` distinct.

    Examples
    --------
    >>> enough_digits([16.795, 16.8]), enough_digits([1.0, 2.0]), enough_digits([0.1234, 0.12341])
    (3, 2, 5)
    """
    # zero joins the set, so that no non-zero value is printed as "0.00" (or "-0.00")
    distinct = {float(v) for v in values} | {0.0}
    for digits in range(least, most + 1):
        if len({round(v, digits) + 0.0 for v in distinct}) == len(distinct):
            return digits
    return most


def fixed(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, never "-0.00".

    Examples
    --------
    >>> fixed(-0.0001, 2), fixed(-0.5, 1), fixed(-0.0, 3)
    ('0.00', '-0.5', '0.000')
    """
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def bin_name(name: str, edges: Sequence[float], which: int, digits: int) -> str:
    """Lime's bin name (``name <= a``, ``a < name <= b``, ``name > b``) with ``digits`` decimals."""
    if which == 0:
        return f"{name} <= {fixed(edges[0], digits)}"
    if which >= len(edges):
        return f"{name} > {fixed(edges[-1], digits)}"
    return f"{fixed(edges[which - 1], digits)} < {name} <= {fixed(edges[which], digits)}"


@dataclass
class _TabularDraw:
    design: FloatArray
    inverse: FloatArray
    decode: Callable[[FloatArray], Any] | None

    def inputs(self, start: int, stop: int) -> Any:
        rows = self.inverse[start:stop]
        return rows if self.decode is None else self.decode(rows)


class TabularSampler:
    """Draws rows around one instance exactly as lime's ``__data_inverse``."""

    def __init__(self, explainer: Any, data_row: FloatArray, metric: Any) -> None:
        self.ex = explainer
        self.data_row = data_row
        self.metric = metric
        disc = explainer.discretizer
        self.first_row = data_row if disc is None else disc.discretize(data_row)
        n_cols = data_row.shape[0]
        self.columns = list(explainer.categorical_features) if disc is None else list(range(n_cols))
        # legacy RandomState.choice(values, p=freqs) is searchsorted(cdf, uniform, 'right'):
        # the number of CDF entries <= u. Stack the (short) CDFs to count for all columns.
        self.values = [
            np.asarray(explainer.feature_values[c], dtype=np.float64) for c in self.columns
        ]
        width = max((len(v) for v in self.values), default=0)
        self.cdf_table = np.full((len(self.columns), width), np.inf)
        self.value_table = np.zeros((len(self.columns), max(width, 1)))
        for j, c in enumerate(self.columns):
            cdf = np.asarray(explainer.feature_frequencies[c], dtype=np.float64).cumsum()
            cdf /= cdf[-1]
            self.cdf_table[j, : len(cdf)] = cdf
            self.value_table[j, : len(cdf)] = self.values[j]
        self.values_are_codes = all(np.array_equal(v, np.arange(len(v))) for v in self.values)
        self.first_values = np.asarray([self.first_row[c] for c in self.columns], dtype=np.float64)
        instance = np.array(data_row, dtype=np.float64)
        instance[self.columns] = 1.0
        self.scaled_instance = (instance - explainer.scaler.mean_) / explainer.scaler.scale_
        self.identity_scale = bool(
            (explainer.scaler.mean_ == 0).all() and (explainer.scaler.scale_ == 1).all()
        )

    def draw(
        self, n: int, random_state: np.random.RandomState, *, instance_first: bool
    ) -> _TabularDraw:
        """Draw ``n`` rows with lime's draw order, working column by column."""
        ex, row = self.ex, self.data_row
        n_cols = row.shape[0]
        if ex.discretizer is None:
            data = random_state.normal(0, 1, n * n_cols).reshape(n, n_cols)
            centre = row if ex.sample_around_instance else ex.scaler.mean_
            data = data * ex.scaler.scale_ + centre
            if instance_first:
                data[0] = row
            design = data.T.copy()  # feature-major: one contiguous row per column
        else:
            design = np.zeros((n_cols, n))
            if instance_first:
                design[:, 0] = row
        inverse = design.copy()
        # lime's consecutive choice() calls draw one uniform block per column, in order
        uniforms = random_state.random_sample((len(self.columns), n))
        if self.cdf_table.shape[1] <= 16:
            picks = (uniforms[:, None, :] >= self.cdf_table[:, :, None]).sum(axis=1)
        else:
            picks = np.stack(
                [
                    np.searchsorted(c[np.isfinite(c)], u, side="right")
                    for c, u in zip(self.cdf_table, uniforms, strict=True)
                ]
            )
        if self.values_are_codes:  # values 0..m-1: the pick is the value
            inv = picks.astype(np.float64)
        else:
            inv = np.take_along_axis(self.value_table, picks, axis=1)
        inverse[self.columns] = inv
        design[self.columns] = inv == self.first_values[:, None]
        if instance_first:
            design[self.columns, 0] = 1.0
            inverse[self.columns, 0] = row[self.columns]
        if ex.discretizer is not None:
            ex.discretizer.undiscretize_columns(inverse, start=1 if instance_first else 0)
        if instance_first:
            inverse[:, 0] = row
        if self.identity_scale:  # discretized: the binary rows are the design
            scaled = np.ascontiguousarray(design.T)
        else:
            scaled = (design.T - ex.scaler.mean_) / ex.scaler.scale_
        decode = ex._codec.decode if ex._codec is not None else None
        return _TabularDraw(scaled, np.ascontiguousarray(inverse.T), decode)

    def distances(self, design: FloatArray) -> FloatArray:
        return distances_to(design, self.scaled_instance, self.metric)
