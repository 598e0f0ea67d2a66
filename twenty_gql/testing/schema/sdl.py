"""Tiny SDL writer: the builder assembles schema text line by line, then graphql-core parses it.

Twenty prints its generated schema to SDL and caches the text; the emulator does the same, so
the text must be deterministic (same metadata, same bytes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

Arg = tuple[str, str]


def describe(text: str | None, indent: str = "") -> str:
    """A description line (a JSON string literal is also a valid GraphQL string)."""
    if not text:
        return ""
    return f"{indent}{json.dumps(text, ensure_ascii=False)}\n"


def field(name: str, type_: str, args: Sequence[Arg] = (), description: str | None = None) -> str:
    """One field of a type or input: ``  name(a: A, b: B): Type``."""
    arg_text = f"({', '.join(f'{a}: {t}' for a, t in args)})" if args else ""
    return f"{describe(description, '  ')}  {name}{arg_text}: {type_}\n"


def block(keyword: str, name: str, body: Iterable[str], description: str | None = None) -> str:
    """A whole ``type``/``input``/``enum`` definition; ``body`` holds ready-made lines."""
    return f"{describe(description)}{keyword} {name} {{\n{''.join(body)}}}\n\n"


def enum(name: str, values: Iterable[str], description: str | None = None) -> str:
    return block("enum", name, (f"  {value}\n" for value in values), description)


def scalar(name: str, description: str | None = None) -> str:
    return f"{describe(description)}scalar {name}\n\n"
