"""Output types of one object: its enums, ``X``, ``XEdge``, ``XConnection``, ``XGroupByConnection``.

``X`` lists scalar, enum and composite fields in metadata order, a MANY_TO_ONE relation's join
column (``companyId: ID``) where the relation sits, then every relation field (``company:
Company``; ONE_TO_MANY as a connection with findMany arguments) in a second pass, the way
Twenty's object-type and "with relations" generators print it.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import enum_type_name
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.aggregates import TOTAL_COUNT, field_aggregates
from twenty_gql.testing.schema.type_mapper import output_type
from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef
from twenty_gql.testing.schema.view import ObjectView, find_many_args


def enum_types(view: ObjectView) -> list[TypeDef]:
    """``X<Field>Enum`` of every SELECT / MULTI_SELECT / RATING field (values = option values)."""
    out = []
    for field in view.enum_fields:
        labels = {o.value: o.label for o in field.options or []}
        values = [(v, labels.get(v) or None) for v in field.enum_values]
        out.append(td.enum(enum_type_name(view.obj.name_singular, field.name), values))
    return out


def object_type(view: ObjectView) -> TypeDef:
    body: list[FieldDef] = []
    relations: list[FieldDef] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(td.field(field.name, output_type(view.obj, field), (), field.description))
            continue
        target = view.target(field)
        if relation.is_many_to_one:
            body.append(td.field(f"{field.name}Id", "ID"))
            relations.append(td.field(field.name, target, (), field.description))
        else:
            relations.append(
                td.field(
                    field.name, f"{target}Connection", find_many_args(target), field.description
                )
            )
    return td.object_type(view.name, body + relations, view.obj.description)


def _aggregate_fields(view: ObjectView) -> list[FieldDef]:
    out = [td.field(TOTAL_COUNT[0], TOTAL_COUNT[1], (), TOTAL_COUNT[2])]
    for field in view.plain_fields:
        out += [td.field(n, t, (), d) for n, t, d in field_aggregates(field)]
    return out


def connection_types(view: ObjectView) -> list[TypeDef]:
    """``XEdge``, ``XConnection`` and ``XGroupByConnection`` (aggregates + edges + pageInfo)."""
    name, description = view.name, view.obj.description
    aggregates = _aggregate_fields(view)
    paging = [td.field("edges", f"[{name}Edge!]!"), td.field("pageInfo", "PageInfo!")]
    return [
        td.object_type(
            f"{name}Edge",
            [td.field("node", f"{name}!"), td.field("cursor", "Cursor!")],
            description,
        ),
        td.object_type(f"{name}Connection", aggregates + paging, description),
        td.object_type(
            f"{name}GroupByConnection",
            [*aggregates, *paging, td.field("groupByDimensionValues", "JSON!")],
            description,
        ),
    ]
