"""Helpers for /metadata tests: real HTTP calls to the emulator, Twenty's operation shapes."""

from __future__ import annotations

from typing import Any

from tests.emulator.http import post
from twenty_gql._naming import pascal_case
from twenty_gql.testing.runner import EmulatorServer

FIELD_SELECTION = (
    "id type name label description icon isActive isSystem isNullable isUnique defaultValue "
    "options settings objectMetadataId createdAt updatedAt"
)


async def md(
    server: EmulatorServer,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = "default",
) -> dict[str, Any]:
    """POST to /metadata; returns the whole body (data and errors)."""
    return await post(server, query, variables, token=token, path="/metadata")


async def md_data(
    server: EmulatorServer, query: str, variables: dict[str, Any] | None = None
) -> Any:
    body = await md(server, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


async def object_ids(server: EmulatorServer) -> dict[str, str]:
    """nameSingular -> object metadata id, paging with Twenty's maximum page."""
    result = await md_data(
        server, "{ objects(paging: {first: 1000}) { edges { node { id nameSingular } } } }"
    )
    return {e["node"]["nameSingular"]: e["node"]["id"] for e in result["objects"]["edges"]}


async def create_field(server: EmulatorServer, **field: Any) -> dict[str, Any]:
    """createOneField; returns the whole response body."""
    return await md(
        server,
        "mutation($input: CreateOneFieldMetadataInput!) {"
        f" createOneField(input: $input) {{ {FIELD_SELECTION} }} }}",
        {"input": {"field": field}},
    )


async def create_field_ok(server: EmulatorServer, **field: Any) -> dict[str, Any]:
    body = await create_field(server, **field)
    assert "errors" not in body, body["errors"]
    created: dict[str, Any] = body["data"]["createOneField"]
    return created


async def update_field(server: EmulatorServer, field_id: str, **update: Any) -> dict[str, Any]:
    return await md(
        server,
        "mutation($input: UpdateOneFieldMetadataInput!) {"
        f" updateOneField(input: $input) {{ {FIELD_SELECTION} }} }}",
        {"input": {"id": field_id, "update": update}},
    )


async def delete_field(server: EmulatorServer, field_id: str) -> dict[str, Any]:
    return await md(
        server,
        "mutation($input: DeleteOneFieldInput!) { deleteOneField(input: $input) { id name } }",
        {"input": {"id": field_id}},
    )


async def create_object(server: EmulatorServer, **obj: Any) -> dict[str, Any]:
    return await md(
        server,
        "mutation($input: CreateOneObjectInput!) { createOneObject(input: $input) {"
        " id nameSingular namePlural labelSingular labelPlural isActive"
        " labelIdentifierFieldMetadataId fieldsList { id name type isSystem } } }",
        {"input": {"object": obj}},
    )


def validation_messages(body: dict[str, Any]) -> list[str]:
    """Every message of a METADATA_VALIDATION_FAILED error, in order."""
    assert body.get("errors"), body
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "METADATA_VALIDATION_FAILED", extensions
    return [
        issue["message"]
        for failures in extensions["errors"].values()
        for failure in failures
        for issue in failure["errors"]
    ]


async def introspect_type(server: EmulatorServer, name: str) -> dict[str, Any] | None:
    """``__type(name)`` on /graphql with fields, input fields and enum values."""
    body = await post(
        server,
        "query($n: String!) { __type(name: $n) { name kind"
        " fields { name type { ...T } } inputFields { name type { ...T } }"
        " enumValues { name description } } }"
        " fragment T on __Type { kind name ofType { kind name ofType { kind name"
        " ofType { kind name } } } }",
        {"n": name},
    )
    assert "errors" not in body, body["errors"]
    found: dict[str, Any] | None = body["data"]["__type"]
    return found


def type_string(ref: dict[str, Any]) -> str:
    """``{kind: NON_NULL, ofType: {kind: LIST ...}}`` -> ``[X!]!``."""
    if ref["kind"] == "NON_NULL":
        return type_string(ref["ofType"]) + "!"
    if ref["kind"] == "LIST":
        return f"[{type_string(ref['ofType'])}]"
    return str(ref["name"])


def member_types(introspected: dict[str, Any] | None) -> dict[str, str]:
    """Field (or input field) name -> type string."""
    assert introspected is not None
    members = introspected.get("fields") or introspected.get("inputFields") or []
    return {m["name"]: type_string(m["type"]) for m in members}


async def add_field(
    server: EmulatorServer, object_name: str, name: str, field_type: str, **extra: Any
) -> dict[str, Any]:
    """How a user adds a custom field: by object name, the label made from the name."""
    object_id = (await object_ids(server))[object_name]
    return await create_field_ok(
        server,
        objectMetadataId=object_id,
        type=field_type,
        name=name,
        label=pascal_case(name),
        **extra,
    )


async def add_object(server: EmulatorServer, singular: str, plural: str) -> None:
    """``createOneObject``: Twenty adds id, name, position, createdBy, timestamps itself."""
    label = pascal_case(singular)
    body = await create_object(
        server,
        nameSingular=singular,
        namePlural=plural,
        labelSingular=label,
        labelPlural=label + "s",
    )
    assert "errors" not in body, body["errors"]
