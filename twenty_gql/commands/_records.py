"""What to read of an object, learned at run time: columns from ``/metadata`` and the schema.

Bulk commands must see a field added in Twenty a minute ago, so nothing here comes from the
generated package. ``/metadata`` says which fields exist, are active and are relations (and
their join columns); one introspection query (``__type``) on the object's GraphQL type says
which sub-fields each composite has in *this* server's version (Twenty adds some now and
then), so no composite shape is hard-coded.

A ``Column`` is one top-level field of the selection: a scalar (``name``, ``employees``, a
relation's join column ``companyId``) or a composite with its sub-fields
(``domainName { primaryLinkLabel primaryLinkUrl secondaryLinks }``). One-to-many relations
and relation objects are not columns; ``relation_of`` finds them for ``--include`` in the
``RelationMap`` of relational loading.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .._executor import Executor
from ..bulk.relation_map import Relation, RelationMap
from ..errors import InvalidInputError
from ..metadata import FieldType, ObjectInfo

__all__ = [
    "Codec",
    "Column",
    "ObjectShape",
    "UnknownNameError",
    "choose_columns",
    "did_you_mean",
    "load_shape",
    "relation_of",
    "type_name",
]

#: Twenty's workspace schema has no ``searchVector`` output and relation objects need an
#: explicit include; these field types never become columns by themselves
_NOT_COLUMNS = frozenset({FieldType.TS_VECTOR, FieldType.RELATION, FieldType.MORPH_RELATION})

_LEAF_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
_SUBFIELDS = f"fields {{ name type {{ {_LEAF_REF} }} }}"
_TYPE_REF = (
    f"kind name {_SUBFIELDS} ofType {{ kind name {_SUBFIELDS} "
    f"ofType {{ kind name {_SUBFIELDS} ofType {{ kind name }} }} }}"
)
_INTROSPECT = f"""
query TwentyGqlExportType($name: String!) {{
  __type(name: $name) {{ name fields {{ name type {{ {_TYPE_REF} }} }} }}
}}"""


class UnknownNameError(InvalidInputError):
    """An object, field or relation name that the workspace does not have."""


#: how a CSV cell of each GraphQL output type reads back (``_formats.parse_row``)
Codec = Literal["text", "number", "bool", "json"]
_CODECS: dict[str, Codec] = {
    "Boolean": "bool",
    "Int": "number",
    "Float": "number",
    "BigFloat": "number",
    "JSON": "json",
    "RawJSONScalar": "json",
}


def _codec(ref: Mapping[str, Any] | None) -> Codec:
    """Lists and JSON are JSON cells; numbers and booleans parse back; the rest is text."""
    while ref is not None and ref.get("kind") == "NON_NULL":
        ref = ref.get("ofType")
    if ref is None:
        return "text"
    if ref.get("kind") == "LIST":
        return "json"
    return _CODECS.get(str(ref.get("name")), "text")


@dataclass(frozen=True, slots=True)
class Column:
    """One selected top-level field; ``subfields`` is set for a composite. ``codecs`` (one
    per header) say how each CSV cell reads back."""

    name: str
    subfields: tuple[str, ...] | None = None
    codecs: tuple[Codec, ...] = ("text",)

    def selection(self) -> str:
        if self.subfields is None:
            return self.name
        return f"{self.name} {{ {' '.join(self.subfields)} }}"

    @property
    def headers(self) -> list[str]:
        """CSV header(s): ``name`` or ``name.sub`` for each sub-field."""
        if self.subfields is None:
            return [self.name]
        return [f"{self.name}.{sub}" for sub in self.subfields]


@dataclass(frozen=True, slots=True)
class ObjectShape:
    """An object's metadata and every column it can export, in a stable order."""

    info: ObjectInfo
    type_name: str
    columns: tuple[Column, ...]

    @property
    def plural(self) -> str:
        return self.info.name_plural

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def type_name(info: ObjectInfo) -> str:
    """The GraphQL type of an object: ``company`` -> ``Company``, ``workspaceMember`` ->
    ``WorkspaceMember`` (Twenty capitalises ``nameSingular``)."""
    return info.name_singular[:1].upper() + info.name_singular[1:]


def _named(ref: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Unwrap NON_NULL / LIST to the named type (which carries ``fields`` for an OBJECT)."""
    while ref is not None and ref.get("kind") in ("NON_NULL", "LIST"):
        ref = ref.get("ofType")
    return ref


def _column(name: str, named: Mapping[str, Any] | None, ref: Mapping[str, Any]) -> Column:
    if named is not None and named.get("kind") == "OBJECT":
        subs = named.get("fields") or ()
        return Column(name, tuple(s["name"] for s in subs), tuple(_codec(s["type"]) for s in subs))
    return Column(name, None, (_codec(ref),))


async def load_shape(execute: Executor, info: ObjectInfo) -> ObjectShape:
    """Columns of ``info``: its active fields that the object's GraphQL type has (``id``
    first, then by name, so headers do not move when the server lists fields differently)."""
    name = type_name(info)
    data = await execute(_INTROSPECT, {"name": name})
    graphql_type = data.get("__type")
    if not graphql_type:
        raise InvalidInputError(f"the workspace schema has no type {name!r} for {info.name_plural}")
    raw = {f["name"]: f["type"] for f in graphql_type.get("fields") or ()}
    outputs = {name: _named(ref) for name, ref in raw.items()}
    columns: dict[str, Column] = {}
    for field in info.fields:
        if not field.is_active:
            continue
        join = field.join_column if field.relation_type == "MANY_TO_ONE" else None
        if join is not None and join in outputs:
            columns[join] = _column(join, outputs[join], raw[join])
        if field.type in _NOT_COLUMNS or field.name not in outputs:
            continue
        columns[field.name] = _column(field.name, outputs[field.name], raw[field.name])
    ordered = sorted(columns.values(), key=lambda c: (c.name != "id", c.name))
    return ObjectShape(info, name, tuple(ordered))


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """``"; did you mean name, nickname?"`` for the closest of ``known``, or ``""``."""
    close = difflib.get_close_matches(name, list(known), n=4, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _unknown(kind: str, name: str, object_name: str, known: Sequence[str]) -> UnknownNameError:
    return UnknownNameError(f"{object_name} has no {kind} {name!r}{did_you_mean(name, known)}")


def choose_columns(shape: ObjectShape, names: Sequence[str]) -> tuple[Column, ...]:
    """``--fields`` -> columns in the order given: ``name``, a composite (all sub-fields) or
    one sub-field ``domainName.primaryLinkUrl``; an unknown name raises with close matches."""
    chosen: dict[str, Column] = {}
    known = [n for c in shape.columns for n in (c.name, *(c.headers if c.subfields else ()))]
    for raw in names:
        name, _, sub = raw.strip().partition(".")
        column = shape.column(name)
        if column is None or (sub and (column.subfields is None or sub not in column.subfields)):
            raise _unknown("field", raw.strip(), shape.info.name_singular, known)
        if not sub:
            chosen[name] = column
            continue
        previous = chosen.get(name)
        if previous is not None and previous.subfields == column.subfields:
            continue  # the whole composite was asked for already
        subs = tuple(dict.fromkeys((*(previous.subfields or ()), sub) if previous else (sub,)))
        codecs = dict(zip(column.subfields or (), column.codecs, strict=True))
        chosen[name] = Column(name, subs, tuple(codecs[s] for s in subs))
    return tuple(chosen.values())


def relation_of(
    info: ObjectInfo, objects: Sequence[ObjectInfo], name: str
) -> tuple[Relation, ObjectInfo]:
    """The relation field ``name`` of ``info`` and the object it points at, from the same
    ``RelationMap`` relational loading uses (the inverse field and join column come with
    the objects' metadata: no further request)."""
    relations = RelationMap(list(objects)).of(info.name_singular)
    relation = relations.get(name)
    if relation is None:
        raise _unknown("relation", name, info.name_singular, list(relations))
    target = next((o for o in objects if o.name_singular == relation.target), None)
    if target is None:
        raise InvalidInputError(f"{info.name_singular}.{name} points at no known object")
    return relation, target
