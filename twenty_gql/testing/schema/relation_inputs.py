"""``XRelationInput``: how a MANY_TO_ONE field of another object connects to an ``X`` record.

``{connect: {where: XWhereUniqueInput}, disconnect: Boolean}``; the where-input holds ``id``,
every unique field (a unique composite through ``X<Field>WhereInput`` with the sub-fields of its
unique constraint) and every field of a multi-field unique index (a MANY_TO_ONE side as its
target's ``ID``), as in Twenty's ``relation-connect-gql-input-type.generator.ts``.
"""

from __future__ import annotations

from twenty_gql._naming import pascal_case
from twenty_gql.testing.model.types import COMPOSITE_SUBFIELDS, FieldMetadata
from twenty_gql.testing.schema import typedefs as td
from twenty_gql.testing.schema.composites import UNIQUE_SUBFIELDS, sub_field_type
from twenty_gql.testing.schema.type_mapper import unique_where_type
from twenty_gql.testing.schema.typedefs import FieldDef, TypeDef
from twenty_gql.testing.schema.view import ObjectView


def _unique_constraints(view: ObjectView) -> list[list[FieldMetadata]]:
    """Twenty's ``getUniqueConstraintsFields`` minus ``id`` (always first): each unique field
    alone, then each multi-field unique index (a MANY_TO_ONE side connects by its target id)."""
    constraints = [[f] for f in view.plain_fields if f.is_unique and f.name != "id"]
    shown = {f.name for f in view.fields}
    for index in view.obj.active_unique_indexes:
        if all(f.name in shown for f in index):
            constraints.append(index)
    return constraints


def relation_input_types(view: ObjectView) -> list[TypeDef]:
    name, singular = view.name, view.obj.name_singular
    where: dict[str, FieldDef] = {"id": td.field("id", "ID", (), "Connect by Id")}
    composite_wheres: dict[str, TypeDef] = {}
    constraints = _unique_constraints(view)
    for field in (f for constraint in constraints for f in constraint):
        label = field.label or field.name
        if field.name in where:
            continue
        if field.is_composite:
            unique_subs = UNIQUE_SUBFIELDS.get(field.type, ())
            subs = [s for s in COMPOSITE_SUBFIELDS[field.type] if s.name in unique_subs]
            if not subs:
                continue
            where_name = f"{name}{pascal_case(field.name)}WhereInput"
            composite_wheres[where_name] = td.input_type(
                where_name,
                [td.field(s.name, sub_field_type(s), (), f"Connect by {s.name}") for s in subs],
            )
            where[field.name] = td.field(field.name, where_name, (), f"Connect by {label}")
        else:
            where[field.name] = td.field(
                field.name, unique_where_type(field), (), f"Connect by {label}"
            )
    constraint_names = " or ".join(
        ["id", *(" and ".join(f.name for f in constraint) for constraint in constraints)]
    )
    return [
        td.input_type(
            f"{name}RelationInput",
            [
                td.field("connect", f"{name}ConnectInput", (), f"Connect to a {singular} record"),
                td.field("disconnect", "Boolean", (), f"Disconnect from a {singular} record"),
            ],
        ),
        td.input_type(
            f"{name}ConnectInput",
            [
                td.field(
                    "where",
                    f"{name}WhereUniqueInput",
                    (),
                    f"Find a {singular} record based on its unique fields: {constraint_names}",
                )
            ],
        ),
        td.input_type(f"{name}WhereUniqueInput", list(where.values())),
        *composite_wheres.values(),
    ]
