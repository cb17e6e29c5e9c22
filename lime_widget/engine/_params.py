"""The fit parameters: one constraint table and the settings a surrogate fit depends on.

Every entry point that takes a fit parameter (the explainers' constructors and
``explain_instance``, ``Explanation.refit``, the live session and the widget's
traits) checks it here, so a parameter has one constraint and one message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._surrogate import FEATURE_SELECTION_METHODS, KernelFn
from ._validation import (
    MAX_SAMPLES,
    InvalidParameterError,
    check_int,
    check_option,
    check_positive_float,
)

__all__ = ["FIT_PARAMETERS", "FitSettings", "check_fit_param"]


def _selection(value: Any, name: str, where: str) -> str:
    return check_option(value, name, where, FEATURE_SELECTION_METHODS)


def _samples(value: Any, name: str, where: str) -> int:
    return check_int(value, name, where, min_value=2, max_value=MAX_SAMPLES)


#: parameter name -> check(value, name, where) returning the normalised value
FIT_PARAMETERS: dict[str, Callable[[Any, str, str], Any]] = {
    "kernel_width": check_positive_float,
    "num_features": check_int,
    "num_samples": _samples,
    "feature_selection": _selection,
    "top_labels": check_int,
}


def check_fit_param(name: str, value: Any, where: str) -> Any:
    """Check one fit parameter against :data:`FIT_PARAMETERS`; return the normalised value."""
    try:
        check = FIT_PARAMETERS[name]
    except KeyError:
        msg = f"{where} has no parameter {name!r}."
        raise InvalidParameterError(msg) from None
    return check(value, name, where)


@dataclass(frozen=True)
class FitSettings:
    """What a surrogate fit depends on besides the neighbourhood."""

    kernel_width: float
    num_features: int
    feature_selection: str
    kernel_fn: KernelFn | None = None
    model_regressor: Any = None

    def updated(self, where: str, **changes: Any) -> FitSettings:
        """These settings with ``changes`` (None: unchanged), each checked in the table."""
        checked = {
            name: check_fit_param(name, value, where)
            for name, value in changes.items()
            if value is not None
        }
        return dataclasses.replace(self, **checked) if checked else self
