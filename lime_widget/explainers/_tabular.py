"""LIME for tabular data, lime 0.2.0.1's ``LimeTabularExplainer`` with a cached neighbourhood."""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from ..engine._discretize import (
    BaseDiscretizer,
    DecileDiscretizer,
    EntropyDiscretizer,
    ForeignDiscretizer,
    QuartileDiscretizer,
    StatsDiscretizer,
    is_discretizer,
)
from ..engine._distances import check_metric
from ..engine._neighbourhood import ModelCaller, collect
from ..engine._params import FitSettings
from ..engine._validation import InvalidParameterError, check_finite_array, check_option
from ..explanation._explanation import Explanation, Prepared
from ._base import BaseExplainer, check_common, check_explainer_options
from ._checks import keeps_stream_on_refusal
from ._frame import FrameCodec, is_frame, is_series
from ._table_args import check_table_args, check_training_data_stats
from ._tabular_sampling import DisplaySource, TableDomainMapper, TabularSampler
from ._tabular_sparse import SparseTabularSampler, check_sparse_training, is_sparse, sparse_sampler

__all__ = ["LimeTabularExplainer", "TableDomainMapper"]

FloatArray = npt.NDArray[np.float64]


class LimeTabularExplainer(BaseExplainer):
    """Explains predictions on tabular data, with lime 0.2.0.1's API and numbers.

    Parameters are lime's; see its documentation. Differences: a pandas
    DataFrame is accepted as ``training_data`` (column names become feature
    names, string/category/bool columns categorical features named by their
    categories, and the model then receives DataFrames with the training
    columns and dtypes), and invalid input raises a ``ValueError``/``TypeError``
    that says what to change.

    Parameters
    ----------
    training_data : ndarray or DataFrame of shape (n_samples, n_features)
        Data the sampling statistics are taken from.
    mode : {'classification', 'regression'}, default='classification'
    training_labels : array-like, optional
        Targets, needed by ``discretizer='entropy'``.
    feature_names : list of str, optional
    categorical_features : list of int, optional
        Integer-coded categorical columns.
    categorical_names : dict of int to list of str, optional
        ``categorical_names[col][code]`` names a category.
    kernel_width : float, optional
        Defaults to ``sqrt(n_features) * 0.75``.
    kernel : callable, optional
        ``kernel(d, kernel_width)``; lime's exponential kernel by default.
    verbose : bool, default=False
        Accepted for compatibility; nothing is printed.
    class_names : list of str, optional
    feature_selection : {'auto', 'forward_selection', 'highest_weights', 'lasso_path', 'none'}
    discretize_continuous : bool, default=True
    discretizer : {'quartile', 'decile', 'entropy'} or BaseDiscretizer, default='quartile'
    sample_around_instance : bool, default=False
    random_state : int, RandomState or None
        Shared by the sampler and the discretizer, as in lime.
    training_data_stats : dict, optional
        ``means``, ``mins``, ``maxs``, ``stds``, ``feature_values``,
        ``feature_frequencies`` (and optionally ``bins``) per feature.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from lime_widget import LimeTabularExplainer
    >>> data = load_breast_cancer()
    >>> model = make_pipeline(StandardScaler(), LogisticRegression()).fit(data.data, data.target)
    >>> explainer = LimeTabularExplainer(
    ...     data.data, feature_names=list(data.feature_names),
    ...     class_names=list(data.target_names), random_state=0)
    >>> exp = explainer.explain_instance(data.data[0], model.predict_proba,
    ...                                  num_features=3, num_samples=1000)
    >>> len(exp.as_list())
    3
    """

    _where = "LimeTabularExplainer"
    _explain_options: ClassVar[Mapping[str, Any]] = {
        "labels": (1,),
        "top_labels": None,
        "num_features": 10,
        "num_samples": 5000,
        "distance_metric": "euclidean",
        "model_regressor": None,
        "batch_size": None,
    }

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
        sample_around_instance: bool = False,
        random_state: Any = None,
        training_data_stats: Mapping[str, Any] | None = None,
    ) -> None:
        where = self._where
        feature_names, categorical_features, categorical_names, class_names = check_table_args(
            where,
            training_data,
            feature_names=feature_names,
            categorical_features=categorical_features,
            categorical_names=categorical_names,
            class_names=class_names,
        )
        self._codec: FrameCodec | None = None
        if is_frame(training_data):
            self._codec = FrameCodec(training_data)
            feature_names = feature_names or self._codec.feature_names
            categorical_features = sorted(
                set(categorical_features or []) | set(self._codec.categorical_features)
            )
            categorical_names = {**self._codec.categorical_names, **(categorical_names or {})}
            training_data = self._codec.encode(training_data, "training_data", where)
        #: scipy.sparse training data: lime's sparse branch (see ``_tabular_sparse``)
        self._sparse = is_sparse(training_data)
        if self._sparse:
            data = check_sparse_training(training_data, categorical_features, where)
        else:
            data = check_finite_array(training_data, "training_data", where, ndim=2)
        n_cols = data.shape[1]
        self.mode = check_option(mode, "mode", where, ("classification", "regression"))
        width, self.feature_selection = check_explainer_options(
            where, kernel_width=kernel_width, feature_selection=feature_selection, kernel=kernel
        )
        self._init_random_state(random_state)
        self.categorical_names = {int(k): list(v) for k, v in (categorical_names or {}).items()}
        self.sample_around_instance = bool(sample_around_instance)
        self.training_data_stats = training_data_stats
        discretize = bool(discretize_continuous) and not self._sparse  # lime bins no sparse data
        check_training_data_stats(
            training_data_stats, n_cols, categorical_features, discretize, where
        )
        self.categorical_features = self._check_categorical(categorical_features, data, n_cols)
        if feature_names is None:
            feature_names = [str(i) for i in range(n_cols)]
        self.feature_names = [str(f) for f in feature_names]
        if len(self.feature_names) != n_cols:
            msg = (
                f"The 'feature_names' parameter of {where} must have one name per column "
                f"({n_cols}). Got {len(self.feature_names)} names."
            )
            raise InvalidParameterError(msg)
        self.discretizer: BaseDiscretizer | None = None
        discretized_training = None
        if discretize_continuous and not self._sparse:  # lime bins no sparse data
            self.discretizer = self._make_discretizer(discretizer, data, training_labels)
            self.categorical_features = list(range(n_cols))
            if training_data_stats is None:
                discretized_training = self.discretizer.discretize(data)
        self.kernel_width = float(np.sqrt(n_cols) * 0.75) if width is None else width
        self.kernel_fn = kernel
        self.verbose = verbose
        self.class_names = None if class_names is None else list(class_names)
        from sklearn.preprocessing import StandardScaler

        self.scaler = StandardScaler(with_mean=False).fit(data)
        self.feature_values: dict[int, Any] = {}
        self.feature_frequencies: dict[int, FloatArray] = {}
        for feature in self.categorical_features:
            if training_data_stats is None:
                column = (
                    data[:, feature]
                    if discretized_training is None
                    else discretized_training[:, feature]
                )
                values, counts = np.unique(column, return_counts=True)
                self.feature_values[feature] = list(values)
                frequencies = counts
            else:
                self.feature_values[feature] = training_data_stats["feature_values"][feature]
                frequencies = np.asarray(training_data_stats["feature_frequencies"][feature])
            self.feature_frequencies[feature] = np.array(frequencies) / float(sum(frequencies))
            self.scaler.mean_[feature] = 0
            self.scaler.scale_[feature] = 1
        self.n_features_in_ = n_cols

    def _check_categorical(
        self, categorical_features: Sequence[int] | None, data: FloatArray, n_cols: int
    ) -> list[int]:
        where = self._where
        out: list[int] = []
        for f in categorical_features or []:
            if isinstance(f, bool) or not isinstance(f, numbers.Integral) or not 0 <= f < n_cols:
                msg = (
                    f"The 'categorical_features' parameter of {where} must hold column indices "
                    f"in [0, {n_cols - 1}]. Got {f!r}."
                )
                raise InvalidParameterError(msg)
            col = data[:, f]
            if not np.array_equal(col, np.round(col)):
                msg = (
                    f"Column {f} of 'training_data' is listed in 'categorical_features' of "
                    f"{where}, so it must hold integer codes. Encode it (e.g. with "
                    "sklearn.preprocessing.OrdinalEncoder) or pass a pandas DataFrame."
                )
                raise InvalidParameterError(msg)
            names = self.categorical_names.get(int(f))
            # negative codes (-1 for "missing") are lime's too: they index names from the end
            if names is not None and not -len(names) <= col.min() <= col.max() < len(names):
                bad = int(col.max()) if col.max() >= len(names) else int(col.min())
                msg = (
                    f"The 'categorical_names' parameter of {where} names {len(names)} categories "
                    f"for column {f}, but the training data has code {bad}. Give one "
                    "name per code."
                )
                raise InvalidParameterError(msg)
            out.append(int(f))
        return out

    def _make_discretizer(self, discretizer: Any, data: FloatArray, labels: Any) -> BaseDiscretizer:
        args = (data, self.categorical_features, self.feature_names)
        if self.training_data_stats:
            return StatsDiscretizer(
                *args,
                labels=labels,
                random_state=self.random_state,
                data_stats=self.training_data_stats,
            )
        if isinstance(discretizer, BaseDiscretizer):
            return discretizer
        if is_discretizer(discretizer):  # lime's own discretizers, or a user's of that shape
            return ForeignDiscretizer(discretizer)
        kinds: dict[str, type[BaseDiscretizer]] = {
            "quartile": QuartileDiscretizer,
            "decile": DecileDiscretizer,
            "entropy": EntropyDiscretizer,
        }
        if not isinstance(discretizer, str):
            msg = (
                f"The 'discretizer' parameter of {self._where} must be one of "
                f"{{'quartile', 'decile', 'entropy'}} or a fitted discretizer instance (a "
                "BaseDiscretizer of lime_widget or of lime.discretize, with discretize, "
                f"undiscretize and names). Got {discretizer!r} instead."
            )
            raise InvalidParameterError(msg)
        kind = check_option(discretizer, "discretizer", self._where, list(kinds))
        return kinds[kind](*args, labels=labels, random_state=self.random_state)

    # -- explaining --------------------------------------------------------
    def _check_row(self, data_row: Any, where: str) -> FloatArray:
        if self._codec is not None and (is_series(data_row) or is_frame(data_row)):
            data_row = self._codec.encode_row(data_row, where)
        row = check_finite_array(data_row, "data_row", where, ndim=1)
        if row.shape[0] != self.n_features_in_:
            msg = (
                f"The 'data_row' parameter of {where} must have {self.n_features_in_} values, one "
                f"per training column. Got {row.shape[0]}."
            )
            raise InvalidParameterError(msg)
        for i in self.categorical_features:
            if self.discretizer is not None and i in self.discretizer.names:
                continue
            value = row[i]
            names = self.categorical_names.get(i)
            outside = names is not None and not -len(names) <= value < len(names)
            if value != int(value) or outside:
                limit = f" in [{-len(names)}, {len(names) - 1}]" if names is not None else ""
                msg = (
                    f"The 'data_row' parameter of {where} has {value!r} in categorical column {i} "
                    f"({self.feature_names[i]!r}); it must be an integer code{limit}."
                )
                raise InvalidParameterError(msg)
        return row

    def _domain_mapper(self, row: FloatArray, scaled_row: FloatArray) -> TableDomainMapper:
        feature_names = copy.copy(self.feature_names)
        values = [f"{v:.2f}" for v in row]
        categories: dict[int, str] = {}
        disc = self.discretizer
        for i in self.categorical_features:
            if disc is not None and i in disc.names:
                continue
            name: Any = int(row[i])
            if i in self.categorical_names:
                name = self.categorical_names[i][name]
            feature_names[i] = f"{feature_names[i]}={name}"
            values[i] = "True"
            categories[i] = str(name)
        categorical = self.categorical_features
        discretized_names = None
        bins: dict[int, tuple[Any, int, str]] = {}
        if disc is not None:
            categorical = list(range(len(row)))
            binned = disc.discretize(row)
            discretized_names = copy.copy(feature_names)
            for f in disc.names:
                discretized_names[f] = disc.names[f][int(binned[f])]
                edges = getattr(disc, "edges", {}).get(f)
                bins[f] = (edges, int(binned[f]), discretized_names[f])
        # what the widget shows is worked out when it is first asked for (explain_instance
        # and batches never need it)
        source = DisplaySource(feature_names, list(self.feature_names), row, categories, bins)
        return TableDomainMapper(
            feature_names, values, scaled_row, categorical, discretized_names, display=source
        )

    def sampler(
        self, data_row: Any, distance_metric: Any = "euclidean"
    ) -> TabularSampler | SparseTabularSampler:
        """The sampler that draws neighbourhoods around ``data_row``.

        Parameters
        ----------
        data_row : ndarray of shape (n_features,), Series, one-row DataFrame or sparse row
            The instance (a 1 x d ``scipy.sparse`` row: lime's sparse sampling).
        distance_metric : str or callable, default='euclidean'
            A scikit-learn metric name or ``metric(a, b)``.

        Returns
        -------
        sampler
            Draws rows as lime's ``__data_inverse`` does (``draw``) and measures
            their distance to the instance (``distances``).
        """
        where = f"{self._where}.explain_instance"
        if is_sparse(data_row):
            return sparse_sampler(self, data_row, distance_metric, where)
        return TabularSampler(
            self, self._check_row(data_row, where), check_metric(distance_metric, where)
        )

    @keeps_stream_on_refusal
    def explain_instance(
        self,
        data_row: Any,
        predict_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = None,
        num_features: int = 10,
        num_samples: int = 5000,
        distance_metric: Any = "euclidean",
        model_regressor: Any = None,
        *,
        batch_size: int | None = None,
    ) -> Explanation:
        """Explain one prediction, as lime's ``explain_instance`` (same draws, same numbers).

        Parameters
        ----------
        data_row : ndarray of shape (n_features,), Series or one-row DataFrame
            The instance.
        predict_fn : callable
            ``predict_proba`` (classification) or ``predict`` (regression).
        labels : sequence of int, default=(1,)
            Classes to explain.
        top_labels : int, optional
            Explain the K most probable classes instead of ``labels``.
        num_features : int, default=10
            Maximum number of features in the explanation.
        num_samples : int, default=5000
            Size of the neighbourhood.
        distance_metric : str or callable, default='euclidean'
        model_regressor : estimator, optional
            Replaces ``Ridge(alpha=1)`` as the surrogate.
        batch_size : int, optional
            Ask the model about at most this many rows per call (default: all at once).

        Returns
        -------
        Explanation
        """
        return self._prepare(
            data_row=data_row,
            predict_fn=predict_fn,
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
        """Check ``explain_instance``'s arguments and draw block 0 (``grow``: ask the model)."""
        where = f"{self._where}.explain_instance"
        num_features, num_samples, top_labels, batch_size = check_common(
            where,
            num_features=num_features,
            num_samples=num_samples,
            top_labels=top_labels,
            batch_size=batch_size,
            labels=labels,
            model_regressor=model_regressor,
        )
        sampler = self.sampler(data_row, distance_metric)
        caller = ModelCaller(predict_fn, mode=self.mode, batch_size=batch_size, where=where)
        pool = collect(sampler, caller, num_samples, self.random_state, self._seed, grow=grow)
        mapper = (
            sampler.domain_mapper()
            if isinstance(sampler, SparseTabularSampler)
            else self._domain_mapper(sampler.data_row, sampler.scaled_instance)
        )

        def make_explanation() -> Explanation:
            if self.mode == "classification":
                n_classes = pool.neighbourhood().outputs.shape[1]
                self.class_names = (
                    [str(x) for x in range(n_classes)]
                    if self.class_names is None
                    else list(self.class_names)
                )
            return Explanation(mapper, mode=self.mode, class_names=self.class_names)

        settings = FitSettings(
            self.kernel_width, num_features, self.feature_selection, self.kernel_fn, model_regressor
        )
        return Prepared(pool, settings, labels, top_labels, make_explanation, where)
