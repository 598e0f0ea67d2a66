"""``twenty-gql serve``: its help, what it reports after seeding, and ``--faults`` (parsed
strictly, applied by a real server process)."""

from __future__ import annotations

import subprocess
import sys

import aiohttp
import pytest

from tests.emulator.serve_process import serve_process
from twenty_gql.testing.cli import build_parser, seeded_summary
from twenty_gql.testing.emulator import Emulator
from twenty_gql.testing.fault_spec import parse_fault_spec
from twenty_gql.testing.faults import FaultConfig
from twenty_gql.testing.seed import seed_demo


def test_help_shows_every_option_with_a_description_and_its_default() -> None:
    text = " ".join(build_parser().format_help().split())
    for option, default in (
        ("--host", "127.0.0.1"),
        ("--port", "3000"),
        ("--db", ":memory:"),
        ("--seed", "none"),
        ("--rate-limit", "None"),
        ("--faults", "None"),
        ("--api-key", "None"),
    ):
        assert option in text
        assert f"(default: {default})" in text
    assert "address to listen on" in text and "http_error_rate" in text


async def test_serve_prints_what_it_seeded_from_the_real_counts() -> None:
    counts = seed_demo(Emulator())  # deterministic: the same seed gives the same workspace
    async with serve_process("--seed", "demo") as (_, process):
        assert process.stdout is not None
        first = process.stdout.readline().strip()
    assert first == seeded_summary(counts)
    assert first.startswith("seeded demo workspace: 3 workspace members, 40 companies, ")
    assert f"{counts['people']} people" in first and f"{counts['tasks']} tasks" in first


async def test_serve_faults_flag_injects_seeded_faults() -> None:
    async with (
        serve_process("--api-key", "k", "--faults", "seed=3,http_error_rate=1") as (url, _),
        aiohttp.ClientSession() as session,
    ):
        statuses = []
        for _ in range(3):
            async with session.post(
                f"{url}/graphql",
                json={"query": "{ companies { totalCount } }"},
                headers={"Authorization": "Bearer k"},
            ) as response:
                statuses.append(response.status)
        async with session.get(f"{url}/healthz") as response:
            assert response.status == 200  # probes are never faulted
    assert set(statuses) <= {502, 503} and len(statuses) == 3


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("seed=3,bogus=1", "bogus"),
        ("http_error_rate=lots", "http_error_rate"),
        ("http_error_rate=0.8,response_lost_rate=0.5", "add up to more than 1"),
    ],
)
def test_serve_refuses_a_bad_fault_spec_with_exit_status_2(spec: str, named: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "twenty_gql.cli", "serve", "--faults", spec],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "argument --faults" in done.stderr and named in done.stderr


def test_parse_fault_spec_reads_every_key() -> None:
    config = parse_fault_spec(
        "seed=3,http_error_rate=0.1,connection_reset_rate=0.05,response_lost_rate=0.05,"
        "latency_ms=20, latency_jitter_ms=5,http_error_statuses=503|504,paths=/graphql"
    )
    assert config == FaultConfig(
        seed=3,
        http_error_rate=0.1,
        connection_reset_rate=0.05,
        response_lost_rate=0.05,
        latency_ms=20.0,
        latency_jitter_ms=5.0,
        http_error_statuses=(503, 504),
        paths=("/graphql",),
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sed=3", "unknown fault key 'sed'"),
        ("seed=3.5", "seed='3.5': expected an integer"),
        ("latency_ms=fast", "latency_ms='fast': expected a number of milliseconds"),
        ("http_error_rate=nan", "http_error_rate='nan'"),
        ("http_error_rate=2", "http_error_rate must be between 0 and 1"),
        ("seed=1,seed=2", "fault key 'seed' given twice"),
        ("seed", "'seed' is not key=value"),
        ("seed=1,,latency_ms=2", "empty item"),
        ("http_error_statuses=502|abc", "http_error_statuses='502|abc'"),
        ("paths=graphql", "paths='graphql'"),
    ],
)
def test_parse_fault_spec_names_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fault_spec(spec)
    assert message in str(caught.value)
