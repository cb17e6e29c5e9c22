"""A live session's parameters and their checks (every trait assignment goes through them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine._params import FIT_PARAMETERS, check_fit_param
from ..engine._validation import InvalidParameterError, check_int

__all__ = ["LIVE_FIT_PARAMETERS", "LiveParams", "check_live_param"]

#: the fit parameters a live session takes from the table (the label is checked here)
LIVE_FIT_PARAMETERS = tuple(k for k in FIT_PARAMETERS if k != "top_labels")


@dataclass(frozen=True)
class LiveParams:
    """The parameters a live explanation is fit with."""

    kernel_width: float
    num_samples: int
    num_features: int
    feature_selection: str
    label: int


def check_live_param(
    name: str, value: Any, *, max_samples: int, n_outputs: int, where: str = "LimeWidget"
) -> Any:
    """Check one live parameter: the constraint table, the sample cap and the classes."""
    if name == "label":
        label = check_int(value, name, where, min_value=0)
        if label >= n_outputs:
            msg = (
                f"The 'label' parameter of {where} must be a class index in "
                f"[0, {n_outputs - 1}]. Got {label}."
            )
            raise InvalidParameterError(msg)
        return label
    if name not in LIVE_FIT_PARAMETERS:
        msg = f"{where} has no parameter {name!r}."
        raise InvalidParameterError(msg)
    checked = check_fit_param(name, value, where)
    if name == "num_samples" and checked > max_samples:
        msg = (
            f"The 'num_samples' parameter of {where} must be <= max_samples="
            f"{max_samples}. Got {checked}. Pass max_samples= to interact() to allow more."
        )
        raise InvalidParameterError(msg)
    return checked
