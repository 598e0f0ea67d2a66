"""Metadata (objects, fields, webhooks, API keys) kept in the records' own SQLite database.

The store layer owns it: the emulator reads the saved workspace once, before the record
tables are synced; the /metadata API saves through :class:`MetadataTable`.

One key/value table, ``_twenty_gql_metadata``, next to the record tables: a server started on
an existing database file gets back its custom objects and fields, webhooks and API keys, and
a metadata change is committed in the same database as the records it reshapes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

from twenty_gql.testing.model.codec import workspace_from_dict
from twenty_gql.testing.model.types import WorkspaceMetadata

__all__ = ["MetadataTable", "load_workspace"]

TABLE = "_twenty_gql_metadata"


class MetadataTable:
    """JSON values by key in one table; safe to call from the server and test threads."""

    def __init__(self, connection: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self._connection = connection
        self._lock = lock or threading.RLock()
        with self._lock:
            self._connection.execute(
                f'CREATE TABLE IF NOT EXISTS "{TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)'
            )
            self._commit()

    def load(self, key: str) -> Any:
        with self._lock:
            row = self._connection.execute(
                f'SELECT value FROM "{TABLE}" WHERE key = ?', (key,)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def save(self, key: str, value: Any) -> None:
        text = json.dumps(value, separators=(",", ":"))
        with self._lock:
            self._connection.execute(
                f'INSERT INTO "{TABLE}" (key, value) VALUES (?, ?) '
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )
            self._commit()

    def _commit(self) -> None:
        if not self._connection.in_transaction:
            return
        self._connection.commit()


def load_workspace(path: str) -> WorkspaceMetadata | None:
    """The metadata saved in the database file at ``path``, read before anything syncs the
    record tables to other metadata (which would drop custom columns); None if there is none."""
    if path == ":memory:" or path.startswith("file:"):
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError:  # no such file yet
        return None
    try:
        row = connection.execute(f'SELECT value FROM "{TABLE}" WHERE key = ?', ("workspace",))
        found = row.fetchone()
    except sqlite3.OperationalError:  # a records-only database
        return None
    finally:
        connection.close()
    return None if found is None else workspace_from_dict(json.loads(found[0]))
