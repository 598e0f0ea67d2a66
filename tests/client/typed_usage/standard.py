"""Checked by ``mypy --strict`` (test_typed_usage.py): what a user's code sees, standard
workspace, ``pip install twenty-gql`` only. Never run."""

from __future__ import annotations

import uuid
from typing import Any, assert_type

from twenty_gql import (
    BulkResult,
    BulkWriteError,
    FailedRecord,
    Page,
    RecordRef,
    TwentyClient,
    TwentyError,
    paginate,
)
from twenty_gql.activities import ActivityResource
from twenty_gql.bulk import Loaded
from twenty_gql.standard.companies_with_people_and_opportunities import (
    CompaniesWithPeopleAndOpportunitiesCompanies,
)
from twenty_gql.standard.fragments import (
    CompanyFields,
    NoteFields,
    OpportunityFields,
    PersonFields,
    TaskFields,
    TimelineActivityFields,
)
from twenty_gql.standard.input_types import CompanyCreateInput, CompanyFilterInput, StringFilter


async def main() -> None:
    async with TwentyClient("https://crm.example.com", "key") as tw:
        company = await tw.companies.get(uuid.uuid4())
        assert_type(company, CompanyFields)
        assert_type(company.id, uuid.UUID)
        assert_type(company.employees, float | None)
        maybe = await tw.companies.find_one(CompanyFilterInput(name=StringFilter(eq="Acme")))
        assert_type(maybe, CompanyFields | None)
        assert_type(
            await tw.companies.find({"name": {"ilike": "%a%"}}, limit=3), list[CompanyFields]
        )
        assert_type(await tw.companies.count(), int)
        created = await tw.companies.create(CompanyCreateInput(name="Acme"))
        assert_type(created, CompanyFields)
        assert_type(await tw.companies.update(created.id, {"employees": 3}), CompanyFields)
        assert_type(await tw.companies.delete_many({"name": {"eq": "x"}}), list[CompanyFields])
        async for person in tw.people.iterate(order_by={"city": "AscNullsFirst"}):
            assert_type(person, PersonFields)
        async for page in tw.people.pages(page_size=50):
            assert_type(page, Page[PersonFields])
        async for node in paginate(tw.client.find_many_people, page_size=20):
            assert_type(node, PersonFields)
        try:
            await tw.opportunities.destroy(uuid.uuid4())
        except TwentyError as error:
            assert_type(error.operation, str | None)
        await activities(tw, company)
        await relations(tw)
        await bulk(tw)


async def bulk(tw: TwentyClient) -> None:
    result = await tw.companies.create_many(
        [CompanyCreateInput(name="Acme"), {"name": "Beta"}], on_progress=print
    )
    assert_type(result, BulkResult[CompanyFields])
    assert_type(result.written, list[CompanyFields])
    assert_type(result.failed, list[FailedRecord])
    assert_type(result.ok, bool)
    assert_type(result.raise_for_failures(), BulkResult[CompanyFields])
    refs = await tw.companies.create_many([{"name": "Gamma"}], returning="ids")
    assert_type(refs, BulkResult[RecordRef])
    assert_type(refs.written[0].id, uuid.UUID)
    updated = await tw.people.update_many_by_id([{"id": uuid.uuid4(), "city": "Paris"}])
    assert_type(updated, BulkResult[PersonFields])
    assert_type(
        await tw.companies.update_many_by_id([(uuid.uuid4(), {"employees": 3})]),
        BulkResult[CompanyFields],
    )
    assert_type(await tw.companies.delete_many_by_id([uuid.uuid4()]), BulkResult[CompanyFields])
    assert_type(await tw.companies.destroy_many_by_id(["id"]), BulkResult[CompanyFields])
    try:
        result.raise_for_failures()
    except BulkWriteError as error:
        assert_type(error.failed, list[FailedRecord])
        assert_type(error.failed[0].error, TwentyError)


async def activities(tw: TwentyClient, company: CompanyFields) -> None:
    assert_type(await tw.notes.create(title="x", targets=[company]), NoteFields)
    assert_type(await tw.notes.create({"title": "x"}, body="# hi"), NoteFields)
    task = await tw.tasks.create(
        title="x", status="TODO", due_at="2026-01-01T00:00:00Z", targets=[("person", company.id)]
    )
    assert_type(task, TaskFields)
    assert isinstance(tw.notes, ActivityResource)
    async for note in tw.notes.of(company, page_size=20):
        assert_type(note, NoteFields)
    async for item in tw.tasks.of(("company", company.id), limit=5):
        assert_type(item, TaskFields)
    async for event in tw.timeline(company):
        assert_type(event, TimelineActivityFields)


async def relations(tw: TwentyClient) -> None:
    async for loaded in tw.companies.load(include=["people", "opportunities.pointOfContact"]):
        assert_type(loaded, Loaded[CompanyFields])
        assert_type(loaded.record, CompanyFields)
        assert_type(loaded.many("people"), list[Any])
        assert_type(loaded.many("people", PersonFields), list[PersonFields])
        for deal in loaded.many_loaded("opportunities", OpportunityFields):
            assert_type(deal, Loaded[OpportunityFields])
            assert_type(deal.one("pointOfContact", PersonFields), PersonFields | None)
    async for batch in tw.people.load_pages(include=["company"], limit=10):
        assert_type(batch, list[Loaded[PersonFields]])
        assert_type(batch[0].one("company", CompanyFields), CompanyFields | None)
    op = tw.client.companies_with_people_and_opportunities
    completed = await tw.complete(op, first=20)
    assert_type(completed, CompaniesWithPeopleAndOpportunitiesCompanies | None)
