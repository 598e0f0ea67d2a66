"""One object's table layout: its columns, and the plan that turns a row into a record.

The plan is computed once per object (per metadata version) so that shaping a 200-record page
is a tight loop: ``id`` first, then fields in metadata order (MANY_TO_ONE relations as their
join column, ONE_TO_MANY relations not at all, composites as nested objects with every
sub-field), then any system timestamp the metadata lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
)
from twenty_gql.testing.store.columns import (
    JSON_TYPES,
    Column,
    Decoder,
    composite_column_name,
    decoder_for,
    encode_json,
    object_columns,
    quote,
)

Record = dict[str, Any]
#: (kind, output key, column index, decoder, composite parts (sub-field, index, decoder))
Step = tuple[str, str, int, Decoder | None, tuple[tuple[str, int, Decoder | None], ...]]


@dataclass(slots=True)
class Layout:
    obj: ObjectMetadata
    columns: list[Column]
    select_sql: str
    fields: dict[str, FieldMetadata] = field(default_factory=dict)
    joins: dict[str, FieldMetadata] = field(default_factory=dict)
    column_field: dict[str, str] = field(default_factory=dict)
    plan: list[Step] = field(default_factory=list)

    @property
    def table(self) -> str:
        return self.obj.name_singular

    @property
    def alias(self) -> str:
        return self.obj.name_singular


def build_layout(obj: ObjectMetadata) -> Layout:
    columns = object_columns(obj)
    alias = quote(obj.name_singular)
    return Layout(
        obj=obj,
        columns=columns,
        select_sql=", ".join(f"{alias}.{c.quoted}" for c in columns),
        fields={f.name: f for f in obj.active_fields},
        joins={f.join_column: f for f in obj.active_fields if f.join_column},
        column_field={c.name: c.field.name for c in columns if c.field is not None},
        plan=_decode_plan(obj, columns),
    )


def _decode_plan(obj: ObjectMetadata, columns: list[Column]) -> list[Step]:
    index = {c.name: i for i, c in enumerate(columns)}
    decoders = [decoder_for(c) for c in columns]
    plan: list[Step] = [("scalar", "id", index["id"], None, ())]
    for fld in obj.active_fields:
        if fld.name == "id":
            continue
        if fld.type is FieldType.RELATION:
            if fld.join_column:
                plan.append(("scalar", fld.join_column, index[fld.join_column], None, ()))
        elif fld.is_composite:
            parts = []
            for sub in COMPOSITE_SUBFIELDS[fld.type]:
                i = index[composite_column_name(fld.name, sub.name)]
                parts.append((sub.name, i, decoders[i]))
            plan.append(("composite", fld.name, -1, None, tuple(parts)))
        elif fld.type is FieldType.TS_VECTOR:
            plan.append(("tsvector", fld.name, index[fld.name], None, ()))
        else:
            i = index[fld.name]
            plan.append(("scalar", fld.name, i, decoders[i], ()))
    named = {step[1] for step in plan}
    for name in ("createdAt", "updatedAt", "deletedAt"):
        if name not in named:
            plan.append(("scalar", name, index[name], None, ()))
    return plan


def decode_row(layout: Layout, row: Sequence[Any]) -> Record:
    """One stored row -> the record in GraphQL output shape."""
    record: Record = {}
    for kind, key, index, decoder, parts in layout.plan:
        if kind == "scalar":
            raw = row[index]
            record[key] = raw if decoder is None else decoder(raw)
        elif kind == "composite":
            record[key] = {sub: (row[i] if dec is None else dec(row[i])) for sub, i, dec in parts}
        else:
            record[key] = tsvector_text(row[index])
    return record


def encode_record(layout: Layout, record: Record) -> dict[str, Any]:
    """A decoded record back to column values (for unique checks and search vectors)."""
    row: dict[str, Any] = {}
    for column in layout.columns:
        fld = column.field
        if column.sub_field is not None and fld is not None:
            value = (record.get(fld.name) or {}).get(column.sub_field.name)
            row[column.name] = _reencode(column, value)
        elif fld is not None and fld.type is FieldType.TS_VECTOR:
            continue
        else:
            row[column.name] = _reencode(column, record.get(column.name))
    return row


def _reencode(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.type in JSON_TYPES:
        return encode_json(value)
    if column.type is FieldType.BOOLEAN:
        return 1 if value else 0
    return value


def tsvector_text(stored: Any) -> str | None:
    """Stored tokens -> Postgres' printed ``tsvector`` (``'acme':1 'acme.com':2``)."""
    if not isinstance(stored, str) or not stored.strip():
        return None
    tokens = stored.split()
    return " ".join(f"'{token}':{index}" for index, token in enumerate(tokens, start=1))
