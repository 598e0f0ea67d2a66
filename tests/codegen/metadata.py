"""A few /metadata calls over HTTP: how a Twenty user adds custom fields and objects."""

from __future__ import annotations

from typing import Any

import aiohttp

from twenty_gql.testing.runner import EmulatorServer


async def metadata(server: EmulatorServer, query: str, variables: dict[str, Any]) -> Any:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            server.metadata_url,
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {server.api_key}"},
        ) as response,
    ):
        body = await response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


async def object_id(server: EmulatorServer, name_singular: str) -> str:
    data = await metadata(
        server, "{ objects(paging: {first: 1000}) { edges { node { id nameSingular } } } }", {}
    )
    (found,) = [
        e["node"]["id"]
        for e in data["objects"]["edges"]
        if e["node"]["nameSingular"] == name_singular
    ]
    return str(found)


async def create_field(
    server: EmulatorServer, object_name: str, name: str, field_type: str, **extra: Any
) -> None:
    """``createOneField(input: {field: {objectMetadataId, type, name, label}})``."""
    field = {
        "objectMetadataId": await object_id(server, object_name),
        "type": field_type,
        "name": name,
        "label": name[:1].upper() + name[1:],
        **extra,
    }
    await metadata(
        server,
        "mutation($i: CreateOneFieldMetadataInput!) { createOneField(input: $i) { id } }",
        {"i": {"field": field}},
    )


async def create_object(server: EmulatorServer, singular: str, plural: str) -> None:
    """``createOneObject``: Twenty adds id, name, position, createdBy, timestamps itself."""
    label = singular[:1].upper() + singular[1:]
    await metadata(
        server,
        "mutation($i: CreateOneObjectInput!) { createOneObject(input: $i) { id } }",
        {
            "i": {
                "object": {
                    "nameSingular": singular,
                    "namePlural": plural,
                    "labelSingular": label,
                    "labelPlural": label + "s",
                }
            }
        },
    )
