"""Run the emulator on loopback: in a background thread (tests, demo) or in the foreground (CLI).

The background thread owns its own event loop, so the server works the same under any test
runner or event-loop policy, sync tests included, and one server can serve a whole test
session while each test gets a clean workspace from :meth:`EmulatorServer.reset`.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from twenty_gql.testing.app import Authenticator, ServerServices, Throttle, create_app
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.faults import FaultConfig, FaultInjector
from twenty_gql.testing.rate_limit import RateLimiter


class EmulatorServer:
    """An emulator served over HTTP on ``127.0.0.1`` (a free port unless one is given)."""

    def __init__(
        self,
        emulator: Emulator | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        authenticate: Authenticator | None = None,
        throttle: Throttle | None = None,
        middlewares: Sequence[Any] = (),
        extensions: Sequence[Callable[[web.Application], None]] = (),
        rate_limit: str | RateLimiter | None = None,
        faults: FaultConfig | None = None,
    ) -> None:
        self.emulator = emulator or Emulator()
        self.host = host
        self.port = port
        self.api_key = api_key or f"twenty-emulator-{secrets.token_hex(16)}"
        #: /metadata, API keys, webhooks, rate limit ("100/60s") and faults for this server
        self.services = ServerServices(
            self.emulator, api_key=self.api_key, rate_limit=rate_limit, faults=faults
        )
        self.app = create_app(
            self.services,
            authenticate=authenticate,
            throttle=throttle,
            middlewares=middlewares,
            extensions=extensions,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def __repr__(self) -> str:  # never show the key
        return f"EmulatorServer(url={self.url!r})"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata"

    async def start_async(self) -> None:
        """Start serving on the running loop (foreground use)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1]

    async def stop_async(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- background thread --------------------------------------------------------------------
    def start(self) -> EmulatorServer:
        """Serve from a daemon thread; returns once the port accepts connections."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._serve, name="twenty-emulator", daemon=True)
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise RuntimeError("the emulator failed to start") from self._error
        return self

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self.start_async())
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(self.stop_async())
        loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._thread = None
        self._loop = None

    def run_in_loop(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the server's loop thread and return its result (for loop-bound state)."""
        if self._loop is None:
            return fn()

        async def call() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(30)

    @property
    def faults(self) -> FaultInjector:
        """The fault injector: ``server.faults.configure(http_error_rate=0.2, seed=7)``."""
        return self.services.faults

    def reset(self) -> None:
        """A clean workspace: no records, standard metadata, no webhooks/keys/faults."""
        self.emulator.reset()
        self.services.reset()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
