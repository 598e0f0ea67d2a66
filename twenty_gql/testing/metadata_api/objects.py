"""createOneObject / updateOneObject / deleteOneObject on the model.

A custom object gets the default fields Twenty gives it (``build-default-fields-for-custom-
object.util.ts`` in the version of ``real-workspace-schema.graphql``: ``id``, ``name``,
``createdAt``, ``updatedAt``, ``deletedAt``, ``createdBy``, ``position``, ``searchVector``) and
the system relations of ``build-default-relation-flat-field-metadatas-for-custom-object``:
a ONE_TO_MANY named after each of timelineActivity, favorite, attachment, noteTarget and
taskTarget's plural on the new object, and on each of those a MANY_TO_ONE named after the new
object (join column ``<nameSingular>Id``, CASCADE), with Twenty's labels and descriptions.
"""

from __future__ import annotations

import uuid
from typing import Any

from twenty_gql._naming import pascal_case
from twenty_gql.testing.errors import EntityNotFoundError, UserInputError
from twenty_gql.testing.metadata_api.errors import Failure, Issue, MetadataValidationError
from twenty_gql.testing.metadata_api.names import (
    IDENTIFIER_MAX_LENGTH,
    compute_name_from_label,
    field_name_availability_issues,
    name_issues,
)
from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldType,
    ObjectMetadata,
    OnDelete,
    RelationSettings,
    RelationType,
    WorkspaceMetadata,
)

__all__ = [
    "DEFAULT_LINK_TARGETS",
    "create_object",
    "delete_object",
    "find_object",
    "update_object",
]

#: the standard objects every custom object is linked from, in Twenty's order
DEFAULT_LINK_TARGETS = ("timelineActivity", "favorite", "attachment", "noteTarget", "taskTarget")
_LINK_ICONS = {
    "timelineActivity": "IconTimelineEvent",
    "favorite": "IconHeart",
    "attachment": "IconFileImport",
    "noteTarget": "IconCheckbox",
    "taskTarget": "IconCheckbox",
}
_OBJECT_INPUT = "INVALID_OBJECT_INPUT"


def find_object(workspace: WorkspaceMetadata, object_id: str) -> ObjectMetadata:
    for obj in workspace.objects.values():
        if obj.id == object_id:
            return obj
    raise EntityNotFoundError("Object does not exist", sub_code="OBJECT_METADATA_NOT_FOUND")


def default_fields(skip_name: bool = False) -> list[FieldMetadata]:
    """The fields Twenty creates with every custom object (``object-metadata`` service)."""
    fields = [
        FieldMetadata(
            "id",
            FieldType.UUID,
            "Id",
            "Id",
            "Icon123",
            is_nullable=False,
            default_value="uuid",
            is_system=True,
            is_unique=True,
            is_ui_readonly=True,
        ),
        FieldMetadata(
            "name",
            FieldType.TEXT,
            "Name",
            "Name",
            "IconAbc",
            is_nullable=False,
            default_value="Untitled",
        ),
        FieldMetadata(
            "createdAt",
            FieldType.DATE_TIME,
            "Creation date",
            "Creation date",
            "IconCalendar",
            is_nullable=False,
            default_value="now",
        ),
        FieldMetadata(
            "updatedAt",
            FieldType.DATE_TIME,
            "Last update",
            "Last time the record was changed",
            "IconCalendarClock",
            is_nullable=False,
            default_value="now",
        ),
        FieldMetadata(
            "deletedAt",
            FieldType.DATE_TIME,
            "Deleted at",
            "Deletion date",
            "IconCalendarClock",
            is_ui_readonly=True,
        ),
        FieldMetadata(
            "createdBy",
            FieldType.ACTOR,
            "Created by",
            "The creator of the record",
            "IconCreativeCommonsSa",
            is_nullable=False,
            default_value={"name": "", "source": "MANUAL"},
            is_ui_readonly=True,
        ),
        FieldMetadata(
            "position",
            FieldType.POSITION,
            "Position",
            "Position",
            "IconHierarchy2",
            is_nullable=False,
            default_value=0,
            is_system=True,
            is_ui_readonly=True,
        ),
        FieldMetadata(
            "searchVector",
            FieldType.TS_VECTOR,
            "Search vector",
            "Search vector",
            "IconSearch",
            is_system=True,
            is_ui_readonly=True,
            settings={
                "generatedType": "STORED",
                "asExpression": "to_tsvector('simple', COALESCE(\"name\", ''))",
            },
        ),
    ]
    return [f for f in fields if not (skip_name and f.name == "name")]


def _link_pair(obj: ObjectMetadata, target: ObjectMetadata) -> tuple[FieldMetadata, FieldMetadata]:
    plural = pascal_case(target.name_plural)
    on_custom = FieldMetadata(
        name=target.name_plural,
        type=FieldType.RELATION,
        label=plural,
        description=f"{plural} tied to the {obj.label_singular}",
        icon=_LINK_ICONS.get(target.name_singular, "IconBuildingSkyscraper"),
        relation=RelationSettings(
            RelationType.ONE_TO_MANY, target.name_singular, obj.name_singular, OnDelete.SET_NULL
        ),
        is_system=True,
    )
    on_target = FieldMetadata(
        name=obj.name_singular,
        type=FieldType.RELATION,
        label=obj.label_singular,
        description=f"{plural} {obj.label_singular}",
        icon="IconBuildingSkyscraper",
        relation=RelationSettings(
            RelationType.MANY_TO_ONE, obj.name_singular, target.name_plural, OnDelete.CASCADE
        ),
        is_system=True,
        settings={"defaultLinkOf": obj.id},
    )
    return on_custom, on_target


def _object_name_issues(
    workspace: WorkspaceMetadata, singular: Any, plural: Any, *, ignore_id: str | None = None
) -> list[Issue]:
    issues: list[Issue] = []
    for name in (singular, plural):
        if not isinstance(name, str):
            issues.append(Issue(_OBJECT_INPUT, "Object names must be strings", None, name))
            return issues
        issues += name_issues(name, code=_OBJECT_INPUT)
    if singular.strip().lower() == plural.strip().lower():
        issues.append(
            Issue(
                _OBJECT_INPUT,
                "The singular and plural names cannot be the same for an object",
                None,
                plural,
            )
        )
    for other in workspace.objects.values():
        if other.id == ignore_id:
            continue
        if {singular, plural} & {other.name_singular, other.name_plural}:
            issues.append(
                Issue("OBJECT_ALREADY_EXISTS", "Object already exists", "Object already exists")
            )
            break
    return issues


def _label_issues(singular: Any, plural: Any) -> list[Issue]:
    issues: list[Issue] = []
    for what, label in (("singular", singular), ("plural", plural)):
        if not isinstance(label, str) or not label.strip():
            issues.append(
                Issue(
                    _OBJECT_INPUT,
                    f"Label {what} must not be empty",
                    f"Label {what} must not be empty",
                    label,
                )
            )
        elif len(label) > IDENTIFIER_MAX_LENGTH:
            issues.append(
                Issue(
                    _OBJECT_INPUT,
                    f"Label {what} exceeds 63 characters",
                    f"Label {what} is too long",
                    label,
                )
            )
    return issues


def create_object(workspace: WorkspaceMetadata, raw: dict[str, Any]) -> ObjectMetadata:
    """Validate a ``CreateObjectInput`` and add the custom object with Twenty's defaults."""
    if raw.get("isRemote"):
        raise UserInputError("Remote objects are not supported by the twenty-gql emulator")
    singular, plural = raw.get("nameSingular"), raw.get("namePlural")
    label_singular, label_plural = raw.get("labelSingular"), raw.get("labelPlural")
    object_id = str(uuid.uuid4())
    failure = Failure(
        "objectMetadata",
        "create_object",
        {"id": object_id, "nameSingular": singular, "namePlural": plural},
    )
    issues = failure.issues
    issues += _object_name_issues(workspace, singular, plural)
    issues += _label_issues(label_singular, label_plural)
    if (
        raw.get("isLabelSyncedWithName")
        and isinstance(label_singular, str)
        and isinstance(label_plural, str)
        and (compute_name_from_label(label_singular), compute_name_from_label(label_plural))
        != (singular, plural)
    ):
        issues.append(
            Issue(
                _OBJECT_INPUT,
                "Names are not synced with labels",
                "Names are not synced with labels",
            )
        )
    targets = [workspace.objects[t] for t in DEFAULT_LINK_TARGETS if t in workspace.objects]
    if not issues:
        assert isinstance(singular, str)
        for target in targets:
            for issue in field_name_availability_issues(singular, target, is_relation=True):
                issues.append(
                    Issue(
                        issue.code,
                        f"{issue.message} on {target.name_singular}",
                        issue.user_friendly_message,
                        issue.value,
                    )
                )
    if issues:
        raise MetadataValidationError(
            "Multiple validation errors occurred while creating object", [failure]
        )
    assert isinstance(singular, str) and isinstance(plural, str)
    assert isinstance(label_singular, str) and isinstance(label_plural, str)
    skip_name = bool(raw.get("skipNameField"))
    obj = ObjectMetadata(
        name_singular=singular,
        name_plural=plural,
        label_singular=pascal_case(label_singular),
        label_plural=pascal_case(label_plural),
        description=raw.get("description"),
        icon=raw.get("icon"),
        fields=default_fields(skip_name),
        is_custom=True,
        label_identifier_field=None if skip_name else "name",
        id=object_id,
    )
    for target in targets:
        on_custom, on_target = _link_pair(obj, target)
        obj.fields.append(on_custom)
        target.fields.append(on_target)
    workspace.objects[singular] = obj
    return obj


_RENAMABLE = ("nameSingular", "namePlural")


def update_object(
    workspace: WorkspaceMetadata, object_id: str, update: dict[str, Any]
) -> ObjectMetadata:
    """Apply an ``UpdateObjectPayload``; names change only on custom objects."""
    obj = find_object(workspace, object_id)
    singular = update.get("nameSingular") or obj.name_singular
    plural = update.get("namePlural") or obj.name_plural
    renamed = (singular, plural) != (obj.name_singular, obj.name_plural)
    failure = Failure(
        "objectMetadata",
        "update_object",
        {"id": obj.id, "nameSingular": singular, "namePlural": plural},
    )
    issues = failure.issues
    if renamed and not obj.is_custom:
        issues.append(
            Issue(
                _OBJECT_INPUT,
                "Cannot update the names of a standard object",
                "Standard object names cannot be changed",
            )
        )
    elif renamed:
        issues += _object_name_issues(workspace, singular, plural, ignore_id=obj.id)
    if "labelSingular" in update or "labelPlural" in update:
        issues += _label_issues(
            update.get("labelSingular", obj.label_singular),
            update.get("labelPlural", obj.label_plural),
        )
    identifier_id = update.get("labelIdentifierFieldMetadataId")
    identifier = None
    if identifier_id is not None:
        identifier = next((f for f in obj.fields if f.id == identifier_id), None)
        if identifier is None:
            issues.append(
                Issue(
                    _OBJECT_INPUT,
                    "labelIdentifierFieldMetadataId validation failed: "
                    "field not found on this object",
                    "Label identifier field not found",
                    identifier_id,
                )
            )
    if issues:
        raise MetadataValidationError(
            "Multiple validation errors occurred while updating object", [failure]
        )
    if renamed:
        _rename(workspace, obj, singular, plural)
    for key, attr in (
        ("labelSingular", "label_singular"),
        ("labelPlural", "label_plural"),
        ("description", "description"),
        ("icon", "icon"),
    ):
        if key in update and (update[key] is not None or key in ("description", "icon")):
            setattr(obj, attr, update[key])
    if update.get("isActive") is not None:
        obj.is_active = bool(update["isActive"])
    if identifier is not None:
        obj.label_identifier_field = identifier.name
    return obj


def _rename(workspace: WorkspaceMetadata, obj: ObjectMetadata, singular: str, plural: str) -> None:
    old_singular = obj.name_singular
    for other in workspace.objects.values():
        for fld in other.fields:
            if fld.relation is None:
                continue
            if fld.relation.target_object == old_singular:
                fld.relation.target_object = singular
            if fld.settings.get("defaultLinkOf") == obj.id and fld.name == old_singular:
                fld.name = singular
            if other is obj and fld.relation.inverse_field == old_singular:
                fld.relation.inverse_field = singular
    del workspace.objects[old_singular]
    obj.name_singular, obj.name_plural = singular, plural
    workspace.objects[singular] = obj


def delete_object(workspace: WorkspaceMetadata, object_id: str) -> ObjectMetadata:
    """Remove a custom object and every relation field pointing at it."""
    obj = find_object(workspace, object_id)
    if not obj.is_custom:
        raise MetadataValidationError(
            "Multiple validation errors occurred while deleting object",
            [
                Failure(
                    "objectMetadata",
                    "delete_object",
                    {"id": obj.id, "nameSingular": obj.name_singular},
                    [
                        Issue(
                            "OBJECT_MUTATION_NOT_ALLOWED",
                            "Standard objects can't be deleted",
                            "Standard objects cannot be deleted",
                        )
                    ],
                )
            ],
        )
    del workspace.objects[obj.name_singular]
    for other in workspace.objects.values():
        other.fields = [
            f
            for f in other.fields
            if f.relation is None or f.relation.target_object != obj.name_singular
        ]
    return obj
