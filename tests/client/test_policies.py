"""Retry and rate-limit decisions as pure functions: one table row per case."""

from __future__ import annotations

import asyncio

import pytest

from twenty_gql import errors
from twenty_gql._policies import (
    RateLimiter,
    RetryPolicy,
    backoff_delay,
    is_transient,
    may_have_been_applied,
    should_retry,
)


def _graphql(cls: type[errors.GraphQLError], message: str, code: str) -> errors.GraphQLError:
    return cls([{"message": message, "extensions": {"code": code}}])


THROTTLED = _graphql(
    errors.RateLimitError, "Limit reached (30 tokens per 3000 ms)", "BAD_USER_INPUT"
)
DUPLICATE = _graphql(
    errors.DuplicateRecordError, "A duplicate entry was detected", "BAD_USER_INPUT"
)
INVALID = _graphql(errors.ValidationError, "bad", "BAD_USER_INPUT")
SERVER = _graphql(errors.ServerError, "boom", "INTERNAL_SERVER_ERROR")
REFUSED = errors.APIConnectionError("could not connect", sent=False)
RESET = errors.APIConnectionError("reset")
TIMEOUT = errors.APITimeoutError("slow")


def status(code: int) -> errors.HTTPStatusError:
    return errors.HTTPStatusError(code)


# (error, transient, may have been applied)
CLASSIFICATION = [
    (REFUSED, True, False),
    (RESET, True, True),
    (TIMEOUT, True, True),
    (status(408), True, False),
    (status(429), True, False),
    (status(502), True, True),
    (status(503), True, False),
    (status(504), True, True),
    (status(500), False, False),
    (status(404), False, False),
    (THROTTLED, True, False),
    (DUPLICATE, False, False),
    (INVALID, False, False),
    (SERVER, False, False),
    (errors.InvalidInputError("x"), False, False),
]


@pytest.mark.parametrize(("error", "transient", "applied"), CLASSIFICATION)
def test_classification(error: errors.TwentyError, transient: bool, applied: bool) -> None:
    assert is_transient(error) is transient
    assert may_have_been_applied(error) is applied


# (error, retries done, idempotent, expected)
DECISIONS = [
    (RESET, 0, True, True),  # a read or a write by id: a repeat is harmless
    (RESET, 0, False, False),  # a plain create may have been applied: never repeat it
    (TIMEOUT, 0, False, False),
    (status(502), 0, False, False),
    (status(503), 0, False, True),  # 503: not processed, safe for any request
    (REFUSED, 0, False, True),  # never reached the server
    (THROTTLED, 0, False, True),  # Twenty refused it before running it
    (RESET, 3, True, True),
    (RESET, 4, True, False),  # max_retries=4 spent
    (THROTTLED, 29, True, True),  # throttling has its own, larger budget
    (THROTTLED, 30, True, False),
    (INVALID, 0, True, False),
    (SERVER, 0, True, False),
]


@pytest.mark.parametrize(("error", "done", "idempotent", "expected"), DECISIONS)
def test_should_retry(
    error: errors.TwentyError, done: int, idempotent: bool, expected: bool
) -> None:
    policy = RetryPolicy(max_retries=4, max_rate_limit_retries=30)
    assert should_retry(error, retries_done=done, idempotent=idempotent, policy=policy) is expected


def test_at_most_zero_never_retries() -> None:
    policy = RetryPolicy.at_most(0)
    for error, *_ in CLASSIFICATION:
        assert not should_retry(error, retries_done=0, idempotent=True, policy=policy)


@pytest.mark.parametrize(
    ("done", "retry_after", "expected_ceiling"),
    [(0, None, 0.25), (1, None, 0.5), (3, None, 2.0), (10, None, 8.0), (0, 3.0, 3.0)],
)
def test_backoff_is_full_jitter_capped_and_honours_retry_after(
    done: int, retry_after: float | None, expected_ceiling: float
) -> None:
    policy = RetryPolicy(backoff_base=0.25, backoff_max=8.0)
    highest = backoff_delay(done, policy, retry_after=retry_after, random_uniform=lambda a, b: b)
    lowest = backoff_delay(done, policy, retry_after=retry_after, random_uniform=lambda a, b: a)
    assert highest == expected_ceiling
    assert lowest == (retry_after or 0.0)


def test_retry_policy_refuses_negative_limits() -> None:
    with pytest.raises(errors.InvalidInputError):
        RetryPolicy(max_retries=-1)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_starts_full_then_paces() -> None:
    clock = FakeClock()
    limiter = RateLimiter([(2, 1.0)], clock=clock)
    assert limiter.delay() == 0.0
    for bucket in limiter._buckets.values():
        bucket.tokens = 0.0
    assert limiter.delay() == pytest.approx(0.5)
    clock.now += 0.5
    assert limiter.delay() == pytest.approx(0.0)


def test_rate_limiter_learns_the_bucket_empty_and_a_little_slower() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    assert limiter.buckets == [] and limiter.delay() == 0.0
    limiter.learn(30, 3000)
    assert limiter.buckets == [(30, 3.0)]
    assert limiter.delay() == pytest.approx(0.1 * RateLimiter.LEARNED_SLACK)
    limiter.learn(100, 60_000)  # a second bucket (Twenty has a short and a long one)
    assert sorted(limiter.buckets) == [(30, 3.0), (100, 60.0)]
    assert limiter.delay() == pytest.approx(0.6 * RateLimiter.LEARNED_SLACK)


def test_learning_tightens_a_configured_bucket() -> None:
    limiter = RateLimiter([(100, 60.0)], clock=FakeClock())
    limiter.learn(50, 60_000)
    assert limiter.buckets == [(50, 60.0)]


def test_rate_limiter_refuses_nonsense() -> None:
    with pytest.raises(errors.InvalidInputError, match="rate_limit"):
        RateLimiter([(0, 60.0)])
    assert "unlimited" in repr(RateLimiter())


async def test_acquire_spaces_requests_at_the_rate() -> None:
    limiter = RateLimiter([(1, 0.05)])
    loop = asyncio.get_running_loop()
    started = loop.time()
    waited = [await limiter.acquire() for _ in range(4)]
    assert waited[0] == 0.0
    assert loop.time() - started >= 0.14  # three refills of 50 ms


def test_each_further_throttle_widens_the_margin_up_to_a_cap() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.learn(10, 1000)
    first = limiter.delay()
    limiter.learn(10, 1000)
    assert limiter.delay() == pytest.approx(first * RateLimiter.SLACK_STEP)
    for _ in range(50):
        limiter.learn(10, 1000)
    assert limiter.delay() == pytest.approx(0.1 * RateLimiter.MAX_SLACK)
