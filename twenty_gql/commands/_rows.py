"""Rows of an import file (JSONL or CSV), each checked against the object's create input.

CSV columns name composite sub-fields with dots (``domainName.primaryLinkUrl``) and become
nested input; an empty cell is an unset field; a cell holding a JSON array or object (a
``secondaryLinks`` list) is decoded. Values are converted by the generated input model
itself (pydantic's lax mode: ``"42"`` for a number, ``"true"`` for a boolean, ISO dates), so
a row is valid here exactly when ``create_many`` would accept it.

Rows are read one at a time: a file of a million lines is never held in memory.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pydantic

__all__ = [
    "RowError",
    "csv_header",
    "detect_format",
    "file_digest",
    "read_rows",
    "unknown_columns",
    "validate",
]


@dataclass(frozen=True, slots=True)
class RowError(Exception):
    """A row that cannot be imported: where (line, column) and why."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def detect_format(path: Path, given: str | None) -> str:
    if given:
        return given
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def file_digest(path: Path) -> str:
    """The file's SHA-256: its identity for deterministic ids and the checkpoint."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, row)`` for each record; a malformed line raises ``RowError``."""
    if fmt == "csv":
        yield from _csv_rows(path)
    else:
        yield from _jsonl_rows(path)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
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


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise RowError(line, None, f"{len(cells)} cells, the header has {len(header)}")
            yield line, _nest(header, cells)


def csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def _nest(header: list[str], cells: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column, cell in zip(header, cells, strict=True):
        if cell == "":
            continue
        value: Any = cell
        if cell[:1] in "[{":
            try:
                value = orjson.loads(cell)
            except orjson.JSONDecodeError:
                value = cell
        *parents, leaf = column.split(".")
        target = row
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return row


def unknown_columns(model: type[pydantic.BaseModel], columns: list[str]) -> list[str]:
    """Columns (dotted) that are no field of ``model``: a probe row of nulls is validated
    and only 'unknown field' errors count."""
    probe = _nest(columns, ["null"] * len(columns))
    probe = _nullify(probe)
    try:
        model.model_validate(probe)
    except pydantic.ValidationError as exc:
        return [
            ".".join(str(p) for p in error["loc"])
            for error in exc.errors()
            if error["type"] == "extra_forbidden"
        ]
    return []


def _nullify(tree: dict[str, Any]) -> dict[str, Any]:
    return {k: _nullify(v) if isinstance(v, dict) else None for k, v in tree.items()}


def validate(model: type[pydantic.BaseModel], line: int, row: dict[str, Any]) -> list[RowError]:
    """The row's problems, each naming its column and what was expected (empty: valid)."""
    try:
        model.model_validate(row)
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            column = ".".join(str(p) for p in error["loc"]) or None
            if error["type"] == "extra_forbidden":
                message = "unknown field"
            else:
                message = f"{error['msg']} (got {repr(error.get('input'))[:60]})"
            problems.append(RowError(line, column, message))
        return problems
    return []
