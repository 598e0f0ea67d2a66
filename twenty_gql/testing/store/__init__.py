"""SQLite storage of workspace records with Twenty's filter, order, cursor and write semantics.

``record_store`` (connection, reads) mixes in ``writes``; ``persistence`` keeps the workspace's
metadata in the same database. Nothing here imports the emulator or the HTTP layers.
"""

from twenty_gql.testing.store.layout import Record
from twenty_gql.testing.store.record_store import Page, RecordStore

__all__ = ["Page", "Record", "RecordStore"]
