"""Turn type definitions into a graphql-core schema directly (no SDL parsing).

Scalars get graphql-core's identity coercion, as ``build_schema`` would give them; the server
installs Twenty's scalar behaviour and the resolvers afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import cast

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLNullableType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLType,
)

from twenty_gql.testing.schema.typedefs import TypeDef

_BUILTINS: dict[str, GraphQLNamedType] = {
    "String": GraphQLString,
    "Int": GraphQLInt,
    "Float": GraphQLFloat,
    "Boolean": GraphQLBoolean,
    "ID": GraphQLID,
}


class _Types:
    """Named types by name, and wrapped references (``[X!]!``) built once each."""

    def __init__(self) -> None:
        self.named: dict[str, GraphQLNamedType] = dict(_BUILTINS)
        self._refs: dict[str, GraphQLType] = {}

    def ref(self, text: str) -> GraphQLType:
        found = self._refs.get(text)
        if found is not None:
            return found
        made: GraphQLType
        if text.endswith("!"):
            made = GraphQLNonNull(cast(GraphQLNullableType, self.ref(text[:-1])))
        elif text.startswith("["):
            made = GraphQLList(self.ref(text[1:-1]))
        else:
            try:
                made = self.named[text]
            except KeyError:
                raise ValueError(f"unknown type {text!r} in the generated schema") from None
        self._refs[text] = made
        return made

    def output(self, text: str) -> GraphQLOutputType:
        return cast(GraphQLOutputType, self.ref(text))

    def input(self, text: str) -> GraphQLInputType:
        return cast(GraphQLInputType, self.ref(text))


def _output_fields(types: _Types, t: TypeDef) -> dict[str, GraphQLField]:
    return {
        f.name: GraphQLField(
            types.output(f.type),
            args={a: GraphQLArgument(types.input(at)) for a, at in f.args} if f.args else None,
            description=f.description,
        )
        for f in t.fields
    }


def _input_fields(types: _Types, t: TypeDef) -> dict[str, GraphQLInputField]:
    return {
        f.name: GraphQLInputField(types.input(f.type), description=f.description) for f in t.fields
    }


def materialize(definitions: Iterable[TypeDef]) -> GraphQLSchema:
    """A schema whose ``Query`` and ``Mutation`` are the definitions of those names."""
    types = _Types()
    for t in definitions:
        made: GraphQLNamedType
        if t.kind == "scalar":
            made = GraphQLScalarType(t.name, description=t.description)
        elif t.kind == "enum":
            made = GraphQLEnumType(
                t.name,
                {v: GraphQLEnumValue(v, description=d) for v, d in t.values},
                description=t.description,
            )
        elif t.kind == "input":
            made = GraphQLInputObjectType(
                t.name, partial(_input_fields, types, t), description=t.description
            )
        else:
            made = GraphQLObjectType(
                t.name, partial(_output_fields, types, t), description=t.description
            )
        types.named[t.name] = made
    query = types.named.get("Query")
    mutation = types.named.get("Mutation")
    assert isinstance(query, GraphQLObjectType)
    assert mutation is None or isinstance(mutation, GraphQLObjectType)
    named = [t for name, t in types.named.items() if name not in _BUILTINS]
    return GraphQLSchema(query=query, mutation=mutation, types=named)
