"""A document split into lime's words (or characters): vocabulary, positions, documents.

The interpretable representation of :class:`LimeTextExplainer`: a feature is a
word (``bow=True``: all its occurrences) or a word position; the perturbed
documents are built from rows of kept (1) and removed (0) features.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine._validation import InvalidParameterError
from ._checks import check_tokens

__all__ = ["IndexedCharacters", "IndexedString"]


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
            tokens = check_tokens(split_expression(self.raw), "LimeTextExplainer")
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
