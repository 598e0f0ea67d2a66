"""The generated client at run time, over loopback HTTP against the emulator.

Uses the committed ``generated`` package (the standard workspace): typed round trips, Twenty's
errors raised as ``twenty_gql.errors`` classes, documents parsed once, one session.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from generated import Client
from generated.enums import OrderByDirection
from generated.input_types import (
    CompanyCreateInput,
    CompanyFilterInput,
    CompanyOrderByInput,
    CompanyUpdateInput,
    FullNameCreateInput,
    LinksCreateInput,
    PersonCreateInput,
    StringFilter,
    UUIDFilter,
)
from twenty_gql import errors, transport
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.transport import Transport


async def test_create_list_update_delete_restore_destroy_round_trip(
    twenty_server: EmulatorServer,
) -> None:
    """Twenty's CRUD root fields through the generated typed methods (soft delete + restore)."""
    async with Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        created = await client.create_companies(
            [
                CompanyCreateInput(name="Acme", employees=12,
                                   domain_name=LinksCreateInput(primary_link_url="https://acme.example")),
                CompanyCreateInput(name="Globex"),
            ]
        )  # fmt: skip
        assert created is not None and [c.name for c in created] == ["Acme", "Globex"]
        acme = created[0]
        assert isinstance(acme.id, uuid.UUID)
        assert acme.employees == 12.0
        assert acme.domain_name.primary_link_url == "https://acme.example"

        page = await client.find_many_companies(
            first=10, order_by=[CompanyOrderByInput(name=OrderByDirection.DescNullsLast)]
        )
        assert page is not None and page.total_count == 2
        assert [edge.node.name for edge in page.edges] == ["Globex", "Acme"]
        assert page.page_info.has_next_page is False

        one = await client.find_one_company(CompanyFilterInput(id=UUIDFilter(eq=acme.id)))
        assert one is not None and one.id == acme.id

        updated = await client.update_company(acme.id, CompanyUpdateInput(employees=13))
        assert updated is not None and updated.employees == 13.0

        deleted = await client.delete_company(acme.id)
        assert deleted is not None and deleted.deleted_at is not None
        remaining = await client.find_many_companies()
        assert remaining is not None and remaining.total_count == 1
        restored = await client.restore_company(acme.id)
        assert restored is not None and restored.deleted_at is None
        destroyed = await client.destroy_companies(
            CompanyFilterInput(name=StringFilter(eq="Globex"))
        )
        assert destroyed is not None and [c.name for c in destroyed] == ["Globex"]


async def test_hand_written_query_spreads_the_scaffolded_fragments(
    twenty_server: EmulatorServer,
) -> None:
    """queries/people.graphql: a person with its many-to-one company."""
    async with Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        (company,) = await client.create_companies([CompanyCreateInput(name="Initech")]) or []
        person = await client.create_person(
            PersonCreateInput(name=FullNameCreateInput(first_name="Peter", last_name="Gibbons"),
                              company_id=company.id)
        )  # fmt: skip
        assert person is not None
        found = await client.person_with_company(person.id)
        assert found is not None and found.company is not None
        assert (found.name.first_name, found.company.name) == ("Peter", "Initech")


async def test_twenty_errors_are_raised_as_client_errors(twenty_server: EmulatorServer) -> None:
    """NOT_FOUND, duplicate entry (BAD_USER_INPUT) and other BAD_USER_INPUT map to classes."""
    async with Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        with pytest.raises(errors.NotFoundError) as not_found:
            await client.update_company(uuid.uuid4(), CompanyUpdateInput(name="x"))
        assert not_found.value.code == "NOT_FOUND"
        assert not_found.value.path == ["updateCompany"]

        domain = LinksCreateInput(primary_link_url="https://dup.example")
        await client.create_company(CompanyCreateInput(name="One", domain_name=domain))
        with pytest.raises(errors.DuplicateRecordError):
            await client.create_company(CompanyCreateInput(name="Two", domain_name=domain))

        with pytest.raises(errors.ValidationError) as invalid:
            await client.find_many_companies(first=1, last=1)
        assert "Cannot provide both first and last" in str(invalid.value)


async def test_wrong_api_key_is_an_authentication_error_without_the_key(
    twenty_server: EmulatorServer,
) -> None:
    secret = "not-the-key-" + uuid.uuid4().hex
    async with Client(twenty_server.graphql_url, api_key=secret) as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            await client.find_many_companies(first=1)
        assert secret not in str(caught.value) and secret not in repr(client)
        assert secret not in repr(client.transport)


async def test_documents_are_parsed_once_per_process(twenty_server: EmulatorServer) -> None:
    """gql's GraphQLRequest parses on every call; the funnel parses and prints once per text."""
    async with Client(twenty_server.graphql_url, api_key=twenty_server.api_key) as client:
        await client.find_many_companies(first=1)
        cached = dict(transport.PREPARED_CACHE._items)
        await client.find_many_companies(first=2)
        await client.find_many_companies(first=3)
        assert cached == transport.PREPARED_CACHE._items
    text = "query Probe { companies { totalCount } }"
    assert transport.prepare(text) is transport.prepare(text)
    assert transport.prepare(text).operation_name == "Probe"


async def test_clients_can_share_one_transport_and_responses_keep_their_own_status(
    twenty_server: EmulatorServer,
) -> None:
    """Concurrent requests each get their own status and headers (gql's transport races)."""
    async with Transport.with_api_key(twenty_server.graphql_url, twenty_server.api_key) as shared:
        first, second = Client(transport=shared), Client(transport=shared)
        query = "query Probe { companies(first: 1) { totalCount } }"
        responses = await asyncio.gather(
            first.execute(query, "Probe"),
            second.execute("query Bad { companies(first: 1, last: 1) { totalCount } }", "Bad"),
        )
        assert [r.status_code for r in responses] == [200, 200]
        assert responses[0].error is None and responses[0].data == {"companies": {"totalCount": 0}}
        assert isinstance(responses[1].error, errors.ValidationError)
        assert all("content-type" in {k.lower() for k in r.headers} for r in responses)
        await first.close()  # a borrowed transport stays open
        assert (await second.execute(query, "Probe")).error is None


async def test_unreachable_server_is_a_connection_error() -> None:
    async with Client("http://127.0.0.1:9/graphql", api_key="k", max_retries=0) as client:
        with pytest.raises(errors.APIConnectionError):
            await client.find_many_companies(first=1)


async def test_gql_client_can_drive_the_transport(twenty_server: EmulatorServer) -> None:
    """The same funnel behind gql's AsyncTransport protocol, for code written against gql."""
    from gql import Client as GqlClient
    from gql import gql

    transport = Transport.with_api_key(twenty_server.graphql_url, twenty_server.api_key)
    async with GqlClient(transport=transport.as_gql_transport()) as session:
        result = await session.execute(gql("{ companies { totalCount } }"))
    assert result == {"companies": {"totalCount": 0}}


async def test_transport_faults_become_transport_and_status_errors(
    twenty_server: EmulatorServer,
) -> None:
    """A slow server is a TimeoutError, a proxy's 502 an HTTPStatusError, a reset connection a
    ConnectionError: the classes the retry policy keys on (retries off here)."""
    async with Client(
        twenty_server.graphql_url, api_key=twenty_server.api_key, timeout=0.2, max_retries=0
    ) as c:
        twenty_server.faults.configure(latency_ms=1000)
        with pytest.raises(errors.APITimeoutError):
            await c.find_many_companies(first=1)
        twenty_server.faults.configure(
            latency_ms=0, http_error_rate=1.0, http_error_statuses=(502,)
        )
        with pytest.raises(errors.HTTPStatusError) as status:
            await c.find_many_companies(first=1)
        assert status.value.status_code == 502
        twenty_server.faults.configure(http_error_rate=0.0, connection_reset_rate=1.0)
        with pytest.raises(errors.APIConnectionError):
            await c.find_many_companies(first=1)
        twenty_server.faults.reset()
        assert await c.find_many_companies(first=1) is not None


@pytest.mark.twenty_server(rate_limit="2/60s")
async def test_twenty_throttling_is_a_rate_limit_error_with_its_bucket(
    twenty_server: EmulatorServer,
) -> None:
    """Twenty throttles API keys with BAD_USER_INPUT "Limit reached (N tokens per M ms)"."""
    async with Client(
        twenty_server.graphql_url, api_key=twenty_server.api_key, max_retries=0
    ) as client:
        await client.find_many_companies(first=1)
        await client.find_many_companies(first=1)
        with pytest.raises(errors.RateLimitError) as caught:
            await client.find_many_companies(first=1)
    assert (caught.value.tokens, caught.value.window_ms) == (2, 60000)
    assert caught.value.status_code == 200
