"""Turning GraphQL input values into stored column values, field by field."""

from __future__ import annotations

import uuid
from typing import Any

from twenty_gql.testing.model.types import (
    ACTOR_SOURCES,
    COMPOSITE_SUBFIELDS,
    CompositeSubField,
    FieldMetadata,
    FieldType,
)
from twenty_gql.testing.store.columns import composite_column_name, encode_json
from twenty_gql.testing.store.normalize import normalize_emails, normalize_links
from twenty_gql.testing.store.rich_text import complete_rich_text
from twenty_gql.testing.store.values import (
    bad_value,
    now_iso,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_enum,
    parse_number,
    parse_text,
    parse_uuid,
)


def resolve_default(field: FieldMetadata) -> Any:
    """The field's default in GraphQL shape.

    Twenty stores defaults as SQL-ish literals (``"''"`` for the empty string, ``"now"`` /
    ``"uuid"`` for timestamps and ids); both that and plain values are accepted.
    """
    return _resolve_default_value(field.default_value)


def _resolve_default_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _resolve_default_value(v) for k, v in value.items()}
    if isinstance(value, str):
        if value == "now":
            return now_iso()
        if value == "uuid":
            return str(uuid.uuid4())
        if len(value) >= 2 and value[0] == value[-1] == "'":
            return value[1:-1]
    return value


def encode_scalar(field: FieldMetadata, value: Any, name: str | None = None) -> Any:
    """One non-composite field value -> its SQLite value (None stays NULL)."""
    name = name or field.name
    if value is None:
        return None
    type_ = field.type
    if type_ is FieldType.TEXT or type_ is FieldType.TS_VECTOR:
        return parse_text(value, name)
    if type_ is FieldType.NUMBER:
        number = parse_number(value, name)
        if field.settings.get("dataType") == "int" and not number.is_integer():
            raise bad_value(name, f"{value!r} is not an integer")
        return number
    if type_ is FieldType.NUMERIC:
        return parse_number(value, name, allow_string=True)
    if type_ is FieldType.POSITION:
        return parse_number(value, name)
    if type_ is FieldType.BOOLEAN:
        return 1 if parse_bool(value, name) else 0
    if type_ is FieldType.DATE_TIME:
        return parse_datetime(value, name)
    if type_ is FieldType.DATE:
        return parse_date(value, name)
    if type_ in (FieldType.SELECT, FieldType.RATING):
        return parse_enum(value, name, field.enum_values)
    if type_ is FieldType.MULTI_SELECT:
        if not isinstance(value, list):
            raise bad_value(name, f"{value!r} is not a list")
        return encode_json([parse_enum(v, name, field.enum_values) for v in value])
    if type_ is FieldType.ARRAY:
        if not isinstance(value, list):
            raise bad_value(name, f"{value!r} is not a list")
        return encode_json([parse_text(v, name) for v in value])
    if type_ is FieldType.RAW_JSON:
        return encode_json(value)
    if type_ in (FieldType.UUID, FieldType.RELATION):
        return parse_uuid(value, name)
    raise bad_value(name, f"fields of type {type_} cannot be written")


def encode_sub_field(sub: CompositeSubField, value: Any, name: str) -> Any:
    if value is None:
        return None
    if sub.type is FieldType.TEXT:
        return parse_text(value, name)
    if sub.type is FieldType.NUMERIC:
        return parse_number(value, name, allow_string=True)
    if sub.type is FieldType.RAW_JSON:
        return encode_json(value)
    if sub.type is FieldType.UUID:
        return parse_uuid(value, name)
    if sub.type is FieldType.SELECT:
        return parse_enum(value, name, sub.enum_values or ACTOR_SOURCES)
    raise bad_value(name, f"sub-fields of type {sub.type} cannot be written")


def merge_composite(
    field: FieldMetadata, value: Any, existing: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Partial composite input over the existing value: only given sub-fields change."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_value(field.name, f"{value!r} is not an object")
    known = {sub.name for sub in COMPOSITE_SUBFIELDS[field.type]}
    for key in value:
        if key not in known:
            raise bad_value(field.name, f'unknown sub-field "{key}"')
    merged = dict(existing or {})
    merged.update(value)
    if field.type is FieldType.LINKS:
        _check_links(field.name, merged)
        merged = normalize_links(merged)
    elif field.type is FieldType.EMAILS:
        _check_emails(field.name, merged)
        merged = normalize_emails(merged)
    elif field.type is FieldType.RICH_TEXT_V2:
        merged.update(complete_rich_text(value))  # Twenty transforms the input as written
    return merged


def _check_links(name: str, value: dict[str, Any]) -> None:
    links = value.get("secondaryLinks")
    if links is None:
        return
    if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
        raise bad_value(f"{name}.secondaryLinks", "must be a list of {url, label} objects")


def _check_emails(name: str, value: dict[str, Any]) -> None:
    emails = value.get("additionalEmails")
    if emails is None:
        return
    if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
        raise bad_value(f"{name}.additionalEmails", "must be a list of strings")


def encode_composite(field: FieldMetadata, merged: dict[str, Any] | None) -> dict[str, Any]:
    """A whole composite value -> one stored value per sub-field column."""
    columns: dict[str, Any] = {}
    for sub in COMPOSITE_SUBFIELDS[field.type]:
        raw = None if merged is None else merged.get(sub.name)
        columns[composite_column_name(field.name, sub.name)] = encode_sub_field(
            sub, raw, f"{field.name}.{sub.name}"
        )
    return columns
