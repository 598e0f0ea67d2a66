"""``TwentyClient``: configuration, endpoints, one session, options per call."""

from __future__ import annotations

import pytest

from twenty_gql import TwentyClient, errors
from twenty_gql.testing.runner import EmulatorServer


async def test_from_env_and_missing_configuration(
    twenty_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TWENTY_API_URL", raising=False)
    monkeypatch.delenv("TWENTY_API_KEY", raising=False)
    with pytest.raises(errors.InvalidInputError, match=r"\$TWENTY_API_URL and \$TWENTY_API_KEY"):
        TwentyClient.from_env()
    with pytest.raises(errors.InvalidInputError, match="TWENTY_API_URL"):
        TwentyClient()
    monkeypatch.setenv("TWENTY_API_URL", twenty_server.graphql_url)
    monkeypatch.setenv("TWENTY_API_KEY", twenty_server.api_key)
    async with TwentyClient.from_env() as tw:
        assert await tw.companies.count() == 0
    assert TwentyClient().graphql_url == twenty_server.graphql_url


async def test_one_session_for_both_endpoints(twenty_server: EmulatorServer) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
        await tw.companies.count()
        data = await tw.execute_metadata(
            "{ objects(paging: {first: 1}) { edges { node { id } } } }"
        )
        assert data["objects"]["edges"]
        assert tw._graphql.session is tw._metadata.session is not None
    assert tw._graphql.session is None or tw._graphql.session.closed


async def test_a_wrong_url_says_where_to_point(twenty_server: EmulatorServer) -> None:
    async with TwentyClient(twenty_server.url + "/api/v1", twenty_server.api_key) as tw:
        with pytest.raises(errors.HTTPStatusError, match=r"server root.*or its /graphql"):
            await tw.companies.count()


async def test_with_options_changes_limits_for_some_calls_only(
    twenty_server: EmulatorServer,
) -> None:
    async with TwentyClient(twenty_server.url, twenty_server.api_key, max_retries=5) as tw:
        strict = tw.with_options(max_retries=0, timeout=5)
        assert strict.policy.retry.max_retries == 0 and strict.policy.timeout == 5
        assert strict.policy.rate_limiter is tw.policy.rate_limiter
        twenty_server.faults.configure(http_error_rate=1.0, http_error_statuses=(503,))
        with pytest.raises(errors.HTTPStatusError):
            await strict.companies.count()
        assert len(twenty_server.faults.history) == 1  # no retry
        twenty_server.faults.configure(seed=1, http_error_rate=0.5)
        assert await tw.companies.count() == 0  # the client itself still retries
        await strict.close()  # a copy never closes the shared session
        twenty_server.faults.reset()
        assert await tw.companies.count() == 0
