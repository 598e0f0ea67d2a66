"""Relational loading over loopback HTTP: children attached per relation kind and depth,
typed access, unknown relations refused, and request counts measured at the emulator."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import pytest

from twenty_gql import InvalidInputError, TwentyClient
from twenty_gql.standard.fragments import (
    CompanyFields,
    NoteTargetFields,
    OpportunityFields,
    PersonFields,
)
from twenty_gql.testing.runner import EmulatorServer

from .relations_seed import RequestCounter, Workspace, seed_workspace


@pytest.fixture(scope="module")
def counted() -> Iterator[tuple[EmulatorServer, RequestCounter]]:
    """An emulator of this module's own, counting every POST by operation."""
    counter = RequestCounter()
    server = EmulatorServer(middlewares=[counter.middleware]).start()
    try:
        yield server, counter
    finally:
        server.stop()


async def fresh(
    counted: tuple[EmulatorServer, RequestCounter], companies: int, people: int, opportunities: int
) -> tuple[EmulatorServer, RequestCounter, Workspace]:
    """The module's emulator emptied, seeded (``seed_workspace``), its counter zeroed."""
    server, counter = counted
    server.reset()
    ws = await seed_workspace(server.graphql_url, server.api_key, companies, people, opportunities)
    counter.reset()
    return server, counter, ws


@pytest.fixture
async def small(
    counted: tuple[EmulatorServer, RequestCounter],
) -> AsyncIterator[tuple[TwentyClient, Workspace, RequestCounter]]:
    server, counter, ws = await fresh(counted, 4, 3, 2)
    async with TwentyClient(server.url, server.api_key) as tw:
        yield tw, ws, counter


async def test_one_to_many_and_a_deeper_many_to_one(
    small: tuple[TwentyClient, Workspace, RequestCounter],
) -> None:
    tw, ws, _ = small
    loaded = [
        c async for c in tw.companies.load(include=["people", "opportunities.pointOfContact"])
    ]
    assert sorted(str(c.record.id) for c in loaded) == sorted(ws.companies)
    for company in loaded:
        key = str(company.record.id)
        assert isinstance(company.record, CompanyFields)
        people = company.many("people", PersonFields)
        assert sorted(str(p.id) for p in people) == sorted(ws.people_of[key])
        opportunities = company.many_loaded("opportunities", OpportunityFields)
        assert sorted(str(o.record.id) for o in opportunities) == sorted(ws.opportunities_of[key])
        for opportunity in opportunities:
            contact = opportunity.one("pointOfContact", PersonFields)
            assert (
                contact is not None and str(contact.id) == ws.contact_of[str(opportunity.record.id)]
            )


async def test_many_to_one_and_missing_parents(
    small: tuple[TwentyClient, Workspace, RequestCounter],
) -> None:
    tw, ws, _ = small
    loner = await tw.people.create({"name": {"firstName": "No", "lastName": "Company"}})
    seen = 0
    async for person in tw.people.load(include=["company"]):
        company = person.one("company", CompanyFields)
        if person.record.id == loner.id:
            assert company is None
        else:
            assert company is not None and str(person.record.id) in ws.people_of[str(company.id)]
        seen += 1
    assert seen == 4 * 3 + 1


async def test_notes_and_tasks_through_their_targets(
    small: tuple[TwentyClient, Workspace, RequestCounter],
) -> None:
    tw, ws, _ = small
    acme = await tw.companies.get(ws.companies[0])
    ada = await tw.people.get(ws.people_of[ws.companies[1]][0])
    note = await tw.notes.create(title="Kickoff", targets=[acme, ada])
    await tw.notes.create(title="Untargeted")
    task = await tw.tasks.create(title="Quote", targets=[acme])

    notes = {
        n.record.title: n
        async for n in tw.notes.load(include=["noteTargets.company", "noteTargets.person"])
    }
    assert set(notes) == {"Kickoff", "Untargeted"} and notes["Untargeted"].many("noteTargets") == []
    targets = notes["Kickoff"].many_loaded("noteTargets", NoteTargetFields)
    assert notes["Kickoff"].record.id == note.id and len(targets) == 2
    companies = [t.one("company", CompanyFields) for t in targets]
    people = [t.one("person", PersonFields) for t in targets]
    assert {c.id for c in companies if c} == {acme.id} and {p.id for p in people if p} == {ada.id}

    tasks = [t async for t in tw.tasks.load(include=["taskTargets"])]
    assert [t.record.id for t in tasks] == [task.id]
    assert [t.company_id for t in tasks[0].many("taskTargets")] == [acme.id]


async def test_misuse_is_refused_with_names(
    small: tuple[TwentyClient, Workspace, RequestCounter],
) -> None:
    tw, _, counter = small
    with pytest.raises(InvalidInputError, match=r"company has no relation 'peeple'.*people"):
        async for _ in tw.companies.load(include=["peeple"]):
            pass
    with pytest.raises(
        InvalidInputError, match=r"opportunity has no relation 'boss'.*pointOfContact"
    ):
        async for _ in tw.companies.load(include=["opportunities.boss"]):
            pass
    assert counter.total == 1  # the metadata, read once; no records were asked for

    company = await anext(tw.companies.load(include=["people"], limit=1))
    with pytest.raises(InvalidInputError, match="not loaded"):
        company.many("opportunities")
    with pytest.raises(InvalidInputError, match=r"to-many relation: use \.many"):
        company.one("people")
    with pytest.raises(InvalidInputError, match="PersonFields records, not CompanyFields"):
        company.many("people", CompanyFields)
    with pytest.raises(InvalidInputError, match="include paths"):
        async for _ in tw.companies.load(include=["people..company"]):
            pass


async def test_a_large_load_takes_a_few_requests_per_object_type(
    counted: tuple[EmulatorServer, RequestCounter],
) -> None:
    """1,000 companies x 10 people x 3 opportunities: ~ceil(records / 200) requests per type."""
    server, counter, ws = await fresh(counted, 1000, 10, 3)
    async with TwentyClient(server.url, server.api_key) as tw:
        started = time.perf_counter()
        companies = people = opportunities = 0
        batches = tw.companies.load_pages(include=["people", "opportunities.pointOfContact"])
        async for batch in batches:
            for company in batch:
                companies += 1
                people += len(company.many("people"))
                for opportunity in company.many_loaded("opportunities"):
                    opportunities += 1
                    assert opportunity.one("pointOfContact") is not None
        elapsed = time.perf_counter() - started
    assert (companies, people, opportunities) == (1000, 10_000, 3000)
    assert counter.by_operation == {
        "metadata:TwentyGqlObjects": 1,
        "graphql:FindManyCompanies": 5,  # 1000 / 200
        "graphql:FindManyPeople": 50 + 15,  # 10,000 people + 3,000 points of contact
        "graphql:FindManyOpportunities": 15,  # 3,000 / 200
    }, (counter.by_operation, elapsed)
    assert len(ws.companies) == 1000

    # The N+1 loop over the first 50 companies already costs more than the whole load.
    counter.reset()
    async with TwentyClient(server.url, server.api_key) as tw:
        async for company in tw.companies.iterate(limit=50):
            async for person in tw.people.iterate({"companyId": {"eq": company.id}}):
                await tw.opportunities.find({"pointOfContactId": {"eq": person.id}})
    assert counter.total == 1 + 50 + 500


async def test_nested_connections_are_completed_not_short(
    counted: tuple[EmulatorServer, RequestCounter],
) -> None:
    """Twenty returns 60 nested edges; the hand-written query selects no nested pageInfo."""
    server, counter = counted
    server.reset()
    ws = await seed_workspace(server.graphql_url, server.api_key, 3, 130, 70)
    small = await seed_workspace(server.graphql_url, server.api_key, 2, 5, 1)
    async with TwentyClient(server.url, server.api_key) as tw:
        op = tw.client.companies_with_people_and_opportunities
        short = await op(first=50)
        assert short is not None and {len(e.node.people.edges) for e in short.edges} == {60, 5}

        counter.reset()
        full = await tw.complete(op, first=50)
        assert full is not None and full.total_count == 5
        for edge in full.edges:
            key = str(edge.node.id)
            people = ws.people_of.get(key) or small.people_of[key]
            deals = ws.opportunities_of.get(key) or small.opportunities_of[key]
            got = [str(p.node.id) for p in edge.node.people.edges]
            assert len(got) == len(set(got)) and sorted(got) == sorted(people)
            assert sorted(str(o.node.id) for o in edge.node.opportunities.edges) == sorted(deals)
        # the query, the metadata, and the short parents' children in full pages of 200:
        # 3 x 130 people and 3 x 70 opportunities, 2 pages each
        assert counter.by_operation == {
            "graphql:CompaniesWithPeopleAndOpportunities": 1,
            "metadata:TwentyGqlObjects": 1,
            "graphql:TwentyGqlComplete": 4,
        }, counter.by_operation

        # a one-record root with a many-to-one: nothing to complete, the same typed result
        person = await tw.complete(
            tw.client.person_with_company, id=ws.people_of[ws.companies[0]][0]
        )
        assert person is not None and person.company is not None
        assert str(person.company.id) == ws.companies[0]


async def test_nested_completion_keeps_many_to_one_selections_below(
    counted: tuple[EmulatorServer, RequestCounter],
) -> None:
    server, _, ws = await fresh(counted, 1, 75, 0)
    async with TwentyClient(server.url, server.api_key) as tw:
        note = await tw.notes.create(title="All hands")
        rows = [{"noteId": str(note.id), "personId": p} for p in ws.people_of[ws.companies[0]]]
        rows.append({"noteId": str(note.id), "companyId": ws.companies[0]})
        await tw.execute(
            "mutation($d: [NoteTargetCreateInput!]!) { createNoteTargets(data: $d) { id } }",
            {"d": rows},
        )
        notes = await tw.complete(tw.client.notes_with_targets, first=10)
        assert notes is not None
        targets = notes.edges[0].node.note_targets.edges
        assert len(targets) == 76
        assert {str(t.node.person.id) for t in targets if t.node.person} == set(
            ws.people_of[ws.companies[0]]
        )
        assert [str(t.node.company.id) for t in targets if t.node.company] == ws.companies


async def test_small_parent_pages_are_batched_so_children_come_in_full_pages(
    counted: tuple[EmulatorServer, RequestCounter],
) -> None:
    server, counter, ws = await fresh(counted, 100, 10, 0)
    async with TwentyClient(server.url, server.api_key) as tw:
        batches = [
            batch
            async for batch in tw.companies.load_pages(
                order_by={"name": "AscNullsFirst"}, include=["people"], page_size=20, batch_size=60
            )
        ]
    assert [len(b) for b in batches] == [60, 40]  # 3 pages of 20, then 2
    names = [c.record.name for batch in batches for c in batch]
    assert names == sorted(names) and len(names) == 100
    assert sum(len(c.many("people")) for b in batches for c in b) == 1000
    assert counter.by_operation["graphql:FindManyCompanies"] == 5
    assert counter.by_operation["graphql:FindManyPeople"] == 3 + 2  # 600 people, then 400
    assert len(ws.companies) == 100


async def test_complete_refuses_what_it_cannot_complete(
    small: tuple[TwentyClient, Workspace, RequestCounter],
) -> None:
    from graphql import parse

    from twenty_gql.bulk.nested_plan import Planner
    from twenty_gql.bulk.relation_map import relation_map

    tw, _, _ = small
    planner = Planner(tw, await relation_map(tw))
    fragment = """
        query Q { companies { edges { node { ...WithPeople } } } }
        fragment WithPeople on Company { id people { edges { node { id } } } }
    """
    with pytest.raises(InvalidInputError, match=r"fragment WithPeople .*company\.people"):
        planner.plan(parse(fragment))
    with pytest.raises(InvalidInputError, match="method of the generated client"):
        await tw.complete(tw.companies.find)  # type: ignore[arg-type]
