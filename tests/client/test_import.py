"""``twenty-gql import``: validation before writing, CSV to nested input, failed rows,
and an import SIGKILLed half-way then resumed ending with exactly the file's records."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from twenty_gql import TwentyClient, cli
from twenty_gql.commands import importer
from twenty_gql.metadata import FieldType
from twenty_gql.testing.runner import EmulatorServer

from .conftest import create_raw, destroy_raw


def names_in(server: EmulatorServer) -> list[str | None]:
    async def fetch() -> list[str | None]:
        async with TwentyClient(server.url, server.api_key) as tw:
            return [c.name async for c in tw.companies.iterate(page_size=200)]

    return asyncio.run(fetch())


def run_import(server: EmulatorServer, *args: str | Path) -> int:
    argv = ["company", *map(str, args), "--url", server.url, "--api-key", server.api_key]
    return importer.main([*argv, "--quiet"])


def write_jsonl(path: Path, count: int) -> Path:
    with path.open("wb") as handle:
        for i in range(count):
            row = {"name": f"Imp {i:05d}", "employees": i}
            handle.write(orjson.dumps(row) + b"\n")
    return path


def test_csv_dotted_columns_become_nested_input(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(
        "name,employees,domainName.primaryLinkUrl,address.addressCity,idealCustomerProfile\n"
        "Acme,42,https://acme.example,Paris,true\n"
        "Beta,,beta.example,,false\n"
    )
    assert run_import(twenty_server, path) == 0
    assert "2 written, 0 failed" in capsys.readouterr().out

    async def fetch() -> list[tuple[object, ...]]:
        async with TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
            found = await tw.companies.find(order_by={"name": "AscNullsFirst"})
            return [
                (c.name, c.employees, c.domain_name and c.domain_name.primary_link_url,
                 c.address and c.address.address_city, c.ideal_customer_profile)
                for c in found
            ]  # fmt: skip

    assert asyncio.run(fetch()) == [
        ("Acme", 42, "https://acme.example", "Paris", True),
        ("Beta", None, "beta.example", "", False),
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.csv",
            "name,employes\nA,3\n",
            "line 1, column employes: unknown field; did you mean employees?",
        ),
        ("bad.csv", "name,employees\nA,3\nB,lots\n", "line 3, column employees: Input should"),
        ("bad.csv", "name,address.adressCity\nA,Rome\n", "column address.adressCity: unknown"),
        ("bad.csv", "name,createdBy.nmae\nA,x\n", "line 1, column createdBy.nmae: unknown"),
        ("bad.csv", "name,idealCustomerProfile\nA,maybe\n", "column idealCustomerProfile: Input"),
        (
            "bad.csv",
            "domainName.secondaryLinks\n[oops\n",
            "line 2, column domainName.secondaryLinks: expected JSON",
        ),
        ("bad.jsonl", '{"name": "A"}\n{"name": "B",\n', "line 2: not valid JSON"),
        ("bad.jsonl", '{"name": "A"}\n\n{"name": ["B"]}\n', "line 3, column name: Input should"),
    ],
)
def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_written(
    twenty_server: EmulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    expected: str,
) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert run_import(twenty_server, path) == 2
    err = capsys.readouterr().err
    assert expected in err and "nothing was written" in err
    assert "line 2, column employes" not in err  # an unknown column is named once
    assert names_in(twenty_server) == []


def test_what_the_workspace_has_but_the_package_lacks_is_named_as_such(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A field or object added in Twenty since codegen: the fix is a codegen run, say so."""

    async def add_to_workspace() -> None:
        async with TwentyClient(twenty_server.url, twenty_server.api_key) as tw:
            await tw.metadata.create_field("company", "tier", FieldType.TEXT)
            await tw.metadata.create_object("rocket", "rockets")

    asyncio.run(add_to_workspace())
    path = tmp_path / "tiers.csv"
    path.write_text("name,tier\nA,gold\n")
    assert run_import(twenty_server, path) == 2
    err = capsys.readouterr().err
    assert "line 1, column tier: unknown field" in err
    assert "tier exists in the workspace's company but not in twenty_gql.standard" in err
    argv = ["rockets", str(path), "--url", twenty_server.url, "--api-key", twenty_server.api_key]
    assert importer.main([*argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "rockets exists in the workspace but not in twenty_gql.standard" in err
    assert names_in(twenty_server) == []


def test_failed_rows_are_written_out_with_their_error(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dups.jsonl"
    rows = [{"name": f"D{i}", "domainName": {"primaryLinkUrl": f"d{i}.io"}} for i in range(300)]
    rows.insert(250, {"name": "again", "domainName": {"primaryLinkUrl": "d7.io"}})
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    failed_out = tmp_path / "failed.jsonl"
    assert run_import(twenty_server, path, "--failed-out", failed_out) == 1
    out, err = capsys.readouterr()
    assert "300 written, 1 failed" in out
    assert "  1 x DuplicateRecordError: " in err  # the reasons, counted, under the summary
    (failure,) = [json.loads(line) for line in failed_out.read_text().splitlines()]
    assert failure["line"] == 251 and failure["record"]["name"] == "again"
    assert failure["error_type"] == "DuplicateRecordError"
    assert len(names_in(twenty_server)) == 300


@pytest.mark.twenty_server(faults={"latency_ms": 40})
def test_sigkilled_import_resumes_without_duplicates(
    twenty_server: EmulatorServer, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", 5000)
    checkpoint = tmp_path / "big.jsonl.twenty-import.json"
    command = [
        sys.executable, "-m", "twenty_gql.cli", "import", "company", str(path),
        "--batch-size", "50", "--concurrency", "3", "--quiet",
        "--url", twenty_server.url, "--api-key", twenty_server.api_key,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if checkpoint.exists() and json.loads(checkpoint.read_text())["done_before"] > 1500:
            break
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = json.loads(checkpoint.read_text())
    assert 1500 < killed_at["done_before"] < 5000  # killed half-way
    assert 0 < len(names_in(twenty_server)) < 5000

    resumed = subprocess.run([*command, "--resume"], env=env, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "0 failed" in resumed.stdout and "skipped" in resumed.stdout
    skipped = int(resumed.stdout.split(" skipped")[0].rsplit(" ", 1)[1])
    assert skipped >= killed_at["done_before"] - 1
    names = names_in(twenty_server)
    assert len(names) == 5000 and set(names) == {f"Imp {i:05d}" for i in range(5000)}


def test_rows_written_after_the_last_checkpoint_are_recognised_on_resume(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "again.jsonl", 450)
    assert run_import(twenty_server, path) == 0
    checkpoint = tmp_path / "again.jsonl.twenty-import.json"
    state = json.loads(checkpoint.read_text())
    # as if killed after the server applied every batch but before any checkpoint was saved
    checkpoint.write_text(json.dumps({**state, "done_before": 0, "written": 0}))
    capsys.readouterr()
    assert run_import(twenty_server, path, "--resume", "--batch-size", "100") == 0
    assert "450 written, 0 failed, 0 skipped" in capsys.readouterr().out
    assert len(names_in(twenty_server)) == 450
    # a plain rerun of the same file makes the same ids: still no duplicates
    assert run_import(twenty_server, path) == 0
    assert len(names_in(twenty_server)) == 450


@pytest.mark.twenty_server(
    rate_limit="15/1s",
    faults={"seed": 5, "http_error_rate": 0.04, "connection_reset_rate": 0.03,
            "response_lost_rate": 0.03},
)  # fmt: skip
def test_import_under_faults_and_throttling_writes_each_row_once(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "flaky.jsonl", 3000)
    code = run_import(twenty_server, path, "--batch-size", "50", "--rate-limit", "14/1")
    assert code == 0, capsys.readouterr()
    assert "3000 written, 0 failed" in capsys.readouterr().out
    twenty_server.faults.configure(http_error_rate=0, connection_reset_rate=0, response_lost_rate=0)
    names = names_in(twenty_server)
    assert len(names) == 3000 and set(names) == {f"Imp {i:05d}" for i in range(3000)}
    assert sum(d.fault != "none" for d in twenty_server.faults.history) >= 4


def test_resume_refuses_a_checkpoint_of_another_file(
    twenty_server: EmulatorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "v.jsonl", 3)
    assert run_import(twenty_server, path) == 0
    write_jsonl(path, 4)  # the file changed since
    assert run_import(twenty_server, path, "--resume") == 2
    assert "another version of the file" in capsys.readouterr().err


ROUND_TRIP_COMPANIES = [
    {"id": "00000000-0000-4000-8000-000000000001", "name": "Acme, \"Inc\"", "employees": 10,
     "idealCustomerProfile": True,
     "domainName": {"primaryLinkUrl": "https://acme.example", "primaryLinkLabel": "Acme",
                    "secondaryLinks": [{"url": "https://acme.dev", "label": "dev"}]},
     "address": {"addressCity": "Oslo", "addressLat": 59.9},
     "annualRecurringRevenue": {"amountMicros": 1500000, "currencyCode": "EUR"}},
    {"id": "00000000-0000-4000-8000-000000000002", "name": "[not json", "employees": None},
    {"id": "00000000-0000-4000-8000-000000000003", "name": "", "employees": 0,
     "idealCustomerProfile": False},
]  # fmt: skip
ROUND_TRIP_PEOPLE = [
    {"id": "00000000-0000-4000-8000-000000000101",
     "name": {"firstName": "Ada", "lastName": "Lovelace"}, "jobTitle": "",
     "emails": {"primaryEmail": "ada@acme.example", "additionalEmails": ["a@x.io", "b@x.io"]},
     "companyId": ROUND_TRIP_COMPANIES[0]["id"]},
    {"id": "00000000-0000-4000-8000-000000000102",
     "name": {"firstName": "Alan", "lastName": "Turing"}, "companyId": None},
]  # fmt: skip


ROUND_TRIP_WORKFLOWS = [
    {"id": "00000000-0000-4000-8000-000000000201", "name": "Onboard",
     "statuses": ["DRAFT", "ACTIVE"]},
    {"id": "00000000-0000-4000-8000-000000000202", "name": "Idle", "statuses": None},
]  # fmt: skip
#: export name -> (singular, seeded rows), children after their parents
ROUND_TRIP = {
    "companies": ("company", ROUND_TRIP_COMPANIES),
    "people": ("person", ROUND_TRIP_PEOPLE),
    "workflows": ("workflow", ROUND_TRIP_WORKFLOWS),
}


def export_to(server: EmulatorServer, object_name: str, fmt: str, path: Path) -> None:
    argv = ["export", object_name, "--format", fmt, "-o", str(path), "-q"]
    assert cli.main([*argv, "--url", server.url, "--api-key", server.api_key]) == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_imports_back_to_the_same_export(
    twenty_server: EmulatorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    """export -> destroy -> import -> export gives the same files: composites, JSON lists, a
    MULTI_SELECT, booleans, nulls, a text that looks like JSON, ids and companyId kept."""

    async def seed() -> None:
        for singular, rows in ROUND_TRIP.values():
            await create_raw(twenty_server, singular, rows)

    async def destroy_all() -> None:
        for singular, rows in reversed(ROUND_TRIP.values()):
            await destroy_raw(twenty_server, singular, [str(r["id"]) for r in rows])

    asyncio.run(seed())
    first = {o: tmp_path / f"{o}.{fmt}" for o in ROUND_TRIP}
    for object_name, path in first.items():
        export_to(twenty_server, object_name, fmt, path)
    asyncio.run(destroy_all())
    capsys.readouterr()
    for object_name, path in first.items():
        argv = [object_name, str(path), "--url", twenty_server.url, "--quiet"]
        assert importer.main([*argv, "--api-key", twenty_server.api_key]) == 0
    out, err = capsys.readouterr()
    for _, rows in ROUND_TRIP.values():
        assert f"{len(rows)} written, 0 failed" in out
    assert "Onboard" in first["workflows"].read_text()
    assert "skipping createdBy.name, createdBy.workspaceMemberId (set by Twenty" in err
    for object_name, path in first.items():
        again = tmp_path / f"again-{object_name}.{fmt}"
        export_to(twenty_server, object_name, fmt, again)
        assert again.read_text() == path.read_text(), object_name
