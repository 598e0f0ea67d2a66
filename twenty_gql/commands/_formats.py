"""The file layout of ``export`` and ``import``: JSON Lines (nesting kept) and CSV (flattened).

This module owns the convention, writing (``JsonlWriter``, ``CsvWriter``) and reading
(``read_records``), so what ``twenty-gql export`` writes ``twenty-gql import`` reads unchanged:

- one header row; a composite field is one column per sub-field, named with a dot:
  ``name.firstName``, ``domainName.primaryLinkUrl``, ``emails.additionalEmails``;
- a list or an object in a cell (``emails.additionalEmails``, a MULTI_SELECT, an ARRAY or
  RAW_JSON field, an ``--include``d relation) is its compact JSON: ``["A","B"]``;
- an empty cell is null (so an empty string and null both read back as null: Twenty's text
  fields default to ``''``); a composite whose cells are all empty is left out of the record.
  ``import`` sends no null (nor a null sub-field): a create without the field,
  so Twenty gives it its default, as it did for the record exported;
- booleans are ``true`` / ``false``; numbers and text as they are;
- header order is fixed by the command (``id`` first, then by name, or the ``--fields``
  order), so exports of the same object line up.

Reading types each cell by its column's *codec* (``text``, ``number``, ``bool``, ``json``):
``export`` learns codecs from the schema with its columns (``codecs_of``), ``import`` from
the generated create input (``_rows.codecs_for``). JSON Lines records are read as they are.
Of the columns an export writes, ``import`` skips only those Twenty sets itself and a create
input does not take (``_rows.SET_BY_TWENTY``: ``createdBy.name``, ``createdBy.workspaceMemberId``
…), naming them in one notice; ``id``, ``createdAt``, ``updatedAt``, ``position`` and
``createdBy.source`` are imported; any other unknown column is an error.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

import orjson

from ._records import Codec, Column

__all__ = [
    "CodecOf",
    "CsvWriter",
    "JsonlWriter",
    "RecordWriter",
    "RowError",
    "cell",
    "codecs_of",
    "detect_format",
    "parse_cells",
    "parse_row",
    "project",
    "read_cell",
    "read_header",
    "read_records",
]


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


class RowError(Exception):
    """A row that cannot be read or imported: where (line, column) and why."""

    def __init__(self, line: int, column: str | None, message: str) -> None:
        super().__init__(line, column, message)
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def detect_format(path: Path, given: str | None) -> str:
    """``--format`` if given, else by extension: ``.csv`` is CSV, anything else JSON Lines."""
    if given:
        return given
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def read_cell(text: str, codec: Codec) -> Any:
    """One CSV cell back into a value (the inverse of ``cell``); ``ValueError`` for a JSON
    cell that is not JSON. A number or boolean cell that does not parse stays text, so the
    caller's validation names what was expected."""
    if text == "":
        return None
    if codec == "json":
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f'expected JSON such as ["a","b"] ({exc})') from None
    if codec == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    if codec == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and "e" not in text.lower() else number
    return text


#: a CSV header -> how its cells read back
CodecOf = Callable[[str], Codec]


def parse_cells(
    header: Sequence[str], cells: Sequence[str], codec_of: CodecOf, line: int = 0
) -> dict[str, Any]:
    """A CSV row back into a record: cells typed by ``codec_of(header)``, dotted headers
    nested again, a composite whose cells are all empty left out (``RowError`` for a cell
    that cannot be read)."""
    record: dict[str, Any] = {}
    composites: set[str] = set()
    for name, text in zip(header, cells, strict=True):
        try:
            value = read_cell(text, codec_of(name))
        except ValueError as exc:
            raise RowError(line, name, str(exc)) from None
        parent, dot, sub = name.partition(".")
        if dot:
            composites.add(parent)
            record.setdefault(parent, {})[sub] = value
        else:
            record[name] = value
    for name in composites:
        if all(v is None for v in record[name].values()):
            del record[name]
    return record


def codecs_of(columns: Sequence[Column]) -> dict[str, Codec]:
    """Header -> codec for the columns an export wrote."""
    return {h: c for column in columns for h, c in zip(column.headers, column.codecs, strict=True)}


def parse_row(columns: Sequence[Column], row: Mapping[str, str]) -> dict[str, Any]:
    """A ``csv.DictReader`` row of an export back into a record (see ``parse_cells``);
    headers not among ``columns`` are left out."""
    codecs = codecs_of(columns)
    header = [h for h in row if h in codecs]
    return parse_cells(header, [row[h] for h in header], codecs.__getitem__)


def read_header(path: Path) -> list[str]:
    """The header row of a CSV file (empty for an empty file)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def read_records(path: Path, fmt: str, codec_of: CodecOf) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for each record of an export-layout file, one at a time (a
    file of a million lines is never held in memory); a malformed line raises ``RowError``.
    Blank lines are skipped."""
    if fmt == "csv":
        yield from _csv_records(path, codec_of)
    else:
        yield from _jsonl_records(path)


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                row = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise RowError(number, None, f"not valid JSON ({exc})") from None
            if not isinstance(row, dict):
                raise RowError(number, None, f"expected a JSON object, got {type(row).__name__}")
            yield number, row


def _csv_records(path: Path, codec_of: CodecOf) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise RowError(line, None, f"{len(cells)} cells, the header has {len(header)}")
            yield line, parse_cells(header, cells, codec_of, line)
