"""Retry, backoff and client-side rate limiting: small objects and pure decisions.

Each decision the request loop takes is a pure function of the error, the attempt and the
policy, so a table-driven test covers it without a server:

- ``is_transient``: worth another try at all (connection errors, timeouts, HTTP 408/429/502/
  503/504, Twenty's throttling — HTTP 200 + ``BAD_USER_INPUT`` "Limit reached").
- ``may_have_been_applied``: the server may have executed the request although no answer came
  (a dropped connection after sending, a timeout, a gateway's 502/504). Such a failure is
  retried only when a repeat is harmless (``idempotent``): a read, an update or delete by id,
  a create with a client-assigned id, an upsert. Never a plain create.
- ``backoff_delay``: exponential backoff with full jitter, ``Retry-After`` honoured.

``RateLimiter`` paces every task of one client through shared token buckets; it learns
Twenty's bucket from a "Limit reached (N tokens per M ms)" reply, so a throttled workspace is
paced rather than failed.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import errors

__all__ = [
    "RateLimiter",
    "RetryPolicy",
    "backoff_delay",
    "is_transient",
    "may_have_been_applied",
    "should_retry",
]

#: statuses a proxy or server sends for a passing condition
TRANSIENT_STATUSES = frozenset({408, 429, 502, 503, 504})
#: of those, the ones where an upstream may already have run the request
AMBIGUOUS_STATUSES = frozenset({502, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry. Throttling has its own, larger budget: waiting for
    a bucket to refill is pacing, not failure."""

    max_retries: int = 4
    max_rate_limit_retries: int = 30
    backoff_base: float = 0.25
    backoff_max: float = 8.0

    @classmethod
    def at_most(cls, retries: int) -> RetryPolicy:
        """At most ``retries`` retries of any kind, throttling included (0: never retry)."""
        return cls(max_retries=retries, max_rate_limit_retries=retries)

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.max_rate_limit_retries < 0:
            raise errors.InvalidInputError("retry limits must be >= 0")
        if self.backoff_base < 0 or self.backoff_max < 0:
            raise errors.InvalidInputError("backoff times must be >= 0")


def is_transient(error: BaseException) -> bool:
    """Whether the same request may succeed when sent again."""
    if isinstance(error, errors.TransportError | errors.RateLimitError):
        return True
    return isinstance(error, errors.HTTPStatusError) and error.status_code in TRANSIENT_STATUSES


def may_have_been_applied(error: BaseException) -> bool:
    """Whether the server may have executed the request despite the failure."""
    if isinstance(error, errors.TransportError):
        return error.sent
    if isinstance(error, errors.HTTPStatusError):
        return error.status_code in AMBIGUOUS_STATUSES
    return False


def should_retry(
    error: BaseException, *, retries_done: int, idempotent: bool, policy: RetryPolicy
) -> bool:
    """Retry ``error`` after ``retries_done`` retries of a request that is or isn't
    ``idempotent``?"""
    if not is_transient(error):
        return False
    if may_have_been_applied(error) and not idempotent:
        return False
    if isinstance(error, errors.RateLimitError):
        return retries_done < policy.max_rate_limit_retries
    return retries_done < policy.max_retries


def backoff_delay(
    retries_done: int,
    policy: RetryPolicy,
    *,
    retry_after: float | None = None,
    random_uniform: Callable[[float, float], float] = random.uniform,
) -> float:
    """Full jitter: uniform in [0, min(max, base * 2**n)]; never less than ``Retry-After``."""
    ceiling = min(policy.backoff_max, policy.backoff_base * (2**retries_done))
    delay = random_uniform(0.0, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, 60.0 * 5))
    return delay


@dataclass(slots=True)
class _Bucket:
    capacity: int
    window: float  # seconds
    tokens: float
    updated: float
    #: > 1 slows the refill a little below the server's, so jitter does not cost a throttle
    slack: float = 1.0

    @property
    def rate(self) -> float:
        return self.capacity / (self.window * self.slack)

    def refill(self, now: float) -> None:
        self.tokens = min(float(self.capacity), self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for_one(self) -> float:
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate


class RateLimiter:
    """Token buckets shared by every request of one client; FIFO for waiting tasks.

    ``buckets`` are ``(requests, per_seconds)`` pairs the caller knows (e.g. ``(100, 60)`` on
    Twenty's cloud). ``learn`` adds or tightens a bucket from a throttling reply: that bucket
    is empty on the server right now, and it refills ``slack`` slower here than there, which
    keeps the client just under the limit instead of bouncing off it; each further throttle
    of the same bucket widens that margin a little (``SLACK_STEP``, up to ``MAX_SLACK``).
    """

    LEARNED_SLACK = 1.03
    SLACK_STEP = 1.03
    MAX_SLACK = 1.25

    def __init__(
        self,
        buckets: Iterable[tuple[int, float]] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        now = clock()
        self._buckets: dict[float, _Bucket] = {}
        for capacity, window in buckets:
            if capacity < 1 or window <= 0:
                raise errors.InvalidInputError(
                    f"rate_limit needs (requests >= 1, seconds > 0), got ({capacity}, {window})"
                )
            self._buckets[float(window)] = _Bucket(capacity, float(window), float(capacity), now)
        self._lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        spec = ", ".join(f"{b.capacity}/{b.window:g}s" for b in self._buckets.values())
        return f"RateLimiter({spec or 'unlimited'})"

    @property
    def buckets(self) -> list[tuple[int, float]]:
        return [(b.capacity, b.window) for b in self._buckets.values()]

    def learn(self, tokens: int, window_ms: int) -> None:
        """A server said "Limit reached (tokens per window_ms)": its bucket is empty now."""
        if tokens < 1 or window_ms < 1:
            return
        window = window_ms / 1000
        now = self._clock()
        bucket = self._buckets.get(window)
        if bucket is None:
            self._buckets[window] = _Bucket(tokens, window, 0.0, now, self.LEARNED_SLACK)
            return
        bucket.capacity = min(bucket.capacity, tokens)
        # Throttled again although paced: requests reach the server unevenly (jitter), so
        # leave a wider margin, up to a quarter slower than the server allows.
        bucket.slack = min(max(bucket.slack * self.SLACK_STEP, self.LEARNED_SLACK), self.MAX_SLACK)
        bucket.tokens, bucket.updated = 0.0, now

    def delay(self) -> float:
        """Seconds until every bucket has a token (0 when one may be taken now)."""
        now = self._clock()
        wait = 0.0
        for bucket in self._buckets.values():
            bucket.refill(now)
            wait = max(wait, bucket.wait_for_one())
        return wait

    async def acquire(self) -> float:
        """Wait for a token from every bucket and take it; returns the seconds waited."""
        if not self._buckets:
            return 0.0
        if self._lock is None:
            self._lock = asyncio.Lock()
        waited = 0.0
        async with self._lock:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(wait)
                waited += wait
            for bucket in self._buckets.values():
                bucket.tokens -= 1.0
        return waited
