"""Rate limiting as Twenty does it: per-workspace token buckets, one token per root resolver.

Twenty (``CommonBaseQueryRunnerService.throttleQueryExecution`` + ``ThrottlerService``) keeps
two buckets per workspace for API-key traffic, ``api:throttler:<workspaceId>-short-limit``
(default 100 tokens / 1 000 ms) and ``-long-limit`` (100 / 60 000 ms). Every root resolver takes
one token from the short bucket, then one from the long bucket; an empty bucket raises
``Limit reached (<max> tokens per <window> ms)``, sent as HTTP 200 with ``BAD_USER_INPUT``.
Refill is ``floor(elapsed_ms * max / window)`` and the refill clock restarts at every consume,
so fractional refills are lost; the emulator copies that quirk so timing matches.

The emulator's limiter is off unless configured: ``twenty-gql serve --rate-limit 100/60s`` or
``--rate-limit 100/1s,100/60s`` (short and long windows).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from twenty_gql.testing.errors import UserInputError

__all__ = [
    "TWENTY_DEFAULT_BUCKETS",
    "BucketSpec",
    "RateLimitExceededError",
    "RateLimiter",
    "parse_rate_limit",
    "root_resolver_middleware",
]

_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000}
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)?\s*(ms|s|min|m|h)\s*$")


@dataclass(frozen=True, slots=True)
class BucketSpec:
    """``max_tokens`` tokens per ``window_ms`` milliseconds, refilled continuously."""

    max_tokens: int
    window_ms: int

    def __post_init__(self) -> None:
        if self.max_tokens < 1 or self.window_ms < 1:
            raise ValueError("a rate-limit bucket needs at least 1 token and a window of 1 ms")

    def __str__(self) -> str:
        return f"{self.max_tokens}/{self.window_ms}ms"


#: Twenty's defaults (API_RATE_LIMITING_SHORT_* and _LONG_* config variables).
TWENTY_DEFAULT_BUCKETS: tuple[BucketSpec, ...] = (
    BucketSpec(100, 1_000),
    BucketSpec(100, 60_000),
)


def parse_rate_limit(spec: str) -> tuple[BucketSpec, ...]:
    """Parse ``"100/60s"`` or ``"100/1s,1000/60s"`` (units ms, s, m/min, h; ``100/s`` = 1 s).

    Several comma-separated buckets are checked in order, like Twenty's short then long bucket.
    """
    buckets: list[BucketSpec] = []
    for part in spec.split(","):
        match = _SPEC.match(part)
        if match is None:
            raise ValueError(
                f"invalid rate limit {part.strip()!r}: expected <tokens>/<window><unit>, "
                "e.g. 100/60s or 100/1s,100/60s (units: ms, s, m, h)"
            )
        tokens, amount, unit = match.groups()
        window = float(amount) if amount is not None else 1.0
        buckets.append(BucketSpec(int(tokens), max(1, round(window * _UNITS_MS[unit]))))
    return tuple(buckets)


class RateLimitExceededError(UserInputError):
    """Twenty's ThrottlerException(LIMIT_REACHED) as its GraphQL handler sends it."""

    def __init__(self, bucket: BucketSpec) -> None:
        super().__init__(
            f"Limit reached ({bucket.max_tokens} tokens per {bucket.window_ms} ms)",
            sub_code="LIMIT_REACHED",
            user_friendly_message="Rate limit reached. Please try again later.",
        )
        self.bucket = bucket


@dataclass(slots=True)
class _BucketState:
    tokens: int
    last_refill_ms: int


def _monotonic_ms() -> int:
    return time.monotonic_ns() // 1_000_000


class RateLimiter:
    """Token buckets per workspace id; thread-safe (the server runs in its own thread)."""

    def __init__(
        self,
        buckets: Sequence[BucketSpec] = TWENTY_DEFAULT_BUCKETS,
        *,
        clock_ms: Callable[[], int] = _monotonic_ms,
    ) -> None:
        if not buckets:
            raise ValueError("a rate limiter needs at least one bucket")
        self.buckets = tuple(buckets)
        self._clock_ms = clock_ms
        self._state: dict[tuple[str, int], _BucketState] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_spec(cls, spec: str, **kwargs: Any) -> RateLimiter:
        return cls(parse_rate_limit(spec), **kwargs)

    def __repr__(self) -> str:
        return f"RateLimiter({', '.join(str(b) for b in self.buckets)})"

    def available(self, workspace_id: str) -> list[int]:
        """Tokens left in each bucket right now (for tests and debugging)."""
        now = self._clock_ms()
        with self._lock:
            return [self._available(workspace_id, i, b, now) for i, b in enumerate(self.buckets)]

    def consume(self, workspace_id: str, tokens: int = 1) -> None:
        """Take ``tokens`` from every bucket in turn; raise on the first empty one.

        As in Twenty, buckets checked before the failing one keep their consumption.
        """
        now = self._clock_ms()
        with self._lock:
            for index, bucket in enumerate(self.buckets):
                left = self._available(workspace_id, index, bucket, now)
                if left < tokens:
                    raise RateLimitExceededError(bucket)
                self._state[(workspace_id, index)] = _BucketState(left - tokens, now)

    def reset(self) -> None:
        """Fill every bucket again (a fresh workspace per test)."""
        with self._lock:
            self._state.clear()

    def _available(self, workspace_id: str, index: int, bucket: BucketSpec, now: int) -> int:
        state = self._state.get((workspace_id, index))
        if state is None:
            return bucket.max_tokens
        refill = (now - state.last_refill_ms) * bucket.max_tokens // bucket.window_ms
        return min(state.tokens + refill, bucket.max_tokens)


def root_resolver_middleware(limiter: RateLimiter, workspace_id: str) -> Callable[..., Any]:
    """A graphql-core middleware taking one token per root field, as Twenty's query runner.

    A root field that finds the bucket empty fails alone (its error carries its path); the
    others of the same request still run, which is what Twenty's per-resolver throttle does.
    Pass it as ``middleware=[root_resolver_middleware(limiter, workspace.id)]``.
    """

    def middleware(next_: Callable[..., Any], root: Any, info: Any, **args: Any) -> Any:
        if info.path.prev is None and not info.field_name.startswith("__"):
            limiter.consume(workspace_id)
        return next_(root, info, **args)

    return middleware
