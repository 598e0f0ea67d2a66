"""What /metadata reports about objects and fields that the shared model does not hold.

Timestamps, ``shortcut``, ``color``, ``isLabelSyncedWithName``, ``isSearchable``... are part of
Twenty's Object/Field DTOs but not of the emulator's schema-building model, so they live here,
keyed by metadata id, and persist with the model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

__all__ = ["MetadataExtras", "now_iso"]


def now_iso() -> str:
    """Twenty's DateTime scalar output: ISO-8601, UTC, milliseconds, ``Z``."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class MetadataExtras:
    def __init__(self, created_at: str | None = None) -> None:
        #: when the workspace (and its standard metadata) came to be
        self.created_at = created_at or now_iso()
        self._by_id: dict[str, dict[str, Any]] = {}

    def get(self, entity_id: str, key: str, default: Any = None) -> Any:
        return self._by_id.get(entity_id, {}).get(key, default)

    def set(self, entity_id: str, **values: Any) -> None:
        self._by_id.setdefault(entity_id, {}).update(values)

    def stamp_created(self, entity_id: str, **values: Any) -> None:
        moment = now_iso()
        self.set(entity_id, createdAt=moment, updatedAt=moment, **values)

    def touch(self, entity_id: str) -> None:
        self.set(entity_id, updatedAt=now_iso())

    def created(self, entity_id: str) -> str:
        return str(self.get(entity_id, "createdAt", self.created_at))

    def updated(self, entity_id: str) -> str:
        return str(self.get(entity_id, "updatedAt", self.created(entity_id)))

    def forget(self, entity_id: str) -> None:
        self._by_id.pop(entity_id, None)

    def snapshot(self) -> dict[str, Any]:
        return {"createdAt": self.created_at, "byId": self._by_id}

    @classmethod
    def restore(cls, state: dict[str, Any]) -> MetadataExtras:
        extras = cls(state.get("createdAt"))
        extras._by_id = {k: dict(v) for k, v in state.get("byId", {}).items()}
        return extras
