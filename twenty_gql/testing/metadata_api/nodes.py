"""The /metadata output types (Object, Field, Relation, Webhook, ApiKey, Role) over the model.

Each node wraps a model object and exposes the GraphQL field names as attributes, so
graphql-core's default resolver serves them; fields with arguments (``Object.fields``) are
methods, which the default resolver calls with the arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from twenty_gql.testing.api_keys import ApiKey, ApiKeyRegistry, Role
from twenty_gql.testing.metadata_api.extras import MetadataExtras
from twenty_gql.testing.metadata_api.fields import api_field_type
from twenty_gql.testing.metadata_api.paging import connection, matches
from twenty_gql.testing.metadata_api.values import default_to_api, options_to_api
from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldType,
    ObjectMetadata,
    WorkspaceMetadata,
)
from twenty_gql.testing.webhooks.registry import Webhook

if TYPE_CHECKING:
    from graphql import GraphQLResolveInfo

#: resolver info; the context is the /metadata request
Info: TypeAlias = "GraphQLResolveInfo[Any]"

__all__ = [
    "CUSTOM_APPLICATION_ID",
    "STANDARD_APPLICATION_ID",
    "ApiKeyNode",
    "FieldNode",
    "MetadataView",
    "ObjectNode",
    "RoleNode",
    "WebhookNode",
    "iso",
]

#: Twenty 2.43 attaches every entity to an application: standard ones to "twenty-standard",
#: the workspace's own creations to its custom application.
STANDARD_APPLICATION_ID = "20202020-64aa-4b6f-b003-9c74b97cee20"
CUSTOM_APPLICATION_ID = "20202020-1c25-4d02-bf25-6aeccf7ea41a"
#: settings keys the emulator keeps for itself
INTERNAL_SETTINGS = frozenset({"defaultLinkOf"})


def iso(moment: Any) -> str | None:
    if moment is None:
        return None
    text = moment.isoformat(timespec="milliseconds")
    return str(text).replace("+00:00", "Z")


@dataclass(slots=True)
class MetadataView:
    """What nodes need to answer: the workspace, the extras and the key registry."""

    workspace: WorkspaceMetadata
    extras: MetadataExtras
    api_keys: ApiKeyRegistry

    def object_by_id(self, object_id: str) -> ObjectMetadata | None:
        for obj in self.workspace.objects.values():
            if obj.id == object_id:
                return obj
        return None


class ObjectNode:
    def __init__(self, view: MetadataView, obj: ObjectMetadata) -> None:
        self._view = view
        self._obj = obj
        o = obj
        self.id = o.id
        self.universalIdentifier = o.id
        self.nameSingular = o.name_singular
        self.namePlural = o.name_plural
        self.labelSingular = o.label_singular
        self.labelPlural = o.label_plural
        self.description = o.description
        self.icon = o.icon
        self.shortcut = view.extras.get(o.id, "shortcut")
        self.color = view.extras.get(o.id, "color")
        self.isRemote = o.is_remote
        self.isActive = o.is_active
        self.isSystem = o.is_system
        self.isUIEditable = not o.is_system
        self.isUICreatable = not o.is_system
        self.isUIReadOnly = o.is_system
        self.isSearchable = bool(view.extras.get(o.id, "isSearchable", not o.is_system))
        self.openRecordIn = view.extras.get(o.id, "openRecordIn", "SIDE_PANEL")
        self.readability = view.extras.get(o.id, "readability", "OPEN")
        self.readabilityParentFieldUniversalIdentifiers = None
        self.writability = "OPEN"
        self.applicationId = CUSTOM_APPLICATION_ID if o.is_custom else STANDARD_APPLICATION_ID
        self.createdAt = view.extras.created(o.id)
        self.updatedAt = view.extras.updated(o.id)
        label_field = o.find_field(o.label_identifier_field) if o.label_identifier_field else None
        self.labelIdentifierFieldMetadataId = label_field.id if label_field else None
        self.imageIdentifierFieldMetadataId = view.extras.get(
            o.id, "imageIdentifierFieldMetadataId"
        )
        self.isLabelSyncedWithName = bool(view.extras.get(o.id, "isLabelSyncedWithName", False))
        self.duplicateCriteria = [list(c) for c in o.duplicate_criteria] or None

    def _field_nodes(self) -> list[FieldNode]:
        return [FieldNode(self._view, self._obj, f) for f in self._obj.fields]

    def fields(self, info: Info, paging: dict[str, Any], filter: dict[str, Any]) -> dict[str, Any]:
        nodes = [n for n in self._field_nodes() if n.passes(filter)]
        return connection(nodes, paging)

    def fieldsList(self, info: Info) -> list[FieldNode]:
        return self._field_nodes()

    def indexMetadatas(
        self, info: Info, paging: dict[str, Any], filter: dict[str, Any]
    ) -> dict[str, Any]:
        return connection([], paging)

    def indexMetadataList(self, info: Info) -> list[Any]:
        return []

    def searchFieldMetadataList(self, info: Info) -> list[Any]:
        return []

    def passes(self, filter_: dict[str, Any] | None) -> bool:
        return matches(filter_, lambda key: getattr(self, key, None))


class FieldNode:
    def __init__(self, view: MetadataView, obj: ObjectMetadata, fld: FieldMetadata) -> None:
        self._view = view
        self._obj = obj
        self._fld = fld
        f = fld
        self.id = f.id
        self.universalIdentifier = f.id
        self.type = api_field_type(f.type)
        self.name = f.name
        self.label = f.label
        self.description = f.description
        self.icon = f.icon
        self.isActive = f.is_active
        self.isSystem = f.is_system
        self.isUIEditable = not f.is_ui_readonly
        self.writability = "OPEN"
        self.isUIReadOnly = f.is_ui_readonly
        self.isNullable = f.is_nullable
        self.isUnique = f.is_unique
        self.isSearchable = bool(view.extras.get(f.id, "isSearchable", False))
        self.isAuditLogged = True
        self.defaultValue = default_to_api(f)
        self.options = options_to_api(f.options)
        self.settings = self._settings()
        self.objectMetadataId = obj.id
        self.isLabelSyncedWithName = bool(view.extras.get(f.id, "isLabelSyncedWithName", False))
        self.morphId = None
        self.createdAt = view.extras.created(f.id)
        self.updatedAt = view.extras.updated(f.id)
        self.applicationId = CUSTOM_APPLICATION_ID if f.is_custom else STANDARD_APPLICATION_ID
        self.morphRelations = None

    def _settings(self) -> dict[str, Any] | None:
        settings = {k: v for k, v in self._fld.settings.items() if k not in INTERNAL_SETTINGS}
        relation = self._fld.relation
        if relation is not None:
            settings["relationType"] = relation.type.value
            if relation.is_many_to_one:
                settings["onDelete"] = relation.on_delete.value
                settings["joinColumnName"] = f"{self._fld.name}Id"
        elif self._fld.type is FieldType.NUMBER:
            settings.setdefault("dataType", "float")
        return settings or None

    def object(self, info: Info) -> ObjectNode:
        return ObjectNode(self._view, self._obj)

    def relation(self, info: Info) -> dict[str, Any] | None:
        rel = self._fld.relation
        if rel is None or rel.inverse_field is None:
            return None
        target = self._view.workspace.objects.get(rel.target_object)
        other = target.find_field(rel.inverse_field) if target else None
        if target is None or other is None:
            return None
        return {
            "type": rel.type.value,
            "sourceObjectMetadata": ObjectNode(self._view, self._obj),
            "targetObjectMetadata": ObjectNode(self._view, target),
            "sourceFieldMetadata": self,
            "targetFieldMetadata": FieldNode(self._view, target, other),
        }

    def passes(self, filter_: dict[str, Any] | None) -> bool:
        return matches(filter_, lambda key: getattr(self, key, None))


class WebhookNode:
    def __init__(self, hook: Webhook) -> None:
        self.id = hook.id
        self.targetUrl = hook.target_url
        self.operations = list(hook.operations)
        self.description = hook.description
        self.secret = hook.secret
        self.applicationId = CUSTOM_APPLICATION_ID
        self.createdAt = iso(hook.created_at)
        self.updatedAt = iso(hook.updated_at)
        self.deletedAt = None


class RoleNode:
    def __init__(self, role: Role, registry: ApiKeyRegistry) -> None:
        self._role = role
        self._registry = registry
        self.id = role.id
        self.universalIdentifier = role.id
        self.label = role.label
        self.description = role.description
        self.icon = role.icon
        self.isEditable = False
        self.canBeAssignedToUsers = True
        self.canBeAssignedToAgents = True
        self.canBeAssignedToApiKeys = role.can_be_assigned_to_api_keys
        self.canUpdateAllSettings = role.can_update_all_settings
        self.canAccessAllTools = True
        self.canReadAllObjectRecords = True
        self.canUpdateAllObjectRecords = True
        self.canSoftDeleteAllObjectRecords = True
        self.canDestroyAllObjectRecords = role.can_update_all_settings

    def apiKeys(self, info: Info) -> list[dict[str, Any]]:
        return [
            {
                "id": k.id,
                "name": k.name,
                "expiresAt": iso(k.expires_at),
                "revokedAt": iso(k.revoked_at),
            }
            for k in self._registry.all()
            if k.role_id == self._role.id
        ]


class ApiKeyNode:
    def __init__(self, key: ApiKey, registry: ApiKeyRegistry) -> None:
        self._key = key
        self._registry = registry
        self.id = key.id
        self.name = key.name
        self.expiresAt = iso(key.expires_at)
        self.revokedAt = iso(key.revoked_at)
        self.createdAt = iso(key.created_at)
        self.updatedAt = iso(key.updated_at)

    def role(self, info: Info) -> RoleNode:
        return RoleNode(self._registry.roles[self._key.role_id], self._registry)
