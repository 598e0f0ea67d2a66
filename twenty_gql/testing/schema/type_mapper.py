"""Which GraphQL type a field gets in each place it appears (output, inputs, filters, ordering).

Mirrors Twenty's ``TypeMapperService`` (``workspace-schema-builder/services/
type-mapper.service.ts``) for the field types the emulator supports. Relations are handled by
the object builders.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import enum_type_name
from twenty_gql.testing.model.types import (
    COMPOSITE_TYPE_NAMES,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
)

#: NUMBER's ``settings.dataType`` -> GraphQL scalar
_NUMBER_SCALARS = {"int": "Int", "bigint": "BigInt"}
_NUMBER_FILTERS = {"int": "IntFilter", "bigint": "BigIntFilter"}

_SCALAR_OUTPUT: dict[FieldType, str] = {
    FieldType.UUID: "UUID",
    FieldType.TEXT: "String",
    FieldType.NUMERIC: "BigFloat",
    FieldType.BOOLEAN: "Boolean",
    FieldType.DATE_TIME: "DateTime",
    FieldType.DATE: "Date",
    FieldType.POSITION: "Position",
    FieldType.RAW_JSON: "JSON",
    FieldType.ARRAY: "[String]",
    FieldType.TS_VECTOR: "TSVector",
}

_SCALAR_FILTER: dict[FieldType, str] = {
    FieldType.UUID: "UUIDFilter",
    FieldType.TEXT: "StringFilter",
    FieldType.NUMERIC: "BigFloatFilter",
    FieldType.BOOLEAN: "BooleanFilter",
    # Deliberate: the late-2025 printed schema has the bare ``DateTime`` scalar here, which
    # makes date ranges unfilterable; newer Twenty source maps DATE_TIME to DateTimeFilter.
    FieldType.DATE_TIME: "DateTimeFilter",
    FieldType.DATE: "DateFilter",
    FieldType.POSITION: "FloatFilter",
    FieldType.RAW_JSON: "RawJsonFilter",
    FieldType.ARRAY: "ArrayFilter",
    FieldType.TS_VECTOR: "TSVectorFilter",
}

ENUM_TYPES = frozenset({FieldType.SELECT, FieldType.MULTI_SELECT, FieldType.RATING})
DATE_TYPES = frozenset({FieldType.DATE_TIME, FieldType.DATE})


def _number_kind(field: FieldMetadata) -> str:
    return str(field.settings.get("dataType") or "float")


def _base(obj: ObjectMetadata, field: FieldMetadata, composite_suffix: str) -> str:
    """The named type of a non-relation field (composites get ``composite_suffix``)."""
    if field.type in COMPOSITE_TYPE_NAMES:
        return COMPOSITE_TYPE_NAMES[field.type] + composite_suffix
    if field.type in ENUM_TYPES:
        name = enum_type_name(obj.name_singular, field.name)
        return f"[{name}]" if field.type is FieldType.MULTI_SELECT else name
    if field.type is FieldType.NUMBER:
        return _NUMBER_SCALARS.get(_number_kind(field), "Float")
    try:
        return _SCALAR_OUTPUT[field.type]
    except KeyError:
        raise ValueError(
            f"{obj.name_singular}.{field.name}: field type {field.type} has no GraphQL mapping"
        ) from None


def output_type(obj: ObjectMetadata, field: FieldMetadata) -> str:
    """``X.field``: non-null when the metadata says the field is not nullable."""
    base = _base(obj, field, "")
    return base if field.is_nullable else f"{base}!"


def input_type(obj: ObjectMetadata, field: FieldMetadata, kind: str) -> str:
    """``XCreateInput`` / ``XUpdateInput`` (``kind`` is ``Create`` or ``Update``).

    Update data is all optional; create data requires a non-nullable field without a default
    (Twenty's create-input options: NonNull iff ``isNullable === false`` and no default).
    """
    if field.name == "id" and field.type is FieldType.UUID:
        return "ID"
    base = _base(obj, field, f"{kind}Input")
    if kind == "Create" and not field.is_nullable and field.default_value is None:
        return f"{base}!"
    return base


def filter_type(obj: ObjectMetadata, field: FieldMetadata) -> str:
    if field.type in COMPOSITE_TYPE_NAMES:
        return COMPOSITE_TYPE_NAMES[field.type] + "FilterInput"
    if field.type in ENUM_TYPES:
        return enum_type_name(obj.name_singular, field.name) + "Filter"
    if field.type is FieldType.NUMBER:
        return _NUMBER_FILTERS.get(_number_kind(field), "FloatFilter")
    return _SCALAR_FILTER[field.type]


def order_by_type(field: FieldMetadata) -> str:
    if field.type in COMPOSITE_TYPE_NAMES:
        return COMPOSITE_TYPE_NAMES[field.type] + "OrderByInput"
    return "OrderByDirection"


def group_by_type(field: FieldMetadata) -> str:
    if field.type in COMPOSITE_TYPE_NAMES:
        return COMPOSITE_TYPE_NAMES[field.type] + "GroupByInput"
    if field.type in DATE_TYPES:
        return "GroupByDateGranularityInput"
    return "Boolean"


def order_by_with_group_by_type(field: FieldMetadata) -> str:
    if field.type in DATE_TYPES:
        return "OrderByDateGranularityInput"
    return order_by_type(field)


def unique_where_type(field: FieldMetadata) -> str:
    """The type of a scalar unique field in ``XWhereUniqueInput`` (connect by it); a relation
    (in a multi-field unique index) connects by its target's id."""
    if field.name == "id" or field.relation is not None:
        return "ID"
    if field.type is FieldType.NUMBER:
        return _NUMBER_SCALARS.get(_number_kind(field), "Float")
    return _SCALAR_OUTPUT.get(field.type, "String")
