"""CSV: one row per record, in SPEC column order plus the report's province and period."""
from __future__ import annotations

import csv
from typing import Iterable, TextIO

from ..pipeline import Document
from ..records import CSV_COLUMNS, CSV_CONTEXT, csv_row
from .common import EXPLAIN_COLUMNS, explained_row, spreadsheet_text


def write_csv(out: TextIO, documents: Iterable[Document], excel: bool = False, explain: bool = False) -> int:
    """CSV with a header, in SPEC column order plus `province`, `period` and `page`: raw
    data for scripts. `excel` is for people who open it in a spreadsheet: a UTF-8 BOM so Excel reads
    the Vietnamese text as UTF-8, CRLF line ends, text in NFC, and no cell a formula
    (`spreadsheet_text`). `explain`: the documents were read with `explain` (a row for every
    number), and columns status and reason follow."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")  # None is written as ""
    writer.writerow(CSV_COLUMNS + EXPLAIN_COLUMNS if explain else CSV_COLUMNS)
    count = 0
    for document in documents:
        context = [getattr(document.context, key) for key in CSV_CONTEXT]
        if excel:
            context = [spreadsheet_text(v) for v in context]
        for record in document.records:
            row = explained_row(record, context) + [record.status, record.reason] if explain \
                else csv_row(record, context)
            writer.writerow([spreadsheet_text(v) for v in row] if excel else row)
            count += 1
    return count
