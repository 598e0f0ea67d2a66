"""Introspection over HTTP with the runtime API key, and waiting for Twenty's schema cache."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.emulator.metadata_http import add_field
from twenty_gql.codegen.introspect import (
    FieldWaitTimeout,
    fetch_schema,
    graphql_url,
    print_sorted,
    wait_for_fields,
)
from twenty_gql.testing.runner import EmulatorServer


async def test_introspection_gives_the_schema_the_api_key_sees(
    twenty_server: EmulatorServer, standard_sdl: str
) -> None:
    schema = await fetch_schema(twenty_server.url, twenty_server.api_key)
    assert print_sorted(schema) == standard_sdl


async def test_wait_for_polls_until_a_new_field_appears(twenty_server: EmulatorServer) -> None:
    """Twenty caches workspace schemas: a field created on /metadata may show up late."""

    async def create_later() -> None:
        await asyncio.sleep(0.4)
        await add_field(twenty_server, "person", "nickname", "TEXT")

    started = time.monotonic()
    creating = asyncio.create_task(create_later())
    schema = await wait_for_fields(
        twenty_server.url, twenty_server.api_key, ["person.nickname", "Company.name"], timeout=10
    )
    await creating
    assert time.monotonic() - started >= 0.4
    person = schema.get_type("Person")
    assert person is not None and "nickname" in person.fields  # type: ignore[attr-defined]


async def test_wait_for_times_out_naming_what_is_missing(twenty_server: EmulatorServer) -> None:
    with pytest.raises(FieldWaitTimeout) as caught:
        await wait_for_fields(
            twenty_server.url,
            twenty_server.api_key,
            ["company.nope", "company.name", "spaceship.*"],
            timeout=0.6,
            interval=0.1,
        )
    assert caught.value.missing == ["company.nope", "spaceship.*"]
    assert "company.nope, spaceship.*" in str(caught.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://localhost:3000", "http://localhost:3000/graphql"),
        ("http://localhost:3000/", "http://localhost:3000/graphql"),
        ("https://crm.example.com/graphql", "https://crm.example.com/graphql"),
    ],
)
def test_url_may_be_the_server_root_or_the_endpoint(given: str, expected: str) -> None:
    assert graphql_url(given) == expected
