"""The emulator's HTTP face: an aiohttp app serving Twenty's ``/graphql`` (and ``/metadata``).

Auth is Twenty's: ``Authorization: Bearer <api key>``. A bad token is answered with HTTP 200
and ``UNAUTHENTICATED`` ("Token invalid."), a revoked key with ``FORBIDDEN``; with no token at
all Twenty serves an empty schema, so every query fails validation. Record changes committed
by a request are handed to the emulator's listeners (webhooks) after the response is built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from aiohttp import web

from twenty_gql.testing.api.execute import execute_graphql
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.errors import (
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    AuthenticationError,
    TwentyError,
)

log = logging.getLogger("twenty_gql.testing")

EMULATOR_KEY: web.AppKey[Emulator] = web.AppKey("emulator", Emulator)
#: (token) -> actor name for createdBy; raises AuthenticationError / ForbiddenError
Authenticator = Callable[[str], str]
AUTHENTICATOR_KEY: web.AppKey[Authenticator] = web.AppKey("authenticator")
#: () -> None, raises the emulator's rate-limit UserInputError; called once per root resolver
Throttle = Callable[[], None]
THROTTLE_KEY: web.AppKey[Throttle | None] = web.AppKey("throttle")


def static_key_authenticator(api_key: str, name: str = "API key") -> Authenticator:
    """Accept exactly one key (``twenty-gql serve --api-key``)."""

    def authenticate(token: str) -> str:
        if token != api_key:
            raise AuthenticationError("Token invalid.", sub_code="INVALID_JWT")
        return name

    return authenticate


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.query.get("token") or None


def json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


def _error_body(exc: TwentyError) -> dict[str, Any]:
    return {"errors": [{"message": exc.message, "extensions": exc.extensions}]}


async def read_json_body(request: web.Request) -> dict[str, Any] | web.Response:
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        return json_response(
            {
                "errors": [
                    {
                        "message": "POST body sent invalid JSON.",
                        "extensions": {"code": GRAPHQL_PARSE_FAILED},
                    }
                ]
            },
            status=400,
        )
    if not isinstance(body, dict):
        return json_response(
            {
                "errors": [
                    {
                        "message": "Batched requests are not supported.",
                        "extensions": {"code": GRAPHQL_PARSE_FAILED},
                    }
                ]
            },
            status=400,
        )
    return body


async def handle_graphql(request: web.Request) -> web.Response:
    emulator = request.app[EMULATOR_KEY]
    body = await read_json_body(request)
    if isinstance(body, web.Response):
        return body
    token = bearer_token(request)
    if token is None:
        return json_response(
            {
                "errors": [
                    {
                        "message": "Schema does not define the required query root type.",
                        "extensions": {"code": GRAPHQL_VALIDATION_FAILED},
                    }
                ]
            }
        )
    try:
        actor = request.app[AUTHENTICATOR_KEY](token)
    except TwentyError as exc:
        return json_response(_error_body(exc))
    response, events = execute_graphql(
        emulator, body, actor_name=actor, throttle=request.app.get(THROTTLE_KEY)
    )
    if events:
        emulator.emit(events)
    return json_response(response)


async def handle_healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


def create_app(
    emulator: Emulator,
    *,
    authenticate: Authenticator,
    throttle: Throttle | None = None,
    middlewares: Sequence[Any] = (),
    extensions: Sequence[Callable[[web.Application], None]] = (),
) -> web.Application:
    """Build the aiohttp app; ``extensions`` add routes (``/metadata``) or startup hooks."""
    app = web.Application(middlewares=list(middlewares), client_max_size=64 * 1024 * 1024)
    app[EMULATOR_KEY] = emulator
    app[AUTHENTICATOR_KEY] = authenticate
    app[THROTTLE_KEY] = throttle
    app.router.add_post("/graphql", handle_graphql)
    app.router.add_get("/healthz", handle_healthz)
    for extend in extensions:
        extend(app)
    return app
