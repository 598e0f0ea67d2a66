"""Read semantics: find many (connections), find one, and the relation fields of a record.

Follows Twenty's ``CommonFindManyQueryRunnerService``: argument conflicts are rejected
(``validate``), the page size is ``first ?? last ?? QUERY_MAX_RECORDS``, aggregates are computed
only when selected, nested one-to-many connections hold at most
``QUERY_MAX_RECORDS_FROM_RELATION`` records and may not contain another one-to-many.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import FieldNode

from twenty_gql.testing.api.context import Info, RequestContext
from twenty_gql.testing.api.selection import child_fields, nodes_at, selected_names
from twenty_gql.testing.errors import EntityNotFoundError, UserInputError
from twenty_gql.testing.model.types import ObjectMetadata, RelationType
from twenty_gql.testing.store import Page

_STANDARD_MESSAGE = "An error occurred."
_CONNECTION_PLUMBING = frozenset({"edges", "pageInfo", "__typename"})


def validate_find_many_args(args: dict[str, Any]) -> None:
    """Twenty's argument rules for findMany; each is BAD_USER_INPUT."""
    conflicts = (
        ("first", "last"),
        ("before", "after"),
        ("before", "first"),
        ("after", "last"),
    )
    for a, b in conflicts:
        if args.get(a) and args.get(b):
            raise UserInputError(
                f"Cannot provide both {a} and {b}",
                sub_code="ARGS_CONFLICT",
                user_friendly_message=_STANDARD_MESSAGE,
            )
    for name in ("first", "last"):
        value = args.get(name)
        if value is not None and value < 0:
            raise UserInputError(
                f"{name.capitalize()} argument must be non-negative",
                sub_code=f"INVALID_ARGS_{name.upper()}",
                user_friendly_message=_STANDARD_MESSAGE,
            )
    offset = args.get("offset")
    if offset is not None and offset < 0:
        raise UserInputError("Offset argument must be non-negative", sub_code="INVALID_ARGS")


def one_to_many_depth(
    ctx: RequestContext, obj: ObjectMetadata, nodes: Sequence[FieldNode], info: Info
) -> int:
    """Deepest chain of one-to-many relation fields under record selection ``nodes``."""
    workspace = ctx.emulator.workspace
    deepest = 0
    for child in child_fields(nodes, info):
        meta = obj.find_field(child.name.value)
        if meta is None or meta.relation is None:
            continue
        target = workspace.objects.get(meta.relation.target_object)
        if target is None:
            continue
        if meta.relation.type is RelationType.ONE_TO_MANY:
            record_nodes = [
                n
                for edges in child_fields([child], info)
                if edges.name.value == "edges"
                for n in child_fields([edges], info)
                if n.name.value == "node"
            ]
            deepest = max(deepest, 1 + one_to_many_depth(ctx, target, record_nodes, info))
        else:
            deepest = max(deepest, one_to_many_depth(ctx, target, [child], info))
    return deepest


def reject_nested_one_to_many(
    ctx: RequestContext,
    obj: ObjectMetadata,
    record_nodes: Sequence[FieldNode],
    info: Info,
) -> None:
    if one_to_many_depth(ctx, obj, record_nodes, info) >= 2:
        raise UserInputError(
            "Query complexity is too high. One-to-Many relation cannot be nested in another "
            "One-to-Many relation.",
            sub_code="TOO_COMPLEX_QUERY",
            user_friendly_message=_STANDARD_MESSAGE,
        )


def connection(
    ctx: RequestContext,
    obj: ObjectMetadata,
    args: dict[str, Any],
    info: Info,
    *,
    cap: int,
    scope: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One page of ``obj`` as Twenty's ``XConnection`` value (edges, pageInfo, aggregates)."""
    validate_find_many_args(args)
    store = ctx.emulator.store
    user_filter = args.get("filter") or None
    filter_ = _and(user_filter, scope)
    first, last = args.get("first"), args.get("last")
    page: Page = store.find_many(
        obj.name_singular,
        filter=filter_,
        order_by=_order_by(args.get("orderBy")),
        first=None if first is None else min(first, cap),
        last=None if last is None else min(last, cap),
        before=args.get("before") or None,
        after=args.get("after") or None,
        offset=args.get("offset"),
        limit=cap,
        with_total="totalCount" in selected_names(info),
    )
    result: dict[str, Any] = {
        "edges": [
            {"node": record, "cursor": cursor}
            for record, cursor in zip(page.records, page.cursors, strict=True)
        ],
        "pageInfo": {
            "hasNextPage": page.has_next_page,
            "hasPreviousPage": page.has_previous_page,
            "startCursor": page.cursors[0] if page.cursors else None,
            "endCursor": page.cursors[-1] if page.cursors else None,
        },
        "totalCount": page.total_count,
    }
    aggregates = sorted(selected_names(info) - _CONNECTION_PLUMBING - {"totalCount"})
    if aggregates:
        result.update(store.aggregate(obj.name_singular, filter_, aggregates))
    prefetch_many_to_one(ctx, obj, page.records, nodes_at(info, "edges", "node"), info)
    return result


def find_one(
    ctx: RequestContext, obj: ObjectMetadata, args: dict[str, Any], info: Info
) -> dict[str, Any]:
    page = ctx.emulator.store.find_many(obj.name_singular, filter=args.get("filter"), first=1)
    if not page.records:
        raise EntityNotFoundError()
    return page.records[0]


def prefetch_many_to_one(
    ctx: RequestContext,
    obj: ObjectMetadata,
    records: Sequence[dict[str, Any]],
    record_nodes: Sequence[FieldNode],
    info: Info,
) -> None:
    """Load every selected many-to-one target of a page in one query per relation (no N+1)."""
    if not records or not record_nodes:
        return
    selected = {f.name.value for f in child_fields(record_nodes, info)}
    for meta in obj.active_fields:
        rel = meta.relation
        if rel is None or rel.type is not RelationType.MANY_TO_ONE or meta.name not in selected:
            continue
        join = f"{meta.name}Id"
        ids = sorted({r[join] for r in records if r.get(join)})
        missing = [i for i in ids if (rel.target_object, i) not in ctx.related]
        if not missing:
            continue
        found = ctx.emulator.store.get_by_ids(rel.target_object, missing)
        for record_id in missing:
            ctx.related[(rel.target_object, record_id)] = found.get(record_id)


def many_to_one(ctx: RequestContext, target: str, record_id: str | None) -> dict[str, Any] | None:
    if not record_id:
        return None
    key = (target, record_id)
    if key not in ctx.related:
        ctx.related[key] = ctx.emulator.store.get_by_ids(target, [record_id]).get(record_id)
    return ctx.related[key]


def _and(*filters: dict[str, Any] | None) -> dict[str, Any] | None:
    present = [f for f in filters if f]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return {"and": present}


def _order_by(value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return [item for item in items if item]
