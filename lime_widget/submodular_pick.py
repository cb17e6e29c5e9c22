"""lime's module path ``lime.submodular_pick``."""

from .explainers._submodular import SubmodularPick

__all__ = ["SubmodularPick"]
