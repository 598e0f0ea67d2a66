"""Digest Twenty's real printed schema into the facts the schema-parity test compares.

Reads ``../shared/twenty/real-workspace-schema.graphql`` and ``dev-seed-customizations.txt`` and
writes ``tests/reference/real_schema_digest.json``: for every generated object (standard, and the
dev-seed custom ones marked ``custom``) the fields of each of its types with their type strings
(nullability included) and argument types, its enums' values, its root fields, and the shared
types (composites, filters, scalars) those reference. Descriptions and order are left out:
parity is about names, types, nullability and arguments. Fields that exist only because of the
dev-seed customisations are marked ``devSeed`` so a default workspace can be compared without
them (part 2 creates them through the metadata API and compares again).

Usage: python3 scripts/digest_reference_schema.py [--shared DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "twenty"
DEFAULT_OUT = ROOT / "tests" / "reference" / "real_schema_digest.json"

#: per-object type name suffixes, in Twenty's generation order
OBJECT_TYPE_SUFFIXES = (
    "",
    "Edge",
    "Connection",
    "GroupByConnection",
    "RelationInput",
    "ConnectInput",
    "WhereUniqueInput",
    "CreateInput",
    "UpdateInput",
    "FilterInput",
    "OrderByInput",
    "OrderByWithGroupByInput",
    "OrderByWithGroupByAggregateInput",
    "GroupByInput",
)

#: aggregate prefixes: ``countEmptyTagline`` belongs to the field ``tagline``
AGGREGATE = re.compile(
    r"^(countUniqueValues|countEmpty|countNotEmpty|percentageEmpty|percentageNotEmpty|"
    r"countTrue|countFalse|min|max|avg|sum)([A-Z]\w*?)(AmountMicros)?$"
)

BUILTIN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}

#: fields the core (NestJS code-first) schema merges into generated types: not workspace facts
CORE_MERGED_FIELDS = {("WorkspaceMember", "roles"), ("WorkspaceMember", "userWorkspaceId")}


def read_dev_seed(path: Path) -> tuple[set[str], dict[str, set[str]]]:
    custom_objects: set[str] = set()
    custom_fields: dict[str, set[str]] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(":")
        if key.strip() == "custom-objects":
            custom_objects |= set(rest.split())
        else:
            custom_fields[key.strip()] = set(rest.split())
    return custom_objects, custom_fields


def camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def type_facts(gql_type: Any) -> dict[str, Any]:
    """Kind plus field type strings (and argument type strings) or enum values; nothing else."""
    if isinstance(gql_type, GraphQLEnumType):
        return {"kind": "ENUM", "values": sorted(gql_type.values)}
    if isinstance(gql_type, GraphQLScalarType):
        return {"kind": "SCALAR"}
    if isinstance(gql_type, GraphQLUnionType):
        return {"kind": "UNION", "types": sorted(t.name for t in gql_type.types)}
    kind = "INPUT_OBJECT" if isinstance(gql_type, GraphQLInputObjectType) else "OBJECT"
    facts: dict[str, Any] = {"kind": kind, "fields": {}}
    for name, field in gql_type.fields.items():
        facts["fields"][name] = str(field.type)
        args = getattr(field, "args", None)
        if args:
            facts.setdefault("args", {})[name] = {a: str(v.type) for a, v in args.items()}
    return facts


def mark(facts: dict[str, Any], key: str, field_name: str) -> None:
    facts.setdefault(key, []).append(field_name)


def dev_seed_field(field_name: str, custom: set[str], custom_objects: set[str]) -> bool:
    """True when the field exists only because of a dev-seed customisation."""
    if field_name in custom:
        return True
    match = AGGREGATE.match(field_name)
    if match and camel(match.group(2)) in custom:
        return True
    return field_name.removesuffix("Id") in custom_objects and field_name.endswith("Id")


def generated_root_names(singular: str, plural: str) -> set[str]:
    """Root fields Twenty generates per object (``get-resolver-name.util.ts``)."""
    s, p = pascal(singular), pascal(plural)
    return {
        plural,
        singular,
        f"{singular}Duplicates",
        f"{plural}GroupBy",
        *(f"{verb}{s}" for verb in ("create", "update", "delete", "destroy", "restore")),
        *(f"{verb}{p}" for verb in ("create", "update", "delete", "destroy", "restore", "merge")),
    }


def referenced_types(schema: GraphQLSchema, roots: list[str]) -> list[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        gql_type = schema.get_type(name)
        if isinstance(gql_type, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in gql_type.fields.items():
                if (name, field_name) in CORE_MERGED_FIELDS:
                    continue
                stack.append(get_named_type(field.type).name)
                for arg in getattr(field, "args", {}).values():
                    stack.append(get_named_type(arg.type).name)
    return sorted(seen)


def digest(shared: Path) -> dict[str, Any]:
    schema = build_schema((shared / "real-workspace-schema.graphql").read_text())
    custom_objects, custom_fields = read_dev_seed(shared / "dev-seed-customizations.txt")
    assert schema.query_type is not None and schema.mutation_type is not None
    query, mutation = schema.query_type.fields, schema.mutation_type.fields

    # generated objects, in creation order, found through their ``…GroupBy`` root field
    objects: list[tuple[str, str]] = []
    for root_name, root_field in query.items():
        if root_name.endswith("GroupBy"):
            type_name = get_named_type(root_field.type).name.removesuffix("GroupByConnection")
            objects.append((type_name, root_name.removesuffix("GroupBy")))
    object_names = {t for t, _ in objects}
    custom_type_names = {pascal(o) for o in custom_objects}

    # root fields belong to the object whose type they return or take
    root_owner: dict[str, tuple[str, str]] = {}
    for root_kind, fields in (("query", query), ("mutation", mutation)):
        for root_name, root_field in fields.items():
            named = get_named_type(root_field.type).name
            for suffix in ("GroupByConnection", "Connection", ""):
                owner = named.removesuffix(suffix) if suffix else named
                if named.endswith(suffix) and owner in object_names:
                    root_owner[root_name] = (root_kind, owner)
                    break

    out_objects: dict[str, Any] = {}
    per_object_types: set[str] = set()
    for type_name, plural in objects:
        singular = camel(type_name)
        custom = custom_fields.get(singular, set())
        is_custom = type_name in custom_type_names
        types: dict[str, Any] = {}
        names = [type_name + s for s in OBJECT_TYPE_SUFFIXES]
        names += [
            n
            for n in schema.type_map
            if n.startswith(type_name)
            and (n.endswith("Enum") or n.endswith("EnumFilter") or n.endswith("WhereInput"))
            and n not in names
            and n != f"{type_name}WhereUniqueInput"
            and not any(
                n.startswith(other) and len(other) > len(type_name) for other in object_names
            )
        ]
        for name in names:
            gql_type = schema.get_type(name)
            if gql_type is None:
                continue
            facts = type_facts(gql_type)
            per_object_types.add(name)
            for field_name in facts.get("fields", {}):
                if (name, field_name) in CORE_MERGED_FIELDS:
                    mark(facts, "coreFields", field_name)
            if not is_custom and custom:
                for field_name in facts.get("fields", {}):
                    if dev_seed_field(field_name, custom, custom_objects):
                        mark(facts, "devSeedFields", field_name)
                # enums that only a dev-seed field uses (CompanyWorkPolicyEnum, its filter)
                stem = name.removeprefix(type_name).removesuffix("Filter").removesuffix("Enum")
                if name.endswith(("Enum", "EnumFilter")) and camel(stem) in custom:
                    facts["devSeed"] = True
            elif not is_custom:
                for field_name in facts.get("fields", {}):
                    if dev_seed_field(field_name, set(), custom_objects):
                        mark(facts, "devSeedFields", field_name)
            types[name] = facts
        roots: dict[str, Any] = {"query": {}, "mutation": {}}
        generated = generated_root_names(singular, plural)
        for root_name, (root_kind, owner) in root_owner.items():
            if owner != type_name:
                continue
            root_field = (query if root_kind == "query" else mutation)[root_name]
            roots[root_kind][root_name] = {
                "type": str(root_field.type),
                "args": {a: str(v.type) for a, v in root_field.args.items()},
            }
            if root_name not in generated:
                # a core mutation returning this type (stopWorkflowRun...), not generated
                roots[root_kind][root_name]["core"] = True
        out_objects[singular] = {
            "typeName": type_name,
            "namePlural": plural,
            "custom": is_custom,
            "devSeedFields": sorted(custom),
            "types": types,
            "rootFields": roots,
        }

    roots_of_objects = sorted(per_object_types)
    shared_types = {
        name: type_facts(schema.get_type(name))
        # DateTimeFilter: defined by the real schema for search's ObjectRecordFilterInput
        for name in referenced_types(schema, [*roots_of_objects, "DateTimeFilter"])
        if name not in per_object_types and name not in BUILTIN_SCALARS
    }
    return {
        "source": "real-workspace-schema.graphql (Twenty ~v1.9-1.10, hello-world generated "
        "schema @0dbf16f8); dev-seed marks from dev-seed-customizations.txt",
        "objects": out_objects,
        "sharedTypes": shared_types,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = digest(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n")
    print(
        f"wrote {args.out}: {len(data['objects'])} objects, {len(data['sharedTypes'])} shared types"
    )


if __name__ == "__main__":
    main()
