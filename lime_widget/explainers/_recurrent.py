"""LIME for recurrent models (time series): lime 0.2.0.1's ``RecurrentTabularExplainer``.

Data shaped as a keras-style recurrent network takes it, ``(n_samples, n_timesteps,
n_features)``, is flattened feature by feature (``val1_t-2, val1_t-1, val1_t-0, val2_t-2,
...``) and explained as tabular data; the model is asked about rows reshaped back to
``(n, n_timesteps, n_features)``. Its explanations name features ``name_t-k`` and the widget
lays the weights out as a feature x time-step grid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._discretize import BaseDiscretizer
from ..engine._validation import InvalidParameterError, check_finite_array
from ..explanation._explanation import Explanation, Prepared
from ._checks import keeps_stream_on_refusal
from ._tabular import LimeTabularExplainer
from ._tabular_sampling import TableDomainMapper

__all__ = ["RecurrentDomainMapper", "RecurrentTabularExplainer"]

FloatArray = npt.NDArray[np.float64]


class RecurrentDomainMapper(TableDomainMapper):
    """The tabular mapper of a flattened series, plus its feature x time-step grid.

    Attributes
    ----------
    series_names : list of str
        The features of one time step (rows of the grid).
    n_timesteps : int
        Time steps (columns of the grid), oldest first: ``t-(n-1)`` ... ``t-0``.
    """

    kind = "recurrent"

    def __init__(self, table: TableDomainMapper, series_names: list[str], n_timesteps: int):
        self.__dict__.update(table.__dict__)  # the table's names, values and view
        self.series_names = series_names
        self.n_timesteps = n_timesteps

    def step_labels(self) -> list[str]:
        """The time steps as lime names them: ``t-(n-1)``, ..., ``t-0``."""
        return [f"t-{self.n_timesteps - (i + 1)}" for i in range(self.n_timesteps)]

    def cell(self, feature: int, step: int) -> int:
        """The flattened feature id of ``feature`` at time step ``step`` (0 = oldest)."""
        return feature * self.n_timesteps + step

    def view(self) -> dict[str, Any]:
        """The table's view plus ``recurrent``: names, steps and each cell's feature id."""
        view = super().view()
        view["recurrent"] = {
            "features": list(self.series_names),
            "steps": self.step_labels(),
            "cells": [
                [self.cell(f, t) for t in range(self.n_timesteps)]
                for f in range(len(self.series_names))
            ],
        }
        return view


class _Reshaped:
    """The model, asked about flattened rows reshaped to ``(n, n_timesteps, n_features)``.

    A class (not a closure) so that joblib can send it to workers.
    """

    def __init__(self, fn: Callable[[Any], Any], n_timesteps: int, n_features: int) -> None:
        self.fn = fn
        self.n_timesteps = n_timesteps
        self.n_features = n_features

    def __call__(self, rows: Any) -> Any:
        rows = np.asarray(rows)
        shaped = rows.reshape(rows.shape[0], self.n_features, self.n_timesteps)
        return self.fn(np.transpose(shaped, axes=(0, 2, 1)))


class RecurrentTabularExplainer(LimeTabularExplainer):
    """Explains a recurrent (time-series) model, with lime 0.2.0.1's API and numbers.

    Training data and instances are shaped ``(n_timesteps, n_features)`` per sample, as
    a keras-style recurrent network takes them. Everything else is
    :class:`LimeTabularExplainer`'s on the flattened series, whose columns are named
    ``'{name}_t-{k}'`` (``k`` steps before the last). Differences from lime:
    ``feature_names`` defaults to ``feature0``, ``feature1``, ... (lime 0.2.0.1 raises a
    ``TypeError``; lime's master does the same), and ``explain_instance`` also takes a
    ``(1, n_timesteps, n_features)`` instance.

    Parameters
    ----------
    training_data : ndarray of shape (n_samples, n_timesteps, n_features)
    mode : {'classification', 'regression'}, default='classification'
    training_labels : array-like, optional
    feature_names : list of str, optional
        One name per feature of a time step.
    categorical_features : list of int, optional
        Columns of the flattened data (``feature * n_timesteps + step``).
    categorical_names : dict of int to list of str, optional
    kernel_width : float, optional
        Defaults to ``sqrt(n_timesteps * n_features) * 0.75``.
    kernel : callable, optional
    verbose : bool, default=False
    class_names : list of str, optional
    feature_selection : str, default='auto'
    discretize_continuous : bool, default=True
    discretizer : {'quartile', 'decile', 'entropy'} or BaseDiscretizer, default='quartile'
    random_state : int, RandomState or None

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import RecurrentTabularExplainer
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(200, 4, 2))  # 200 series, 4 time steps, 2 features
    >>> def model(series):  # rises with the last value of 'load'
    ...     p = 1 / (1 + np.exp(-3 * series[:, -1, 0]))
    ...     return np.column_stack([1 - p, p])
    >>> explainer = RecurrentTabularExplainer(X, feature_names=["load", "temp"], random_state=0)
    >>> exp = explainer.explain_instance(X[0], model, num_features=2, num_samples=500)
    >>> exp.as_list()[0][0].startswith("load_t-0")
    True
    """

    _where = "RecurrentTabularExplainer"

    def __init__(
        self,
        training_data: Any,
        mode: str = "classification",
        training_labels: Any = None,
        feature_names: Sequence[str] | None = None,
        categorical_features: Sequence[int] | None = None,
        categorical_names: Mapping[int, Sequence[str]] | None = None,
        kernel_width: float | None = None,
        kernel: Callable[..., Any] | None = None,
        verbose: bool = False,
        class_names: Sequence[str] | None = None,
        feature_selection: str = "auto",
        discretize_continuous: bool = True,
        discretizer: str | BaseDiscretizer = "quartile",
        random_state: Any = None,
    ) -> None:
        where = self._where
        data = check_finite_array(training_data, "training_data", where, ndim=3)
        n_samples, n_timesteps, n_features = data.shape
        if feature_names is None:
            feature_names = [f"feature{i}" for i in range(n_features)]
        if isinstance(feature_names, str) or not isinstance(feature_names, Sequence | np.ndarray):
            msg = (
                f"The 'feature_names' parameter of {where} must be a list of {n_features} "
                f"names, one per feature of a time step. Got {feature_names!r} instead."
            )
            raise InvalidParameterError(msg)
        names = [str(n) for n in feature_names]
        if len(names) != n_features:
            msg = (
                f"The 'feature_names' parameter of {where} must have one name per feature of a "
                f"time step ({n_features}; training_data is (n_samples, n_timesteps, "
                f"n_features)). Got {len(names)} names."
            )
            raise InvalidParameterError(msg)
        self.n_timesteps = n_timesteps
        self.n_features = n_features
        #: the names of one time step's features (the grid's rows)
        self.series_names = names
        flat = np.transpose(data, axes=(0, 2, 1)).reshape(n_samples, n_timesteps * n_features)
        super().__init__(
            flat,
            mode=mode,
            training_labels=training_labels,
            feature_names=[
                f"{n}_t-{n_timesteps - (i + 1)}" for n in names for i in range(n_timesteps)
            ],
            categorical_features=categorical_features,
            categorical_names=categorical_names,
            kernel_width=kernel_width,
            kernel=kernel,
            verbose=verbose,
            class_names=class_names,
            feature_selection=feature_selection,
            discretize_continuous=discretize_continuous,
            discretizer=discretizer,
            random_state=random_state,
        )

    def _flatten(self, data_row: Any, where: str) -> FloatArray:
        """The series flattened as lime flattens it (``data_row.T``), after a shape check."""
        shape = (self.n_timesteps, self.n_features)
        if hasattr(data_row, "nnz"):
            msg = (
                f"The 'data_row' parameter of {where} must be a dense array of shape "
                f"(n_timesteps, n_features) = {shape}. Got a sparse matrix; pass "
                "data_row.toarray()."
            )
            raise InvalidParameterError(msg)
        row = data_row
        if getattr(row, "ndim", 0) == 3 and row.shape[0] == 1:
            row = row[0]  # a batch of one, as a recurrent network takes it
        try:
            ndim = len(np.shape(row))
        except ValueError:  # ragged: check_finite_array says it is not a numeric array
            ndim = 2
        values = check_finite_array(row, "data_row", where, ndim=ndim or 1)
        if values.shape != shape:
            msg = (
                f"The 'data_row' parameter of {where} must be one series of shape "
                f"(n_timesteps, n_features) = {shape}. Got shape {values.shape}."
            )
            raise InvalidParameterError(msg)
        flat = np.ascontiguousarray(values.T).reshape(self.n_timesteps * self.n_features)
        return np.asarray(flat, dtype=np.float64)

    def _domain_mapper(self, row: FloatArray, scaled_row: FloatArray) -> TableDomainMapper:
        table = super()._domain_mapper(row, scaled_row)
        return RecurrentDomainMapper(table, list(self.series_names), self.n_timesteps)

    @keeps_stream_on_refusal
    def explain_instance(
        self,
        data_row: Any,
        classifier_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = None,
        num_features: int = 10,
        num_samples: int = 5000,
        distance_metric: Any = "euclidean",
        model_regressor: Any = None,
        *,
        batch_size: int | None = None,
    ) -> Explanation:
        """Explain one series' prediction, as lime's ``explain_instance`` (same numbers).

        Parameters
        ----------
        data_row : ndarray of shape (n_timesteps, n_features)
            The series (``(1, n_timesteps, n_features)`` too).
        classifier_fn : callable
            The model: takes ``(n, n_timesteps, n_features)`` arrays and returns
            probabilities (classification) or values (regression).
        labels, top_labels, num_features, num_samples, distance_metric, model_regressor
            As :meth:`LimeTabularExplainer.explain_instance`.
        batch_size : int, optional
            Ask the model about at most this many series per call.

        Returns
        -------
        Explanation
        """
        return self._prepare(
            data_row,
            classifier_fn,
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            batch_size=batch_size,
        ).explain()

    def _prepare(
        self,
        data_row: Any,
        predict_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = None,
        num_features: int = 10,
        num_samples: int = 5000,
        distance_metric: Any = "euclidean",
        model_regressor: Any = None,
        batch_size: int | None = None,
        *,
        grow: bool = True,
    ) -> Prepared:
        where = f"{self._where}.explain_instance"
        if not callable(predict_fn):
            msg = (
                f"The 'classifier_fn' parameter of {where} must be a callable that takes a "
                "batch of series (n, n_timesteps, n_features), such as model.predict_proba. "
                f"Got {predict_fn!r} instead."
            )
            raise TypeError(msg)
        return super()._prepare(
            self._flatten(data_row, where),
            _Reshaped(predict_fn, self.n_timesteps, self.n_features),
            labels=labels,
            top_labels=top_labels,
            num_features=num_features,
            num_samples=num_samples,
            distance_metric=distance_metric,
            model_regressor=model_regressor,
            batch_size=batch_size,
            grow=grow,
        )
