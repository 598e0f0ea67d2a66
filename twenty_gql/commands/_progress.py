"""Progress bars for the bulk commands: records done, records/s and the ETA, on stderr.

rich draws them (no hand-drawn bars); when stderr is not a terminal, rich prints nothing
until the end, so logs and tests stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["Advance", "progress_bar"]


class Advance(Protocol):
    """Called with how many more records are done."""

    def __call__(self, records: int) -> None: ...


class _RateColumn(ProgressColumn):
    """``1,234 rec/s`` (rich's own speed column is for bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("- rec/s" if speed is None else f"{speed:,.0f} rec/s", style="cyan")


@contextmanager
def progress_bar(description: str, total: int | None, *, enabled: bool = True) -> Iterator[Advance]:
    """A bar for ``total`` records (None: unknown, the bar pulses); yields ``advance(n)``."""
    if not enabled:
        yield lambda records: None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total)

        def advance(records: int) -> None:
            progress.advance(task, records)

        yield advance
