"""Print type definitions as SDL text (deterministic: same definitions, same bytes)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef


def _describe(text: str | None, indent: str = "") -> str:
    """A description line (a JSON string literal is also a valid GraphQL string)."""
    if not text:
        return ""
    return f"{indent}{json.dumps(text, ensure_ascii=False)}\n"


def _field(f: FieldDef) -> str:
    args = f"({', '.join(f'{a}: {t}' for a, t in f.args)})" if f.args else ""
    return f"{_describe(f.description, '  ')}  {f.name}{args}: {f.type}\n"


def render_type(t: TypeDef) -> str:
    head = _describe(t.description)
    if t.kind == "scalar":
        return f"{head}scalar {t.name}\n\n"
    if t.kind == "enum":
        body = "".join(f"{_describe(d, '  ')}  {v}\n" for v, d in t.values)
    else:
        body = "".join(_field(f) for f in t.fields)
    return f"{head}{t.kind} {t.name} {{\n{body}}}\n\n"


def render_sdl(types: Iterable[TypeDef]) -> str:
    return "".join(render_type(t) for t in types)
