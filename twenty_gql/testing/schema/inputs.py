"""Input types of one object: create/update data, filter, ordering and group-by inputs.

Every input field is optional. MANY_TO_ONE relations appear as their join column (``companyId``)
everywhere, plus ``company: CompanyRelationInput`` in create/update data; ONE_TO_MANY relations
appear in none of them (Twenty's input-type generators).
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import enum_type_name
from twenty_gql.testing.schema import sdl
from twenty_gql.testing.schema.aggregates import TOTAL_COUNT, field_aggregates
from twenty_gql.testing.schema.common import enum_filter
from twenty_gql.testing.schema.type_mapper import (
    filter_type,
    group_by_type,
    input_type,
    order_by_type,
    order_by_with_group_by_type,
)
from twenty_gql.testing.schema.view import ObjectView


def _data_input(view: ObjectView, kind: str) -> str:
    body: list[str] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(
                sdl.field(field.name, input_type(view.obj, field, kind), (), field.description)
            )
        elif relation.is_many_to_one:
            body.append(sdl.field(f"{field.name}Id", "ID"))
            body.append(
                sdl.field(field.name, f"{view.target(field)}RelationInput", (), field.description)
            )
    return sdl.block("input", f"{view.name}{kind}Input", body, view.obj.description)


def _keyed_input(view: ObjectView, suffix: str, mapper: str, join_type: str) -> str:
    """An input with one key per plain field and per join column (filter, orderBy, groupBy)."""
    body: list[str] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(sdl.field(field.name, _MAPPERS[mapper](view, field), (), field.description))
        elif relation.is_many_to_one:
            body.append(sdl.field(f"{field.name}Id", join_type))
    if suffix == "FilterInput":
        own = f"{view.name}FilterInput"
        body += [
            sdl.field("and", f"[{own}]"),
            sdl.field("or", f"[{own}]"),
            sdl.field("not", own),
        ]
    if suffix == "OrderByWithGroupByInput":
        body.insert(0, sdl.field("aggregate", f"{view.name}OrderByWithGroupByAggregateInput"))
    return sdl.block("input", f"{view.name}{suffix}", body, view.obj.description)


_MAPPERS = {
    "filter": lambda view, field: filter_type(view.obj, field),
    "orderBy": lambda view, field: order_by_type(field),
    "groupBy": lambda view, field: group_by_type(field),
    "orderByWithGroupBy": lambda view, field: order_by_with_group_by_type(field),
}


def _aggregate_order_input(view: ObjectView) -> str:
    """``XOrderByWithGroupByAggregateInput``: one direction per aggregate (and join column)."""
    body = [sdl.field(TOTAL_COUNT[0], "OrderByDirection")]
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body += [sdl.field(n, "OrderByDirection") for n, _, _ in field_aggregates(field)]
        elif relation.is_many_to_one:
            body.append(sdl.field(f"{field.name}Id", "OrderByDirection"))
    return sdl.block(
        "input", f"{view.name}OrderByWithGroupByAggregateInput", body, "Aggregate-based ordering"
    )


def inputs_sdl(view: ObjectView) -> str:
    enum_filters = [
        enum_filter(enum_type_name(view.obj.name_singular, f.name)) for f in view.enum_fields
    ]
    return "".join(
        [
            _data_input(view, "Create"),
            _data_input(view, "Update"),
            _keyed_input(view, "FilterInput", "filter", "UUIDFilter"),
            *enum_filters,
            _keyed_input(view, "OrderByInput", "orderBy", "OrderByDirection"),
            _keyed_input(view, "OrderByWithGroupByInput", "orderByWithGroupBy", "OrderByDirection"),
            _aggregate_order_input(view),
            _keyed_input(view, "GroupByInput", "groupBy", "Boolean"),
        ]
    )
