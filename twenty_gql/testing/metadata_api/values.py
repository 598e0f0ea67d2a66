"""Field default values and options between Twenty's metadata format and the model's.

Twenty stores defaults as SQL-ish literals: strings are quoted (``"'OPEN'"``, ``"''"``),
``"now"`` and ``"uuid"`` are functions, composites are objects of such literals
(``{"amountMicros": null, "currencyCode": "''"}``); see ``serialize-default-value.util.ts``.
The emulator's model keeps defaults in GraphQL shape (``"OPEN"``, ``""``), so values are
converted at the /metadata boundary, both ways.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from twenty_gql.testing.metadata_api.errors import Issue
from twenty_gql.testing.model.types import FieldMetadata, FieldOption, FieldType

__all__ = [
    "default_from_api",
    "default_issues",
    "default_to_api",
    "options_from_api",
    "options_to_api",
    "rating_options",
]

_QUOTED = re.compile(r"^'(.*)'$", re.DOTALL)
_FUNCTIONS = {FieldType.DATE_TIME: "now", FieldType.DATE: "now", FieldType.UUID: "uuid"}
_INVALID = "INVALID_FIELD_INPUT"


def default_from_api(value: Any) -> Any:
    """``"'OPEN'"`` -> ``"OPEN"``, recursively through lists and composite objects."""
    if isinstance(value, str):
        match = _QUOTED.match(value)
        return match.group(1) if match else value
    if isinstance(value, list):
        return [default_from_api(v) for v in value]
    if isinstance(value, dict):
        return {k: default_from_api(v) for k, v in value.items()}
    return value


def _quote(value: Any) -> Any:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return [_quote(v) for v in value]
    if isinstance(value, dict):
        return {k: _quote(v) for k, v in value.items()}
    return value


def default_to_api(fld: FieldMetadata) -> Any:
    value = fld.default_value
    if value is None:
        return None
    if isinstance(value, str) and _FUNCTIONS.get(fld.type) == value:
        return value
    if fld.type is FieldType.RAW_JSON:
        return value
    return _quote(value)


def default_issues(
    field_type: FieldType, raw: Any, options: list[FieldOption] | None
) -> list[Issue]:
    """The checks Twenty makes on a default value (quoted strings, known option values)."""
    if raw is None:
        return []
    if field_type in (FieldType.SELECT, FieldType.RATING):
        return _select_default_issues(raw, options)
    if field_type is FieldType.MULTI_SELECT:
        if not isinstance(raw, list):
            message = f"Default value for multi-select must be an array got {raw}"
            return [Issue(_INVALID, message, "Multi-select field default value must be an array")]
        issues: list[Issue] = []
        if not raw:
            message = "If defined default value must contain at least one value"
            issues.append(Issue(_INVALID, message, message, raw))
        if len(set(map(str, raw))) != len(raw):
            issues.append(Issue(_INVALID, "Default values must be unique", None, raw))
        for item in raw:
            issues += _select_default_issues(item, options)
        return issues
    if field_type is FieldType.TEXT and not (isinstance(raw, str) and _QUOTED.match(raw)):
        message = "Default value should be as quoted string"
        return [Issue(_INVALID, message, message, raw)]
    if field_type in (FieldType.NUMBER, FieldType.NUMERIC, FieldType.POSITION) and (
        isinstance(raw, bool) or not isinstance(raw, int | float)
    ):
        message = f"Default value for a {field_type.value} field must be a number, got {raw!r}"
        return [Issue(_INVALID, message, message, raw)]
    if field_type is FieldType.BOOLEAN and not isinstance(raw, bool):
        message = f"Default value for a BOOLEAN field must be true or false, got {raw!r}"
        return [Issue(_INVALID, message, message, raw)]
    if field_type in (FieldType.DATE_TIME, FieldType.DATE) and not (
        raw == "now" or (isinstance(raw, str) and _QUOTED.match(raw))
    ):
        message = "Default value for a date must be 'now' or a quoted date string"
        return [Issue(_INVALID, message, message, raw)]
    if field_type is FieldType.UUID and not (
        raw == "uuid" or (isinstance(raw, str) and _QUOTED.match(raw))
    ):
        message = "Default value for a UUID field must be 'uuid' or a quoted UUID"
        return [Issue(_INVALID, message, message, raw)]
    return []


def _select_default_issues(raw: Any, options: list[FieldOption] | None) -> list[Issue]:
    if not isinstance(raw, str):
        message = f"Default value for select must be a string got {raw}"
        return [Issue(_INVALID, message, "Default value must be a string", raw)]
    match = _QUOTED.match(raw)
    if not match:
        message = "Default value should be as quoted string"
        return [Issue(_INVALID, message, message, raw)]
    if options is not None and match.group(1) not in {o.value for o in options}:
        message = f'Default value "{raw}" must be one of the option values'
        return [Issue(_INVALID, message, message, raw)]
    return []


def options_from_api(raw: list[dict[str, Any]]) -> list[FieldOption]:
    """Validated option dicts -> FieldOption, positions defaulting to list order."""
    return [
        FieldOption(
            value=o["value"],
            label=o["label"],
            color=o.get("color") or "gray",
            position=int(o["position"]) if o.get("position") is not None else index,
            id=str(o["id"]),
        )
        for index, o in enumerate(raw)
    ]


def with_option_ids(raw: Any) -> Any:
    """Twenty gives options without an id a fresh one before validating them."""
    if not isinstance(raw, list):
        return raw
    return [
        {**o, "id": o.get("id") or str(uuid.uuid4())} if isinstance(o, dict) else o for o in raw
    ]


def options_to_api(options: list[FieldOption] | None) -> list[dict[str, Any]] | None:
    if options is None:
        return None
    return [
        {
            "id": o.id,
            "color": o.color,
            "label": o.label,
            "value": o.value,
            "position": o.position,
        }
        for o in options
    ]


def rating_options() -> list[dict[str, Any]]:
    """``generateRatingOptions``: RATING_1..RATING_5 labelled "1".."5"."""
    return [
        {"id": str(uuid.uuid4()), "value": f"RATING_{n}", "label": str(n), "position": n - 1}
        for n in range(1, 6)
    ]
