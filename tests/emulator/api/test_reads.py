"""Plural and singular reads, Twenty's cursors, keyset pagination, totals, aggregates."""

from __future__ import annotations

import base64
import json
from typing import Any

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer

CREATE = """
mutation($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id name employees } }
"""

PAGE = """
query($first: Int, $last: Int, $after: String, $before: String, $orderBy: [CompanyOrderByInput],
      $filter: CompanyFilterInput, $offset: Int) {
  companies(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy,
            filter: $filter, offset: $offset) {
    totalCount
    edges { cursor node { id name employees } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def seed(server: EmulatorServer, n: int, **extra: Any) -> list[dict[str, Any]]:
    rows = [
        {"name": f"Company {i:03d}", "employees": (i % 7) * 10 if i % 5 else None, **extra}
        for i in range(n)
    ]
    result = await data(server, CREATE, {"data": rows})
    created: list[dict[str, Any]] = result["createCompanies"]
    return created


async def page(server: EmulatorServer, **variables: Any) -> dict[str, Any]:
    result = await data(server, PAGE, variables)
    connection: dict[str, Any] = result["companies"]
    return connection


async def test_cursor_is_base64_json_of_order_keys_and_id(twenty_server: EmulatorServer) -> None:
    """Twenty's cursor: base64(JSON({...orderBy values, id})) (cursors.util.ts)."""
    await seed(twenty_server, 3)
    first = await page(twenty_server, first=1, orderBy=[{"name": "AscNullsFirst"}])
    edge = first["edges"][0]
    decoded = json.loads(base64.b64decode(edge["cursor"]))
    assert decoded == {"name": edge["node"]["name"], "id": edge["node"]["id"]}
    plain = await page(twenty_server, first=1)
    assert json.loads(base64.b64decode(plain["edges"][0]["cursor"])) == {
        "id": plain["edges"][0]["node"]["id"]
    }


async def test_forward_pagination_visits_every_record_once_with_nullable_order(
    twenty_server: EmulatorServer,
) -> None:
    """Keyset pagination on a nullable, duplicated key loses nothing (Twenty bug #24333 avoided)."""
    created = await seed(twenty_server, 53)
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        conn = await page(
            twenty_server, first=10, after=after, orderBy=[{"employees": "DescNullsLast"}]
        )
        pages += 1
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["totalCount"] == 53
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert pages == 6
    assert sorted(seen) == sorted(c["id"] for c in created)
    assert len(seen) == len(set(seen))


async def test_backward_pagination_with_last_and_before(twenty_server: EmulatorServer) -> None:
    """``before`` pages backwards (``last`` records just before the cursor, in the requested
    order); without ``before`` Twenty paginates forward even when given ``last``
    (isForwardPagination = !isDefined(args.before) in the find-many runner)."""
    await seed(twenty_server, 12)
    order = [{"name": "AscNullsFirst"}]
    everything = await page(twenty_server, first=50, orderBy=order)
    names = [e["node"]["name"] for e in everything["edges"]]
    cursors = [e["cursor"] for e in everything["edges"]]
    before = await page(twenty_server, last=5, before=cursors[9], orderBy=order)
    assert [e["node"]["name"] for e in before["edges"]] == names[4:9]
    assert before["pageInfo"]["hasPreviousPage"] is True
    start = await page(twenty_server, last=5, before=cursors[3], orderBy=order)
    assert [e["node"]["name"] for e in start["edges"]] == names[0:3]
    assert start["pageInfo"]["hasPreviousPage"] is False
    forward = await page(twenty_server, last=5, orderBy=order)
    assert [e["node"]["name"] for e in forward["edges"]] == names[:5]


async def test_offset_applies_on_top_of_the_order(twenty_server: EmulatorServer) -> None:
    await seed(twenty_server, 8)
    order = [{"name": "AscNullsFirst"}]
    everything = await page(twenty_server, first=50, orderBy=order)
    skipped = await page(twenty_server, first=3, offset=2, orderBy=order)
    assert [e["node"]["id"] for e in skipped["edges"]] == [
        e["node"]["id"] for e in everything["edges"][2:5]
    ]


async def test_total_count_is_over_the_filtered_set(twenty_server: EmulatorServer) -> None:
    await seed(twenty_server, 20)
    conn = await page(twenty_server, first=2, filter={"employees": {"gte": 30}})
    expected = len([i for i in range(20) if i % 5 and (i % 7) * 10 >= 30])
    assert conn["totalCount"] == expected
    assert len(conn["edges"]) == 2


async def test_page_cap_limits_the_page_to_query_max_records(twenty_server: EmulatorServer) -> None:
    """QUERY_MAX_RECORDS = 200: a larger ``first`` gets 200 records and hasNextPage."""
    for _ in range(2):
        await seed(twenty_server, 150)
    conn = await page(twenty_server, first=500)
    assert len(conn["edges"]) == 200
    assert conn["pageInfo"]["hasNextPage"] is True
    default = await page(twenty_server)
    assert len(default["edges"]) == 200


async def test_aggregates_are_computed_over_the_filter(twenty_server: EmulatorServer) -> None:
    await data(
        twenty_server,
        CREATE,
        {"data": [{"name": "a", "employees": 10}, {"name": "b", "employees": 30}, {"name": "c"}]},
    )
    result = await data(
        twenty_server,
        """{ companies { totalCount countNotEmptyEmployees countEmptyEmployees minEmployees
                          maxEmployees sumEmployees avgEmployees countUniqueValuesName } }""",
    )
    agg = result["companies"]
    assert agg["totalCount"] == 3
    assert agg["countNotEmptyEmployees"] == 2
    assert agg["countEmptyEmployees"] == 1
    assert (agg["minEmployees"], agg["maxEmployees"]) == (10, 30)
    assert agg["sumEmployees"] == 40
    assert agg["avgEmployees"] == 20
    assert agg["countUniqueValuesName"] == 3


async def test_find_one_by_filter_and_not_found(twenty_server: EmulatorServer) -> None:
    """Singular query takes a filter; no match is NOT_FOUND "Record not found"."""
    [acme] = await seed(twenty_server, 1)
    found = await data(
        twenty_server,
        "query($id: UUID) { company(filter: {id: {eq: $id}}) { id name } }",
        {"id": acme["id"]},
    )
    assert found["company"]["name"] == acme["name"]
    missing = await post(
        twenty_server,
        'query { company(filter: {name: {eq: "nobody"}}) { id } }',
    )
    assert error_code(missing) == "NOT_FOUND"
    assert missing["errors"][0]["message"] == "Record not found"


async def test_argument_rules_are_bad_user_input(twenty_server: EmulatorServer) -> None:
    """first+last, before+after, negative first and a bad cursor → BAD_USER_INPUT."""
    cases = [
        ("{ companies(first: 1, last: 1) { totalCount } }", "Cannot provide both first and last"),
        (
            '{ companies(after: "a", before: "b") { totalCount } }',
            "Cannot provide both before and after",
        ),
        ("{ companies(first: -1) { totalCount } }", "First argument must be non-negative"),
        ('{ companies(after: "not-a-cursor") { totalCount } }', "Invalid cursor"),
    ]
    for query, message in cases:
        body = await post(twenty_server, query)
        assert error_code(body) == "BAD_USER_INPUT", query
        assert message in body["errors"][0]["message"]
