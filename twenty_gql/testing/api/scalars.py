"""Behaviour of Twenty's custom scalars (``workspace-schema-builder/graphql-types/scalars``).

``build_schema`` gives every custom scalar identity coercion; here they get Twenty's input
checks (an invalid UUID, date or position is refused with the scalar's own message, which
graphql-core wraps with the argument's location or the variable's name, as graphql-js does)
and output shapes (BigFloat as a number). graphql-core 3.3 reads ``coerce_input_value`` /
``coerce_output_value`` for variables and results and ``parse_literal`` for inline values, so
each hook is set.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from graphql import (
    GraphQLScalarType,
    GraphQLSchema,
    StringValueNode,
    ValueNode,
    value_from_ast_untyped,
)


def _parse_uuid(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("UUID must be a string")
    try:
        uuid.UUID(value)
    except ValueError:
        raise ValueError(f"Invalid UUID: {value}") from None
    return value


def _parse_datetime(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"DateTime cannot represent a non string value: {value!r}")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"DateTime cannot represent an invalid date-time string: {value}"
        ) from None
    return value


def _parse_date(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"Date cannot represent a non string value: {value!r}")
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"Date cannot represent an invalid date string: {value}") from None
    return value[:10]


def _parse_position(value: Any) -> float | str:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return float(value)
    if value in ("first", "last"):
        return str(value)
    raise ValueError(
        f"Invalid position value: {value}. Position must be 'first', 'last', or a number"
    )


def _parse_big_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"BigFloat cannot represent {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"BigFloat cannot represent {value!r}") from None


def _serialize_big_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _literal(parse: Callable[[Any], Any]) -> Callable[..., Any]:
    def parse_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> Any:
        if isinstance(node, StringValueNode):
            return parse(node.value)
        return parse(value_from_ast_untyped(node, variables))

    return parse_literal


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "UUID": _parse_uuid,
    "DateTime": _parse_datetime,
    "Date": _parse_date,
    "Position": _parse_position,
    "BigFloat": _parse_big_float,
}


def install_scalars(schema: GraphQLSchema) -> None:
    for name, parse in _PARSERS.items():
        scalar = schema.type_map.get(name)
        if isinstance(scalar, GraphQLScalarType):
            scalar.parse_value = parse  # type: ignore[method-assign, assignment]
            scalar.coerce_input_value = parse
            scalar.parse_literal = _literal(parse)  # type: ignore[method-assign]
    big_float = schema.type_map.get("BigFloat")
    if isinstance(big_float, GraphQLScalarType):
        big_float.serialize = _serialize_big_float  # type: ignore[method-assign]
        big_float.coerce_output_value = _serialize_big_float
