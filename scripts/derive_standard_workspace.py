"""Derive the emulator's standard workspace metadata from Twenty's real printed schema.

Reads ``../shared/twenty/real-workspace-schema.graphql`` (a real ``/graphql`` SDL, late 2025)
and ``dev-seed-customizations.txt``, drops the dev-seed custom objects and fields, and writes
``twenty_gql/testing/model/standard_workspace.json``: the objects and fields of a default
workspace as metadata (type, nullability, enum options, both sides of every relation,
descriptions). Facts the SDL cannot show (unique fields and multi-field unique indexes,
defaults, inverse pairing where two relations connect the same objects, duplicate criteria)
come from the overlay below, taken from Twenty's standard-object definitions. Run it again when
the reference schema changes; the JSON is committed so the package never needs ``/work/shared``.

It also writes ``tests/reference/dev_seed_workspace.json``: the same derivation keeping the
dev-seed objects and fields (marked ``isCustom``), i.e. the workspace the real schema was
printed from, so tests can check the builder on custom objects and many more field types.

Usage: python3 scripts/derive_standard_workspace.py [--shared DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import uuid
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "twenty"
DEFAULT_OUT = ROOT / "twenty_gql" / "testing" / "model" / "standard_workspace.json"
#: the workspace the real schema was printed from (standard + dev-seed), for builder tests
DEFAULT_DEV_SEED_OUT = ROOT / "tests" / "reference" / "dev_seed_workspace.json"

#: stable ids: uuid5 under this namespace, so every reset yields the same metadata ids
ID_NAMESPACE = uuid.UUID("20202020-0000-4000-8000-000000000000")

COMPOSITES = {
    "Links": "LINKS",
    "Currency": "CURRENCY",
    "FullName": "FULL_NAME",
    "Address": "ADDRESS",
    "Actor": "ACTOR",
    "Emails": "EMAILS",
    "Phones": "PHONES",
    "RichTextV2": "RICH_TEXT_V2",
}

SCALARS = {
    "UUID": "UUID",
    "String": "TEXT",
    "Float": "NUMBER",
    "Int": "NUMBER",
    "BigInt": "NUMBER",
    "BigFloat": "NUMERIC",
    "Boolean": "BOOLEAN",
    "DateTime": "DATE_TIME",
    "Date": "DATE",
    "Position": "POSITION",
    "JSON": "RAW_JSON",
    "TSVector": "TS_VECTOR",
}

NUMBER_SETTINGS = {"Int": {"dataType": "int"}, "BigInt": {"dataType": "bigint"}}

#: Fields the core (non-generated) schema merges into workspace types: not workspace metadata.
CORE_MERGED_FIELDS = {"workspaceMember": {"roles", "userWorkspaceId"}}

# ---------------------------------------------------------------------------------------------
# Overlay: facts the printed SDL cannot show (Twenty's standard field/object definitions,
# ``compute-*-standard-flat-field-metadata.util.ts`` and ``duplicate-criteria.constants.ts``).
# ---------------------------------------------------------------------------------------------

UNIQUE_FIELDS = {("company", "domainName"), ("person", "emails"), ("workspaceMember", "userEmail")}

#: multi-field unique indexes (``@WorkspaceIndex([...], {isUnique: true})``, partial on
#: ``"deletedAt" IS NULL``), by field name: a relation stands for its join column
UNIQUE_INDEXES = {"messageChannelMessageAssociation": [["messageChannel", "message"]]}

DUPLICATE_CRITERIA = {
    "company": [["name"], ["domainName.primaryLinkUrl"]],
    "person": [
        ["name.firstName", "name.lastName"],
        ["linkedinLink.primaryLinkUrl"],
        ["emails.primaryEmail"],
    ],
}

#: SELECT defaults (GraphQL enum values), non-false boolean / non-zero defaults, and None for
#: non-nullable fields without a default (which Twenty makes required on create)
DEFAULTS: dict[tuple[str, str], Any] = {
    ("opportunity", "stage"): "NEW",
    ("task", "status"): "TODO",
    ("attachment", "fileCategory"): "OTHER",
    ("calendarChannel", "syncStage"): "PENDING_CONFIGURATION",
    ("calendarChannel", "visibility"): "SHARE_EVERYTHING",
    ("calendarChannel", "contactAutoCreationPolicy"): "AS_PARTICIPANT_AND_ORGANIZER",
    ("calendarChannel", "isContactAutoCreationEnabled"): True,
    ("calendarChannel", "isSyncEnabled"): True,
    ("calendarEventParticipant", "responseStatus"): "NEEDS_ACTION",
    ("messageChannel", "visibility"): "SHARE_EVERYTHING",
    ("messageChannel", "type"): "email",
    ("messageChannel", "contactAutoCreationPolicy"): "SENT",
    ("messageChannel", "messageFolderImportPolicy"): "ALL_FOLDERS",
    ("messageChannel", "pendingGroupEmailsAction"): "NONE",
    ("messageChannel", "syncStage"): "PENDING_CONFIGURATION",
    ("messageChannel", "isContactAutoCreationEnabled"): True,
    ("messageChannel", "excludeNonProfessionalEmails"): True,
    ("messageChannel", "excludeGroupEmails"): True,
    ("messageChannel", "isSyncEnabled"): True,
    ("messageChannel", "syncAllFolders"): True,
    ("messageFolder", "pendingSyncAction"): "NONE",
    ("messageFolder", "isSynced"): True,
    ("messageParticipant", "role"): "from",
    ("messageChannelMessageAssociation", "direction"): "INCOMING",
    ("workflowVersion", "status"): "DRAFT",
    ("workflowRun", "status"): "NOT_STARTED",
    # no default: required in XCreateInput (the printed schema shows ``type: …Enum!``)
    ("workflowAutomatedTrigger", "type"): None,
    ("workspaceMember", "colorScheme"): "System",
    ("workspaceMember", "locale"): "en",
    ("workspaceMember", "timeZone"): "system",
    ("workspaceMember", "dateFormat"): "SYSTEM",
    ("workspaceMember", "timeFormat"): "SYSTEM",
    ("workspaceMember", "numberFormat"): "SYSTEM",
    ("timelineActivity", "happensAt"): "now",
}

#: Twenty's stored defaults of composite fields, in GraphQL shape ('' for Twenty's "''")
COMPOSITE_DEFAULTS: dict[str, Any] = {
    "LINKS": {"primaryLinkLabel": "", "primaryLinkUrl": "", "secondaryLinks": None},
    "EMAILS": {"primaryEmail": "", "additionalEmails": None},
    "PHONES": {
        "primaryPhoneNumber": "",
        "primaryPhoneCountryCode": "",
        "primaryPhoneCallingCode": "",
        "additionalPhones": None,
    },
    "FULL_NAME": {"firstName": "", "lastName": ""},
    "ADDRESS": {
        "addressStreet1": "",
        "addressStreet2": "",
        "addressCity": "",
        "addressPostcode": "",
        "addressState": "",
        "addressCountry": "",
        "addressLat": None,
        "addressLng": None,
    },
    "CURRENCY": {"amountMicros": None, "currencyCode": ""},
    "ACTOR": {"source": "MANUAL", "name": "System", "workspaceMemberId": None, "context": None},
    "RICH_TEXT_V2": {"blocknote": None, "markdown": None},
}

#: ON DELETE of MANY_TO_ONE sides whose record is meaningless without its target
CASCADE = {
    ("noteTarget", "note"),
    ("taskTarget", "task"),
    ("messageParticipant", "message"),
    ("messageChannelMessageAssociation", "message"),
    ("messageChannelMessageAssociation", "messageChannel"),
    ("messageFolder", "messageChannel"),
    ("messageChannel", "connectedAccount"),
    ("calendarChannel", "connectedAccount"),
    ("calendarChannelEventAssociation", "calendarChannel"),
    ("calendarChannelEventAssociation", "calendarEvent"),
    ("calendarEventParticipant", "calendarEvent"),
    ("connectedAccount", "accountOwner"),
    ("blocklist", "workspaceMember"),
    ("workflowVersion", "workflow"),
    ("workflowRun", "workflow"),
    ("workflowAutomatedTrigger", "workflow"),
    ("favorite", "forWorkspaceMember"),
}

#: Objects shown in Twenty's UI navigation; all other standard objects are system objects.
NON_SYSTEM_OBJECTS = {
    "company",
    "person",
    "opportunity",
    "note",
    "task",
    "dashboard",
    "workflow",
    "workflowVersion",
    "workflowRun",
}

SYSTEM_FIELDS = {
    "id",
    "createdAt",
    "updatedAt",
    "deletedAt",
    "createdBy",
    "position",
    "searchVector",
}

# ---------------------------------------------------------------------------------------------


def camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def humanize(name: str) -> str:
    """``accountOwner`` -> ``Account owner`` (Twenty's labels are sentence-case)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return spaced[:1].upper() + spaced[1:].lower() if spaced else spaced


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def read_dev_seed(path: Path) -> tuple[set[str], dict[str, set[str]]]:
    custom_objects: set[str] = set()
    custom_fields: dict[str, set[str]] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(":")
        names = set(rest.split())
        if key.strip() == "custom-objects":
            custom_objects |= names
        else:
            custom_fields[key.strip()] = names
    return custom_objects, custom_fields


def workspace_objects(schema: GraphQLSchema) -> list[tuple[str, str]]:
    """(TypeName, namePlural) of every generated object, in the schema's (creation) order."""
    assert schema.query_type is not None
    found: list[tuple[str, str]] = []
    for root_name, root_field in schema.query_type.fields.items():
        if not root_name.endswith("GroupBy"):
            continue
        type_name = get_named_type(root_field.type).name.removesuffix("GroupByConnection")
        found.append((type_name, root_name.removesuffix("GroupBy")))
    return found


def classify(
    type_name: str,
    name: str,
    field: Any,
    filter_type: str | None,
    object_types: set[str],
) -> dict[str, Any]:
    """Map one output field of ``X`` back to its field metadata type."""
    out = field.type
    nullable = not isinstance(out, GraphQLNonNull)
    inner = out.of_type if isinstance(out, GraphQLNonNull) else out
    is_list = isinstance(inner, GraphQLList)
    named = get_named_type(out)
    result: dict[str, Any] = {"isNullable": nullable}
    if field.args:
        result["type"] = "RELATION"
        result["relation"] = {
            "type": "ONE_TO_MANY",
            "targetObject": camel(named.name.removesuffix("Connection")),
        }
        return result
    if isinstance(named, GraphQLObjectType) and named.name in object_types:
        result["type"] = "RELATION"
        result["relation"] = {"type": "MANY_TO_ONE", "targetObject": camel(named.name)}
        return result
    if named.name == "ID":
        result["type"] = "JOIN_COLUMN"  # ``companyId``: the stored side of a MANY_TO_ONE
        return result
    if named.name in COMPOSITES:
        result["type"] = COMPOSITES[named.name]
        return result
    if isinstance(named, GraphQLEnumType):
        values = list(named.values)
        if is_list:
            result["type"] = "MULTI_SELECT"
        elif values and all(re.fullmatch(r"RATING_\d+", v) for v in values):
            result["type"] = "RATING"
        else:
            result["type"] = "SELECT"
        result["enumValues"] = values
        return result
    if is_list and named.name == "String" and filter_type == "ArrayFilter":
        result["type"] = "ARRAY"
        return result
    if named.name in SCALARS and not is_list:
        result["type"] = SCALARS[named.name]
        if named.name in NUMBER_SETTINGS:
            result["settings"] = dict(NUMBER_SETTINGS[named.name])
        if named.name == "Float" and filter_type != "FloatFilter":
            raise ValueError(f"{type_name}.{name}: Float with filter {filter_type}")
        return result
    raise ValueError(f"{type_name}.{name}: cannot classify output type {out}")


def default_for(object_name: str, field: dict[str, Any]) -> Any:
    key = (object_name, field["name"])
    if key in DEFAULTS:
        return DEFAULTS[key]
    kind = field["type"]
    if field["name"] == "id":
        return "uuid"
    if field["name"] in {"createdAt", "updatedAt"}:
        return "now"
    if kind in COMPOSITE_DEFAULTS:
        return json.loads(json.dumps(COMPOSITE_DEFAULTS[kind]))
    if field["isNullable"]:
        return None
    if kind == "TEXT":
        return ""
    if kind == "BOOLEAN":
        return False
    if kind in {"NUMBER", "POSITION"}:
        return 0
    if kind == "SELECT":
        raise ValueError(f"{object_name}.{field['name']}: non-nullable SELECT needs a default")
    return None


def derive_object(
    schema: GraphQLSchema,
    type_name: str,
    name_plural: str,
    object_types: set[str],
    dropped_fields: set[str],
    custom_fields: set[str] | None = None,
    is_custom: bool = False,
) -> dict[str, Any]:
    name = camel(type_name)
    gql_type = schema.get_type(type_name)
    filter_type = schema.get_type(f"{type_name}FilterInput")
    assert isinstance(gql_type, GraphQLObjectType)
    filters = getattr(filter_type, "fields", {})
    skip = dropped_fields | CORE_MERGED_FIELDS.get(name, set())

    plain: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for field_name, field in gql_type.fields.items():
        if field_name in skip:
            continue
        filt = filters.get(field_name)
        facts = classify(
            type_name, field_name, field, str(filt.type) if filt else None, object_types
        )
        if (
            facts["type"] == "RELATION"
            and facts["relation"]["targetObject"][:1].upper()
            + (facts["relation"]["targetObject"][1:])
            not in object_types
        ):
            raise ValueError(f"{type_name}.{field_name}: relation to a dropped object")
        entry = {"name": field_name, "description": field.description, **facts}
        (relations if facts["type"] == "RELATION" else plain).append(entry)

    m2o_names = {r["name"] for r in relations if r["relation"]["type"] == "MANY_TO_ONE"}
    # Metadata order: a MANY_TO_ONE field sits where its join column is printed; the relations
    # pass prints relation fields in metadata order, so O2M fields before it go there too.
    ordered: list[dict[str, Any]] = []
    pending = list(relations)
    for entry in plain:
        base = entry["name"].removesuffix("Id")
        if entry["type"] == "JOIN_COLUMN":
            if base not in m2o_names:
                raise ValueError(f"{type_name}.{entry['name']}: join column without relation")
            while pending:
                rel = pending.pop(0)
                ordered.append(rel)
                if rel["name"] == base:
                    break
            continue
        ordered.append(entry)
    ordered.extend(pending)

    fields = []
    for entry in ordered:
        field_name = entry["name"]
        out: dict[str, Any] = {
            "id": stable_id(name, field_name),
            "name": field_name,
            "type": entry["type"],
            "label": humanize(field_name),
            "description": entry["description"],
            "isNullable": entry["isNullable"],
        }
        if entry["type"] == "RELATION":
            rel = dict(entry["relation"])
            rel["onDelete"] = "CASCADE" if (name, field_name) in CASCADE else "SET_NULL"
            out["relation"] = rel
            out["isNullable"] = True
        else:
            out["defaultValue"] = default_for(name, entry)
        if "enumValues" in entry:
            out["options"] = [
                {
                    "id": stable_id(name, field_name, value),
                    "value": value,
                    "label": humanize(value.replace("_", " ").lower()),
                    "position": position,
                }
                for position, value in enumerate(entry["enumValues"])
            ]
        if "settings" in entry:
            out["settings"] = entry["settings"]
        if (name, field_name) in UNIQUE_FIELDS:
            out["isUnique"] = True
        if field_name in SYSTEM_FIELDS:
            out["isSystem"] = True
        if custom_fields and field_name in custom_fields:
            out["isCustom"] = True
        fields.append(out)

    field_names = {f["name"] for f in fields}
    label_identifier = next((n for n in ("name", "title") if n in field_names), None)
    obj: dict[str, Any] = {
        "id": stable_id(name),
        "nameSingular": name,
        "namePlural": name_plural,
        "labelSingular": humanize(name),
        "labelPlural": humanize(name_plural),
        "description": gql_type.description,
        "isSystem": name not in NON_SYSTEM_OBJECTS and not is_custom,
        "labelIdentifierField": label_identifier,
        "fields": fields,
    }
    if name in DUPLICATE_CRITERIA:
        obj["duplicateCriteria"] = DUPLICATE_CRITERIA[name]
    if name in UNIQUE_INDEXES:
        obj["uniqueIndexes"] = UNIQUE_INDEXES[name]
    if is_custom:
        obj["isCustom"] = True
    return obj


def pair_inverses(objects: list[dict[str, Any]], allow_one_sided: bool = False) -> None:
    """Name the other side of every relation: each side of a pair points at the other.

    The dev-seed has one-sided relations (``pet.ownerSurveyResult`` has no inverse field);
    ``allow_one_sided`` leaves their ``inverseField`` null instead of failing.
    """
    by_name = {o["nameSingular"]: o for o in objects}
    for obj in objects:
        for field in obj["fields"]:
            rel = field.get("relation")
            if rel is None or rel["type"] != "MANY_TO_ONE":
                continue
            target = by_name[rel["targetObject"]]
            candidates = [
                f
                for f in target["fields"]
                if f.get("relation")
                and f["relation"]["type"] == "ONE_TO_MANY"
                and f["relation"]["targetObject"] == obj["nameSingular"]
                and "inverseField" not in f["relation"]
            ]
            siblings = [
                f
                for f in obj["fields"]
                if f.get("relation")
                and f["relation"]["type"] == "MANY_TO_ONE"
                and f["relation"]["targetObject"] == rel["targetObject"]
            ]
            if allow_one_sided and not candidates:
                rel["inverseField"] = None
                continue
            if len(candidates) != 1 or len(siblings) != 1:
                raise ValueError(
                    f"{obj['nameSingular']}.{field['name']}: ambiguous inverse {candidates}"
                )
            inverse = candidates[0]
            rel["inverseField"] = inverse["name"]
            inverse["relation"]["inverseField"] = field["name"]
            inverse["relation"]["onDelete"] = rel["onDelete"]
    for obj in objects:
        for field in obj["fields"]:
            rel = field.get("relation")
            if rel is not None and "inverseField" not in rel:
                raise ValueError(f"{obj['nameSingular']}.{field['name']}: no inverse found")


def derive(shared: Path, with_dev_seed: bool = False) -> dict[str, Any]:
    """The default workspace; ``with_dev_seed`` keeps the dev-seed objects and fields instead
    (marked ``isCustom``), the workspace the real schema was printed from."""
    schema = build_schema((shared / "real-workspace-schema.graphql").read_text())
    custom_objects, custom_fields = read_dev_seed(shared / "dev-seed-customizations.txt")
    found = workspace_objects(schema)
    kept = [(t, p) for t, p in found if with_dev_seed or camel(t) not in custom_objects]
    object_types = {t for t, _ in kept}
    objects = []
    for type_name, plural in kept:
        custom = custom_fields.get(camel(type_name), set())
        if with_dev_seed:
            objects.append(
                derive_object(
                    schema,
                    type_name,
                    plural,
                    object_types,
                    set(),
                    custom,
                    is_custom=camel(type_name) in custom_objects,
                )
            )
        else:
            objects.append(derive_object(schema, type_name, plural, object_types, custom))
    pair_inverses(objects, allow_one_sided=with_dev_seed)
    what = "with" if with_dev_seed else "minus"
    return {
        "source": "real-workspace-schema.graphql (Twenty ~v1.9-1.10, hello-world generated "
        f"schema @0dbf16f8) {what} dev-seed-customizations.txt, plus the overlay in "
        "scripts/derive_standard_workspace.py",
        "objects": objects,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dev-seed-out", type=Path, default=DEFAULT_DEV_SEED_OUT)
    args = parser.parse_args()
    for with_dev_seed, out in ((False, args.out), (True, args.dev_seed_out)):
        data = derive(args.shared, with_dev_seed)
        out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        fields = sum(len(o["fields"]) for o in data["objects"])
        print(f"wrote {out}: {len(data['objects'])} objects, {fields} fields")


if __name__ == "__main__":
    main()
