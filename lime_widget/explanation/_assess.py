"""How far to trust an explanation: uncertainty, stability, fidelity, kernel width, sample size.

The base class of :class:`~lime_widget.Explanation` that reads them. All of it
reuses the cached neighbourhood: no model call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine import _stability as st
from ..engine._neighbourhood import Neighbourhood
from ..engine._params import FitSettings
from ..engine._surrogate import kernel
from ..engine._validation import InvalidParameterError, check_int, check_label
from ._fits import LocalFits

__all__ = ["AssessedFits"]


class AssessedFits(LocalFits):
    """Uncertainty and fidelity readers of :class:`~lime_widget.Explanation` (its base class).

    Each reader works on the fitted state :class:`LocalFits` declares (the
    neighbourhood and settings of the fit) and calls the engine's plain
    functions in :mod:`lime_widget.engine._stability`.
    """

    def _cached(self) -> tuple[Neighbourhood, FitSettings]:
        if self.neighbourhood is None or self.settings is None:
            msg = "This explanation has no cached neighbourhood to assess."
            raise ValueError(msg)
        return self.neighbourhood, self.settings

    def _fit_label(self, label: int | None, where: str = "Explanation") -> int:
        """The output column behind ``label`` (regression: column 0), checked."""
        if self.mode == "regression":
            return 0
        if label is None:
            return self.labels[-1] if self.labels else next(iter(self.local_exp))
        if self.predict_proba is None:  # the classes are not known here
            return check_int(label, "label", where, min_value=0)
        return check_label(label, len(self.predict_proba), where)

    def uncertainty(self, label: int | None = None, *, n_boot: int = 50, seed: int = 0) -> Any:
        """Bootstrap the surrogate over the cached rows (cached per label).

        Parameters
        ----------
        label : int, optional
            Label to assess (default: the last one explained).
        n_boot : int, default=50
            Number of resamples.
        seed : int, default=0
            Seed of the resampling.

        Returns
        -------
        Uncertainty
            Weight intervals, top-K frequencies, the stability figure and the
            out-of-sample R².

        See Also
        --------
        weight_intervals, top_k_frequency, stability, out_of_sample_score :
            The same figures for every explained label.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> unc = exp.uncertainty(label=0)
        >>> unc.n_boot, 0.0 <= unc.stability <= 1.0
        (50, True)
        >>> sorted(unc.intervals) == sorted(f for f, _ in exp.local_exp[0])
        True
        >>> low, high = unc.intervals[exp.local_exp[0][0][0]]  # the strongest feature
        >>> bool(low <= exp.local_exp[0][0][1] <= high)
        True
        """
        where = "Explanation.uncertainty"
        neighbourhood, settings = self._cached()
        n_boot = check_int(n_boot, "n_boot", where, min_value=2)
        key = (self._fit_label(label, where), n_boot, check_int(seed, "seed", where, min_value=0))
        cache: dict[Any, Any] = self.__dict__.setdefault("_uncertainty", {})
        if key not in cache:
            cache[key] = st.bootstrap(
                neighbourhood,
                key[0],
                kernel_width=settings.kernel_width,
                num_features=settings.num_features,
                feature_selection=settings.feature_selection,
                kernel_fn=settings.kernel_fn,
                n_boot=n_boot,
                seed=seed,
            )
        return cache[key]

    @property
    def weight_intervals(self) -> dict[int, dict[int, tuple[float, float]]]:
        """Per label, each feature's 90 % bootstrap interval of its weight.

        The 5th and 95th percentiles of the weight over the refits of
        :meth:`uncertainty`, for every feature of the explanation; a refit that
        leaves a feature out counts its weight as 0. In regression the intervals
        belong to the weights ``as_list()`` shows.
        """
        return {label: self.uncertainty(label).intervals for label in self._assessed()}

    @property
    def top_k_frequency(self) -> dict[int, dict[int, float]]:
        """Per label, how often each feature is in the top K across bootstrap refits."""
        return {label: self.uncertainty(label).top_k_frequency for label in self._assessed()}

    @property
    def stability(self) -> dict[int, float]:
        """Per label, the expected top-K Jaccard between resampled fits (1 = always the same).

        The mean pairwise Jaccard similarity of the top-K feature sets of the
        bootstrap refits of :meth:`uncertainty`: a stand-in for how much the
        explanation would change if LIME were run again with another seed. The
        widget's badge reads >= 0.9 as *stable*, >= 0.75 *mostly stable*,
        >= 0.5 *shaky*, else *unstable*.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> list(exp.stability)
        [0]
        >>> exp.refit(num_samples=2000).stability[0] >= exp.stability[0]  # more samples
        True
        """
        return {label: self.uncertainty(label).stability for label in self._assessed()}

    @property
    def out_of_sample_score(self) -> dict[int, float]:
        """Per label, weighted R² of bootstrap refits on the cached rows they did not use."""
        return {label: self.uncertainty(label).out_of_sample_r2 for label in self._assessed()}

    @property
    def effective_sample_size(self) -> float:
        """``(Σw)² / Σw²`` of the kernel weights: how many samples the fit really rests on.

        Kish's effective sample size: ``n`` when every sample weighs the same,
        close to 1 when the kernel is so narrow that only the instance counts.
        The widget warns below 5 % of the samples or 10 per feature.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> exp.effective_sample_size <= exp.neighbourhood.num_samples
        True
        >>> narrow = exp.refit(kernel_width=0.1)
        >>> narrow.effective_sample_size < 0.05 * narrow.neighbourhood.num_samples
        True
        """
        neighbourhood, settings = self._cached()
        kernel_fn = settings.kernel_fn or kernel
        weights = np.asarray(kernel_fn(neighbourhood.distances, settings.kernel_width), dtype=float)
        return st.effective_sample_size(weights)

    @property
    def sample_size_warning(self) -> str | None:
        """Plain words when the kernel leaves too few effective samples, else None.

        Fires below 5 % of the samples or below 10 effective samples per feature:
        the explanation then rests on a handful of samples (the widget shows it
        beside the kernel-width slider).
        """
        neighbourhood, settings = self._cached()
        # K counts the features the surrogate can use: lime's default K (100000) on 16
        # superpixels is 16 features, as the widget's K slider shows it
        k = min(settings.num_features, int(neighbourhood.design.shape[1]))
        return st.sample_size_warning(self.effective_sample_size, neighbourhood.num_samples, k)

    @property
    def local_gap(self) -> dict[int, float]:
        """Per label, the surrogate's prediction at the instance minus the model's."""
        neighbourhood, _ = self._cached()
        out = {}
        for label in self._assessed():
            key = 1 if self.mode == "regression" else label
            pred = float(np.ravel(self.local_pred[key])[0])
            out[label] = pred - float(neighbourhood.outputs[0, self._fit_label(label)])
        return out

    def as_frame(self, *, intervals: bool = True) -> Any:
        """A tidy pandas DataFrame: one row per (label, feature), strongest first per label.

        Columns: ``label``, ``class_name``, ``feature_id``, ``feature`` (the
        :meth:`as_list` name), ``value`` (the instance's value as the widget shows
        it; "" for text and images), ``weight`` (exactly :meth:`as_list`'s),
        ``rank`` (1 = largest ``|weight|``), ``interval_low`` / ``interval_high``
        (the 90 % bootstrap interval of :meth:`uncertainty`), ``top_k_share``
        (share of bootstrap refits with the feature in the top K), and the label's
        ``intercept``, ``score`` (weighted R²), ``local_pred`` and ``model_pred``
        repeated on its rows. ``df.attrs`` holds the mode and fit settings.
        Regression has one label, 0. Needs pandas (``pip install 'lime-widget[pandas]'``).

        Parameters
        ----------
        intervals : bool, default=True
            Fill the interval and top-K columns (a bootstrap per label, cached).
            They are NaN when False, and for a light ``explain_many`` result, which
            has no samples: that case warns; ``restore()`` it first.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> iris = load_iris()
        >>> model = LogisticRegression(max_iter=500).fit(iris.data, iris.target)
        >>> exp = LimeTabularExplainer(iris.data, feature_names=iris.feature_names,
        ...     class_names=iris.target_names, random_state=0).explain_instance(
        ...     iris.data[0], model.predict_proba, top_labels=2, num_features=2, num_samples=500)
        >>> df = exp.as_frame()
        >>> df[["class_name", "feature", "rank"]].head(2)
          class_name                    feature  rank
        0     setosa  petal length (cm) <= 1.60     1
        1     setosa  sepal length (cm) <= 5.10     2
        >>> df[df.label == 0].weight.tolist() == [w for _, w in exp.as_list(label=0)]
        True
        >>> bool((df.interval_low <= df.weight).all() and (df.weight <= df.interval_high).all())
        True
        """
        from ._frames import explanation_frame

        return explanation_frame(self, intervals=intervals)

    def _assessed(self) -> list[int]:
        return [0] if self.mode == "regression" else list(self.labels)

    def kernel_width_sweep(
        self, label: int | None = None, widths: Any = None, *, n_widths: int = 24
    ) -> st.KernelSweep:
        """Refit on a log grid of kernel widths from the cache (no model call).

        Parameters
        ----------
        label : int, optional
            Label to sweep (default: the last one explained).
        widths : array-like, optional
            Widths to try (default: ``n_widths`` log-spaced from width/20 to width*20).
        n_widths : int, default=24
            Number of widths when ``widths`` is not given.

        Returns
        -------
        KernelSweep
            The top features' weights (``weights[i, j]`` for ``widths[i]`` and
            ``features[j]``), the weighted R² and the effective sample size at
            each width.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> sweep = exp.kernel_width_sweep(label=0, n_widths=5)
        >>> sweep.weights.shape == (5, len(sweep.features))
        True
        >>> sweep.features == [f for f, _ in exp.local_exp[0]]
        True
        >>> bool(sweep.effective_sample_size[0] < sweep.effective_sample_size[-1])
        True
        """
        where = "Explanation.kernel_width_sweep"
        neighbourhood, settings = self._cached()
        fit_label = self._fit_label(label, where)
        key = 1 if self.mode == "regression" else self._label(fit_label)  # explained labels only
        if widths is None:
            width = settings.kernel_width
            widths = np.geomspace(width / 20, width * 20, check_int(n_widths, "n_widths", where))
        widths = check_widths(widths, where)
        return st.kernel_width_sweep(
            neighbourhood,
            fit_label,
            features=[f for f, _ in self.local_exp[key]],
            num_features=settings.num_features,
            feature_selection=settings.feature_selection,
            widths=widths,
            kernel_fn=settings.kernel_fn,
        )


def check_widths(widths: Any, where: str) -> npt.NDArray[np.float64]:
    """Kernel widths to sweep: a non-empty 1-d list of finite widths > 0."""
    try:
        arr = np.asarray(widths, dtype=np.float64)
    except (TypeError, ValueError):
        arr = np.full(1, np.nan)
    if arr.ndim != 1 or arr.size == 0 or not (np.isfinite(arr) & (arr > 0)).all():
        msg = (
            f"The 'widths' parameter of {where} must be a non-empty 1-d list of finite kernel "
            f"widths > 0, e.g. [0.5, 1.0, 2.0], or None for a log grid. Got {widths!r}."
        )
        raise InvalidParameterError(msg)
    return arr
