"""The workspace metadata model: objects and fields as data, the way Twenty stores them.

Everything the emulator serves (the GraphQL schema, the SQLite tables, the /metadata API) is
derived from these classes, so adding a custom field at run time is a data change, never
hand-written SDL. Names follow Twenty's ``ObjectMetadata`` / ``FieldMetadata`` entities.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class FieldType(StrEnum):
    """Twenty's ``FieldMetadataType`` values that the emulator supports."""

    UUID = "UUID"
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    NUMERIC = "NUMERIC"
    BOOLEAN = "BOOLEAN"
    DATE_TIME = "DATE_TIME"
    DATE = "DATE"
    SELECT = "SELECT"
    MULTI_SELECT = "MULTI_SELECT"
    RATING = "RATING"
    POSITION = "POSITION"
    RAW_JSON = "RAW_JSON"
    ARRAY = "ARRAY"
    TS_VECTOR = "TS_VECTOR"
    CURRENCY = "CURRENCY"
    LINKS = "LINKS"
    EMAILS = "EMAILS"
    PHONES = "PHONES"
    FULL_NAME = "FULL_NAME"
    ADDRESS = "ADDRESS"
    ACTOR = "ACTOR"
    RICH_TEXT_V2 = "RICH_TEXT_V2"
    RELATION = "RELATION"


class RelationType(StrEnum):
    MANY_TO_ONE = "MANY_TO_ONE"
    ONE_TO_MANY = "ONE_TO_MANY"


class OnDelete(StrEnum):
    SET_NULL = "SET_NULL"
    CASCADE = "CASCADE"
    RESTRICT = "RESTRICT"


@dataclass(frozen=True, slots=True)
class CompositeSubField:
    """One property of a composite type (``Links.primaryLinkUrl``...)."""

    name: str
    type: FieldType  # TEXT, NUMERIC, RAW_JSON, UUID or SELECT (Actor.source)
    is_nullable: bool = True
    #: only for SELECT sub-fields (Actor.source): the GraphQL enum's name and values
    enum_name: str | None = None
    enum_values: tuple[str, ...] = ()


@dataclass(slots=True)
class FieldOption:
    """A SELECT / MULTI_SELECT / RATING option; ``value`` is the GraphQL enum value."""

    value: str
    label: str
    color: str = "gray"
    position: int = 0
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(slots=True)
class RelationSettings:
    """Both sides of a relation are fields; each side names the other.

    MANY_TO_ONE owns the join column (``<name>Id``); ONE_TO_MANY is the inverse connection.
    """

    type: RelationType
    target_object: str  # nameSingular of the other object
    inverse_field: str | None  # name of the field on the other object (None: one-sided)
    on_delete: OnDelete = OnDelete.SET_NULL

    @property
    def is_many_to_one(self) -> bool:
        return self.type is RelationType.MANY_TO_ONE


@dataclass(slots=True)
class FieldMetadata:
    name: str
    type: FieldType
    label: str = ""
    description: str | None = None
    icon: str | None = None
    is_nullable: bool = True
    #: the stored default, in GraphQL shape (a composite default is a dict of sub-fields)
    default_value: Any = None
    options: list[FieldOption] | None = None
    #: free-form like Twenty's (e.g. {"dataType": "int"} for an Int-typed NUMBER)
    settings: dict[str, Any] = field(default_factory=dict)
    relation: RelationSettings | None = None
    is_custom: bool = False
    is_active: bool = True
    is_system: bool = False
    is_unique: bool = False
    is_ui_readonly: bool = False
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def join_column(self) -> str | None:
        """``companyId`` for the MANY_TO_ONE field ``company``; None otherwise."""
        if self.relation is not None and self.relation.is_many_to_one:
            return f"{self.name}Id"
        return None

    @property
    def is_composite(self) -> bool:
        return self.type in COMPOSITE_TYPES

    @property
    def enum_values(self) -> list[str]:
        return [option.value for option in (self.options or [])]


@dataclass(slots=True)
class ObjectMetadata:
    name_singular: str
    name_plural: str
    label_singular: str = ""
    label_plural: str = ""
    description: str | None = None
    icon: str | None = None
    fields: list[FieldMetadata] = field(default_factory=list)
    is_custom: bool = False
    is_active: bool = True
    is_system: bool = False
    is_remote: bool = False
    #: field names (composite sub-fields as "name.sub") that make ``XDuplicates`` / ``mergeX``
    duplicate_criteria: list[list[str]] = field(default_factory=list)
    #: multi-field unique indexes (partial: live records only), by field name; a MANY_TO_ONE
    #: field stands for its join column. Single-field uniqueness is ``FieldMetadata.is_unique``.
    unique_indexes: list[list[str]] = field(default_factory=list)
    label_identifier_field: str | None = "name"
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def field(self, name: str) -> FieldMetadata:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"{self.name_singular} has no field {name!r}")

    def find_field(self, name: str) -> FieldMetadata | None:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    @property
    def active_fields(self) -> list[FieldMetadata]:
        return [f for f in self.fields if f.is_active]

    @property
    def active_unique_indexes(self) -> list[list[FieldMetadata]]:
        """The fields of each multi-field unique index whose fields are all active.

        An index naming an inactive or unknown field, or a ONE_TO_MANY side (which has no
        column), constrains nothing: it is left out rather than half-enforced.
        """
        indexes: list[list[FieldMetadata]] = []
        for names in self.unique_indexes:
            fields = [self.find_field(name) for name in names]
            if all(
                f is not None and f.is_active and (f.relation is None or f.relation.is_many_to_one)
                for f in fields
            ):
                indexes.append([f for f in fields if f is not None])
        return indexes


@dataclass(slots=True)
class WorkspaceMetadata:
    """All objects of one workspace, keyed by ``nameSingular``, in creation order."""

    objects: dict[str, ObjectMetadata] = field(default_factory=dict)
    id: str = "20202020-1c25-4d02-bf25-6aeccf7ea419"

    def object(self, name_singular: str) -> ObjectMetadata:
        try:
            return self.objects[name_singular]
        except KeyError:
            raise KeyError(f"workspace has no object {name_singular!r}") from None

    def by_plural(self, name_plural: str) -> ObjectMetadata:
        for obj in self.objects.values():
            if obj.name_plural == name_plural:
                return obj
        raise KeyError(f"workspace has no object with plural {name_plural!r}")

    @property
    def active_objects(self) -> list[ObjectMetadata]:
        return [o for o in self.objects.values() if o.is_active]


COMPOSITE_TYPES: frozenset[FieldType] = frozenset(
    {
        FieldType.CURRENCY,
        FieldType.LINKS,
        FieldType.EMAILS,
        FieldType.PHONES,
        FieldType.FULL_NAME,
        FieldType.ADDRESS,
        FieldType.ACTOR,
        FieldType.RICH_TEXT_V2,
    }
)

ACTOR_SOURCES: tuple[str, ...] = (
    "EMAIL",
    "CALENDAR",
    "WORKFLOW",
    "AGENT",
    "API",
    "IMPORT",
    "MANUAL",
    "SYSTEM",
    "WEBHOOK",
)

#: ``DateGranularityEnum``: how group-by buckets DATE_TIME / DATE values.
DATE_GRANULARITIES: tuple[str, ...] = (
    "DAY",
    "MONTH",
    "QUARTER",
    "YEAR",
    "DAY_OF_THE_WEEK",
    "MONTH_OF_THE_YEAR",
    "QUARTER_OF_THE_YEAR",
    "NONE",
)

_T = FieldType.TEXT
_N = FieldType.NUMERIC
_J = FieldType.RAW_JSON

#: Sub-fields of each composite type, in Twenty's order (composite-types/*.ts).
COMPOSITE_SUBFIELDS: dict[FieldType, tuple[CompositeSubField, ...]] = {
    FieldType.LINKS: (
        CompositeSubField("primaryLinkLabel", _T),
        CompositeSubField("primaryLinkUrl", _T),
        CompositeSubField("secondaryLinks", _J),
    ),
    FieldType.CURRENCY: (
        CompositeSubField("amountMicros", _N),
        CompositeSubField("currencyCode", _T),
    ),
    FieldType.FULL_NAME: (
        CompositeSubField("firstName", _T),
        CompositeSubField("lastName", _T),
    ),
    FieldType.ADDRESS: (
        CompositeSubField("addressStreet1", _T),
        CompositeSubField("addressStreet2", _T),
        CompositeSubField("addressCity", _T),
        CompositeSubField("addressPostcode", _T),
        CompositeSubField("addressState", _T),
        CompositeSubField("addressCountry", _T),
        CompositeSubField("addressLat", _N),
        CompositeSubField("addressLng", _N),
    ),
    FieldType.ACTOR: (
        CompositeSubField(
            "source",
            FieldType.SELECT,
            enum_name="ActorSourceEnum",
            enum_values=ACTOR_SOURCES,
        ),
        CompositeSubField("workspaceMemberId", FieldType.UUID),
        CompositeSubField("name", _T),
        CompositeSubField("context", _J),
    ),
    FieldType.EMAILS: (
        CompositeSubField("primaryEmail", _T),
        CompositeSubField("additionalEmails", _J),
    ),
    FieldType.PHONES: (
        CompositeSubField("primaryPhoneNumber", _T),
        CompositeSubField("primaryPhoneCountryCode", _T),
        CompositeSubField("primaryPhoneCallingCode", _T),
        CompositeSubField("additionalPhones", _J),
    ),
    FieldType.RICH_TEXT_V2: (
        CompositeSubField("blocknote", _T),
        CompositeSubField("markdown", _T),
    ),
}

#: GraphQL type name of each composite (``Links``, ``Currency``...).
COMPOSITE_TYPE_NAMES: dict[FieldType, str] = {
    FieldType.LINKS: "Links",
    FieldType.CURRENCY: "Currency",
    FieldType.FULL_NAME: "FullName",
    FieldType.ADDRESS: "Address",
    FieldType.ACTOR: "Actor",
    FieldType.EMAILS: "Emails",
    FieldType.PHONES: "Phones",
    FieldType.RICH_TEXT_V2: "RichTextV2",
}
