"""The import checkpoint: which lines of a file are done, rewritten atomically per batch.

Batches finish out of order, so the checkpoint keeps a watermark (every line before it is
done) plus the line ranges of finished batches above it. A run killed at any instant leaves
the previous complete checkpoint (write to a temporary file, then ``os.replace``), and the
batches in flight at that instant are written again on ``--resume``: their deterministic ids
make the repeat recognise its own rows instead of duplicating them.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

__all__ = ["Checkpoint"]


@dataclass(slots=True)
class Checkpoint:
    digest: str
    object: str
    done_before: int = 0
    done_ranges: list[list[int]] = field(default_factory=list)
    written: int = 0
    failed: int = 0
    _pending: list[list[int]] = field(default_factory=list, repr=False)

    @classmethod
    def load(cls, path: Path) -> Checkpoint | None:
        try:
            raw: dict[str, Any] = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        return cls(
            raw["digest"],
            raw["object"],
            int(raw["done_before"]),
            [list(r) for r in raw["done_ranges"]],
            int(raw["written"]),
            int(raw["failed"]),
        )

    def save(self, path: Path) -> None:
        data = asdict(self)
        data.pop("_pending")
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(orjson.dumps(data))
        os.replace(temporary, path)

    def is_done(self, line: int) -> bool:
        if line < self.done_before:
            return True
        at = bisect.bisect_right(self.done_ranges, [line, float("inf")]) - 1
        return at >= 0 and self.done_ranges[at][0] <= line <= self.done_ranges[at][1]

    def started(self, first: int, last: int) -> None:
        """A batch of lines ``first..last`` was handed to the writer (in file order)."""
        self._pending.append([first, last])

    def finished(self, first: int, last: int, written: int, failed: int) -> None:
        """A batch is done for good: advance the watermark over the finished batches."""
        self.written += written
        self.failed += failed
        self.done_ranges.append([first, last])
        done = {(a, b) for a, b in self.done_ranges}
        while self._pending and tuple(self._pending[0]) in done:
            _, b = self._pending.pop(0)
            self.done_before = max(self.done_before, b + 1)
        self.done_ranges = sorted(r for r in self.done_ranges if r[1] >= self.done_before)
