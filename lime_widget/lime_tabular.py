"""lime's module path ``lime.lime_tabular``: ``from lime_widget import lime_tabular`` as lime's."""

from .explainers._recurrent import RecurrentTabularExplainer
from .explainers._tabular import LimeTabularExplainer
from .explainers._tabular_sampling import TableDomainMapper

__all__ = ["LimeTabularExplainer", "RecurrentTabularExplainer", "TableDomainMapper"]
