"""The one request funnel: every GraphQL call of the client goes through ``Transport.send``.

Why not gql's ``AIOHTTPTransport`` as is: it keeps response headers on the shared transport
(racy under concurrent requests), re-prints the document on every call, and hides the HTTP
status once the body has ``errors``. This transport parses documents with gql
(``GraphQLRequest``) once per process and can drive a ``gql.Client`` (``as_gql_transport``),
but its own ``send`` returns status and headers per request, encodes with orjson, and names
the error in one place (``twenty_gql.errors.error_from_response``).

aiohttp, gql and graphql-core are imported on first use, not at import: they cost ~0.3 s,
and a generated package should import in a few milliseconds on top of pydantic.

The seam for retries and rate limiting is ``Transport.send``: policies wrap it, they never
reach into aiohttp.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from pydantic_core import to_jsonable_python

from . import errors

if TYPE_CHECKING:
    import aiohttp
    from gql import GraphQLRequest
    from gql.transport.async_transport import AsyncTransport
    from graphql import DocumentNode

__all__ = ["PreparedOperation", "Response", "Transport", "prepare"]


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    """A document parsed once and printed once: what ``send`` posts as ``query``."""

    document: DocumentNode
    text: str
    operation_name: str | None
    is_mutation: bool


_PREPARED: dict[str, PreparedOperation] = {}


def prepare(query: str | DocumentNode | GraphQLRequest) -> PreparedOperation:
    """Parse and print a document once per process (cached by its text)."""
    if isinstance(query, str):
        cached = _PREPARED.get(query)
        if cached is not None:
            return cached
    from gql import GraphQLRequest
    from graphql import OperationDefinitionNode, print_ast

    if isinstance(query, str):
        document = GraphQLRequest(query).document
    elif isinstance(query, GraphQLRequest):
        document = query.document
    else:
        document = query
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = operations[0].name.value if len(operations) == 1 and operations[0].name else None
    is_mutation = any(op.operation.value == "mutation" for op in operations)
    prepared = PreparedOperation(document, print_ast(document), name, is_mutation)
    if isinstance(query, str):
        _PREPARED[query] = prepared
    return prepared


@dataclass(slots=True)
class Response:
    """One HTTP exchange: status, headers and the decoded body, kept per request."""

    status_code: int
    headers: Mapping[str, str]
    body: Any
    text: str = ""
    elapsed: float = 0.0
    error: errors.TwentyError | None = field(default=None)

    @property
    def data(self) -> dict[str, Any] | None:
        if isinstance(self.body, dict):
            data = self.body.get("data")
            return data if isinstance(data, dict) else None
        return None

    def raise_for_error(self) -> dict[str, Any]:
        """The ``data`` dict, or the mapped error raised."""
        if self.error is not None:
            raise self.error
        data = self.data
        if data is None:
            raise errors.InvalidResponseError(self.status_code, self.text)
        return data


def _dumps(payload: Any) -> bytes:
    return orjson.dumps(payload, default=to_jsonable_python)


class Transport:
    """One aiohttp session for every request to one GraphQL endpoint.

    ``headers`` (the ``Authorization`` header, typically) are sent with every request and
    never appear in a repr or an error message.
    """

    def __init__(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        session: aiohttp.ClientSession | None = None,
        connector_limit: int = 100,
    ) -> None:
        self.url = url
        self._headers = {"Content-Type": "application/json", **(headers or {})}
        self._timeout = timeout
        self._session = session
        self._owns_session = session is None
        self._connector_limit = connector_limit

    def __repr__(self) -> str:
        return f"Transport(url={self.url!r})"

    @classmethod
    def with_api_key(cls, url: str, api_key: str, **kwargs: Any) -> Transport:
        return cls(url, headers={"Authorization": f"Bearer {api_key}"}, **kwargs)

    async def connect(self) -> None:
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connector_limit),
                json_serialize=lambda obj: _dumps(obj).decode(),
            )
            self._owns_session = True

    async def close(self) -> None:
        if self._session is not None and self._owns_session and not self._session.closed:
            await self._session.close()
        self._session = None

    async def __aenter__(self) -> Transport:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def send(
        self,
        operation: PreparedOperation,
        variables: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """POST one operation; the returned Response carries the mapped error, if any.

        Transport failures raise ``errors.TransportError`` subclasses right away: there is
        no response to hand back.
        """
        import aiohttp

        if self._session is None or self._session.closed:
            await self.connect()
        assert self._session is not None
        payload: dict[str, Any] = {"query": operation.text}
        if operation.operation_name:
            payload["operationName"] = operation.operation_name
        if variables:
            payload["variables"] = variables
        request_headers = self._headers if not headers else {**self._headers, **headers}
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with self._session.post(
                self.url,
                data=_dumps(payload),
                headers=request_headers,
                timeout=aiohttp.ClientTimeout(total=self._timeout if timeout is None else timeout),
            ) as http_response:
                raw = await http_response.read()
                status = http_response.status
                response_headers = dict(http_response.headers)
        except TimeoutError as exc:
            raise errors.TimeoutError(f"no response from {self.url} in time") from exc
        except aiohttp.ClientError as exc:
            raise errors.ConnectionError(
                f"request to {self.url} failed: {type(exc).__name__}"
            ) from exc
        try:
            body: Any = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError:
            body = None
        text = raw.decode("utf-8", "replace") if body is None else ""
        response = Response(status, response_headers, body, text, loop.time() - started)
        response.error = errors.error_from_response(status, response_headers, body, text)
        return response

    def as_gql_transport(self) -> AsyncTransport:
        """This transport behind gql's ``AsyncTransport`` protocol, for a ``gql.Client``."""
        return _gql_adapter_class()(self)


@functools.cache
def _gql_adapter_class() -> Callable[[Transport], AsyncTransport]:
    from gql.transport.async_transport import AsyncTransport
    from graphql import ExecutionResult

    class GqlTransport(AsyncTransport):
        """gql's protocol over ``Transport.send``; GraphQL errors stay in the result."""

        def __init__(self, transport: Transport) -> None:
            self.transport = transport

        async def connect(self) -> None:
            await self.transport.connect()

        async def close(self) -> None:
            await self.transport.close()

        async def execute(self, request: GraphQLRequest) -> ExecutionResult:
            response = await self.transport.send(prepare(request.document), request.variable_values)
            if response.error is not None and not isinstance(response.error, errors.GraphQLError):
                raise response.error
            body = response.body if isinstance(response.body, dict) else {}
            return ExecutionResult(
                data=body.get("data"), errors=body.get("errors"), extensions=body.get("extensions")
            )

        def subscribe(self, request: GraphQLRequest) -> Any:
            raise NotImplementedError("Twenty's /graphql has no subscriptions over HTTP")

    return GqlTransport
