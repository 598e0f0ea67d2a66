"""``Query`` and ``Mutation``: the root fields Twenty generates for every object.

Names come from :func:`twenty_gql.testing.model.naming.root_field_names`; arguments and
nullability follow ``get-resolver-args.util.ts`` as printed in a real schema (root outputs are
nullable). ``XDuplicates`` and ``mergeX`` exist only for objects with duplicate criteria.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import root_field_names
from twenty_gql.testing.schema import sdl
from twenty_gql.testing.schema.view import ObjectView, find_many_args


def _names(view: ObjectView) -> dict[str, str]:
    return root_field_names(view.obj.name_singular, view.obj.name_plural)


def query_fields(view: ObjectView) -> list[str]:
    x, names = view.name, _names(view)
    lines = [
        sdl.field(names["findMany"], f"{x}Connection", find_many_args(x)),
        sdl.field(names["findOne"], x, [("filter", f"{x}FilterInput!")]),
    ]
    if view.obj.duplicate_criteria:
        lines.append(
            sdl.field(
                names["findDuplicates"],
                f"[{x}Connection!]",
                [("ids", "[UUID]"), ("data", f"[{x}CreateInput]")],
            )
        )
    lines.append(
        sdl.field(
            names["groupBy"],
            f"[{x}GroupByConnection!]",
            [
                ("groupBy", f"[{x}GroupByInput!]!"),
                ("filter", f"{x}FilterInput"),
                ("orderBy", f"[{x}OrderByWithGroupByInput]"),
                ("orderByForRecords", f"[{x}OrderByInput]"),
                ("viewId", "UUID"),
            ],
        )
    )
    return lines


def mutation_fields(view: ObjectView) -> list[str]:
    x, names = view.name, _names(view)
    by_id = [("id", "UUID!")]
    by_filter = [("filter", f"{x}FilterInput!")]
    lines = [
        sdl.field(
            names["createMany"], f"[{x}!]", [("data", f"[{x}CreateInput!]!"), ("upsert", "Boolean")]
        ),
        sdl.field(names["createOne"], x, [("data", f"{x}CreateInput!"), ("upsert", "Boolean")]),
        sdl.field(names["updateOne"], x, [*by_id, ("data", f"{x}UpdateInput!")]),
        sdl.field(names["deleteOne"], x, by_id),
        sdl.field(names["updateMany"], f"[{x}!]", [("data", f"{x}UpdateInput!"), *by_filter]),
        sdl.field(names["deleteMany"], f"[{x}!]", by_filter),
        sdl.field(names["destroyOne"], x, by_id),
        sdl.field(names["destroyMany"], f"[{x}!]", by_filter),
        sdl.field(names["restoreOne"], x, by_id),
        sdl.field(names["restoreMany"], f"[{x}!]", by_filter),
    ]
    if view.obj.duplicate_criteria:
        lines.append(
            sdl.field(
                names["mergeMany"],
                x,
                [("ids", "[UUID!]!"), ("conflictPriorityIndex", "Int!"), ("dryRun", "Boolean")],
            )
        )
    return lines


def roots_sdl(views: list[ObjectView]) -> str:
    query: list[str] = []
    mutation: list[str] = []
    for view in views:
        query += query_fields(view)
        mutation += mutation_fields(view)
    return sdl.block("type", "Query", query) + sdl.block("type", "Mutation", mutation)
