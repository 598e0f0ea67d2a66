"""createOneField / updateOneField / deleteOneField on the model, with Twenty's checks.

Each function validates the whole change against the current workspace first and raises one
:class:`MetadataValidationError` listing every broken rule, so a rejected change writes
nothing; only then does it mutate the model. Rules follow Twenty's flat field validators
(``flat-field-metadata-validator.service.ts``): names, availability, label sync, enum options,
default values; active fields must be deactivated before deletion, standard fields cannot be
deleted, the label identifier field can be neither deleted nor deactivated. A RELATION field is
created with its inverse on the target object, from ``relationCreationPayload``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from twenty_gql.testing.errors import EntityNotFoundError, UserInputError
from twenty_gql.testing.metadata_api.errors import Failure, Issue, MetadataValidationError
from twenty_gql.testing.metadata_api.names import (
    compute_name_from_label,
    field_name_availability_issues,
    name_issues,
    option_issues,
)
from twenty_gql.testing.metadata_api.values import (
    default_from_api,
    default_issues,
    options_from_api,
    rating_options,
    with_option_ids,
)
from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldOption,
    FieldType,
    ObjectMetadata,
    OnDelete,
    RelationSettings,
    RelationType,
    WorkspaceMetadata,
)

__all__ = [
    "API_FIELD_TYPES",
    "CreatedField",
    "api_field_type",
    "create_field",
    "delete_field",
    "find_field",
    "model_field_type",
    "update_field",
]

_ENUM_TYPES = (FieldType.SELECT, FieldType.MULTI_SELECT, FieldType.RATING)
#: /metadata FieldMetadataType values the emulator cannot store (yet)
_UNSUPPORTED = ("FILES", "MORPH_RELATION")
#: Twenty 2.43 calls the rich text composite RICH_TEXT; the model keeps RICH_TEXT_V2
_API_ALIASES = {"RICH_TEXT": FieldType.RICH_TEXT_V2}
API_FIELD_TYPES: tuple[str, ...] = tuple(
    sorted({t.value for t in FieldType if t is not FieldType.RICH_TEXT_V2} | {"RICH_TEXT"})
)


def model_field_type(api_type: str) -> FieldType:
    if api_type in _UNSUPPORTED:
        raise UserInputError(
            f"Field type {api_type} is not supported by the twenty-gql emulator",
            sub_code="INVALID_FIELD_INPUT",
        )
    if api_type in _API_ALIASES:
        return _API_ALIASES[api_type]
    try:
        return FieldType(api_type)
    except ValueError:
        raise UserInputError(f"Unknown field type {api_type!r}") from None


def api_field_type(field_type: FieldType) -> str:
    return "RICH_TEXT" if field_type is FieldType.RICH_TEXT_V2 else field_type.value


def find_field(workspace: WorkspaceMetadata, field_id: str) -> tuple[ObjectMetadata, FieldMetadata]:
    for obj in workspace.objects.values():
        for fld in obj.fields:
            if fld.id == field_id:
                return obj, fld
    raise EntityNotFoundError("Field does not exist", sub_code="FIELD_METADATA_NOT_FOUND")


def _find_object(workspace: WorkspaceMetadata, object_id: Any) -> ObjectMetadata | None:
    for obj in workspace.objects.values():
        if obj.id == object_id:
            return obj
    return None


def inverse_of(
    workspace: WorkspaceMetadata, fld: FieldMetadata
) -> tuple[ObjectMetadata, FieldMetadata] | None:
    """The other side of a relation field, if both sides exist."""
    if fld.relation is None or fld.relation.inverse_field is None:
        return None
    target = workspace.objects.get(fld.relation.target_object)
    if target is None:
        return None
    other = target.find_field(fld.relation.inverse_field)
    return (target, other) if other is not None else None


@dataclass(slots=True)
class CreatedField:
    """What ``createOneField`` added: the field, and the inverse of a relation."""

    object: ObjectMetadata
    field: FieldMetadata
    inverse: tuple[ObjectMetadata, FieldMetadata] | None = None


def _minimal(fld_id: str, name: Any, object_id: Any) -> dict[str, Any]:
    return {"id": fld_id, "name": name, "objectMetadataId": object_id}


def create_field(workspace: WorkspaceMetadata, raw: dict[str, Any]) -> CreatedField:
    """Validate a ``CreateFieldInput`` and add the field (and its inverse) to the model.

    Every check runs before anything changes, and all failures are reported together.
    """
    field_type = model_field_type(str(raw.get("type")))
    field_id = str(raw.get("id") or uuid.uuid4())
    failure = Failure(
        "fieldMetadata",
        "create_field",
        _minimal(field_id, raw.get("name"), raw.get("objectMetadataId")),
    )
    issues = failure.issues
    obj = _find_object(workspace, raw.get("objectMetadataId"))
    issues += _create_naming_issues(obj, raw, field_type)
    options = _create_options(field_type, raw, issues)
    settings = raw.get("settings") or {}
    if not isinstance(settings, dict):
        issues.append(
            Issue("INVALID_FIELD_INPUT", "settings must be a JSON object", None, settings)
        )
        settings = {}
    inverse: tuple[ObjectMetadata, FieldMetadata] | None = None
    relation: RelationSettings | None = None
    if field_type is FieldType.RELATION and obj is not None:
        relation, inverse = _relation_pair(workspace, obj, raw, field_id, issues)
    if issues:
        raise MetadataValidationError(
            "Multiple validation errors occurred while creating fields", [failure]
        )
    assert obj is not None
    fld = _new_field(raw, field_id, field_type, options, settings, relation)
    obj.fields.append(fld)
    if inverse is not None:
        inverse[0].fields.append(inverse[1])
    return CreatedField(obj, fld, inverse)


def _create_naming_issues(
    obj: ObjectMetadata | None, raw: dict[str, Any], field_type: FieldType
) -> list[Issue]:
    """The object exists and takes fields; name and label are valid, free and in sync."""
    name, label = raw.get("name"), raw.get("label")
    issues: list[Issue] = []
    if obj is None:
        issues.append(
            Issue(
                "OBJECT_METADATA_NOT_FOUND",
                "Object metadata not found",
                "Field to create related object not found",
            )
        )
    if not isinstance(name, str):
        raise UserInputError("Field name must be a string")
    if not isinstance(label, str) or not label.strip():
        issues.append(Issue("INVALID_FIELD_INPUT", "Label is required", "Label is required", label))
    issues += name_issues(name)
    if obj is not None:
        if obj.is_remote:
            issues.append(
                Issue(
                    "FIELD_MUTATION_NOT_ALLOWED",
                    "Remote objects are read-only",
                    "Remote objects are not production ready yet",
                )
            )
        issues += field_name_availability_issues(
            name, obj, is_relation=field_type is FieldType.RELATION
        )
    if (
        raw.get("isLabelSyncedWithName")
        and isinstance(label, str)
        and (compute_name_from_label(label) != name)
    ):
        issues.append(
            Issue(
                "NAME_NOT_SYNCED_WITH_LABEL",
                "Name is not synced with label",
                "Field name is not synced with field label",
                label,
            )
        )
    return issues


def _create_options(
    field_type: FieldType, raw: dict[str, Any], issues: list[Issue]
) -> list[FieldOption] | None:
    """The new field's options (RATING gets Twenty's five by default), default value checked."""
    options = None
    raw_options = raw.get("options")
    if field_type is FieldType.RATING and raw_options is None:
        raw_options = rating_options()
    if field_type in _ENUM_TYPES or raw_options is not None:
        options, problems = _parsed_options(field_type, raw_options)
        issues += problems
    if field_type not in _ENUM_TYPES or options is not None:  # bad options: reported above
        issues += default_issues(field_type, raw.get("defaultValue"), options)
    return options


def _parsed_options(
    field_type: FieldType, raw_options: Any
) -> tuple[list[FieldOption] | None, list[Issue]]:
    """Options from API input (ids filled in), or why they cannot be taken."""
    if field_type not in _ENUM_TYPES:
        message = (
            "Options are only allowed on SELECT, MULTI_SELECT and RATING fields, "
            f"not {api_field_type(field_type)}"
        )
        return None, [Issue("INVALID_FIELD_INPUT", message, "Options not allowed")]
    with_ids = with_option_ids(raw_options)
    problems = option_issues(with_ids)
    return (None if problems else options_from_api(with_ids)), problems


def _new_field(
    raw: dict[str, Any],
    field_id: str,
    field_type: FieldType,
    options: list[FieldOption] | None,
    settings: dict[str, Any],
    relation: RelationSettings | None,
) -> FieldMetadata:
    """The validated ``CreateFieldInput`` as model metadata (a custom field)."""
    return FieldMetadata(
        name=str(raw["name"]),
        type=field_type,
        label=str(raw["label"]),
        description=raw.get("description"),
        icon=raw.get("icon"),
        is_nullable=raw.get("isNullable", True) is not False,
        default_value=default_from_api(raw.get("defaultValue")),
        options=options,
        settings=dict(settings),
        relation=relation,
        is_custom=True,
        is_active=raw.get("isActive", True) is not False,
        is_system=bool(raw.get("isSystem")),
        is_unique=bool(raw.get("isUnique")),
        is_ui_readonly=bool(raw.get("isUIReadOnly")) or raw.get("isUIEditable") is False,
        id=field_id,
    )


def _relation_pair(
    workspace: WorkspaceMetadata,
    obj: ObjectMetadata,
    raw: dict[str, Any],
    field_id: str,
    issues: list[Issue],
) -> tuple[RelationSettings | None, tuple[ObjectMetadata, FieldMetadata] | None]:
    """relationCreationPayload -> this side's settings and the inverse field to add."""
    payload = raw.get("relationCreationPayload")
    if not isinstance(payload, dict):
        issues.append(
            Issue(
                "INVALID_FIELD_INPUT",
                "Relation creation payload is not defined",
                "Relation creation payload is not defined",
            )
        )
        return None, None
    try:
        relation_type = RelationType(str(payload.get("type")))
    except ValueError:
        issues.append(
            Issue(
                "INVALID_FIELD_INPUT",
                f"Invalid relation type {payload.get('type')!r}: expected "
                "ONE_TO_MANY or MANY_TO_ONE",
                "Invalid relation type",
            )
        )
        return None, None
    target = _find_object(workspace, payload.get("targetObjectMetadataId"))
    if target is None:
        issues.append(
            Issue(
                "OBJECT_METADATA_NOT_FOUND",
                "Relation target object metadata not found",
                "Relation target object not found",
            )
        )
        return None, None
    target_label = payload.get("targetFieldLabel")
    if not isinstance(target_label, str) or not target_label.strip():
        issues.append(
            Issue(
                "INVALID_FIELD_INPUT",
                "targetFieldLabel is required",
                "Relation target field label is required",
            )
        )
        return None, None
    target_name = compute_name_from_label(target_label)
    issues += name_issues(target_name)
    if target is obj and target_name == raw.get("name"):
        message = f'Name "{target_name}" is not available as it is already used by another field'
        issues.append(Issue("NOT_AVAILABLE", message, message, target_name))
    issues += field_name_availability_issues(target_name, target, is_relation=True)
    inverse_type = (
        RelationType.ONE_TO_MANY
        if relation_type is RelationType.MANY_TO_ONE
        else RelationType.MANY_TO_ONE
    )
    name = str(raw.get("name"))
    inverse = FieldMetadata(
        name=target_name,
        type=FieldType.RELATION,
        label=target_label,
        icon=payload.get("targetFieldIcon"),
        relation=RelationSettings(inverse_type, obj.name_singular, name, OnDelete.SET_NULL),
        is_custom=True,
    )
    own = RelationSettings(relation_type, target.name_singular, target_name, OnDelete.SET_NULL)
    return own, (target, inverse)


_UPDATABLE_ON_STANDARD = ("label", "description", "icon", "isActive", "isUnique", "isSearchable")


def update_field(
    workspace: WorkspaceMetadata, field_id: str, update: dict[str, Any]
) -> tuple[ObjectMetadata, FieldMetadata]:
    """Validate an ``UpdateFieldInput`` and apply it; standard fields take only label-ish props."""
    obj, fld = find_field(workspace, field_id)
    if not fld.is_custom:
        update = {k: v for k, v in update.items() if k in _UPDATABLE_ON_STANDARD}
    failure = Failure("fieldMetadata", "update_field", _minimal(fld.id, fld.name, obj.id))
    issues = failure.issues
    issues += _rename_issues(obj, fld, update)
    issues += _deactivation_issues(obj, fld, update)
    options = fld.options
    if update.get("options") is not None:
        parsed, problems = _parsed_options(fld.type, update["options"])
        issues += problems
        if fld.type in _ENUM_TYPES:
            options = parsed
    if "defaultValue" in update and (fld.type not in _ENUM_TYPES or options is not None):
        issues += default_issues(fld.type, update["defaultValue"], options)
    if issues:
        raise MetadataValidationError(
            "Multiple validation errors occurred while updating field", [failure]
        )
    _apply_update(fld, update, options)
    return obj, fld


def _rename_issues(obj: ObjectMetadata, fld: FieldMetadata, update: dict[str, Any]) -> list[Issue]:
    """A new name must be valid and free (relations keep theirs); a synced label must match."""
    issues: list[Issue] = []
    name = update.get("name")
    if name is not None and name != fld.name:
        if fld.type is FieldType.RELATION:
            issues.append(
                Issue(
                    "FIELD_MUTATION_NOT_ALLOWED",
                    "Forbidden updated properties for relation field metadata: name",
                    "Forbidden updated properties for relation field metadata",
                )
            )
        issues += name_issues(name)
        issues += field_name_availability_issues(name, obj, ignore_field_id=fld.id)
    return issues


def _deactivation_issues(
    obj: ObjectMetadata, fld: FieldMetadata, update: dict[str, Any]
) -> list[Issue]:
    """``checkCanDeactivateFieldOrThrow``, then the label/name sync check."""
    issues: list[Issue] = []
    if update.get("isActive") is False:
        reason = None
        if obj.label_identifier_field == fld.name:
            reason = "Cannot deactivate label identifier field"
        elif fld.name in ("deletedAt", "createdAt", "updatedAt"):
            reason = "Cannot deactivate createdAt, updatedAt or deletedAt field"
        elif fld.is_system:
            reason = "Cannot deactivate system field"
        if reason is not None:
            issues.append(Issue("INVALID_FIELD_INPUT", reason, reason))
    label = update.get("label", fld.label)
    synced = update.get("isLabelSyncedWithName")
    if synced and compute_name_from_label(str(label)) != (update.get("name") or fld.name):
        issues.append(
            Issue(
                "FIELD_MUTATION_NOT_ALLOWED",
                "Name is not synced with label.",
                "Updated field name is not synced with label",
            )
        )
    return issues


def _apply_update(
    fld: FieldMetadata, update: dict[str, Any], options: list[FieldOption] | None
) -> None:
    """Write a validated update onto the field."""
    if update.get("name") is not None:
        fld.name = update["name"]
    if "label" in update and update["label"] is not None:
        fld.label = update["label"]
    for key, attr in (("description", "description"), ("icon", "icon")):
        if key in update:
            setattr(fld, attr, update[key])
    for key, attr in (
        ("isActive", "is_active"),
        ("isNullable", "is_nullable"),
        ("isUnique", "is_unique"),
        ("isSystem", "is_system"),
        ("isUIReadOnly", "is_ui_readonly"),
    ):
        if update.get(key) is not None:
            setattr(fld, attr, bool(update[key]))
    if update.get("isUIEditable") is not None:
        fld.is_ui_readonly = not update["isUIEditable"]
    if update.get("options") is not None:
        fld.options = options
        if fld.default_value is not None and options is not None:
            fld.default_value = _keep_known_defaults(fld.default_value, {o.value for o in options})
    if "defaultValue" in update:
        fld.default_value = default_from_api(update["defaultValue"])
    if isinstance(update.get("settings"), dict):
        fld.settings = dict(update["settings"])


def _keep_known_defaults(default: Any, values: set[str]) -> Any:
    if isinstance(default, list):
        kept = [v for v in default if v in values]
        return kept or None
    return default if default in values else None


def delete_field(
    workspace: WorkspaceMetadata, field_id: str
) -> tuple[ObjectMetadata, FieldMetadata, tuple[ObjectMetadata, FieldMetadata] | None]:
    """Remove an inactive custom field (and a relation's inverse)."""
    obj, fld = find_field(workspace, field_id)
    failure = Failure("fieldMetadata", "delete_field", _minimal(fld.id, fld.name, obj.id))
    issues = failure.issues
    if obj.label_identifier_field == fld.name:
        issues.append(
            Issue(
                "FIELD_MUTATION_NOT_ALLOWED",
                "Cannot delete, please update the label identifier field first",
                "Cannot delete, please update the label identifier field first",
            )
        )
    if not fld.is_custom:
        issues.append(
            Issue(
                "INVALID_FIELD_INPUT",
                "Standard Fields can't be deleted",
                "Standard fields cannot be deleted",
            )
        )
    if fld.is_active:
        issues.append(
            Issue(
                "INVALID_FIELD_INPUT",
                "Active fields can't be deleted",
                "Active fields cannot be deleted",
            )
        )
    if issues:
        raise MetadataValidationError(
            "Multiple validation errors occurred while deleting field", [failure]
        )
    inverse = inverse_of(workspace, fld)
    obj.fields.remove(fld)
    if inverse is not None:
        inverse[0].fields.remove(inverse[1])
    return obj, fld, inverse
