"""Types every workspace schema shares: scalars, filter inputs, ordering, paging.

Names, fields and nullability follow Twenty's ``workspace-schema-builder/graphql-types``
(scalars, ``input/*-filter.input-type.ts``, ``enums``) as printed in a real late-2025 schema.
"""

from __future__ import annotations

from functools import cache

from twenty_gql.testing.schema import sdl

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
DATE_GRANULARITIES = (
    "DAY",
    "MONTH",
    "QUARTER",
    "YEAR",
    "DAY_OF_THE_WEEK",
    "MONTH_OF_THE_YEAR",
    "QUARTER_OF_THE_YEAR",
    "NONE",
)

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


def _comparison_fields(scalar: str) -> list[str]:
    return [
        sdl.field("eq", scalar),
        sdl.field("gt", scalar),
        sdl.field("gte", scalar),
        sdl.field("in", f"[{scalar}!]"),
        sdl.field("lt", scalar),
        sdl.field("lte", scalar),
        sdl.field("neq", scalar),
    ]


def _string_filter() -> str:
    body = _comparison_fields("String")
    body += [sdl.field(op, "String") for op in ("startsWith", "like", "ilike", "regex", "iregex")]
    body.append(sdl.field("is", "FilterIs"))
    return sdl.block("input", "StringFilter", body)


def enum_filter(enum_name: str) -> str:
    """``<Enum>Filter``: the filter of a SELECT / MULTI_SELECT / RATING field's enum."""
    return sdl.block(
        "input",
        f"{enum_name}Filter",
        [
            sdl.field("eq", enum_name),
            sdl.field("neq", enum_name),
            sdl.field("in", f"[{enum_name}]"),
            sdl.field("containsAny", f"[{enum_name}]"),
            sdl.field("is", "FilterIs"),
            sdl.field("isEmptyArray", "Boolean"),
        ],
    )


@cache
def common_sdl() -> str:
    """The shared part of the SDL (identical for every workspace, so built once)."""
    parts = [sdl.scalar(name, description) for name, description in SCALARS]
    parts.append(sdl.enum("FilterIs", FILTER_IS))
    parts.append(sdl.enum("OrderByDirection", ORDER_BY_DIRECTIONS))
    parts.append(sdl.enum("DateGranularityEnum", DATE_GRANULARITIES))
    parts.append(
        sdl.block(
            "type",
            "PageInfo",
            [
                sdl.field("hasNextPage", "Boolean!"),
                sdl.field("hasPreviousPage", "Boolean!"),
                sdl.field("startCursor", "ConnectionCursor"),
                sdl.field("endCursor", "ConnectionCursor"),
            ],
        )
    )
    parts.append(_string_filter())
    for name, scalar in _COMPARISON_FILTERS:
        parts.append(
            sdl.block("input", name, [*_comparison_fields(scalar), sdl.field("is", "FilterIs")])
        )
    parts.append(
        sdl.block(
            "input", "BooleanFilter", [sdl.field("eq", "Boolean"), sdl.field("is", "FilterIs")]
        )
    )
    parts.append(
        sdl.block(
            "input", "RawJsonFilter", [sdl.field("is", "FilterIs"), sdl.field("like", "String")]
        )
    )
    parts.append(sdl.block("input", "TSVectorFilter", [sdl.field("search", "String")]))
    parts.append(
        sdl.block(
            "input",
            "ArrayFilter",
            [
                sdl.field("containsIlike", "String"),
                sdl.field("is", "FilterIs"),
                sdl.field("isEmptyArray", "Boolean"),
            ],
        )
    )
    parts.append(
        sdl.block(
            "input",
            "GroupByDateGranularityInput",
            [sdl.field("granularity", "DateGranularityEnum")],
        )
    )
    parts.append(
        sdl.block(
            "input",
            "OrderByDateGranularityInput",
            [
                sdl.field("orderBy", "OrderByDirection"),
                sdl.field("granularity", "DateGranularityEnum"),
            ],
        )
    )
    return "".join(parts)
