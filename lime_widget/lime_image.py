"""lime's module path ``lime.lime_image``: ``from lime_widget import lime_image`` as lime's."""

from .explainers._image import LimeImageExplainer, SegmentationAlgorithm
from .explanation._image import ImageExplanation

__all__ = ["ImageExplanation", "LimeImageExplainer", "SegmentationAlgorithm"]
