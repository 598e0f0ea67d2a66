"""The schema builder on small, custom metadata: Twenty's naming and shapes for any object.

Part 2 adds custom objects and fields at run time, so the builder must follow Twenty's rules for
metadata it has never seen, not just reproduce the standard workspace.
"""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, GraphQLSchema

from twenty_gql.testing.model.types import (
    FieldMetadata,
    FieldOption,
    FieldType,
    ObjectMetadata,
    RelationSettings,
    RelationType,
    WorkspaceMetadata,
)
from twenty_gql.testing.schema import build_workspace_schema, build_workspace_sdl


def base_fields() -> list[FieldMetadata]:
    return [
        FieldMetadata("id", FieldType.UUID, is_nullable=False, default_value="uuid"),
        FieldMetadata("name", FieldType.TEXT, is_nullable=False, default_value=""),
        FieldMetadata("createdAt", FieldType.DATE_TIME, is_nullable=False, default_value="now"),
        FieldMetadata("deletedAt", FieldType.DATE_TIME),
    ]


def rocket_workspace() -> WorkspaceMetadata:
    """A custom ``rocket`` with a SELECT, an Int NUMBER, a required field and a relation."""
    company = ObjectMetadata(
        "company",
        "companies",
        description="A company",
        fields=[
            *base_fields(),
            FieldMetadata(
                "domainName",
                FieldType.LINKS,
                is_nullable=False,
                is_unique=True,
                default_value={"primaryLinkUrl": ""},
            ),
            FieldMetadata(
                "rockets",
                FieldType.RELATION,
                relation=RelationSettings(RelationType.ONE_TO_MANY, "rocket", "launchSite"),
            ),
        ],
        duplicate_criteria=[["name"]],
    )
    rocket = ObjectMetadata(
        "rocket",
        "rockets",
        is_custom=True,
        fields=[
            *base_fields(),
            FieldMetadata(
                "status",
                FieldType.SELECT,
                is_custom=True,
                options=[FieldOption("ON_PAD", "On pad"), FieldOption("IN_ORBIT", "In orbit")],
            ),
            FieldMetadata("stages", FieldType.NUMBER, settings={"dataType": "int"}),
            FieldMetadata("serial", FieldType.TEXT, is_nullable=False, is_unique=True),
            FieldMetadata(
                "launchSite",
                FieldType.RELATION,
                relation=RelationSettings(RelationType.MANY_TO_ONE, "company", "rockets"),
            ),
        ],
    )
    return WorkspaceMetadata(objects={"company": company, "rocket": rocket})


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_workspace_schema(rocket_workspace())


def fields_of(schema: GraphQLSchema, name: str) -> dict[str, str]:
    gql_type = schema.get_type(name)
    assert isinstance(gql_type, GraphQLObjectType | GraphQLInputObjectType), name
    return {n: str(f.type) for n, f in gql_type.fields.items()}


def test_custom_object_gets_every_type_twenty_generates(schema: GraphQLSchema) -> None:
    """Twenty's gql-type generator: X, edge, connections, relation inputs and all data inputs."""
    for suffix in (
        "",
        "Edge",
        "Connection",
        "GroupByConnection",
        "RelationInput",
        "ConnectInput",
        "WhereUniqueInput",
        "CreateInput",
        "UpdateInput",
        "FilterInput",
        "OrderByInput",
        "OrderByWithGroupByInput",
        "OrderByWithGroupByAggregateInput",
        "GroupByInput",
        "StatusEnum",
        "StatusEnumFilter",
    ):
        assert schema.get_type(f"Rocket{suffix}") is not None, f"Rocket{suffix}"


def test_select_field_becomes_an_enum_named_after_object_and_field(schema: GraphQLSchema) -> None:
    """SELECT -> ``X<Field>Enum`` whose values are the option values, filtered by its EnumFilter."""
    enum = schema.get_type("RocketStatusEnum")
    assert isinstance(enum, GraphQLEnumType)
    assert list(enum.values) == ["ON_PAD", "IN_ORBIT"]
    assert fields_of(schema, "Rocket")["status"] == "RocketStatusEnum"
    assert fields_of(schema, "RocketFilterInput")["status"] == "RocketStatusEnumFilter"
    assert fields_of(schema, "RocketStatusEnumFilter") == {
        "eq": "RocketStatusEnum",
        "neq": "RocketStatusEnum",
        "in": "[RocketStatusEnum]",
        "containsAny": "[RocketStatusEnum]",
        "is": "FilterIs",
        "isEmptyArray": "Boolean",
    }


def test_many_to_one_relation_has_join_column_and_object(schema: GraphQLSchema) -> None:
    """MANY_TO_ONE: ``launchSiteId: ID`` in field order plus ``launchSite: Company``."""
    rocket = fields_of(schema, "Rocket")
    names = list(rocket)
    assert rocket["launchSiteId"] == "ID" and rocket["launchSite"] == "Company"
    assert names.index("launchSiteId") < names.index("launchSite")
    assert fields_of(schema, "RocketFilterInput")["launchSiteId"] == "UUIDFilter"
    assert fields_of(schema, "RocketOrderByInput")["launchSiteId"] == "OrderByDirection"
    create = fields_of(schema, "RocketCreateInput")
    assert create["launchSiteId"] == "ID"
    assert create["launchSite"] == "CompanyRelationInput"
    assert "launchSite" not in fields_of(schema, "RocketFilterInput")


def test_one_to_many_relation_is_a_connection_with_find_many_args(schema: GraphQLSchema) -> None:
    """ONE_TO_MANY: ``rockets(first, last, offset, before, after, filter, orderBy)``."""
    company = schema.get_type("Company")
    assert isinstance(company, GraphQLObjectType)
    rockets = company.fields["rockets"]
    assert str(rockets.type) == "RocketConnection"
    assert {a: str(v.type) for a, v in rockets.args.items()} == {
        "first": "Int",
        "last": "Int",
        "offset": "Int",
        "before": "String",
        "after": "String",
        "filter": "RocketFilterInput",
        "orderBy": "[RocketOrderByInput]",
    }
    assert "rockets" not in fields_of(schema, "CompanyCreateInput")


def test_root_fields_follow_twentys_resolver_names(schema: GraphQLSchema) -> None:
    """get-resolver-name: plural/singular queries and mutations; duplicates only with criteria."""
    assert schema.query_type is not None and schema.mutation_type is not None
    query, mutation = schema.query_type.fields, schema.mutation_type.fields
    assert {"rockets", "rocket", "rocketsGroupBy"} <= set(query)
    assert "rocketDuplicates" not in query and "mergeRockets" not in mutation
    assert "companyDuplicates" in query and "mergeCompanies" in mutation
    expected = {
        "createRockets": "[Rocket!]",
        "createRocket": "Rocket",
        "updateRocket": "Rocket",
        "updateRockets": "[Rocket!]",
        "deleteRocket": "Rocket",
        "deleteRockets": "[Rocket!]",
        "destroyRocket": "Rocket",
        "destroyRockets": "[Rocket!]",
        "restoreRocket": "Rocket",
        "restoreRockets": "[Rocket!]",
    }
    assert {n: str(mutation[n].type) for n in expected} == expected
    create_one = {a: str(v.type) for a, v in mutation["createRocket"].args.items()}
    assert create_one == {"data": "RocketCreateInput!", "upsert": "Boolean"}
    assert str(query["rocket"].args["filter"].type) == "RocketFilterInput!"


def test_int_number_and_nullability_follow_metadata(schema: GraphQLSchema) -> None:
    """NUMBER with dataType int is Int/IntFilter; non-nullable fields are ``!`` on output and
    required on create only when they have no default value."""
    assert fields_of(schema, "Rocket")["stages"] == "Int"
    assert fields_of(schema, "RocketFilterInput")["stages"] == "IntFilter"
    assert fields_of(schema, "Rocket")["serial"] == "String!"
    create = fields_of(schema, "RocketCreateInput")
    assert create["serial"] == "String!"  # non-nullable, no default
    assert create["name"] == "String"  # non-nullable with default ''
    assert fields_of(schema, "RocketUpdateInput")["serial"] == "String"


def test_unique_fields_are_connect_keys(schema: GraphQLSchema) -> None:
    """relation-connect: ``XWhereUniqueInput`` has id plus each unique field (composites by
    the sub-fields of their unique constraint)."""
    assert fields_of(schema, "RocketWhereUniqueInput") == {"id": "ID", "serial": "String"}
    assert fields_of(schema, "CompanyWhereUniqueInput") == {
        "id": "ID",
        "domainName": "CompanyDomainNameWhereInput",
    }
    assert fields_of(schema, "CompanyDomainNameWhereInput") == {"primaryLinkUrl": "String"}


def test_aggregates_cover_every_plain_field(schema: GraphQLSchema) -> None:
    """Connections carry totalCount and Twenty's per-field aggregates (none for relations)."""
    connection = fields_of(schema, "RocketConnection")
    for name in ("totalCount", "countEmptyStatus", "percentageNotEmptySerial", "sumStages"):
        assert name in connection
    assert connection["minCreatedAt"] == "DateTime"
    assert not any(name.endswith("LaunchSite") for name in connection)
    assert fields_of(schema, "RocketOrderByWithGroupByAggregateInput")["launchSiteId"] == (
        "OrderByDirection"
    )


def test_sdl_is_deterministic() -> None:
    """Twenty caches the printed SDL: the same metadata must print the same text."""
    assert build_workspace_sdl(rocket_workspace()) == build_workspace_sdl(rocket_workspace())


def test_inactive_fields_and_relations_to_inactive_objects_are_left_out() -> None:
    """Twenty generates only active fields, and a relation needs its target object."""
    workspace = rocket_workspace()
    workspace.object("rocket").field("stages").is_active = False
    workspace.object("company").is_active = False
    schema = build_workspace_schema(workspace)
    rocket = fields_of(schema, "Rocket")
    assert "stages" not in rocket and "launchSite" not in rocket and "launchSiteId" not in rocket
    assert schema.get_type("Company") is None


def test_bad_metadata_is_refused_with_the_culprit_named() -> None:
    """An option value that is no GraphQL name cannot become an enum value."""
    workspace = rocket_workspace()
    status = workspace.object("rocket").field("status")
    assert status.options is not None
    status.options.append(FieldOption("in orbit", "Bad"))
    with pytest.raises(ValueError, match=r"rocket\.status: option value 'in orbit'"):
        build_workspace_sdl(workspace)
    with pytest.raises(ValueError, match="no active objects"):
        build_workspace_sdl(WorkspaceMetadata())


def test_executable_schema_equals_the_parsed_sdl() -> None:
    """Twenty serves the schema it prints: the built schema and the SDL text must agree."""
    from graphql import print_schema

    from twenty_gql.testing.model.standard import standard_workspace
    from twenty_gql.testing.schema import schema_from_sdl

    for workspace in (rocket_workspace(), standard_workspace()):
        direct = build_workspace_schema(workspace)
        parsed = schema_from_sdl(build_workspace_sdl(workspace))
        assert print_schema(direct) == print_schema(parsed)
