"""lime's module path ``lime.lime_text``: ``from lime_widget import lime_text`` works as lime's."""

from .explainers._text import IndexedCharacters, IndexedString, LimeTextExplainer, TextDomainMapper

__all__ = ["IndexedCharacters", "IndexedString", "LimeTextExplainer", "TextDomainMapper"]
