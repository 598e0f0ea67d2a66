"""Connection aggregates (``countEmptyName``, ``sumEmployees``...) compiled to SQL.

Names and availability follow ``get-available-aggregations-from-object-fields.util.ts``
(every non-relation field: countUniqueValues/countEmpty/countNotEmpty/percentageEmpty/
percentageNotEmpty; numbers add min/max/avg/sum; dates min/max; booleans countTrue/countFalse;
currencies min/max/sum/avg ``<field>AmountMicros``). The SQL mirrors
``process-aggregate.helper.ts``: a value is empty when the concatenation of all its columns is
``''`` (``NULLIF(CONCAT(cols), '')``), and every aggregate of an empty set is NULL. One
deliberate refinement: an empty JSON array/object counts as empty too, so a company with no
domain is an empty ``domainName`` whatever its ``secondaryLinks`` column holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from twenty_gql._naming import pascal_case
from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import FieldMetadata, FieldType, ObjectMetadata
from twenty_gql.testing.store.columns import JSON_TYPES, Column, field_columns, quote

_NUMERIC = (FieldType.NUMBER, FieldType.NUMERIC)
_DATES = (FieldType.DATE_TIME, FieldType.DATE)


@dataclass(frozen=True, slots=True)
class Aggregate:
    sql: str
    convert: Callable[[Any], Any]


def _int(value: Any) -> Any:
    return None if value is None else int(value)


def _float(value: Any) -> Any:
    return None if value is None else float(value)


def _same(value: Any) -> Any:
    return value


def _guard(expression: str) -> str:
    return f"CASE WHEN COUNT(*) = 0 THEN NULL ELSE {expression} END"


def _value_expression(columns: list[Column], alias: str) -> str:
    parts = []
    for column in columns:
        ref = f"{quote(alias)}.{column.quoted}"
        if column.type in JSON_TYPES:
            ref = f"NULLIF(NULLIF(NULLIF({ref}, '[]'), '{{}}'), 'null')"
        parts.append(f"COALESCE(CAST({ref} AS TEXT), '')")
    return f"NULLIF({' || '.join(parts)}, '')"


def available_aggregates(obj: ObjectMetadata, alias: str) -> dict[str, Aggregate]:
    out: dict[str, Aggregate] = {"totalCount": Aggregate("COUNT(*)", _int)}
    for field in obj.active_fields:
        if field.type is FieldType.RELATION:
            continue
        out.update(_field_aggregates(field, alias))
    return out


def _field_aggregates(field: FieldMetadata, alias: str) -> dict[str, Aggregate]:
    columns = field_columns(field)
    name = pascal_case(field.name)
    value = _value_expression(columns, alias)
    out = {
        f"countUniqueValues{name}": Aggregate(_guard(f"COUNT(DISTINCT {value})"), _int),
        f"countEmpty{name}": Aggregate(_guard(f"COUNT(*) - COUNT({value})"), _int),
        f"countNotEmpty{name}": Aggregate(_guard(f"COUNT({value})"), _int),
        f"percentageEmpty{name}": Aggregate(
            _guard(f"CAST(COUNT(*) - COUNT({value}) AS REAL) / COUNT(*)"), _float
        ),
        f"percentageNotEmpty{name}": Aggregate(
            _guard(f"CAST(COUNT({value}) AS REAL) / COUNT(*)"), _float
        ),
    }
    ref = f"{quote(alias)}.{columns[0].quoted}" if columns else ""
    if field.type in _NUMERIC:
        for op in ("min", "max", "avg", "sum"):
            out[f"{op}{name}"] = Aggregate(f"{op.upper()}({ref})", _float)
    elif field.type in _DATES:
        out[f"min{name}"] = Aggregate(f"MIN({ref})", _same)
        out[f"max{name}"] = Aggregate(f"MAX({ref})", _same)
    elif field.type is FieldType.BOOLEAN:
        out[f"countTrue{name}"] = Aggregate(_guard(f"COUNT(CASE WHEN {ref} = 1 THEN 1 END)"), _int)
        out[f"countFalse{name}"] = Aggregate(_guard(f"COUNT(CASE WHEN {ref} = 0 THEN 1 END)"), _int)
    elif field.type is FieldType.CURRENCY:
        micros = f"{quote(alias)}.{quote(field.name + 'AmountMicros')}"
        for op in ("min", "max", "sum", "avg"):
            out[f"{op}{name}AmountMicros"] = Aggregate(f"{op.upper()}({micros})", _float)
    return out


def select_aggregates(
    obj: ObjectMetadata,
    alias: str,
    names: Sequence[str],
    *,
    available: Mapping[str, Aggregate] | None = None,
) -> list[tuple[str, Aggregate]]:
    """The named aggregates, in order; an unknown name is a UserInputError naming it."""
    if available is None:
        available = available_aggregates(obj, alias)
    chosen = []
    for name in names:
        aggregate = available.get(name)
        if aggregate is None:
            raise UserInputError(
                f'Unknown aggregate "{name}" for object {obj.name_singular}',
                sub_code="INVALID_ARGS_AGGREGATE",
            )
        chosen.append((name, aggregate))
    return chosen
