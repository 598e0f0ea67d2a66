"""What a bulk write returns: the records written and, for every record that was not, why.

A bulk write does not stop at the first bad record (one duplicate must not cost the other
9,999), so failures are collected per input record instead of raised; ``raise_for_failures``
turns them into one exception for callers who want all-or-error.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pydantic

from ..errors import TwentyError

__all__ = ["BulkResult", "BulkWriteError", "FailedRecord", "RecordRef"]

NodeT = TypeVar("NodeT")

#: how many failures a BulkWriteError message quotes
_QUOTED = 3


class RecordRef(pydantic.BaseModel):
    """A record written by ``create_many(..., returning="ids")``: its id alone. Asking for
    nothing more spares the server reading back and serialising every field of every record
    (an import rarely looks at them)."""

    model_config = pydantic.ConfigDict(frozen=True, extra="ignore")
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class FailedRecord:
    """One input record that was not written: its position in the input, the input, why."""

    index: int
    record: Any
    error: TwentyError

    def __str__(self) -> str:
        return f"#{self.index}: {type(self.error).__name__}: {self.error}"


@dataclass(slots=True)
class BulkResult(Generic[NodeT]):
    """``written`` (the server's records, in input order) and ``failed`` (in input order)."""

    written: list[NodeT] = field(default_factory=list)
    failed: list[FailedRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input record was written."""
        return not self.failed

    @property
    def written_count(self) -> int:
        return len(self.written)

    @property
    def failed_count(self) -> int:
        return len(self.failed)

    def __len__(self) -> int:
        """Records handled: written plus failed (the input's length)."""
        return len(self.written) + len(self.failed)

    def __iter__(self) -> Iterator[NodeT]:
        return iter(self.written)

    def raise_for_failures(self) -> BulkResult[NodeT]:
        """``self`` when every record was written, else ``BulkWriteError``."""
        if self.failed:
            raise BulkWriteError(self.written_count, self.failed)
        return self

    def __repr__(self) -> str:
        return f"BulkResult(written={self.written_count}, failed={self.failed_count})"


class BulkWriteError(TwentyError):
    """Some records of a bulk write failed; ``.failed`` has each one, ``.written`` the count.

    The message quotes the first few failures (server messages only, never a secret).
    """

    def __init__(self, written: int, failed: list[FailedRecord]) -> None:
        self.written = written
        self.failed = failed
        quoted = "; ".join(str(f) for f in failed[:_QUOTED])
        more = len(failed) - _QUOTED
        super().__init__(
            f"{len(failed)} of {written + len(failed)} records failed ({written} written): "
            f"{quoted}" + (f" (+{more} more)" if more > 0 else "")
        )
