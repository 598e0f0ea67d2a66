"""Attach the emulator's resolvers to the schema built from metadata.

The schema builder emits SDL the way Twenty prints it; this module binds each generated root
field (by Twenty's resolver names, see ``model.naming.root_field_names``) and each relation
field to the read/write semantics in ``reads`` and ``writes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema

from twenty_gql.testing.api import duplicates, group_by, merge, reads, writes
from twenty_gql.testing.api.context import Info, RequestContext
from twenty_gql.testing.api.scalars import install_scalars
from twenty_gql.testing.api.selection import nodes_at
from twenty_gql.testing.errors import INTERNAL_SERVER_ERROR, EmulatorError
from twenty_gql.testing.model.naming import root_field_names, type_name
from twenty_gql.testing.model.types import ObjectMetadata, RelationType
from twenty_gql.testing.schema import build_workspace_schema

if TYPE_CHECKING:
    from twenty_gql.testing.contracts import EmulatorState

Resolver = Callable[..., Any]


def build_executable_schema(emulator: EmulatorState) -> GraphQLSchema:
    schema = build_workspace_schema(emulator.workspace)
    install_scalars(schema)
    for obj in emulator.workspace.active_objects:
        _bind_root_fields(schema, emulator, obj)
        _bind_relation_fields(schema, emulator, obj)
    _refuse_unbound_root_fields(schema)
    return schema


def _refuse_unbound_root_fields(schema: GraphQLSchema) -> None:
    """A root field the emulator does not implement answers with an error, never a silent null."""
    for root in (schema.query_type, schema.mutation_type):
        for name, field in (root.fields if root else {}).items():
            if field.resolve is None:
                field.resolve = _unsupported(name)


def _unsupported(name: str) -> Resolver:
    def resolve(_: Any, info: Info, **args: Any) -> Any:
        raise EmulatorError(
            f'"{name}" is in the schema but not implemented by the emulator',
            code=INTERNAL_SERVER_ERROR,
            sub_code="NOT_IMPLEMENTED_IN_EMULATOR",
        )

    return resolve


def _ctx(info: Info) -> RequestContext:
    ctx: RequestContext = info.context
    return ctx


def _bind(fields: dict[str, GraphQLField] | None, name: str, resolver: Resolver) -> None:
    """Bind a root resolver; like Twenty's query runners, each call spends a rate-limit token."""
    if fields is None or name not in fields:
        return

    def throttled(parent: Any, info: Info, **args: Any) -> Any:
        _ctx(info).throttle()
        return resolver(parent, info, **args)

    fields[name].resolve = throttled


def _bind_root_fields(schema: GraphQLSchema, emulator: EmulatorState, obj: ObjectMetadata) -> None:
    names = root_field_names(obj.name_singular, obj.name_plural)
    settings = emulator.settings
    query = schema.query_type.fields if schema.query_type else None
    mutation = schema.mutation_type.fields if schema.mutation_type else None

    def find_many(_: Any, info: Info, **args: Any) -> Any:
        ctx = _ctx(info)
        reads.reject_nested_one_to_many(ctx, obj, nodes_at(info, "edges", "node"), info)
        return reads.connection(ctx, obj, args, info, cap=settings.page_cap)

    def find_one(_: Any, info: Info, **args: Any) -> Any:
        ctx = _ctx(info)
        reads.reject_nested_one_to_many(ctx, obj, info.field_nodes, info)
        record = reads.find_one(ctx, obj, args, info)
        reads.prefetch_many_to_one(ctx, obj, [record], info.field_nodes, info)
        return record

    def create_many(_: Any, info: Info, data: list[Any], upsert: bool = False) -> Any:
        return writes.create_many(_ctx(info), obj, data, upsert=bool(upsert), cap=settings.page_cap)

    def create_one(_: Any, info: Info, data: Any, upsert: bool = False) -> Any:
        return writes.create_many(_ctx(info), obj, [data], upsert=bool(upsert), cap=1)[0]

    def by_id(record_id: str) -> dict[str, Any]:
        return {"id": {"eq": record_id}}

    def update_one(_: Any, info: Info, id: str, data: Any) -> Any:
        ctx = _ctx(info)
        return writes.update_many(ctx, obj, by_id(id), data, cap=1, one=True)[0]

    def update_many(_: Any, info: Info, data: Any, filter: Any) -> Any:
        return writes.update_many(_ctx(info), obj, filter, data, cap=settings.page_cap)

    def group_by_(_: Any, info: Info, **args: Any) -> Any:
        return group_by.group_by(_ctx(info), obj, args, info)

    def find_duplicates(
        _: Any, info: Info, ids: list[str] | None = None, data: list[Any] | None = None
    ) -> Any:
        return duplicates.find_duplicates(_ctx(info), obj, ids, data, info)

    def merge_many(
        _: Any, info: Info, ids: list[str], conflictPriorityIndex: int, dryRun: bool = False
    ) -> Any:
        ctx = _ctx(info)
        record = merge.merge_many(ctx, obj, ids, conflictPriorityIndex, dry_run=bool(dryRun))
        reads.prefetch_many_to_one(ctx, obj, [record], info.field_nodes, info)
        return record

    _bind(query, names["findMany"], find_many)
    _bind(query, names["findOne"], find_one)
    _bind(query, names["groupBy"], group_by_)
    _bind(query, names["findDuplicates"], find_duplicates)
    _bind(mutation, names["mergeMany"], merge_many)
    for key, resolver in (
        ("createMany", create_many),
        ("createOne", create_one),
        ("updateOne", update_one),
        ("updateMany", update_many),
    ):
        _bind(mutation, names[key], resolver)
    for verb, action in _LIFECYCLE_VERBS:
        _bind(mutation, names[f"{verb}One"], _lifecycle_one(obj, action))
        _bind(mutation, names[f"{verb}Many"], _lifecycle_many(obj, action, settings.page_cap))


_LIFECYCLE_VERBS: tuple[tuple[str, writes.Lifecycle], ...] = (
    ("delete", "deleted"),
    ("destroy", "destroyed"),
    ("restore", "restored"),
)


def _lifecycle_one(obj: ObjectMetadata, action: writes.Lifecycle) -> Resolver:
    def resolve(_: Any, info: Info, id: str) -> Any:
        filter_ = {"id": {"eq": id}}
        return writes.change_lifecycle(_ctx(info), obj, filter_, action, cap=1, one=True)[0]

    return resolve


def _lifecycle_many(obj: ObjectMetadata, action: writes.Lifecycle, cap: int) -> Resolver:
    def resolve(_: Any, info: Info, filter: Any) -> Any:
        return writes.change_lifecycle(_ctx(info), obj, filter, action, cap=cap)

    return resolve


def _bind_relation_fields(
    schema: GraphQLSchema, emulator: EmulatorState, obj: ObjectMetadata
) -> None:
    gql_type = schema.type_map.get(type_name(obj.name_singular))
    if not isinstance(gql_type, GraphQLObjectType):
        return
    for meta in obj.active_fields:
        rel = meta.relation
        if rel is None or meta.name not in gql_type.fields:
            continue
        target = emulator.workspace.objects.get(rel.target_object)
        if target is None:
            continue
        if rel.type is RelationType.MANY_TO_ONE:
            gql_type.fields[meta.name].resolve = _many_to_one(rel.target_object, f"{meta.name}Id")
        elif rel.inverse_field:
            join = f"{rel.inverse_field}Id"
            gql_type.fields[meta.name].resolve = _one_to_many(emulator, target, join)


def _many_to_one(target: str, join: str) -> Resolver:
    def resolve(parent: dict[str, Any], info: Info) -> Any:
        return reads.many_to_one(_ctx(info), target, parent.get(join))

    return resolve


def _one_to_many(emulator: EmulatorState, target: ObjectMetadata, join: str) -> Resolver:
    def resolve(parent: dict[str, Any], info: Info, **args: Any) -> Any:
        scope = {join: {"eq": parent["id"]}}
        cap = emulator.settings.relation_page_cap
        return reads.connection(_ctx(info), target, args, info, cap=cap, scope=scope)

    return resolve
