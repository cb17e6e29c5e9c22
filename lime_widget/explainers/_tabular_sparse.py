"""Sparse tabular data (``scipy.sparse``), as lime 0.2.0.1's sparse branch of the tabular explainer.

With a sparse training matrix and a sparse instance (a 1 x d row), lime

- builds no discretizer: ``discretize_continuous`` and ``discretizer`` are ignored, and
  so is ``training_data_stats`` beyond its keys;
- perturbs only the instance's non-zero columns: normal draws times the training
  standard deviation plus the training mean; every other column is 0 in every sample;
- fits the surrogate on the samples *times* the standard deviation (where the dense
  path divides: lime's oddity, kept for lime's numbers), with distances measured on
  that design by scikit-learn;
- asks the model about CSR matrices.

A dense instance with sparse training data takes the dense path, with the statistics of
the sparse matrix, as in lime. Where lime fails we raise a clear error
(``categorical_features``, a discretizer with a sparse instance, a distance metric
scikit-learn cannot compute on sparse input) or do what its documentation says
(``sample_around_instance`` centres the draws on the instance's values; lime raises a
numpy broadcast error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._sparse import is_sparse
from ..engine._validation import InvalidParameterError, check_option
from ._tabular_sampling import DisplaySource, TableDomainMapper

__all__ = [
    "SparseTableDomainMapper",
    "SparseTabularSampler",
    "check_sparse_training",
    "is_sparse",
    "sparse_sampler",
]

FloatArray = npt.NDArray[np.float64]

#: the metrics scikit-learn's ``pairwise_distances`` computes on sparse input
SPARSE_METRICS = ("cityblock", "cosine", "euclidean", "l1", "l2", "manhattan")


def _check_finite_values(matrix: Any, name: str, where: str) -> None:
    values = np.asarray(matrix.data)
    if not np.issubdtype(values.dtype, np.number) or np.issubdtype(
        values.dtype, np.complexfloating
    ):
        msg = (
            f"The {name!r} parameter of {where} must hold real numbers. Got a sparse matrix of "
            f"dtype {values.dtype}."
        )
        raise InvalidParameterError(msg)
    bad = ~np.isfinite(values)
    if bad.any():
        msg = (
            f"The {name!r} parameter of {where} must not contain NaN or infinity. Found "
            f"{int(bad.sum())} such stored value(s). Impute or drop them first."
        )
        raise InvalidParameterError(msg)


def check_sparse_training(training_data: Any, categorical_features: Any, where: str) -> Any:
    """Check sparse ``training_data``; return the matrix the scaler is fitted on, as lime."""
    if len(training_data.shape) != 2 or 0 in training_data.shape:
        msg = (
            f"The 'training_data' parameter of {where} must be a non-empty 2-d matrix. Got a "
            f"sparse matrix of shape {training_data.shape}."
        )
        raise InvalidParameterError(msg)
    if categorical_features is not None and len(list(categorical_features)) > 0:
        msg = (
            f"The 'categorical_features' parameter of {where} must be empty when "
            "'training_data' is sparse: lime samples only the instance's non-zero values, "
            "as continuous ones (lime 0.2.0.1 fails here). Pass training_data.toarray() to "
            "sample categories, or one-hot encode them as 0/1 columns."
        )
        raise InvalidParameterError(msg)
    fmt = getattr(training_data, "format", "")
    data = training_data if fmt in ("csr", "csc") else training_data.tocsr()
    _check_finite_values(data if fmt != "csc" else data.tocsr(), "training_data", where)
    return data


def check_sparse_row(data_row: Any, n_features: int, where: str) -> Any:
    """A sparse ``data_row`` as a 1 x d CSR matrix (a 1-d sparse array is one row)."""
    import scipy.sparse as sp

    shape = tuple(data_row.shape)
    if len(shape) == 1:
        data_row = data_row.reshape(1, -1)
        shape = tuple(data_row.shape)
    if shape != (1, n_features):
        msg = (
            f"The 'data_row' parameter of {where} must be one row: a sparse matrix of shape "
            f"(1, {n_features}). Got shape {shape}. Pass X[i] of a CSR matrix X."
        )
        raise InvalidParameterError(msg)
    row = sp.csr_matrix(data_row)
    _check_finite_values(row, "data_row", where)
    return row


def check_sparse_metric(metric: Any, where: str) -> Any:
    """A distance scikit-learn computes on sparse rows (a name, or a callable)."""
    if callable(metric):
        return metric
    name = check_option(metric, "distance_metric", where, SPARSE_METRICS)
    return name


@dataclass
class _SparseDraw:
    design: Any  # csr (n, d): lime's scaled_data
    inverse: Any  # csr (n, d): what the model is asked about

    def inputs(self, start: int, stop: int) -> Any:
        return self.inverse[start:stop]


class SparseTabularSampler:
    """Draws rows around a sparse instance exactly as lime's ``__data_inverse`` (sparse branch)."""

    def __init__(self, explainer: Any, data_row: Any, metric: Any) -> None:
        import scipy.sparse as sp

        self.ex = explainer
        self.data_row = data_row
        self.metric = metric
        self.n_cols = int(data_row.shape[1])
        # lime perturbs data_row.nonzero() columns, in that order
        self.nonzero = np.asarray(data_row.nonzero()[1], dtype=np.intp)
        self.values = np.asarray(data_row.toarray(), dtype=np.float64).ravel()[self.nonzero]
        self.scale = np.asarray(explainer.scaler.scale_, dtype=np.float64)[self.nonzero]
        self.mean = np.asarray(explainer.scaler.mean_, dtype=np.float64)[self.nonzero]
        self.scaled_instance = self._matrix((self.values * self.scale)[None, :], 1, sp)

    def _matrix(self, block: FloatArray, n: int, sp: Any) -> Any:
        k = len(self.nonzero)
        indptr = np.arange(0, k * (n + 1), k) if k else np.zeros(n + 1, dtype=np.intp)
        indices = np.tile(self.nonzero, n)
        return sp.csr_matrix((block.ravel(), indices, indptr), shape=(n, self.n_cols))

    def draw(
        self, n: int, random_state: np.random.RandomState, *, instance_first: bool
    ) -> _SparseDraw:
        """Draw ``n`` rows: lime's one normal draw for the non-zero columns, row 0 the instance."""
        import scipy.sparse as sp

        k = len(self.nonzero)
        data = random_state.normal(0, 1, n * k).reshape(n, k)
        centre = self.values if self.ex.sample_around_instance else self.mean
        data = data * self.scale + centre
        if instance_first and n:
            data[0] = self.values
        return _SparseDraw(self._matrix(data * self.scale, n, sp), self._matrix(data, n, sp))

    def distances(self, design: Any) -> FloatArray:
        from sklearn.metrics import pairwise_distances

        return np.asarray(
            pairwise_distances(design, self.scaled_instance, metric=self.metric).ravel(),
            dtype=np.float64,
        )

    def domain_mapper(self) -> SparseTableDomainMapper:
        """The mapper lime makes of a sparse row: names by column, the stored entries' values."""
        names = list(self.ex.feature_names)
        values = [f"{v:.2f}" for v in np.asarray(self.data_row.data, dtype=np.float64)]
        dense = np.asarray(self.data_row.toarray(), dtype=np.float64).ravel()
        source = DisplaySource(names, names, dense, {}, {})
        return SparseTableDomainMapper(
            names, values, self.scaled_instance, self.data_row.indices.copy(), display=source
        )


class SparseTableDomainMapper(TableDomainMapper):
    """lime's ``TableDomainMapper`` for a sparse instance.

    ``feature_values`` holds the instance's stored values and ``feature_indexes`` their
    columns (lime's sparse fields); the widget's table shows every column, zeros included.
    """

    def __init__(
        self,
        feature_names: list[str],
        feature_values: list[str],
        scaled_row: Any,
        feature_indexes: Sequence[int],
        *,
        display: DisplaySource,
    ) -> None:
        super().__init__(
            feature_names, feature_values, np.zeros(len(feature_names)), [], display=display
        )
        self.scaled_row = scaled_row
        self.feature_indexes = feature_indexes
        self.all_categorical = False


def sparse_sampler(explainer: Any, data_row: Any, metric: Any, where: str) -> SparseTabularSampler:
    """Check a sparse instance against ``explainer`` and make its sampler."""
    row = check_sparse_row(data_row, explainer.n_features_in_, where)
    if explainer.discretizer is not None or explainer.categorical_features:
        why = (
            "discretize_continuous=True"
            if explainer.discretizer is not None
            else "categorical_features"
        )
        msg = (
            f"The 'data_row' parameter of {where} is sparse, but the explainer was built on "
            f"dense training data with {why}. lime samples a sparse row only as continuous "
            "values (lime 0.2.0.1 fails here). Pass data_row.toarray().ravel(), or build the "
            "explainer on sparse training data or with discretize_continuous=False."
        )
        raise InvalidParameterError(msg)
    return SparseTabularSampler(explainer, row, check_sparse_metric(metric, where))
