"""Bulk reads across relations: records with their related records, without N+1."""

from .loaded import Loaded
from .nested import complete
from .relations import load, load_pages

__all__ = ["Loaded", "complete", "load", "load_pages"]
