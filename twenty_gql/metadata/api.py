"""``MetadataAPI``: objects and fields of a workspace over Twenty's ``/metadata`` endpoint.

Reads page through nestjs-query connections (``objects(paging: {first, after})``; no
``totalCount``, default page 10, at most 1000 per page: ``@QueryOptions`` on
``ObjectMetadataDTO`` in twentyhq/twenty), so a workspace with many objects is complete.
Fields come from ``Object.fieldsList``, which is not paged. Twenty's ``ObjectFilter`` has no
name filter, so ``get_object`` reads every object and picks one by name.

Operations are named ``TwentyGql…``: Twenty caches whole responses of operations named
``ObjectMetadataItems`` (``metadata-graphql-operations-to-cache.constant.ts``), which could
serve a stale answer right after a change.

Writes take object and field *names* (what people script with) and resolve ids themselves.
Twenty's refusals become ``MetadataValidationError`` naming the field or object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from twenty_gql.errors import InvalidInputError

from .. import errors
from .._executor import Executor
from .errors import (
    METADATA_VALIDATION_FAILED,
    FieldNotFoundError,
    MetadataValidationError,
    ObjectNotFoundError,
)
from .models import ENUM_TYPES, FieldInfo, FieldOption, FieldType, ObjectInfo, default_to_api

if TYPE_CHECKING:
    from graphql import GraphQLSchema

__all__ = ["MAX_PAGE_SIZE", "NOT_GIVEN", "MetadataAPI"]

#: nestjs-query ``maxResultsSize`` of Twenty's metadata connections
MAX_PAGE_SIZE: Final = 1000


class _NotGiven:
    """Marks an argument left out (``None`` is a value: "no default")."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = _NotGiven()

_FIELD = (
    "id name label type objectMetadataId description icon isActive isSystem isNullable "
    "isUnique defaultValue options settings "
    "relation { type targetObjectMetadata { nameSingular } targetFieldMetadata { name } }"
)
_OBJECT = (
    "id nameSingular namePlural labelSingular labelPlural description icon isActive isSystem "
    "isRemote labelIdentifierFieldMetadataId"
)
_LIST_OBJECTS = f"""
query TwentyGqlObjects($paging: CursorPaging!) {{
  objects(paging: $paging) {{
    pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {_OBJECT} fieldsList {{ {_FIELD} }} }} }}
  }}
}}"""
_GET_OBJECT = f"""
query TwentyGqlObject($id: UUID!) {{ object(id: $id) {{ {_OBJECT} fieldsList {{ {_FIELD} }} }} }}
"""
_CREATE_FIELD = f"""
mutation TwentyGqlCreateField($input: CreateOneFieldMetadataInput!) {{
  createOneField(input: $input) {{ {_FIELD} }}
}}"""
_UPDATE_FIELD = f"""
mutation TwentyGqlUpdateField($input: UpdateOneFieldMetadataInput!) {{
  updateOneField(input: $input) {{ {_FIELD} }}
}}"""
_DELETE_FIELD = f"""
mutation TwentyGqlDeleteField($input: DeleteOneFieldInput!) {{
  deleteOneField(input: $input) {{ {_FIELD} }}
}}"""
_CREATE_OBJECT = f"""
mutation TwentyGqlCreateObject($input: CreateOneObjectInput!) {{
  createOneObject(input: $input) {{ {_OBJECT} fieldsList {{ {_FIELD} }} }}
}}"""
_UPDATE_OBJECT = f"""
mutation TwentyGqlUpdateObject($input: UpdateOneObjectInput!) {{
  updateOneObject(input: $input) {{ {_OBJECT} fieldsList {{ {_FIELD} }} }}
}}"""
_DELETE_OBJECT = f"""
mutation TwentyGqlDeleteObject($input: DeleteOneObjectInput!) {{
  deleteOneObject(input: $input) {{ {_OBJECT} }}
}}"""

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _label_from_name(name: str) -> str:
    """``accountTier`` -> ``Account tier`` (Twenty derives names from labels the other way)."""
    words = _WORD_BOUNDARY.sub(" ", name).lower()
    return words[:1].upper() + words[1:]


def _options_to_api(
    options: Sequence[FieldOption | str], existing: Sequence[FieldOption] = ()
) -> list[dict[str, Any]]:
    """Option JSON for Twenty; an option whose value already exists keeps its id."""
    ids = {o.value: o.id for o in existing if o.id}
    out = []
    for index, option in enumerate(options):
        if isinstance(option, str):
            option = FieldOption(option)
        elif not isinstance(option, FieldOption):
            raise InvalidInputError(
                f"options[{index}] must be a FieldOption or a str, not {type(option).__name__}"
            )
        raw = option.to_api(index)
        if "id" not in raw and option.value in ids:
            raw["id"] = ids[option.value]
        out.append(raw)
    return out


class MetadataAPI:
    """Objects and fields of one workspace (``tw.metadata``).

    ``execute`` sends documents to ``/metadata``; ``graphql``, to the workspace's ``/graphql``,
    is only needed by ``wait_for``.
    """

    def __init__(
        self,
        execute: Executor,
        *,
        graphql: Executor | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidInputError(
                f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {page_size}"
            )
        self._execute = execute
        self._graphql = graphql
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"MetadataAPI(page_size={self.page_size})"

    # -- reads -----------------------------------------------------------------------------
    async def objects(self) -> list[ObjectInfo]:
        """Every object of the workspace (standard, custom, system, inactive) with its fields."""
        found: list[ObjectInfo] = []
        after: str | None = None
        while True:
            paging: dict[str, Any] = {"first": self.page_size}
            if after is not None:
                paging["after"] = after
            data = await self._execute(_LIST_OBJECTS, {"paging": paging})
            connection = data["objects"]
            found += [ObjectInfo.from_api(edge["node"]) for edge in connection["edges"]]
            page = connection["pageInfo"]
            cursor = page.get("endCursor")
            if not page.get("hasNextPage") or not connection["edges"]:
                return found
            if cursor is None or cursor == after:
                raise errors.InvalidResponseError(
                    200, f"objects: hasNextPage without a new endCursor (after {after!r})"
                )
            after = cursor

    async def get_object(self, name: str) -> ObjectInfo:
        """The object whose ``nameSingular`` (or ``namePlural``) is ``name``."""
        objects = await self.objects()
        for obj in objects:
            if name in (obj.name_singular, obj.name_plural):
                return obj
        raise ObjectNotFoundError(name, [o.name_singular for o in objects])

    async def fields(self, object_name: str) -> list[FieldInfo]:
        """The fields of one object, in Twenty's order."""
        return list((await self.get_object(object_name)).fields)

    async def get_field(self, object_name: str, field_name: str) -> FieldInfo:
        obj = await self.get_object(object_name)
        return _field_of(obj, field_name)

    async def options(self, object_name: str, field_name: str) -> list[FieldOption]:
        """The choices of a SELECT / MULTI_SELECT / RATING field, by position."""
        fld = await self.get_field(object_name, field_name)
        if fld.type not in ENUM_TYPES:
            raise InvalidInputError(
                f"{object_name}.{field_name} is a {fld.type} field; only SELECT, MULTI_SELECT "
                "and RATING fields have options"
            )
        return list(fld.options)

    # -- fields ----------------------------------------------------------------------------
    async def create_field(
        self,
        object_name: str,
        name: str,
        type: FieldType | str,
        *,
        label: str | None = None,
        description: str | None = None,
        icon: str | None = None,
        options: Sequence[FieldOption | str] | None = None,
        default: Any = NOT_GIVEN,
        nullable: bool | None = None,
        unique: bool | None = None,
        settings: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> FieldInfo:
        """Add a custom field; ``default`` is a plain value (``"GOLD"``, ``["A", "B"]``, 0).

        ``extra`` passes further ``CreateFieldInput`` keys as is (``relationCreationPayload``...).
        """
        field_type = _field_type(type)
        obj = await self.get_object(object_name)
        raw: dict[str, Any] = {
            "objectMetadataId": obj.id,
            "type": field_type.value,
            "name": name,
            "label": label if label is not None else _label_from_name(name),
        }
        if description is not None:
            raw["description"] = description
        if icon is not None:
            raw["icon"] = icon
        if options is not None:
            raw["options"] = _options_to_api(options)
        if default is not NOT_GIVEN:
            raw["defaultValue"] = default_to_api(field_type, default)
        if nullable is not None:
            raw["isNullable"] = nullable
        if unique is not None:
            raw["isUnique"] = unique
        if settings is not None:
            raw["settings"] = dict(settings)
        raw.update(extra or {})
        data = await self._mutate(
            _CREATE_FIELD,
            {"input": {"field": raw}},
            action="create",
            object_name=obj.name_singular,
            field_name=name,
        )
        return FieldInfo.from_api(data["createOneField"])

    async def update_field(
        self,
        object_name: str,
        field_name: str,
        *,
        name: str | None = None,
        label: str | None = None,
        description: str | None = None,
        icon: str | None = None,
        options: Sequence[FieldOption | str] | None = None,
        default: Any = NOT_GIVEN,
        nullable: bool | None = None,
        is_active: bool | None = None,
    ) -> FieldInfo:
        """Change a field; arguments left out stay as they are (``default=None`` clears it).

        New options whose value already exists keep that option's id, so Twenty treats them
        as the same choice and records keep their value.
        """
        obj = await self.get_object(object_name)
        fld = _field_of(obj, field_name)
        update: dict[str, Any] = {}
        for key, value in (
            ("name", name),
            ("label", label),
            ("description", description),
            ("icon", icon),
            ("isNullable", nullable),
            ("isActive", is_active),
        ):
            if value is not None:
                update[key] = value
        if options is not None:
            update["options"] = _options_to_api(options, fld.options)
        if default is not NOT_GIVEN:
            update["defaultValue"] = default_to_api(fld.type, default)
        if not update:
            raise InvalidInputError(f"update_field({object_name}.{field_name}): nothing to change")
        data = await self._mutate(
            _UPDATE_FIELD,
            {"input": {"id": fld.id, "update": update}},
            action="update",
            object_name=obj.name_singular,
            field_name=field_name,
        )
        return FieldInfo.from_api(data["updateOneField"])

    async def deactivate_field(self, object_name: str, field_name: str) -> FieldInfo:
        """Hide a field from the API (its data stays); Twenty deletes only inactive fields."""
        return await self.update_field(object_name, field_name, is_active=False)

    async def activate_field(self, object_name: str, field_name: str) -> FieldInfo:
        return await self.update_field(object_name, field_name, is_active=True)

    async def delete_field(
        self, object_name: str, field_name: str, *, deactivate: bool = False
    ) -> FieldInfo:
        """Delete a custom field and its data. Twenty refuses active fields: deactivate first,
        or pass ``deactivate=True``."""
        obj = await self.get_object(object_name)
        fld = _field_of(obj, field_name)
        if deactivate and fld.is_active:
            await self.deactivate_field(object_name, field_name)
        data = await self._mutate(
            _DELETE_FIELD,
            {"input": {"id": fld.id}},
            action="delete",
            object_name=obj.name_singular,
            field_name=field_name,
        )
        return FieldInfo.from_api(data["deleteOneField"])

    # -- objects ---------------------------------------------------------------------------
    async def create_object(
        self,
        name_singular: str,
        name_plural: str,
        *,
        label_singular: str | None = None,
        label_plural: str | None = None,
        description: str | None = None,
        icon: str | None = None,
    ) -> ObjectInfo:
        """Add a custom object (Twenty adds its default fields and relations)."""
        raw: dict[str, Any] = {
            "nameSingular": name_singular,
            "namePlural": name_plural,
            "labelSingular": label_singular or _label_from_name(name_singular),
            "labelPlural": label_plural or _label_from_name(name_plural),
        }
        if description is not None:
            raw["description"] = description
        if icon is not None:
            raw["icon"] = icon
        data = await self._mutate(
            _CREATE_OBJECT,
            {"input": {"object": raw}},
            action="create",
            object_name=name_singular,
        )
        return ObjectInfo.from_api(data["createOneObject"])

    async def update_object(
        self,
        name: str,
        *,
        name_singular: str | None = None,
        name_plural: str | None = None,
        label_singular: str | None = None,
        label_plural: str | None = None,
        description: str | None = None,
        icon: str | None = None,
        is_active: bool | None = None,
    ) -> ObjectInfo:
        obj = await self.get_object(name)
        update = {
            key: value
            for key, value in (
                ("nameSingular", name_singular),
                ("namePlural", name_plural),
                ("labelSingular", label_singular),
                ("labelPlural", label_plural),
                ("description", description),
                ("icon", icon),
                ("isActive", is_active),
            )
            if value is not None
        }
        if not update:
            raise InvalidInputError(f"update_object({name}): nothing to change")
        data = await self._mutate(
            _UPDATE_OBJECT,
            {"input": {"id": obj.id, "update": update}},
            action="update",
            object_name=obj.name_singular,
        )
        return ObjectInfo.from_api(data["updateOneObject"])

    async def delete_object(self, name: str) -> ObjectInfo:
        """Delete a custom object, its records and the relations pointing at it."""
        obj = await self.get_object(name)
        data = await self._mutate(
            _DELETE_OBJECT, {"input": {"id": obj.id}}, action="delete", object_name=name
        )
        return ObjectInfo.from_api(data["deleteOneObject"])

    # -- schema ----------------------------------------------------------------------------
    async def wait_for(self, *specs: str, timeout: float = 60.0, interval: float = 0.25) -> None:
        """Wait until the workspace ``/graphql`` schema serves ``object.field`` (``company.tier``;
        ``invoice.*`` for a whole object), by introspection: the rule of ``codegen --wait-for``.

        Raises ``FieldWaitTimeout`` naming what is still missing after ``timeout`` seconds.
        """
        if not specs:
            raise InvalidInputError(
                'wait_for needs at least one "object.field", e.g. "company.tier"'
            )
        graphql = self._graphql
        if graphql is None:
            raise RuntimeError(
                "wait_for introspects /graphql: build MetadataAPI with graphql=<executor>"
            )

        # graphql-core loads on first use, as in the transport: importing the client stays fast
        from ..codegen.introspect import (
            INTROSPECTION_WITHOUT_DESCRIPTIONS,
            poll_fields,
            schema_from_introspection,
        )

        async def fetch() -> GraphQLSchema:
            return schema_from_introspection(await graphql(INTROSPECTION_WITHOUT_DESCRIPTIONS))

        await poll_fields(fetch, specs, timeout=timeout, interval=interval)

    # -- plumbing --------------------------------------------------------------------------
    async def _mutate(
        self,
        document: str,
        variables: Mapping[str, Any],
        *,
        action: str,
        object_name: str | None = None,
        field_name: str | None = None,
    ) -> dict[str, Any]:
        try:
            return await self._execute(document, variables)
        except errors.GraphQLError as exc:
            if exc.code in (METADATA_VALIDATION_FAILED, "BAD_USER_INPUT") and not isinstance(
                exc, errors.RateLimitError
            ):
                raise MetadataValidationError.from_error(
                    exc, field_name=field_name, object_name=object_name, action=action
                ) from exc
            raise


def _field_type(value: FieldType | str) -> FieldType:
    try:
        return FieldType(value)
    except ValueError:
        raise InvalidInputError(
            f"unknown field type {value!r}; expected one of {', '.join(FieldType)}"
        ) from None


def _field_of(obj: ObjectInfo, field_name: str) -> FieldInfo:
    fld = obj.field(field_name)
    if fld is None:
        raise FieldNotFoundError(obj.name_singular, field_name, obj.field_names)
    return fld
