"""lime's module path ``lime.lime_base``: ``from lime_widget import lime_base`` as lime's."""

from .engine._lime_base import LimeBase

__all__ = ["LimeBase"]
