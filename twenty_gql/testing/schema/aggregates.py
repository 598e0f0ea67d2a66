"""Aggregate fields of connections (``totalCount``, ``countEmptyName``, ``sumEmployees``...).

Follows Twenty's ``get-available-aggregations-from-object-fields.util.ts``: five counts for every
non-relation field, then min/max for dates, countTrue/countFalse for booleans, min/max/avg/sum
for numbers and min/max/sum/avg of ``amountMicros`` for currencies.
"""

from __future__ import annotations

from twenty_gql._naming import pascal_case
from twenty_gql.testing.model.types import FieldMetadata, FieldType

Aggregate = tuple[str, str, str]  # (field name, GraphQL type, description)

TOTAL_COUNT: Aggregate = ("totalCount", "Int", "Total number of records in the connection")


def field_aggregates(field: FieldMetadata) -> list[Aggregate]:
    """The aggregate fields one non-relation field contributes, in Twenty's order."""
    f, n = pascal_case(field.name), field.name
    out: list[Aggregate] = [
        (f"countUniqueValues{f}", "Int", f"Number of unique values for {n}"),
        (f"countEmpty{f}", "Int", f"Number of empty values for {n}"),
        (f"countNotEmpty{f}", "Int", f"Number of non-empty values for {n}"),
        (f"percentageEmpty{f}", "Float", f"Percentage of empty values for {n}"),
        (f"percentageNotEmpty{f}", "Float", f"Percentage of non-empty values for {n}"),
    ]
    if field.type in (FieldType.DATE_TIME, FieldType.DATE):
        out += [
            (f"min{f}", "DateTime", f"Earliest date contained in the field {n}"),
            (f"max{f}", "DateTime", f"Latest date contained in the field {n}"),
        ]
    elif field.type is FieldType.BOOLEAN:
        out += [
            (f"countTrue{f}", "Int", f"Count of true values in the field {n}"),
            (f"countFalse{f}", "Int", f"Count of false values in the field {n}"),
        ]
    elif field.type is FieldType.NUMBER:
        out += [
            (f"min{f}", "Float", f"Minimum amount contained in the field {n}"),
            (f"max{f}", "Float", f"Maximum amount contained in the field {n}"),
            (f"avg{f}", "Float", f"Average amount contained in the field {n}"),
            (f"sum{f}", "Float", f"Sum of amounts contained in the field {n}"),
        ]
    elif field.type is FieldType.CURRENCY:
        out += [
            (f"min{f}AmountMicros", "Float", f"Minimum amount contained in the field {n}"),
            (f"max{f}AmountMicros", "Float", f"Maximal amount contained in the field {n}"),
            (f"sum{f}AmountMicros", "Float", f"Sum of amounts contained in the field {n}"),
            (f"avg{f}AmountMicros", "Float", f"Average amount contained in the field {n}"),
        ]
    return out
