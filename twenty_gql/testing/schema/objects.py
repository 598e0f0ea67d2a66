"""Output types of one object: its enums, ``X``, ``XEdge``, ``XConnection``, ``XGroupByConnection``.

``X`` lists scalar, enum and composite fields in metadata order, a MANY_TO_ONE relation's join
column (``companyId: ID``) where the relation sits, then every relation field (``company:
Company``; ONE_TO_MANY as a connection with findMany arguments) in a second pass, the way
Twenty's object-type and "with relations" generators print it.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import enum_type_name
from twenty_gql.testing.schema import sdl
from twenty_gql.testing.schema.aggregates import TOTAL_COUNT, field_aggregates
from twenty_gql.testing.schema.type_mapper import output_type
from twenty_gql.testing.schema.view import ObjectView, find_many_args


def enums_sdl(view: ObjectView) -> str:
    """``X<Field>Enum`` of every SELECT / MULTI_SELECT / RATING field (values = option values)."""
    parts = []
    for field in view.enum_fields:
        labels = {o.value: o.label for o in field.options or []}
        body = [f"{sdl.describe(labels.get(v), '  ')}  {v}\n" for v in field.enum_values]
        parts.append(sdl.block("enum", enum_type_name(view.obj.name_singular, field.name), body))
    return "".join(parts)


def object_type_sdl(view: ObjectView) -> str:
    body: list[str] = []
    relations: list[str] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(sdl.field(field.name, output_type(view.obj, field), (), field.description))
            continue
        target = view.target(field)
        if relation.is_many_to_one:
            body.append(sdl.field(f"{field.name}Id", "ID"))
            relations.append(sdl.field(field.name, target, (), field.description))
        else:
            relations.append(
                sdl.field(
                    field.name, f"{target}Connection", find_many_args(target), field.description
                )
            )
    return sdl.block("type", view.name, body + relations, view.obj.description)


def _aggregate_lines(view: ObjectView) -> list[str]:
    lines = [sdl.field(TOTAL_COUNT[0], TOTAL_COUNT[1], (), TOTAL_COUNT[2])]
    for field in view.plain_fields:
        lines += [sdl.field(n, t, (), d) for n, t, d in field_aggregates(field)]
    return lines


def connection_types_sdl(view: ObjectView) -> str:
    """``XEdge``, ``XConnection`` and ``XGroupByConnection`` (aggregates + edges + pageInfo)."""
    name, description = view.name, view.obj.description
    aggregates = _aggregate_lines(view)
    paging = [sdl.field("edges", f"[{name}Edge!]!"), sdl.field("pageInfo", "PageInfo!")]
    return "".join(
        [
            sdl.block(
                "type",
                f"{name}Edge",
                [sdl.field("node", f"{name}!"), sdl.field("cursor", "Cursor!")],
                description,
            ),
            sdl.block("type", f"{name}Connection", aggregates + paging, description),
            sdl.block(
                "type",
                f"{name}GroupByConnection",
                [*aggregates, *paging, sdl.field("groupByDimensionValues", "JSON!")],
                description,
            ),
        ]
    )
