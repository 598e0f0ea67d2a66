"""The slice of the schema the operations touch: what the generator is given to read.

Twenty's schemas are huge (aggregate fields on every connection, group-by types, the core
API), and ariadne-codegen parses and walks the whole SDL it is given, which dominated codegen
time. Its output depends only on the selected output fields, the input types the variables
and arguments reach, and the enums and scalars those name, so it is handed exactly that: used
root fields, used fields of output types, whole input types, no descriptions. The saved
``schema.graphql`` stays the full schema; the operations were already validated against it.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_specified_scalar_type,
    visit,
)
from graphql.utilities.print_schema import print_enum, print_input_object, print_input_value

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


def _print_fields(graphql_type: GraphQLObjectType | GraphQLInterfaceType, keep: set[str]) -> str:
    lines = []
    for name, graphql_field in graphql_type.fields.items():
        if name not in keep:
            continue
        args = ", ".join(print_input_value(a, arg) for a, arg in graphql_field.args.items())
        lines.append(
            f"  {name}({args}): {graphql_field.type}" if args else f"  {name}: {graphql_field.type}"
        )
    return "{\n" + "\n".join(lines) + "\n}"


def pruned_sdl(schema: GraphQLSchema, document: DocumentNode) -> str:
    """SDL with only what ``document`` reaches (valid on its own: every reference resolves)."""
    used, variable_types = used_fields(schema, document)
    keep_types: dict[str, GraphQLNamedType] = {}
    pending: list[GraphQLNamedType] = []

    def reach(graphql_type: GraphQLNamedType) -> None:
        if graphql_type.name not in keep_types:
            keep_types[graphql_type.name] = graphql_type
            pending.append(graphql_type)

    for name in sorted(used):
        named = schema.get_type(name)
        if named is not None:
            reach(named)
    for name in sorted(variable_types):
        named = schema.get_type(name)
        if named is not None:
            reach(named)
    while pending:
        graphql_type = pending.pop()
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            fields = used.setdefault(graphql_type.name, set())
            if isinstance(graphql_type, GraphQLInterfaceType):
                fields.update(graphql_type.fields)  # implementers must match it: keep it whole
            if not fields:  # reached only as a union member: one field makes it valid
                fields.add(next(iter(graphql_type.fields)))
            for interface in graphql_type.interfaces:
                fields.update(interface.fields)
                reach(interface)
            for field_name in fields:
                graphql_field = graphql_type.fields[field_name]
                reach(get_named_type(graphql_field.type))
                for arg in graphql_field.args.values():
                    reach(get_named_type(arg.type))
        elif isinstance(graphql_type, GraphQLInputObjectType):
            for input_field in graphql_type.fields.values():
                reach(get_named_type(input_field.type))
        elif isinstance(graphql_type, GraphQLUnionType):
            for member in graphql_type.types:
                reach(member)

    roots = [
        (kind, root.name)
        for kind, root in (
            ("query", schema.query_type),
            ("mutation", schema.mutation_type),
            ("subscription", schema.subscription_type),
        )
        if root is not None and root.name in keep_types
    ]
    parts = ["schema {\n" + "\n".join(f"  {kind}: {name}" for kind, name in roots) + "\n}"]
    for name in sorted(keep_types):
        graphql_type = keep_types[name]
        if isinstance(graphql_type, GraphQLScalarType):
            if not is_specified_scalar_type(graphql_type):
                parts.append(f"scalar {name}")
        elif isinstance(graphql_type, GraphQLEnumType):
            parts.append(print_enum(graphql_type))
        elif isinstance(graphql_type, GraphQLInputObjectType):
            parts.append(print_input_object(graphql_type))  # descriptions become docstrings
        elif isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            keyword = "type" if isinstance(graphql_type, GraphQLObjectType) else "interface"
            interfaces = " & ".join(i.name for i in graphql_type.interfaces)
            implements = f" implements {interfaces}" if interfaces else ""
            body = _print_fields(graphql_type, used[name])
            parts.append(f"{keyword} {name}{implements} {body}")
        elif isinstance(graphql_type, GraphQLUnionType):
            parts.append(f"union {name} = " + " | ".join(t.name for t in graphql_type.types))
    return "\n\n".join(parts) + "\n"
