"""Twenty's naming rules: the GraphQL names derived from an object's metadata.

Follows ``get-resolver-name.util.ts`` and the type generators in Twenty's
``workspace-schema-builder``: X = pascalCase(nameSingular), plural root fields from
``namePlural``.
"""

from __future__ import annotations

import re

from twenty_gql._naming import camel_case, pascal_case

_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def type_name(name_singular: str) -> str:
    return pascal_case(name_singular)


def enum_type_name(name_singular: str, field_name: str) -> str:
    """``opportunity.stage`` -> ``OpportunityStageEnum``."""
    return f"{pascal_case(name_singular)}{pascal_case(field_name)}Enum"


def root_field_names(name_singular: str, name_plural: str) -> dict[str, str]:
    """Every root field Twenty generates for one object, keyed by resolver method."""
    s, p = camel_case(name_singular), camel_case(name_plural)
    S, P = pascal_case(name_singular), pascal_case(name_plural)
    return {
        "findMany": p,
        "findOne": s,
        "findDuplicates": f"{s}Duplicates",
        "groupBy": f"{p}GroupBy",
        "createMany": f"create{P}",
        "createOne": f"create{S}",
        "updateOne": f"update{S}",
        "updateMany": f"update{P}",
        "deleteOne": f"delete{S}",
        "deleteMany": f"delete{P}",
        "destroyOne": f"destroy{S}",
        "destroyMany": f"destroy{P}",
        "restoreOne": f"restore{S}",
        "restoreMany": f"restore{P}",
        "mergeMany": f"merge{P}",
    }


def words(name: str) -> list[str]:
    return _WORD.findall(name)
