"""Bulk work: many records per request, concurrent batches, per-record failures, and records
with their relations without N+1.

``Resource.create_many``, ``update_many_by_id``, ``delete_many_by_id``, ``destroy_many_by_id``,
``Resource.load`` and ``TwentyClient.complete`` are the entry points; this package holds their
machinery.
"""

from __future__ import annotations

from .loaded import Loaded
from .nested import complete
from .relations import load, load_pages
from .results import BulkResult, BulkWriteError, FailedRecord

__all__ = [
    "BulkResult",
    "BulkWriteError",
    "FailedRecord",
    "Loaded",
    "complete",
    "load",
    "load_pages",
]
