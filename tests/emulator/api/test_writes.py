"""Create (one, many, upsert, client ids), update, soft delete, destroy, restore,
relation inputs and the system fields Twenty fills."""

from __future__ import annotations

import uuid

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.runner import EmulatorServer

FIELDS = "id name employees position createdAt updatedAt deletedAt createdBy { source name workspaceMemberId }"


async def test_create_one_fills_system_fields(twenty_server: EmulatorServer) -> None:
    """createdAt/updatedAt/position set; createdBy {source: API, name: <key name>}."""
    result = await data(
        twenty_server,
        f'mutation {{ createCompany(data: {{name: "Acme"}}) {{ {FIELDS} }} }}',
    )
    company = result["createCompany"]
    uuid.UUID(company["id"])
    assert company["createdAt"].endswith("Z") and company["createdAt"] == company["updatedAt"]
    assert company["deletedAt"] is None
    # a JSON number; whole ones arrive as ints, as JavaScript writes them (test_numbers.py)
    assert isinstance(company["position"], int | float)
    assert company["createdBy"]["source"] == "API"
    assert company["createdBy"]["workspaceMemberId"] is None


async def test_client_supplied_id_is_kept(twenty_server: EmulatorServer) -> None:
    record_id = str(uuid.uuid4())
    result = await data(
        twenty_server,
        "mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id } }",
        {"d": {"id": record_id, "name": "Mine"}},
    )
    assert result["createCompany"]["id"] == record_id


async def test_create_many_and_upsert_by_id_and_unique_field(twenty_server: EmulatorServer) -> None:
    """createCompanies(upsert: true) updates records matched by id or a unique field."""
    first = await data(
        twenty_server,
        "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { id name } }",
        {
            "d": [
                {"name": "A", "domainName": {"primaryLinkUrl": "https://a.example"}},
                {"name": "B"},
            ]
        },
    )
    a, b = first["createCompanies"]
    again = await data(
        twenty_server,
        "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d, upsert: true) { id name } }",
        {
            "d": [
                {"name": "A2", "domainName": {"primaryLinkUrl": "https://a.example"}},
                {"id": b["id"], "name": "B2"},
                {"name": "C"},
            ]
        },
    )
    ids = [r["id"] for r in again["createCompanies"]]
    assert ids[:2] == [a["id"], b["id"]]
    total = await data(twenty_server, "{ companies { totalCount } }")
    assert total["companies"]["totalCount"] == 3


async def test_update_one_many_and_composite_merge(twenty_server: EmulatorServer) -> None:
    created = await data(
        twenty_server,
        'mutation { createCompany(data: {name: "Acme", address: {addressCity: "Paris", '
        'addressCountry: "France"}}) { id updatedAt } }',
    )
    company = created["createCompany"]
    updated = await data(
        twenty_server,
        "mutation($id: UUID!) { updateCompany(id: $id, data: {employees: 12, "
        'address: {addressCity: "Lyon"}}) { employees updatedAt address { addressCity addressCountry } } }',
        {"id": company["id"]},
    )
    record = updated["updateCompany"]
    assert record["employees"] == 12
    assert record["address"] == {"addressCity": "Lyon", "addressCountry": "France"}
    assert record["updatedAt"] >= company["updatedAt"]
    many = await data(
        twenty_server,
        'mutation { updateCompanies(filter: {name: {eq: "Acme"}}, data: {employees: 99}) { employees } }',
    )
    assert many["updateCompanies"] == [{"employees": 99}]


async def test_delete_restore_destroy_cycle(twenty_server: EmulatorServer) -> None:
    """deleteX is soft (deletedAt), restoreX brings it back, destroyX removes it for good."""
    created = await data(twenty_server, 'mutation { createCompany(data: {name: "Gone"}) { id } }')
    cid = created["createCompany"]["id"]
    deleted = await data(
        twenty_server, "mutation($id: UUID!) { deleteCompany(id: $id) { deletedAt } }", {"id": cid}
    )
    assert deleted["deleteCompany"]["deletedAt"] is not None
    again = await post(
        twenty_server,
        'mutation($id: UUID!) { updateCompany(id: $id, data: {name: "x"}) { id } }',
        {"id": cid},
    )
    assert error_code(again) == "NOT_FOUND"
    restored = await data(
        twenty_server, "mutation($id: UUID!) { restoreCompany(id: $id) { deletedAt } }", {"id": cid}
    )
    assert restored["restoreCompany"]["deletedAt"] is None
    destroyed = await data(
        twenty_server, "mutation($id: UUID!) { destroyCompany(id: $id) { id } }", {"id": cid}
    )
    assert destroyed["destroyCompany"]["id"] == cid
    trash = await data(
        twenty_server, "{ companies(filter: {deletedAt: {is: NOT_NULL}}) { totalCount } }"
    )
    assert trash["companies"]["totalCount"] == 0
    missing = await post(
        twenty_server, "mutation($id: UUID!) { destroyCompany(id: $id) { id } }", {"id": cid}
    )
    assert error_code(missing) == "NOT_FOUND"


async def test_many_variants_of_delete_restore_destroy(twenty_server: EmulatorServer) -> None:
    await data(
        twenty_server,
        "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { id } }",
        {"d": [{"name": "x1"}, {"name": "x2"}, {"name": "keep"}]},
    )
    flt = '{name: {startsWith: "x"}}'
    gone = await data(twenty_server, f"mutation {{ deleteCompanies(filter: {flt}) {{ id }} }}")
    assert len(gone["deleteCompanies"]) == 2
    back = await data(twenty_server, f"mutation {{ restoreCompanies(filter: {flt}) {{ id }} }}")
    assert len(back["restoreCompanies"]) == 2
    dead = await data(twenty_server, f"mutation {{ destroyCompanies(filter: {flt}) {{ id }} }}")
    assert len(dead["destroyCompanies"]) == 2
    left = await data(twenty_server, "{ companies { edges { node { name } } } }")
    assert [e["node"]["name"] for e in left["companies"]["edges"]] == ["keep"]


async def test_relation_inputs_join_column_connect_and_disconnect(
    twenty_server: EmulatorServer,
) -> None:
    """``companyId`` or ``company: {connect: {where: {id | domainName}}}``; ``disconnect: true``."""
    acme = (
        await data(
            twenty_server,
            'mutation { createCompany(data: {name: "Acme", domainName: {primaryLinkUrl: '
            '"https://acme.example"}}) { id } }',
        )
    )["createCompany"]["id"]
    by_id = await data(
        twenty_server,
        "mutation($c: ID) { createPerson(data: {companyId: $c}) { companyId } }",
        {"c": acme},
    )
    assert by_id["createPerson"]["companyId"] == acme
    by_domain = await data(
        twenty_server,
        "mutation { createPerson(data: {company: {connect: {where: {domainName: "
        '{primaryLinkUrl: "https://acme.example"}}}}}) { id company { name } } }',
    )
    person = by_domain["createPerson"]
    assert person["company"] == {"name": "Acme"}
    dropped = await data(
        twenty_server,
        "mutation($id: UUID!) { updatePerson(id: $id, data: {company: {disconnect: true}}) { companyId } }",
        {"id": person["id"]},
    )
    assert dropped["updatePerson"]["companyId"] is None
    missing = await post(
        twenty_server,
        "mutation($id: ID) { createPerson(data: {company: {connect: {where: {id: $id}}}}) { id } }",
        {"id": str(uuid.uuid4())},
    )
    assert error_code(missing) == "BAD_USER_INPUT"
    assert missing["errors"][0]["message"] == "Related record not found."


async def test_failed_batch_writes_nothing(twenty_server: EmulatorServer) -> None:
    """A unique violation in record 3 of a batch rolls back records 1 and 2."""
    body = await post(
        twenty_server,
        "mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id } }",
        {
            "d": [
                {"emails": {"primaryEmail": "a@x.example"}},
                {"emails": {"primaryEmail": "b@x.example"}},
                {"emails": {"primaryEmail": "a@x.example"}},
            ]
        },
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert "duplicate" in body["errors"][0]["message"].lower()
    total = await data(twenty_server, "{ people { totalCount } }")
    assert total["people"]["totalCount"] == 0


async def test_unique_company_domain(twenty_server: EmulatorServer) -> None:
    create = (
        'mutation { createCompany(data: {name: "A", domainName: {primaryLinkUrl: '
        '"https://same.example"}}) { id } }'
    )
    await data(twenty_server, create)
    body = await post(twenty_server, create)
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "A duplicate entry was detected"


async def test_over_limit_batch_is_refused(twenty_server: EmulatorServer) -> None:
    """createMany with more than QUERY_MAX_RECORDS (200) records is BAD_USER_INPUT."""
    body = await post(
        twenty_server,
        "mutation($d: [CompanyCreateInput!]!) { createCompanies(data: $d) { id } }",
        {"d": [{"name": f"c{i}"} for i in range(201)]},
    )
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] == "Maximum number of records to upsert is 200."


async def test_invalid_values_name_the_problem(twenty_server: EmulatorServer) -> None:
    bad_enum = await post(
        twenty_server, 'mutation { createOpportunity(data: {stage: "NOPE"}) { id } }'
    )
    assert bad_enum["errors"]
    bad_uuid = await post(
        twenty_server, 'mutation { updateCompany(id: "not-a-uuid", data: {name: "x"}) { id } }'
    )
    assert "UUID" in bad_uuid["errors"][0]["message"]
    bad_position = await post(
        twenty_server, 'mutation { createCompany(data: {position: "middle"}) { id } }'
    )
    assert "Position must be" in bad_position["errors"][0]["message"]


async def test_scalar_checks_apply_to_variables_too(twenty_server: EmulatorServer) -> None:
    """Twenty's UUID/DateTime/Position scalars refuse bad values passed as variables, naming
    the variable and the path inside it (graphql-js variable coercion)."""
    bad_id = await post(
        twenty_server,
        "query($id: UUID!) { company(filter: {id: {eq: $id}}) { id } }",
        {"id": "nope"},
    )
    assert "$id" in bad_id["errors"][0]["message"]
    assert "Invalid UUID" in bad_id["errors"][0]["message"]
    bad_date = await post(
        twenty_server,
        "mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id } }",
        {"d": {"name": "x", "createdAt": "yesterday"}},
    )
    assert ".createdAt" in bad_date["errors"][0]["message"]
    assert error_code(bad_date) == "BAD_USER_INPUT"
    total = await data(twenty_server, "{ companies { totalCount } }")
    assert total["companies"]["totalCount"] == 0
