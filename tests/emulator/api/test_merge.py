"""``mergeX`` over HTTP: Twenty's merge of duplicate records.

Encodes common-merge-many-query-runner.service.ts and the merge-*-field-values utils: conflicts
go to the record at ``conflictPriorityIndex``, a field only one record fills is kept, emails /
links / phones collect every distinct value, children are re-pointed to the survivor, the other
records are soft-deleted, ``dryRun`` writes nothing, and the limits (2..9 ids).
"""

from __future__ import annotations

from typing import Any

from tests.emulator.http import data, error_code, post
from twenty_gql.testing.contracts import RecordEvent
from twenty_gql.testing.runner import EmulatorServer

CREATE_COMPANIES = """
mutation($data: [CompanyCreateInput!]!) { createCompanies(data: $data) { id } }
"""
CREATE_PEOPLE = "mutation($data: [PersonCreateInput!]!) { createPeople(data: $data) { id } }"
MERGE_COMPANIES = """
mutation($ids: [UUID!]!, $index: Int!, $dryRun: Boolean) {
  mergeCompanies(ids: $ids, conflictPriorityIndex: $index, dryRun: $dryRun) {
    id name employees deletedAt
    address { addressCity }
    domainName { primaryLinkUrl secondaryLinks }
    people { edges { node { id } } }
  }
}
"""
COMPANIES_WITH_TRASH = """
{ companies(filter: {or: [{deletedAt: {is: NULL}}, {deletedAt: {is: NOT_NULL}}]}) {
    edges { node { id name deletedAt } } } }
"""


async def create(server: EmulatorServer, query: str, rows: list[dict[str, Any]]) -> list[str]:
    result = await data(server, query, {"data": rows})
    return [r["id"] for r in next(iter(result.values()))]


async def test_merge_keeps_priority_values_and_fills_gaps(twenty_server: EmulatorServer) -> None:
    """Conflicts take the priority record's value; a value only another record has is kept."""
    first, second = await create(
        twenty_server,
        CREATE_COMPANIES,
        [
            {
                "name": "Acme Inc",
                "employees": 10,
                "domainName": {"primaryLinkUrl": "https://acme.com"},
            },
            {"name": "Acme", "address": {"addressCity": "Paris"}},
        ],
    )
    result = await data(twenty_server, MERGE_COMPANIES, {"ids": [first, second], "index": 1})
    merged = result["mergeCompanies"]
    assert merged["id"] == second
    assert merged["name"] == "Acme"
    assert merged["employees"] == 10
    assert merged["address"]["addressCity"] == "Paris"
    assert merged["domainName"]["primaryLinkUrl"] == "https://acme.com"
    assert merged["deletedAt"] is None


async def test_merged_away_records_are_soft_deleted(twenty_server: EmulatorServer) -> None:
    """The records other than the survivor go to the trash (deletedAt set), not destroyed."""
    ids = await create(
        twenty_server, CREATE_COMPANIES, [{"name": "One"}, {"name": "Two"}, {"name": "Three"}]
    )
    await data(twenty_server, MERGE_COMPANIES, {"ids": ids, "index": 0})
    rows = (await data(twenty_server, COMPANIES_WITH_TRASH))["companies"]["edges"]
    deleted = {e["node"]["id"]: e["node"]["deletedAt"] is not None for e in rows}
    assert deleted == {ids[0]: False, ids[1]: True, ids[2]: True}


async def test_relations_are_repointed_to_the_survivor(twenty_server: EmulatorServer) -> None:
    """Every MANY_TO_ONE join column pointing at a merged-away record now points at the survivor."""
    keep, drop = await create(twenty_server, CREATE_COMPANIES, [{"name": "Keep"}, {"name": "Drop"}])
    people = await create(
        twenty_server,
        CREATE_PEOPLE,
        [{"companyId": drop}, {"companyId": drop}, {"companyId": keep}],
    )
    result = await data(twenty_server, MERGE_COMPANIES, {"ids": [keep, drop], "index": 0})
    linked = {e["node"]["id"] for e in result["mergeCompanies"]["people"]["edges"]}
    assert linked == set(people)


async def test_emails_links_and_phones_collect_every_value(twenty_server: EmulatorServer) -> None:
    """Primary from the priority record (else the first filled one), the rest as additional."""
    loser, winner = await create(
        twenty_server,
        CREATE_PEOPLE,
        [
            {
                "emails": {"primaryEmail": "b@example.com", "additionalEmails": ["c@example.com"]},
                "linkedinLink": {"primaryLinkUrl": "https://linkedin.com/in/b"},
                "phones": {"primaryPhoneNumber": "600000000", "primaryPhoneCallingCode": "+33"},
            },
            {
                "emails": {"primaryEmail": "a@example.com"},
                "phones": {"primaryPhoneNumber": "700000000", "primaryPhoneCallingCode": "+33"},
            },
        ],
    )
    result = await data(
        twenty_server,
        """mutation($ids: [UUID!]!) { mergePeople(ids: $ids, conflictPriorityIndex: 1) {
          id
          emails { primaryEmail additionalEmails }
          linkedinLink { primaryLinkUrl secondaryLinks }
          phones { primaryPhoneNumber additionalPhones }
        } }""",
        {"ids": [loser, winner]},
    )
    merged = result["mergePeople"]
    assert merged["id"] == winner
    assert merged["emails"] == {
        "primaryEmail": "a@example.com",
        "additionalEmails": ["b@example.com", "c@example.com"],
    }
    assert merged["linkedinLink"]["primaryLinkUrl"] == "https://linkedin.com/in/b"
    assert merged["phones"]["primaryPhoneNumber"] == "700000000"
    assert merged["phones"]["additionalPhones"] == [
        {"number": "600000000", "countryCode": "", "callingCode": "+33"}
    ]


async def test_dry_run_returns_the_merge_and_writes_nothing(twenty_server: EmulatorServer) -> None:
    """dryRun: the merged record with a fresh id and deletedAt set; records and children intact."""
    keep, drop = await create(
        twenty_server, CREATE_COMPANIES, [{"name": "Keep"}, {"name": "Drop", "employees": 3}]
    )
    await create(twenty_server, CREATE_PEOPLE, [{"companyId": drop}])
    result = await data(
        twenty_server, MERGE_COMPANIES, {"ids": [keep, drop], "index": 0, "dryRun": True}
    )
    preview = result["mergeCompanies"]
    assert preview["id"] not in (keep, drop)
    assert preview["deletedAt"] is not None
    assert (preview["name"], preview["employees"]) == ("Keep", 3)
    rows = (await data(twenty_server, COMPANIES_WITH_TRASH))["companies"]["edges"]
    assert {(e["node"]["name"], e["node"]["deletedAt"]) for e in rows} == {
        ("Keep", None),
        ("Drop", None),
    }
    people = await data(
        twenty_server,
        "query($id: UUID) { people(filter: {companyId: {eq: $id}}) { totalCount } }",
        {"id": drop},
    )
    assert people["people"]["totalCount"] == 1


async def test_merge_emits_record_events(twenty_server: EmulatorServer) -> None:
    """Like other writes: x.updated for re-pointed children and the survivor, x.deleted for the rest."""
    events: list[RecordEvent] = []
    unsubscribe = twenty_server.emulator.subscribe(events.append)
    try:
        keep, drop = await create(twenty_server, CREATE_COMPANIES, [{"name": "K"}, {"name": "D"}])
        await create(twenty_server, CREATE_PEOPLE, [{"companyId": drop}])
        events.clear()
        await data(twenty_server, MERGE_COMPANIES, {"ids": [keep, drop], "index": 0})
    finally:
        unsubscribe()
    names = [(e.name, e.record["id"]) for e in events]
    assert ("company.deleted", drop) in names
    assert ("company.updated", keep) in names
    assert [n for n, _ in names].count("person.updated") == 1


async def test_merge_limits(twenty_server: EmulatorServer) -> None:
    """2..MUTATION_MAX_MERGE_RECORDS (9) ids and a priority index inside them (INVALID_QUERY_INPUT)."""
    ids = await create(twenty_server, CREATE_COMPANIES, [{"name": f"c{i}"} for i in range(10)])
    cases = [
        (ids[:1], 0, "At least 2 record IDs are required for merge"),
        (ids, 0, "Maximum 9 records can be merged at once"),
        (ids[:2], 2, "Invalid conflict priority '2'. Valid options for 2 records: 0-1"),
    ]
    for chosen, index, message in cases:
        body = await post(twenty_server, MERGE_COMPANIES, {"ids": chosen, "index": index})
        assert error_code(body) == "BAD_USER_INPUT"
        assert body["errors"][0]["message"] == message
        assert body["errors"][0]["extensions"]["subCode"] == "INVALID_QUERY_INPUT"


async def test_unknown_or_deleted_id_is_not_found(twenty_server: EmulatorServer) -> None:
    """Every id must be a live record: RECORD_NOT_FOUND, and nothing is written."""
    keep, gone = await create(twenty_server, CREATE_COMPANIES, [{"name": "K"}, {"name": "G"}])
    await data(
        twenty_server, "mutation($id: UUID!) { deleteCompany(id: $id) { id } }", {"id": gone}
    )
    body = await post(twenty_server, MERGE_COMPANIES, {"ids": [keep, gone], "index": 0})
    assert error_code(body) == "NOT_FOUND"
    assert body["errors"][0]["message"] == "One or more records not found"
