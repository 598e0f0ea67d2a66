"""``twenty-gql codegen`` as a command: exit codes and messages a person can act on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.emulator.metadata_http import add_field
from twenty_gql.codegen import cli
from twenty_gql.testing.runner import EmulatorServer

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ["--out", str(ROOT / "generated"), "--queries", str(ROOT / "queries")]


def test_check_passes_for_the_committed_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--from-emulator-standard", "--check", *COMMITTED]) == 0
    assert "up to date" in capsys.readouterr().out


async def test_check_against_a_live_workspace_lists_the_new_field(
    twenty_server: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a custom field is added in Twenty, --check fails and names it."""
    await add_field(twenty_server, "company", "tagline", "TEXT")
    argv = ["--url", twenty_server.url, "--api-key", twenty_server.api_key, "--check", *COMMITTED]
    assert await asyncio.to_thread(cli.main, argv) == 1
    err = capsys.readouterr().err
    assert "schema drift" in err
    assert "~ object Company\n    + tagline: String\n" in err
    assert twenty_server.api_key not in err


def test_no_schema_source_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TWENTY_API_URL", raising=False)
    assert cli.main(["--out", str(tmp_path / "pkg")]) == 1
    assert "no schema source" in capsys.readouterr().err


def test_missing_schema_file_and_bad_package_name_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--schema", str(tmp_path / "nope.graphql"), "--out", str(tmp_path)]) == 1
    assert "nope.graphql: no such file" in capsys.readouterr().err
    assert cli.main(["--schema", "x", "--out", str(tmp_path / "my-client")]) == 1
    assert "'my-client' is not a Python identifier" in capsys.readouterr().err
    assert cli.main(["--schema", "x", "--out", str(tmp_path / "crm"), "--package", "twenty"]) == 1
    assert "would not import as 'twenty'" in capsys.readouterr().err


def test_wait_for_on_a_schema_file_fails_fast_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = tmp_path / "schema.graphql"
    schema.write_text((ROOT / "generated" / "schema.graphql").read_text())
    argv = ["--schema", str(schema), "--wait-for", "company.tagline", "--out", str(tmp_path / "p")]
    assert cli.main(argv) == 1
    assert "lacks company.tagline" in capsys.readouterr().err


def test_unreachable_server_is_reported_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--url", "http://127.0.0.1:9", "--api-key", "secret-key", "--out", str(tmp_path / "p")]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("codegen: could not connect to http://127.0.0.1:9/graphql")
    assert "secret-key" not in err
