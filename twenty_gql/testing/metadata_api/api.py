"""``POST /metadata``: Twenty's metadata API over the emulator's live workspace metadata.

Reads (``objects``, ``fields``...) answer from the model; writes (``createOneField``,
``createOneObject``...) validate, change the model, then call ``Emulator.metadata_changed`` so
the SQLite tables migrate (records survive) and the next ``/graphql`` request, introspection
included, sees the new schema, as a Twenty server does after its metadata cache is recomputed.
A write that fails leaves metadata, tables and schema as they were. Webhook and API-key
operations are on /metadata too, as in Twenty (their resolvers: ``access``); the workspace
fields (``currentWorkspace``, ``minimalMetadata``) are in ``workspace_info``. Custom metadata,
extras, keys and webhooks are saved through ``store.persistence``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from graphql import (
    GraphQLObjectType,
    build_schema,
    print_schema,
)

from twenty_gql.testing.api.execute import run_graphql
from twenty_gql.testing.api_keys import ApiKeyIdentity, ApiKeyRegistry
from twenty_gql.testing.errors import (
    INTERNAL_SERVER_ERROR,
    EmulatorError,
    EntityNotFoundError,
)
from twenty_gql.testing.metadata_api import fields as field_ops
from twenty_gql.testing.metadata_api import objects as object_ops
from twenty_gql.testing.metadata_api.access import access_resolvers
from twenty_gql.testing.metadata_api.extras import MetadataExtras
from twenty_gql.testing.metadata_api.nodes import (
    FieldNode,
    Info,
    MetadataView,
    ObjectNode,
)
from twenty_gql.testing.metadata_api.paging import connection
from twenty_gql.testing.metadata_api.workspace_info import current_workspace, minimal_metadata
from twenty_gql.testing.model.codec import workspace_to_dict
from twenty_gql.testing.model.types import WorkspaceMetadata
from twenty_gql.testing.store.persistence import MetadataTable
from twenty_gql.testing.webhooks.registry import WebhookRegistry

if TYPE_CHECKING:
    from twenty_gql.testing.emulator import Emulator

__all__ = ["METADATA_MAX_ROOT_RESOLVERS", "MetadataApi", "MetadataRequest"]

log = logging.getLogger("twenty_gql.testing")

#: /metadata's complexity plugin: ``maximumAllowedRootResolvers: 10``
METADATA_MAX_ROOT_RESOLVERS = 10
T = TypeVar("T")
Resolver = Callable[..., Any]


@dataclass(slots=True)
class MetadataRequest:
    """The context of one /metadata call."""

    identity: ApiKeyIdentity


def _load_sdl() -> str:
    return resources.files(__package__).joinpath("schema.graphql").read_text(encoding="utf-8")


class MetadataApi:
    """The /metadata schema and resolvers bound to one emulator."""

    def __init__(
        self,
        emulator: Emulator,
        *,
        api_keys: ApiKeyRegistry,
        webhooks: WebhookRegistry,
        persist: bool = True,
    ) -> None:
        self.emulator = emulator
        self.api_keys = api_keys
        self.webhooks = webhooks
        self.extras = MetadataExtras()
        self.schema = build_schema(_load_sdl())
        self._bind()
        self._table: MetadataTable | None = None
        if persist:
            self._table = MetadataTable(emulator.store.connection, emulator.lock)
            self._load()
            emulator.on_metadata_change(self._save_workspace)
            api_keys.on_change(self._save_api_keys)
            webhooks.on_change(self._save_webhooks)

    def __repr__(self) -> str:
        return f"MetadataApi(objects={len(self.emulator.workspace.objects)})"

    # -- execution -----------------------------------------------------------------------------
    def execute(self, body: dict[str, Any], identity: ApiKeyIdentity) -> dict[str, Any]:
        """One /metadata request body in, Twenty's response body out (always HTTP 200)."""
        return run_graphql(
            body,
            schema=lambda: self.schema,
            context=MetadataRequest(identity),
            lock=self.emulator.lock,
            max_fields=self.emulator.settings.max_fields,
            max_root_resolvers=METADATA_MAX_ROOT_RESOLVERS,
        )

    def reset(self) -> None:
        """Forget webhooks, minted API keys and metadata extras (a clean workspace)."""
        self.webhooks.clear()
        self.api_keys.clear()
        self.extras = MetadataExtras()
        self._save_extras()

    # -- model changes -----------------------------------------------------------------------
    def change(self, operation: Callable[[WorkspaceMetadata], T]) -> T:
        """Run ``operation`` on the workspace, migrate and rebuild; all or nothing."""
        with self.emulator.lock:
            snapshot = copy.deepcopy(self.emulator.workspace)
            try:
                result = operation(self.emulator.workspace)
            except EmulatorError:
                # validators raise before mutating; a batch may have changed earlier items
                if workspace_to_dict(self.emulator.workspace) != workspace_to_dict(snapshot):
                    self.emulator.workspace = snapshot
                    self.emulator.metadata_changed()
                raise
            try:
                self.emulator.metadata_changed()
            except Exception as exc:
                log.exception("metadata change failed while migrating; rolled back")
                self.emulator.workspace = snapshot
                self.emulator.metadata_changed()
                raise EmulatorError(
                    f"The metadata change could not be applied: {exc}",
                    code=INTERNAL_SERVER_ERROR,
                ) from exc
            self._save_extras()
            return result

    def _view(self) -> MetadataView:
        return MetadataView(self.emulator.workspace, self.extras, self.api_keys)

    def _object_node(self, object_id: str) -> ObjectNode:
        view = self._view()
        obj = view.object_by_id(object_id)
        if obj is None:
            raise EntityNotFoundError("Object not found", sub_code="OBJECT_METADATA_NOT_FOUND")
        return ObjectNode(view, obj)

    def _field_node(self, field_id: str) -> FieldNode:
        obj, fld = field_ops.find_field(self.emulator.workspace, field_id)
        return FieldNode(self._view(), obj, fld)

    # -- resolvers: objects and fields ---------------------------------------------------------
    def _objects(self, _: Any, info: Info, **args: Any) -> dict[str, Any]:
        view = self._view()
        nodes = [ObjectNode(view, o) for o in view.workspace.objects.values()]
        return connection([n for n in nodes if n.passes(args["filter"])], args["paging"])

    def _object(self, _: Any, info: Info, id: str) -> ObjectNode:
        return self._object_node(id)

    def _fields(self, _: Any, info: Info, **args: Any) -> dict[str, Any]:
        view = self._view()
        nodes = [
            FieldNode(view, obj, fld)
            for obj in view.workspace.objects.values()
            for fld in obj.fields
        ]
        return connection([n for n in nodes if n.passes(args["filter"])], args["paging"])

    def _field(self, _: Any, info: Info, id: str) -> FieldNode:
        return self._field_node(id)

    def _create_one_object(self, _: Any, info: Info, input: dict[str, Any]) -> ObjectNode:
        raw = input["object"]
        obj = self.change(lambda ws: object_ops.create_object(ws, raw))
        self.extras.stamp_created(
            obj.id,
            shortcut=raw.get("shortcut"),
            color=raw.get("color"),
            isLabelSyncedWithName=bool(raw.get("isLabelSyncedWithName")),
            isSearchable=True,
        )
        for fld in obj.fields:
            self.extras.stamp_created(fld.id)
        for target_name in object_ops.DEFAULT_LINK_TARGETS:
            target = self.emulator.workspace.objects.get(target_name)
            link = target.find_field(obj.name_singular) if target else None
            if link is not None:
                self.extras.stamp_created(link.id)
        self._save_extras()
        return self._object_node(obj.id)

    def _apply_object_update(self, item: dict[str, Any]) -> str:
        update = item["update"]
        obj = self.change(lambda ws: object_ops.update_object(ws, item["id"], update))
        extras = {
            key: update[key]
            for key in (
                "shortcut",
                "color",
                "isLabelSyncedWithName",
                "isSearchable",
                "openRecordIn",
                "readability",
                "imageIdentifierFieldMetadataId",
            )
            if key in update
        }
        self.extras.set(obj.id, **extras)
        self.extras.touch(obj.id)
        self._save_extras()
        return obj.id

    def _update_one_object(self, _: Any, info: Info, input: dict[str, Any]) -> ObjectNode:
        return self._object_node(self._apply_object_update(input))

    def _update_many_objects(
        self, _: Any, info: Info, inputs: list[dict[str, Any]]
    ) -> list[ObjectNode]:
        def update_all(ws: WorkspaceMetadata) -> list[str]:
            return [object_ops.update_object(ws, i["id"], i["update"]).id for i in inputs]

        ids = self.change(update_all)
        for object_id in ids:
            self.extras.touch(object_id)
        return [self._object_node(i) for i in ids]

    def _delete_one_object(self, _: Any, info: Info, input: dict[str, Any]) -> ObjectNode:
        node = self._object_node(input["id"])
        self.change(lambda ws: object_ops.delete_object(ws, input["id"]))
        self.extras.forget(input["id"])
        self._save_extras()
        return node

    def _create_one_field(self, _: Any, info: Info, input: dict[str, Any]) -> FieldNode:
        raw = input["field"]
        created = self.change(lambda ws: field_ops.create_field(ws, raw))
        flags = {
            "isLabelSyncedWithName": bool(raw.get("isLabelSyncedWithName")),
            "isSearchable": bool(raw.get("isSearchable")),
        }
        self.extras.stamp_created(created.field.id, **flags)
        if created.inverse is not None:
            self.extras.stamp_created(created.inverse[1].id)
        self._save_extras()
        return self._field_node(created.field.id)

    def _update_one_field(self, _: Any, info: Info, input: dict[str, Any]) -> FieldNode:
        update = input["update"]
        self.change(lambda ws: field_ops.update_field(ws, input["id"], update))
        extras = {k: update[k] for k in ("isLabelSyncedWithName", "isSearchable") if k in update}
        self.extras.set(input["id"], **extras)
        self.extras.touch(input["id"])
        self._save_extras()
        return self._field_node(input["id"])

    def _delete_one_field(self, _: Any, info: Info, input: dict[str, Any]) -> FieldNode:
        node = self._field_node(input["id"])
        self.change(lambda ws: field_ops.delete_field(ws, input["id"]))
        self.extras.forget(input["id"])
        self._save_extras()
        return node

    def _current_workspace(self, _: Any, info: Info) -> dict[str, Any]:
        return current_workspace(self.emulator, self.extras)

    def _minimal_metadata(self, _: Any, info: Info) -> dict[str, Any]:
        return minimal_metadata(self.emulator.workspace, self.extras)

    def _core_schema(self, _: Any, info: Info, **args: Any) -> str:
        return print_schema(self.emulator.schema)

    def _bind(self) -> None:
        resolvers: dict[str, dict[str, Resolver]] = {
            "Query": {
                "objects": self._objects,
                "object": self._object,
                "fields": self._fields,
                "field": self._field,
                "currentWorkspace": lambda *_: current_workspace(self.emulator, self.extras),
                "minimalMetadata": lambda *_: minimal_metadata(
                    self.emulator.workspace, self.extras
                ),
                "applicationCoreGraphqlSchema": self._core_schema,
            },
            "Mutation": {
                "createOneObject": self._create_one_object,
                "updateOneObject": self._update_one_object,
                "updateManyObjects": self._update_many_objects,
                "deleteOneObject": self._delete_one_object,
                "createOneField": self._create_one_field,
                "updateOneField": self._update_one_field,
                "deleteOneField": self._delete_one_field,
            },
        }
        access = access_resolvers(self.api_keys, self.webhooks)
        for type_name, by_field in access.items():
            resolvers[type_name].update(by_field)
        for type_name, by_field in resolvers.items():
            gql_type = self.schema.get_type(type_name)
            assert isinstance(gql_type, GraphQLObjectType)
            missing = set(gql_type.fields) - set(by_field)
            assert not missing, f"/metadata {type_name} fields without resolver: {missing}"
            for name, resolver in by_field.items():
                gql_type.fields[name].resolve = resolver

    # -- persistence ---------------------------------------------------------------------------
    def _load(self) -> None:
        """Extras, API keys and webhooks; the workspace itself the emulator loaded already."""
        assert self._table is not None
        extras = self._table.load("extras")
        if extras is not None:
            self.extras = MetadataExtras.restore(extras)
        keys = self._table.load("apiKeys")
        if keys is not None:
            self.api_keys.restore(keys)
        hooks = self._table.load("webhooks")
        if hooks is not None:
            self.webhooks.restore(hooks)

    def _save_workspace(self) -> None:
        if self._table is not None:
            self._table.save("workspace", workspace_to_dict(self.emulator.workspace))

    def _save_extras(self) -> None:
        if self._table is not None:
            self._table.save("extras", self.extras.snapshot())

    def _save_api_keys(self) -> None:
        if self._table is not None:
            self._table.save("apiKeys", self.api_keys.snapshot())

    def _save_webhooks(self) -> None:
        if self._table is not None:
            self._table.save("webhooks", self.webhooks.snapshot())
