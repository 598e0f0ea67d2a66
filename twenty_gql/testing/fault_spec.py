"""``--faults seed=3,http_error_rate=0.1,latency_ms=20``: a :class:`FaultConfig` from one string.

Parsed strictly, so a typo never silently turns fault injection off: an unknown key, a repeated
key, an item without ``=`` or a value of the wrong type is a :class:`ValueError` that names it.
Lists (``http_error_statuses``, ``paths``) separate their items with ``|``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from twenty_gql.testing.faults import FaultConfig

__all__ = ["FAULT_KEYS", "parse_fault_spec"]


def _int(text: str) -> int:
    return int(text)


def _rate(text: str) -> float:
    value = float(text)
    if value != value:  # NaN
        raise ValueError(text)
    return value


def _statuses(text: str) -> tuple[int, ...]:
    statuses = tuple(int(part) for part in text.split("|"))
    if not all(100 <= s <= 599 for s in statuses):
        raise ValueError(text)
    return statuses


def _paths(text: str) -> tuple[str, ...]:
    paths = tuple(text.split("|"))
    if not all(p.startswith("/") for p in paths):
        raise ValueError(text)
    return paths


_PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "seed": (_int, "an integer"),
    "http_error_rate": (_rate, "a number between 0 and 1"),
    "http_error_statuses": (_statuses, "HTTP statuses separated by |, e.g. 502|503"),
    "connection_reset_rate": (_rate, "a number between 0 and 1"),
    "response_lost_rate": (_rate, "a number between 0 and 1"),
    "latency_ms": (_rate, "a number of milliseconds"),
    "latency_jitter_ms": (_rate, "a number of milliseconds"),
    "paths": (_paths, "paths separated by |, e.g. /graphql|/metadata"),
}
#: every key ``--faults`` accepts: exactly the fields of FaultConfig
FAULT_KEYS = tuple(_PARSERS)
assert set(FAULT_KEYS) == {f.name for f in dataclasses.fields(FaultConfig)}


def parse_fault_spec(spec: str) -> FaultConfig:
    """``key=value`` items separated by commas -> a validated :class:`FaultConfig`."""
    values: dict[str, Any] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            raise ValueError(f"empty item in fault spec {spec!r}")
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep:
            raise ValueError(f"{item!r} is not key=value")
        if key not in _PARSERS:
            raise ValueError(f"unknown fault key {key!r} (known: {', '.join(FAULT_KEYS)})")
        if key in values:
            raise ValueError(f"fault key {key!r} given twice")
        parse, expected = _PARSERS[key]
        try:
            values[key] = parse(text)
        except ValueError:
            raise ValueError(f"{key}={text!r}: expected {expected}") from None
    return FaultConfig(**values)  # range checks (rates in [0, 1], their sum) raise ValueError
