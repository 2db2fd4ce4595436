"""Write records: csv, jsonl, json, table — one function each.

Each writer consumes a stream of documents and writes as it goes, so memory stays flat
however many files are read (the table, meant for a person at a terminal, is the one
that must see every row first).
"""
from __future__ import annotations

import csv
import json
from typing import Iterable, Iterator, TextIO

from .context import Context
from .pipeline import Document
from .records import CSV_COLUMNS, Record, number_out

FORMATS = ("csv", "jsonl", "json", "table")
CONTEXT_KEYS = ("province", "province_now", "period", "date")


def record_dict(record: Record, context: Context) -> dict:
    """A record as JSON: the SPEC fields in order, then the report's context."""
    out = record.as_dict()
    out["value"] = number_out(record.value)
    out["total"] = number_out(record.total)
    for key in CONTEXT_KEYS:
        out[key] = getattr(context, key)
    return out


def _rows(documents: Iterable[Document]) -> Iterator[tuple[Record, Context]]:
    for document in documents:
        for record in document.records:
            yield record, document.context


def write_csv(out: TextIO, documents: Iterable[Document], excel: bool = False) -> int:
    """CSV with a header, in SPEC column order plus `province` and `period`. `excel`
    starts with a UTF-8 BOM so Excel reads the Vietnamese text as UTF-8."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record, context in _rows(documents):
        row = record_dict(record, context)
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
        count += 1
    return count


def write_jsonl(out: TextIO, documents: Iterable[Document]) -> int:
    count = 0
    for record, context in _rows(documents):
        out.write(json.dumps(record_dict(record, context), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(out: TextIO, documents: Iterable[Document]) -> int:
    """One JSON array, written element by element."""
    out.write("[")
    count = 0
    for record, context in _rows(documents):
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(record_dict(record, context), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


TABLE_COLUMNS = ("doc", "line", "col", "text", "kind", "value", "total", "unit", "qualifier", "role", "label",
                 "scope", "indicator")


def write_table(out: TextIO, documents: Iterable[Document]) -> int:
    """A rich table for people at a terminal."""
    from rich.console import Console  # noqa: PLC0415 - rich is imported only when a table is asked for
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in TABLE_COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=column in ("text", "value"))
    count = 0
    for record, context in _rows(documents):
        row = record_dict(record, context)
        table.add_row(*("" if row[c] is None else str(row[c]) for c in TABLE_COLUMNS))
        count += 1
    Console(file=out, soft_wrap=False).print(table)
    return count
