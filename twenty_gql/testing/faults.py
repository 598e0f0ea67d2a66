"""Seeded fault injection for resilience tests: what a flaky Twenty deployment does to clients.

Real Twenty servers sit behind proxies and load balancers, so clients meet HTTP 502/503 with an
HTML body, dropped connections, slow answers and, worst of all, writes that were applied while
the response never arrived. :class:`FaultInjector` reproduces those, per request, from one
seeded :class:`random.Random`, so a failing test replays exactly with the same seed and the
same request order. The config can be changed while the server runs (``configure``).

Faults apply to the GraphQL endpoints only (``/graphql`` and ``/metadata`` by default), never
to ``/healthz``, so fixtures can still tell that the server is up.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from aiohttp import web

__all__ = [
    "Fault",
    "FaultConfig",
    "FaultDecision",
    "FaultInjector",
    "faults_middleware",
]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Fault(StrEnum):
    NONE = "none"
    #: HTTP 502/503 with a proxy's HTML body; the request never reached Twenty
    HTTP_ERROR = "http_error"
    #: TCP reset before the request is handled; nothing was applied
    CONNECTION_RESET = "connection_reset"
    #: the request is handled (a write is committed), then the connection is reset
    RESPONSE_LOST = "response_lost"


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """Rates are fractions of requests in [0, 1]; their sum must not exceed 1."""

    seed: int = 0
    http_error_rate: float = 0.0
    http_error_statuses: tuple[int, ...] = (502, 503)
    connection_reset_rate: float = 0.0
    response_lost_rate: float = 0.0
    #: added to every matching request, plus a uniform jitter in [0, latency_jitter_ms]
    latency_ms: float = 0.0
    latency_jitter_ms: float = 0.0
    paths: tuple[str, ...] = ("/graphql", "/metadata")

    def __post_init__(self) -> None:
        rates = {
            "http_error_rate": self.http_error_rate,
            "connection_reset_rate": self.connection_reset_rate,
            "response_lost_rate": self.response_lost_rate,
        }
        for name, rate in rates.items():
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {rate}")
        if sum(rates.values()) > 1.0 + 1e-9:
            raise ValueError(f"fault rates add up to more than 1: {rates}")
        if self.latency_ms < 0 or self.latency_jitter_ms < 0:
            raise ValueError("latency_ms and latency_jitter_ms must not be negative")
        if self.http_error_rate and not self.http_error_statuses:
            raise ValueError("http_error_statuses must not be empty when http_error_rate > 0")

    @property
    def active(self) -> bool:
        return bool(
            self.http_error_rate
            or self.connection_reset_rate
            or self.response_lost_rate
            or self.latency_ms
            or self.latency_jitter_ms
        )


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What happened to one request (kept in :attr:`FaultInjector.history`)."""

    index: int
    path: str
    fault: Fault
    delay_ms: float = 0.0
    status: int | None = None


_HTML_BODIES = {
    502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
    503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
    "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n",
}


@dataclass
class FaultInjector:
    """Draws one decision per matching request from a seeded random source."""

    config: FaultConfig = field(default_factory=FaultConfig)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.config.seed)
        self._count = 0
        self.history: list[FaultDecision] = []

    def configure(self, **changes: Any) -> FaultConfig:
        """Change the config at run time; a new ``seed`` restarts the random sequence."""
        with self._lock:
            self.config = replace(self.config, **changes)
            if "seed" in changes:
                self._random = random.Random(self.config.seed)
                self._count = 0
            return self.config

    def reset(self, config: FaultConfig | None = None) -> None:
        """Back to ``config`` (default: no faults) with a fresh random sequence and history."""
        with self._lock:
            self.config = config or FaultConfig()
            self._random = random.Random(self.config.seed)
            self._count = 0
            self.history = []

    def applies_to(self, path: str) -> bool:
        return self.config.active and path in self.config.paths

    def decide(self, path: str) -> FaultDecision:
        """The next decision; always draws the same number of values, so replays line up."""
        with self._lock:
            cfg = self.config
            jitter, pick, status_pick = (self._random.random() for _ in range(3))
            delay = cfg.latency_ms + jitter * cfg.latency_jitter_ms
            fault, status = Fault.NONE, None
            edge = cfg.http_error_rate
            if pick < edge:
                fault = Fault.HTTP_ERROR
                statuses = cfg.http_error_statuses
                status = statuses[min(int(status_pick * len(statuses)), len(statuses) - 1)]
            elif pick < (edge := edge + cfg.connection_reset_rate):
                fault = Fault.CONNECTION_RESET
            elif pick < edge + cfg.response_lost_rate:
                fault = Fault.RESPONSE_LOST
            decision = FaultDecision(self._count, path, fault, delay, status)
            self._count += 1
            self.history.append(decision)
            return decision


def _reset_connection(request: web.Request) -> None:
    """Abort the TCP connection with RST (SO_LINGER 0), as a crashed proxy would."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _error_response(status: int) -> web.Response:
    body = _HTML_BODIES.get(status, f"<html><body><h1>{status}</h1></body></html>\r\n")
    return web.Response(status=status, text=body, content_type="text/html")


def faults_middleware(injector: FaultInjector) -> Any:
    """An aiohttp middleware applying ``injector``'s decisions to matching requests."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not injector.applies_to(request.path):
            return await handler(request)
        decision = injector.decide(request.path)
        if decision.delay_ms:
            await asyncio.sleep(decision.delay_ms / 1000)
        if decision.fault is Fault.HTTP_ERROR:
            assert decision.status is not None
            await request.read()
            return _error_response(decision.status)
        if decision.fault is Fault.CONNECTION_RESET:
            _reset_connection(request)
            raise _Dropped
        response = await handler(request)
        if decision.fault is Fault.RESPONSE_LOST:
            _reset_connection(request)
            raise _Dropped
        return response

    return middleware


class _Dropped(web.HTTPException):
    """Raised after the connection is gone, so aiohttp writes nothing and logs nothing."""

    status_code = 499
    empty_body = True
