"""``mergeX`` semantics: fold several records into one, the way Twenty merges duplicates.

Follows ``common-merge-many-query-runner.service.ts`` and the ``merge-*-field-values.util.ts``
helpers of ``graphql-query-runner/utils``:

* validation: the object has duplicate criteria; 2..MUTATION_MAX_MERGE_RECORDS (9) ids;
  ``conflictPriorityIndex`` within the ids (INVALID_QUERY_INPUT); every id a live record
  (RECORD_NOT_FOUND).
* merge (``performDeepMerge``): system fields are left alone; a field that only one record fills
  (``hasRecordFieldValue``) takes that value; on conflict ARRAY/MULTI_SELECT values are united,
  EMAILS/PHONES/LINKS keep the priority record's primary value (else the first filled one) and
  collect every other distinct value as additional/secondary, and any other field takes the
  priority record's value, else the first filled one. Join columns merge like scalars.
* ``dryRun``: the merged record, with a fresh id and ``deletedAt`` set, and nothing written.
* otherwise one transaction: every MANY_TO_ONE join column pointing at a merged-away record is
  re-pointed to the survivor, the merged-away records are soft-deleted, and the survivor is
  updated with the merged values. Record events follow (``x.updated`` for re-pointed records,
  ``x.deleted`` for the merged-away ones, ``x.updated`` for the survivor).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from twenty_gql.testing.api.context import RequestContext
from twenty_gql.testing.contracts import RecordEvent
from twenty_gql.testing.errors import EntityNotFoundError, UserInputError
from twenty_gql.testing.model.types import FieldMetadata, FieldType, ObjectMetadata, RelationType
from twenty_gql.testing.store.values import now_iso

MUTATION_MAX_MERGE_RECORDS = 9
_STANDARD_MESSAGE = "An error occurred."
_NEVER_WRITTEN = frozenset({"id", "createdAt", "updatedAt", "deletedAt"})

Valued = list[tuple[Any, str]]  # (value, record id) of the records that fill a field


def _invalid(message: str, friendly: str) -> UserInputError:
    return UserInputError(message, sub_code="INVALID_QUERY_INPUT", user_friendly_message=friendly)


def validate(obj: ObjectMetadata, ids: Sequence[str], conflict_priority_index: int) -> None:
    if not obj.duplicate_criteria:
        raise _invalid(
            "Merge is only available for objects with duplicate criteria. Object "
            f"'{obj.name_singular}' does not have duplicate criteria defined.",
            "This type of record cannot be merged.",
        )
    if len(ids) < 2:
        raise _invalid(
            "At least 2 record IDs are required for merge",
            "Please select at least 2 records to merge.",
        )
    if len(ids) > MUTATION_MAX_MERGE_RECORDS:
        raise _invalid(
            f"Maximum {MUTATION_MAX_MERGE_RECORDS} records can be merged at once",
            f"You can merge up to {MUTATION_MAX_MERGE_RECORDS} records at once.",
        )
    if conflict_priority_index < 0 or conflict_priority_index >= len(ids):
        raise _invalid(
            f"Invalid conflict priority '{conflict_priority_index}'. Valid options for "
            f"{len(ids)} records: 0-{len(ids) - 1}",
            _STANDARD_MESSAGE,
        )


def merge_many(
    ctx: RequestContext,
    obj: ObjectMetadata,
    ids: list[str],
    conflict_priority_index: int,
    *,
    dry_run: bool = False,
) -> dict[str, Any]:
    validate(obj, ids, conflict_priority_index)
    store = ctx.emulator.store
    name = obj.name_singular
    with store.transaction():
        found = store.get_by_ids(name, ids)
        if len(found) != len(ids):
            raise EntityNotFoundError(
                "One or more records not found",
                user_friendly_message="One or more records were not found.",
            )
        records = [found[i] for i in ids]
        priority = records[conflict_priority_index]
        merged = merge_records(obj, records, priority["id"])
        if dry_run:
            return {**priority, **merged, "id": str(uuid.uuid4()), "deletedAt": now_iso()}
        losers = [r["id"] for r in records if r["id"] != priority["id"]]
        events = _repoint_relations(ctx, obj, losers, priority["id"])
        deleted = store.soft_delete(name, {"id": {"in": losers}})
        events += [RecordEvent(f"{name}.deleted", obj, r) for r in deleted]
        data = {k: v for k, v in merged.items() if k not in _NEVER_WRITTEN}
        (updated,) = store.update(name, {"id": {"eq": priority["id"]}}, data)
    changed = [k for k, v in updated.items() if k != "updatedAt" and priority.get(k) != v]
    events.append(RecordEvent(f"{name}.updated", obj, updated, priority, changed))
    ctx.events.extend(events)
    return updated


def _repoint_relations(
    ctx: RequestContext, obj: ObjectMetadata, losers: list[str], survivor: str
) -> list[RecordEvent]:
    """``getRelationFieldsPointingToCurrentObject``: move children to the surviving record."""
    store = ctx.emulator.store
    events: list[RecordEvent] = []
    for other in ctx.emulator.workspace.active_objects:
        for fld in other.active_fields:
            rel = fld.relation
            if (
                rel is None
                or rel.type is not RelationType.MANY_TO_ONE
                or rel.target_object != obj.name_singular
                or fld.join_column is None
            ):
                continue
            join = fld.join_column
            scope = {join: {"in": losers}}
            before = store.find_many(other.name_singular, filter=scope, limit=1_000_000).records
            if not before:
                continue
            ids = [r["id"] for r in before]
            old = {r["id"]: r for r in before}
            for record in store.update(other.name_singular, {"id": {"in": ids}}, {join: survivor}):
                previous = old[record["id"]]
                events.append(
                    RecordEvent(f"{other.name_singular}.updated", other, record, previous, [join])
                )
    return events


def merge_records(
    obj: ObjectMetadata, records: Sequence[dict[str, Any]], priority_id: str
) -> dict[str, Any]:
    """``performDeepMerge``: the merged value of every non-system field some record fills."""
    merged: dict[str, Any] = {}
    for fld in obj.active_fields:
        if fld.is_system or fld.type is FieldType.TS_VECTOR:
            continue
        key = fld.join_column if fld.type is FieldType.RELATION else fld.name
        if key is None:
            continue  # ONE_TO_MANY: children are re-pointed instead
        valued: Valued = [(r.get(key), r["id"]) for r in records if has_value(r.get(key))]
        if not valued:
            continue
        merged[key] = valued[0][0] if len(valued) == 1 else merge_values(fld, valued, priority_id)
    return merged


def has_value(value: Any) -> bool:
    """``hasRecordFieldValue``: non-blank strings, non-empty lists, objects with any value."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, dict):
        return any(has_value(v) for v in value.values())
    return True


def merge_values(fld: FieldMetadata, valued: Valued, priority_id: str) -> Any:
    if fld.type in (FieldType.ARRAY, FieldType.MULTI_SELECT):
        return _merge_arrays(valued)
    if fld.type is FieldType.EMAILS:
        return _merge_emails(valued, priority_id)
    if fld.type is FieldType.LINKS:
        return _merge_links(valued, priority_id)
    if fld.type is FieldType.PHONES:
        return _merge_phones(valued, priority_id)
    return _priority_or_first(valued, priority_id)


def _priority_or_first(valued: Valued, priority_id: str) -> Any:
    for value, record_id in valued:
        if record_id == priority_id and has_value(value):
            return value
    for value, _ in valued:
        if has_value(value):
            return value
    return None


def _primary_source(valued: Valued, priority_id: str, key: str) -> dict[str, Any] | None:
    """The record whose primary value wins: the priority one if it has one, else the first."""
    for value, record_id in valued:
        if record_id == priority_id and has_value(value.get(key)):
            return dict(value)
    for value, _ in valued:
        if has_value(value.get(key)):
            return dict(value)
    return None


def _merge_arrays(valued: Valued) -> list[Any] | None:
    seen: list[Any] = []
    for value, _ in valued:
        for item in value or []:
            if has_value(item) and item not in seen:
                seen.append(item)
    return seen or None


def _merge_emails(valued: Valued, priority_id: str) -> dict[str, Any]:
    source = _primary_source(valued, priority_id, "primaryEmail")
    primary = source["primaryEmail"] if source else ""
    every: list[str] = []
    for value, _ in valued:
        if has_value(value.get("primaryEmail")):
            every.append(value["primaryEmail"])
        every += [e for e in value.get("additionalEmails") or [] if has_value(e)]
    others = [e for e in dict.fromkeys(every) if e != primary]
    return {"primaryEmail": primary, "additionalEmails": others or None}


def _merge_links(valued: Valued, priority_id: str) -> dict[str, Any]:
    source = _primary_source(valued, priority_id, "primaryLinkUrl")
    url = source["primaryLinkUrl"] if source else ""
    label = source.get("primaryLinkLabel") if source else ""
    every: list[dict[str, Any]] = []
    for value, _ in valued:
        if has_value(value.get("primaryLinkUrl")):
            every.append({"url": value["primaryLinkUrl"], "label": value.get("primaryLinkLabel")})
        every += [
            link
            for link in value.get("secondaryLinks") or []
            if isinstance(link, dict) and has_value(link.get("url"))
        ]
    unique = _unique_by(every, "url")
    others = [link for link in unique if link["url"] != url]
    return {"primaryLinkLabel": label, "primaryLinkUrl": url, "secondaryLinks": others or None}


def _merge_phones(valued: Valued, priority_id: str) -> dict[str, Any]:
    source = _primary_source(valued, priority_id, "primaryPhoneNumber")
    number = source["primaryPhoneNumber"] if source else ""
    every: list[dict[str, Any]] = []
    for value, _ in valued:
        if has_value(value.get("primaryPhoneNumber")):
            every.append(
                {
                    "number": value["primaryPhoneNumber"],
                    "countryCode": value.get("primaryPhoneCountryCode"),
                    "callingCode": value.get("primaryPhoneCallingCode"),
                }
            )
        every += [
            phone
            for phone in value.get("additionalPhones") or []
            if isinstance(phone, dict) and has_value(phone.get("number"))
        ]
    others = [p for p in _unique_by(every, "number") if p["number"] != number]
    return {
        "primaryPhoneNumber": number,
        "primaryPhoneCountryCode": source.get("primaryPhoneCountryCode") if source else None,
        "primaryPhoneCallingCode": source.get("primaryPhoneCallingCode", "") if source else "",
        "additionalPhones": others or None,
    }


def _unique_by(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """``lodash.uniqBy``: the first item of each ``key`` value, in order."""
    seen: set[Any] = set()
    out: list[dict[str, Any]] = []
    for item in items:
        marker = item.get(key)
        if marker not in seen:
            seen.add(marker)
            out.append(item)
    return out
