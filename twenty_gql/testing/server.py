"""The emulator's HTTP endpoints: one helper that serves both ``/graphql`` and ``/metadata``.

Auth is Twenty's: ``Authorization: Bearer <api key>``. A bad token is answered with HTTP 200
and ``UNAUTHENTICATED`` ("Token invalid."), a revoked key with ``FORBIDDEN``. A call with no
token gets each endpoint's own anonymous answer: ``/graphql`` serves an empty schema (so every
query fails validation), ``/metadata``'s guards answer ``UNAUTHENTICATED``. The routes
themselves are assembled in :mod:`twenty_gql.testing.app`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import orjson
from aiohttp import web

from twenty_gql.testing.errors import GRAPHQL_PARSE_FAILED, EmulatorError, error_body
from twenty_gql.testing.js_numbers import js_numbers

__all__ = ["Handler", "bearer_token", "endpoint", "handle_healthz", "json_response"]

Identity = TypeVar("Identity")
Handler = Callable[[web.Request], Awaitable[web.Response]]


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.query.get("token") or None


def json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    """``body`` as JSON with JavaScript's numbers (``42``, not ``42.0``), as Twenty sends it."""
    payload = orjson.dumps(js_numbers(body))
    return web.Response(body=payload, status=status, content_type="application/json")


async def read_json_body(request: web.Request) -> dict[str, Any] | web.Response:
    """The request's JSON object, or the HTTP 400 Twenty answers to anything else."""
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        return json_response(error_body("POST body sent invalid JSON.", GRAPHQL_PARSE_FAILED), 400)
    if not isinstance(body, dict):
        message = "Batched requests are not supported."
        return json_response(error_body(message, GRAPHQL_PARSE_FAILED), 400)
    return body


def endpoint(
    *,
    authenticate: Callable[[str], Identity],
    execute: Callable[[dict[str, Any], Identity], dict[str, Any]],
    anonymous: dict[str, Any],
) -> Handler:
    """A POST handler: read the body, take the bearer token, authenticate, execute.

    ``anonymous`` is the body answered to a call without a token; an
    :class:`~twenty_gql.testing.errors.EmulatorError` from ``authenticate`` is answered as
    Twenty does (HTTP 200, its code in ``extensions``).
    """

    async def handle(request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        token = bearer_token(request)
        if token is None:
            return json_response(anonymous)
        try:
            identity = authenticate(token)
        except EmulatorError as exc:
            return json_response(exc.body)
        return json_response(execute(body, identity))

    return handle


async def handle_healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})
