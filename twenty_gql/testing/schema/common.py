"""Types every workspace schema shares: scalars, filter inputs, ordering, paging.

Names, fields and nullability follow Twenty's ``workspace-schema-builder/graphql-types``
(scalars, ``input/*-filter.input-type.ts``, ``enums``) as printed in a real late-2025 schema.
"""

from __future__ import annotations

from functools import cache

from twenty_gql.testing.model.types import DATE_GRANULARITIES
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef

SCALARS: tuple[tuple[str, str], ...] = (
    ("UUID", "A UUID scalar type"),
    ("DateTime", "A date-time string at UTC, such as 2019-12-03T09:54:33Z."),
    ("Date", "A date string, such as 2007-12-03 (YYYY-MM-DD)."),
    ("JSON", "Any JSON value."),
    ("BigFloat", "A custom scalar type for representing big floating point numbers"),
    ("BigInt", "Non-fractional signed whole numeric values beyond 32 bits."),
    ("Position", "A custom scalar type for representing record position in a list"),
    ("TSVector", "A custom scalar type for PostgreSQL tsvector fields"),
    ("Cursor", "A custom scalar that represents a cursor for pagination"),
    ("ConnectionCursor", "Cursor for paging through collections"),
)

ORDER_BY_DIRECTIONS = ("AscNullsFirst", "AscNullsLast", "DescNullsFirst", "DescNullsLast")
FILTER_IS = ("NULL", "NOT_NULL", "NotNull", "Null")

#: ``<Scalar>Filter`` inputs with the comparison operators (eq gt gte in lt lte neq is)
_COMPARISON_FILTERS = (
    ("UUIDFilter", "UUID"),
    ("FloatFilter", "Float"),
    ("IntFilter", "Int"),
    ("BigIntFilter", "BigInt"),
    ("BigFloatFilter", "BigFloat"),
    ("DateTimeFilter", "DateTime"),
    ("DateFilter", "Date"),
)


def _comparison_fields(scalar: str) -> list[FieldDef]:
    return [
        td.field("eq", scalar),
        td.field("gt", scalar),
        td.field("gte", scalar),
        td.field("in", f"[{scalar}!]"),
        td.field("lt", scalar),
        td.field("lte", scalar),
        td.field("neq", scalar),
    ]


def _string_filter() -> TypeDef:
    body = _comparison_fields("String")
    body += [td.field(op, "String") for op in ("startsWith", "like", "ilike", "regex", "iregex")]
    body.append(td.field("is", "FilterIs"))
    return td.input_type("StringFilter", body)


def enum_filter(enum_name: str) -> TypeDef:
    """``<Enum>Filter``: the filter of a SELECT / MULTI_SELECT / RATING field's enum."""
    return td.input_type(
        f"{enum_name}Filter",
        [
            td.field("eq", enum_name),
            td.field("neq", enum_name),
            td.field("in", f"[{enum_name}]"),
            td.field("containsAny", f"[{enum_name}]"),
            td.field("is", "FilterIs"),
            td.field("isEmptyArray", "Boolean"),
        ],
    )


@cache
def common_types() -> tuple[TypeDef, ...]:
    """The shared types (identical for every workspace, so built once)."""
    parts = [td.scalar(name, description) for name, description in SCALARS]
    parts.append(td.enum("FilterIs", FILTER_IS))
    parts.append(td.enum("OrderByDirection", ORDER_BY_DIRECTIONS))
    parts.append(td.enum("DateGranularityEnum", DATE_GRANULARITIES))
    parts.append(
        td.object_type(
            "PageInfo",
            [
                td.field("hasNextPage", "Boolean!"),
                td.field("hasPreviousPage", "Boolean!"),
                td.field("startCursor", "ConnectionCursor"),
                td.field("endCursor", "ConnectionCursor"),
            ],
        )
    )
    parts.append(_string_filter())
    for name, scalar in _COMPARISON_FILTERS:
        parts.append(td.input_type(name, [*_comparison_fields(scalar), td.field("is", "FilterIs")]))
    parts.append(
        td.input_type("BooleanFilter", [td.field("eq", "Boolean"), td.field("is", "FilterIs")])
    )
    parts.append(
        td.input_type("RawJsonFilter", [td.field("is", "FilterIs"), td.field("like", "String")])
    )
    parts.append(td.input_type("TSVectorFilter", [td.field("search", "String")]))
    parts.append(
        td.input_type(
            "ArrayFilter",
            [
                td.field("containsIlike", "String"),
                td.field("is", "FilterIs"),
                td.field("isEmptyArray", "Boolean"),
            ],
        )
    )
    parts.append(
        td.input_type(
            "GroupByDateGranularityInput",
            [td.field("granularity", "DateGranularityEnum")],
        )
    )
    parts.append(
        td.input_type(
            "OrderByDateGranularityInput",
            [
                td.field("orderBy", "OrderByDirection"),
                td.field("granularity", "DateGranularityEnum"),
            ],
        )
    )
    return tuple(parts)
