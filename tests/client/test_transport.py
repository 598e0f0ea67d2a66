"""The one request path over HTTP: retries, pacing, timeouts, cancellation, logging, secrets."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

import twenty_gql
from twenty_gql import TwentyClient, errors
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.transport import PREPARED_CACHE, _PreparedCache, prepare

from .conftest import seed_companies

FAULTS = {
    "seed": 11,
    "http_error_rate": 0.04,
    "connection_reset_rate": 0.03,
    "response_lost_rate": 0.03,
    "latency_ms": 2,
    "latency_jitter_ms": 8,
}


async def test_iteration_under_faults_returns_every_record_exactly_once(
    twenty_server: EmulatorServer,
) -> None:
    """10 % of requests fail (502/503, resets before and after handling) plus latency."""
    ids = await seed_companies(twenty_server, 2000)
    twenty_server.faults.configure(**FAULTS)
    async with TwentyClient(twenty_server.url, twenty_server.api_key, max_retries=8) as tw:
        seen = [str(c.id) async for c in tw.companies.iterate(page_size=50)]
    failed = [d for d in twenty_server.faults.history if d.fault != "none"]
    assert failed, "the fault injector did not fire"
    assert len(seen) == 2000 and sorted(seen) == sorted(ids)


async def test_creates_under_lost_responses_make_no_duplicates(
    twenty_server: EmulatorServer,
) -> None:
    """A create's UUID is assigned by the client, so a retry after a lost response is safe."""
    twenty_server.faults.configure(seed=5, response_lost_rate=0.3, connection_reset_rate=0.1)
    async with TwentyClient(twenty_server.url, twenty_server.api_key, max_retries=10) as tw:
        created = [await tw.companies.create({"name": f"C{i}"}) for i in range(25)]
        lost = [d for d in twenty_server.faults.history if d.fault == "response_lost"]
        twenty_server.faults.reset()
        names = sorted([c.name or "" async for c in tw.companies.iterate()])
    assert lost, "no response was lost"
    assert len({c.id for c in created}) == 25
    assert names == sorted(f"C{i}" for i in range(25))


async def test_a_create_without_an_id_is_not_repeated_after_an_ambiguous_failure(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    twenty_server.faults.configure(response_lost_rate=1.0)
    with pytest.raises(errors.APIConnectionError) as caught:
        await tw.execute('mutation Make { createCompany(data: {name: "Once"}) { id } }')
    assert caught.value.operation == "Make"
    assert len(twenty_server.faults.history) == 1  # sent once, never repeated
    twenty_server.faults.reset()
    assert await tw.companies.count() == 1  # applied once, as the server saw it


async def test_a_write_by_id_is_repeated_after_an_ambiguous_failure(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    company = await tw.companies.create({"name": "Acme"})
    twenty_server.faults.configure(seed=3, response_lost_rate=0.6)
    updated = await tw.companies.update(company.id, {"employees": 9})
    assert updated.employees == 9
    assert len(twenty_server.faults.history) >= 2


@pytest.mark.twenty_server(rate_limit="10/1s")
async def test_a_throttled_workspace_is_paced_not_failed(twenty_server: EmulatorServer) -> None:
    await seed_companies(twenty_server, 600)  # uses the bucket too
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
        seen = [c.id async for c in tw.companies.iterate(page_size=20)]
        assert tw.policy.rate_limiter is not None
        learned = tw.policy.rate_limiter.buckets
    assert len(set(seen)) == 600
    assert learned == [(10, 1.0)]


async def test_a_configured_rate_limit_paces_every_task(twenty_server: EmulatorServer) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key, rate_limit=(5, 0.5)) as tw:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.gather(*(tw.companies.count() for _ in range(10)))
        assert loop.time() - started >= 0.45  # 5 at once, then 5 more over 0.5 s


async def test_timeouts_per_client_and_per_call(twenty_server: EmulatorServer) -> None:
    twenty_server.faults.configure(latency_ms=400)
    async with TwentyClient(
        twenty_server.url, twenty_server.api_key, timeout=0.1, max_retries=0
    ) as tw:
        with pytest.raises(errors.APITimeoutError):
            await tw.companies.count()
        assert await tw.companies.count(timeout=5) == 0


async def test_a_cancelled_call_leaves_no_connection_behind(twenty_server: EmulatorServer) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
        twenty_server.faults.configure(latency_ms=2000)
        call = asyncio.create_task(tw.companies.count())
        await asyncio.sleep(0.2)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        session = await tw._get_session()
        assert session.connector is not None
        await asyncio.sleep(0)
        assert len(session.connector._acquired) == 0  # type: ignore[attr-defined]
        twenty_server.faults.reset()
        assert await tw.companies.count() == 0


async def test_one_debug_line_per_attempt_and_never_the_key(
    twenty_server: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twenty_gql")
    twenty_server.faults.configure(http_error_rate=1.0, http_error_statuses=(503,))
    async with TwentyClient(twenty_server.url, twenty_server.api_key, max_retries=1) as tw:
        with pytest.raises(errors.HTTPStatusError) as caught:
            await tw.companies.count()
    lines = [r.getMessage() for r in caplog.records if r.name == "twenty_gql"]
    assert lines[0].startswith("FindManyCompanies attempt=1 ") and "(retrying)" in lines[0]
    assert lines[1].startswith("FindManyCompanies attempt=2 ") and "HTTPStatusError" in lines[1]
    assert len(lines) == 2
    text = " ".join(lines) + str(caught.value) + repr(caught.value)
    assert twenty_server.api_key not in text
    assert caught.value.response is not None
    assert caught.value.response.headers["CONTENT-TYPE"].startswith("text/html")


async def test_the_key_never_appears_in_reprs_or_errors(twenty_server: EmulatorServer) -> None:
    secret = "sk-" + uuid.uuid4().hex
    async with TwentyClient(twenty_server.url, secret) as tw:
        with pytest.raises(errors.AuthenticationError) as caught:
            await tw.companies.count()
        for text in (repr(tw), repr(tw._graphql), str(caught.value), repr(caught.value)):
            assert secret not in text


def test_the_prepared_document_cache_is_bounded() -> None:
    cache = _PreparedCache(maxsize=3)
    for i in range(10):
        cache.put(f"q{i}", prepare(f"query Q{i} {{ companies {{ totalCount }} }}"))
    assert len(cache) == 3 and cache.get("q0") is None and cache.get("q9") is not None
    assert PREPARED_CACHE.maxsize >= 256


def test_no_public_name_shadows_a_builtin() -> None:
    import builtins

    assert not set(twenty_gql.__all__) & set(dir(builtins))
    namespace: dict[str, object] = {}
    exec("from twenty_gql import *", namespace)
    assert namespace["TwentyClient"] is TwentyClient
