"""``currentWorkspace`` and ``minimalMetadata``: what a /metadata client reads about the workspace.

``minimalMetadata``'s collection hashes change whenever objects or fields do, which is how
Twenty's front end knows to refetch its metadata cache.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from twenty_gql.testing.metadata_api.extras import MetadataExtras
from twenty_gql.testing.model.codec import workspace_to_dict
from twenty_gql.testing.model.types import WorkspaceMetadata

__all__ = ["current_workspace", "minimal_metadata"]


class _Versioned(Protocol):
    @property
    def workspace(self) -> WorkspaceMetadata: ...

    @property
    def schema_version(self) -> int: ...


def current_workspace(emulator: _Versioned, extras: MetadataExtras) -> dict[str, Any]:
    return {
        "id": emulator.workspace.id,
        "displayName": "Twenty emulator",
        "createdAt": extras.created_at,
        "updatedAt": extras.created_at,
        "activationStatus": "ACTIVE",
        "metadataVersion": float(emulator.schema_version),
        "subdomain": "emulator",
        "customDomain": None,
    }


def minimal_metadata(ws: WorkspaceMetadata, extras: MetadataExtras) -> dict[str, Any]:
    items = [
        {
            "id": o.id,
            "nameSingular": o.name_singular,
            "namePlural": o.name_plural,
            "labelSingular": o.label_singular,
            "labelPlural": o.label_plural,
            "icon": o.icon,
            "color": extras.get(o.id, "color"),
            "isActive": o.is_active,
            "isSystem": o.is_system,
            "isRemote": o.is_remote,
        }
        for o in ws.objects.values()
    ]
    hashes = [
        {"collectionName": "objectMetadata", "hash": _digest([o["id"] for o in items])},
        {"collectionName": "fieldMetadata", "hash": _digest(workspace_to_dict(ws))},
    ]
    return {"objectMetadataItems": items, "views": [], "collectionHashes": hashes}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:32]
