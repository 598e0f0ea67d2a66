"""``Query`` and ``Mutation``: the root fields Twenty generates for every object.

Names come from :func:`twenty_gql.testing.model.naming.root_field_names`; arguments and
nullability follow ``get-resolver-args.util.ts`` as printed in a real schema (root outputs are
nullable). ``XDuplicates`` and ``mergeX`` exist only for objects with duplicate criteria.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import root_field_names
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef
from twenty_gql.testing.schema.view import ObjectView, find_many_args


def _names(view: ObjectView) -> dict[str, str]:
    return root_field_names(view.obj.name_singular, view.obj.name_plural)


def query_fields(view: ObjectView) -> list[FieldDef]:
    x, names = view.name, _names(view)
    lines = [
        td.field(names["findMany"], f"{x}Connection", find_many_args(x)),
        td.field(names["findOne"], x, [("filter", f"{x}FilterInput!")]),
    ]
    if view.obj.duplicate_criteria:
        lines.append(
            td.field(
                names["findDuplicates"],
                f"[{x}Connection!]",
                [("ids", "[UUID]"), ("data", f"[{x}CreateInput]")],
            )
        )
    lines.append(
        td.field(
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


def mutation_fields(view: ObjectView) -> list[FieldDef]:
    x, names = view.name, _names(view)
    by_id = [("id", "UUID!")]
    by_filter = [("filter", f"{x}FilterInput!")]
    lines = [
        td.field(
            names["createMany"], f"[{x}!]", [("data", f"[{x}CreateInput!]!"), ("upsert", "Boolean")]
        ),
        td.field(names["createOne"], x, [("data", f"{x}CreateInput!"), ("upsert", "Boolean")]),
        td.field(names["updateOne"], x, [*by_id, ("data", f"{x}UpdateInput!")]),
        td.field(names["deleteOne"], x, by_id),
        td.field(names["updateMany"], f"[{x}!]", [("data", f"{x}UpdateInput!"), *by_filter]),
        td.field(names["deleteMany"], f"[{x}!]", by_filter),
        td.field(names["destroyOne"], x, by_id),
        td.field(names["destroyMany"], f"[{x}!]", by_filter),
        td.field(names["restoreOne"], x, by_id),
        td.field(names["restoreMany"], f"[{x}!]", by_filter),
    ]
    if view.obj.duplicate_criteria:
        lines.append(
            td.field(
                names["mergeMany"],
                x,
                [("ids", "[UUID!]!"), ("conflictPriorityIndex", "Int!"), ("dryRun", "Boolean")],
            )
        )
    return lines


def root_types(views: list[ObjectView]) -> list[TypeDef]:
    query: list[FieldDef] = []
    mutation: list[FieldDef] = []
    for view in views:
        query += query_fields(view)
        mutation += mutation_fields(view)
    return [td.object_type("Query", query), td.object_type("Mutation", mutation)]
