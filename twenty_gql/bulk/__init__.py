"""Bulk reads across relations: records with their related records, without N+1."""

from .loaded import Loaded
from .relations import load, load_pages

__all__ = ["Loaded", "load", "load_pages"]
