"""``xGroupBy`` semantics: one ``XGroupByConnection`` per group.

Follows ``common-group-by-query-runner.service.ts`` (SQL in ``store.group_by``): the aggregates
computed are those selected on the connection, ``groupByDimensionValues`` is the list of the
group's dimension values in ``groupBy`` order, and records are fetched only when the caller
selects ``edges``/``pageInfo`` (Twenty's ``includeRecords``), at most 10 per group, ordered by
``orderByForRecords``. ``viewId`` names a view whose filters Twenty adds; the emulator has no
views, so (like Twenty for a view without filters) it adds nothing.
"""

from __future__ import annotations

from typing import Any

from twenty_gql.testing.api.context import Info, RequestContext
from twenty_gql.testing.api.reads import prefetch_many_to_one, reject_nested_one_to_many
from twenty_gql.testing.api.selection import nodes_at, selected_names
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import ObjectMetadata

_STANDARD_MESSAGE = "An error occurred."
_PLUMBING = frozenset({"edges", "pageInfo", "groupByDimensionValues", "__typename"})


def _check_args(args: dict[str, Any]) -> None:
    """``assertGroupByArgs``: ``groupBy`` must be a list; ``limit`` a number."""
    if not isinstance(args.get("groupBy"), list):
        raise UserInputError(
            'Missing required argument: "groupBy" must be an array.',
            sub_code="INVALID_QUERY_INPUT",
            user_friendly_message=_STANDARD_MESSAGE,
        )
    limit = args.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | float)):
        raise UserInputError(
            'Invalid argument: "limit" must be a number',
            sub_code="INVALID_QUERY_INPUT",
            user_friendly_message=_STANDARD_MESSAGE,
        )


def group_by(
    ctx: RequestContext, obj: ObjectMetadata, args: dict[str, Any], info: Info
) -> list[dict[str, Any]]:
    _check_args(args)
    selected = selected_names(info)
    with_records = bool(selected & {"edges", "pageInfo"})
    record_nodes = nodes_at(info, "edges", "node")
    if with_records:
        reject_nested_one_to_many(ctx, obj, record_nodes, info)
    groups = ctx.emulator.store.group_by(
        obj.name_singular,
        group_by=args["groupBy"],
        filter=args.get("filter") or None,
        order_by=_as_list(args.get("orderBy")),
        aggregates=sorted(selected - _PLUMBING),
        limit=args.get("limit"),
        records_order_by=_as_list(args.get("orderByForRecords")),
        with_records=with_records,
    )
    out: list[dict[str, Any]] = []
    for group in groups:
        item: dict[str, Any] = {
            **group.aggregates,
            "groupByDimensionValues": group.dimension_values,
            "edges": [
                {"node": record, "cursor": cursor}
                for record, cursor in zip(group.records, group.cursors, strict=True)
            ],
            "pageInfo": {
                "hasNextPage": group.has_more_records,
                "hasPreviousPage": False,
                "startCursor": group.cursors[0] if group.cursors else None,
                "endCursor": group.cursors[-1] if group.cursors else None,
            },
        }
        out.append(item)
    if with_records:
        records = [r for g in groups for r in g.records]
        prefetch_many_to_one(ctx, obj, records, record_nodes, info)
    return out


def _as_list(value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return [item for item in items if item]
