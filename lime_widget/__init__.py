"""lime-widget: LIME you can play with.

Explain a model's single prediction with LIME (tabular, text, image), with the
numbers of the reference ``lime`` package, from a cached neighbourhood that
refits in milliseconds.

The package is layered (see ARCHITECTURE.md); imports go one way, downwards:
``live`` -> ``explainers`` -> ``explanation`` -> ``engine``. Public names are
re-exported here; the modules inside each layer are private.
"""

# lime's module paths, so that ``import lime_widget as lime`` then ``lime.lime_tabular...``
# (or ``from lime_widget import lime_tabular``) runs lime code with only the import changed
from . import discretize as discretize
from . import lime_base as lime_base
from . import lime_image as lime_image
from . import lime_tabular as lime_tabular
from . import lime_text as lime_text
from . import submodular_pick as submodular_pick
from .engine import (
    BaseDiscretizer,
    DecileDiscretizer,
    EntropyDiscretizer,
    InvalidParameterError,
    ModelOutputError,
    Neighbourhood,
    NeighbourhoodPool,
    QuartileDiscretizer,
    StatsDiscretizer,
    fit_label,
)
from .explainers import (
    LimeImageExplainer,
    LimeTabularExplainer,
    LimeTextExplainer,
    RecurrentTabularExplainer,
    SegmentationAlgorithm,
    SubmodularPick,
)
from .explanation import (
    BatchExplanations,
    Explanation,
    ImageExplanation,
    LabelNotExplainedError,
)
from .live import LiveSession


def __getattr__(name: str) -> object:
    # the widgets (and anywidget) are imported only when asked for
    if name == "LimeWidget":
        from .live._widget import LimeWidget

        return LimeWidget
    if name == "GalleryWidget":
        from .live._gallery import GalleryWidget

        return GalleryWidget
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


__version__ = "0.1.0"

__all__ = [
    "BaseDiscretizer",
    "BatchExplanations",
    "DecileDiscretizer",
    "EntropyDiscretizer",
    "Explanation",
    "GalleryWidget",
    "ImageExplanation",
    "InvalidParameterError",
    "LabelNotExplainedError",
    "LimeImageExplainer",
    "LimeTabularExplainer",
    "LimeTextExplainer",
    "LimeWidget",
    "LiveSession",
    "ModelOutputError",
    "Neighbourhood",
    "NeighbourhoodPool",
    "QuartileDiscretizer",
    "RecurrentTabularExplainer",
    "SegmentationAlgorithm",
    "StatsDiscretizer",
    "SubmodularPick",
    "__version__",
    "fit_label",
]
