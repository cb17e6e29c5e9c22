"""The cards of a gallery: filled from any thread, each change numbered for the page.

The page asks for the changes since the last number it has (a pull) or is sent
them (a push); either route may repeat a change, and the numbers make applying
it idempotent. An image card's thumbnail is kept apart and made on demand.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any

from ..explanation._batch import BatchExplanations
from ..explanation._cards import card_dict, card_trust, gallery_meta, thumb_dict
from ..explanation._explanation import Explanation

__all__ = ["CardStore"]

logger = logging.getLogger("lime_widget")


class CardStore:
    """Explanations and their cards, by row; thread-safe.

    Parameters
    ----------
    total : int
        Rows the gallery will hold when complete (progress: "12 of ``total``").
    true : list of int or None, optional
        The true class of each row (by row index), for the "true class" filter.
    n_rows : int, optional
        Rows of the explained data (default: ``total``); a submodular pick's cards are
        a few rows of many.
    """

    def __init__(
        self, total: int, true: list[int | None] | None = None, n_rows: int | None = None
    ) -> None:
        self.total = int(total)
        self.n_rows = self.total if n_rows is None else int(n_rows)
        self.true = true
        self.explanations: dict[int, Explanation] = {}
        self.meta: dict[str, Any] = gallery_meta([], total)
        self._cards: dict[int, dict[str, Any]] = {}
        self._thumbs: dict[int, dict[str, Any] | None] = {}
        self._to_assess: deque[int] = deque()
        self._to_thumb: deque[int] = deque()
        self._seq = 0
        self._assessing = 0  # rows taken off the queue, being assessed
        self._lock = threading.RLock()
        self._done = threading.Condition(self._lock)

    # -- filling -------------------------------------------------------------------------
    def add(self, row: int, exp: Explanation) -> None:
        """Add row ``row``'s explanation and its card (stability pending, if it can be had)."""
        true = None if self.true is None else self.true[row]
        card = card_dict(exp, row, true)
        with self._lock:
            if not self.explanations:
                self.meta = gallery_meta([exp], self.total)
            self.explanations[row] = exp
            self._publish(card)
            if card["assessed"] == "pending":
                self._to_assess.append(row)
            if card["kind"] == "image":
                self._to_thumb.append(row)

    def _publish(self, card: dict[str, Any]) -> None:
        self._seq += 1
        self._cards[card["row"]] = {**card, "seq": self._seq}

    def reassess(self, row: int) -> None:
        """Assess row ``row`` again (its explanation got its samples back)."""
        with self._lock:
            card = self._cards.get(row)
            if card is not None and card["assessed"] == "none":
                self._publish({**card, "assessed": "pending"})
                self._to_assess.appendleft(row)

    def work_left(self) -> bool:
        """Whether thumbnails or stabilities remain to be computed."""
        with self._lock:
            return bool(self._to_thumb or self._to_assess)

    def step(self) -> bool:
        """Make one thumbnail, else assess one card; False if there was nothing to do."""
        with self._lock:
            if self._to_thumb:
                row, job = self._to_thumb.popleft(), "thumb"
            elif self._to_assess:
                row, job = self._to_assess.popleft(), "assess"
                self._assessing += 1
            else:
                return False
        if job == "thumb":
            self.thumb(row)
        else:
            self._assess(row)
        return True

    def assess_all(self, timeout: float = 60.0) -> None:
        """Assess every card still waiting, in this thread (before a page is saved).

        Also waits (up to ``timeout`` seconds) for the one another thread is assessing.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._done:
                if not self._to_assess:
                    self._done.wait_for(
                        lambda: self._assessing == 0, max(0.0, deadline - time.monotonic())
                    )
                    return
                row = self._to_assess.popleft()
                self._assessing += 1
            self._assess(row)

    def _assess(self, row: int) -> None:
        """Assess a row taken off the queue (``_assessing`` counted it)."""
        with self._lock:
            exp, card = self.explanations[row], self._cards[row]
        try:
            trust = card_trust(exp, card["label"])
        except Exception as exc:  # a card without a badge, never a broken gallery
            logger.exception("lime_widget: could not assess the stability of row %s", row)
            trust = {"assessed": "failed", "error": f"{type(exc).__name__}: {exc}"}
        with self._done:
            self._publish({**self._cards[row], **trust})
            self._assessing -= 1
            self._done.notify_all()

    # -- reading -------------------------------------------------------------------------
    @property
    def seq(self) -> int:
        """The number of the newest change."""
        return self._seq

    @property
    def pending(self) -> int:
        """Cards whose stability is still being computed."""
        with self._lock:
            return len(self._to_assess) + self._assessing

    def cards(self) -> list[dict[str, Any]]:
        """Every card, by row."""
        with self._lock:
            return [self._cards[row] for row in sorted(self._cards)]

    def changes(self, since: int) -> tuple[list[dict[str, Any]], int]:
        """The cards changed after change ``since``, and the newest change's number."""
        with self._lock:
            return [c for c in self._cards.values() if c["seq"] > since], self._seq

    def card(self, row: int) -> dict[str, Any] | None:
        """Row ``row``'s card, or None."""
        with self._lock:
            return self._cards.get(row)

    def thumb(self, row: int) -> dict[str, Any] | None:
        """Row ``row``'s thumbnail (made once, then kept); None for other kinds."""
        with self._lock:
            if row in self._thumbs:
                return self._thumbs[row]
            exp, card = self.explanations.get(row), self._cards.get(row)
        if exp is None or card is None:
            return None
        thumb = thumb_dict(exp, card)
        with self._lock:
            self._thumbs[row] = thumb
        return thumb

    def thumbs(self, rows: list[int], budget: float | None = None) -> dict[int, dict[str, Any]]:
        """The thumbnails of ``rows`` made so far, making missing ones for ``budget`` seconds."""
        out: dict[int, dict[str, Any]] = {}
        start = time.monotonic()
        for row in rows:
            with self._lock:
                made = row in self._thumbs
            if not made and budget is not None and time.monotonic() - start > budget:
                continue
            thumb = self.thumb(row)
            if thumb is not None:
                out[row] = thumb
        return out

    def batch(self) -> BatchExplanations:
        """The explanations so far, as the :class:`BatchExplanations` of the rows."""
        with self._lock:
            return BatchExplanations(dict(self.explanations), self.n_rows)
