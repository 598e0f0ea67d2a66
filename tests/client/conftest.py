"""Fixtures for client tests: a ``TwentyClient`` on the emulator, its executors, raw seeding."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from twenty_gql import TwentyClient
from twenty_gql._executor import Executor
from twenty_gql.testing.runner import EmulatorServer


@pytest.fixture
async def tw(twenty_server: EmulatorServer) -> AsyncIterator[TwentyClient]:
    """The standard-workspace client on a clean emulator workspace."""
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as client:
        yield client


@pytest.fixture
async def metadata_execute(tw: TwentyClient) -> Executor:
    """Sends documents to the emulator's ``/metadata`` through the client's request path."""
    return tw.execute_metadata


@pytest.fixture
async def graphql_execute(tw: TwentyClient) -> Executor:
    """Sends documents to the emulator's workspace ``/graphql`` through the request path."""
    return tw.execute


async def raw_post(
    server: EmulatorServer, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One POST with plain aiohttp (no client code under test), failing on GraphQL errors."""
    headers = {"Authorization": f"Bearer {server.api_key}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            server.graphql_url, json={"query": query, "variables": variables or {}}, headers=headers
        ) as response,
    ):
        body: dict[str, Any] = await response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]


async def seed_companies(server: EmulatorServer, count: int, prefix: str = "Co") -> list[str]:
    """``count`` companies named ``{prefix} 00000``…, created in batches of 200; their ids."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    query = "mutation($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id } }"
    for start in range(0, count, 200):
        rows = [
            {"id": ids[i], "name": f"{prefix} {i:05d}", "employees": i}
            for i in range(start, min(start + 200, count))
        ]
        await raw_post(server, query, {"data": rows})
    return ids
