"""How an object's fields map onto SQLite columns, and back into GraphQL-shaped records.

Twenty flattens each composite field into one column per sub-field named
``<field><SubField>`` (``computeCompositeColumnName``: ``domainNamePrimaryLinkUrl``) and gives
each MANY_TO_ONE relation a join column ``<field>Id``. The emulator keeps the same names so that
filters, ordering, cursors and aggregates speak Twenty's column language.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from twenty_gql._naming import pascal_case
from twenty_gql.testing.js_numbers import js_number, js_numbers
from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    CompositeSubField,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
)

#: Columns every table has, whatever the metadata says: the store needs them for identity,
#: soft delete and timestamps (Twenty's base workspace entity has them on every object).
SYSTEM_COLUMNS: tuple[tuple[str, FieldType], ...] = (
    ("id", FieldType.UUID),
    ("createdAt", FieldType.DATE_TIME),
    ("updatedAt", FieldType.DATE_TIME),
    ("deletedAt", FieldType.DATE_TIME),
)

#: Field types whose stored value is JSON text.
JSON_TYPES = frozenset({FieldType.MULTI_SELECT, FieldType.ARRAY, FieldType.RAW_JSON})
#: Field types compared as text and ordered case-insensitively by Twenty
#: (``shouldUseCaseInsensitiveOrder`` in build-order-by-column-expression.util.ts).
CASE_INSENSITIVE_ORDER_TYPES = frozenset({FieldType.TEXT, FieldType.SELECT})


@lru_cache(maxsize=4096)
def composite_column_name(field_name: str, sub_field: str) -> str:
    """``domainName`` + ``primaryLinkUrl`` -> ``domainNamePrimaryLinkUrl``."""
    return f"{field_name}{pascal_case(sub_field)}"


def sqlite_type(field_type: FieldType) -> str:
    if field_type in (FieldType.NUMBER, FieldType.NUMERIC, FieldType.POSITION):
        return "REAL"
    if field_type is FieldType.BOOLEAN:
        return "INTEGER"
    return "TEXT"


@dataclass(frozen=True, slots=True)
class Column:
    """One SQLite column: the field it stores and, for composites, which sub-field."""

    name: str
    type: FieldType
    field: FieldMetadata | None
    sub_field: CompositeSubField | None = None

    @property
    def sql_type(self) -> str:
        return sqlite_type(self.type)

    @property
    def quoted(self) -> str:
        return quote(self.name)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def field_columns(field: FieldMetadata) -> list[Column]:
    """The columns one field occupies (none for ONE_TO_MANY relations)."""
    if field.type is FieldType.RELATION:
        join = field.join_column
        return [Column(join, FieldType.UUID, field)] if join else []
    if field.is_composite:
        return [
            Column(composite_column_name(field.name, sub.name), sub.type, field, sub)
            for sub in COMPOSITE_SUBFIELDS[field.type]
        ]
    return [Column(field.name, field.type, field)]


def object_columns(obj: ObjectMetadata, *, include_inactive: bool = False) -> list[Column]:
    """Every column of the object's table: system columns first, then the fields'.

    Inactive fields keep their columns (Twenty deactivates a field without dropping its
    data) but are not read or written through the API.
    """
    fields = obj.fields if include_inactive else obj.active_fields
    columns: dict[str, Column] = {}
    by_name = {f.name: f for f in fields}
    for name, type_ in SYSTEM_COLUMNS:
        columns[name] = Column(name, type_, by_name.get(name))
    for field in fields:
        for column in field_columns(field):
            columns.setdefault(column.name, column)
    return list(columns.values())


# --------------------------------------------------------------------------- decoding


def _int_or_none(raw: Any) -> Any:
    return None if raw is None else int(raw)


def _float_or_none(raw: Any) -> Any:
    return None if raw is None else float(raw)


def _bool_or_none(raw: Any) -> Any:
    return None if raw is None else bool(raw)


def _json_or_none(raw: Any) -> Any:
    return None if raw is None else orjson.loads(raw)


def _number_or_none(raw: Any) -> Any:
    return None if raw is None else js_number(raw)


Decoder = Callable[[Any], Any]


def decoder_for(column: Column) -> Decoder | None:
    """How a stored value of ``column`` becomes its GraphQL output (None: as stored)."""
    type_ = column.type
    if type_ in JSON_TYPES:
        return _json_or_none
    if type_ is FieldType.BOOLEAN:
        return _bool_or_none
    if type_ is FieldType.NUMERIC:
        return _number_or_none
    if type_ is FieldType.NUMBER:
        if column.field is not None and column.field.settings.get("dataType") == "int":
            return _int_or_none
        return _float_or_none
    if type_ is FieldType.POSITION:
        return _float_or_none
    return None


def encode_json(value: Any) -> str:
    return orjson.dumps(value).decode()


def cursor_encode(data: dict[str, Any]) -> str:
    """``Buffer.from(JSON.stringify(data)).toString('base64')`` (cursors.util.ts)."""
    return base64.b64encode(encode_json(js_numbers(data)).encode()).decode()
