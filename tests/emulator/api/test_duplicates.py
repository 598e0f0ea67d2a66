"""``xDuplicates`` over HTTP: Twenty's duplicate detection by the object's duplicate criteria.

Encodes common-find-duplicates-query-runner.service.ts and build-duplicate-conditions.utils.ts
(company: ``name`` or ``domainName.primaryLinkUrl``; person: first+last name,
``linkedinLink.primaryLinkUrl`` or ``emails.primaryEmail``; values shorter than 3 characters
are ignored; the record itself is excluded).
"""

from __future__ import annotations

from typing import Any

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer

CREATE_COMPANIES = """
mutation($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id name } }
"""
CREATE_PEOPLE = "mutation($data: [PersonCreateInput!]!) { createPeople(data: $data) { id } }"
COMPANY_DUPLICATES = """
query($ids: [UUID], $data: [CompanyCreateInput]) {
  companyDuplicates(ids: $ids, data: $data) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def companies(server: EmulatorServer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = await data(server, CREATE_COMPANIES, {"data": rows})
    created: list[dict[str, Any]] = result["createCompanies"]
    return created


def _ids(connection: dict[str, Any]) -> set[str]:
    return {edge["node"]["id"] for edge in connection["edges"]}


async def test_company_duplicates_by_name_or_domain(twenty_server: EmulatorServer) -> None:
    """Either criterion matches (or-ed); the record itself is never its own duplicate."""
    acme, same_name, _other, globex = await companies(
        twenty_server,
        [
            {"name": "Acme", "domainName": {"primaryLinkUrl": "https://acme.com"}},
            {"name": "Acme"},
            {"name": "Acme Corp"},
            {"name": "Globex", "domainName": {"primaryLinkUrl": "https://globex.com"}},
        ],
    )
    result = await data(twenty_server, COMPANY_DUPLICATES, {"ids": [acme["id"]]})
    (connection,) = result["companyDuplicates"]
    assert _ids(connection) == {same_name["id"]}
    assert connection["totalCount"] == 1
    assert connection["pageInfo"]["hasNextPage"] is False
    assert connection["pageInfo"]["startCursor"] == connection["edges"][0]["cursor"]
    probe = {"name": "Acme", "domainName": {"primaryLinkUrl": "https://globex.com"}}
    result = await data(twenty_server, COMPANY_DUPLICATES, {"data": [probe]})
    assert _ids(result["companyDuplicates"][0]) == {acme["id"], same_name["id"], globex["id"]}


async def test_one_connection_per_id_in_order(twenty_server: EmulatorServer) -> None:
    """``ids`` gives one connection per found record; unknown ids give none."""
    a1, a2, b1, b2 = await companies(
        twenty_server, [{"name": "Alpha"}, {"name": "Alpha"}, {"name": "Bravo"}, {"name": "Bravo"}]
    )
    missing = "00000000-0000-4000-8000-000000000000"
    result = await data(twenty_server, COMPANY_DUPLICATES, {"ids": [b1["id"], missing, a1["id"]]})
    assert [_ids(c) for c in result["companyDuplicates"]] == [{b2["id"]}, {a2["id"]}]


async def test_data_items_are_checked_like_create_input(twenty_server: EmulatorServer) -> None:
    """``data`` items are normalised (link origin lower-cased) before matching; no id exclusion."""
    (acme,) = await companies(
        twenty_server, [{"name": "Acme", "domainName": {"primaryLinkUrl": "https://acme.com"}}]
    )
    result = await data(
        twenty_server,
        COMPANY_DUPLICATES,
        {"data": [{"name": "New", "domainName": {"primaryLinkUrl": "https://ACME.com/"}}]},
    )
    (connection,) = result["companyDuplicates"]
    assert _ids(connection) == {acme["id"]}


async def test_values_shorter_than_three_characters_are_ignored(
    twenty_server: EmulatorServer,
) -> None:
    """minLengthOfStringForDuplicateCheck = 3: a two-letter name finds nothing."""
    first, _second = await companies(twenty_server, [{"name": "AB"}, {"name": "AB"}])
    result = await data(twenty_server, COMPANY_DUPLICATES, {"ids": [first["id"]]})
    assert result["companyDuplicates"] == [
        {
            "totalCount": 0,
            "edges": [],
            "pageInfo": {
                "hasNextPage": False,
                "hasPreviousPage": False,
                "startCursor": None,
                "endCursor": None,
            },
        }
    ]


async def test_person_duplicates_need_first_and_last_name(twenty_server: EmulatorServer) -> None:
    """Person criteria: name.firstName AND name.lastName together, or the primary email."""
    rows = [
        {"name": {"firstName": "Ada", "lastName": "Lovelace"}},
        {"name": {"firstName": "Ada", "lastName": "Lovelace"}},
        {"name": {"firstName": "Ada", "lastName": "Byron"}},
        {
            "name": {"firstName": "Someone", "lastName": "Else"},
            "emails": {"primaryEmail": "ada@example.com"},
        },
        {
            "name": {"firstName": "Other", "lastName": "Person"},
            "emails": {"primaryEmail": "ADA@example.com"},
        },
    ]
    created = (await data(twenty_server, CREATE_PEOPLE, {"data": rows[:4]}))["createPeople"]
    query = """query($data: [PersonCreateInput]) {
      personDuplicates(data: $data) { totalCount edges { node { id } } }
    }"""
    result = await data(twenty_server, query, {"data": [rows[0], rows[4]]})
    by_name, by_email = result["personDuplicates"]
    assert {e["node"]["id"] for e in by_name["edges"]} == {created[0]["id"], created[1]["id"]}
    assert {e["node"]["id"] for e in by_email["edges"]} == {created[3]["id"]}


async def test_soft_deleted_records_are_not_duplicates(twenty_server: EmulatorServer) -> None:
    """Duplicates are searched among live records only."""
    first, second = await companies(twenty_server, [{"name": "Acme"}, {"name": "Acme"}])
    await data(
        twenty_server,
        "mutation($id: UUID!) { deleteCompany(id: $id) { id } }",
        {"id": second["id"]},
    )
    result = await data(twenty_server, COMPANY_DUPLICATES, {"ids": [first["id"]]})
    assert result["companyDuplicates"][0]["totalCount"] == 0


async def test_ids_and_data_are_exclusive(twenty_server: EmulatorServer) -> None:
    """Exactly one of ids/data (INVALID_QUERY_INPUT), and data may not be empty."""
    cases = [
        ({}, 'You have to provide either "data" or "ids" argument'),
        (
            {"ids": [], "data": [{"name": "x"}]},
            'You cannot provide both "data" and "ids" arguments',
        ),
        ({"data": []}, 'The "data" condition can not be empty when "ids" input not provided'),
    ]
    for variables, message in cases:
        body = await post(twenty_server, COMPANY_DUPLICATES, variables)
        assert error_code(body) == "BAD_USER_INPUT"
        assert body["errors"][0]["message"] == message
        assert body["errors"][0]["extensions"]["subCode"] == "INVALID_QUERY_INPUT"
