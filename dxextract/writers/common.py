"""What every writer shares: a record as JSON's dict, the report's context keys."""
from __future__ import annotations

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
