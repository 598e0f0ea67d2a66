"""Numbers on the wire as Twenty (JavaScript) writes them: a whole Float is ``42``, not ``42.0``."""

from __future__ import annotations

from typing import Any

import aiohttp

from twenty_gql.testing.js_numbers import js_number, js_numbers
from twenty_gql.testing.runner import EmulatorServer


async def _raw(server: EmulatorServer, query: str, variables: dict[str, Any]) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            server.graphql_url,
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {server.api_key}"},
        ) as response,
    ):
        assert response.status == 200
        return await response.text()


async def test_whole_floats_and_amounts_are_written_without_a_fraction(
    twenty_server: EmulatorServer,
) -> None:
    data = {
        "name": "Round",
        "employees": 42,
        "annualRecurringRevenue": {"amountMicros": 5000000000, "currencyCode": "EUR"},
    }
    text = await _raw(
        twenty_server,
        "mutation($d: CompanyCreateInput!) { createCompany(data: $d) {"
        " employees annualRecurringRevenue { amountMicros } } }",
        {"d": data},
    )
    assert '"employees":42' in text and '"employees":42.0' not in text
    assert '"amountMicros":5000000000' in text and "5000000000.0" not in text


async def test_aggregates_and_fractions_keep_javascripts_shape(
    twenty_server: EmulatorServer,
) -> None:
    for employees in (10, 11):
        await _raw(
            twenty_server,
            "mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id } }",
            {"d": {"name": f"C{employees}", "employees": employees}},
        )
    text = await _raw(
        twenty_server,
        "{ companies { sumEmployees avgEmployees minEmployees } }",
        {},
    )
    assert '"sumEmployees":21' in text and '"minEmployees":10' in text
    assert '"avgEmployees":10.5' in text


def test_js_number_rules() -> None:
    assert js_number(42.0) == 42 and isinstance(js_number(42.0), int)
    assert js_number(-0.5) == -0.5
    assert isinstance(js_number(1e21), float)  # JavaScript prints 1e+21 from here on
    assert js_number(True) is True and js_number("42.0") == "42.0"
    assert js_numbers({"a": [1.0, {"b": 2.5}]}) == {"a": [1, {"b": 2.5}]}
