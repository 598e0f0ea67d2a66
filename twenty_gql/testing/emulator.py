"""The emulator's state: one workspace's metadata, its records and the schema built from them.

Everything the HTTP layer serves goes through one :class:`Emulator`. A metadata change
(custom field or object) calls :meth:`Emulator.metadata_changed`, which migrates the SQLite
tables (records survive) and rebuilds the ``/graphql`` schema, as Twenty does when its
workspace metadata version moves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLSchema

from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import ObjectMetadata, WorkspaceMetadata
from twenty_gql.testing.store import RecordStore

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


@dataclass
class Emulator:
    """A Twenty workspace in a box: metadata, records (SQLite) and the generated schema."""

    db_path: str = ":memory:"
    workspace: WorkspaceMetadata = field(default_factory=standard_workspace)
    settings: EmulatorSettings = field(default_factory=EmulatorSettings)

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        from twenty_gql.testing.metadata_api.persistence import load_workspace

        persisted = load_workspace(self.db_path)  # custom metadata saved by /metadata
        if persisted is not None:
            self.workspace = persisted
        self.store = RecordStore(self.workspace, self.db_path)
        self._listeners: list[RecordEventListener] = []
        self._metadata_listeners: list[Callable[[], None]] = []
        self._schema: GraphQLSchema | None = None
        self._metadata_dirty = persisted is not None
        self.schema_version = 0
        self.store.sync()

    # -- schema -------------------------------------------------------------------------------
    @property
    def schema(self) -> GraphQLSchema:
        """The ``/graphql`` schema for the current metadata, built on first use."""
        if self._schema is None:
            from twenty_gql.testing.api.resolvers import build_executable_schema

            self._schema = build_executable_schema(self)
        return self._schema

    def metadata_changed(self) -> None:
        """Migrate the tables to the metadata and rebuild the schema on next use."""
        with self.lock:
            self.store.workspace = self.workspace
            self.store.sync()
            self._schema = None
            self.schema_version += 1
            self._metadata_dirty = True
            for listener in list(self._metadata_listeners):
                listener()

    def on_metadata_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every metadata change (persistence, caches)."""
        self._metadata_listeners.append(listener)

    # -- lifecycle ----------------------------------------------------------------------------
    def reset(self, workspace: WorkspaceMetadata | None = None) -> None:
        """Back to a clean workspace: no records, and standard metadata unless given."""
        with self.lock:
            self.store.reset()
            if workspace is not None or self._metadata_dirty:
                self.workspace = workspace or standard_workspace()
                self.metadata_changed()
                self._metadata_dirty = False

    # -- events -------------------------------------------------------------------------------
    def subscribe(self, listener: RecordEventListener) -> Callable[[], None]:
        """Call ``listener`` after every committed record change; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, events: list[RecordEvent]) -> None:
        for event in events:
            for listener in list(self._listeners):
                listener(event)
