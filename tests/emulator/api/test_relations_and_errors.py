"""Points 6, 7 and 9: relations in one query, Twenty's errors and the HTTP surface."""

from __future__ import annotations

import aiohttp

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer


async def make_company_with_people(server: EmulatorServer, people: int) -> str:
    company = await data(server, 'mutation { createCompany(data: {name: "Acme"}) { id } }')
    cid: str = company["createCompany"]["id"]
    for start in range(0, people, 200):
        count = min(200, people - start)
        await data(
            server,
            "mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id } }",
            {"d": [{"companyId": cid, "jobTitle": f"p{start + i}"} for i in range(count)]},
        )
    return cid


async def test_many_to_one_and_one_to_many_in_one_query(twenty_server: EmulatorServer) -> None:
    await make_company_with_people(twenty_server, 3)
    result = await data(
        twenty_server,
        """{ people { edges { node { jobTitle company { name } } } }
             companies { edges { node { name people(orderBy: [{jobTitle: DescNullsLast}], first: 2) {
               edges { node { jobTitle } } } } } } }""",
    )
    assert {e["node"]["company"]["name"] for e in result["people"]["edges"]} == {"Acme"}
    nested = result["companies"]["edges"][0]["node"]["people"]["edges"]
    assert [e["node"]["jobTitle"] for e in nested] == ["p2", "p1"]


async def test_nested_one_to_many_is_capped_at_60(twenty_server: EmulatorServer) -> None:
    """QUERY_MAX_RECORDS_FROM_RELATION = 60."""
    await make_company_with_people(twenty_server, 75)
    result = await data(
        twenty_server,
        "{ companies { edges { node { people(first: 100) { edges { node { id } } } } } } }",
    )
    assert len(result["companies"]["edges"][0]["node"]["people"]["edges"]) == 60


async def test_nested_one_to_many_filter_applies(twenty_server: EmulatorServer) -> None:
    await make_company_with_people(twenty_server, 5)
    result = await data(
        twenty_server,
        '{ companies { edges { node { people(filter: {jobTitle: {in: ["p1", "p3"]}}) '
        "{ edges { node { jobTitle } } } } } } }",
    )
    titles = [
        e["node"]["jobTitle"] for e in result["companies"]["edges"][0]["node"]["people"]["edges"]
    ]
    assert sorted(titles) == ["p1", "p3"]


async def test_one_to_many_inside_one_to_many_is_rejected(twenty_server: EmulatorServer) -> None:
    """Twenty: "One-to-Many relation cannot be nested in another One-to-Many relation."."""
    await make_company_with_people(twenty_server, 1)
    body = await post(
        twenty_server,
        "{ companies { edges { node { people { edges { node { noteTargets { edges { node { id } } } } } } } } } }",
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert "cannot be nested in another One-to-Many" in body["errors"][0]["message"]


async def test_unknown_field_is_graphql_validation_failed(twenty_server: EmulatorServer) -> None:
    body = await post(twenty_server, "{ companies { edges { node { nope } } } }")
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"
    assert "Cannot query field" in body["errors"][0]["message"]
    assert "nope" in body["errors"][0]["message"]


async def test_duplicate_root_resolver_is_rejected_even_with_aliases(
    twenty_server: EmulatorServer,
) -> None:
    body = await post(twenty_server, "{ a: companies { totalCount } b: companies { totalCount } }")
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == 'Duplicate root resolver: "companies"'


async def test_more_than_20_root_resolvers_is_rejected(twenty_server: EmulatorServer) -> None:
    objects = [
        "companies",
        "people",
        "opportunities",
        "notes",
        "tasks",
        "noteTargets",
        "taskTargets",
        "attachments",
        "timelineActivities",
        "workspaceMembers",
        "favorites",
        "favoriteFolders",
        "dashboards",
        "workflows",
        "workflowVersions",
        "workflowRuns",
        "workflowAutomatedTriggers",
        "messages",
        "messageThreads",
        "messageChannels",
        "connectedAccounts",
    ]
    query = "{ " + " ".join(f"{name} {{ totalCount }}" for name in objects) + " }"
    body = await post(twenty_server, query)
    assert error_code(body) == "BAD_USER_INPUT"
    assert "Too many root resolvers requested: 21" in body["errors"][0]["message"]


async def test_bad_and_missing_keys_get_different_codes(twenty_server: EmulatorServer) -> None:
    """A bad token is UNAUTHENTICATED "Token invalid."; with no token Twenty serves an empty
    schema, so the query fails validation (GRAPHQL_VALIDATION_FAILED)."""
    bad = await post(twenty_server, "{ companies { totalCount } }", token="wrong")
    assert error_code(bad) == "UNAUTHENTICATED"
    assert bad["errors"][0]["message"] == "Token invalid."
    missing = await post(twenty_server, "{ companies { totalCount } }", token=None)
    assert error_code(missing) == "GRAPHQL_VALIDATION_FAILED"


async def test_parse_error_code(twenty_server: EmulatorServer) -> None:
    body = await post(twenty_server, "{ companies { ")
    assert error_code(body) == "GRAPHQL_PARSE_FAILED"


async def test_introspection_allowed_with_a_valid_key(twenty_server: EmulatorServer) -> None:
    result = await data(twenty_server, '{ __type(name: "Company") { name fields { name } } }')
    assert "domainName" in {f["name"] for f in result["__type"]["fields"]}


async def test_healthz(twenty_server: EmulatorServer) -> None:
    async with aiohttp.ClientSession() as session, session.get(twenty_server.url + "/healthz") as r:
        assert r.status == 200
        assert await r.json() == {"status": "ok"}


async def test_workspace_is_clean_for_every_test(twenty_server: EmulatorServer) -> None:
    """The fixture resets records between tests (the tests above created companies)."""
    result = await data(twenty_server, "{ companies { totalCount } }")
    assert result["companies"]["totalCount"] == 0


async def test_every_root_field_answers_or_errors_never_silently_null(
    twenty_server: EmulatorServer,
) -> None:
    """Each root field of the built schema has a resolver (an unimplemented one raises)."""
    schema = twenty_server.emulator.schema
    assert schema.query_type and schema.mutation_type
    for root in (schema.query_type, schema.mutation_type):
        unbound = [name for name, field in root.fields.items() if field.resolve is None]
        assert unbound == []
