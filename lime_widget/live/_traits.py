"""The widget's trait types: every wrong value raises a ``TraitError`` that is a ``ValueError``.

traitlets raises ``TraitError`` (and rolls back a ``hold_sync`` block on it);
callers of this package catch ``ValueError``/``TypeError``. :class:`TraitParameterError`
is both, with the message of the parameter's one check (``LiveSession.check``).
"""

from __future__ import annotations

from typing import Any

import traitlets

from ..engine._validation import InvalidParameterError

__all__ = ["LiveParam", "TraitParameterError", "WorkerDict"]


class TraitParameterError(traitlets.TraitError, InvalidParameterError):
    """A :class:`~lime_widget.LimeWidget` trait got a wrong value.

    A ``traitlets.TraitError`` (so ``hold_sync`` rolls back) and an
    :class:`~lime_widget.InvalidParameterError` (so ``except ValueError`` and
    ``except TypeError`` catch it); the message names the trait, the constraint,
    what was given and the fix.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from lime_widget import LimeTabularExplainer
    >>> X, y = load_iris(return_X_y=True)
    >>> model = LogisticRegression(max_iter=500).fit(X, y)
    >>> w = LimeTabularExplainer(X, random_state=0).interact(X[0], model.predict_proba,
    ...                                                     num_samples=300)
    >>> try:
    ...     w.kernel_width = "wide"
    ... except ValueError as error:
    ...     print(error)
    The 'kernel_width' parameter of LimeWidget must be a float > 0. Got 'wide' of type str instead.
    >>> w.close()
    """


class LiveParam(traitlets.TraitType[Any, Any]):
    """A fit parameter of the widget: every value goes through its session's check.

    The check is the one every entry point uses (``engine._params.FIT_PARAMETERS``,
    plus the sample cap and the classes), so a trait takes what ``refit`` takes.
    """

    info_text = "a value the widget's session accepts"

    def validate(self, obj: Any, value: Any) -> Any:
        try:
            return obj._session.check(self.name, value)
        except InvalidParameterError as exc:
            raise TraitParameterError(str(exc)) from None


class WorkerDict(traitlets.Dict):
    """A dict the widget writes itself (``meta``, ``state``, ``offline``): read it."""

    def error(self, obj: Any, value: Any, error: Any = None, info: Any = None) -> Any:
        msg = (
            f"The {self.name!r} parameter of LimeWidget must be a dict. Got {value!r} of type "
            f"{type(value).__name__} instead. The widget writes it; read it, do not assign it."
        )
        raise TraitParameterError(msg)
