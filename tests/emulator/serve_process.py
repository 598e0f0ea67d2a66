"""A real ``twenty-gql serve`` subprocess on a free loopback port, for CLI tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def serve_process(*args: str) -> AsyncIterator[tuple[str, subprocess.Popen[str]]]:
    """Start ``twenty-gql serve --port <free> *args``; yield its URL once /healthz answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "twenty_gql.cli", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session:
            for _ in range(400):
                try:
                    async with session.get(f"{url}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("twenty-gql serve did not start")
        yield url, process
    finally:
        process.terminate()
        process.wait(10)
