"""``orderBy`` compiled to SQL, and Twenty's keyset cursors over it.

* Ordering (``graphql-query-order.parser.ts``, ``build-order-by-column-expression.util.ts``):
  TEXT and SELECT columns, composite text sub-fields included, sort case-insensitively
  (``LOWER(col)``); ``{id: AscNullsFirst}`` is always appended as the tie-breaker
  (common-find-many-query-runner.service.ts).
* Cursors (``cursors.util.ts``): base64 of the JSON of every orderBy key's value (a composite
  key carries the whole composite object) plus ``id``.
* Continuation (``build-cursor-keyset-condition.utils.ts``): an or-chain over the keys, each
  branch "all earlier keys equal, this key strictly after", aware of where the NULL block sits
  in the scan, so rows holding NULL are neither skipped nor repeated (issue #24333).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.model.types import COMPOSITE_SUBFIELDS, FieldType, ObjectMetadata
from twenty_gql.testing.store.columns import (
    CASE_INSENSITIVE_ORDER_TYPES,
    JSON_TYPES,
    composite_column_name,
    cursor_encode,
    encode_json,
    quote,
)
from twenty_gql.testing.store.filters import SqlPart

DIRECTIONS = ("AscNullsFirst", "AscNullsLast", "DescNullsFirst", "DescNullsLast")
_FLIPPED = {
    "AscNullsFirst": "DescNullsLast",
    "AscNullsLast": "DescNullsFirst",
    "DescNullsFirst": "AscNullsLast",
    "DescNullsLast": "AscNullsFirst",
}
INVALID_CURSOR = "INVALID_CURSOR"


@dataclass(frozen=True, slots=True)
class OrderLeaf:
    """One ORDER BY term: ``key`` is the orderBy/cursor key, ``sub`` a composite sub-field."""

    key: str
    sub: str | None
    column: str
    type: FieldType
    direction: str

    @property
    def case_insensitive(self) -> bool:
        return self.type in CASE_INSENSITIVE_ORDER_TYPES

    def expression(self, alias: str) -> str:
        ref = f"{quote(alias)}.{quote(self.column)}"
        return f"lower({ref})" if self.case_insensitive else ref


def order_error(message: str) -> UserInputError:
    return UserInputError(message, sub_code="INVALID_ARGS_ORDER_BY")


def parse_order_by(obj: ObjectMetadata, order_by: list[dict[str, Any]] | None) -> list[OrderLeaf]:
    """The user's orderBy plus Twenty's ``{id: AscNullsFirst}`` tie-breaker."""
    fields = {f.name: f for f in obj.active_fields}
    joins = {f.join_column: f for f in obj.active_fields if f.join_column is not None}
    leaves: list[OrderLeaf] = []
    for item in order_by or []:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise order_error("orderBy items must be objects")
        for key, value in item.items():
            if value is None:
                continue
            leaves.extend(_parse_order_key(obj, fields, joins, key, value))
    if not any(leaf.key == "id" and leaf.sub is None for leaf in leaves):
        leaves.append(OrderLeaf("id", None, "id", FieldType.UUID, "AscNullsFirst"))
    return leaves


def _parse_order_key(
    obj: ObjectMetadata,
    fields: dict[str, Any],
    joins: dict[str, Any],
    key: str,
    value: Any,
) -> list[OrderLeaf]:
    if key in joins:
        return [OrderLeaf(key, None, key, FieldType.UUID, _direction(key, value))]
    field = fields.get(key)
    if field is None and key in ("id", "createdAt", "updatedAt", "deletedAt"):
        type_ = FieldType.UUID if key == "id" else FieldType.DATE_TIME
        return [OrderLeaf(key, None, key, type_, _direction(key, value))]
    if field is None:
        raise order_error(f'Object {obj.name_singular} doesn\'t have any "{key}" field.')
    if field.type is FieldType.RELATION:
        raise order_error(
            f'Cannot order by relation field "{key}"'
            + (f': use "{field.join_column}" instead' if field.join_column else "")
        )
    if field.is_composite:
        if not isinstance(value, dict):
            raise order_error(f'orderBy on composite field "{key}" needs sub-fields')
        subs = {sub.name: sub for sub in COMPOSITE_SUBFIELDS[field.type]}
        leaves = []
        for sub_name, direction in value.items():
            if direction is None:
                continue
            sub = subs.get(sub_name)
            if sub is None:
                raise order_error(
                    f'Sub field "{sub_name}" not found for composite type: {field.type}'
                )
            column = composite_column_name(key, sub_name)
            leaves.append(OrderLeaf(key, sub_name, column, sub.type, _direction(key, direction)))
        return leaves
    return [OrderLeaf(key, None, key, field.type, _direction(key, value))]


def _direction(key: str, value: Any) -> str:
    if value not in DIRECTIONS:
        raise order_error(f'Invalid order direction {value!r} for "{key}"')
    return str(value)


def order_by_sql(leaves: list[OrderLeaf], alias: str, *, backward: bool) -> str:
    terms = []
    for leaf in leaves:
        direction = _FLIPPED[leaf.direction] if backward else leaf.direction
        sort = "ASC" if direction.startswith("Asc") else "DESC"
        nulls = "NULLS FIRST" if direction.endswith("NullsFirst") else "NULLS LAST"
        terms.append(f"{leaf.expression(alias)} {sort} {nulls}")
    return ", ".join(terms)


# --------------------------------------------------------------------------- cursors


def encode_cursor(record: dict[str, Any], leaves: list[OrderLeaf]) -> str:
    data: dict[str, Any] = {}
    for leaf in leaves:
        if leaf.key != "id":
            data[leaf.key] = record.get(leaf.key)
    data["id"] = record.get("id")
    return cursor_encode(data)


def decode_cursor(cursor: str) -> dict[str, Any]:
    """``decodeCursor``: anything but base64 JSON of an object is ``Invalid cursor: <cursor>``."""
    try:
        data = json.loads(base64.b64decode(cursor.encode(), validate=False).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise UserInputError(
            f"Invalid cursor: {cursor}",
            sub_code=INVALID_CURSOR,
            user_friendly_message="An error occurred.",
        )
    return data


def _cursor_mismatch(name: str) -> UserInputError:
    # validate-cursor-matches-order-by.utils.ts
    return UserInputError(
        f'Cursor is missing the value for orderBy field "{name}": it was encoded for a '
        "different orderBy. Restart pagination without a cursor.",
        sub_code=INVALID_CURSOR,
        user_friendly_message="An error occurred.",
    )


def cursor_values(cursor: dict[str, Any], leaves: list[OrderLeaf]) -> list[Any]:
    """The cursor value of each order leaf; a cursor made for another orderBy is refused."""
    values: list[Any] = []
    for leaf in leaves:
        if leaf.sub is None:
            if leaf.key not in cursor:
                raise _cursor_mismatch(leaf.key)
            values.append(cursor[leaf.key])
            continue
        composite = cursor.get(leaf.key)
        dotted = f"{leaf.key}.{leaf.sub}"
        if isinstance(composite, dict) and leaf.sub in composite:
            values.append(composite[leaf.sub])
        elif dotted in cursor:
            values.append(cursor[dotted])
        elif leaf.type is FieldType.RAW_JSON:
            values.append(None)
        else:
            raise _cursor_mismatch(dotted)
    return values


def keyset_sql(
    leaves: list[OrderLeaf], values: list[Any], alias: str, *, backward: bool
) -> SqlPart:
    """Rows strictly after the cursor in scan order, NULL blocks included."""
    branches: list[SqlPart] = []
    equal_parts: list[SqlPart] = []
    usable = [
        (leaf, value)
        for leaf, value in zip(leaves, values, strict=True)
        if leaf.type is not FieldType.RAW_JSON  # Twenty skips RAW_JSON keys in cursors
    ]
    for leaf, value in usable:
        strict = _strict_after(leaf, _param(leaf, value), alias, backward=backward)
        if strict is not None:
            branches.append(_and([*equal_parts, strict]))
        equal_parts.append(_equal(leaf, _param(leaf, value), alias))
    if not branches:
        return "0", []
    sql = " OR ".join(f"({b[0]})" for b in branches)
    params: list[Any] = []
    for branch in branches:
        params.extend(branch[1])
    return sql, params


def _param(leaf: OrderLeaf, value: Any) -> Any:
    if value is None:
        return None
    if leaf.type in JSON_TYPES:
        return encode_json(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return encode_json(value)
    return value


def _ref(leaf: OrderLeaf, alias: str) -> str:
    return f"{quote(alias)}.{quote(leaf.column)}"


def _equal(leaf: OrderLeaf, value: Any, alias: str) -> SqlPart:
    if value is None:
        return f"{_ref(leaf, alias)} IS NULL", []
    if leaf.case_insensitive:
        return f"{leaf.expression(alias)} = lower(?)", [value]
    return f"{_ref(leaf, alias)} = ?", [value]


def _strict_after(leaf: OrderLeaf, value: Any, alias: str, *, backward: bool) -> SqlPart | None:
    direction = _FLIPPED[leaf.direction] if backward else leaf.direction
    ascending = direction.startswith("Asc")
    nulls_last = direction.endswith("NullsLast")
    ref = _ref(leaf, alias)
    if value is None:
        # Inside the leading NULL block only later keys advance; inside the trailing one
        # nothing sorts after on this key.
        return None if nulls_last else (f"{ref} IS NOT NULL", [])
    op = ">" if ascending else "<"
    rhs = "lower(?)" if leaf.case_insensitive else "?"
    main = f"{leaf.expression(alias)} {op} {rhs}"
    if nulls_last:
        return f"({main} OR {ref} IS NULL)", [value]
    return main, [value]


def _and(parts: list[SqlPart]) -> SqlPart:
    sql = " AND ".join(f"({p[0]})" for p in parts)
    params: list[Any] = []
    for part in parts:
        params.extend(part[1])
    return sql, params
