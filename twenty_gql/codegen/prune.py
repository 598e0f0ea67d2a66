"""The slice of the schema the operations touch: what the generator is given to read.

Twenty's schemas are huge (aggregate fields on every connection, group-by types, the core
API), and ariadne-codegen parses and walks the whole SDL it is given, which dominated codegen
time. Its output depends only on the selected output fields, the input types the variables
and arguments reach, and the enums and scalars those name, so it is handed exactly that: used
root fields, used fields of output types, whole input types, no descriptions. The saved
``schema.graphql`` stays the full schema; the operations were already validated against it.

The slice may also name a scalar by another (``retype``): ariadne-codegen maps GraphQL's
built-in ``ID`` to ``str`` on every field and ignores a ``scalars.ID`` setting there, so
where Twenty says ``ID`` (join columns, create-input ids: UUIDs all) the slice says ``UUID``
and the generated models get one id type. Documents keep their own types, so the operation
texts the client sends are unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_specified_scalar_type,
    print_ast,
    visit,
)
from graphql.type.definition import GraphQLType
from graphql.utilities import get_default_value_ast
from graphql.utilities.print_schema import (
    print_block,
    print_deprecated,
    print_description,
    print_enum,
)

__all__ = ["pruned_sdl", "used_fields"]


class _FieldCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.used: dict[str, set[str]] = {}
        self.variable_types: set[str] = set()

    def enter_field(self, node: FieldNode, *_: object) -> None:
        parent = self.type_info.get_parent_type()
        if parent is not None and not node.name.value.startswith("__"):
            self.used.setdefault(parent.name, set()).add(node.name.value)

    def enter_variable_definition(self, node: object, *_: object) -> None:
        input_type = self.type_info.get_input_type()
        if input_type is not None:
            self.variable_types.add(get_named_type(input_type).name)


def used_fields(
    schema: GraphQLSchema, document: DocumentNode
) -> tuple[dict[str, set[str]], set[str]]:
    """Selected fields per output type, and the named types of every variable."""
    type_info = TypeInfo(schema)
    collector = _FieldCollector(type_info)
    visit(document, TypeInfoVisitor(type_info, collector))
    return collector.used, collector.variable_types


def _type_sdl(graphql_type: GraphQLType, names: Mapping[str, str]) -> str:
    """A type reference as SDL, named types renamed per ``names``: ``[ID!]`` -> ``[UUID!]``."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _type_sdl(graphql_type.of_type, names) + "!"
    if isinstance(graphql_type, GraphQLList):
        return f"[{_type_sdl(graphql_type.of_type, names)}]"
    assert isinstance(graphql_type, GraphQLNamedType)
    return names.get(graphql_type.name, graphql_type.name)


def _print_value(
    name: str, value: GraphQLArgument | GraphQLInputField, names: Mapping[str, str]
) -> str:
    """graphql-core's ``print_input_value``, its type renamed per ``names``."""
    declaration = f"{name}: {_type_sdl(value.type, names)}"
    default = get_default_value_ast(value)
    if default is not None:
        declaration += f" = {print_ast(default)}"
    return declaration + print_deprecated(value.deprecation_reason)


def _print_fields(
    graphql_type: GraphQLObjectType | GraphQLInterfaceType, keep: set[str], names: Mapping[str, str]
) -> str:
    lines = []
    for name, graphql_field in graphql_type.fields.items():
        if name not in keep:
            continue
        args = ", ".join(_print_value(a, arg, names) for a, arg in graphql_field.args.items())
        type_sdl = _type_sdl(graphql_field.type, names)
        lines.append(f"  {name}({args}): {type_sdl}" if args else f"  {name}: {type_sdl}")
    return "{\n" + "\n".join(lines) + "\n}"


def _print_input_object(graphql_type: GraphQLInputObjectType, names: Mapping[str, str]) -> str:
    """graphql-core's ``print_input_object``, field types renamed per ``names``; descriptions
    kept (they become the input models' docstrings)."""
    fields = [
        print_description(input_field, "  ", not i) + "  " + _print_value(name, input_field, names)
        for i, (name, input_field) in enumerate(graphql_type.fields.items())
    ]
    one_of = " @oneOf" if graphql_type.is_one_of else ""
    return (
        print_description(graphql_type) + f"input {graphql_type.name}{one_of}" + print_block(fields)
    )


def pruned_sdl(
    schema: GraphQLSchema, document: DocumentNode, retype: Mapping[str, str] | None = None
) -> str:
    """SDL with only what ``document`` reaches (valid on its own: every reference resolves).

    ``retype`` prints each reference to a scalar under another scalar's name (``{"ID":
    "UUID"}``); the stand-in is declared if the slice lacks it, and the replaced scalar stays
    declared when a variable is of that type, so the document's variables still resolve.
    """
    used, variable_types = used_fields(schema, document)
    keep_types = _reachable_types(schema, used, variable_types)
    names = {source: target for source, target in (retype or {}).items() if source in keep_types}
    for target in names.values():
        keep_types.setdefault(target, schema.get_type(target) or GraphQLScalarType(target))
    parts = [_schema_definition(schema, keep_types)]
    for name in sorted(keep_types):
        printed = _print_kept(keep_types[name], used, variable_types, names)
        if printed is not None:
            parts.append(printed)
    return "\n\n".join(parts) + "\n"


def _reachable_types(
    schema: GraphQLSchema, used: dict[str, set[str]], variable_types: set[str]
) -> dict[str, GraphQLNamedType]:
    """Every type the used fields and variables reach; ``used`` gains the fields that validity
    needs (whole interfaces, one field of a type reached only as a union member)."""
    keep_types: dict[str, GraphQLNamedType] = {}
    pending: list[GraphQLNamedType] = []

    def reach(graphql_type: GraphQLNamedType) -> None:
        if graphql_type.name not in keep_types:
            keep_types[graphql_type.name] = graphql_type
            pending.append(graphql_type)

    for name in [*sorted(used), *sorted(variable_types)]:
        named = schema.get_type(name)
        if named is not None:
            reach(named)
    while pending:
        graphql_type = pending.pop()
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for reached in _object_references(graphql_type, used):
                reach(reached)
        elif isinstance(graphql_type, GraphQLInputObjectType):
            for input_field in graphql_type.fields.values():
                reach(get_named_type(input_field.type))
        elif isinstance(graphql_type, GraphQLUnionType):
            for member in graphql_type.types:
                reach(member)
    return keep_types


def _object_references(
    graphql_type: GraphQLObjectType | GraphQLInterfaceType, used: dict[str, set[str]]
) -> list[GraphQLNamedType]:
    """The types an object or interface's kept fields refer to (recording the kept fields)."""
    fields = used.setdefault(graphql_type.name, set())
    if isinstance(graphql_type, GraphQLInterfaceType):
        fields.update(graphql_type.fields)  # implementers must match it: keep it whole
    if not fields:  # reached only as a union member: one field makes it valid
        fields.add(next(iter(graphql_type.fields)))
    found: list[GraphQLNamedType] = []
    for interface in graphql_type.interfaces:
        fields.update(interface.fields)
        found.append(interface)
    for field_name in fields:
        graphql_field = graphql_type.fields[field_name]
        found.append(get_named_type(graphql_field.type))
        found.extend(get_named_type(arg.type) for arg in graphql_field.args.values())
    return found


def _schema_definition(schema: GraphQLSchema, keep_types: Mapping[str, GraphQLNamedType]) -> str:
    roots = [
        (kind, root.name)
        for kind, root in (
            ("query", schema.query_type),
            ("mutation", schema.mutation_type),
            ("subscription", schema.subscription_type),
        )
        if root is not None and root.name in keep_types
    ]
    return "schema {\n" + "\n".join(f"  {kind}: {name}" for kind, name in roots) + "\n}"


def _print_kept(
    graphql_type: GraphQLNamedType,
    used: Mapping[str, set[str]],
    variable_types: set[str],
    names: Mapping[str, str],
) -> str | None:
    """One kept type's SDL; None for a scalar that needs no declaration."""
    name = graphql_type.name
    if isinstance(graphql_type, GraphQLScalarType):
        if name in names:
            # graphql-core keeps a built-in one as is
            return f"scalar {name}" if name in variable_types else None
        return None if is_specified_scalar_type(graphql_type) else f"scalar {name}"
    if isinstance(graphql_type, GraphQLEnumType):
        return print_enum(graphql_type)
    if isinstance(graphql_type, GraphQLInputObjectType):
        return _print_input_object(graphql_type, names)
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
        keyword = "type" if isinstance(graphql_type, GraphQLObjectType) else "interface"
        interfaces = " & ".join(i.name for i in graphql_type.interfaces)
        implements = f" implements {interfaces}" if interfaces else ""
        return f"{keyword} {name}{implements} {_print_fields(graphql_type, used[name], names)}"
    if isinstance(graphql_type, GraphQLUnionType):
        return f"union {name} = " + " | ".join(t.name for t in graphql_type.types)
    return None
