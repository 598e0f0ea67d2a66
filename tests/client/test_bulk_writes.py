"""Bulk writes over HTTP: create_many (batches, validation first, bisection, no duplicates
under faults), update_many_by_id, delete/destroy by ids, progress."""

from __future__ import annotations

import itertools
import logging
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest

import twenty_gql
from twenty_gql import BulkResult, BulkWriteError, InvalidInputError, TwentyClient
from twenty_gql.standard.fragments import CompanyFields
from twenty_gql.standard.input_types import CompanyCreateInput
from twenty_gql.testing.faults import Fault, FaultConfig
from twenty_gql.testing.rate_limit import BucketSpec, RateLimiter, RateLimitExceededError
from twenty_gql.testing.runner import EmulatorServer

from .conftest import seed_companies


def rows(count: int, prefix: str = "Bulk") -> list[dict[str, object]]:
    return [{"name": f"{prefix} {i:05d}", "employees": i} for i in range(count)]


async def test_create_many_writes_every_record_typed_in_input_order(tw: TwentyClient) -> None:
    seen: list[int] = []
    records: list[CompanyCreateInput | dict[str, object]] = [*rows(449)]
    records.append(CompanyCreateInput(name="Model", employees=7))
    result = await tw.companies.create_many(records, batch_size=100, on_progress=seen.append)
    assert result.ok and len(result) == 450 and result.written_count == 450
    assert all(isinstance(node, CompanyFields) for node in result.written)
    assert [c.name for c in result.written[:2]] == ["Bulk 00000", "Bulk 00001"]
    assert result.written[-1].name == "Model"
    assert sorted(seen) == seen and seen[-1] == 450 and len(seen) == 5
    assert await tw.companies.count() == 450
    assert result.raise_for_failures() is result


async def test_create_many_returning_ids_reads_nothing_back(
    tw: TwentyClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twenty_gql")
    records = rows(450, "Ids")
    records[7]["id"] = given = str(uuid.uuid4())
    result = await tw.companies.create_many(records, returning="ids")
    assert result.ok and len(result.written) == 450
    assert all(isinstance(ref, twenty_gql.RecordRef) for ref in result.written)
    assert str(result.written[7].id) == given  # input order, ids as sent
    assert {c.name async for c in tw.companies.iterate()} == {r["name"] for r in records}
    assert "CreateCompaniesIds attempt=1" in caplog.text
    with pytest.raises(InvalidInputError, match="returning"):
        await tw.companies.create_many(records, returning="names")  # type: ignore[call-overload]


async def test_create_many_validates_every_record_before_sending(tw: TwentyClient) -> None:
    bad = [*rows(300), {"name": "x", "employes": 3}]
    with pytest.raises(InvalidInputError, match=r"record #300.*employes: unknown field"):
        await tw.companies.create_many(bad)
    with pytest.raises(InvalidInputError, match=r"record #1.*employees"):
        await tw.companies.create_many([{"name": "a"}, {"employees": "many"}])
    with pytest.raises(InvalidInputError, match="concurrency"):
        await tw.companies.create_many(rows(3), concurrency=0)
    assert await tw.companies.count() == 0


async def test_one_duplicate_domain_is_isolated_and_the_rest_written(tw: TwentyClient) -> None:
    await tw.companies.create({"name": "Taken", "domainName": {"primaryLinkUrl": "taken.io"}})
    records = rows(200)
    records[137] = {"name": "Dup", "domainName": {"primaryLinkUrl": "taken.io"}}
    result = await tw.companies.create_many(records, batch_size=500)  # clamped to 200
    assert [f.index for f in result.failed] == [137]
    failure = result.failed[0]
    assert failure.record is records[137]
    assert isinstance(failure.error, twenty_gql.DuplicateRecordError)
    assert result.written_count == 199 and not result.ok
    assert await tw.companies.count() == 200
    with pytest.raises(BulkWriteError, match=r"1 of 200 records failed \(199 written\): #137"):
        result.raise_for_failures()


async def test_update_many_by_id_groups_identical_data_and_reports_missing(
    tw: TwentyClient, twenty_server: EmulatorServer
) -> None:
    ids = await seed_companies(twenty_server, 5)
    missing = str(uuid.uuid4())
    result = await tw.companies.update_many_by_id(
        [
            {"id": ids[0], "employees": 1000},
            {"id": ids[1], "employees": 1000},
            (ids[2], {"name": "Renamed"}),
            {"id": missing, "employees": 1000},
            (uuid.UUID(ids[3]), {"employees": 5}),
        ]
    )
    assert [(c.id, c.employees) for c in result.written][:2] == [
        (uuid.UUID(ids[0]), 1000),
        (uuid.UUID(ids[1]), 1000),
    ]
    assert [f.index for f in result.failed] == [3]
    assert isinstance(result.failed[0].error, twenty_gql.NotFoundError)
    assert missing in str(result.failed[0].error)
    assert (await tw.companies.get(ids[2])).name == "Renamed"
    assert (await tw.companies.get(ids[2])).employees == 2  # untouched
    assert (await tw.companies.get(ids[4])).employees == 4
    with pytest.raises(InvalidInputError, match=r"record #0.*nmae"):
        await tw.companies.update_many_by_id([{"id": ids[0], "nmae": "x"}])


async def test_delete_and_destroy_many_by_id_report_missing_ids(
    tw: TwentyClient, twenty_server: EmulatorServer
) -> None:
    ids = await seed_companies(twenty_server, 450)
    missing = str(uuid.uuid4())
    progress: list[int] = []
    deleted = await tw.companies.delete_many_by_id(
        [*ids[:300], missing], on_progress=progress.append
    )
    assert deleted.written_count == 300 and [f.index for f in deleted.failed] == [300]
    assert progress[-1] == 301
    assert await tw.companies.count() == 150
    destroyed = await tw.companies.destroy_many_by_id([ids[0], missing, ids[400]])
    assert [str(c.id) for c in destroyed.written] == [ids[0], ids[400]]
    assert [f.index for f in destroyed.failed] == [1]
    with pytest.raises(InvalidInputError, match="repeats"):
        await tw.companies.delete_many_by_id([ids[1], ids[1]])
    with pytest.raises(InvalidInputError, match="UUID"):
        await tw.companies.delete_many_by_id(["not-an-id"])


@pytest.fixture
def flaky_server() -> Iterator[EmulatorServer]:
    faults = FaultConfig(
        seed=11,
        http_error_rate=0.04,
        connection_reset_rate=0.03,
        response_lost_rate=0.03,
    )
    limiter = RateLimiter.from_spec("30/1s")
    calls = itertools.count(1)

    def throttle() -> None:
        """Twenty's limiter at 30 requests a second, and a throttle every 40th root field
        whatever the machine's speed (a slow machine may never reach 30 a second)."""
        if next(calls) % 40 == 0:
            raise RateLimitExceededError(BucketSpec(30, 1000))
        limiter.consume("workspace")

    server = EmulatorServer(faults=faults, throttle=throttle).start()
    yield server
    server.stop()


async def test_ten_thousand_under_faults_and_throttling_exactly_once(
    flaky_server: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twenty_gql")
    records = rows(10_000, "Flaky")
    async with TwentyClient(flaky_server.url, flaky_server.api_key, max_retries=8) as tw:
        result: BulkResult[CompanyFields] = await tw.companies.create_many(records, batch_size=50)
        assert result.ok, result.failed[:3]
        assert result.written_count == 10_000
        names = [c.name async for c in tw.companies.iterate(page_size=200)]
    assert len(names) == 10_000 and len(set(names)) == 10_000
    assert set(names) == {r["name"] for r in records}
    faults = Counter(decision.fault for decision in flaky_server.faults.history)
    assert faults[Fault.RESPONSE_LOST] >= 3 and faults[Fault.CONNECTION_RESET] >= 3
    assert faults[Fault.HTTP_ERROR] >= 3
    assert "CreateCompanies attempt=2" in caplog.text and "DuplicateRecordError" in caplog.text
    assert "RateLimitError (retrying)" in caplog.text  # the server throttled, the client paced


async def test_create_many_upsert_updates_the_record_matched_by_a_unique_field(
    tw: TwentyClient,
) -> None:
    taken = await tw.companies.create({"name": "Old", "domainName": {"primaryLinkUrl": "u.io"}})
    result = await tw.companies.create_many(
        [{"name": "Fresh"}, {"name": "New", "domainName": {"primaryLinkUrl": "u.io"}}],
        upsert=True,
    )
    assert result.ok and [c.name for c in result.written] == ["Fresh", "New"]
    assert result.written[1].id == taken.id  # matched by domain: keeps its id
    assert await tw.companies.count() == 2


async def test_delete_by_id_counts_a_batch_applied_before_its_response_was_lost(
    twenty_server: EmulatorServer,
) -> None:
    ids = await seed_companies(twenty_server, 60)
    twenty_server.faults.configure(seed=12, response_lost_rate=0.3)
    async with TwentyClient(twenty_server.url, twenty_server.api_key, max_retries=10) as tw:
        result = await tw.companies.delete_many_by_id(ids, batch_size=10, concurrency=1)
        twenty_server.faults.configure(response_lost_rate=0)
        assert result.ok, result.failed[:2]
        assert [str(c.id) for c in result.written] == ids
        assert await tw.companies.count() == 0
    lost = [d for d in twenty_server.faults.history if d.fault == Fault.RESPONSE_LOST]
    assert len(lost) >= 2


async def test_update_many_by_id_isolates_the_record_that_refuses_shared_data(
    tw: TwentyClient,
) -> None:
    result = await tw.companies.create_many([{"name": "A"}, {"name": "B"}])
    a, b = result.written
    same = {"domainName": {"primaryLinkUrl": "shared.io"}}
    updated = await tw.companies.update_many_by_id([(a.id, same), (b.id, same)])
    assert [c.id for c in updated.written] == [a.id]
    assert [f.index for f in updated.failed] == [1]
    assert isinstance(updated.failed[0].error, twenty_gql.DuplicateRecordError)
