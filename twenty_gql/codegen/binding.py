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
     "graphql_url", "metadata_url", "url", "transport", "package", "notes_api", "timeline"}
)  # fmt: skip

#: objects whose resource is a subclass of ``Resource`` (``twenty_gql.activities``), used only
#: when the package also has the object named second (notes need noteTarget to link records)
SPECIAL_RESOURCES = {
    "note": ("ActivityResource", "noteTarget"),
    "task": ("ActivityResource", "taskTarget"),
}
#: the object ``tw.timeline(record)`` lists
TIMELINE_OBJECT = "timelineActivity"


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


def _resource_classes(objects: list[RecordObject]) -> dict[str, str]:
    """Object name -> the class typing its resource (``Resource`` unless special)."""
    names = {obj.name_singular for obj in objects}
    classes = {}
    for obj in objects:
        special, needs = SPECIAL_RESOURCES.get(obj.name_singular, ("Resource", None))
        classes[obj.name_singular] = special if needs is None or needs in names else "Resource"
    return classes


def _timeline_method(objects: list[RecordObject]) -> list[str]:
    """``timeline(record)`` when the package has timeline activities."""
    fragment = next((o.fragment for o in objects if o.name_singular == TIMELINE_OBJECT), None)
    if fragment is None:
        return []
    return [
        "",
        "    def timeline(",
        "        self,",
        "        record: RecordRef,",
        "        *,",
        "        page_size: int | None = None,",
        "        limit: int | None = None,",
        "        timeout: float | None = None,",
        f"    ) -> AsyncIterator[{fragment}]:",
        '        """The record\'s timeline activities, newest first (``async for``)."""',
        "        from twenty_gql.activities import timeline_of",
        "",
        "        return timeline_of(",
        "            self, record, page_size=page_size, limit=limit, timeout=timeout",
        "        )",
    ]


def _return_resource(name: str, kind: str, params: list[str]) -> str:
    """A special class is what ``BaseTwentyClient.resource`` returns for that object name."""
    if kind == "Resource":
        return f'        return self.resource("{name}")'
    return f'        return cast("{kind}[{", ".join(params)}]", self.resource("{name}"))'


def render_workspace_module(schema: GraphQLSchema, objects: list[RecordObject]) -> str:
    """The binding module's text, objects in their (sorted) order."""
    fragments = sorted(obj.fragment for obj in objects)
    classes = _resource_classes(objects)
    timeline = _timeline_method(objects)
    specials = {name for name in classes.values() if name != "Resource"}
    activities = sorted(specials | ({"RecordRef"} if timeline else set()))
    inputs = sorted({name for obj in objects for name in input_names(schema, obj) if name})
    out = [
        HEADER,
        '"""This workspace\'s ``TwentyClient``: every record object as a typed resource."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, Any" + (", cast" if specials else ""),
        "",
        "from twenty_gql.client import BaseTwentyClient",
        "",
        "if TYPE_CHECKING:",
        *(["    from collections.abc import AsyncIterator", ""] if timeline else []),
        *([f"    from twenty_gql.activities import {', '.join(activities)}"] if activities else []),
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
        *timeline,
    ]
    for obj in objects:
        params = [obj.fragment, *(name or "Any" for name in input_names(schema, obj))]
        kind = classes[obj.name_singular]
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
            f"    ) -> {kind}[{', '.join(params)}]:",
            f'        """{doc}"""',
            _return_resource(obj.name_singular, kind, params),
        ]
    return "\n".join(out) + "\n"
