"""The builder's intermediate form: named types with their fields, as plain data.

The builders describe the schema once as :class:`TypeDef`s; ``render`` prints them as SDL (the
cacheable text Twenty also produces) and ``materialize`` turns them straight into graphql-core
types, which is several times faster than parsing the text back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Arg = tuple[str, str]
Kind = Literal["type", "input", "enum", "scalar"]


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of an object or input type; ``type`` is a type reference like ``[X!]!``."""

    name: str
    type: str
    args: tuple[Arg, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TypeDef:
    kind: Kind
    name: str
    fields: tuple[FieldDef, ...] = ()
    #: enum values with their descriptions
    values: tuple[tuple[str, str | None], ...] = ()
    description: str | None = None


def field(
    name: str, type_: str, args: Sequence[Arg] = (), description: str | None = None
) -> FieldDef:
    return FieldDef(name, type_, tuple(args), description)


def object_type(name: str, fields: Iterable[FieldDef], description: str | None = None) -> TypeDef:
    return TypeDef("type", name, tuple(fields), description=description)


def input_type(name: str, fields: Iterable[FieldDef], description: str | None = None) -> TypeDef:
    return TypeDef("input", name, tuple(fields), description=description)


def enum(
    name: str,
    values: Iterable[str | tuple[str, str | None]],
    description: str | None = None,
) -> TypeDef:
    pairs = tuple(v if isinstance(v, tuple) else (v, None) for v in values)
    return TypeDef("enum", name, values=pairs, description=description)


def scalar(name: str, description: str | None = None) -> TypeDef:
    return TypeDef("scalar", name, description=description)
