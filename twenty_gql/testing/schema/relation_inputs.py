"""``XRelationInput``: how a MANY_TO_ONE field of another object connects to an ``X`` record.

``{connect: {where: XWhereUniqueInput}, disconnect: Boolean}``; the where-input holds ``id`` and
every unique field (a unique composite through ``X<Field>WhereInput`` with the sub-fields of its
unique constraint), as in Twenty's ``relation-connect-gql-input-type.generator.ts``.
"""

from __future__ import annotations

from twenty_gql.testing.model.naming import pascal_case
from twenty_gql.testing.model.types import COMPOSITE_SUBFIELDS, FieldMetadata
from twenty_gql.testing.schema import sdl
from twenty_gql.testing.schema.composites import UNIQUE_SUBFIELDS, sub_field_type
from twenty_gql.testing.schema.type_mapper import unique_where_type
from twenty_gql.testing.schema.view import ObjectView


def _unique_fields(view: ObjectView) -> list[FieldMetadata]:
    """Unique fields besides ``id`` (which is always unique and always comes first)."""
    return [f for f in view.plain_fields if f.is_unique and f.name != "id"]


def relation_inputs_sdl(view: ObjectView) -> str:
    name, singular = view.name, view.obj.name_singular
    where: list[str] = []
    composite_wheres: list[str] = []
    uniques = _unique_fields(view)
    where.append(sdl.field("id", "ID", (), "Connect by Id"))
    for field in uniques:
        label = field.label or field.name
        if field.is_composite:
            unique_subs = UNIQUE_SUBFIELDS.get(field.type, ())
            subs = [s for s in COMPOSITE_SUBFIELDS[field.type] if s.name in unique_subs]
            if not subs:
                continue
            where_name = f"{name}{pascal_case(field.name)}WhereInput"
            composite_wheres.append(
                sdl.block(
                    "input",
                    where_name,
                    [
                        sdl.field(s.name, sub_field_type(s), (), f"Connect by {s.name}")
                        for s in subs
                    ],
                )
            )
            where.append(sdl.field(field.name, where_name, (), f"Connect by {label}"))
        else:
            where.append(sdl.field(field.name, unique_where_type(field), (), f"Connect by {label}"))
    constraint_names = " or ".join(["id", *(f.name for f in uniques)])
    return "".join(
        [
            sdl.block(
                "input",
                f"{name}RelationInput",
                [
                    sdl.field(
                        "connect", f"{name}ConnectInput", (), f"Connect to a {singular} record"
                    ),
                    sdl.field("disconnect", "Boolean", (), f"Disconnect from a {singular} record"),
                ],
            ),
            sdl.block(
                "input",
                f"{name}ConnectInput",
                [
                    sdl.field(
                        "where",
                        f"{name}WhereUniqueInput",
                        (),
                        f"Find a {singular} record based on its unique fields: {constraint_names}",
                    )
                ],
            ),
            sdl.block("input", f"{name}WhereUniqueInput", where),
            *composite_wheres,
        ]
    )
