"""A minimal GraphQL-over-HTTP caller for emulator tests (real aiohttp on loopback)."""

from __future__ import annotations

from typing import Any

import aiohttp

from twenty_gql.testing.runner import EmulatorServer


async def post(
    server: EmulatorServer,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = "default",
    path: str = "/graphql",
) -> dict[str, Any]:
    """POST one operation; assert Twenty's transport contract (HTTP 200, JSON body)."""
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {server.api_key if token == 'default' else token}"
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            server.url + path, json={"query": query, "variables": variables or {}}, headers=headers
        ) as response,
    ):
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        return body


async def data(server: EmulatorServer, query: str, variables: dict[str, Any] | None = None) -> Any:
    """POST and return ``data``, failing the test on any GraphQL error."""
    body = await post(server, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code
