"""The emulator's server, assembled: auth, rate limit, faults, webhooks and routes.

:class:`ServerServices` owns what one server adds around an :class:`Emulator`: the API-key
registry (auth for every endpoint), the webhook registry and dispatcher (subscribed to the
emulator's record events), the optional rate limiter, the fault injector and the ``/metadata``
API. :func:`create_app` turns it into the aiohttp app: ``/graphql`` and ``/metadata`` are both
made by :func:`twenty_gql.testing.server.endpoint`, ``/healthz`` answers liveness probes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from twenty_gql.testing.api.execute import execute_graphql
from twenty_gql.testing.api_keys import ApiKeyRegistry
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.errors import GRAPHQL_VALIDATION_FAILED, UNAUTHENTICATED, error_body
from twenty_gql.testing.faults import FaultConfig, FaultInjector, faults_middleware
from twenty_gql.testing.metadata_api.api import MetadataApi
from twenty_gql.testing.rate_limit import RateLimiter
from twenty_gql.testing.server import endpoint, handle_healthz
from twenty_gql.testing.webhooks import WebhookDispatcher, WebhookRegistry

__all__ = ["Authenticator", "ServerServices", "Throttle", "create_app"]

#: (token) -> actor name for createdBy; raises UnauthenticatedError / ForbiddenError
Authenticator = Callable[[str], str]
#: () -> None, raises the emulator's rate-limit UserInputError; called once per root resolver
Throttle = Callable[[], None]

_STATIC_KEY_ACTOR = "API key"
#: with no token Twenty serves /graphql an empty schema: every query fails validation
_ANONYMOUS_GRAPHQL = error_body(
    "Schema does not define the required query root type.", GRAPHQL_VALIDATION_FAILED
)
#: Twenty's /metadata guards answer an anonymous call with UNAUTHENTICATED
_ANONYMOUS_METADATA = error_body("Unauthenticated", UNAUTHENTICATED)


def _rate_limiter(spec: str | RateLimiter | None) -> RateLimiter | None:
    return RateLimiter.from_spec(spec) if isinstance(spec, str) else spec


class ServerServices:
    """Everything one server serves beyond the emulator's state."""

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
        self.rate_limiter = _rate_limiter(rate_limit)
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

    def set_rate_limit(self, spec: str | RateLimiter | None) -> None:
        """Turn rate limiting on (``"100/60s"``), change it, or off (``None``) at run time."""
        self.rate_limiter = _rate_limiter(spec)

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


def create_app(
    services: ServerServices,
    *,
    authenticate: Authenticator | None = None,
    throttle: Throttle | None = None,
    middlewares: Sequence[Any] = (),
    extensions: Sequence[Callable[[web.Application], None]] = (),
) -> web.Application:
    """The aiohttp app of one server; ``extensions`` add routes or startup hooks."""
    emulator = services.emulator
    throttle = throttle or services.throttle

    def run_graphql(body: dict[str, Any], actor: str) -> dict[str, Any]:
        response, events = execute_graphql(emulator, body, actor_name=actor, throttle=throttle)
        if events:  # after the response is built, as Twenty's event emitter
            emulator.emit(events)
        return response

    async def stop_dispatcher(_: web.Application) -> None:
        services.dispatcher.close()

    app = web.Application(
        middlewares=[faults_middleware(services.faults), *middlewares],
        client_max_size=64 * 1024 * 1024,
    )
    graphql = endpoint(
        authenticate=authenticate or services.authenticate,
        execute=run_graphql,
        anonymous=_ANONYMOUS_GRAPHQL,
    )
    metadata = endpoint(
        authenticate=services.api_keys.authenticate,
        execute=services.metadata.execute,
        anonymous=_ANONYMOUS_METADATA,
    )
    app.router.add_post("/graphql", graphql)
    app.router.add_post("/metadata", metadata)
    app.router.add_get("/healthz", handle_healthz)
    app.on_cleanup.append(stop_dispatcher)
    for extend in extensions:
        extend(app)
    return app
