"""Numbers written the way Twenty (JavaScript) writes them.

``JSON.stringify`` prints an integral number below 1e21 without a fraction (``42``, never
``42.0``), so a Float field, a currency amount or an aggregate read back from Twenty is ``42``.
Python floats print ``42.0``; every JSON body the emulator sends, and its cursors, pass through
:func:`js_numbers` first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["js_number", "js_numbers"]

#: ``Number.prototype.toString`` switches to exponent notation from 1e21 on
_EXPONENT_FROM = 1e21


def js_number(value: Any) -> Any:
    """An integral float as an int (as JavaScript prints it); anything else unchanged."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXPONENT_FROM:
        return int(value)
    return value


def js_numbers(value: Any) -> Any:
    """:func:`js_number` applied through dicts and lists."""
    if isinstance(value, dict):
        return {k: js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [js_numbers(v) for v in value]
    return js_number(value)
