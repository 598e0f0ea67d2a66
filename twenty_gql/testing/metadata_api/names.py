"""Twenty's rules for metadata names and select options, with Twenty's messages.

Sources: ``utils/constants/metadata-name-flat-metadata-validators.constants.ts`` (length,
camelCase as lodash computes it, ``^[a-z][a-zA-Z0-9]*$``, reserved keywords from
``twenty-shared/metadata``), ``validate-flat-field-metadata-name-availability.util.ts``
(taken names, ``<relation>Id`` join columns, composite column names) and
``validate-enum-flat-field-metadata.util.ts`` (options).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

from twenty_gql._naming import pascal_case
from twenty_gql.testing.metadata_api.errors import Issue
from twenty_gql.testing.model.types import (
    COMPOSITE_SUBFIELDS,
    FieldType,
    ObjectMetadata,
)

__all__ = [
    "IDENTIFIER_MAX_LENGTH",
    "RESERVED_METADATA_NAME_KEYWORDS",
    "composite_column_names",
    "compute_name_from_label",
    "field_name_availability_issues",
    "lodash_camel_case",
    "name_issues",
    "option_issues",
]

IDENTIFIER_MAX_LENGTH = 63

_CORE_OBJECT_NAMES = [
    "approvedAccessDomain",
    "approvedAccessDomains",
    "appToken",
    "appTokens",
    "billingCustomer",
    "billingCustomers",
    "billingEntitlement",
    "billingEntitlements",
    "billingMeter",
    "billingMeters",
    "billingProduct",
    "billingProducts",
    "billingSubscription",
    "billingSubscriptions",
    "billingSubscriptionItem",
    "billingSubscriptionItems",
    "featureFlag",
    "featureFlags",
    "job",
    "jobs",
    "keyValuePair",
    "keyValuePairs",
    "pageLayout",
    "pageLayouts",
    "pageLayoutTab",
    "pageLayoutTabs",
    "pageLayoutWidget",
    "pageLayoutWidgets",
    "postgresCredential",
    "postgresCredentials",
    "twoFactorMethod",
    "twoFactorMethods",
    "user",
    "users",
    "userWorkspace",
    "userWorkspaces",
    "workspace",
    "workspaces",
    "role",
    "roles",
    "userWorkspaceRole",
    "userWorkspaceRoles",
]

RESERVED_METADATA_NAME_KEYWORDS: frozenset[str] = frozenset(
    [
        *_CORE_OBJECT_NAMES,
        *[
            "plan",
            "plans",
            "event",
            "events",
            "field",
            "fields",
            "link",
            "links",
            "currency",
            "currencies",
            "fullNames",
            "address",
            "addresses",
            "type",
            "types",
            "object",
            "objects",
            "index",
            "relation",
            "relations",
            "aggregate",
        ],
    ]
)

# lodash `words` for ASCII input: case humps, upper-case runs and digit runs are words
_LODASH_WORD = re.compile(
    r"[A-Z]?[a-z]+(?=[A-Z]|[^A-Za-z0-9]|$)"
    r"|[A-Z]+(?=[A-Z][a-z]|[^A-Za-z0-9]|$)"
    r"|[A-Z]?[a-z]+"
    r"|[A-Z]+"
    r"|\d+"
)
_NAME_SHAPE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
_SNAKE_UPPER = re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$")
_GRAPHQL_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")
_INVALID_INPUT = "INVALID_FIELD_INPUT"


def lodash_camel_case(text: str) -> str:
    """``lodash.camelcase``: first word lower-cased, the others capitalised."""
    words = _LODASH_WORD.findall(text)
    return "".join(
        word.lower() if i == 0 else word[:1].upper() + word[1:].lower()
        for i, word in enumerate(words)
    )


def compute_name_from_label(label: str) -> str:
    """Twenty's label -> name helper: accents dropped, camelCase, ``Custom`` if reserved."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    name = lodash_camel_case(ascii_label)
    if name and name[0].isdigit():
        name = f"n{name}"
    return f"{name}Custom" if name in RESERVED_METADATA_NAME_KEYWORDS else name


def name_issues(name: str, *, code: str = _INVALID_INPUT) -> list[Issue]:
    """METADATA_NAME_VALIDATORS: every rule that ``name`` breaks."""
    messages: list[str] = []
    if len(name) > IDENTIFIER_MAX_LENGTH:
        messages.append("Name is too long")
    if len(name) < 1:
        messages.append("Name is too short")
    if name != lodash_camel_case(name):
        messages.append("Name should be in camelCase")
    if not _NAME_SHAPE.match(name):
        messages.append(
            "Name is not valid: it must start with lowercase letter and contain only "
            "alphanumeric letters"
        )
    if name in RESERVED_METADATA_NAME_KEYWORDS:
        messages.append(
            'This name is reserved. Use a different name or the system will add "Custom" suffix.'
        )
    return [Issue(code, message, message, name) for message in messages]


def composite_column_names(obj: ObjectMetadata) -> set[str]:
    """``domainNamePrimaryLinkUrl``...: the column names composite fields already take."""
    taken: set[str] = set()
    for fld in obj.fields:
        for sub in COMPOSITE_SUBFIELDS.get(fld.type, ()):
            taken.add(f"{fld.name}{pascal_case(sub.name)}")
    return taken


def field_name_availability_issues(
    name: str,
    obj: ObjectMetadata,
    *,
    is_relation: bool = False,
    ignore_field_id: str | None = None,
) -> list[Issue]:
    """Is ``name`` free on ``obj``? (existing names, ``<relation>Id``, composite columns)."""
    issues: list[Issue] = []
    others = [f for f in obj.fields if f.id != ignore_field_id]
    taken = {f.name for f in others}
    taken |= {f"{f.name}Id" for f in others if f.type is FieldType.RELATION}
    if is_relation:
        taken |= {f.name[:-2] for f in others if f.name.endswith("Id")}
    if name in taken:
        message = f'Name "{name}" is not available as it is already used by another field'
        issues.append(Issue("NOT_AVAILABLE", message, message, name))
    if name in composite_column_names(obj):
        issues.append(
            Issue(
                "RESERVED_KEYWORD",
                f'Name "{name}" is reserved composite field name',
                f'Name "{name}" is not available',
                name,
            )
        )
    return issues


def _text_issues(value: Any, what: str) -> list[Issue]:
    if value is None:
        return [Issue(_INVALID_INPUT, f"Option {what} is required", f"Option {what} is required")]
    if not isinstance(value, str) or not value:
        return [
            Issue(
                _INVALID_INPUT,
                f"Option {what} must be a string of at least one character",
                f"Option {what} format not supported",
                value,
            )
        ]
    if len(value) > IDENTIFIER_MAX_LENGTH:
        message = f"Option {what} exceeds 63 characters"
        return [Issue(_INVALID_INPUT, message, message, value)]
    return []


def option_issues(options: Any) -> list[Issue]:
    """Options of a SELECT / MULTI_SELECT / RATING field, as the enum validator checks them."""
    if not isinstance(options, list) or not options:
        message = "Options are required for enum fields"
        return [Issue(_INVALID_INPUT, message, message, options)]
    issues: list[Issue] = []
    for option in options:
        if not isinstance(option, dict):
            message = "Each option must be an object {value, label, color, position}"
            issues.append(Issue(_INVALID_INPUT, message, message, option))
            continue
        option_id = option.get("id")
        try:
            uuid.UUID(str(option_id))
        except ValueError:
            issues.append(Issue(_INVALID_INPUT, "Option id is invalid", "Option id is invalid"))
        value, label = option.get("value"), option.get("label")
        value_issues = _text_issues(value, "value")
        if value_issues or not isinstance(value, str):
            pass
        elif not _SNAKE_UPPER.match(value):
            message = f'Value must be in UPPER_CASE and follow snake_case "{value}"'
            value_issues.append(Issue(_INVALID_INPUT, message, message, value))
        elif not _GRAPHQL_NAME.match(value):
            message = f'Option value "{value}" is not a valid GraphQL enum value'
            value_issues.append(Issue(_INVALID_INPUT, message, message, value))
        issues += value_issues
        label_issues = _text_issues(label, "label")
        if label_issues or not isinstance(label, str):
            pass
        elif "," in label:
            message = "Label must not contain a comma"
            label_issues.append(Issue(_INVALID_INPUT, message, message, label))
        elif not label.strip():
            message = "Label must not be empty"
            label_issues.append(Issue(_INVALID_INPUT, message, message, label))
        issues += label_issues
    for key in ("position", "id", "value"):
        seen = [o.get(key) for o in options if isinstance(o, dict)]
        if len(set(map(repr, seen))) != len(seen):
            message = f"Duplicated option {key}"
            issues.append(Issue(_INVALID_INPUT, message, message))
    return issues


def duplicated(names: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    dupes: set[str] = set()
    for name in names:
        (dupes if name in seen else seen).add(name)
    return dupes
