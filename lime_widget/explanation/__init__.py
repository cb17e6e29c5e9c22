"""Explanations: lime's result objects, their readers, diagnostics and figures.

This layer sits above the engine and below the explainers; it reaches the
widget only through :mod:`lime_widget.explanation._handoff`, lazily.
``lime_widget.explanation`` holds lime's names (``Explanation``,
``DomainMapper``), as lime's ``lime.explanation`` does.
"""

from ._batch import BatchExplanations
from ._explanation import Explanation, Prepared
from ._fits import DomainMapper, LabelNotExplainedError
from ._image import ImageExplanation

__all__ = [
    "BatchExplanations",
    "DomainMapper",
    "Explanation",
    "ImageExplanation",
    "LabelNotExplainedError",
    "Prepared",
]
