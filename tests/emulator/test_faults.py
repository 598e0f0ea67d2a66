"""Seeded fault injection, the failures a Twenty deployment behind a proxy shows.

A fraction of requests gets HTTP 502/503 with an HTML body, a TCP reset, added latency, or is
applied while its response is lost; the draws come from one seeded random source, so a run
replays exactly, and the config can change while the server runs.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.emulator.http import data
from twenty_gql.testing.faults import Fault, FaultConfig, FaultInjector
from twenty_gql.testing.runner import EmulatorServer


async def _raw(server: EmulatorServer, query: str) -> tuple[str, Any]:
    """One POST /graphql: ("status:<n>", body) or ("error:<exception>", None)."""
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                server.graphql_url,
                json={"query": query},
                headers={"Authorization": f"Bearer {server.api_key}"},
            ) as response,
        ):
            return f"status:{response.status}", await response.text()
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
        return f"error:{type(exc).__name__}", None


@pytest.mark.twenty_server(faults={"http_error_rate": 1.0, "seed": 3})
async def test_gateway_errors_have_a_non_json_body(twenty_server: EmulatorServer) -> None:
    """502/503 with an HTML page, as nginx in front of Twenty answers; /healthz is spared."""
    outcomes = [await _raw(twenty_server, "{ companies { totalCount } }") for _ in range(6)]
    statuses = {status for status, _ in outcomes}
    assert statuses <= {"status:502", "status:503"} and statuses
    assert all(body.lstrip().startswith("<html>") for _, body in outcomes)
    async with aiohttp.ClientSession() as session, session.get(twenty_server.url + "/healthz") as r:
        assert r.status == 200


@pytest.mark.twenty_server(faults={"connection_reset_rate": 1.0})
async def test_connection_reset_before_handling_applies_nothing(
    twenty_server: EmulatorServer,
) -> None:
    outcome, _ = await _raw(twenty_server, 'mutation { createCompany(data: {name: "X"}) { id } }')
    assert outcome.startswith("error:")
    twenty_server.faults.configure(connection_reset_rate=0.0)
    assert (await data(twenty_server, "{ companies { totalCount } }"))["companies"] == {
        "totalCount": 0
    }


@pytest.mark.twenty_server(faults={"response_lost_rate": 1.0})
async def test_applied_but_response_lost(twenty_server: EmulatorServer) -> None:
    """The write is committed; the client sees a dropped connection."""
    outcome, _ = await _raw(
        twenty_server, 'mutation { createCompany(data: {name: "Ghost write"}) { id } }'
    )
    assert outcome.startswith("error:")
    twenty_server.faults.configure(response_lost_rate=0.0)
    found = await data(twenty_server, "{ companies { edges { node { name } } } }")
    assert [e["node"]["name"] for e in found["companies"]["edges"]] == ["Ghost write"]


async def test_latency_is_added_and_recorded(twenty_server: EmulatorServer) -> None:
    twenty_server.faults.configure(latency_ms=30, latency_jitter_ms=20, seed=11)
    await data(twenty_server, "{ companies { totalCount } }")
    (decision,) = twenty_server.faults.history
    assert decision.fault is Fault.NONE and 30 <= decision.delay_ms <= 50


async def test_same_seed_replays_the_same_outcomes(twenty_server: EmulatorServer) -> None:
    """A failing resilience test replays: same seed, same request order, same faults."""
    config = {
        "http_error_rate": 0.25,
        "connection_reset_rate": 0.25,
        "response_lost_rate": 0.2,
    }
    runs = []
    for _ in range(2):
        twenty_server.faults.configure(**config, seed=1234)
        runs.append(
            [(await _raw(twenty_server, "{ companies { totalCount } }"))[0] for _ in range(20)]
        )
    assert runs[0] == runs[1]
    assert len(set(runs[0])) >= 3  # a mix of successes, gateway errors and resets
    twenty_server.faults.configure(seed=99)
    other = [(await _raw(twenty_server, "{ companies { totalCount } }"))[0] for _ in range(20)]
    assert other != runs[0]


def test_decisions_follow_the_configured_fractions() -> None:
    """Over many draws the fractions hold; the sum of rates may not exceed 1."""
    injector = FaultInjector(FaultConfig(seed=5, http_error_rate=0.1, response_lost_rate=0.3))
    faults = [injector.decide("/graphql").fault for _ in range(5000)]
    assert abs(faults.count(Fault.HTTP_ERROR) / 5000 - 0.1) < 0.02
    assert abs(faults.count(Fault.RESPONSE_LOST) / 5000 - 0.3) < 0.03
    assert Fault.CONNECTION_RESET not in faults
    with pytest.raises(ValueError, match="add up to more than 1"):
        FaultConfig(http_error_rate=0.6, connection_reset_rate=0.6)
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultConfig(response_lost_rate=1.5)
