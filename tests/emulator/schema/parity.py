"""Schema parity: compare a GraphQL schema with the digest of Twenty's real printed schema.

Pure comparison, no I/O: ``compare(digest, schema)`` takes the digest written by
``scripts/digest_reference_schema.py`` and either a ``graphql.GraphQLSchema`` or an introspection
result (``{"__schema": ...}`` or ``{"data": {"__schema": ...}}``, e.g. from the running
emulator) and returns every difference in names, type strings (nullability included), arguments
and enum values. Descriptions and order are ignored. ``DELIBERATE`` lists the differences the
emulator keeps on purpose, each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_client_schema,
    get_named_type,
)

ROOT_KINDS = ("query", "mutation")


@dataclass(frozen=True, slots=True)
class Difference:
    """One fact that differs; ``where`` is ``Type``, ``Type.field`` or ``Type.field(arg)``."""

    kind: str
    where: str
    expected: str | None = None
    actual: str | None = None
    #: ``nameSingular`` of the object the fact belongs to (None for shared types)
    object: str | None = None

    def __str__(self) -> str:
        if self.expected is not None and self.actual is not None:
            return f"{self.where}: {self.kind}: Twenty has {self.expected}, we have {self.actual}"
        if self.expected is not None:
            return f"{self.where}: {self.kind} (Twenty has {self.expected})"
        if self.actual is not None:
            return f"{self.where}: {self.kind} (we have {self.actual})"
        return f"{self.where}: {self.kind}"


@dataclass(frozen=True, slots=True)
class Deliberate:
    """A difference the emulator keeps on purpose."""

    reason: str
    matches: Callable[[Difference], bool]
    #: only the dev-seed customisations can show it (a default workspace never does)
    dev_seed_only: bool = False


def _is_datetime_filter(d: Difference) -> bool:
    return (
        d.kind == "field type"
        and d.where.split(".")[0].endswith("FilterInput")
        and d.expected == "DateTime"
        and d.actual == "DateTimeFilter"
    )


#: aggregates Twenty prints for the dev-seed pet's morph relations (owner -> surveyResult|rocket,
#: helpers): its aggregate generator skips RELATION fields but not MORPH_RELATION ones
_MORPH_AGGREGATE = re.compile(
    r"^Pet(GroupBy)?Connection\.(countUniqueValues|countEmpty|countNotEmpty|percentageEmpty|"
    r"percentageNotEmpty)(OwnerSurveyResult|OwnerRocket|HelperSurveyResults|HelperRockets)$"
)

DELIBERATE: tuple[Deliberate, ...] = (
    Deliberate(
        "DATE_TIME fields in XFilterInput: the late-2025 printed schema types them as the bare "
        "DateTime scalar (a Twenty regression that makes date ranges unfilterable); the "
        "emulator emits DateTimeFilter like newer Twenty source and ObjectRecordFilterInput.",
        _is_datetime_filter,
    ),
    Deliberate(
        "Core-schema parts: Twenty merges its NestJS core API into /graphql (WorkspaceMember.roles"
        " and userWorkspaceId, stopWorkflowRun, updateWorkspaceMemberRole...); they are not made "
        "from workspace metadata and the emulator serves no core API.",
        lambda d: d.kind in ("missing core field", "missing core root field"),
    ),
    Deliberate(
        "The dev-seed pet's owner/helper fields are MORPH_RELATIONs, for which Twenty also "
        "prints count aggregates (countEmptyOwnerRocket...); the metadata model has plain "
        "relations only, which get no aggregates in Twenty either.",
        lambda d: d.kind == "missing field" and _MORPH_AGGREGATE.match(d.where) is not None,
        dev_seed_only=True,
    ),
)


def partition(
    differences: Iterable[Difference],
    deliberate: Iterable[Deliberate] = DELIBERATE,
) -> tuple[list[Difference], list[tuple[Difference, str]]]:
    """Split into (unexpected, deliberate-with-reason)."""
    rules = list(deliberate)
    unexpected: list[Difference] = []
    kept: list[tuple[Difference, str]] = []
    for difference in differences:
        rule = next((r for r in rules if r.matches(difference)), None)
        if rule is None:
            unexpected.append(difference)
        else:
            kept.append((difference, rule.reason))
    return unexpected, kept


def as_schema(schema_or_introspection: GraphQLSchema | Mapping[str, Any]) -> GraphQLSchema:
    """Accept a schema, an introspection ``data`` dict or a whole GraphQL response."""
    if isinstance(schema_or_introspection, GraphQLSchema):
        return schema_or_introspection
    result = dict(schema_or_introspection)
    if "data" in result and "__schema" not in result:
        result = dict(result["data"])
    return build_client_schema(result)  # type: ignore[arg-type]


def _facts(gql_type: GraphQLNamedType) -> dict[str, Any]:
    """The same facts the digest holds for a type (see scripts/digest_reference_schema.py)."""
    if isinstance(gql_type, GraphQLEnumType):
        return {"kind": "ENUM", "values": sorted(gql_type.values)}
    if isinstance(gql_type, GraphQLScalarType):
        return {"kind": "SCALAR"}
    if isinstance(gql_type, GraphQLUnionType):
        return {"kind": "UNION", "types": sorted(t.name for t in gql_type.types)}
    assert isinstance(gql_type, GraphQLObjectType | GraphQLInputObjectType)
    kind = "INPUT_OBJECT" if isinstance(gql_type, GraphQLInputObjectType) else "OBJECT"
    facts: dict[str, Any] = {"kind": kind, "fields": {}, "args": {}}
    for name, field in gql_type.fields.items():
        facts["fields"][name] = str(field.type)
        args = getattr(field, "args", None)
        if args:
            facts["args"][name] = {a: str(v.type) for a, v in args.items()}
    return facts


def _compare_args(
    where: str,
    expected: Mapping[str, str],
    actual: Mapping[str, str],
    owner: str | None,
) -> list[Difference]:
    out: list[Difference] = []
    for arg, arg_type in expected.items():
        if arg not in actual:
            out.append(Difference("missing argument", f"{where}({arg})", arg_type, None, owner))
        elif actual[arg] != arg_type:
            out.append(Difference("argument type", f"{where}({arg})", arg_type, actual[arg], owner))
    for arg, arg_type in actual.items():
        if arg not in expected:
            out.append(Difference("extra argument", f"{where}({arg})", None, arg_type, owner))
    return out


def compare_type(
    name: str,
    expected: Mapping[str, Any],
    actual_type: GraphQLNamedType | None,
    *,
    skip_fields: Iterable[str] = (),
    owner: str | None = None,
) -> list[Difference]:
    """Differences between one digested type and the same-named type of a schema."""
    if actual_type is None:
        return [Difference("missing type", name, expected["kind"], None, owner)]
    actual = _facts(actual_type)
    if actual["kind"] != expected["kind"]:
        return [Difference("type kind", name, expected["kind"], actual["kind"], owner)]
    if expected["kind"] == "ENUM":
        missing = sorted(set(expected["values"]) - set(actual["values"]))
        extra = sorted(set(actual["values"]) - set(expected["values"]))
        out = [Difference("missing enum value", f"{name}.{v}", v, None, owner) for v in missing]
        return out + [Difference("extra enum value", f"{name}.{v}", None, v, owner) for v in extra]
    if expected["kind"] == "UNION" and expected["types"] != actual["types"]:
        return [Difference("union members", name, str(expected["types"]), str(actual["types"]))]
    if expected["kind"] not in ("OBJECT", "INPUT_OBJECT"):
        return []
    skip = set(skip_fields)
    core = set(expected.get("coreFields", []))
    out = []
    expected_args: Mapping[str, Mapping[str, str]] = expected.get("args", {})
    for field_name, field_type in expected["fields"].items():
        if field_name in skip:
            continue
        where = f"{name}.{field_name}"
        if field_name not in actual["fields"]:
            kind = "missing core field" if field_name in core else "missing field"
            out.append(Difference(kind, where, field_type, None, owner))
            continue
        if actual["fields"][field_name] != field_type:
            out.append(
                Difference("field type", where, field_type, actual["fields"][field_name], owner)
            )
        out += _compare_args(
            where,
            expected_args.get(field_name, {}),
            actual["args"].get(field_name, {}),
            owner,
        )
    for field_name, field_type in actual["fields"].items():
        if field_name not in expected["fields"] and field_name not in skip:
            out.append(Difference("extra field", f"{name}.{field_name}", None, field_type, owner))
    return out


def _root_fields(schema: GraphQLSchema, kind: str) -> dict[str, Any]:
    root = schema.query_type if kind == "query" else schema.mutation_type
    return dict(root.fields) if root is not None else {}


def compare(
    digest: Mapping[str, Any],
    schema_or_introspection: GraphQLSchema | Mapping[str, Any],
    *,
    objects: Iterable[str] | None = None,
    include_dev_seed: bool = False,
    include_shared: bool = True,
) -> list[Difference]:
    """Every difference between the digest and the schema, for the chosen objects.

    ``objects`` are ``nameSingular``s (default: every standard object of the digest).
    Without ``include_dev_seed`` the dev-seed fields and enums of standard objects are left out,
    which is what a default workspace must match.
    """
    schema = as_schema(schema_or_introspection)
    all_objects: Mapping[str, Any] = digest["objects"]
    chosen = (
        list(objects)
        if objects is not None
        else [name for name, facts in all_objects.items() if not facts["custom"]]
    )
    out: list[Difference] = []
    for singular in chosen:
        if singular not in all_objects:
            raise KeyError(f"the digest has no object {singular!r}")
        facts = all_objects[singular]
        for type_name, type_facts in facts["types"].items():
            if type_facts.get("devSeed") and not include_dev_seed:
                if schema.get_type(type_name) is not None:
                    out.append(Difference("extra type", type_name, None, "dev-seed", singular))
                continue
            skip = [] if include_dev_seed else type_facts.get("devSeedFields", [])
            out += compare_type(
                type_name,
                type_facts,
                schema.get_type(type_name),
                skip_fields=skip,
                owner=singular,
            )
        out += _compare_roots(schema, facts, singular)
    if include_shared:
        for type_name, type_facts in digest["sharedTypes"].items():
            out += compare_type(type_name, type_facts, schema.get_type(type_name))
    out += _extra_types(digest, schema, chosen, include_shared)
    return out


def _compare_roots(schema: GraphQLSchema, facts: Mapping[str, Any], owner: str) -> list[Difference]:
    out: list[Difference] = []
    type_name = facts["typeName"]
    for kind in ROOT_KINDS:
        expected: Mapping[str, Any] = facts["rootFields"][kind]
        actual = _root_fields(schema, kind)
        root_name = "Query" if kind == "query" else "Mutation"
        for field_name, field_facts in expected.items():
            where = f"{root_name}.{field_name}"
            if field_name not in actual:
                kind = (
                    "missing core root field" if field_facts.get("core") else "missing root field"
                )
                out.append(Difference(kind, where, field_facts["type"], None, owner))
                continue
            field = actual[field_name]
            if str(field.type) != field_facts["type"]:
                out.append(
                    Difference("field type", where, field_facts["type"], str(field.type), owner)
                )
            out += _compare_args(
                where,
                field_facts["args"],
                {a: str(v.type) for a, v in field.args.items()},
                owner,
            )
        for field_name, field in actual.items():
            named = get_named_type(field.type).name
            belongs = named in (
                type_name,
                f"{type_name}Connection",
                f"{type_name}GroupByConnection",
            )
            if belongs and field_name not in expected:
                out.append(
                    Difference(
                        "extra root field",
                        f"{root_name}.{field_name}",
                        None,
                        str(field.type),
                        owner,
                    )
                )
    return out


def _extra_types(
    digest: Mapping[str, Any],
    schema: GraphQLSchema,
    chosen: list[str],
    include_shared: bool,
) -> list[Difference]:
    """Types of ours the digest does not know, when they belong to a compared object."""
    known: set[str] = set(digest["sharedTypes"])
    for facts in digest["objects"].values():
        known |= set(facts["types"])
    prefixes = sorted((digest["objects"][o]["typeName"] for o in chosen), key=len, reverse=True)
    every_object = sorted(
        (f["typeName"] for f in digest["objects"].values()), key=len, reverse=True
    )
    out: list[Difference] = []
    for name in schema.type_map:
        if name.startswith("__") or name in known or name in ("Query", "Mutation", "Subscription"):
            continue
        if name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        owner_type = next((p for p in every_object if name.startswith(p)), None)
        if owner_type is None:
            if include_shared:
                out.append(Difference("extra type", name, None, "not in Twenty's schema"))
            continue
        if owner_type in prefixes:
            owner = next(o for o in chosen if digest["objects"][o]["typeName"] == owner_type)
            out.append(Difference("extra type", name, None, "not in Twenty's schema", owner))
    return out
