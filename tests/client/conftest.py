"""Executors for the client-side API tests, over real loopback HTTP to the emulator.

The one place that turns today's ``Transport`` into an ``Executor``; the facade's
``TwentyClient(...).metadata`` / ``.graphql`` executors replace it at merge time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from twenty_gql._executor import Executor
from twenty_gql._transport import Transport, prepare
from twenty_gql.testing.runner import EmulatorServer


async def _executor(url: str, api_key: str) -> AsyncIterator[Executor]:
    async with Transport.with_api_key(url, api_key) as transport:

        async def execute(
            document: str, variables: Mapping[str, Any] | None = None
        ) -> dict[str, Any]:
            response = await transport.send(prepare(document), variables)
            return response.raise_for_error()

        yield execute


@pytest.fixture
async def metadata_execute(twenty_server: EmulatorServer) -> AsyncIterator[Executor]:
    """Sends documents to the emulator's ``/metadata``."""
    async for execute in _executor(twenty_server.url + "/metadata", twenty_server.api_key):
        yield execute


@pytest.fixture
async def graphql_execute(twenty_server: EmulatorServer) -> AsyncIterator[Executor]:
    """Sends documents to the emulator's workspace ``/graphql``."""
    async for execute in _executor(twenty_server.graphql_url, twenty_server.api_key):
        yield execute
