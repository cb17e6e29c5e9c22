"""LIME for text, lime 0.2.0.1's ``LimeTextExplainer`` with a cached neighbourhood.

The draws are lime's (``randint`` for how many words to remove, then one
``permutation`` per sample); the perturbed documents are built lazily, one
model batch at a time, so a model never receives all samples at once
(lime#651, #681).
"""

from __future__ import annotations

import re
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

__all__ = ["IndexedCharacters", "IndexedString", "LimeTextExplainer", "TextDomainMapper"]

FloatArray = npt.NDArray[np.float64]


class IndexedString:
    r"""A document split into tokens, with lime's vocabulary and positions.

    Parameters
    ----------
    raw_string : str
        The document.
    split_expression : str or callable, default=r'\\W+'
        Separator regex, or a tokenizer returning the tokens.
    bow : bool, default=True
        A feature is a word (all occurrences) rather than a word position.
    mask_string : str, optional
        Replacement for removed words when ``bow=False`` (default ``'UNKWORDZ'``).
    """

    def __init__(
        self,
        raw_string: str,
        split_expression: str | Callable[[str], list[str]] = r"\W+",
        bow: bool = True,
        mask_string: str | None = None,
    ) -> None:
        self.raw = raw_string
        self.mask_string = "UNKWORDZ" if mask_string is None else mask_string
        non_word: Callable[[str], Any]
        if callable(split_expression):
            tokens = split_expression(self.raw)
            self.as_list = self._segment_with_tokens(self.raw, tokens)
            token_set = set(tokens)

            def non_word(string: str) -> bool:
                return string not in token_set
        else:
            splitter = re.compile(rf"({split_expression})|$")
            self.as_list = [s for s in splitter.split(self.raw) if s]
            non_word = splitter.match
        self.bow = bow
        self._index(self.as_list, non_word)

    def _index(self, tokens: list[str], non_word: Callable[[str], Any]) -> None:
        self.string_start = np.hstack(([0], np.cumsum([len(x) for x in tokens[:-1]]))).astype(int)
        vocab: dict[str, int] = {}
        self.inverse_vocab: list[str] = []
        positions: list[Any] = []
        # feature id of each token, -1 for separators
        self.token_feature = np.full(len(tokens), -1, dtype=np.intp)
        non_vocab: set[str] = set()
        for i, word in enumerate(tokens):
            if word in non_vocab:
                continue
            if non_word(word):
                non_vocab.add(word)
                continue
            if self.bow:
                if word not in vocab:
                    vocab[word] = len(vocab)
                    self.inverse_vocab.append(word)
                    positions.append([])
                positions[vocab[word]].append(i)
                self.token_feature[i] = vocab[word]
            else:
                self.token_feature[i] = len(self.inverse_vocab)
                self.inverse_vocab.append(word)
                positions.append(i)
        self.positions: Any = positions if self.bow else np.array(positions, dtype=int)

    @staticmethod
    def _segment_with_tokens(text: str, tokens: Sequence[str]) -> list[str]:
        """Re-align a tokenizer's tokens with the raw text, keeping what lies between."""
        list_form: list[str] = []
        ptr = 0
        for token in tokens:
            found = text.find(token, ptr)
            if found < 0:
                msg = (
                    "The 'split_expression' tokenizer of LimeTextExplainer produced tokens that do "
                    f"not belong in the string: {token!r} is not found after position {ptr}. "
                    "It must return substrings of the text, in order."
                )
                raise InvalidParameterError(msg)
            if found > ptr:
                list_form.append(text[ptr:found])
            list_form.append(token)
            ptr = found + len(token)
        if ptr < len(text):
            list_form.append(text[ptr:])
        return list_form

    def raw_string(self) -> str:
        """The original document."""
        return self.raw

    def num_words(self) -> int:
        """Number of features (vocabulary words, or word positions)."""
        return len(self.inverse_vocab)

    def word(self, id_: int) -> str:
        """The word of feature ``id_``."""
        return self.inverse_vocab[id_]

    def string_position(self, id_: int) -> npt.NDArray[np.intp]:
        """Character offsets of feature ``id_``'s occurrences."""
        if self.bow:
            return np.asarray(self.string_start[self.positions[id_]])
        return np.asarray(self.string_start[[self.positions[id_]]])

    def inverse_removing(self, words_to_remove: Sequence[int]) -> str:
        """The document with the given features removed (or masked when ``bow=False``)."""
        keep = np.ones(self.num_words() + 1, dtype=bool)
        keep[np.asarray(words_to_remove, dtype=np.intp)] = False
        return self.documents(keep[None, :-1])[0]

    def documents(self, keep: npt.NDArray[Any]) -> list[str]:
        """Documents for rows of a 0/1 feature matrix (1 keeps the feature).

        The document is held as UTF-8 bytes where each token (followed, when
        ``bow=False``, by the mask that replaces it) owns its bytes; a row's
        document is the bytes its tokens keep, taken with one boolean mask.
        """
        buf, owner, is_mask = self._byte_layout()
        ext = np.ones((keep.shape[0], keep.shape[1] + 1), dtype=bool)
        ext[:, :-1] = keep
        kept = ext[:, self.token_feature]  # -1 (separators) picks the always-1 column
        chosen = kept[:, owner] != is_mask  # a token's bytes when kept, its mask's when not
        return [buf[row].tobytes().decode("utf-8") for row in chosen]

    def _byte_layout(
        self,
    ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        cached = getattr(self, "_layout", None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        mask = self.mask_string.encode("utf-8")
        pieces: list[bytes] = []
        owners: list[int] = []
        masks: list[bool] = []
        for i, token in enumerate(self.as_list):
            raw = token.encode("utf-8")
            pieces.append(raw)
            owners += [i] * len(raw)
            masks += [False] * len(raw)
            if not self.bow and self.token_feature[i] >= 0:
                pieces.append(mask)
                owners += [i] * len(mask)
                masks += [True] * len(mask)
        layout = (
            np.frombuffer(b"".join(pieces), dtype=np.uint8),
            np.asarray(owners, dtype=np.intp),
            np.asarray(masks, dtype=bool),
        )
        self._layout = layout
        return layout


class IndexedCharacters(IndexedString):
    """A document as characters: every character, spaces included, is a feature.

    Parameters
    ----------
    raw_string : str
        The document.
    bow : bool, default=True
        A feature is a character (all occurrences) rather than a position.
    mask_string : str, optional
        Replacement for removed characters when ``bow=False`` (default ``chr(0)``).
    """

    def __init__(self, raw_string: str, bow: bool = True, mask_string: str | None = None) -> None:
        self.raw = raw_string
        self.as_list = list(self.raw)
        self.mask_string = chr(0) if mask_string is None else mask_string
        self.bow = bow
        self._index(self.as_list, lambda _: False)


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
        self.class_names = None if class_names is None else list(class_names)
        self.vocabulary = None
        self.bow = bow
        self.mask_string = mask_string
        self.split_expression = split_expression
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
