"""Everything the emulator serves beyond record queries, assembled for one server.

:class:`ServerServices` owns the API-key registry (auth for every endpoint), the webhook
registry and dispatcher (subscribed to the emulator's record events), the optional rate
limiter, the fault injector and the ``/metadata`` API, and hands the HTTP layer what it needs:
``authenticate`` and ``throttle`` callables, aiohttp ``middlewares`` and an ``extension`` that
adds the ``/metadata`` route and stops the dispatcher on shutdown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from twenty_gql.testing.api_keys import ApiKeyRegistry
from twenty_gql.testing.errors import UNAUTHENTICATED, TwentyError
from twenty_gql.testing.faults import FaultConfig, FaultInjector, faults_middleware
from twenty_gql.testing.metadata_api.api import MetadataApi
from twenty_gql.testing.rate_limit import RateLimiter, parse_rate_limit
from twenty_gql.testing.server import bearer_token, json_response, read_json_body
from twenty_gql.testing.webhooks import WebhookDispatcher, WebhookRegistry

if TYPE_CHECKING:
    from twenty_gql.testing.emulator import Emulator

__all__ = ["ServerServices"]

_STATIC_KEY_ACTOR = "API key"


class ServerServices:
    def __init__(
        self,
        emulator: Emulator,
        *,
        api_key: str,
        rate_limit: str | RateLimiter | None = None,
        faults: FaultConfig | FaultInjector | None = None,
        persist_metadata: bool = True,
    ) -> None:
        self.emulator = emulator
        workspace_id = emulator.workspace.id
        self.api_keys = ApiKeyRegistry(workspace_id, static_keys=[api_key])
        self.webhooks = WebhookRegistry()
        self.dispatcher = WebhookDispatcher(self.webhooks, workspace_id)
        self.rate_limiter: RateLimiter | None = (
            RateLimiter(parse_rate_limit(rate_limit)) if isinstance(rate_limit, str) else rate_limit
        )
        self._default_rate_limiter = self.rate_limiter
        self.faults = (
            faults if isinstance(faults, FaultInjector) else FaultInjector(faults or FaultConfig())
        )
        self._default_faults = self.faults.config
        self.metadata = MetadataApi(
            emulator,
            api_keys=self.api_keys,
            webhooks=self.webhooks,
            persist=persist_metadata,
        )
        self._unsubscribe = emulator.subscribe(self.dispatcher)

    def __repr__(self) -> str:
        return f"ServerServices(rate_limiter={self.rate_limiter!r}, faults={self.faults.config})"

    # -- what the HTTP layer plugs in ---------------------------------------------------------
    def authenticate(self, token: str) -> str:
        """``(token) -> actor name`` for ``/graphql``: the API key's name goes to createdBy."""
        identity = self.api_keys.authenticate(token)
        if identity.api_key_id is None:
            return _STATIC_KEY_ACTOR
        key = self.api_keys.get(identity.api_key_id)
        return key.name if key else _STATIC_KEY_ACTOR

    def throttle(self) -> None:
        """One token per root resolver from the workspace's buckets (when rate limited)."""
        if self.rate_limiter is not None:
            self.rate_limiter.consume(self.emulator.workspace.id)

    @property
    def middlewares(self) -> list[Any]:
        return [faults_middleware(self.faults)]

    def extension(self, app: web.Application) -> None:
        app.router.add_post("/metadata", self._handle_metadata)

        async def stop_dispatcher(_: web.Application) -> None:
            self.dispatcher.close()

        app.on_cleanup.append(stop_dispatcher)

    def set_rate_limit(self, spec: str | RateLimiter | None) -> None:
        """Turn rate limiting on (``"100/60s"``), change it, or off (``None``) at run time."""
        self.rate_limiter = RateLimiter(parse_rate_limit(spec)) if isinstance(spec, str) else spec

    def reset(self) -> None:
        """A clean slate per test: no webhooks or minted keys, the server's own rate limit
        (full buckets) and fault config, and the fault sequence restarted from its seed."""
        self.dispatcher.wait_idle(2)
        self.metadata.reset()
        self.rate_limiter = self._default_rate_limiter
        if self.rate_limiter is not None:
            self.rate_limiter.reset()
        self.faults.reset(self._default_faults)

    def close(self) -> None:
        self._unsubscribe()
        self.dispatcher.close()

    # -- /metadata -----------------------------------------------------------------------------
    async def _handle_metadata(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        token = bearer_token(request)
        if token is None:
            # Twenty's /metadata guards answer an anonymous call with UNAUTHENTICATED
            return json_response(_error("Unauthenticated", UNAUTHENTICATED))
        try:
            identity = self.api_keys.authenticate(token)
        except TwentyError as exc:
            return json_response(
                {"errors": [{"message": exc.message, "extensions": exc.extensions}]}
            )
        return json_response(self.metadata.execute(body, identity))


def _error(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}
