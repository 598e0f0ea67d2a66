"""Record positions the way Twenty's ``RecordPositionService.overridePositionOnRecords`` sets them.

Per batch: numbers are kept; ``"first"`` — and, on create, a missing position — goes below the
lowest of the existing minimum (1 when the table is empty) and the batch's own numbers
(``min - index - 1``, so a batch of new records lands in reverse input order above the old
ones when sorting by position); ``"last"`` goes above the highest (``max + index + 1``).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from typing import Any

from twenty_gql.testing.errors import UserInputError
from twenty_gql.testing.store.columns import quote
from twenty_gql.testing.store.values import INVALID_ARGS_DATA

_MISSING = object()


def _bound(conn: sqlite3.Connection, table: str, column: str, function: str) -> float | None:
    value = conn.execute(
        f'SELECT {function}({quote(column)}) FROM {quote(table)} WHERE "deletedAt" IS NULL'
    ).fetchone()[0]
    return None if value is None else float(value)


def _invalid(value: Any) -> UserInputError:
    return UserInputError(
        f"Invalid position value: {value}. Position must be 'first', 'last', or a number",
        sub_code=INVALID_ARGS_DATA,
    )


def resolve_positions(
    conn: sqlite3.Connection,
    table: str,
    column: str | None,
    inputs: Sequence[dict[str, Any]],
    *,
    backfill: bool,
) -> list[dict[str, Any]]:
    """Copies of ``inputs`` with every position turned into a number (or left out/None)."""
    out = [dict(data) for data in inputs]
    if column is None:
        return out
    firsts: list[int] = []
    lasts: list[int] = []
    numbers: list[float] = []
    for index, data in enumerate(out):
        value = data.get(column, _MISSING)
        if value == "last":
            lasts.append(index)
        elif value == "first" or (backfill and (value is _MISSING or value is None)):
            firsts.append(index)
        elif value is _MISSING or value is None:
            continue
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if math.isnan(value) or math.isinf(value):
                raise _invalid(value)
            numbers.append(float(value))
            data[column] = float(value)
        else:
            raise _invalid(value)
    if firsts:
        existing = _bound(conn, table, column, "MIN")
        low = min([*numbers, existing if existing is not None else 1.0])
        for rank, index in enumerate(firsts):
            out[index][column] = low - rank - 1
    if lasts:
        existing = _bound(conn, table, column, "MAX")
        high = max([*numbers, existing if existing is not None else 1.0])
        for rank, index in enumerate(lasts):
            out[index][column] = high + rank + 1
    return out
