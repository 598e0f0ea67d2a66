"""The emulator's state: one workspace's metadata, its records and the schema built from them.

Everything the HTTP layer serves goes through one :class:`Emulator`. A metadata change
(custom field or object) calls :meth:`Emulator.metadata_changed`, which migrates the SQLite
tables (records survive) and rebuilds the ``/graphql`` schema, as Twenty does when its
workspace metadata version moves. The layers below (``api``, ``store``, ``schema``) see it only
through the :class:`~twenty_gql.testing.contracts.EmulatorState` protocol.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from graphql import GraphQLSchema

from twenty_gql.testing.api.resolvers import build_executable_schema
from twenty_gql.testing.contracts import EmulatorSettings, RecordEvent, RecordEventListener
from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import WorkspaceMetadata
from twenty_gql.testing.store import RecordStore
from twenty_gql.testing.store.persistence import load_workspace

__all__ = ["Emulator", "EmulatorSettings", "RecordEvent"]


@dataclass
class Emulator:
    """A Twenty workspace in a box: metadata, records (SQLite) and the generated schema."""

    db_path: str = ":memory:"
    workspace: WorkspaceMetadata = field(default_factory=standard_workspace)
    settings: EmulatorSettings = field(default_factory=EmulatorSettings)

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
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
