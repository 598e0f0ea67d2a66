"""Typed resources over HTTP: CRUD, soft delete, inputs validated, bulk filters guarded."""

from __future__ import annotations

import uuid

import pytest

import twenty_gql
from twenty_gql import InvalidInputError, NotFoundError, TwentyClient
from twenty_gql.standard.fragments import CompanyFields
from twenty_gql.standard.input_types import (
    CompanyCreateInput,
    CompanyFilterInput,
    LinksCreateInput,
    StringFilter,
)
from twenty_gql.testing.runner import EmulatorServer

from .conftest import raw_post, seed_companies


async def test_every_object_is_a_resource(tw: TwentyClient) -> None:
    assert tw.companies is tw.resource("company") is tw.resource("Company")
    assert tw.people.name == "person" and tw.note_targets.name_plural == "noteTargets"
    for attribute in ("opportunities", "notes", "tasks", "workspace_members", "attachments"):
        assert getattr(tw, attribute).model.__name__.endswith("Fields")
    with pytest.raises(InvalidInputError, match=r"no object 'rocket'.*codegen"):
        tw.resource("rocket")


async def test_create_get_update_delete_restore_destroy(tw: TwentyClient) -> None:
    created = await tw.companies.create(
        CompanyCreateInput(name="Acme", domain_name=LinksCreateInput(primary_link_url="acme.io"))
    )
    assert isinstance(created, CompanyFields) and isinstance(created.id, uuid.UUID)
    assert created.domain_name is not None
    assert created.domain_name.primary_link_url == "acme.io"
    fetched = await tw.companies.get(created.id)
    assert fetched.name == "Acme"
    updated = await tw.companies.update(str(created.id), {"employees": 12})
    assert updated.employees == 12 and updated.name == "Acme"
    deleted = await tw.companies.delete(created)
    assert deleted.deleted_at is not None
    with pytest.raises(NotFoundError, match="soft-deleted"):
        await tw.companies.get(created.id)
    assert await tw.companies.find_one({"name": {"eq": "Acme"}}) is None
    restored = await tw.companies.restore(created.id)
    assert restored.deleted_at is None and (await tw.companies.get(created.id)).name == "Acme"
    await tw.companies.destroy(created.id)
    with pytest.raises(NotFoundError):
        await tw.companies.get(created.id)
    with pytest.raises(NotFoundError):
        await tw.companies.update(created.id, {"name": "gone"})


async def test_a_client_assigned_id_is_kept(tw: TwentyClient) -> None:
    mine = uuid.uuid4()
    created = await tw.people.create({"id": mine, "name": {"firstName": "Ada"}})
    assert created.id == mine and created.name is not None and created.name.first_name == "Ada"


async def test_find_one_and_count(twenty_server: EmulatorServer, tw: TwentyClient) -> None:
    await seed_companies(twenty_server, 12)
    found = await tw.companies.find_one(CompanyFilterInput(name=StringFilter(eq="Co 00003")))
    assert found is not None and found.employees == 3
    assert await tw.companies.count() == 12
    with pytest.raises(InvalidInputError, match="needs a filter"):
        await tw.companies.find_one({})


async def test_unknown_fields_are_refused_before_anything_is_sent(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed_companies(twenty_server, 3)
    with pytest.raises(InvalidInputError, match="nmae: unknown field"):
        await tw.companies.delete_many({"nmae": {"eq": "Acme"}})
    with pytest.raises(InvalidInputError, match="employes: unknown field"):
        await tw.companies.create({"name": "X", "employes": 5})
    with pytest.raises(InvalidInputError, match="employees"):
        await tw.companies.update(uuid.uuid4(), {"employees": "lots"})
    assert await tw.companies.count() == 3  # nothing was deleted or written


async def test_bulk_writes_refuse_a_filter_that_matches_everything(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed_companies(twenty_server, 5)
    for call in (
        tw.companies.delete_many(None),
        tw.companies.delete_many({}),
        tw.companies.destroy_many({"and": []}),
        tw.companies.update_many(CompanyFilterInput(), {"employees": 1}),
    ):
        with pytest.raises(InvalidInputError, match="would match every company"):
            await call
    assert await tw.companies.count() == 5
    updated = await tw.companies.update_many(
        {"employees": {"lt": 2}}, {"idealCustomerProfile": True}
    )
    assert sorted(c.employees or 0 for c in updated) == [0, 1]
    deleted = await tw.companies.delete_many({"employees": {"gte": 3}})
    assert len(deleted) == 2 and await tw.companies.count() == 3
    restored = await tw.companies.restore_many({"employees": {"gte": 3}})
    assert len(restored) == 2
    everything = await tw.companies.destroy_many({}, allow_all=True)
    assert len(everything) == 5 and await tw.companies.count() == 0


async def test_raw_execute_returns_data_and_raises_like_every_call(tw: TwentyClient) -> None:
    data = await tw.execute("query { companies { totalCount } }")
    assert data == {"companies": {"totalCount": 0}}
    with pytest.raises(twenty_gql.QueryValidationError) as caught:
        await tw.execute("query Bad { companies { nope } }")
    assert caught.value.operation == "Bad" and caught.value.response is not None
    assert caught.value.response.status_code == 200
    with pytest.raises(InvalidInputError, match="does not parse"):
        await tw.execute("query {")


async def test_the_generated_client_shares_the_session_and_request_path(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed_companies(twenty_server, 2)
    page = await tw.client.find_many_companies(first=5)
    assert page is not None and len(page.edges) == 2
    assert tw.client.transport is tw._graphql


async def test_a_soft_deleted_record_seen_through_the_raw_api(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    created = await tw.companies.create({"name": "Gone"})
    await raw_post(
        twenty_server,
        "mutation($id: UUID!) { deleteCompany(id: $id) { id } }",
        {"id": str(created.id)},
    )
    with pytest.raises(NotFoundError):
        await tw.companies.get(created.id)
