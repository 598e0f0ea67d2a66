"""``workspace.py``: the typed binding between a generated package and ``TwentyClient``.

The behaviour of a resource is hand-written and generic (``twenty_gql.resources.Resource``);
what differs per workspace is only types. So codegen emits a small subclass of
``BaseTwentyClient`` with one typed property per record object (``companies`` ->
``Resource[CompanyFields, CompanyFilterInput, CompanyOrderByInput, CompanyCreateInput,
CompanyUpdateInput]``). The model classes are imported for type checkers only: importing the
binding costs nothing, and models load on first use.
"""

from __future__ import annotations

import keyword

from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema, get_named_type

from .scaffold import HEADER, RecordObject, snake_case

__all__ = ["InputNames", "input_names", "render_workspace_module", "resource_attribute"]

#: names ``BaseTwentyClient`` uses itself; an object whose plural collides gets a ``_`` suffix
RESERVED_ATTRIBUTES = frozenset(
    {"client", "close", "execute", "metadata", "resource", "resources", "webhooks", "from_env",
     "graphql_url", "metadata_url", "url", "transport", "package", "notes_api"}
)  # fmt: skip


class InputNames(tuple[str | None, str | None, str | None, str | None]):
    """(filter, orderBy, create, update) input type names of one object; None if absent."""

    __slots__ = ()


def _arg_type(
    schema: GraphQLSchema, root_field: str | None, arg: str, mutation: bool
) -> str | None:
    root_type: GraphQLObjectType | None = schema.mutation_type if mutation else schema.query_type
    if root_type is None or root_field is None:
        return None
    graphql_field: GraphQLField | None = root_type.fields.get(root_field)
    if graphql_field is None or arg not in graphql_field.args:
        return None
    return get_named_type(graphql_field.args[arg].type).name


def input_names(schema: GraphQLSchema, obj: RecordObject) -> InputNames:
    """The input types the object's scaffolded operations use (so the package has them)."""

    def root(kind: str) -> str | None:
        operation = obj.operation(kind)
        return operation.root_field if operation else None

    return InputNames(
        (
            _arg_type(schema, root("find_many"), "filter", False),
            _arg_type(schema, root("find_many"), "orderBy", False),
            _arg_type(schema, root("create_one"), "data", True),
            _arg_type(schema, root("update_one"), "data", True),
        )
    )


def resource_attribute(obj: RecordObject) -> str:
    """``companies``, ``note_targets``; suffixed with ``_`` where it would shadow the client."""
    name = snake_case(obj.name_plural)
    if name in RESERVED_ATTRIBUTES or keyword.iskeyword(name):
        name += "_"
    return name


def render_workspace_module(schema: GraphQLSchema, objects: list[RecordObject]) -> str:
    """The binding module's text, objects in their (sorted) order."""
    fragments = sorted(obj.fragment for obj in objects)
    inputs = sorted({name for obj in objects for name in input_names(schema, obj) if name})
    out = [
        HEADER,
        '"""This workspace\'s ``TwentyClient``: every record object as a typed resource."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any",
        "",
        "from twenty_gql.client import BaseTwentyClient",
        "",
        "if TYPE_CHECKING:",
        "    from twenty_gql.resources import Resource",
        "",
        "    from .client import Client",
        "    from .fragments import (",
        *(f"        {name}," for name in fragments),
        "    )",
    ]
    if inputs:
        out += ["    from .input_types import (", *(f"        {name}," for name in inputs), "    )"]
    out += [
        "",
        '__all__ = ["TwentyClient"]',
        "",
        "",
        "class TwentyClient(BaseTwentyClient):",
        '    """``TwentyClient`` bound to this package: its objects are typed resources.',
        "",
        "    ``async with TwentyClient(url, api_key) as tw: await tw.companies.get(id)``",
        '    """',
        "",
        '    package_name = __name__.rpartition(".")[0]',
        "    _ = Any  # keeps the import used when every object has all its inputs",
        "",
        "    @property",
        "    def client(self) -> Client:",
        '        """The generated ``Client`` (every operation, hand-written ones too), on this',
        '        client\'s session and request path."""',
        "        generated: Client = self._generated_client()",
        "        return generated",
    ]
    for obj in objects:
        params = [obj.fragment, *(name or "Any" for name in input_names(schema, obj))]
        graphql_type = schema.get_type(obj.type_name)
        description = (
            graphql_type.description
            if isinstance(graphql_type, GraphQLObjectType) and graphql_type.description
            else f"{obj.type_name} records"
        )
        doc = " ".join(description.split()).replace('"""', "'''").replace("\\", "\\\\")
        out += [
            "",
            "    @property",
            f"    def {resource_attribute(obj)}(",
            "        self,",
            f"    ) -> Resource[{', '.join(params)}]:",
            f'        """{doc}"""',
            f'        return self.resource("{obj.name_singular}")',
        ]
    return "\n".join(out) + "\n"
