"""Validation and normalisation of scalar values, shared by writes and filters.

Mirrors Twenty's ``data-arg-processor`` validators: a value of the wrong shape for its field is a
``BAD_USER_INPUT`` naming the field, never a silent coercion.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from twenty_gql.testing.errors import UserInputError

INVALID_ARGS_DATA = "INVALID_ARGS_DATA"
INVALID_ARGS_FILTER = "INVALID_ARGS_FILTER"


def bad_value(
    field_name: str, message: str, *, sub_code: str = INVALID_ARGS_DATA
) -> UserInputError:
    return UserInputError(
        f'Invalid value for field "{field_name}": {message}',
        sub_code=sub_code,
        user_friendly_message=f"Invalid value for {field_name}.",
    )


def now_iso() -> str:
    return format_datetime(datetime.now(UTC))


def format_datetime(moment: datetime) -> str:
    """``2026-02-27T01:17:29.464Z``: what Twenty's ``DateTime`` scalar sends."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_datetime(value: Any, field_name: str, *, ceil: bool = False) -> str:
    """An ISO-8601 string -> the canonical stored form (UTC, milliseconds, ``Z``).

    Stored values have millisecond precision, so a finer filter operand rounds *up* to the
    next millisecond: that reproduces Twenty's ``[v, v + 1ms)`` comparisons exactly
    (compute-where-condition-parts.ts, DATE_TIME branches).
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise bad_value(field_name, f"{value!r} is not an ISO-8601 date-time") from None
    else:
        raise bad_value(field_name, f"{value!r} is not an ISO-8601 date-time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if ceil and moment.microsecond % 1000:
        moment = moment + timedelta(microseconds=1000 - moment.microsecond % 1000)
    return format_datetime(moment)


def parse_date(value: Any, field_name: str) -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise bad_value(field_name, f"{value!r} is not a YYYY-MM-DD date")


def parse_uuid(value: Any, field_name: str) -> str:
    """Postgres prints UUIDs lower-case; ``assertIsValidUuid`` rejects anything else."""
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise UserInputError(
        f'Invalid UUID "{value}" for field "{field_name}"',
        sub_code="INVALID_UUID",
        user_friendly_message=f"Invalid UUID for {field_name}.",
    )


def parse_number(value: Any, field_name: str, *, allow_string: bool = False) -> float:
    if isinstance(value, bool):
        raise bad_value(field_name, f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    elif allow_string and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise bad_value(field_name, f"{value!r} is not a number") from None
    else:
        raise bad_value(field_name, f"{value!r} is not a number")
    if math.isnan(number) or math.isinf(number):
        raise bad_value(field_name, f"{value!r} is not a finite number")
    return number


def parse_text(value: Any, field_name: str) -> str:
    if not isinstance(value, str):
        raise bad_value(field_name, f"{value!r} is not a string")
    return value


def parse_bool(value: Any, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise bad_value(field_name, f"{value!r} is not a boolean")
    return value


def parse_enum(value: Any, field_name: str, allowed: list[str] | tuple[str, ...]) -> str:
    if not isinstance(value, str) or (allowed and value not in allowed):
        raise bad_value(
            field_name,
            f"{value!r} is not one of {', '.join(allowed)}",
        )
    return value
