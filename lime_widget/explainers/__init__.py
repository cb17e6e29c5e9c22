"""The explainers: lime's tabular, text and image explainers, batches and submodular pick.

Each explainer owns its sampler and its domain (feature names and the view of
the instance); :class:`BaseExplainer` gives every one ``explain_many`` and
``interact``. This layer imports the explanation and engine layers, and the
widget only through the explanation layer's lazy hand-off.
"""

from ._base import BaseExplainer
from ._image import LimeImageExplainer, SegmentationAlgorithm
from ._recurrent import RecurrentTabularExplainer
from ._submodular import SubmodularPick
from ._tabular import LimeTabularExplainer
from ._text import LimeTextExplainer

__all__ = [
    "BaseExplainer",
    "LimeImageExplainer",
    "LimeTabularExplainer",
    "LimeTextExplainer",
    "RecurrentTabularExplainer",
    "SegmentationAlgorithm",
    "SubmodularPick",
]
