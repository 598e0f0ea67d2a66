"""The one request path: every GraphQL call of the client goes through ``Transport.send``.

This module is a public contract: generated packages (``twenty-gql codegen`` output) import
``Transport``, ``Response`` and ``prepare`` from here, through their ``base_client.py``.

``send`` is one loop, in the shape of openai-python's: wait for the rate limiter, POST once
(``send_once``), decide from the outcome whether to retry (``twenty_gql._policies``, pure
functions), sleep with backoff, try again. Why not gql's ``AIOHTTPTransport`` as is: it keeps
response headers on the shared transport (racy under concurrent requests), re-prints the
document on every call, hides the HTTP status once the body has ``errors``, and retries
nothing. Here every attempt returns its own status and case-insensitive headers, documents are
parsed and printed once (a bounded cache), bodies are encoded with orjson, and the error is
named in one place (``twenty_gql.errors.error_from_response``).

The body is kept as bytes and decoded only when needed, so the facade can validate it straight
into pydantic models (``Response.content``) without building dicts first.

aiohttp, gql and graphql-core are imported on first use, not at import.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from multidict import CIMultiDict, CIMultiDictProxy
from pydantic_core import to_jsonable_python

from . import _policies, errors

if TYPE_CHECKING:
    import aiohttp
    from gql import GraphQLRequest
    from gql.transport.async_transport import AsyncTransport
    from graphql import DocumentNode

__all__ = [
    "PreparedOperation",
    "RateLimiter",
    "RequestPolicy",
    "Response",
    "RetryPolicy",
    "Transport",
    "prepare",
]

RateLimiter = _policies.RateLimiter
RetryPolicy = _policies.RetryPolicy

logger = logging.getLogger("twenty_gql")

#: a marker a GraphQL error body always contains; its absence proves a body has no ``errors``
_ERRORS_MARKER = b'"errors"'


class PreparedOperation(NamedTuple):
    """A document parsed once and printed once: what ``send`` posts as ``query``."""

    document: DocumentNode
    text: str
    operation_name: str | None
    is_mutation: bool


class _PreparedCache:
    """Documents by their text, least recently used dropped past ``maxsize``.

    Bounded because callers may build documents at run time (``execute`` with f-strings):
    an unbounded cache would grow with every distinct text.
    """

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, PreparedOperation] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> PreparedOperation | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: str, value: PreparedOperation) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)


PREPARED_CACHE = _PreparedCache()


def prepare(query: str | DocumentNode | GraphQLRequest) -> PreparedOperation:
    """Parse and print a document once per process (cached by its text, bounded)."""
    if isinstance(query, str):
        cached = PREPARED_CACHE.get(query)
        if cached is not None:
            return cached
    from gql import GraphQLRequest
    from graphql import GraphQLError, OperationDefinitionNode, print_ast

    if isinstance(query, str):
        try:
            document = GraphQLRequest(query).document
        except GraphQLError as exc:
            raise errors.InvalidInputError(f"the GraphQL document does not parse: {exc}") from exc
    elif isinstance(query, GraphQLRequest):
        document = query.document
    else:
        document = query
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = operations[0].name.value if len(operations) == 1 and operations[0].name else None
    is_mutation = any(op.operation.value == "mutation" for op in operations)
    prepared = PreparedOperation(document, print_ast(document), name, is_mutation)
    if isinstance(query, str):
        PREPARED_CACHE.put(query, prepared)
    return prepared


@dataclass(slots=True, eq=False)
class Response:
    """One HTTP exchange: status, case-insensitive headers, the raw body; decoded on demand."""

    status_code: int
    headers: CIMultiDictProxy[str]
    content: bytes
    elapsed: float = 0.0
    operation: str | None = None
    attempts: int = 1
    _body: Any = field(default=None, repr=False)
    _decoded: bool = field(default=False, repr=False)
    _error: errors.TwentyError | None = field(default=None, repr=False)
    _error_known: bool = field(default=False, repr=False)

    @property
    def body(self) -> Any:
        """The decoded JSON body, or None when it is not JSON."""
        if not self._decoded:
            try:
                self._body = orjson.loads(self.content) if self.content else None
            except orjson.JSONDecodeError:
                self._body = None
            self._decoded = True
        return self._body

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def may_have_errors(self) -> bool:
        """False when the body provably has no ``errors`` (the fast path skips decoding)."""
        return self.status_code != 200 or _ERRORS_MARKER in self.content

    @property
    def error(self) -> errors.TwentyError | None:
        """The error this exchange amounts to, named once by ``errors.error_from_response``."""
        if not self._error_known:
            if self.may_have_errors or not self.content.startswith(b"{"):
                body = self.body
                self._error = errors.error_from_response(
                    self.status_code, self.headers, body, "" if body is not None else self.text
                )
                if self._error is not None:
                    self._error.operation = self.operation
                    self._error.response = self
            self._error_known = True
        return self._error

    @property
    def data(self) -> dict[str, Any] | None:
        body = self.body
        if isinstance(body, dict):
            data = body.get("data")
            return data if isinstance(data, dict) else None
        return None

    def raise_for_error(self) -> dict[str, Any]:
        """The ``data`` dict, or the mapped error raised."""
        error = self.error
        if error is not None:
            raise error
        data = self.data
        if data is None:
            invalid = errors.InvalidResponseError(self.status_code, self.text)
            invalid.operation, invalid.response = self.operation, self
            raise invalid
        return data


class RequestPolicy(NamedTuple):
    """What every request of one client shares: retries, the rate limiter, the timeout."""

    retry: _policies.RetryPolicy = _policies.RetryPolicy()
    rate_limiter: _policies.RateLimiter | None = None
    timeout: float = 30.0


def _dumps(payload: Any) -> bytes:
    return orjson.dumps(payload, default=to_jsonable_python)


class Transport:
    """One aiohttp session for every request to one GraphQL endpoint.

    ``headers`` (the ``Authorization`` header, typically) are sent with every request and
    never appear in a repr, a log line or an error message. Several transports (``/graphql``
    and ``/metadata``) may share one ``session`` and one ``policy``.
    """

    def __init__(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        session: aiohttp.ClientSession | None = None,
        connector_limit: int = 100,
        policy: RequestPolicy | None = None,
        session_provider: Callable[[], Awaitable[aiohttp.ClientSession]] | None = None,
    ) -> None:
        self.url = url
        self._headers = {"Content-Type": "application/json", **(headers or {})}
        self.policy = policy or RequestPolicy()
        if timeout is not None:
            self.policy = RequestPolicy(self.policy.retry, self.policy.rate_limiter, timeout)
        self._session = session
        self._owns_session = session is None and session_provider is None
        self._session_provider = session_provider
        self._connector_limit = connector_limit

    def __repr__(self) -> str:
        return f"Transport(url={self.url!r})"

    @classmethod
    def with_api_key(cls, url: str, api_key: str, **kwargs: Any) -> Transport:
        return cls(url, headers={"Authorization": f"Bearer {api_key}"}, **kwargs)

    def with_policy(self, policy: RequestPolicy) -> Transport:
        """The same endpoint, headers and session, with another policy."""
        clone = copy.copy(self)
        clone.policy = policy
        clone._owns_session = False
        return clone

    @property
    def session(self) -> aiohttp.ClientSession | None:
        return self._session

    async def connect(self) -> None:
        import aiohttp

        if self._session_provider is not None:
            self._session = await self._session_provider()
            return
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connector_limit),
                json_serialize=lambda obj: _dumps(obj).decode(),
            )
            self._owns_session = True

    async def close(self) -> None:
        if self._session is not None and self._owns_session and not self._session.closed:
            await self._session.close()
        if self._owns_session:
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
        idempotent: bool | None = None,
        max_retries: int | None = None,
    ) -> Response:
        """Send with the client's policies; the returned Response carries any final error.

        ``idempotent`` says whether repeating the request is harmless after an ambiguous
        failure; it defaults to True for queries and False for mutations. ``max_retries``
        overrides the policy for this call. A transport failure that is not retried raises.
        """
        policy = self.policy
        retry = policy.retry
        if max_retries is not None:
            retry = dataclasses.replace(retry, max_retries=max_retries)
        safe = (not operation.is_mutation) if idempotent is None else idempotent
        limiter = policy.rate_limiter
        name = operation.operation_name or "anonymous"
        retries_done = 0
        while True:
            if limiter is not None:
                await limiter.acquire()
            started = asyncio.get_running_loop().time()
            failure: errors.TwentyError | None
            try:
                response = await self.send_once(
                    operation, variables, headers=headers, timeout=timeout
                )
                failure = response.error
            except errors.TransportError as exc:
                response, failure = None, exc
            elapsed_ms = (asyncio.get_running_loop().time() - started) * 1000
            retrying = failure is not None and _policies.should_retry(
                failure, retries_done=retries_done, idempotent=safe, policy=retry
            )
            if logger.isEnabledFor(logging.DEBUG):
                outcome = "ok" if failure is None else type(failure).__name__
                logger.debug(
                    "%s attempt=%d %.1fms %s%s",
                    name, retries_done + 1, elapsed_ms, outcome, " (retrying)" if retrying else "",
                )  # fmt: skip
            if not retrying:
                if response is None:
                    assert failure is not None
                    raise failure
                response.attempts = retries_done + 1
                return response
            assert failure is not None
            delay = self._retry_delay(failure, retries_done, retry)
            retries_done += 1
            await asyncio.sleep(delay)

    def _retry_delay(
        self, failure: errors.TwentyError, retries_done: int, retry: _policies.RetryPolicy
    ) -> float:
        limiter = self.policy.rate_limiter
        if isinstance(failure, errors.RateLimitError):
            if limiter is not None and failure.tokens and failure.window_ms:
                limiter.learn(failure.tokens, failure.window_ms)
                return 0.0  # the limiter now paces the retry
            if failure.tokens and failure.window_ms:
                return failure.window_ms / 1000 / failure.tokens
        retry_after = getattr(failure, "retry_after", None)
        return _policies.backoff_delay(retries_done, retry, retry_after=retry_after)

    async def send_once(
        self,
        operation: PreparedOperation,
        variables: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Response:
        """POST one operation, once. Transport failures raise ``errors.TransportError``."""
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
        total = self.policy.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        started = loop.time()
        failure: errors.TransportError
        try:
            async with self._session.post(
                self.url,
                data=_dumps(payload),
                headers=request_headers,
                timeout=aiohttp.ClientTimeout(total=total),
            ) as http_response:
                raw = await http_response.read()
                status = http_response.status
                response_headers = CIMultiDictProxy(CIMultiDict(http_response.headers))
        except TimeoutError:
            failure = errors.APITimeoutError(f"no response from {self.url} within {total:g} s")
        except aiohttp.ClientConnectorError as exc:
            failure = errors.APIConnectionError(
                f"could not connect to {self.url}: {type(exc).__name__}", sent=False
            )
        except aiohttp.ClientError as exc:
            failure = errors.APIConnectionError(
                f"request to {self.url} failed: {type(exc).__name__}"
            )
        else:
            response = Response(
                status, response_headers, raw, loop.time() - started, operation.operation_name
            )
            if status == 404 and response.error is not None:
                response._error = _not_found_hint(self.url, response.error)
            return response
        failure.operation = operation.operation_name
        raise failure

    def as_gql_transport(self) -> AsyncTransport:
        """This transport behind gql's ``AsyncTransport`` protocol, for a ``gql.Client``."""
        return _gql_adapter_class()(self)


def _not_found_hint(url: str, error: errors.TwentyError) -> errors.TwentyError:
    """A 404 almost always means a wrong URL: say which ones Twenty serves."""
    if not isinstance(error, errors.HTTPStatusError):
        return error
    hinted = errors.HTTPStatusError(
        404,
        retry_after=error.retry_after,
        body=f"{url} answered 404: point the client at the server root "
        "(https://crm.example.com) or its /graphql endpoint",
    )
    hinted.operation, hinted.response = error.operation, error.response
    return hinted


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
