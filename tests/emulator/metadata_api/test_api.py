"""/metadata reads in the real schema's shapes (nestjs-query cursor connections).

Twenty's ``objects`` / ``fields`` take ``paging: CursorPaging! = {first: 10}`` and
``filter: XFilter! = {}``, page 10 by default and at most 1000, have no ``totalCount``, and use
offset cursors ``base64("arrayconnection:<n>")``; ``Object.fieldsList`` is un-paged.
"""

from __future__ import annotations

import base64

from tests.emulator.http import error_code
from tests.emulator.metadata_http import md, md_data, object_ids
from twenty_gql.testing.runner import EmulatorServer

PAGE = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id nameSingular isSystem } }"


async def test_objects_default_page_is_ten_with_offset_cursors(
    twenty_server: EmulatorServer,
) -> None:
    """Default ``first: 10``; cursors decode to ``arrayconnection:<offset>``."""
    result = await md_data(twenty_server, f"{{ objects {{ {PAGE} }} }}")
    edges = result["objects"]["edges"]
    assert len(edges) == 10
    assert base64.b64decode(edges[0]["cursor"]).decode() == "arrayconnection:0"
    assert base64.b64decode(edges[9]["cursor"]).decode() == "arrayconnection:9"
    info = result["objects"]["pageInfo"]
    assert info["hasNextPage"] is True and info["hasPreviousPage"] is False
    assert info["startCursor"] == edges[0]["cursor"] and info["endCursor"] == edges[9]["cursor"]


async def test_paging_forward_visits_every_object_once(twenty_server: EmulatorServer) -> None:
    """``after: endCursor`` walks the list; the last page has ``hasNextPage: false``."""
    seen: list[str] = []
    after = None
    while True:
        page = await md_data(
            twenty_server,
            f"query($p: CursorPaging!) {{ objects(paging: $p) {{ {PAGE} }} }}",
            {"p": {"first": 7, "after": after}},
        )
        seen += [e["node"]["nameSingular"] for e in page["objects"]["edges"]]
        if not page["objects"]["pageInfo"]["hasNextPage"]:
            break
        after = page["objects"]["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == len(await object_ids(twenty_server))
    backwards = await md_data(
        twenty_server,
        f"query($p: CursorPaging!) {{ objects(paging: $p) {{ {PAGE} }} }}",
        {"p": {"last": 3}},
    )
    assert [e["node"]["nameSingular"] for e in backwards["objects"]["edges"]] == seen[-3:]


async def test_objects_have_no_total_count(twenty_server: EmulatorServer) -> None:
    """ObjectConnection is ``{pageInfo, edges}`` only."""
    body = await md(twenty_server, "{ objects { totalCount } }")
    assert error_code(body) == "GRAPHQL_VALIDATION_FAILED"


async def test_object_filter_and_field_filter(twenty_server: EmulatorServer) -> None:
    """``filter: {isSystem: {is: false}}``; ``fields(filter: {objectMetadataId: {eq}})``."""
    visible = await md_data(
        twenty_server,
        "{ objects(paging: {first: 1000}, filter: {isSystem: {is: false}}) {"
        " edges { node { nameSingular isSystem } } } }",
    )
    names = {e["node"]["nameSingular"] for e in visible["objects"]["edges"]}
    assert {"company", "person", "opportunity", "note", "task"} <= names
    assert all(not e["node"]["isSystem"] for e in visible["objects"]["edges"])
    company_id = (await object_ids(twenty_server))["company"]
    fields = await md_data(
        twenty_server,
        "query($id: UUID!) { fields(paging: {first: 1000}, filter: {objectMetadataId: {eq: $id}}) {"
        " edges { node { name objectMetadataId } } } }",
        {"id": company_id},
    )
    names = {e["node"]["name"] for e in fields["fields"]["edges"]}
    assert {"name", "domainName", "employees", "people"} <= names
    assert {e["node"]["objectMetadataId"] for e in fields["fields"]["edges"]} == {company_id}
    one = await md_data(
        twenty_server,
        "query($id: UUID!) { objects(filter: {or: [{id: {eq: $id}}, {id: {in: []}}]}) {"
        " edges { node { nameSingular } } } }",
        {"id": company_id},
    )
    assert [e["node"]["nameSingular"] for e in one["objects"]["edges"]] == ["company"]


async def test_object_and_field_dto_shapes(twenty_server: EmulatorServer) -> None:
    """Object(id) with fieldsList and the Field DTO (defaults as Twenty literals, options,
    relation settings, relation endpoints)."""
    company_id = (await object_ids(twenty_server))["company"]
    result = await md_data(
        twenty_server,
        "query($id: UUID!) { object(id: $id) { nameSingular namePlural labelSingular"
        " isRemote isActive applicationId createdAt labelIdentifierFieldMetadataId"
        " fields(paging: {first: 2}) { edges { node { name } } }"
        " fieldsList { id name type isNullable defaultValue options settings"
        " relation { type targetObjectMetadata { nameSingular } targetFieldMetadata { name } } } } }",
        {"id": company_id},
    )
    obj = result["object"]
    assert obj["nameSingular"] == "company" and obj["namePlural"] == "companies"
    assert len(obj["fields"]["edges"]) == 2
    fields = {f["name"]: f for f in obj["fieldsList"]}
    assert obj["labelIdentifierFieldMetadataId"] == fields["name"]["id"]
    assert fields["name"]["defaultValue"] == "''"
    assert fields["createdAt"]["defaultValue"] == "now"
    assert fields["domainName"]["type"] == "LINKS"
    assert fields["domainName"]["defaultValue"]["primaryLinkUrl"] == "''"
    owner = fields["accountOwner"]
    assert owner["settings"]["relationType"] == "MANY_TO_ONE"
    assert owner["settings"]["joinColumnName"] == "accountOwnerId"
    assert owner["relation"] == {
        "type": "MANY_TO_ONE",
        "targetObjectMetadata": {"nameSingular": "workspaceMember"},
        "targetFieldMetadata": {"name": "accountOwnerForCompanies"},
    }
    missing = await md(
        twenty_server, '{ object(id: "00000000-0000-4000-8000-000000000000") { id } }'
    )
    assert error_code(missing) == "NOT_FOUND"


async def test_metadata_requires_a_valid_token(twenty_server: EmulatorServer) -> None:
    """/metadata is guarded: no token or a bad one answers UNAUTHENTICATED (HTTP 200)."""
    assert error_code(await md(twenty_server, "{ webhooks { id } }", token=None)) == (
        "UNAUTHENTICATED"
    )
    bad = await md(twenty_server, "{ webhooks { id } }", token="not-a-key")
    assert error_code(bad) == "UNAUTHENTICATED"
    assert bad["errors"][0]["message"] == "Token invalid."


async def test_workspace_and_core_schema(twenty_server: EmulatorServer) -> None:
    """currentWorkspace, minimalMetadata and applicationCoreGraphqlSchema (the /graphql SDL)."""
    result = await md_data(
        twenty_server,
        "{ currentWorkspace { id activationStatus } minimalMetadata {"
        " objectMetadataItems { nameSingular } collectionHashes { collectionName hash } }"
        ' applicationCoreGraphqlSchema(applicationUniversalIdentifier: "x") }',
    )
    assert result["currentWorkspace"]["activationStatus"] == "ACTIVE"
    items = {i["nameSingular"] for i in result["minimalMetadata"]["objectMetadataItems"]}
    assert "company" in items
    assert "type Company {" in result["applicationCoreGraphqlSchema"]
