"""Write records: one module per format.

csv (CSV, and CSV for Excel), json (JSON Lines and JSON), table (rich, for a terminal),
wide (one row per report, one column per indicator), xlsx (the workbook) and html (the
page to share). Each writer consumes a stream of documents and writes as it goes, so memory
stays flat however many files are read (the table, meant for a person at a terminal, holds
one document's rows at a time: a table must see its rows before it can size its columns).
The xlsx and html writers are imported by the commands that use them, not here.
"""
from __future__ import annotations

from .common import CONTEXT_KEYS, context_dict, fields_dict, record_dict
from .csv import write_csv
from .json import write_json, write_jsonl
from .table import (QUALIFIER_SIGNS, TABLE_WIDTH_WHEN_NOT_A_TERMINAL, console_for, context_line, records_table,
                    value_cell, visible, write_table)

FORMATS = ("csv", "jsonl", "json", "table", "xlsx")

__all__ = ["CONTEXT_KEYS", "FORMATS", "QUALIFIER_SIGNS", "TABLE_WIDTH_WHEN_NOT_A_TERMINAL", "console_for",
           "context_dict", "context_line", "fields_dict", "record_dict", "records_table", "value_cell", "visible",
           "write_csv", "write_json", "write_jsonl", "write_table"]
