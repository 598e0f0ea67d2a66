"""Input types of one object: create/update data, filter, ordering and group-by inputs.

Every input field is optional, except that create data requires non-nullable fields without a
default. MANY_TO_ONE relations appear as their join column (``companyId``) everywhere, plus
``company: CompanyRelationInput`` in create/update data; ONE_TO_MANY relations appear in none of
them (Twenty's input-type generators).
"""

from __future__ import annotations

from collections.abc import Callable

from twenty_gql.testing.model.naming import enum_type_name
from twenty_gql.testing.model.types import FieldMetadata
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.aggregates import TOTAL_COUNT, field_aggregates
from twenty_gql.testing.schema.common import enum_filter
from twenty_gql.testing.schema.type_mapper import (
    filter_type,
    group_by_type,
    input_type,
    order_by_type,
    order_by_with_group_by_type,
)
from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef
from twenty_gql.testing.schema.view import ObjectView

Mapper = Callable[[ObjectView, FieldMetadata], str]


def _data_input(view: ObjectView, kind: str) -> TypeDef:
    body: list[FieldDef] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(
                td.field(field.name, input_type(view.obj, field, kind), (), field.description)
            )
        elif relation.is_many_to_one:
            body.append(td.field(f"{field.name}Id", "ID"))
            body.append(
                td.field(field.name, f"{view.target(field)}RelationInput", (), field.description)
            )
    return td.input_type(f"{view.name}{kind}Input", body, view.obj.description)


def _keyed_fields(view: ObjectView, mapper: Mapper, join_type: str) -> list[FieldDef]:
    """One key per plain field and per join column (filter, orderBy, groupBy inputs)."""
    body: list[FieldDef] = []
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body.append(td.field(field.name, mapper(view, field), (), field.description))
        elif relation.is_many_to_one:
            body.append(td.field(f"{field.name}Id", join_type))
    return body


def _filter_input(view: ObjectView) -> TypeDef:
    own = f"{view.name}FilterInput"
    body = _keyed_fields(view, lambda v, f: filter_type(v.obj, f), "UUIDFilter")
    body += [td.field("and", f"[{own}]"), td.field("or", f"[{own}]"), td.field("not", own)]
    return td.input_type(own, body, view.obj.description)


def _aggregate_order_input(view: ObjectView) -> TypeDef:
    """``XOrderByWithGroupByAggregateInput``: one direction per aggregate (and join column)."""
    body = [td.field(TOTAL_COUNT[0], "OrderByDirection")]
    for field in view.fields:
        relation = field.relation
        if relation is None:
            body += [td.field(n, "OrderByDirection") for n, _, _ in field_aggregates(field)]
        elif relation.is_many_to_one:
            body.append(td.field(f"{field.name}Id", "OrderByDirection"))
    return td.input_type(
        f"{view.name}OrderByWithGroupByAggregateInput", body, "Aggregate-based ordering"
    )


def input_types(view: ObjectView) -> list[TypeDef]:
    name, description = view.name, view.obj.description
    enum_filters = [
        enum_filter(enum_type_name(view.obj.name_singular, f.name)) for f in view.enum_fields
    ]
    order_by = _keyed_fields(view, lambda v, f: order_by_type(f), "OrderByDirection")
    with_group_by = _keyed_fields(
        view, lambda v, f: order_by_with_group_by_type(f), "OrderByDirection"
    )
    aggregate = td.field("aggregate", f"{name}OrderByWithGroupByAggregateInput")
    group_by = _keyed_fields(view, lambda v, f: group_by_type(f), "Boolean")
    return [
        _data_input(view, "Create"),
        _data_input(view, "Update"),
        _filter_input(view),
        *enum_filters,
        td.input_type(f"{name}OrderByInput", order_by, description),
        td.input_type(f"{name}OrderByWithGroupByInput", [aggregate, *with_group_by], description),
        _aggregate_order_input(view),
        td.input_type(f"{name}GroupByInput", group_by, description),
    ]
