"""The standard workspace metadata: a default Twenty workspace's objects, as data."""

from __future__ import annotations

from twenty_gql.testing.model.standard import standard_workspace
from twenty_gql.testing.model.types import FieldType, RelationType


def test_has_the_29_standard_objects_and_no_dev_seed_customisations() -> None:
    """A default workspace (Twenty ~v1.9) has 29 standard objects; dev-seed ones are absent."""
    workspace = standard_workspace()
    assert len(workspace.objects) == 29
    for name in ("company", "person", "opportunity", "note", "task", "workspaceMember"):
        assert name in workspace.objects
    assert "pet" not in workspace.objects and "rocket" not in workspace.objects
    company = workspace.object("company")
    assert company.find_field("tagline") is None
    assert workspace.object("noteTarget").find_field("rocket") is None
    assert workspace.by_plural("people").name_singular == "person"


def test_each_call_is_a_fresh_copy() -> None:
    """Tests mutate metadata (custom fields); a reset must start from clean metadata."""
    first = standard_workspace()
    first.object("company").fields.clear()
    first.object("person").field("emails").default_value["primaryEmail"] = "changed"
    second = standard_workspace()
    assert second.object("company").find_field("name") is not None
    assert second.object("person").field("emails").default_value["primaryEmail"] == ""
    assert second.object("company").id == first.object("company").id  # stable ids


def test_overlay_facts_the_printed_schema_cannot_show() -> None:
    """Unique fields, defaults and duplicate criteria from Twenty's standard definitions."""
    workspace = standard_workspace()
    company, person = workspace.object("company"), workspace.object("person")
    assert company.field("domainName").is_unique and person.field("emails").is_unique
    assert company.duplicate_criteria and person.duplicate_criteria
    assert not workspace.object("opportunity").duplicate_criteria
    assert workspace.object("opportunity").field("stage").default_value == "NEW"
    assert workspace.object("task").field("status").default_value == "TODO"
    assert company.field("name").default_value == ""
    assert company.field("idealCustomerProfile").default_value is False
    assert workspace.object("workspaceMember").field("calendarStartDay").settings == {
        "dataType": "int"
    }
    assert company.field("employees").type is FieldType.NUMBER
    assert company.field("employees").settings == {}


def test_every_relation_names_its_inverse_and_the_inverse_points_back() -> None:
    """Twenty relations have two sides: MANY_TO_ONE owns the join column, ONE_TO_MANY mirrors it."""
    workspace = standard_workspace()
    pairs = 0
    for obj in workspace.objects.values():
        for field in obj.fields:
            relation = field.relation
            if relation is None:
                continue
            assert relation.inverse_field is not None, f"{obj.name_singular}.{field.name}"
            inverse = workspace.object(relation.target_object).field(relation.inverse_field)
            assert inverse.relation is not None
            assert inverse.relation.target_object == obj.name_singular
            assert inverse.relation.inverse_field == field.name
            assert inverse.relation.type is not relation.type
            pairs += relation.type is RelationType.MANY_TO_ONE
    assert pairs > 50
    person_company = workspace.object("person").field("company")
    assert person_company.join_column == "companyId"
