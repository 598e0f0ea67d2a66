"""SQLite storage of workspace records with Twenty's filter, order, cursor and write semantics."""

from twenty_gql.testing.store.layout import Record
from twenty_gql.testing.store.record_store import Page, RecordStore

__all__ = ["Page", "Record", "RecordStore"]
