"""An object of a generated package, bound for the facade: its models, inputs and documents.

The generated package lists each record object in ``objects.OBJECTS`` (method names, input
type names, the ``operations/<object>.graphql`` file). This module turns an entry into what
``Resource`` needs, loading each piece on first use: importing a client costs nothing, and an
object nobody touches is never parsed.

Operations are sent with the package's own documents and their results validated straight
from the response bytes into the generated models (``Operation.parse``): one pass of
pydantic-core over the JSON instead of bytes -> dicts -> models.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from importlib import resources as importlib_resources
from types import ModuleType
from typing import Any, Generic, TypeVar

import pydantic

from . import errors
from .transport import PreparedOperation, Response, prepare

__all__ = ["ObjectBinding", "Operation", "PackageBinding", "snake_to_pascal"]

_T = TypeVar("_T")


def snake_to_pascal(snake: str) -> str:
    """``find_many_companies`` -> ``FindManyCompanies`` (a generated method -> its model)."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


class _Envelope(pydantic.BaseModel, Generic[_T]):
    """``{"data": ...}`` around an operation's result model, validated from bytes at once."""

    model_config = pydantic.ConfigDict(extra="ignore", defer_build=True)
    data: _T | None = None


class ResponseValidationError(errors.InvalidResponseError):
    """The server's answer does not fit the generated models: the package is stale
    (``twenty-gql codegen --check`` shows how) or the server broke its own schema."""


@dataclass(eq=False)
class Operation:
    """One generated operation: its prepared document and its result model's one field."""

    prepared: PreparedOperation
    result_model: type[pydantic.BaseModel]
    field: str

    @functools.cached_property
    def envelope(self) -> type[_Envelope[Any]]:
        return _Envelope[self.result_model]  # type: ignore[name-defined]

    def parse(self, response: Response) -> Any:
        """The root field's value as generated models, or the response's error raised."""
        if not response.may_have_errors:
            try:
                envelope = self.envelope.model_validate_json(response.content)
            except pydantic.ValidationError:
                pass  # fall through: the slow path names the error precisely
            else:
                if envelope.data is not None:
                    return getattr(envelope.data, self.field)
        data = response.raise_for_error()
        try:
            model = self.result_model.model_validate(data)
        except pydantic.ValidationError as exc:
            error = ResponseValidationError(
                response.status_code,
                f"{self.prepared.operation_name}: the response does not fit the generated "
                f"models ({exc.error_count()} problems, first: {_first_problem(exc)}); "
                "regenerate the package (twenty-gql codegen --check)",
            )
            error.operation, error.response = self.prepared.operation_name, response
            raise error from exc
        return getattr(model, self.field)


def _first_problem(exc: pydantic.ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', '')}"


class ObjectBinding:
    """One record object of a package: names, model classes and operations, loaded lazily."""

    def __init__(self, package: PackageBinding, entry: Any) -> None:
        self.package = package
        self.entry = entry
        self.name: str = entry.name_singular
        self.name_plural: str = entry.name_plural
        self.type_name: str = entry.type_name
        self._operations: dict[str, Operation] = {}
        self._definitions: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"ObjectBinding({self.name!r}, package={self.package.name!r})"

    @functools.cached_property
    def node_model(self) -> type[pydantic.BaseModel]:
        model: type[pydantic.BaseModel] = getattr(
            self.package.module("fragments"), self.entry.fragment
        )
        return model

    def input_model(self, kind: str) -> type[pydantic.BaseModel]:
        """``filter``, ``order_by``, ``create`` or ``update``: the generated input class."""
        name = getattr(self.entry, f"{kind}_input")
        if name is None:
            raise errors.InvalidInputError(f"{self.name} has no {kind} input in this workspace")
        model: type[pydantic.BaseModel] = getattr(self.package.module("input_types"), name)
        return model

    def has(self, kind: str) -> bool:
        return getattr(self.entry, kind, None) is not None

    def operation(self, kind: str) -> Operation:
        """``find_many``, ``create_one``, …: prepared once per object and kind."""
        cached = self._operations.get(kind)
        if cached is not None:
            return cached
        method = getattr(self.entry, kind, None)
        if method is None:
            raise errors.InvalidInputError(f"{self.name} has no {kind} operation in this workspace")
        result_model: type[pydantic.BaseModel] = getattr(
            self.package.module(method), snake_to_pascal(method)
        )
        operation = Operation(
            self._prepare(snake_to_pascal(method)),
            result_model,
            next(iter(result_model.model_fields)),
        )
        self._operations[kind] = operation
        return operation

    def ids_operation(self, kind: str) -> Operation:
        """``kind`` (``create_many``) with its root field selecting ``id`` alone: the same
        variables, a fraction of the server's work and of the response."""
        key = f"{kind}:ids"
        cached = self._operations.get(key)
        if cached is not None:
            return cached
        from graphql import (
            DocumentNode,
            FieldNode,
            NameNode,
            OperationDefinitionNode,
            SelectionSetNode,
            parse,
        )

        full = self.operation(kind)
        definition = next(
            d for d in full.prepared.document.definitions if isinstance(d, OperationDefinitionNode)
        )
        root = definition.selection_set.selections[0]
        assert isinstance(root, FieldNode)
        ids = parse("{ id }", no_location=True).definitions[0]
        assert isinstance(ids, OperationDefinitionNode)
        field_name = root.alias.value if root.alias else root.name.value
        slim_root = FieldNode(
            alias=root.alias,
            name=root.name,
            arguments=root.arguments,
            directives=root.directives,
            selection_set=ids.selection_set,
        )
        slim = OperationDefinitionNode(
            operation=definition.operation,
            name=NameNode(value=f"{definition.name.value if definition.name else kind}Ids"),
            variable_definitions=definition.variable_definitions,
            directives=definition.directives,
            selection_set=SelectionSetNode(selections=(slim_root,)),
        )
        result_model = _ids_result_model(field_name)
        operation = Operation(prepare(DocumentNode(definitions=(slim,))), result_model, field_name)
        self._operations[key] = operation
        return operation

    def _prepare(self, operation_name: str) -> PreparedOperation:
        """The named operation with the fragments it spreads, as a document of its own."""
        from graphql import DocumentNode, FragmentSpreadNode, visit
        from graphql.language import Visitor

        definitions = self._load_definitions()
        wanted: list[Any] = [definitions[operation_name]]
        seen: set[str] = set()

        class Spreads(Visitor):
            def __init__(self) -> None:
                super().__init__()
                self.names: list[str] = []

            def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
                self.names.append(node.name.value)

        queue = [definitions[operation_name]]
        while queue:
            spreads = Spreads()
            visit(queue.pop(), spreads)
            for name in spreads.names:
                if name not in seen:
                    seen.add(name)
                    wanted.append(definitions[name])
                    queue.append(definitions[name])
        return prepare(DocumentNode(definitions=tuple(wanted)))

    def _load_definitions(self) -> dict[str, Any]:
        if self._definitions is None:
            from graphql import ExecutableDefinitionNode, parse

            text = self.package.read_text(self.entry.document)
            document = parse(text, no_location=True)
            self._definitions = {
                definition.name.value: definition
                for definition in document.definitions
                if isinstance(definition, ExecutableDefinitionNode) and definition.name
            }
        return self._definitions


class PackageBinding:
    """A generated package (``twenty_gql.standard`` or a user's), its objects by name."""

    def __init__(self, name: str) -> None:
        self.name = name
        try:
            self._objects_module = importlib.import_module(f"{name}.objects")
        except ImportError as exc:
            raise errors.InvalidInputError(
                f"{name!r} is not a package generated by twenty-gql codegen "
                f"(no {name}.objects module): {exc}"
            ) from exc
        self.entries: dict[str, Any] = dict(self._objects_module.OBJECTS)
        self._by_any_name: dict[str, str] = {}
        for singular, entry in self.entries.items():
            for alias in (singular, entry.name_plural, entry.type_name):
                self._by_any_name.setdefault(alias, singular)
        self._bindings: dict[str, ObjectBinding] = {}

    def __repr__(self) -> str:
        return f"PackageBinding({self.name!r}, {len(self.entries)} objects)"

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.name}.{name}")

    def read_text(self, relative: str) -> str:
        return importlib_resources.files(self.name).joinpath(relative).read_text("utf-8")

    def object(self, name: str) -> ObjectBinding:
        """By singular, plural or type name (``company``, ``companies``, ``Company``)."""
        singular = self._by_any_name.get(name)
        if singular is None:
            known = ", ".join(sorted(self.entries)[:12])
            raise errors.InvalidInputError(
                f"no object {name!r} in {self.name} (known: {known}, …); after adding it in "
                "Twenty, regenerate the package with twenty-gql codegen"
            )
        binding = self._bindings.get(singular)
        if binding is None:
            binding = self._bindings[singular] = ObjectBinding(self, self.entries[singular])
        return binding


@functools.cache
def _ids_result_model(field_name: str) -> type[pydantic.BaseModel]:
    """``{<field_name>: [RecordRef]}``: the result of a root field selecting ``id`` alone."""
    from .bulk.results import RecordRef

    fields: dict[str, Any] = {field_name: (list[RecordRef] | None, None)}
    model: type[pydantic.BaseModel] = pydantic.create_model(f"Ids_{field_name}", **fields)
    return model


@functools.cache
def package_binding(name: str) -> PackageBinding:
    return PackageBinding(name)
