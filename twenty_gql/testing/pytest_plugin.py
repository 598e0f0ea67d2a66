"""pytest plugin: a Twenty-compatible server for your tests (auto-registered by the package).

    async def test_something(twenty_server):
        client = MyApp(url=twenty_server.graphql_url, api_key=twenty_server.api_key)

One server runs per test session (a loopback port, a background thread); every test that asks
for ``twenty_server`` starts from a clean workspace: no records, standard metadata.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from twenty_gql.testing.runner import EmulatorServer


@pytest.fixture(scope="session")
def twenty_server_session() -> Iterator[EmulatorServer]:
    """The session's emulator, shared; prefer ``twenty_server``, which also resets it."""
    server = EmulatorServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def twenty_server(twenty_server_session: EmulatorServer) -> Iterator[EmulatorServer]:
    """A running emulator with a clean workspace (``.url``, ``.graphql_url``, ``.api_key``)."""
    twenty_server_session.reset()
    yield twenty_server_session
