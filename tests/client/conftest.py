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


#: GraphQL type and plural of the objects the raw helpers write
_RAW_NAMES = {
    "company": ("Company", "Companies"),
    "person": ("Person", "People"),
    "workflow": ("Workflow", "Workflows"),
    "opportunity": ("Opportunity", "Opportunities"),
}


async def create_raw(server: EmulatorServer, object_name: str, rows: list[dict[str, Any]]) -> None:
    """``rows`` created as given (``company``, ``person``, ``opportunity`` or ``workflow``), in batches of
    200, by ``raw_post``."""
    type_name, plural = _RAW_NAMES[object_name]
    query = f"mutation($d: [{type_name}CreateInput!]!) {{ create{plural}(data: $d) {{ id }} }}"
    for start in range(0, len(rows), 200):
        await raw_post(server, query, {"d": rows[start : start + 200]})


async def destroy_raw(server: EmulatorServer, object_name: str, ids: list[str]) -> None:
    """The records with these ids destroyed (not soft-deleted), by ``raw_post``."""
    plural = _RAW_NAMES[object_name][1]
    query = f"mutation($ids: [UUID!]) {{ destroy{plural}(filter: {{id: {{in: $ids}}}}) {{ id }} }}"
    await raw_post(server, query, {"ids": ids})


async def seed_companies(server: EmulatorServer, count: int, prefix: str = "Co") -> list[str]:
    """``count`` companies named ``{prefix} 00000``…, created in batches of 200; their ids."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    rows = [{"id": ids[i], "name": f"{prefix} {i:05d}", "employees": i} for i in range(count)]
    await create_raw(server, "company", rows)
    return ids
