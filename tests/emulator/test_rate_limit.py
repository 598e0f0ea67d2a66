"""Rate limiting as Twenty does it (per-workspace token buckets, API-key traffic).

``ThrottlerService.tokenBucketThrottleOrThrow``: one token per root resolver, from the short
bucket then the long one; refill ``floor(elapsed * max / window)``; an empty bucket answers
HTTP 200 with ``BAD_USER_INPUT`` "Limit reached (<max> tokens per <window> ms)". Off unless
configured (``serve --rate-limit 100/60s``, the fixture marker).
"""

from __future__ import annotations

import aiohttp
import pytest

from tests.emulator.http import data, error_code, post
from tests.emulator.metadata_http import md_data
from tests.emulator.serve_process import serve_process
from twenty_gql.testing.rate_limit import (
    TWENTY_DEFAULT_BUCKETS,
    BucketSpec,
    RateLimiter,
    RateLimitExceededError,
    parse_rate_limit,
)
from twenty_gql.testing.runner import EmulatorServer


@pytest.mark.parametrize(
    ("spec", "buckets"),
    [
        ("100/60s", (BucketSpec(100, 60_000),)),
        ("100/1s,100/60s", TWENTY_DEFAULT_BUCKETS),
        ("5/500ms", (BucketSpec(5, 500),)),
        ("10/2m", (BucketSpec(10, 120_000),)),
        ("3/h", (BucketSpec(3, 3_600_000),)),
    ],
)
def test_parse_rate_limit_specs(spec: str, buckets: tuple[BucketSpec, ...]) -> None:
    assert parse_rate_limit(spec) == buckets


@pytest.mark.parametrize("spec", ["", "100", "100/", "x/60s", "100/60 parsecs", "0/1s"])
def test_bad_specs_say_what_is_expected(spec: str) -> None:
    with pytest.raises(ValueError, match=r"rate|bucket"):
        parse_rate_limit(spec)


def test_bucket_refills_like_twentys_throttler() -> None:
    """Continuous refill, floored; a consume restarts the refill clock (Twenty's quirk)."""
    now = [0]
    limiter = RateLimiter([BucketSpec(10, 1000)], clock_ms=lambda: now[0])
    for _ in range(10):
        limiter.consume("ws")
    with pytest.raises(RateLimitExceededError) as raised:
        limiter.consume("ws")
    assert raised.value.message == "Limit reached (10 tokens per 1000 ms)"
    assert raised.value.extensions == {
        "code": "BAD_USER_INPUT",
        "subCode": "LIMIT_REACHED",
        "userFriendlyMessage": "Rate limit reached. Please try again later.",
    }
    now[0] = 250  # 2.5 tokens refilled -> 2
    limiter.consume("ws")
    assert limiter.available("ws") == [1]
    now[0] = 349  # 99 ms since the last consume: floor(0.99) = 0 new tokens
    assert limiter.available("ws") == [1]
    limiter.consume("other-workspace")  # buckets are per workspace
    assert limiter.available("other-workspace") == [9]


def test_short_bucket_token_is_spent_when_the_long_one_refuses() -> None:
    """Short then long: the short bucket keeps its consumption when the long one is empty."""
    limiter = RateLimiter([BucketSpec(5, 1000), BucketSpec(2, 60_000)], clock_ms=lambda: 0)
    limiter.consume("ws")
    limiter.consume("ws")
    with pytest.raises(RateLimitExceededError, match="2 tokens per 60000 ms"):
        limiter.consume("ws")
    assert limiter.available("ws") == [2, 0]


@pytest.mark.twenty_server(rate_limit="3/60s")
async def test_http_limit_reached_is_bad_user_input_with_http_200(
    twenty_server: EmulatorServer,
) -> None:
    """One token per root resolver; the fourth root field is refused, the others answer."""
    await data(twenty_server, "{ companies { totalCount } people { totalCount } }")
    body = await post(twenty_server, "{ companies { totalCount } opportunities { totalCount } }")
    assert body["data"]["companies"] == {"totalCount": 0}
    assert body["data"].get("opportunities") is None
    assert len(body["errors"]) == 1 and body["errors"][0]["path"] == ["opportunities"]
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "Limit reached (3 tokens per 60000 ms)"
    # the metadata API is not throttled by this limiter
    await md_data(twenty_server, "{ webhooks { id } }")


async def test_rate_limit_is_off_by_default(twenty_server: EmulatorServer) -> None:
    """More than Twenty's 100 tokens in a burst: no limit unless asked for."""
    for _ in range(110):
        await data(twenty_server, "{ companies { totalCount } }")


async def test_rate_limit_can_be_turned_on_at_run_time(twenty_server: EmulatorServer) -> None:
    twenty_server.services.set_rate_limit("1/60s")
    await data(twenty_server, "{ companies { totalCount } }")
    assert error_code(await post(twenty_server, "{ companies { totalCount } }")) == (
        "BAD_USER_INPUT"
    )
    twenty_server.services.set_rate_limit(None)
    await data(twenty_server, "{ companies { totalCount } }")


async def test_cli_serve_rate_limit_flag() -> None:
    """``twenty-gql serve --rate-limit 2/60s``: the third root resolver is refused."""
    async with (
        serve_process("--api-key", "cli-key", "--rate-limit", "2/60s") as (url, _),
        aiohttp.ClientSession() as session,
    ):
        codes = []
        for _ in range(3):
            async with session.post(
                f"{url}/graphql",
                json={"query": "{ companies { totalCount } }"},
                headers={"Authorization": "Bearer cli-key"},
            ) as response:
                assert response.status == 200
                body = await response.json()
                codes.append(body["errors"][0]["extensions"]["code"] if "errors" in body else None)
    assert codes == [None, None, "BAD_USER_INPUT"]
