"""The record store on the standard workspace: every standard object round-trips."""

from __future__ import annotations

from typing import Any

from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import FieldType
from twenty_gql.testing.store import RecordStore


def test_every_active_standard_object_gets_a_table_and_round_trips_a_record() -> None:
    """Tables are built for all standard objects; a record created with only defaults reads
    back with every non-relation field in GraphQL shape and every join column."""
    workspace = standard_workspace()
    store = RecordStore(workspace)
    for obj in workspace.active_objects:
        data: dict[str, Any] = {}
        for field in obj.active_fields:
            # Required fields without defaults get a value of their type.
            if field.is_nullable or field.default_value is not None or field.is_system:
                continue
            if field.type is FieldType.TEXT:
                data[field.name] = "x"
            elif field.type is FieldType.UUID and field.name != "id":
                data[field.name] = "7d3f1c1e-6b8a-4e9b-9f68-0d2b1c3a4e5f"
            elif field.type is FieldType.SELECT:
                data[field.name] = field.enum_values[0]
            elif field.type is FieldType.DATE_TIME and field.name not in ("createdAt", "updatedAt"):
                data[field.name] = "2026-01-01T00:00:00.000Z"
            elif field.type in (FieldType.NUMBER, FieldType.NUMERIC):
                data[field.name] = 1
            elif field.type is FieldType.BOOLEAN:
                data[field.name] = False
        (record,) = store.insert(obj.name_singular, [data])
        for field in obj.active_fields:
            if field.type is FieldType.RELATION:
                if field.join_column:
                    assert field.join_column in record, (obj.name_singular, field.name)
                continue
            assert field.name in record, (obj.name_singular, field.name)
        again = store.find_many(obj.name_singular, filter={"id": {"eq": record["id"]}}).records
        assert again == [record], obj.name_singular


def test_standard_company_unique_domain_and_person_unique_email() -> None:
    """Twenty's standard unique fields: company domainName, person emails (primary)."""
    workspace = standard_workspace()
    uniques = {
        (o.name_singular, f.name)
        for o in workspace.active_objects
        for f in o.active_fields
        if f.is_unique
    }
    assert {("company", "domainName"), ("person", "emails")} <= uniques
    store = RecordStore(workspace)
    plan = store._conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'company'"
    ).fetchall()
    assert ("twu_company_domainNamePrimaryLinkUrl",) in plan
