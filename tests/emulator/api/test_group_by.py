"""``xGroupBy`` over HTTP: dimensions, aggregates per group, records per group, ordering, limits.

Each test names the Twenty behaviour it encodes (common-group-by-query-runner.service.ts and the
group-by utils: parse-group-by-args, get-group-by-expression, graphql-query-order-group-by
parser, group-by-with-records service).
"""

from __future__ import annotations

from typing import Any

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer

CREATE_COMPANIES = """
mutation($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id name } }
"""
CREATE_PEOPLE = "mutation($data: [PersonCreateInput!]!) { createPeople(data: $data) { id } }"

GROUP = """
query($groupBy: [CompanyGroupByInput!]!, $filter: CompanyFilterInput,
      $orderBy: [CompanyOrderByWithGroupByInput], $orderByForRecords: [CompanyOrderByInput]) {
  companiesGroupBy(groupBy: $groupBy, filter: $filter, orderBy: $orderBy,
                   orderByForRecords: $orderByForRecords) {
    groupByDimensionValues
    totalCount
    sumEmployees
    countTrueIdealCustomerProfile
  }
}
"""


async def seed(server: EmulatorServer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = await data(server, CREATE_COMPANIES, {"data": rows})
    created: list[dict[str, Any]] = result["createCompanies"]
    return created


async def groups(server: EmulatorServer, **variables: Any) -> list[dict[str, Any]]:
    result = await data(server, GROUP, variables)
    out: list[dict[str, Any]] = result["companiesGroupBy"]
    return out


def _mixed() -> list[dict[str, Any]]:
    return [
        {"name": "A", "employees": 10, "idealCustomerProfile": True},
        {"name": "B", "employees": 20, "idealCustomerProfile": True},
        {"name": "C", "employees": 5, "idealCustomerProfile": False},
        {"name": "D", "employees": None, "idealCustomerProfile": False},
        {"name": "E", "employees": 1, "idealCustomerProfile": False},
    ]


async def test_group_by_boolean_with_aggregates_per_group(twenty_server: EmulatorServer) -> None:
    """One connection per distinct value; selected aggregates computed within the group."""
    await seed(twenty_server, _mixed())
    result = await groups(
        twenty_server,
        groupBy=[{"idealCustomerProfile": True}],
        orderBy=[{"idealCustomerProfile": "AscNullsLast"}],
    )
    assert [g["groupByDimensionValues"] for g in result] == [[False], [True]]
    assert [g["totalCount"] for g in result] == [3, 2]
    assert [g["sumEmployees"] for g in result] == [6, 30]
    assert [g["countTrueIdealCustomerProfile"] for g in result] == [0, 2]


async def test_group_by_respects_filter_and_soft_delete(twenty_server: EmulatorServer) -> None:
    """The filter (and the implicit deletedAt IS NULL) applies before grouping."""
    created = await seed(twenty_server, _mixed())
    await data(
        twenty_server,
        "mutation($id: UUID!) { deleteCompany(id: $id) { id } }",
        {"id": created[0]["id"]},
    )
    result = await groups(
        twenty_server,
        groupBy=[{"idealCustomerProfile": True}],
        filter={"employees": {"gte": 2}},
        orderBy=[{"idealCustomerProfile": "AscNullsLast"}],
    )
    assert [(g["groupByDimensionValues"], g["totalCount"]) for g in result] == [
        ([False], 1),
        ([True], 1),
    ]


async def test_order_groups_by_aggregate(twenty_server: EmulatorServer) -> None:
    """``orderBy: [{aggregate: {totalCount: DescNullsLast}}]`` orders groups by the aggregate."""
    await seed(
        twenty_server,
        [{"name": n} for n in ("x", "y", "y", "z", "z", "z")],
    )
    result = await groups(
        twenty_server,
        groupBy=[{"name": True}],
        orderBy=[{"aggregate": {"totalCount": "DescNullsLast"}}],
    )
    assert [(g["groupByDimensionValues"], g["totalCount"]) for g in result] == [
        (["z"], 3),
        (["y"], 2),
        (["x"], 1),
    ]


async def test_group_by_two_dimensions_and_composite_subfield(
    twenty_server: EmulatorServer,
) -> None:
    """Several GroupByInputs give tuple dimensions; a composite groups by one sub-field."""
    await seed(
        twenty_server,
        [
            {"name": "A", "address": {"addressCity": "Paris"}, "idealCustomerProfile": True},
            {"name": "B", "address": {"addressCity": "Paris"}, "idealCustomerProfile": True},
            {"name": "C", "address": {"addressCity": "Lyon"}, "idealCustomerProfile": False},
        ],
    )
    result = await groups(
        twenty_server,
        groupBy=[{"address": {"addressCity": True}}, {"idealCustomerProfile": True}],
        orderBy=[{"address": {"addressCity": "AscNullsLast"}}],
    )
    assert [(g["groupByDimensionValues"], g["totalCount"]) for g in result] == [
        (["Lyon", False], 1),
        (["Paris", True], 2),
    ]


async def test_group_by_relation_join_column(twenty_server: EmulatorServer) -> None:
    """A MANY_TO_ONE groups by its join column (``companyId``), null for unlinked records."""
    a, b = await seed(twenty_server, [{"name": "A"}, {"name": "B"}])
    await data(
        twenty_server,
        CREATE_PEOPLE,
        {
            "data": [
                {"companyId": a["id"]},
                {"companyId": a["id"]},
                {"companyId": b["id"]},
                {},
            ]
        },
    )
    result = await data(
        twenty_server,
        "{ peopleGroupBy(groupBy: [{companyId: true}]) { groupByDimensionValues totalCount } }",
    )
    counts = {g["groupByDimensionValues"][0]: g["totalCount"] for g in result["peopleGroupBy"]}
    assert counts == {a["id"]: 2, b["id"]: 1, None: 1}


DATES = [
    "2025-01-06T10:00:00.000Z",  # Monday, Q1
    "2025-01-20T23:30:00.000Z",  # Monday
    "2025-02-14T08:00:00.000Z",  # Friday
    "2025-05-03T12:00:00.000Z",  # Saturday, Q2
    "2026-11-30T00:00:00.000Z",  # Monday, Q4
]


async def _date_groups(server: EmulatorServer, granularity: str) -> list[tuple[Any, int]]:
    await data(
        server,
        CREATE_COMPANIES,
        {"data": [{"name": f"c{i}", "createdAt": d} for i, d in enumerate(DATES)]},
    )
    result = await groups(
        server,
        groupBy=[{"createdAt": {"granularity": granularity}}],
        orderBy=[{"createdAt": {"orderBy": "AscNullsLast", "granularity": granularity}}],
    )
    return [(g["groupByDimensionValues"][0], g["totalCount"]) for g in result]


async def test_date_granularity_month_truncates(twenty_server: EmulatorServer) -> None:
    """MONTH is ``DATE_TRUNC('month', col)``: the bucket's first instant."""
    assert await _date_groups(twenty_server, "MONTH") == [
        ("2025-01-01T00:00:00.000Z", 2),
        ("2025-02-01T00:00:00.000Z", 1),
        ("2025-05-01T00:00:00.000Z", 1),
        ("2026-11-01T00:00:00.000Z", 1),
    ]


async def test_date_granularity_quarter_and_year(twenty_server: EmulatorServer) -> None:
    """QUARTER and YEAR truncate too."""
    assert await _date_groups(twenty_server, "QUARTER") == [
        ("2025-01-01T00:00:00.000Z", 3),
        ("2025-04-01T00:00:00.000Z", 1),
        ("2026-10-01T00:00:00.000Z", 1),
    ]


async def test_date_granularity_day_of_the_week_orders_by_calendar(
    twenty_server: EmulatorServer,
) -> None:
    """DAY_OF_THE_WEEK is the English day name, ordered Monday first."""
    assert await _date_groups(twenty_server, "DAY_OF_THE_WEEK") == [
        ("Monday", 3),
        ("Friday", 1),
        ("Saturday", 1),
    ]


async def test_date_granularity_of_the_year(twenty_server: EmulatorServer) -> None:
    """MONTH_OF_THE_YEAR names the month (calendar order); QUARTER_OF_THE_YEAR is Q1..Q4."""
    assert await _date_groups(twenty_server, "MONTH_OF_THE_YEAR") == [
        ("January", 2),
        ("February", 1),
        ("May", 1),
        ("November", 1),
    ]
    result = await groups(
        twenty_server,
        groupBy=[{"createdAt": {"granularity": "QUARTER_OF_THE_YEAR"}}],
        orderBy=[{"aggregate": {"totalCount": "DescNullsLast"}}],
    )
    assert [(g["groupByDimensionValues"][0], g["totalCount"]) for g in result] == [
        ("Q1", 3),
        ("Q2", 1),
        ("Q4", 1),
    ]


async def test_records_per_group_follow_order_by_for_records(
    twenty_server: EmulatorServer,
) -> None:
    """Selecting edges includes each group's records (at most 10), in orderByForRecords order."""
    await seed(
        twenty_server,
        [{"name": f"n{i:02d}", "idealCustomerProfile": i < 12} for i in range(14)],
    )
    result = await data(
        twenty_server,
        """query($o: [CompanyOrderByInput]) {
          companiesGroupBy(groupBy: [{idealCustomerProfile: true}],
                           orderBy: [{idealCustomerProfile: DescNullsLast}],
                           orderByForRecords: $o) {
            groupByDimensionValues totalCount
            edges { cursor node { name } }
            pageInfo { hasNextPage }
          }
        }""",
        {"o": [{"name": "DescNullsLast"}]},
    )
    true_group, false_group = result["companiesGroupBy"]
    assert true_group["totalCount"] == 12
    assert [e["node"]["name"] for e in true_group["edges"]] == [
        f"n{i:02d}" for i in range(11, 1, -1)
    ]
    assert true_group["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["name"] for e in false_group["edges"]] == ["n13", "n12"]
    assert false_group["pageInfo"]["hasNextPage"] is False


async def test_empty_group_by_is_one_group_over_everything(twenty_server: EmulatorServer) -> None:
    """No dimension: the aggregate query has no GROUP BY, so one group with ``[]`` values."""
    await seed(twenty_server, _mixed())
    result = await groups(twenty_server, groupBy=[])
    assert [(g["groupByDimensionValues"], g["totalCount"]) for g in result] == [([], 5)]
    result = await groups(twenty_server, groupBy=[], filter={"name": {"eq": "nobody"}})
    assert [(g["groupByDimensionValues"], g["totalCount"]) for g in result] == [([], 0)]


async def test_at_most_fifty_groups(twenty_server: EmulatorServer) -> None:
    """DEFAULT_NUMBER_OF_GROUPS_LIMIT: 50 groups at most."""
    await seed(twenty_server, [{"name": f"n{i:02d}"} for i in range(55)])
    result = await groups(twenty_server, groupBy=[{"name": True}])
    assert len(result) == 50


async def test_multiple_fields_in_one_group_by_input_is_refused(
    twenty_server: EmulatorServer,
) -> None:
    """validateSingleKeyForGroupByOrThrow: one field per GroupByInput (INVALID_QUERY_INPUT)."""
    body = await post(twenty_server, GROUP, {"groupBy": [{"name": True, "employees": True}]})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["subCode"] == "INVALID_QUERY_INPUT"
    assert "multiple fields in one GroupByInput" in body["errors"][0]["message"]


async def test_ordering_by_a_field_outside_group_by_is_refused(
    twenty_server: EmulatorServer,
) -> None:
    """Groups order only by an aggregate or a groupBy dimension."""
    body = await post(
        twenty_server,
        GROUP,
        {"groupBy": [{"name": True}], "orderBy": [{"employees": "AscNullsLast"}]},
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == (
        "Cannot order by a field that is not an aggregate nor in groupBy criteria: employees."
    )


async def test_ordering_by_a_granularity_not_grouped_is_refused(
    twenty_server: EmulatorServer,
) -> None:
    """A date order must use a granularity present in groupBy."""
    body = await post(
        twenty_server,
        GROUP,
        {
            "groupBy": [{"createdAt": {"granularity": "MONTH"}}],
            "orderBy": [{"createdAt": {"orderBy": "AscNullsLast", "granularity": "YEAR"}}],
        },
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert "granularity that is not in groupBy criteria: YEAR" in body["errors"][0]["message"]
