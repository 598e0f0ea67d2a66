"""Bulk writes: many records per request, concurrent batches, per-record failures.

``Resource.create_many``, ``update_many_by_id``, ``delete_many_by_id`` and
``destroy_many_by_id`` are the entry points; this package holds their machinery.
"""

from __future__ import annotations

from .results import BulkResult, BulkWriteError, FailedRecord

__all__ = ["BulkResult", "BulkWriteError", "FailedRecord"]
