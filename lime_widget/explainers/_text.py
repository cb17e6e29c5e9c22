"""LIME for text, lime 0.2.0.1's ``LimeTextExplainer`` with a cached neighbourhood.

The draws are lime's (``randint`` for how many words to remove, then one
``permutation`` per sample); the perturbed documents are built lazily, one
model batch at a time, so a model never receives all samples at once
(lime#651, #681).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from ..engine._distances import check_metric, distances_to
from ..engine._neighbourhood import ModelCaller, collect
from ..engine._params import FitSettings
from ..engine._validation import InvalidParameterError
from ..explanation._explanation import Explanation, Prepared
from ..explanation._fits import DomainMapper
from ._base import BaseExplainer, check_common, check_explainer_options
from ._checks import check_names, check_split_expression, keeps_stream_on_refusal
from ._text_index import IndexedCharacters, IndexedString

__all__ = ["IndexedCharacters", "IndexedString", "LimeTextExplainer", "TextDomainMapper"]

FloatArray = npt.NDArray[np.float64]


class TextDomainMapper(DomainMapper):
    """Maps feature ids to words (or ``word_positions`` with ``positions=True``)."""

    kind = "text"

    def __init__(self, indexed_string: IndexedString) -> None:
        self.indexed_string = indexed_string

    def map_exp_ids(
        self, exp: Sequence[tuple[int, float]], positions: bool = False, **kwargs: Any
    ) -> list[tuple[Any, float]]:
        """``(word, weight)`` pairs; with ``positions`` the word carries its offsets."""
        s = self.indexed_string
        if positions:
            return [
                (f"{s.word(x[0])}_{'-'.join(map(str, s.string_position(x[0])))}", x[1]) for x in exp
            ]
        return [(s.word(x[0]), x[1]) for x in exp]

    def shown_names(self, exp: Sequence[tuple[int, float]]) -> list[str]:
        # positional text (bow=False): "word_19" tells two occurrences of a word apart, as lime does
        return [str(n) for n, _ in self.map_exp_ids(exp, positions=not self.indexed_string.bow)]

    def view(self) -> dict[str, Any]:
        s = self.indexed_string
        return {
            "tokens": [
                {"text": str(t), "feature": int(f)}
                for t, f in zip(s.as_list, s.token_feature, strict=True)
            ]
        }


@dataclass
class _TextDraw:
    design: FloatArray
    indexed: IndexedString

    def inputs(self, start: int, stop: int) -> list[str]:
        return self.indexed.documents(self.design[start:stop] > 0)


class _TextSampler:
    def __init__(self, indexed: IndexedString, metric: Any) -> None:
        self.indexed = indexed
        self.metric = metric
        self.d = indexed.num_words()

    def draw(
        self, n: int, random_state: np.random.RandomState, *, instance_first: bool
    ) -> _TextDraw:
        d = self.d
        first = 1 if instance_first else 0
        sizes = random_state.randint(1, d + 1, n - first)
        data = np.ones((n, d))
        cols = [random_state.permutation(d)[:size] for size in sizes]
        if cols:
            rows = np.repeat(np.arange(first, n), sizes)
            data[rows, np.concatenate(cols)] = 0
        return _TextDraw(data, self.indexed)

    def distances(self, design: FloatArray) -> FloatArray:
        return distances_to(design, np.ones(self.d), self.metric) * 100


class LimeTextExplainer(BaseExplainer):
    r"""Explains text classifiers, with lime 0.2.0.1's API and numbers.

    Parameters
    ----------
    kernel_width : float, default=25
    kernel : callable, optional
        ``kernel(d, kernel_width)``.
    verbose : bool, default=False
        Accepted for compatibility.
    class_names : list of str, optional
    feature_selection : str, default='auto'
    split_expression : str or callable, default=r'\\W+'
    bow : bool, default=True
    mask_string : str, optional
    random_state : int, RandomState or None
    char_level : bool, default=False

    Examples
    --------
    >>> import numpy as np
    >>> from lime_widget import LimeTextExplainer
    >>> def model(docs):
    ...     p = np.array([0.9 if "good" in d else 0.2 for d in docs])
    ...     return np.column_stack([1 - p, p])
    >>> explainer = LimeTextExplainer(random_state=0)
    >>> exp = explainer.explain_instance("a good film", model, num_features=1, num_samples=200)
    >>> exp.as_list()[0][0]
    'good'
    """

    _where = "LimeTextExplainer"
    _explain_options: ClassVar[Mapping[str, Any]] = {
        "labels": (1,),
        "top_labels": None,
        "num_features": 10,
        "num_samples": 5000,
        "distance_metric": "cosine",
        "model_regressor": None,
        "batch_size": 500,
    }

    def __init__(
        self,
        kernel_width: float = 25,
        kernel: Callable[..., Any] | None = None,
        verbose: bool = False,
        class_names: Sequence[str] | None = None,
        feature_selection: str = "auto",
        split_expression: str | Callable[[str], list[str]] = r"\W+",
        bow: bool = True,
        mask_string: str | None = None,
        random_state: Any = None,
        char_level: bool = False,
    ) -> None:
        width, self.feature_selection = check_explainer_options(
            self._where,
            kernel_width=kernel_width,
            feature_selection=feature_selection,
            kernel=kernel,
        )
        self.kernel_width = float(width if width is not None else 25)
        self.kernel_fn = kernel
        self.verbose = verbose
        self._init_random_state(random_state)
        self.class_names = check_names(class_names, "class_names", self._where)
        self.vocabulary = None
        self.bow = bow
        if mask_string is not None and not isinstance(mask_string, str):
            msg = (
                f"The 'mask_string' parameter of {self._where} must be a str (what replaces a "
                f"removed word when bow=False) or None. Got {mask_string!r} instead."
            )
            raise InvalidParameterError(msg)
        self.mask_string = mask_string
        self.split_expression = check_split_expression(split_expression, self._where)
        self.char_level = char_level

    def indexed_string(self, text_instance: Any, where: str) -> IndexedString:
        """Split ``text_instance`` as this explainer does.

        Parameters
        ----------
        text_instance : str
            The document.
        where : str
            The calling method's name, for error messages.

        Returns
        -------
        IndexedString
            ``IndexedCharacters`` when the explainer is ``char_level``.

        Examples
        --------
        >>> from lime_widget import LimeTextExplainer
        >>> indexed = LimeTextExplainer().indexed_string("a good, good film", "example")
        >>> indexed.num_words(), indexed.word(1)
        (3, 'good')
        """
        if not isinstance(text_instance, str):
            msg = (
                f"The 'text_instance' parameter of {where} must be a str. "
                f"Got {type(text_instance).__name__} instead."
            )
            raise InvalidParameterError(msg)
        indexed = (
            IndexedCharacters(text_instance, bow=self.bow, mask_string=self.mask_string)
            if self.char_level
            else IndexedString(
                text_instance,
                split_expression=self.split_expression,
                bow=self.bow,
                mask_string=self.mask_string,
            )
        )
        if indexed.num_words() == 0:
            msg = (
                f"The 'text_instance' parameter of {where} must contain at least one word; "
                f"{text_instance!r} has none after splitting. Explain a non-empty document."
            )
            raise InvalidParameterError(msg)
        return indexed

    def sampler(self, text_instance: str, distance_metric: Any = "cosine") -> _TextSampler:
        """The sampler that removes words from ``text_instance``.

        Parameters
        ----------
        text_instance : str
            The document.
        distance_metric : str or callable, default='cosine'
            A scikit-learn metric name or ``metric(a, b)``.

        Returns
        -------
        sampler
            Draws rows of kept (1) and removed (0) words as lime does (``draw``)
            and measures their distance to the full document (``distances``).
        """
        where = f"{self._where}.explain_instance"
        return _TextSampler(
            self.indexed_string(text_instance, where), check_metric(distance_metric, where)
        )

    @keeps_stream_on_refusal
    def explain_instance(
        self,
        text_instance: str,
        classifier_fn: Callable[[list[str]], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = None,
        num_features: int = 10,
        num_samples: int = 5000,
        distance_metric: Any = "cosine",
        model_regressor: Any = None,
        *,
        batch_size: int | None = 500,
    ) -> Explanation:
        """Explain one document's prediction, as lime's ``explain_instance``.

        Parameters
        ----------
        text_instance : str
        classifier_fn : callable
            Takes a list of strings, returns ``(n, n_classes)`` probabilities.
        labels : sequence of int, default=(1,)
        top_labels : int, optional
        num_features : int, default=10
        num_samples : int, default=5000
        distance_metric : str or callable, default='cosine'
        model_regressor : estimator, optional
        batch_size : int or None, default=500
            Documents per model call; ``None`` sends all at once as lime does.

        Returns
        -------
        Explanation
        """
        return self._prepare(
            text_instance=text_instance,
            classifier_fn=classifier_fn,
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
        text_instance: Any,
        classifier_fn: Callable[[Any], Any],
        labels: Sequence[int] = (1,),
        top_labels: int | None = None,
        num_features: int = 10,
        num_samples: int = 5000,
        distance_metric: Any = "cosine",
        model_regressor: Any = None,
        batch_size: int | None = 500,
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
        sampler = self.sampler(text_instance, distance_metric)
        caller = ModelCaller(
            classifier_fn,
            mode="classification",
            batch_size=batch_size,
            where=where,
            param="classifier_fn",
        )
        pool = collect(sampler, caller, num_samples, self.random_state, self._seed, grow=grow)
        mapper = TextDomainMapper(sampler.indexed)

        def make_explanation() -> Explanation:
            if self.class_names is None:
                self.class_names = [str(x) for x in range(pool.neighbourhood().outputs.shape[1])]
            return Explanation(mapper, class_names=self.class_names, random_state=self.random_state)

        settings = FitSettings(
            self.kernel_width, num_features, self.feature_selection, self.kernel_fn, model_regressor
        )
        return Prepared(pool, settings, labels, top_labels, make_explanation, where)
