"""What every writer shares: a record as JSON's dict, the report's context keys."""
from __future__ import annotations

import unicodedata

from ..context import Context
from ..records import RECORD_FIELDS, Record, record_row

CONTEXT_KEYS = ("province", "province_now", "period", "date")


def record_dict(record: Record, context: Context) -> dict:
    """A record as JSON: the SPEC fields in order, then the report's context."""
    return {**fields_dict(record), **context_dict(context)}


def fields_dict(record: Record) -> dict:
    return dict(zip(RECORD_FIELDS, record_row(record)))


def context_dict(context: Context) -> dict:
    return {key: getattr(context, key) for key in CONTEXT_KEYS}


# A cell that opens with one of these is a formula to a spreadsheet (`=HYPERLINK(…)`,
# `+1`, `-1+2`, `@SUM(…)`), or becomes one once the spreadsheet trims a tab or a line end.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def for_people(text: str) -> str:
    """`text` in NFC, the form Vietnamese is searched and filtered in (a report in NFD
    reads the same but `Hòa` would not find it)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def spreadsheet_text(value):
    """A cell for a spreadsheet opening CSV: text in NFC, and text that a spreadsheet would
    read as a formula kept as text by a leading apostrophe, the mark Excel and LibreOffice
    use for "this is text" (the qualifier `=` is written `'=`). Numbers and None pass."""
    if not isinstance(value, str):
        return value
    value = for_people(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
