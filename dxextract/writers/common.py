"""What every writer shares: a record as JSON's dict, the report's context keys."""
from __future__ import annotations

import unicodedata

from ..context import Context
from ..records import RECORD_FIELDS, Explained, Record, record_row

CONTEXT_KEYS = ("province", "province_now", "period", "date")
# `parse --explain`: a row for every number, values with their record; these columns last.
EXPLAIN_COLUMNS = ("status", "reason")
_RULE, _PAGE = RECORD_FIELDS.index("rule"), RECORD_FIELDS.index("page")
_NUMBER_FIELDS = ("doc", "start", "end", "line", "col", "text")


def record_dict(record: Record, context: Context) -> dict:
    """A record as JSON: the SPEC fields in order, then the report's context."""
    return {**fields_dict(record), **context_dict(context)}


def fields_dict(record: Record) -> dict:
    return dict(zip(RECORD_FIELDS, record_row(record)))


def context_dict(context: Context) -> dict:
    return {key: getattr(context, key) for key in CONTEXT_KEYS}


def _explained_fields(row: Explained) -> list:
    """A number as a record's fields: its value's record, or the number itself with the rule
    or trap that took it and its page (the record's other fields empty)."""
    if row.record is not None:
        return record_row(row.record)
    cells = [getattr(row, name) for name in _NUMBER_FIELDS] + [None] * (len(RECORD_FIELDS) - len(_NUMBER_FIELDS))
    cells[_RULE], cells[_PAGE] = row.rule, row.page
    return cells


def explained_row(row: Explained, context: list) -> list:
    """A number as a CSV row of `parse --explain`, in the columns of a record's row (the
    page after the context cells), before status and reason."""
    cells = _explained_fields(row)
    page = cells.pop(_PAGE)
    return cells + context + [page]


def explained_dict(row: Explained, context: Context) -> dict:
    """A number of `parse --explain` as JSON: `record_dict`'s keys, then status and reason."""
    return {**dict(zip(RECORD_FIELDS, _explained_fields(row))), **context_dict(context),
            "status": row.status, "reason": row.reason}


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
