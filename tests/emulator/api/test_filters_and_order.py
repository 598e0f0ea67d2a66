"""Every filter operator family, composite sub-fields, relation ids, and/or/not, soft
deletes hidden unless ``deletedAt`` is named, and the four null orderings."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer

COMPANIES = [
    {
        "name": "Acme",
        "employees": 10,
        "idealCustomerProfile": True,
        "domainName": {"primaryLinkUrl": "https://acme.example"},
        "address": {"addressCity": "Paris"},
        "annualRecurringRevenue": {"amountMicros": 5_000_000, "currencyCode": "EUR"},
    },
    {
        "name": "Globex",
        "employees": 250,
        "domainName": {"primaryLinkUrl": "https://globex.example"},
        "address": {"addressCity": "Berlin"},
        "annualRecurringRevenue": {"amountMicros": 9_000_000, "currencyCode": "USD"},
    },
    {"name": "Initech", "domainName": {"primaryLinkUrl": "https://initech.example"}},
    {
        "name": "acme labs",
        "employees": 40,
        "domainName": {"primaryLinkUrl": "https://labs.example"},
    },
]


async def names(server: EmulatorServer, filter_: dict[str, Any], order: Any = None) -> list[str]:
    result = await data(
        server,
        "query($f: CompanyFilterInput, $o: [CompanyOrderByInput]) "
        "{ companies(filter: $f, orderBy: $o) { edges { node { name } } } }",
        {"f": filter_, "o": order or [{"name": "AscNullsFirst"}]},
    )
    return [e["node"]["name"] for e in result["companies"]["edges"]]


@pytest.fixture
async def companies(twenty_server: EmulatorServer) -> list[dict[str, Any]]:
    result = await data(
        twenty_server,
        "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { id name } }",
        {"d": COMPANIES},
    )
    created: list[dict[str, Any]] = result["createCompanies"]
    return created


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"name": {"eq": "Acme"}}, ["Acme"]),
        ({"name": {"neq": "Acme"}}, ["Globex", "Initech", "acme labs"]),
        ({"name": {"in": ["Acme", "Initech"]}}, ["Acme", "Initech"]),
        ({"name": {"like": "%cme%"}}, ["Acme", "acme labs"]),
        ({"name": {"ilike": "ACME%"}}, ["Acme", "acme labs"]),
        ({"name": {"startsWith": "Glo"}}, ["Globex"]),
        ({"employees": {"gt": 10}}, ["Globex", "acme labs"]),
        ({"and": [{"employees": {"gte": 10}}, {"employees": {"lt": 250}}]}, ["Acme", "acme labs"]),
        ({"employees": {"lte": 10}}, ["Acme"]),
        ({"employees": {"is": "NULL"}}, ["Initech"]),
        ({"employees": {"is": "NOT_NULL"}}, ["Acme", "Globex", "acme labs"]),
        ({"idealCustomerProfile": {"eq": True}}, ["Acme"]),
        ({"domainName": {"primaryLinkUrl": {"ilike": "%globex%"}}}, ["Globex"]),
        ({"address": {"addressCity": {"in": ["Paris", "Berlin"]}}}, ["Acme", "Globex"]),
        ({"annualRecurringRevenue": {"amountMicros": {"gt": 6_000_000}}}, ["Globex"]),
        ({"or": [{"name": {"eq": "Acme"}}, {"employees": {"gt": 100}}]}, ["Acme", "Globex"]),
        ({"and": [{"name": {"ilike": "%acme%"}}, {"employees": {"gt": 20}}]}, ["acme labs"]),
        ({"not": {"name": {"ilike": "%acme%"}}}, ["Globex", "Initech"]),
        (
            {"name": {"ilike": "%e%"}, "employees": {"is": "NOT_NULL"}},
            ["Acme", "Globex", "acme labs"],
        ),
    ],
)
async def test_filter_operators(
    twenty_server: EmulatorServer,
    companies: list[dict[str, Any]],
    filter_: dict[str, Any],
    expected: list[str],
) -> None:
    # Text sorts like Postgres' default (linguistic, case-insensitive) collation.
    assert await names(twenty_server, filter_) == sorted(expected, key=str.lower)


async def test_two_operators_on_one_field_are_refused(
    twenty_server: EmulatorServer, companies: list[dict[str, Any]]
) -> None:
    """Twenty's filter parser wants exactly one operator per field object (use ``and``)."""
    body = await post(
        twenty_server,
        "{ companies(filter: {employees: {gte: 10, lt: 250}}) { totalCount } }",
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert "employees" in body["errors"][0]["message"]


async def test_relation_id_filter(
    twenty_server: EmulatorServer, companies: list[dict[str, Any]]
) -> None:
    """Many-to-one join columns filter with UUIDFilter (``companyId: {in: [...]}``)."""
    acme = companies[0]["id"]
    await data(
        twenty_server,
        "mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id } }",
        {"d": [{"name": {"firstName": "Ann"}, "companyId": acme}, {"name": {"firstName": "Bob"}}]},
    )
    result = await data(
        twenty_server,
        "query($ids: [UUID!]) { people(filter: {companyId: {in: $ids}}) "
        "{ edges { node { name { firstName } } } } }",
        {"ids": [acme]},
    )
    assert [e["node"]["name"]["firstName"] for e in result["people"]["edges"]] == ["Ann"]


async def test_enum_filters_eq_in_and_multi_select_contains_any(
    twenty_server: EmulatorServer,
) -> None:
    await data(
        twenty_server,
        "mutation($d: [OpportunityCreateInput!]!) { createOpportunities(data: $d) { id } }",
        {
            "d": [
                {"name": "a", "stage": "NEW"},
                {"name": "b", "stage": "MEETING"},
                {"name": "c", "stage": "CUSTOMER"},
            ]
        },
    )
    result = await data(
        twenty_server,
        "{ opportunities(filter: {stage: {in: [NEW, CUSTOMER]}}, orderBy: [{name: AscNullsFirst}]) "
        "{ edges { node { name stage } } } }",
    )
    assert [e["node"]["name"] for e in result["opportunities"]["edges"]] == ["a", "c"]
    result = await data(
        twenty_server, "{ opportunities(filter: {stage: {neq: NEW}}) { totalCount } }"
    )
    assert result["opportunities"]["totalCount"] == 2


async def test_date_time_filter_supports_ranges(twenty_server: EmulatorServer) -> None:
    """DATE_TIME fields filter with DateTimeFilter (the deliberate fix of Twenty's bare scalar)."""
    await data(
        twenty_server,
        "mutation($d: [TaskCreateInput!]!) { createTasks(data: $d) { id } }",
        {
            "d": [
                {"title": "early", "dueAt": "2026-01-01T00:00:00.000Z"},
                {"title": "late", "dueAt": "2026-12-01T00:00:00.000Z"},
            ]
        },
    )
    result = await data(
        twenty_server,
        '{ tasks(filter: {dueAt: {gte: "2026-06-01T00:00:00.000Z"}}) { edges { node { title } } } }',
    )
    assert [e["node"]["title"] for e in result["tasks"]["edges"]] == ["late"]


async def test_soft_deleted_records_hidden_unless_filter_names_deleted_at(
    twenty_server: EmulatorServer, companies: list[dict[str, Any]]
) -> None:
    await data(
        twenty_server,
        "mutation($id: UUID!) { deleteCompany(id: $id) { id deletedAt } }",
        {"id": companies[0]["id"]},
    )
    assert "Acme" not in await names(twenty_server, {})
    assert await names(twenty_server, {"deletedAt": {"is": "NOT_NULL"}}) == ["Acme"]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("AscNullsFirst", ["Initech", "Acme", "acme labs", "Globex"]),
        ("AscNullsLast", ["Acme", "acme labs", "Globex", "Initech"]),
        ("DescNullsFirst", ["Initech", "Globex", "acme labs", "Acme"]),
        ("DescNullsLast", ["Globex", "acme labs", "Acme", "Initech"]),
    ],
)
async def test_order_by_null_orderings(
    twenty_server: EmulatorServer,
    companies: list[dict[str, Any]],
    direction: str,
    expected: list[str],
) -> None:
    assert await names(twenty_server, {}, [{"employees": direction}]) == expected


async def test_order_by_composite_sub_field(
    twenty_server: EmulatorServer, companies: list[dict[str, Any]]
) -> None:
    order = [{"annualRecurringRevenue": {"amountMicros": "DescNullsLast"}}]
    assert (await names(twenty_server, {}, order))[:2] == ["Globex", "Acme"]
