"""The fitted state of an explanation and lime's readers: local_exp, as_list, as_map, figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._neighbourhood import Neighbourhood
from ..engine._params import FitSettings
from . import _figures

__all__ = ["DomainMapper", "LabelNotExplainedError", "LocalFits"]

FloatArray = npt.NDArray[np.float64]


class LabelNotExplainedError(KeyError):
    """A reader asked for a label the explanation has no fit for.

    Subclasses ``KeyError`` because lime raises ``KeyError`` here; the message
    lists the explained labels and how to explain another one.

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import LimeTextExplainer
    >>> def model(docs):
    ...     p = np.array([0.9 if "good" in d else 0.2 for d in docs])
    ...     return np.column_stack([1 - p, p])
    >>> exp = LimeTextExplainer(random_state=0).explain_instance(
    ...     "a good film", model, num_samples=100)
    >>> try:
    ...     exp.as_list(label=0)
    ... except KeyError as error:
    ...     print(error)  # doctest: +NORMALIZE_WHITESPACE
    Label 0 was not explained; explained labels are [1]. Pass one of those as label=,
    or explain with labels=(0,) or top_labels=K.
    """

    def __str__(self) -> str:
        return str(self.args[0])


class DomainMapper:
    """Maps feature ids to names, and says how the instance is shown.

    The base mapper names a feature by its index. Each domain (tabular, text,
    image) subclasses it and builds its own view of the instance
    (:meth:`view`), so nothing above it tells the domains apart.
    """

    #: the front end's view of the instance: 'tabular', 'text' or 'image'
    kind = "tabular"

    def map_exp_ids(
        self, exp: Sequence[tuple[int, float]], **kwargs: Any
    ) -> list[tuple[Any, float]]:
        """Return ``exp`` with feature ids replaced by readable names."""
        return [(x[0], x[1]) for x in exp]

    def shown_names(self, exp: Sequence[tuple[int, float]]) -> list[str]:
        """The names the widget shows for ``exp``'s features (lime's ``as_list`` names)."""
        return [str(name) for name, _ in self.map_exp_ids(exp)]

    def interpretable_names(self, n_features: int) -> list[str]:
        """A readable name for each of the ``n_features`` interpretable features."""
        return self.shown_names([(i, 0.0) for i in range(n_features)])

    def shown_values(self, ids: Sequence[int]) -> list[str]:
        """The instance's value of each feature in ``ids`` ("" where there is none)."""
        return ["" for _ in ids]

    def view(self) -> dict[str, Any]:
        """What the front end draws of the instance (JSON-able; strings are text)."""
        return {"instance": []}


class LocalFits:
    """Per-label local surrogates on one neighbourhood, with lime's readers.

    The fitted state (``local_exp``, ``intercept``, ``score``, ``local_pred``,
    ``neighbourhood``, ``settings``, ``labels``) and lime's readers of
    :class:`~lime_widget.Explanation`, which documents them; assessing and
    refitting are added by the subclasses.
    """

    def __init__(
        self,
        domain_mapper: DomainMapper,
        mode: str = "classification",
        class_names: Sequence[str] | None = None,
        random_state: Any = None,
    ) -> None:
        self.random_state = random_state
        self.mode = mode
        self.domain_mapper = domain_mapper
        self.local_exp: dict[int, list[tuple[int, float]]] = {}
        self.intercept: dict[int, float] = {}
        self.score: dict[int, float] = {}
        self.local_pred: dict[int, FloatArray] = {}
        self.top_labels: list[int] | None = None
        self.predict_proba: FloatArray | None = None
        self.predicted_value: float | None = None
        self.min_value: float | None = None
        self.max_value: float | None = None
        self.dummy_label = 1
        if mode == "classification":
            self.class_names = list(class_names) if class_names is not None else None
        else:
            self.class_names = ["negative", "positive"]
        self.neighbourhood: Neighbourhood | None = None
        self.settings: FitSettings | None = None
        self.labels: list[int] = []

    # -- fitting ----------------------------------------------------------
    def _fit(
        self, neighbourhood: Neighbourhood, settings: FitSettings, labels: Sequence[int]
    ) -> None:
        """Fit every label on ``neighbourhood`` (no model call)."""
        self.neighbourhood = neighbourhood
        self.settings = settings
        self.labels = [int(x) for x in labels]
        outputs0 = neighbourhood.outputs[0]
        if self.mode == "classification":
            self.predict_proba = outputs0.copy()
        else:
            y = neighbourhood.outputs[:, 0]
            self.predicted_value = float(y[0])
            self.min_value = float(y.min())
            self.max_value = float(y.max())
        problem = neighbourhood.weighted(settings.kernel_width, settings.kernel_fn)
        for label in self.labels:
            fit = problem.fit(
                label, settings.num_features, settings.feature_selection, settings.model_regressor
            )
            self.local_exp[label] = fit.local_exp
            self.intercept[label] = fit.intercept
            self.score[label] = fit.score
            self.local_pred[label] = fit.local_pred
        if self.mode == "regression":
            self.intercept[1] = self.intercept[0]
            self.score[1] = self.score[0]
            self.local_pred[1] = self.local_pred[0]
            self.local_exp[1] = list(self.local_exp[0])
            self.local_exp[0] = [(i, -1 * w) for i, w in self.local_exp[1]]

    # -- lime's readers ---------------------------------------------------
    def available_labels(self) -> list[int]:
        """Labels with an explanation (``top_labels`` order when they were asked for).

        Returns
        -------
        list of int
            Most probable first when explained with ``top_labels``.

        Raises
        ------
        NotImplementedError
            In regression, as lime.
        """
        if self.mode == "regression":
            msg = "available_labels() is not defined for regression explanations."
            raise NotImplementedError(msg)
        if self.top_labels:
            return list(self.top_labels)
        return list(self.local_exp.keys())

    def _label(self, label: int | None) -> int:
        if self.mode == "regression":
            return self.dummy_label
        if label is None:
            label = (
                self.top_labels[0]
                if self.top_labels
                else (1 if 1 in self.local_exp else next(iter(self.local_exp)))
            )
        if label not in self.local_exp:
            msg = (
                f"Label {label!r} was not explained; explained labels are "
                f"{sorted(self.local_exp)}. Pass one of those as label=, or explain with "
                f"labels=({label!r},) or top_labels=K."
            )
            raise LabelNotExplainedError(msg)
        return int(label)

    def as_list(self, label: int = 1, **kwargs: Any) -> list[tuple[Any, float]]:
        """Readable ``(feature, weight)`` pairs for ``label``, sorted by ``|weight|``.

        Parameters
        ----------
        label : int, default=1
            Label to read (ignored in regression).
        **kwargs
            Passed to the domain mapper (text: ``positions=True``).

        Returns
        -------
        list of (str, float)

        Raises
        ------
        LabelNotExplainedError
            If ``label`` was not explained (a ``KeyError`` listing the explained ones).

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> iris = load_iris()
        >>> model = LogisticRegression(max_iter=500).fit(iris.data, iris.target)
        >>> explainer = LimeTabularExplainer(iris.data, feature_names=iris.feature_names,
        ...                                  random_state=0)
        >>> exp = explainer.explain_instance(iris.data[0], model.predict_proba, labels=(0,),
        ...                                  num_features=2, num_samples=500)
        >>> [name for name, weight in exp.as_list(label=0)]
        ['petal length (cm) <= 1.60', 'sepal length (cm) <= 5.10']
        >>> exp.as_list(label=0)[0][1] > 0  # a short petal speaks for setosa
        True
        """
        exp = self.domain_mapper.map_exp_ids(self.local_exp[self._label(label)], **kwargs)
        return [(x[0], float(x[1])) for x in exp]

    def as_map(self) -> dict[int, list[tuple[int, float]]]:
        """``local_exp``: per label, ``(feature_id, weight)`` pairs.

        Returns
        -------
        dict of int to list of (int, float)
            Sorted by ``|weight|``, as :meth:`as_list` but with feature ids.
        """
        return self.local_exp

    def as_pyplot_figure(
        self, label: int = 1, figsize: tuple[float, float] = (4, 4), **kwargs: Any
    ) -> Any:
        """A matplotlib bar chart of the weights (matplotlib is optional), as lime's.

        Parameters
        ----------
        label : int, default=1
            Label to show (ignored in regression).
        figsize : (float, float), default=(4, 4)
            Figure size in inches.
        **kwargs
            Passed to :meth:`as_list` (text: ``positions=True``).

        Returns
        -------
        matplotlib.figure.Figure
        """
        return _figures.pyplot_figure(
            self.as_list(label=label, **kwargs), self._title(label), figsize
        )

    def _title(self, label: int | None) -> str:
        if self.mode == "regression":
            return "Local explanation"
        lab = self._label(label)
        name = self.class_names[lab] if self.class_names and lab < len(self.class_names) else lab
        return f"Local explanation for class {name}"

    def as_plotly_figure(self, label: int | None = None, **kwargs: Any) -> Any:
        """A plotly bar chart of the weights, strongest at the top.

        Names are shown as text: ``<`` and ``>`` are escaped so that plotly's
        label markup cannot interpret them.

        Parameters
        ----------
        label : int, optional
            Label to show (default: the top label, else label 1 if explained,
            else the first explained one; ignored in regression).
        **kwargs
            Passed to :meth:`as_list` (text: ``positions=True``).

        Returns
        -------
        plotly.graph_objects.Figure

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=3, num_samples=500)
        >>> fig = exp.as_plotly_figure(label=0)
        >>> len(fig.data[0].y)
        3
        """
        pairs = self.as_list(label=self._label(label), **kwargs)
        return _figures.plotly_figure(pairs, self._question(label))

    def _question(self, label: int | None) -> str:
        """The widget's title: "Why benign? (p = 0.93)", "Why is the prediction 252.1?"."""
        if self.mode == "regression":
            value = self.predicted_value
            return (
                "Why this prediction?" if value is None else f"Why is the prediction {value:.4g}?"
            )
        lab = self._label(label)
        name = self.class_names[lab] if self.class_names and lab < len(self.class_names) else lab
        p = None if self.predict_proba is None else float(self.predict_proba[lab])
        return f"Why {name}?" if p is None else f"Why {name}? (p = {p:.2f})"
