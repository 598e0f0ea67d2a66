"""Record writers for ``export``: JSON Lines (nesting kept) and CSV (flattened).

The CSV convention, shared with ``twenty-gql import`` so an export reads back unchanged:

- one header row; a composite field is one column per sub-field, named with a dot:
  ``name.firstName``, ``domainName.primaryLinkUrl``, ``emails.additionalEmails``;
- a list or an object in a cell (``emails.additionalEmails``, a MULTI_SELECT, an ARRAY or
  RAW_JSON field, an ``--include``d relation) is its compact JSON: ``["A","B"]``;
- null is an empty cell; booleans are ``true`` / ``false``; numbers and text as they are
  (so an empty string and null both read back as empty: Twenty's text fields default to ``''``);
- header order is fixed by the command (``id`` first, then by name, or the ``--fields``
  order), so exports of the same object line up.

``parse_row`` is the inverse (what an importer applies): dotted headers nest again, and each
cell is read by its column's codec, learned from the schema like the columns themselves.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TextIO

import orjson

from ._records import Codec, Column

__all__ = ["CsvWriter", "JsonlWriter", "RecordWriter", "cell", "parse_row", "project"]


class RecordWriter(Protocol):
    def write(self, records: Sequence[Mapping[str, Any]]) -> None: ...


def project(
    record: Mapping[str, Any], columns: Sequence[Column], includes: Sequence[str]
) -> dict[str, Any]:
    """The record reduced to ``columns`` (and included relations), in their order."""
    out: dict[str, Any] = {}
    for column in columns:
        value = record.get(column.name)
        if column.subfields is not None and isinstance(value, Mapping):
            value = {sub: value.get(sub) for sub in column.subfields}
        out[column.name] = value
    for name in includes:
        out[name] = record.get(name)
    return out


def cell(value: Any) -> str:
    """One CSV cell (see the module docstring)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return orjson.dumps(value).decode()


class JsonlWriter:
    """One JSON object per line, composites and included relations nested."""

    def __init__(self, out: TextIO, columns: Sequence[Column], includes: Sequence[str]) -> None:
        self._out = out
        self._columns = columns
        self._includes = includes

    def write(self, records: Sequence[Mapping[str, Any]]) -> None:
        lines = [orjson.dumps(project(r, self._columns, self._includes)).decode() for r in records]
        if lines:
            self._out.write("\n".join(lines) + "\n")


class CsvWriter:
    """Flat rows under a header written before the first page."""

    def __init__(self, out: TextIO, columns: Sequence[Column], includes: Sequence[str]) -> None:
        self._columns = columns
        self._includes = includes
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow([h for c in columns for h in c.headers] + list(includes))

    def write(self, records: Sequence[Mapping[str, Any]]) -> None:
        self._writer.writerows(self._row(r) for r in records)

    def _row(self, record: Mapping[str, Any]) -> list[str]:
        row: list[str] = []
        for column in self._columns:
            value = record.get(column.name)
            if column.subfields is None:
                row.append(cell(value))
            elif isinstance(value, Mapping):
                row.extend(cell(value.get(sub)) for sub in column.subfields)
            else:
                row.extend("" for _ in column.subfields)
        row.extend(cell(record.get(name)) for name in self._includes)
        return row


def _read(text: str, codec: Codec) -> Any:
    if text == "":
        return None
    if codec == "json":
        return orjson.loads(text)
    if codec == "bool":
        return text == "true"
    if codec == "number":
        number = float(text)
        return int(number) if number.is_integer() and "e" not in text.lower() else number
    return text


def parse_row(columns: Sequence[Column], row: Mapping[str, str]) -> dict[str, Any]:
    """A CSV row (header -> cell) back into a record: composites nested, cells typed.

    A composite whose cells are all empty is None; headers not among ``columns`` are left
    out (an importer decides what to do with them)."""
    record: dict[str, Any] = {}
    for column in columns:
        values = [
            _read(row[h], codec) if h in row else None
            for h, codec in zip(column.headers, column.codecs, strict=True)
        ]
        if column.subfields is None:
            if column.name in row:
                record[column.name] = values[0]
        elif any(h in row for h in column.headers):
            nested = {s: v for s, v, h in zip(column.subfields, values, column.headers, strict=True)
                      if h in row}  # fmt: skip
            record[column.name] = None if all(v is None for v in nested.values()) else nested
    return record
