"""Bulk work: many records per request, concurrent batches, per-record failures, and records
with their relations without N+1.

``Resource.create_many``, ``update_many_by_id``, ``delete_many_by_id``, ``destroy_many_by_id``,
``Resource.load`` and ``TwentyClient.complete`` are the entry points; this package holds their
machinery. Names load on first use: the export command needs ``relation_map`` alone, not the
query rewriting of ``nested`` (graphql-core) or the writers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loaded import Loaded as Loaded
    from .nested import complete as complete
    from .relations import load as load
    from .relations import load_pages as load_pages
    from .results import BulkResult as BulkResult
    from .results import BulkWriteError as BulkWriteError
    from .results import FailedRecord as FailedRecord
    from .results import RecordRef as RecordRef

#: public name -> the submodule that defines it (imported on first access)
_LAZY = {
    "BulkResult": "results",
    "BulkWriteError": "results",
    "FailedRecord": "results",
    "RecordRef": "results",
    "Loaded": "loaded",
    "complete": "nested",
    "load": "relations",
    "load_pages": "relations",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twenty_gql.bulk' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
