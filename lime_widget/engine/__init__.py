"""The engine: neighbourhoods, surrogate fits, stability and discretizers. Pure numpy.

It imports nothing from the layers above it (explanation, explainers, live)
and nothing of the widget.
"""

from ._discretize import (
    BaseDiscretizer,
    DecileDiscretizer,
    EntropyDiscretizer,
    QuartileDiscretizer,
    StatsDiscretizer,
)
from ._fit_label import fit_label
from ._neighbourhood import ModelCaller, Neighbourhood, NeighbourhoodPool
from ._params import FIT_PARAMETERS, FitSettings, check_fit_param
from ._surrogate import FEATURE_SELECTION_METHODS, kernel
from ._validation import InvalidParameterError, ModelOutputError

__all__ = [
    "FEATURE_SELECTION_METHODS",
    "FIT_PARAMETERS",
    "BaseDiscretizer",
    "DecileDiscretizer",
    "EntropyDiscretizer",
    "FitSettings",
    "InvalidParameterError",
    "ModelCaller",
    "ModelOutputError",
    "Neighbourhood",
    "NeighbourhoodPool",
    "QuartileDiscretizer",
    "StatsDiscretizer",
    "check_fit_param",
    "fit_label",
    "kernel",
]
