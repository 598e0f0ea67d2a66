"""``XGroupBy``: Twenty's group-by query compiled to one SQLite ``GROUP BY`` (plus one window query
for the records of each group).

Follows twenty-server's group-by runner (``common-group-by-query-runner.service.ts``) and its
utils, in the version whose schema this emulator serves (``DateGranularityEnum`` without WEEK,
``GroupByDateGranularityInput`` without a time zone, so no MISSING_TIMEZONE rule):

* ``parse-group-by-args.util.ts``: one field per ``XGroupByInput`` and one sub-field per composite
  (else INVALID_QUERY_INPUT); ``true`` groups by the column, a composite by ``{sub: true}``, a
  MANY_TO_ONE by its join column, a DATE/DATE_TIME by ``{granularity}``; anything else (``false``,
  ``{}``) adds no dimension.
* ``get-group-by-expression.util.ts``: DAY/MONTH/QUARTER/YEAR truncate (``DATE_TRUNC``, so the
  value is the bucket's first instant, UTC), DAY_OF_THE_WEEK/MONTH_OF_THE_YEAR are English names,
  QUARTER_OF_THE_YEAR is ``Q1``..``Q4``, NONE is the raw value.
* ``graphql-query-order-group-by.parser.ts`` + ``get-group-by-order-expression.util.ts``: groups
  order by an aggregate or by a groupBy dimension only; weekday/month names order by calendar.
* ``get-group-limit.util.ts``: at most ``DEFAULT_NUMBER_OF_GROUPS_LIMIT`` (50) groups.
* ``group-by-with-records.service.ts``: each group carries at most ``RECORDS_PER_GROUP_LIMIT``
  (10) records, ordered by ``orderByForRecords`` (``ROW_NUMBER() OVER (PARTITION BY ...)``).

Groups with equal order keys (and all groups when no orderBy is given, where Postgres' order is
unspecified) are ordered by their dimensions ascending, nulls last, so results are stable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    DATE_GRANULARITIES,
    FieldMetadata,
    FieldType,
)
from twenty_gql.testing.store.aggregates import Aggregate, available_aggregates, select_aggregates
from twenty_gql.testing.store.columns import Column, composite_column_name, decoder_for, quote
from twenty_gql.testing.store.layout import Layout, Record, decode_row
from twenty_gql.testing.store.ordering import (
    DIRECTIONS,
    OrderLeaf,
    encode_cursor,
    order_by_sql,
)

DEFAULT_NUMBER_OF_GROUPS_LIMIT = 50
RECORDS_PER_GROUP_LIMIT = 10
_DATES = (FieldType.DATE_TIME, FieldType.DATE)
_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MIDNIGHT = "'T00:00:00.000Z'"


def _invalid_input(message: str) -> UserInputError:
    return UserInputError(message, sub_code="INVALID_QUERY_INPUT")


@dataclass(frozen=True, slots=True)
class Dimension:
    """One GROUP BY term: which field (and sub-field or granularity) and its SQL."""

    field: FieldMetadata
    column: str
    sub_field: str | None
    granularity: str | None
    expression: str
    order_expression: str
    decode: Callable[[Any], Any]


@dataclass(slots=True)
class Group:
    """One group as Twenty's ``XGroupByConnection`` needs it."""

    dimension_values: list[Any]
    aggregates: dict[str, Any]
    records: list[Record] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    has_more_records: bool = False


# --------------------------------------------------------------------------- dimensions


def parse_group_by(layout: Layout, group_by: Sequence[dict[str, Any]] | None) -> list[Dimension]:
    """``parseGroupByArgs``: the dimensions of a ``groupBy`` argument, in order."""
    if not isinstance(group_by, list | tuple):
        raise _invalid_input('Missing required argument: "groupBy" must be an array.')
    dimensions: list[Dimension] = []
    for item in group_by:
        if not isinstance(item, dict):
            raise _invalid_input("Each groupBy item must be an object")
        keys = [k for k, v in item.items() if v is not None]
        if len(keys) > 1:
            raise _invalid_input(
                "You cannot provide multiple fields in one GroupByInput, "
                "split them into multiple GroupByInput"
            )
        for key in keys:
            dimension = _dimension(layout, key, item[key])
            if dimension is not None:
                dimensions.append(dimension)
    return dimensions


def _dimension(layout: Layout, key: str, value: Any) -> Dimension | None:
    alias = layout.alias
    join_field = layout.joins.get(key)
    if join_field is not None:
        if value is not True:
            return None
        return _plain(alias, join_field, key, Column(key, FieldType.UUID, join_field))
    fld = layout.fields.get(key)
    if fld is None or (fld.type is FieldType.RELATION and fld.join_column is None):
        raise _invalid_input(f"Unidentified field in groupBy: {key}")
    if fld.type is FieldType.RELATION:
        raise _invalid_input(f'Cannot group by relation field "{key}": use "{fld.join_column}"')
    if fld.type in _DATES and isinstance(value, dict):
        granularity = value.get("granularity")
        if granularity is None:
            return None
        if granularity not in DATE_GRANULARITIES:
            raise _invalid_input(f"Unknown date granularity: {granularity}")
        return _date_dimension(alias, fld, granularity)
    if value is True:
        if fld.is_composite:
            raise _invalid_input(f'Composite field "{key}" needs a sub-field to group by')
        return _plain(alias, fld, key, Column(key, fld.type, fld))
    if isinstance(value, dict) and fld.is_composite:
        chosen = [s for s, v in value.items() if v is not None]
        if len(chosen) > 1:
            raise _invalid_input(
                "You cannot provide multiple subfields in one GroupByInput, "
                "split them into multiple GroupByInput"
            )
        subs = {sub.name: sub for sub in COMPOSITE_SUBFIELDS[fld.type]}
        for sub_name in chosen:
            sub = subs.get(sub_name)
            if sub is None:
                raise _invalid_input(f'Sub field "{sub_name}" not found for composite "{key}"')
            if value[sub_name] is True:
                column = composite_column_name(key, sub_name)
                return _plain(alias, fld, column, Column(column, sub.type, fld, sub), sub_name)
    return None


def _plain(
    alias: str, fld: FieldMetadata, column: str, col: Column, sub_field: str | None = None
) -> Dimension:
    ref = f"{quote(alias)}.{quote(column)}"
    decoder = decoder_for(col)
    return Dimension(
        fld, column, sub_field, None, ref, ref, decoder if decoder is not None else _same
    )


def _same(value: Any) -> Any:
    return value


def _date_dimension(alias: str, fld: FieldMetadata, granularity: str) -> Dimension:
    ref = f"{quote(alias)}.{quote(fld.name)}"
    month = f"CAST(strftime('%m', {ref}) AS INTEGER)"
    quarter = f"(({month} - 1) / 3 + 1)"
    if granularity == "NONE":
        expression = order = ref
    elif granularity == "DAY":
        expression = order = f"(strftime('%Y-%m-%d', {ref}) || {_MIDNIGHT})"
    elif granularity == "MONTH":
        expression = order = f"(strftime('%Y-%m-01', {ref}) || {_MIDNIGHT})"
    elif granularity == "YEAR":
        expression = order = f"(strftime('%Y-01-01', {ref}) || {_MIDNIGHT})"
    elif granularity == "QUARTER":
        first_month = f"printf('%02d', ({quarter} - 1) * 3 + 1)"
        expression = order = (
            f"(strftime('%Y', {ref}) || '-' || {first_month} || '-01' || {_MIDNIGHT})"
        )
    elif granularity == "DAY_OF_THE_WEEK":
        weekday = f"strftime('%w', {ref})"
        names = " ".join(f"WHEN '{i}' THEN '{name}'" for i, name in enumerate(_WEEKDAYS))
        expression = f"(CASE {weekday} {names} END)"
        # Monday first, as getGroupByOrderExpression's default week start
        order = f"(CASE {weekday} WHEN '0' THEN 7 ELSE CAST({weekday} AS INTEGER) END)"
    elif granularity == "MONTH_OF_THE_YEAR":
        names = " ".join(f"WHEN {i} THEN '{name}'" for i, name in enumerate(_MONTHS, start=1))
        expression = f"(CASE {month} {names} END)"
        order = month
    else:  # QUARTER_OF_THE_YEAR
        expression = f"(CASE WHEN {ref} IS NULL THEN NULL ELSE 'Q' || {quarter} END)"
        order = expression
    return Dimension(fld, fld.name, None, granularity, expression, order, _same)


# --------------------------------------------------------------------------- ordering


def parse_group_order(
    layout: Layout,
    order_by: Sequence[dict[str, Any] | None] | None,
    dimensions: Sequence[Dimension],
    aggregates: dict[str, Aggregate],
) -> list[str]:
    """``GraphqlQueryOrderGroupByParser.parse``: ORDER BY terms for the groups."""
    terms: list[str] = []
    for item in order_by or []:
        if not item:
            continue
        aggregate = item.get("aggregate")
        if aggregate is not None:
            keys = [k for k, v in aggregate.items() if v is not None]
            if len(keys) > 1:
                raise UserInputError(
                    "Please provide aggregate criteria one by one in orderBy array"
                )
            for name in keys:
                chosen = aggregates.get(name)
                if chosen is None:
                    raise UserInputError(f"Unknown aggregate field: {name}")
                terms.append(_term(chosen.sql, aggregate[name]))
            continue
        keys = [k for k, v in item.items() if v is not None]
        if len(keys) > 1:
            raise UserInputError(
                "Please provide orderBy field criteria one by one in orderBy array"
            )
        for key in keys:
            term = _dimension_order(layout, key, item[key], dimensions)
            if term is not None:
                terms.append(term)
    terms += [_term(d.order_expression, "AscNullsLast") for d in dimensions]
    return terms


def _dimension_order(
    layout: Layout, key: str, value: Any, dimensions: Sequence[Dimension]
) -> str | None:
    """One dimension's ORDER BY term; None when the item names no direction (Twenty skips it)."""
    fld = layout.fields.get(key) or layout.joins.get(key)
    if fld is None:
        raise UserInputError(f"Cannot orderBy unknown field: {key}.")
    if isinstance(value, str):
        for d in dimensions:
            if d.field is fld and d.sub_field is None and d.granularity is None:
                return _term(d.order_expression, value)
        raise UserInputError(
            f"Cannot order by a field that is not an aggregate nor in groupBy criteria: {fld.name}."
        )
    if not isinstance(value, dict):
        raise UserInputError(f"Unknown orderBy value: {value}")
    if fld.type in _DATES:
        direction, granularity = value.get("orderBy"), value.get("granularity")
        if direction is None:
            return None
        if granularity is None:
            raise UserInputError(f"Missing date granularity for field {key}")
        for d in dimensions:
            if d.field is fld and d.granularity == granularity:
                return _term(d.order_expression, direction)
        raise UserInputError(
            f"Cannot order by a date granularity that is not in groupBy criteria: {granularity}"
        )
    subs = [s for s, v in value.items() if v is not None]
    if len(subs) > 1:
        raise UserInputError("Subfields must be provided one by one in orderBy array.")
    for sub_name in subs:
        for d in dimensions:
            if d.field is fld and d.sub_field == sub_name:
                return _term(d.order_expression, value[sub_name])
        raise UserInputError(
            "Cannot order by a field that is not in groupBy or that is not an aggregate field: "
            f"{sub_name}"
        )
    return None


def _term(expression: str, direction: Any) -> str:
    if direction not in DIRECTIONS:
        raise UserInputError(f"Invalid order direction {direction!r}")
    sort = "ASC" if direction.startswith("Asc") else "DESC"
    nulls = "NULLS FIRST" if direction.endswith("NullsFirst") else "NULLS LAST"
    return f"{expression} {sort} {nulls}"


# --------------------------------------------------------------------------- queries


def select_groups(
    conn: sqlite3.Connection,
    layout: Layout,
    where: tuple[str, list[Any]],
    dimensions: Sequence[Dimension],
    aggregate_names: Sequence[str],
    order_by: Sequence[dict[str, Any] | None] | None,
    limit: int | None,
) -> list[Group]:
    """The groups (dimension values + selected aggregates), ordered and limited."""
    aggregates = available_aggregates(layout.obj, layout.alias)
    chosen = select_aggregates(layout.obj, layout.alias, aggregate_names, available=aggregates)
    order_terms = parse_group_order(layout, order_by, dimensions, aggregates)
    # COUNT(*) keeps the SELECT list non-empty when nothing else is asked for.
    selects = [d.expression for d in dimensions] + [a.sql for _, a in chosen] + ["COUNT(*)"]
    sql_where, params = where
    sql = (
        f"SELECT {', '.join(selects)} FROM {quote(layout.table)} AS {quote(layout.alias)} "
        f"WHERE {sql_where}"
    )
    if dimensions:
        sql += f" GROUP BY {', '.join(d.expression for d in dimensions)}"
    if order_terms:
        sql += f" ORDER BY {', '.join(order_terms)}"
    sql += " LIMIT ?"
    groups: list[Group] = []
    for row in conn.execute(sql, [*params, group_limit(limit)]):
        n = len(dimensions)
        values = [d.decode(v) for d, v in zip(dimensions, row[:n], strict=True)]
        aggregated = {
            name: aggregate.convert(value)
            for (name, aggregate), value in zip(chosen, row[n : n + len(chosen)], strict=True)
        }
        groups.append(Group(values, aggregated))
    return groups


def group_limit(limit: Any) -> int:
    """``getGroupLimit``: a positive integer limit, else the default."""
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    return DEFAULT_NUMBER_OF_GROUPS_LIMIT


def fill_group_records(
    conn: sqlite3.Connection,
    layout: Layout,
    where: tuple[str, list[Any]],
    dimensions: Sequence[Dimension],
    groups: Sequence[Group],
    leaves: list[OrderLeaf],
    per_group: int = RECORDS_PER_GROUP_LIMIT,
) -> None:
    """Attach each group's first ``per_group`` records (one windowed query for all groups)."""
    if not groups:
        return
    alias = quote(layout.alias)
    sql_where, params = where
    n_columns = len(layout.columns)
    dims = [d.expression for d in dimensions]
    partition = f"PARTITION BY {', '.join(dims)} " if dims else ""
    order = order_by_sql(leaves, layout.alias, backward=False)
    inner = (
        f"SELECT {layout.select_sql}{''.join(', ' + d for d in dims)}, "
        f"ROW_NUMBER() OVER ({partition}ORDER BY {order}) AS tw_rn "
        f"FROM {quote(layout.table)} AS {alias} WHERE {sql_where}"
    )
    sql = f"SELECT * FROM ({inner}) WHERE tw_rn <= ? ORDER BY tw_rn"
    by_key = {_key(g.dimension_values): g for g in groups}
    for row in conn.execute(sql, [*params, per_group + 1]):
        raw = row[n_columns : n_columns + len(dimensions)]
        values = [d.decode(v) for d, v in zip(dimensions, raw, strict=True)]
        group = by_key.get(_key(values))
        if group is None:
            continue
        if len(group.records) >= per_group:
            group.has_more_records = True
            continue
        record = decode_row(layout, row[:n_columns])
        group.records.append(record)
        group.cursors.append(encode_cursor(record, leaves))


def _key(values: Sequence[Any]) -> str:
    return "|".join(repr(v) for v in values)
