"""What the emulator's lower layers (``api``, ``store``, ``schema``) know of the emulator.

The record events the resolvers emit, the emulator's settings (page caps, complexity limits)
and :class:`EmulatorState`, the protocol the resolvers are written against. ``emulator.py``
implements it; nothing here imports upward, so the layers below point only down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from twenty_gql.testing.model.types import ObjectMetadata, WorkspaceMetadata

if TYPE_CHECKING:
    from graphql import GraphQLSchema

    from twenty_gql.testing.store import RecordStore

__all__ = [
    "DEFAULT_PAGE_CAP",
    "RELATION_PAGE_CAP",
    "EmulatorSettings",
    "EmulatorState",
    "RecordEvent",
    "RecordEventListener",
]

#: Twenty's QUERY_MAX_RECORDS (twenty-shared constants): page size and batch-write cap.
DEFAULT_PAGE_CAP = 200
#: QUERY_MAX_RECORDS_FROM_RELATION: records per nested one-to-many connection.
RELATION_PAGE_CAP = 60


@dataclass(frozen=True, slots=True)
class RecordEvent:
    """A committed record change, as Twenty's database event (``company.created`` ...)."""

    name: str
    object_metadata: ObjectMetadata
    record: dict[str, Any]
    before: dict[str, Any] | None = None
    updated_fields: list[str] | None = None

    @property
    def action(self) -> str:
        return self.name.rsplit(".", 1)[1]


RecordEventListener = Callable[[RecordEvent], None]


@dataclass(slots=True)
class EmulatorSettings:
    page_cap: int = DEFAULT_PAGE_CAP
    relation_page_cap: int = RELATION_PAGE_CAP
    max_root_resolvers: int = 20
    max_fields: int = 2000


class EmulatorState(Protocol):
    """What a ``/graphql`` request needs of the emulator: metadata, records, schema, limits."""

    @property
    def workspace(self) -> WorkspaceMetadata: ...

    @property
    def store(self) -> RecordStore: ...

    @property
    def settings(self) -> EmulatorSettings: ...

    @property
    def lock(self) -> threading.RLock: ...

    @property
    def schema(self) -> GraphQLSchema: ...
