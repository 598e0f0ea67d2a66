"""Is the generated package still true to the workspace? Two questions, two answers.

1. Schema drift: the live schema differs from the saved ``schema.graphql``. Reported per type
   as added (+), removed (-) and changed (~) fields, record objects first, because that is
   what someone who just added a custom field in Twenty wants to read.
2. Staleness: the schema matches, but the inputs (hand-written queries, generator, base
   client) changed since the last run, or a generated file was edited by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
)

from .generate import MANIFEST, SCHEMA_FILE, Inputs, file_hashes
from .introspect import schema_from_sdl
from .scaffold import discover_objects

__all__ = ["DriftReport", "TypeChange", "check_package", "diff_schemas"]


@dataclass(slots=True)
class TypeChange:
    type_name: str
    kind: str  # "object", "input", "enum", ...
    status: str = "changed"  # "added", "removed" or "changed"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.status != "changed":
            return [f"{'+' if self.status == 'added' else '-'} {self.kind} {self.type_name}"]
        out = [f"~ {self.kind} {self.type_name}"]
        out += [f"    + {item}" for item in self.added]
        out += [f"    - {item}" for item in self.removed]
        out += [f"    ~ {item}" for item in self.changed]
        return out


def _kind(graphql_type: GraphQLNamedType) -> str:
    if isinstance(graphql_type, GraphQLObjectType):
        return "object"
    if isinstance(graphql_type, GraphQLInputObjectType):
        return "input"
    if isinstance(graphql_type, GraphQLEnumType):
        return "enum"
    if isinstance(graphql_type, GraphQLInterfaceType):
        return "interface"
    return type(graphql_type).__name__.removeprefix("GraphQL").removesuffix("Type").lower()


def _members(graphql_type: GraphQLNamedType) -> dict[str, str]:
    """Member name -> printed signature (``tagline: String!``, ``people(first: Int): …``)."""
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
        members = {}
        for name, member in graphql_type.fields.items():
            args = ", ".join(f"{a}: {arg.type}" for a, arg in member.args.items())
            members[name] = f"{name}({args}): {member.type}" if args else f"{name}: {member.type}"
        return members
    if isinstance(graphql_type, GraphQLInputObjectType):
        return {name: f"{name}: {member.type}" for name, member in graphql_type.fields.items()}
    if isinstance(graphql_type, GraphQLEnumType):
        return {name: name for name in graphql_type.values}
    return {}


def diff_schemas(old: GraphQLSchema, new: GraphQLSchema) -> list[TypeChange]:
    """Per-type changes; record objects first (by name), then every other type by name."""
    records = {o.type_name for o in discover_objects(old)} | {
        o.type_name for o in discover_objects(new)
    }
    names = sorted(
        name for name in set(old.type_map) | set(new.type_map) if not name.startswith("__")
    )
    changes = []
    for name in names:
        before, after = old.type_map.get(name), new.type_map.get(name)
        if before is None or after is None:
            present = after if after is not None else before
            assert present is not None
            status = "added" if before is None else "removed"
            changes.append(TypeChange(name, _kind(present), status))
            continue
        old_members, new_members = _members(before), _members(after)
        change = TypeChange(name, _kind(after))
        change.added = [new_members[m] for m in sorted(set(new_members) - set(old_members))]
        change.removed = [old_members[m] for m in sorted(set(old_members) - set(new_members))]
        change.changed = [
            f"{old_members[m]}  ->  {new_members[m]}"
            for m in sorted(set(old_members) & set(new_members))
            if old_members[m] != new_members[m]
        ]
        if _kind(before) != _kind(after):
            change.changed.append(f"kind {_kind(before)} -> {_kind(after)}")
        if change.added or change.removed or change.changed:
            changes.append(change)
    return sorted(changes, key=lambda c: (c.type_name not in records, c.type_name))


@dataclass(slots=True)
class DriftReport:
    """What ``--check`` found; ``ok`` when the package is fresh."""

    schema_changes: list[TypeChange] = field(default_factory=list)
    stale_inputs: list[str] = field(default_factory=list)
    edited_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.schema_changes or self.stale_inputs or self.edited_files or self.problems)

    def render(self) -> str:
        if self.ok:
            return "generated package is up to date"
        out = list(self.problems)
        if self.schema_changes:
            out.append(
                f"schema drift: {len(self.schema_changes)} type(s) differ from the saved schema"
            )
            for change in self.schema_changes:
                out += change.lines()
        if self.stale_inputs:
            out.append("generated code is stale; these inputs changed since the last run:")
            out += [f"    {name}" for name in self.stale_inputs]
        if self.edited_files:
            out.append("generated files differ from what codegen wrote (edited by hand?):")
            out += [f"    {name}" for name in self.edited_files]
        out.append("run codegen again to refresh the package")
        return "\n".join(out)


def check_package(package_dir: Path, inputs: Inputs) -> DriftReport:
    """Compare the package on disk with what ``inputs`` would generate, without generating."""
    report = DriftReport()
    manifest_path = package_dir / MANIFEST
    saved_schema = package_dir / SCHEMA_FILE
    if not manifest_path.exists() or not saved_schema.exists():
        report.problems.append(f"{package_dir} holds no generated package (no {MANIFEST})")
        return report
    saved_sdl = saved_schema.read_text(encoding="utf-8")
    if saved_sdl != inputs.sdl:
        report.schema_changes = diff_schemas(schema_from_sdl(saved_sdl), inputs.schema)
        if not report.schema_changes:
            report.problems.append("the saved schema differs from the live one in text only")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("fingerprint") != inputs.fingerprint:
        saved_inputs: dict[str, str] = manifest.get("inputs", {})
        current = inputs.input_hashes()
        report.stale_inputs = sorted(
            name
            for name in set(saved_inputs) | set(current)
            if name != SCHEMA_FILE and saved_inputs.get(name) != current.get(name)
        )
        if not report.stale_inputs and not report.schema_changes:
            report.stale_inputs = ["(generator version, tools or options)"]
    on_disk = file_hashes(package_dir)
    recorded: dict[str, str] = manifest.get("files", {})
    report.edited_files = sorted(
        name for name in set(on_disk) | set(recorded) if on_disk.get(name) != recorded.get(name)
    )
    return report
