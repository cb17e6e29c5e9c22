"""Explanation: lime's result object, plus a refit from its cached neighbourhood.

:class:`Prepared` is what an explainer hands over: one instance's sample pool
and fit settings. An explanation keeps one typed reference to it
(:attr:`Explanation.source`), so it can refit, grow its sample and open the
live widget without knowing which explainer made it.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..engine import _stability as st
from ..engine._neighbourhood import Neighbourhood, NeighbourhoodPool
from ..engine._params import FitSettings, check_fit_param
from ..engine._validation import MAX_SAMPLES, check_fraction, check_int
from . import _export
from ._assess import AssessedFits
from ._fits import LocalFits
from ._handoff import live_widget
from ._labels import first_label, resolve_labels

__all__ = ["Explanation", "Prepared", "Rederivable"]


@dataclass
class Prepared:
    """One instance ready to explain: its drawn pool and the fit settings.

    Built by each explainer's ``_prepare``; ``explain_instance`` asks the model
    about the whole first block and fits, the live session streams it.
    """

    pool: NeighbourhoodPool
    settings: FitSettings
    labels: Sequence[Any]
    top_labels: int | None
    make_explanation: Callable[[], Explanation]
    where: str

    def explain(
        self,
        num_samples: int | None = None,
        settings: FitSettings | None = None,
        labels: Sequence[Any] | None = None,
        top_labels: int | None = None,
        *,
        where: str | None = None,
    ) -> Explanation:
        """Fit an explanation on the first ``num_samples`` rows with outputs (no model call).

        ``where`` names the caller in label errors (default: ``explain_instance``).
        """
        neighbourhood = self.pool.neighbourhood(num_samples)
        exp = self.make_explanation()
        if labels is None and top_labels is None:
            labels, top_labels = self.labels, self.top_labels
        fit_labels, top = resolve_labels(
            neighbourhood.outputs[0],
            labels if labels is not None else (),
            top_labels,
            exp.mode,
            where or self.where,
        )
        exp.source = self
        exp._fit(neighbourhood, settings or self.settings, fit_labels)
        exp.top_labels = top
        return exp

    def first_label(self) -> Any:
        """The class a view shows first (see :func:`first_label`); checked by the caller."""
        outputs0 = self.pool.neighbourhood().outputs[0]
        return first_label(outputs0, self.labels, self.top_labels, self.where)


class Rederivable(Protocol):
    """The source of a light explanation (``explain_many`` dropped its samples)."""

    def rederive(self) -> Prepared:
        """Draw the same rows again and ask the model: the source the explanation had."""
        ...


class Explanation(AssessedFits):
    """A LIME explanation: per-label local surrogates on one cached neighbourhood.

    The attributes and readers are lime's (``local_exp``, ``intercept``,
    ``as_list``, ``as_map``, ...). Unlike lime 0.2.0.1, ``score`` and
    ``local_pred`` are dicts keyed by label (lime master's fix of lime#173/#506),
    and :meth:`refit` returns a new explanation for other surrogate settings
    without calling the model.

    Attributes
    ----------
    mode : {'classification', 'regression'}
    domain_mapper : DomainMapper
        Turns feature ids into names.
    local_exp : dict of int to list of (int, float)
        Per label, the selected features and weights sorted by ``|weight|``.
    intercept, score : dict of int to float
        Per label, the surrogate's intercept and weighted R².
    local_pred : dict of int to ndarray of shape (1,)
        Per label, the surrogate's prediction at the instance.
    neighbourhood : Neighbourhood
        The sampled rows, distances and model outputs the fits used.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
    ...     X[0], model.predict_proba, top_labels=2, num_samples=500)
    >>> exp.available_labels()
    [0, 1]
    >>> sorted(exp.score) == sorted(exp.local_pred) == sorted(exp.intercept) == [0, 1]
    True
    """

    #: where the samples come from: the explainer's prepared instance, a way to re-derive
    #: them (a light ``explain_many`` result), or None (unpickled, or sent by a worker)
    source: Prepared | Rederivable | None = None

    @property
    def prepared(self) -> Prepared | None:
        """The prepared instance behind this explanation (``LiveSession(exp.prepared)``)."""
        return self.source if isinstance(self.source, Prepared) else None

    @property
    def pool(self) -> NeighbourhoodPool | None:
        """The growable sample pool behind this explanation, if it has one."""
        prepared = self.prepared
        return None if prepared is None else prepared.pool

    def restore(self) -> Explanation:
        """Give a light explanation its samples back (same draws, one model call); return it."""
        source = self.source
        if source is None or isinstance(source, Prepared):
            return self
        prepared = source.rederive()
        fresh = prepared.explain()
        if not _same_fit(fresh, self):
            warnings.warn(
                "Re-deriving this explanation's samples gave other weights: the model does not "
                "return the same outputs for the same inputs. The live view shows the new samples. "
                "Pass keep_neighbourhood=True to explain_many to keep the original ones.",
                UserWarning,
                stacklevel=3,
            )
        self.neighbourhood = fresh.neighbourhood
        self.source = prepared
        return self

    def first_label(self) -> int:
        """The class a view of this explanation shows first: the top label, else the first."""
        outputs0 = self._cached()[0].outputs[0]
        top = len(self.top_labels) if self.top_labels else None
        label = first_label(outputs0, self.labels, top, "Explanation")
        return int(np.argmax(outputs0)) if label is None else int(label)

    def as_html(
        self,
        labels: Sequence[int] | None = None,
        predict_proba: bool = True,
        show_predicted_value: bool = True,
        **kwargs: Any,
    ) -> str:
        """One self-contained HTML page of this explanation that works offline, as lime's.

        The widget's views, with the script and data inlined and no network request
        of any kind. Its kernel-width, K, feature-selection and class controls still
        refit, from fits computed here exactly as :meth:`refit` computes them; the
        sample controls need the model and are disabled.

        Parameters
        ----------
        labels : sequence of int, optional
            The first one is the class shown first.
        predict_proba, show_predicted_value : bool
            Accepted as lime accepts them; the page always shows the model's output.
        **kwargs
            Accepted for lime compatibility.

        Returns
        -------
        str
        """
        return _export.as_html(self, labels)

    def save_to_file(
        self,
        file_path: Any,
        labels: Sequence[int] | None = None,
        predict_proba: bool = True,
        show_predicted_value: bool = True,
        **kwargs: Any,
    ) -> None:
        """Write :meth:`as_html` to ``file_path``: one file to share, which works offline.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, num_features=2, num_samples=300)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "explanation.html"
        >>> exp.save_to_file(path)
        >>> "Content-Security-Policy" in path.read_text()
        True
        """
        _export.save_to_file(self, file_path, labels)

    def _prepared(self, action: str) -> Prepared:
        prepared = self.restore().prepared
        if prepared is None or self.neighbourhood is None or self.settings is None:
            msg = f"This explanation has no cached neighbourhood to {action}."
            raise ValueError(msg)
        return prepared

    def _checked_settings(self) -> FitSettings:
        return self._cached()[1]

    def _checked_neighbourhood(self) -> Neighbourhood:
        return self._cached()[0]

    def refit(
        self,
        *,
        kernel_width: float | None = None,
        num_features: int | None = None,
        feature_selection: str | None = None,
        labels: Sequence[int] | None = None,
        top_labels: int | None = None,
        num_samples: int | None = None,
    ) -> Explanation:
        """A new explanation from the same neighbourhood with other surrogate settings.

        The model is not called: kernel width, number of features, feature
        selection and labels change only the weighted fit. A smaller
        ``num_samples`` fits on the first rows; a larger one asks the model about
        the new rows only (drawn in fixed chunks from seeds derived from the
        explainer's ``random_state``).

        Parameters
        ----------
        kernel_width : float, optional
            New kernel width (default: unchanged).
        num_features : int, optional
            New maximum number of features (default: unchanged).
        feature_selection : str, optional
            New selection method (default: unchanged).
        labels : sequence of int, optional
            Labels to explain (default: the same labels).
        top_labels : int, optional
            Explain the ``top_labels`` most probable classes instead of ``labels``.
        num_samples : int, optional
            Fit on this many rows (default: all rows of this explanation).

        Returns
        -------
        Explanation

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> explainer = LimeTabularExplainer(X, random_state=0)
        >>> exp = explainer.explain_instance(X[0], model.predict_proba, num_samples=500)
        >>> narrow = exp.refit(kernel_width=0.5, num_features=2)
        >>> len(narrow.as_list())
        2
        """
        prepared = self._prepared("refit")
        where = "Explanation.refit"
        settings = self._checked_settings().updated(
            where,
            kernel_width=kernel_width,
            num_features=num_features,
            feature_selection=feature_selection,
        )
        n = self._checked_neighbourhood().num_samples
        if num_samples is not None:
            n = check_fit_param("num_samples", num_samples, where)
            prepared.pool.grow(n)
        if top_labels is not None:
            top_labels = check_fit_param("top_labels", top_labels, where)
        elif labels is None:  # the same labels as this explanation
            if self.top_labels:
                top_labels = len(self.top_labels)
            else:
                labels = self.labels
        return prepared.explain(n, settings, labels, top_labels, where=where)

    def until_stable(
        self,
        label: int | None = None,
        *,
        max_samples: int = 10_000,
        alpha: float = 0.05,
    ) -> Explanation:
        """Grow the sample until the top-K set is statistically settled (S-LIME's test).

        Every sample already drawn is reused; only new rows go to the model.
        Stops when the K-th and (K+1)-th features are separated at level
        ``alpha`` and the bootstrap top-K Jaccard reaches 0.9, or at
        ``max_samples``.

        Parameters
        ----------
        label : int, optional
            Label to assess (default: the last one explained).
        max_samples : int, default=10_000
            Never grow beyond this many samples.
        alpha : float, default=0.05
            Level of the one-sided test on the K-th / (K+1)-th gap.

        Returns
        -------
        Explanation
            Refit on the rows used.

        Examples
        --------
        >>> from sklearn.datasets import load_iris
        >>> from sklearn.linear_model import LogisticRegression
        >>> from lime_widget import LimeTabularExplainer
        >>> X, y = load_iris(return_X_y=True)
        >>> model = LogisticRegression(max_iter=500).fit(X, y)
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> small = exp.refit(num_samples=200)
        >>> stable = small.until_stable(label=0, max_samples=3000)
        >>> 200 <= stable.neighbourhood.num_samples <= 3000
        True
        """
        neighbourhood, settings = self._cached()
        where = "Explanation.until_stable"
        max_samples = check_int(
            max_samples, "max_samples", where, min_value=2, max_value=MAX_SAMPLES
        )
        alpha = check_fraction(alpha, "alpha", where)
        fit_label = self._fit_label(label, where)
        pool = self._prepared("refit").pool

        def grow(n: int) -> bool:
            pool.grow(n)
            return True

        n = st.grow_until_settled(
            pool,
            neighbourhood.num_samples,
            lambda: (fit_label, settings),
            grow,
            max_samples=max_samples,
            alpha=alpha,
        )
        return self.refit(num_samples=n)

    def show_in_notebook(
        self,
        labels: Sequence[int] | None = None,
        predict_proba: bool = True,
        show_predicted_value: bool = True,
        **kwargs: Any,
    ) -> None:
        """Display this explanation as a live widget (JupyterLab, Notebook 7, Colab, VS Code).

        Unlike lime's HTML, it renders in JupyterLab and dark themes (lime#193,
        #443). The sliders refit from this explanation's cached samples.

        Parameters
        ----------
        labels : sequence of int, optional
            The first one is the class shown first (default: the top label, else
            the first explained one).
        predict_proba, show_predicted_value : bool
            Accepted for lime compatibility; the widget always shows the model's output.
        **kwargs
            Accepted for lime compatibility (``show_table``, ``show_all``, ...).

        Returns
        -------
        None
            As lime; :meth:`as_widget` returns the widget itself.
        """
        widget = self.as_widget(label=None if labels is None else next(iter(labels), None))
        from IPython.display import display

        display(widget)  # type: ignore[no-untyped-call]

    def as_widget(self, label: int | None = None) -> Any:
        """A :class:`~lime_widget.LimeWidget` over this explanation's cached neighbourhood.

        The widget starts at this explanation's sample count and settings, so it
        first shows exactly this explanation; its sliders refit from the same samples.

        Parameters
        ----------
        label : int, optional
            Class shown first (default: the top label, else the first explained one).

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
        >>> exp = LimeTabularExplainer(X, random_state=0).explain_instance(
        ...     X[0], model.predict_proba, labels=(0,), num_features=2, num_samples=500)
        >>> w = exp.as_widget()
        >>> w.wait().as_list(label=0) == exp.as_list(label=0)
        True
        >>> w.close()
        """
        prepared = self._prepared("show live")
        n = self._checked_neighbourhood().num_samples
        # the widget starts from this explanation: its settings, labels and sample count
        start = dataclasses.replace(
            prepared,
            settings=self._checked_settings(),
            labels=list(self.labels),
            top_labels=len(self.top_labels) if self.top_labels else None,
            where="Explanation.as_widget",
        )
        return live_widget(start, label=label, initial_samples=n)

    # -- how an explanation shows itself: a static view, no kernel needed (lime_widget/_static)
    def __repr__(self) -> str:
        from ._static import static_text

        try:
            return static_text(self)
        except Exception:  # a repr must not raise (debuggers, error messages)
            return object.__repr__(self)

    def _repr_html_(self) -> str:
        """The static rendering of the label a view shows first: no script, no external file."""
        from ._static import static_html

        return static_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """``text/html`` (:meth:`_repr_html_`) and ``text/plain`` (the one-line ``repr``)."""
        return {"text/plain": repr(self), "text/html": self._repr_html_()}


def _same_fit(a: LocalFits, b: LocalFits) -> bool:
    if a.local_exp.keys() != b.local_exp.keys():
        return False
    for label, pairs in a.local_exp.items():
        other = b.local_exp[label]
        if [f for f, _ in pairs] != [f for f, _ in other]:
            return False
        if not np.allclose([w for _, w in pairs], [w for _, w in other], rtol=0, atol=1e-9):
            return False
    return True
