"""The input contract of every public entry point, by layer (see ``_support``)."""
