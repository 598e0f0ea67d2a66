"""The ``searchVector`` column: the text ``TSVectorFilter.search`` looks in.

Twenty keeps a generated tsvector over each object's searchable fields
(``SEARCH_FIELDS_FOR_*`` constants; custom objects use their label identifier field). The
emulator stores the folded tokens (lower-cased, accents stripped, like ``unaccent`` + the
'simple' dictionary) space-separated, recomputed on every write.
"""

from __future__ import annotations

from typing import Any

from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    FieldMetadata,
    FieldType,
    ObjectMetadata,
)
from twenty_gql.testing.store.columns import composite_column_name
from twenty_gql.testing.store.filters import fold_search_text

SEARCH_FIELDS: dict[str, tuple[str, ...]] = {
    "company": ("name", "domainName"),
    "person": ("name", "emails", "phones", "jobTitle"),
    "opportunity": ("name",),
    "note": ("title",),
    "task": ("title",),
    "workspaceMember": ("name", "userEmail"),
    "dashboard": ("title",),
    "workflow": ("name",),
}


def search_field(obj: ObjectMetadata) -> FieldMetadata | None:
    for fld in obj.active_fields:
        if fld.type is FieldType.TS_VECTOR:
            return fld
    return None


def fill_search_vector(obj: ObjectMetadata, row: dict[str, Any]) -> str | None:
    """Set the search column of ``row`` from its searchable columns; return its name."""
    search = search_field(obj)
    if search is None:
        return None
    label = obj.label_identifier_field
    names = (
        search.settings.get("searchFields")
        or SEARCH_FIELDS.get(obj.name_singular)
        or ([label] if label else [])
    )
    texts: list[str] = []
    for name in names:
        fld = obj.find_field(name)
        if fld is None or not fld.is_active:
            continue
        if fld.is_composite:
            for sub in COMPOSITE_SUBFIELDS[fld.type]:
                value = row.get(composite_column_name(fld.name, sub.name))
                if sub.type is FieldType.TEXT and isinstance(value, str):
                    texts.append(value)
        elif isinstance(row.get(fld.name), str):
            texts.append(row[fld.name])
    tokens = fold_search_text(" ".join(texts)).split()
    row[search.name] = (" " + " ".join(dict.fromkeys(tokens))) if tokens else None
    return search.name
