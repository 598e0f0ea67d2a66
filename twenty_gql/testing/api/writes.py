"""Write semantics: create (with upsert), update, soft delete, destroy and restore.

Each root mutation runs in one store transaction, so a batch that fails writes nothing.
Limits follow Twenty: at most QUERY_MAX_RECORDS records per createMany ("Maximum number of
records to upsert is 200.") and per filtered update/delete/destroy/restore ("Cannot update
more than 200 records at once"). Relation inputs (``company: {connect: {where: …}}`` or
``{disconnect: true}``) become join columns; ``createdBy`` is filled with source API and the
key's name as Twenty does for API-key requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from twenty_gql.testing.api.context import RequestContext
from twenty_gql.testing.contracts import RecordEvent
from twenty_gql.testing.errors import EntityNotFoundError, UserInputError
from twenty_gql.testing.model.types import FieldType, ObjectMetadata, RelationType

_NOT_FOUND_FRIENDLY = "This record does not exist or has been deleted."


def create_many(
    ctx: RequestContext,
    obj: ObjectMetadata,
    data: Sequence[dict[str, Any]],
    *,
    upsert: bool,
    cap: int,
) -> list[dict[str, Any]]:
    if len(data) > cap:
        raise UserInputError(
            f"Maximum number of records to upsert is {cap}.",
            sub_code="UPSERT_MAX_RECORDS_EXCEEDED",
        )
    store = ctx.emulator.store
    with store.transaction():
        prepared = [_prepare(ctx, obj, dict(item), creating=True) for item in data]
        records = store.insert(obj.name_singular, prepared, upsert=upsert)
    for record in records:
        created = record.get("createdAt") == record.get("updatedAt")
        action = "created" if created else "updated"
        ctx.events.append(RecordEvent(f"{obj.name_singular}.{action}", obj, record))
    return records


def update_many(
    ctx: RequestContext,
    obj: ObjectMetadata,
    filter_: dict[str, Any],
    data: dict[str, Any],
    *,
    cap: int,
    one: bool = False,
) -> list[dict[str, Any]]:
    store = ctx.emulator.store
    with store.transaction():
        before = _matched(ctx, obj, filter_, cap=cap, verb="update")
        if one and not before:
            raise EntityNotFoundError(user_friendly_message=_NOT_FOUND_FRIENDLY)
        if not before:
            return []
        prepared = _prepare(ctx, obj, dict(data), creating=False)
        records = store.update(
            obj.name_singular, {"id": {"in": [r["id"] for r in before]}}, prepared
        )
    old = {r["id"]: r for r in before}
    for record in records:
        previous = old.get(record["id"])
        changed = [
            k for k, v in record.items() if k != "updatedAt" and (previous or {}).get(k) != v
        ]
        ctx.events.append(
            RecordEvent(f"{obj.name_singular}.updated", obj, record, previous, changed)
        )
    return records


#: A record's lifecycle change: soft delete, restore, or destroy (hard delete).
Lifecycle = Literal["deleted", "restored", "destroyed"]


def change_lifecycle(
    ctx: RequestContext,
    obj: ObjectMetadata,
    filter_: dict[str, Any],
    action: Lifecycle,
    *,
    cap: int,
    one: bool = False,
) -> list[dict[str, Any]]:
    """Delete, restore or destroy the records ``filter_`` matches, at most ``cap`` of them.

    Delete sets ``deletedAt`` on live records; restore matches soft-deleted records only;
    destroy matches both (Twenty's destroy runs withDeleted).
    """
    store = ctx.emulator.store
    scope, apply = {
        "deleted": (_live, store.soft_delete),
        "restored": (_in_trash, store.restore),
        "destroyed": (_with_trash, store.destroy),
    }[action]
    verb = "destroy" if action == "destroyed" else "update"
    with store.transaction():
        matched = _matched(ctx, obj, scope(filter_), cap=cap, verb=verb)
        if one and not matched:
            raise EntityNotFoundError()
        ids = [r["id"] for r in matched]
        records = apply(obj.name_singular, scope(_ids(ids))) if ids else []
    ctx.events.extend(RecordEvent(f"{obj.name_singular}.{action}", obj, r) for r in records)
    return records


def _live(filter_: dict[str, Any]) -> dict[str, Any]:
    return filter_


def _ids(ids: Sequence[str]) -> dict[str, Any]:
    return {"id": {"in": list(ids)}}


def _in_trash(filter_: dict[str, Any]) -> dict[str, Any]:
    return {"and": [filter_, {"deletedAt": {"is": "NOT_NULL"}}]}


def _with_trash(filter_: dict[str, Any]) -> dict[str, Any]:
    """``filter_`` over live and soft-deleted records alike.

    The store hides soft-deleted records unless the filter names ``deletedAt`` (Twenty's
    ``applyDeletedAtToBuilder``); naming it in a branch that cannot narrow the match lifts that.
    """
    return {"or": [filter_, _in_trash(filter_)]}


def _matched(
    ctx: RequestContext, obj: ObjectMetadata, filter_: dict[str, Any], *, cap: int, verb: str
) -> list[dict[str, Any]]:
    """The records a filtered mutation touches, refusing more than ``cap`` of them."""
    page = ctx.emulator.store.find_many(
        obj.name_singular, filter=filter_, first=cap + 1, limit=cap + 1
    )
    if len(page.records) > cap:
        raise UserInputError(
            f"Cannot {verb} more than {cap} records at once",
            sub_code="TOO_MANY_RECORDS_TO_UPDATE",
        )
    return page.records


def _prepare(
    ctx: RequestContext, obj: ObjectMetadata, data: dict[str, Any], *, creating: bool
) -> dict[str, Any]:
    """Turn a Create/Update input into store values: relations to join columns, actor fields."""
    for meta in obj.active_fields:
        rel = meta.relation
        if rel is None or rel.type is not RelationType.MANY_TO_ONE:
            continue
        join = f"{meta.name}Id"
        if meta.name in data:
            relation_input = data.pop(meta.name) or {}
            if join in data:
                raise UserInputError(
                    f"Cannot provide both {join} and {meta.name} for {obj.name_singular}",
                    sub_code="CONNECT_NOT_ALLOWED",
                )
            data[join] = _resolve_connect(ctx, rel.target_object, meta.name, relation_input)
        elif data.get(join) is not None:
            _assert_exists(ctx, rel.target_object, join, data[join])
    for meta in obj.active_fields:
        if meta.type is FieldType.ACTOR:
            given = data.get(meta.name)
            if creating or given is not None:
                given = given or {}
                data[meta.name] = {
                    "source": given.get("source") or "API",
                    "workspaceMemberId": None,
                    "name": ctx.actor_name,
                    "context": given.get("context") if given.get("context") is not None else {},
                }
    return data


def _resolve_connect(
    ctx: RequestContext, target: str, field_name: str, relation_input: dict[str, Any]
) -> str | None:
    if relation_input.get("disconnect"):
        return None
    connect = relation_input.get("connect")
    if not connect or not connect.get("where"):
        raise UserInputError(
            f"Relation input for {field_name} needs connect.where or disconnect",
            sub_code="INVALID_ARGS_DATA",
        )
    where: dict[str, Any] = connect["where"]
    target_obj = ctx.emulator.workspace.object(target)
    clauses: list[dict[str, Any]] = []
    for key, value in where.items():
        if value is None:
            continue
        # a relation of a multi-field unique index: Twenty matches it on its join column
        join = target_obj.find_field(key)
        if join is not None and join.join_column is not None:
            clauses.append({join.join_column: {"eq": value}})
        elif isinstance(value, dict):
            clauses.extend({key: {sub: {"eq": v}}} for sub, v in value.items() if v is not None)
        else:
            clauses.append({key: {"eq": value}})
    if not clauses:
        raise UserInputError(
            f"connect.where for {field_name} is empty", sub_code="INVALID_ARGS_DATA"
        )
    page = ctx.emulator.store.find_many(target, filter={"and": clauses}, first=2)
    if not page.records:
        raise UserInputError(
            "Related record not found.",
            sub_code="CONNECT_RECORD_NOT_FOUND",
            user_friendly_message=f"The {target} to connect as {field_name} was not found.",
        )
    if len(page.records) > 1:
        raise UserInputError(
            f"Several {target} records match connect.where for {field_name}",
            sub_code="CONNECT_UNIQUE_CONSTRAINT_ERROR",
        )
    record_id: str = page.records[0]["id"]
    return record_id


def _assert_exists(ctx: RequestContext, target: str, join: str, record_id: str) -> None:
    """Twenty's join columns are foreign keys: a dangling id is refused."""
    if not ctx.emulator.store.get_by_ids(target, [record_id], with_deleted=True):
        raise UserInputError(
            f"{join} references a {target} that does not exist: {record_id}",
            sub_code="INVALID_ARGS_DATA",
        )
