"""The real schema's dev-seed workspace, rebuilt *through the /metadata API*, matches.

Twenty's dev seed adds custom objects (Pet, Rocket, SurveyResult, PostCard, Qsdqsqa) and custom
fields (Company.tagline, introVideo, workPolicy, visaSponsorship; Person.intro, whatsapp,
workPreference, performanceRating; relations between Pet, Rocket and SurveyResult) to a
default workspace with ``createOneObject`` / ``createOneField``. Replaying that on the emulator's
``/metadata`` and introspecting its ``/graphql`` must give what ``real-workspace-schema.graphql``
has for every object, dev-seed fields included; the only differences allowed are
``parity.DELIBERATE``'s.

The mutations are derived from ``tests/reference/dev_seed_workspace.json`` (the metadata of the
workspace the real schema was printed from): each custom object once, then each non-default
field; a relation is created from its MANY_TO_ONE side, its inverse from ``targetFieldLabel``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphql import get_introspection_query

from tests.emulator.http import post
from tests.emulator.metadata_http import create_field, create_object, object_ids
from tests.emulator.schema.parity import DELIBERATE, compare, partition
from twenty_gql.testing.metadata_api.names import compute_name_from_label
from twenty_gql.testing.metadata_api.objects import DEFAULT_LINK_TARGETS
from twenty_gql.testing.metadata_api.values import default_to_api
from twenty_gql.testing.model.standard import workspace_from_dict
from twenty_gql.testing.model.types import FieldMetadata, FieldType
from twenty_gql.testing.runner import EmulatorServer
from twenty_gql.testing.schema import build_workspace_schema

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
_DEFAULT_FIELDS = frozenset(
    {"id", "name", "createdAt", "updatedAt", "deletedAt", "createdBy", "position", "searchVector"}
)


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((REFERENCE / "dev_seed_workspace.json").read_text())
    return raw


def _objects() -> dict[str, dict[str, Any]]:
    return {o["nameSingular"]: o for o in _raw()["objects"]}


def _made_by_create_object(owner: dict[str, Any], fld: dict[str, Any], custom: set[str]) -> bool:
    """Default fields of a custom object and the link fields createOneObject adds."""
    relation = fld.get("relation")
    if owner.get("isCustom") and fld["name"] in _DEFAULT_FIELDS:
        return True
    if relation is None:
        return False
    if owner.get("isCustom") and relation["targetObject"] in DEFAULT_LINK_TARGETS:
        return True
    return owner["nameSingular"] in DEFAULT_LINK_TARGETS and relation["targetObject"] in custom


def dev_seed_plan() -> tuple[list[dict[str, Any]], list[tuple[str, dict[str, Any]]]]:
    """(CreateObjectInput list, (object name, CreateFieldInput-without-ids) list)."""
    objects = _objects()
    custom = {name for name, o in objects.items() if o.get("isCustom")}
    object_inputs = [
        {
            "nameSingular": o["nameSingular"],
            "namePlural": o["namePlural"],
            "labelSingular": o["labelSingular"],
            "labelPlural": o["labelPlural"],
            "description": o.get("description"),
        }
        for o in objects.values()
        if o.get("isCustom")
    ]
    fields: list[tuple[str, dict[str, Any]]] = []
    for owner in objects.values():
        for fld in owner["fields"]:
            if not (owner.get("isCustom") or fld.get("isCustom")):
                continue
            if _made_by_create_object(owner, fld, custom):
                continue
            relation = fld.get("relation")
            if relation is not None and relation["type"] == "ONE_TO_MANY":
                continue  # created as the inverse of its MANY_TO_ONE side
            model = FieldMetadata(
                fld["name"], FieldType(fld["type"]), default_value=fld.get("defaultValue")
            )
            payload: dict[str, Any] = {
                "type": fld["type"],
                "name": fld["name"],
                "label": fld["label"],
                "description": fld.get("description"),
                "isNullable": fld.get("isNullable", True),
                "defaultValue": default_to_api(model),
            }
            if fld.get("options") is not None:
                payload["options"] = fld["options"]
            if fld.get("settings"):
                payload["settings"] = fld["settings"]
            if relation is not None:
                inverse = next(
                    f
                    for f in objects[relation["targetObject"]]["fields"]
                    if f["name"] == relation["inverseField"]
                )
                assert compute_name_from_label(inverse["label"]) == inverse["name"]
                payload["relationCreationPayload"] = {
                    "type": "MANY_TO_ONE",
                    "targetFieldLabel": inverse["label"],
                    "targetObject": relation["targetObject"],
                }
            fields.append((owner["nameSingular"], payload))
    return object_inputs, fields


async def _replay_dev_seed(server: EmulatorServer) -> None:
    object_inputs, fields = dev_seed_plan()
    for obj in object_inputs:
        body = await create_object(server, **obj)
        assert "errors" not in body, (obj["nameSingular"], body["errors"])
    ids = await object_ids(server)
    for owner, payload in fields:
        payload = {**payload, "objectMetadataId": ids[owner]}
        relation = payload.get("relationCreationPayload")
        if relation is not None:
            target = relation.pop("targetObject")
            payload["relationCreationPayload"] = {**relation, "targetObjectMetadataId": ids[target]}
        body = await create_field(server, **payload)
        assert "errors" not in body, (owner, payload["name"], body["errors"])


def test_plan_covers_the_dev_seed_customisations() -> None:
    """Every customisation listed for the real schema is created by one of the mutations."""
    object_inputs, fields = dev_seed_plan()
    assert {o["nameSingular"] for o in object_inputs} == {
        "pet",
        "rocket",
        "surveyResult",
        "postCard",
        "qsdqsqa",
    }
    planned = {(owner, p["name"]) for owner, p in fields}
    for expected in [
        ("company", "tagline"),
        ("company", "introVideo"),
        ("company", "workPolicy"),
        ("company", "visaSponsorship"),
        ("person", "intro"),
        ("person", "whatsapp"),
        ("person", "workPreference"),
        ("person", "performanceRating"),
        ("pet", "species"),
        ("pet", "ownerSurveyResult"),
        ("surveyResult", "helpedBy"),
        ("surveyResult", "participants"),
    ]:
        assert expected in planned


async def test_dev_seed_built_through_metadata_matches_the_real_schema(
    twenty_server: EmulatorServer,
) -> None:
    """createOneObject/createOneField replay -> introspection == real schema (dev seed incl.)."""
    await _replay_dev_seed(twenty_server)
    introspection = await post(twenty_server, get_introspection_query())
    assert "errors" not in introspection
    digest = json.loads((REFERENCE / "real_schema_digest.json").read_text())
    differences = compare(
        digest, introspection, objects=list(digest["objects"]), include_dev_seed=True
    )
    unexpected, deliberate = partition(differences)
    custom = [
        d
        for d in differences
        if d.object in {"pet", "rocket", "surveyResult", "postCard", "qsdqsqa"}
    ]
    print(
        f"\ndev-seed via /metadata: {len(differences)} differences over {len(digest['objects'])}"
        f" objects ({len(custom)} on the custom objects), {len(unexpected)} unexpected,"
        f" {len(deliberate)} deliberate"
    )
    reasons: dict[str, int] = {}
    for _, reason in deliberate:
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        print(f"  {count:4d} deliberate: {reason[:90]}")
    for difference in unexpected:
        print(f"  UNEXPECTED {difference}")
    assert [str(d) for d in unexpected] == []
    assert {reason for _, reason in deliberate} <= {rule.reason for rule in DELIBERATE}
    # and exactly what the same metadata gives when handed to the schema builder directly
    reference = build_workspace_schema(workspace_from_dict(_raw()))
    direct = compare(digest, reference, objects=list(digest["objects"]), include_dev_seed=True)
    assert sorted(map(str, differences)) == sorted(map(str, direct))
