"""What ``/metadata`` describes, as small frozen values: objects, fields, select options.

Twenty's ``Field.options`` and ``defaultValue`` are untyped JSON; they are parsed here once so
callers get ``FieldOption`` objects and the default as the workspace API writes it (Twenty
stores string defaults SQL-quoted, ``"'OPEN'"``; ``FieldInfo.default`` is ``"OPEN"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "OPTION_COLORS",
    "FieldInfo",
    "FieldOption",
    "FieldType",
    "ObjectInfo",
    "default_from_api",
    "default_to_api",
]


class FieldType(StrEnum):
    """Twenty's ``FieldMetadataType`` (2.43; ``RICH_TEXT`` was ``RICH_TEXT_V2`` before)."""

    ACTOR = "ACTOR"
    ADDRESS = "ADDRESS"
    ARRAY = "ARRAY"
    BOOLEAN = "BOOLEAN"
    CURRENCY = "CURRENCY"
    DATE = "DATE"
    DATE_TIME = "DATE_TIME"
    EMAILS = "EMAILS"
    FILES = "FILES"
    FULL_NAME = "FULL_NAME"
    LINKS = "LINKS"
    MORPH_RELATION = "MORPH_RELATION"
    MULTI_SELECT = "MULTI_SELECT"
    NUMBER = "NUMBER"
    NUMERIC = "NUMERIC"
    PHONES = "PHONES"
    POSITION = "POSITION"
    RATING = "RATING"
    RAW_JSON = "RAW_JSON"
    RELATION = "RELATION"
    RICH_TEXT = "RICH_TEXT"
    RICH_TEXT_V2 = "RICH_TEXT_V2"
    SELECT = "SELECT"
    TEXT = "TEXT"
    TS_VECTOR = "TS_VECTOR"
    UUID = "UUID"


#: the types whose ``options`` list the allowed values
ENUM_TYPES = frozenset({FieldType.SELECT, FieldType.MULTI_SELECT, FieldType.RATING})

#: Twenty's option colours (``ThemeColor`` in twenty-ui); new options cycle through them
OPTION_COLORS = (
    "green",
    "turquoise",
    "sky",
    "blue",
    "purple",
    "pink",
    "red",
    "orange",
    "yellow",
    "gray",
)


@dataclass(frozen=True, slots=True)
class FieldOption:
    """One choice of a SELECT / MULTI_SELECT / RATING field.

    ``value`` is the GraphQL enum value (UPPER_SNAKE_CASE, Twenty checks it), ``label`` what the
    UI shows. ``color`` and ``position`` are filled in from the list order when left out.
    """

    value: str
    label: str | None = None
    color: str | None = None
    position: int | None = None
    id: str | None = None

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> FieldOption:
        position = raw.get("position")
        return cls(
            value=str(raw["value"]),
            label=raw.get("label"),
            color=raw.get("color"),
            position=int(position) if isinstance(position, int | float) else None,
            id=raw.get("id"),
        )

    def to_api(self, index: int) -> dict[str, Any]:
        """Twenty's option JSON; ``index`` fills a missing position and colour."""
        out: dict[str, Any] = {
            "value": self.value,
            "label": self.label if self.label is not None else _label_of(self.value),
            "color": self.color or OPTION_COLORS[index % len(OPTION_COLORS)],
            "position": self.position if self.position is not None else index,
        }
        if self.id is not None:
            out["id"] = self.id
        return out


def _label_of(value: str) -> str:
    """``"ENTERPRISE_PLUS"`` -> ``"Enterprise plus"``."""
    words = value.replace("_", " ").strip().lower()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One field of an object, as ``/metadata`` describes it."""

    id: str
    name: str
    label: str
    type: FieldType | str
    object_id: str
    description: str | None = None
    icon: str | None = None
    is_active: bool = True
    is_system: bool = False
    is_nullable: bool | None = None
    is_unique: bool | None = None
    default: Any = None
    options: tuple[FieldOption, ...] = ()
    settings: Mapping[str, Any] | None = None
    relation_target: str | None = None
    #: ``ONE_TO_MANY`` / ``MANY_TO_ONE`` for a RELATION field (what ``/metadata`` says)
    relation_type: str | None = None
    #: the field on the target object that points back (``company.people`` -> ``company``)
    inverse_field: str | None = None
    #: the foreign-key column a MANY_TO_ONE field writes (``companyId``); None otherwise
    join_column: str | None = None

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> FieldInfo:
        raw_type = str(raw["type"])
        field_type: FieldType | str = (
            FieldType(raw_type) if raw_type in FieldType.__members__ else raw_type
        )
        options = raw.get("options")
        relation = raw.get("relation") or {}
        target = (relation.get("targetObjectMetadata") or {}).get("nameSingular")
        settings = raw.get("settings") if isinstance(raw.get("settings"), Mapping) else None
        relation_type = relation.get("type") or (settings or {}).get("relationType")
        join_column = (settings or {}).get("joinColumnName")
        if join_column is None and relation_type == "MANY_TO_ONE":
            join_column = f"{raw['name']}Id"  # Twenty's computeMorphOrRelationFieldJoinColumnName
        return cls(
            id=str(raw["id"]),
            name=str(raw["name"]),
            label=str(raw.get("label") or raw["name"]),
            type=field_type,
            object_id=str(raw.get("objectMetadataId", "")),
            description=raw.get("description"),
            icon=raw.get("icon"),
            is_active=raw.get("isActive") is not False,
            is_system=bool(raw.get("isSystem")),
            is_nullable=raw.get("isNullable"),
            is_unique=raw.get("isUnique"),
            default=default_from_api(raw.get("defaultValue")),
            options=tuple(
                sorted(
                    (FieldOption.from_api(o) for o in options if isinstance(o, Mapping)),
                    key=lambda o: (o.position is None, o.position or 0),
                )
            )
            if isinstance(options, list)
            else (),
            settings=settings,
            relation_target=target,
            relation_type=str(relation_type) if relation_type else None,
            inverse_field=(relation.get("targetFieldMetadata") or {}).get("name"),
            join_column=str(join_column) if join_column else None,
        )

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One object (standard or custom) with its fields."""

    id: str
    name_singular: str
    name_plural: str
    label_singular: str
    label_plural: str
    description: str | None = None
    icon: str | None = None
    is_active: bool = True
    is_system: bool = False
    is_remote: bool = False
    label_identifier_field_id: str | None = None
    fields: tuple[FieldInfo, ...] = field(default=(), repr=False)

    @classmethod
    def from_api(cls, raw: Mapping[str, Any]) -> ObjectInfo:
        fields = raw.get("fieldsList") or ()
        return cls(
            id=str(raw["id"]),
            name_singular=str(raw["nameSingular"]),
            name_plural=str(raw["namePlural"]),
            label_singular=str(raw.get("labelSingular") or raw["nameSingular"]),
            label_plural=str(raw.get("labelPlural") or raw["namePlural"]),
            description=raw.get("description"),
            icon=raw.get("icon"),
            is_active=raw.get("isActive") is not False,
            is_system=bool(raw.get("isSystem")),
            is_remote=bool(raw.get("isRemote")),
            label_identifier_field_id=raw.get("labelIdentifierFieldMetadataId"),
            fields=tuple(FieldInfo.from_api(f) for f in fields),
        )

    def field(self, name: str) -> FieldInfo | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


# -- default values --------------------------------------------------------------------------
_FUNCTIONS = frozenset({"now", "uuid"})


def default_from_api(value: Any) -> Any:
    """Twenty's SQL-ish default literal -> a plain value: ``"'OPEN'"`` -> ``"OPEN"``.

    Twenty quotes string defaults (``serialize-default-value.util.ts``); lists and composite
    objects hold such literals; ``"now"`` / ``"uuid"`` are functions and stay as they are.
    """
    if isinstance(value, str):
        return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == "'" else value
    if isinstance(value, list):
        return [default_from_api(v) for v in value]
    if isinstance(value, dict):
        return {k: default_from_api(v) for k, v in value.items()}
    return value


def default_to_api(field_type: FieldType | str, value: Any) -> Any:
    """A plain default -> Twenty's literal: strings quoted, except DATE/DATE_TIME ``now`` and
    UUID ``uuid`` (functions) and strings already quoted."""
    if isinstance(value, str):
        if value in _FUNCTIONS and field_type in (
            FieldType.DATE,
            FieldType.DATE_TIME,
            FieldType.UUID,
        ):
            return value
        if len(value) >= 2 and value[0] == value[-1] == "'":
            return value
        return f"'{value}'"
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [default_to_api(field_type, v) for v in value]
    if isinstance(value, Mapping):
        return {k: default_to_api(field_type, v) for k, v in value.items()}
    return value
