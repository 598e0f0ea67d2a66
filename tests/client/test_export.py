"""``twenty-gql export`` against the emulator over loopback HTTP.

The command is synchronous (it runs its own event loop), so async tests seed through the
server and then run ``cli.main`` in a worker thread.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.emulator.serve_process import serve_process
from twenty_gql import TwentyClient, cli
from twenty_gql.commands._formats import parse_row
from twenty_gql.commands._records import choose_columns, load_shape
from twenty_gql.metadata import FieldType
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.runner import EmulatorServer

from .conftest import create_raw, destroy_raw, seed_companies


def uid(n: int) -> str:
    """Ids that sort in creation order (the server's default order is by id)."""
    return str(uuid.UUID(int=n, version=4))


COMPANIES = [
    {"id": uid(1), "name": "Acme", "employees": 10,
     "domainName": {"primaryLinkUrl": "https://acme.example", "primaryLinkLabel": "Acme"}},
    {"id": uid(2), "name": "Beta, \"Inc\"", "employees": 250,
     "domainName": {"primaryLinkUrl": "https://beta.example"}},
    {"id": uid(3), "name": "Gamma", "employees": None},
]  # fmt: skip


async def seed(server: EmulatorServer) -> None:
    await create_raw(server, "company", COMPANIES)
    people = [
        {"id": uid(101), "name": {"firstName": "Ada", "lastName": "Lovelace"},
         "emails": {"primaryEmail": "ada@acme.example", "additionalEmails": ["a@x.io", "b@x.io"]},
         "companyId": uid(1)},
        {"id": uid(102), "name": {"firstName": "Alan", "lastName": "Turing"}, "companyId": None},
    ]  # fmt: skip
    await create_raw(server, "person", people)


async def export(server: EmulatorServer, *argv: str) -> tuple[int, str]:
    """Run ``twenty-gql export`` in a thread; (exit status, what it wrote to stdout)."""
    out = io.StringIO()

    def run() -> int:
        saved, sys.stdout = sys.stdout, out
        try:
            return cli.main(
                ["export", *argv, "-q", "--url", server.url, "--api-key", server.api_key]
            )
        finally:
            sys.stdout = saved

    code = await asyncio.to_thread(run)
    return code, out.getvalue()


async def test_jsonl_is_exact_and_keeps_composites_nested(twenty_server: EmulatorServer) -> None:
    await seed(twenty_server)
    code, out = await export(twenty_server, "companies", "--fields", "id,name,employees,domainName")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": uid(1), "name": "Acme", "employees": 10,
         "domainName": {"primaryLinkLabel": "Acme", "primaryLinkUrl": "https://acme.example",
                        "secondaryLinks": []}},
        {"id": uid(2), "name": "Beta, \"Inc\"", "employees": 250,
         "domainName": {"primaryLinkLabel": "", "primaryLinkUrl": "https://beta.example",
                        "secondaryLinks": []}},
        {"id": uid(3), "name": "Gamma", "employees": None,
         "domainName": {"primaryLinkLabel": "", "primaryLinkUrl": "", "secondaryLinks": []}},
    ]  # fmt: skip


async def test_csv_is_exact_with_dotted_composite_columns_and_json_lists(
    twenty_server: EmulatorServer, tmp_path: Path
) -> None:
    await seed(twenty_server)
    target = tmp_path / "companies.csv"
    code, out = await export(
        twenty_server, "companies", "--format", "csv", "-o", str(target),
        "--fields", "id,name,employees,domainName.primaryLinkUrl",
    )  # fmt: skip
    assert code == 0 and out == ""
    assert target.read_text() == (
        "id,name,employees,domainName.primaryLinkUrl\n"
        f"{uid(1)},Acme,10,https://acme.example\n"
        f'{uid(2)},"Beta, ""Inc""",250,https://beta.example\n'
        f"{uid(3)},Gamma,,\n"
    )
    code, out = await export(
        twenty_server, "people", "--format", "csv", "--fields", "name,emails,companyId"
    )
    assert out.splitlines() == [
        "name.firstName,name.lastName,emails.primaryEmail,emails.additionalEmails,companyId",
        f'Ada,Lovelace,ada@acme.example,"[""a@x.io"",""b@x.io""]",{uid(1)}',
        "Alan,Turing,,,",
    ]


async def test_all_columns_by_default_id_first_relations_as_join_columns(
    twenty_server: EmulatorServer,
) -> None:
    await seed(twenty_server)
    code, out = await export(twenty_server, "people", "--format", "csv")
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    fields = list(dict.fromkeys(h.partition(".")[0] for h in header[1:]))
    assert header[0] == "id" and fields == sorted(fields)  # sub-fields in the schema's order
    assert {"companyId", "name.firstName", "emails.additionalEmails", "createdBy.source"} <= set(
        header
    )
    assert "company" not in header and "searchVector" not in header
    code, again = await export(twenty_server, "person", "--format", "csv")  # singular works too
    assert again == out


async def test_a_custom_field_is_exported_without_codegen(
    twenty_server: EmulatorServer, tw: TwentyClient
) -> None:
    await seed(twenty_server)
    await tw.metadata.create_field("company", "tier", FieldType.SELECT, options=["GOLD", "SILVER"])
    await tw.metadata.create_field("company", "nickname", FieldType.TEXT)
    await tw.metadata.wait_for("company.tier", "company.nickname", timeout=10)
    await tw.execute(
        'mutation($id: UUID!) { updateCompany(id: $id, data: {tier: GOLD, nickname: "A"}) { id } }',
        {"id": uid(1)},
    )
    code, out = await export(twenty_server, "companies")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(r["tier"], r["nickname"]) for r in rows] == [("GOLD", "A"), (None, None), (None, None)]
    code, out = await export(twenty_server, "companies", "--format", "csv", "--fields", "name,tier")
    assert out.splitlines() == ["name,tier", "Acme,GOLD", '"Beta, ""Inc""",', "Gamma,"]


async def test_filter_restricts_records(twenty_server: EmulatorServer) -> None:
    await seed(twenty_server)
    code, out = await export(
        twenty_server, "companies", "--fields", "name", "--filter", '{"employees": {"gte": 100}}'
    )
    assert code == 0 and [json.loads(x) for x in out.splitlines()] == [{"name": 'Beta, "Inc"'}]
    code, out = await export(
        twenty_server, "companies", "--fields", "name",
        "--filter", '{"or": [{"name": {"eq": "Acme"}}, {"name": {"eq": "Gamma"}}]}',
    )  # fmt: skip
    assert [json.loads(x)["name"] for x in out.splitlines()] == ["Acme", "Gamma"]


async def test_include_one_to_many_is_complete_past_the_page_cap(
    twenty_server: EmulatorServer,
) -> None:
    await seed(twenty_server)
    people = [{"id": uid(1000 + i), "companyId": uid(2), "jobTitle": f"#{i}"} for i in range(450)]
    await create_raw(twenty_server, "person", people)
    code, out = await export(
        twenty_server, "companies", "--fields", "id,name", "--include", "people",
        "--page-size", "2",
    )  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in rows] == ["Acme", 'Beta, "Inc"', "Gamma"]
    assert [p["id"] for p in rows[0]["people"]] == [uid(101)]
    assert sorted(p["jobTitle"] for p in rows[1]["people"]) == sorted(f"#{i}" for i in range(450))
    assert len({p["id"] for p in rows[1]["people"]}) == 450
    assert rows[2]["people"] == []
    assert set(rows[0]["people"][0]) >= {"id", "companyId", "name", "emails"}


async def test_include_many_to_one_nests_the_record_or_null(
    twenty_server: EmulatorServer,
) -> None:
    await seed(twenty_server)
    code, out = await export(
        twenty_server, "people", "--fields", "name.firstName", "--include", "company",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    header, ada, alan = list(csv.reader(io.StringIO(out)))
    assert header == ["name.firstName", "company"]
    assert ada[0] == "Ada" and json.loads(ada[1])["name"] == "Acme"
    assert alan == ["Alan", ""]


async def test_include_paths_nest_to_any_depth(twenty_server: EmulatorServer) -> None:
    """companies -> people -> their opportunities, and people -> company -> its deals: each
    level fetched by keys in bulk, a record shared by several parents fetched once."""
    await seed(twenty_server)
    deals = [
        {"id": uid(201 + i), "name": f"Deal {i}", "companyId": uid(1), "pointOfContactId": uid(101)}
        for i in range(3)
    ]
    await create_raw(twenty_server, "opportunity", deals)
    code, out = await export(
        twenty_server, "companies", "--fields", "name",
        "--include", "people.pointOfContactForOpportunities,opportunities",
    )  # fmt: skip
    assert code == 0
    acme, beta, gamma = [json.loads(line) for line in out.splitlines()]
    (ada,) = acme["people"]
    assert ada["name"]["firstName"] == "Ada"
    assert sorted(d["name"] for d in ada["pointOfContactForOpportunities"]) == [
        "Deal 0", "Deal 1", "Deal 2",
    ]  # fmt: skip
    assert len(acme["opportunities"]) == 3 and beta["people"] == gamma["opportunities"] == []
    code, out = await export(
        twenty_server, "people", "--fields", "name.firstName", "--include", "company.opportunities"
    )
    ada_row, alan_row = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in ada_row["company"]["opportunities"]] == [uid(201), uid(202), uid(203)]
    assert alan_row["company"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compnies"], "no object named 'compnies' in this workspace; did you mean companies"),
        (["companies", "--fields", "name,nmae"], "company has no field 'nmae'; did you mean name"),
        (
            ["companies", "--fields", "domainName.url"],
            "did you mean domainName, domainName.primaryLinkUrl",
        ),
        (["companies", "--include", "peple"], "company has no relation 'peple'; did you mean"),
        (["companies", "--filter", '{"employes": {"gt": 1}}'], "did you mean employees"),
        (["companies", "--filter", '{"employees": {"gt": "x"}}'], "invalid value at .employees.gt"),
    ],
)
async def test_usage_errors_exit_2_naming_close_matches(
    twenty_server: EmulatorServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    target = tmp_path / "out.csv"
    code, out = await export(twenty_server, *argv, "-o", str(target))
    assert code == 2 and out == "" and not target.exists()  # nothing opened, nothing written
    err = capsys.readouterr().err
    assert message in err and twenty_server.api_key not in err


def test_bad_filter_json_names_the_position(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["export", "companies", "--filter", '{"name": {"eq": "A"}', "--url", "x"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--filter is not valid JSON" in err and "line 1 column 21" in err
    with pytest.raises(SystemExit):
        cli.main(["export", "companies", "--filter", "[1]", "--url", "x", "--api-key", "k"])
    assert "must be a JSON object" in capsys.readouterr().err


async def test_a_few_thousand_rows_in_process(
    twenty_server: EmulatorServer, tmp_path: Path
) -> None:
    ids = await seed_companies(twenty_server, 2500)
    target = tmp_path / "all.csv"
    code, _ = await export(
        twenty_server, "companies", "--format", "csv", "-o", str(target), "--rate-limit", "500/1"
    )
    assert code == 0
    with target.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2500 and {r["id"] for r in rows} == set(ids)
    assert sorted(int(r["employees"]) for r in rows) == list(range(2500))


def _seed_file(path: Path, count: int) -> None:
    emulator = Emulator(db_path=str(path))
    try:
        emulator.store.insert(
            "company", [{"id": uid(i + 1), "name": f"Co {i:05d}"} for i in range(count)]
        )
    finally:
        emulator.store.close()


async def test_subprocess_export_through_a_faulty_server_is_complete(tmp_path: Path) -> None:
    """The exact ``serve --faults`` spec of the docs, served from another process: the export
    (a third process) retries through resets, lost responses and 5xx and misses nothing."""
    db = tmp_path / "ws.db"
    _seed_file(db, 3000)
    faults = "seed=3,http_error_rate=0.1,connection_reset_rate=0.05,response_lost_rate=0.05"
    serve = ("--api-key", "k", "--db", str(db), "--faults", f"{faults},latency_ms=20")
    async with serve_process(*serve) as (url, _):
        done = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                "-m",
                "twenty_gql.cli",
                "export",
                "companies",
                "--fields",
                "id,name",
                "--url",
                url,
                "--api-key",
                "k",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "COLUMNS": "120"},
        )
    assert done.returncode == 0, done.stderr
    names = [json.loads(line)["name"] for line in done.stdout.splitlines()]
    assert names == [f"Co {i:05d}" for i in range(3000)]
    assert "3000/3000" in done.stderr  # the progress bar, on stderr


async def test_csv_round_trips_through_parse_row_into_creates(
    twenty_server: EmulatorServer, tw: TwentyClient, tmp_path: Path
) -> None:
    """The import convention: an export, read back with ``parse_row`` and created again in an
    emptied workspace, exports to the very same CSV (composites, lists, numbers, booleans)."""
    await tw.metadata.create_field("company", "tags", FieldType.MULTI_SELECT, options=["A", "B"])
    await tw.metadata.wait_for("company.tags", timeout=10)
    await seed(twenty_server)
    await tw.execute(
        "mutation($id: UUID!) { updateCompany(id: $id, data: {tags: [A, B], "
        'idealCustomerProfile: true, address: {addressCity: "Oslo", addressLat: 59.9}, '
        'annualRecurringRevenue: {amountMicros: 1500000, currencyCode: "EUR"}}) { id } }',
        {"id": uid(1)},
    )
    fields = "id,name,employees,domainName,address,annualRecurringRevenue,idealCustomerProfile,tags"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    code, _ = await export(
        twenty_server, "companies", "--format", "csv", "--fields", fields, "-o", str(first)
    )
    assert code == 0
    info = await tw.metadata.get_object("company")
    columns = choose_columns(await load_shape(tw.execute, info), fields.split(","))
    with first.open(newline="") as handle:
        records = [parse_row(columns, row) for row in csv.DictReader(handle)]
    assert records[0]["tags"] == ["A", "B"] and records[0]["idealCustomerProfile"] is True
    assert records[0]["address"]["addressLat"] == 59.9 and records[0]["employees"] == 10
    assert records[2]["employees"] is None
    await destroy_raw(twenty_server, "company", [uid(1), uid(2), uid(3)])
    await create_raw(twenty_server, "company", records)
    code, _ = await export(
        twenty_server, "companies", "--format", "csv", "--fields", fields, "-o", str(second)
    )
    assert code == 0 and second.read_text() == first.read_text()
