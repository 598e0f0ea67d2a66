"""The base class of every generated ``Client``: ariadne-codegen copies this file verbatim.

A generated method calls ``execute(query, operation_name, variables)`` then ``get_data``;
here that becomes: the document parsed once per process (``twenty_gql.transport.prepare``),
variables dumped from pydantic models by alias, one ``Transport.send`` (the client's request
path: rate limiter, retries, timeouts) over a shared aiohttp session, and Twenty's errors
raised as ``twenty_gql.errors`` classes. No httpx, no ariadne-codegen at run time.

``twenty_gql.transport`` is the public contract this file relies on.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel as PydanticBaseModel

from twenty_gql.transport import (
    RateLimiter,
    RequestPolicy,
    Response,
    RetryPolicy,
    Transport,
    prepare,
)

__all__ = ["AsyncBaseClient"]


class AsyncBaseClient:
    """Holds one ``Transport``; give several clients the same transport to share a session."""

    def __init__(
        self,
        url: str = "",
        *,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
        max_retries: int | None = None,
        transport: Transport | None = None,
    ) -> None:
        if transport is None:
            if not url:
                raise ValueError("pass the GraphQL endpoint url (…/graphql) or a transport")
            merged = dict(headers or {})
            if api_key:
                merged["Authorization"] = f"Bearer {api_key}"
            retry = RetryPolicy() if max_retries is None else RetryPolicy.at_most(max_retries)
            policy = RequestPolicy(retry=retry, rate_limiter=RateLimiter(), timeout=timeout)
            transport = Transport(url, headers=merged, policy=policy)
            self._owns_transport = True
        else:
            self._owns_transport = False
        self.transport = transport

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.transport.url!r})"

    async def __aenter__(self) -> Self:
        await self.transport.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_transport:
            await self.transport.close()

    async def execute(
        self,
        query: str,
        operation_name: str | None = None,
        variables: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Response:
        """Send one operation; ``kwargs`` may carry per-call ``headers``, ``timeout``,
        ``idempotent`` (a mutation that is safe to repeat) and ``max_retries``."""
        prepared = prepare(query)
        payload = _jsonable_variables(variables) if variables else None
        return await self.transport.send(prepared, payload, **kwargs)

    def get_data(self, response: Response) -> dict[str, Any]:
        """The response's ``data``, or the mapped ``twenty_gql.errors`` error raised."""
        return response.raise_for_error()


def _jsonable_variables(variables: dict[str, Any]) -> dict[str, Any]:
    """Drop UNSET arguments; dump input models by their GraphQL (camelCase) names."""
    return {key: _dump(value) for key, value in variables.items() if not _is_unset(value)}


def _is_unset(value: Any) -> bool:
    # ariadne-codegen's ``UNSET`` lives in the generated ``base_model.py``; matching its
    # class by name keeps this file importable outside a generated package.
    return type(value).__name__ == "UnsetType"


def _dump(value: Any) -> Any:
    if isinstance(value, PydanticBaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value
