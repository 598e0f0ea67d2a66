"""``twenty-gql objects``, ``fields`` and ``webhooks listen`` against the emulator."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from twenty_gql import cli
from twenty_gql._executor import Executor
from twenty_gql.commands import webhooks as webhooks_command
from twenty_gql.commands._connection import metadata_url
from twenty_gql.metadata import FieldType, MetadataAPI
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.webhooks import WebhooksAPI, sign

SECRET = "listen-secret-abcdef123456"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_objects_table(twenty_server: EmulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "objects", "--url", twenty_server.url, "--api-key", twenty_server.api_key
    )
    assert code == 0
    header, rule, *rows = out.splitlines()
    assert header.split() == ["NAME", "PLURAL", "LABEL", "FIELDS", "ACTIVE", "SYSTEM"]
    assert set(rule) <= {"-", " "}
    assert any(r.split()[:2] == ["company", "companies"] for r in rows)


def test_fields_table_from_env_shows_options(
    twenty_server: EmulatorServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWENTY_API_URL", twenty_server.graphql_url)
    monkeypatch.setenv("TWENTY_API_KEY", twenty_server.api_key)
    code, out, _ = run_cli(capsys, "fields", "opportunities")
    assert code == 0
    stage = next(line for line in out.splitlines() if line.startswith("stage "))
    assert "SELECT" in stage and "NEW" in stage
    assert any(line.split()[:2] == ["name", "TEXT"] for line in out.splitlines())


def test_fields_of_unknown_object_fails_clearly(
    twenty_server: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys, "fields", "compny", "--url", twenty_server.url, "--api-key", twenty_server.api_key
    )
    assert code == 1 and out == ""
    assert "no object named 'compny'" in err and "company" in err
    assert twenty_server.api_key not in err


def test_missing_connection_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TWENTY_API_URL", raising=False)
    monkeypatch.delenv("TWENTY_API_KEY", raising=False)
    with pytest.raises(SystemExit) as caught:
        cli.main(["objects"])
    assert caught.value.code == 2
    assert "TWENTY_API_URL" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["webhooks", "listen", "--port", "0"])
    assert "TWENTY_WEBHOOK_SECRET" in capsys.readouterr().err


def test_metadata_url() -> None:
    for url in (
        "http://h:3000",
        "http://h:3000/",
        "http://h:3000/graphql",
        "http://h:3000/metadata",
    ):
        assert metadata_url(url) == "http://h:3000/metadata"


async def test_custom_field_shows_in_fields_table(
    twenty_server: EmulatorServer, metadata_execute: Executor
) -> None:
    await MetadataAPI(metadata_execute).create_field(
        "company", "tier", FieldType.SELECT, options=["GOLD", "SILVER"]
    )
    from twenty_gql.commands.fields import render

    table = render(await MetadataAPI(metadata_execute).fields("company"))
    tier = next(line for line in table.splitlines() if line.startswith("tier "))
    assert "SELECT" in tier and "GOLD, SILVER" in tier


@pytest.fixture
async def downstream() -> AsyncIterator[tuple[str, list[tuple[bytes, dict[str, str]]]]]:
    got: list[tuple[bytes, dict[str, str]]] = []

    async def handle(request: web.Request) -> web.Response:
        got.append((await request.read(), dict(request.headers)))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/app", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/app", got
    finally:
        await runner.cleanup()


async def test_listen_prints_verified_events_and_forwards_them(
    twenty_server: EmulatorServer,
    metadata_execute: Executor,
    graphql_execute: Executor,
    downstream: tuple[str, list[tuple[bytes, dict[str, str]]]],
) -> None:
    forward_url, forwarded = downstream
    out = io.StringIO()
    stop = asyncio.Event()
    urls: list[str] = []
    task = asyncio.create_task(
        webhooks_command.listen(
            SECRET,
            port=0,
            path="/hooks",
            forward=forward_url,
            out=out,
            ready=urls.append,
            stop=stop,
        )
    )
    try:
        while not urls:
            await asyncio.sleep(0.01)
        await WebhooksAPI(metadata_execute).create(urls[0], ["company.*"], secret=SECRET)
        await graphql_execute('mutation { createCompany(data: {name: "Acme"}) { id } }')
        assert await asyncio.to_thread(twenty_server.services.dispatcher.wait_idle, 5)
        for _ in range(200):
            if forwarded:
                break
            await asyncio.sleep(0.02)
        # a delivery signed with another secret is refused and not printed
        async with aiohttp.ClientSession() as session:
            body = b'{"eventName":"company.created"}'
            headers = {
                "X-Twenty-Webhook-Timestamp": "1",
                "X-Twenty-Webhook-Signature": sign(body, "x", 1),
            }
            async with session.post(urls[0], data=body, headers=headers) as response:
                assert response.status == 401
    finally:
        stop.set()
        await task
    text = out.getvalue()
    assert "listening for Twenty webhooks on http://127.0.0.1:" in text
    assert text.count("company.created") == 1
    assert f"forwarded to {forward_url}: HTTP 200" in text
    [(raw, headers)] = forwarded
    assert json.loads(raw)["eventName"] == "company.created"
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["x-twenty-webhook-signature"] == sign(
        raw, SECRET, lowered["x-twenty-webhook-timestamp"]
    )
    assert SECRET not in text
