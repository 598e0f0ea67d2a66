"""pytest plugin: a Twenty-compatible server for your tests (auto-registered by the package).

    async def test_something(twenty_server):
        client = MyApp(url=twenty_server.graphql_url, api_key=twenty_server.api_key)

One server runs per test session (a loopback port, a background thread); every test that asks
for ``twenty_server`` starts from a clean workspace: no records, standard metadata.

Rate limiting and fault injection per test, with a marker (or at run time through
``twenty_server.services.set_rate_limit(...)`` / ``twenty_server.faults.configure(...)``)::

    @pytest.mark.twenty_server(rate_limit="5/60s", faults={"http_error_rate": 0.3, "seed": 7})
    async def test_retries(twenty_server): ...
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from twenty_gql.testing.runner import EmulatorServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "twenty_server(rate_limit=None, faults=None): configure the emulator for one test "
        '(rate_limit like "100/60s"; faults: FaultConfig fields as a dict)',
    )


@pytest.fixture(scope="session")
def twenty_server_session() -> Iterator[EmulatorServer]:
    """The session's emulator, shared; prefer ``twenty_server``, which also resets it."""
    server = EmulatorServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def twenty_server(
    twenty_server_session: EmulatorServer, request: pytest.FixtureRequest
) -> Iterator[EmulatorServer]:
    """A running emulator with a clean workspace (``.url``, ``.graphql_url``, ``.api_key``)."""
    twenty_server_session.reset()
    marker = request.node.get_closest_marker("twenty_server")
    if marker is not None:
        if marker.kwargs.get("rate_limit") is not None:
            twenty_server_session.services.set_rate_limit(marker.kwargs["rate_limit"])
        if marker.kwargs.get("faults"):
            twenty_server_session.faults.configure(**marker.kwargs["faults"])
    try:
        yield twenty_server_session
    finally:
        if marker is not None:
            twenty_server_session.services.reset()
