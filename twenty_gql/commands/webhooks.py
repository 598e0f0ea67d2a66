"""``twenty-gql webhooks listen``: a local receiver that prints verified deliveries.

For development against a real workspace or the emulator: register
``http://<this host>:<port>/`` as a webhook with the same secret, and each delivery is
verified (signature, replay window) and printed; ``--forward`` re-posts it, raw body and
Twenty's headers unchanged, to the app being developed, so its own verification still works.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable
from typing import TextIO

__all__ = ["listen", "main"]


def _line(event: object) -> str:
    from ..webhooks import WebhookEvent

    assert isinstance(event, WebhookEvent)
    date = event.event_date.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    parts = [date, event.event_name, f"id={event.record_id}", f"webhook={event.webhook_id}"]
    if event.updated_fields:
        parts.append(f"updated={','.join(event.updated_fields)}")
    return "  ".join(parts)


async def listen(
    secret: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    path: str = "/",
    forward: str | None = None,
    tolerance: float = 300,
    as_json: bool = False,
    out: TextIO | None = None,
    ready: Callable[[str], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set (or forever); ``ready`` gets the URL once listening."""
    import aiohttp
    from aiohttp import web

    from ..webhooks import WebhookEvent, add_webhook_route

    stream = out or sys.stdout
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) if forward else None

    async def on_event(event: WebhookEvent) -> None:
        print(event.raw_body.decode() if as_json else _line(event), file=stream, flush=True)
        if session is None or forward is None:
            return
        headers = {**event.headers, "Content-Type": "application/json"}
        try:
            async with session.post(forward, data=event.raw_body, headers=headers) as response:
                print(f"  -> forwarded to {forward}: HTTP {response.status}", file=stream)
        except (aiohttp.ClientError, TimeoutError) as exc:
            print(f"  -> forwarding to {forward} failed: {type(exc).__name__}", file=stream)

    app = web.Application()
    add_webhook_route(app, path, secret, on_event, tolerance=tolerance)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        server = site._server
        bound = server.sockets[0].getsockname()[1] if server is not None else port  # type: ignore[attr-defined]
        url = f"http://{host}:{bound}{path}"
        print(f"listening for Twenty webhooks on {url} (Ctrl-C to stop)", file=stream, flush=True)
        if ready is not None:
            ready(url)
        await (stop or asyncio.Event()).wait()
    finally:
        await runner.cleanup()
        if session is not None:
            await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="twenty-gql webhooks", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("listen", help="receive, verify and print webhook deliveries")
    run.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    run.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    run.add_argument("--path", default="/", help="URL path (default /)")
    run.add_argument(
        "--secret",
        default=os.environ.get("TWENTY_WEBHOOK_SECRET"),
        help="the webhook's secret (default $TWENTY_WEBHOOK_SECRET)",
    )
    run.add_argument("--forward", metavar="URL", help="re-post each verified delivery here")
    run.add_argument("--tolerance", type=float, default=300, help="replay window, seconds")
    run.add_argument("--json", action="store_true", help="print each payload as received")
    args = parser.parse_args(argv)
    if not args.secret:
        parser.error("no secret: pass --secret or set TWENTY_WEBHOOK_SECRET")
    if args.forward and not args.forward.startswith(("http://", "https://")):
        parser.error(f"--forward must be an http(s) URL, got {args.forward!r}")
    if not args.path.startswith("/"):
        parser.error(f"--path must start with '/', got {args.path!r}")
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    try:
        asyncio.run(
            listen(
                args.secret,
                host=args.host,
                port=args.port,
                path=args.path,
                forward=args.forward,
                tolerance=args.tolerance,
                as_json=args.json,
            )
        )
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"twenty-gql webhooks listen: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
