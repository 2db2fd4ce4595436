"""The province-by-indicator table (`--wide`): one row per report, one column per indicator found.

A column is an indicator code, refined by kind when the value is not of the indicator's
first kind (`DVC_ONLINE_PAYMENT#count` beside the share `DVC_ONLINE_PAYMENT`), by scope
(`DVC_ONLINE_DOSSIER_RATE@cấp xã`) and by role when the value is not a level
(`DTI_RANK:change`, `HOUSEHOLD_FIBRE:target`), so a cell never mixes a count with a share,
or a level with a rise or a goal. When a report states two different values
for one cell, the cell keeps the first and every other one goes to the conflicts report
with its span, so nothing is dropped silently.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence, TextIO

from ..catalogue import Catalogue
from ..pipeline import Document
from ..records import Record, number_out
from .common import spreadsheet_text

ROW_KEYS = ("doc", "province", "period")
CONFLICT_COLUMNS = ("doc", "column", "kept", "kept_text", "kept_line", "other", "other_text", "start", "end",
                    "line", "col", "label")


def column_of(record: Record, primary_kind: Mapping[str, str]) -> str:
    column = record.indicator or ""
    if record.kind != primary_kind.get(column, record.kind):
        column += f"#{record.kind}"
    if record.scope:
        column += f"@{record.scope}"
    if record.role != "level":
        column += f":{record.role}"
    return column


@dataclass(frozen=True)
class Conflict:
    doc: str
    column: str
    kept: Record
    other: Record


def conflict_row(c: Conflict) -> list:
    """A conflict's cells, in CONFLICT_COLUMNS order."""
    return [c.doc, c.column, number_out(c.kept.value), c.kept.text, c.kept.line, number_out(c.other.value),
            c.other.text, c.other.start, c.other.end, c.other.line, c.other.col, c.other.label or ""]


def _same_value(a: Record, b: Record) -> bool:
    return a.value == b.value and a.total == b.total


def wide_rows(documents: Iterable[Document], primary_kind: Mapping[str, str]) -> tuple[list[dict], list[Conflict]]:
    """One dict per report (doc, province, period, then column -> first record) and the
    conflicts: other values stated for a cell already filled."""
    rows, conflicts = [], []
    for document in documents:
        rows.append(wide_row(document.doc, document.context, document.records, primary_kind, conflicts))
    return rows, conflicts


def wide_row(doc: str, context, records: Iterable[Record], primary_kind: Mapping[str, str],
             conflicts: list[Conflict]) -> dict:
    """One report's row of `wide_rows` (its records read once, as they come); its conflicts
    are appended to `conflicts`."""
    cells: dict[str, Record] = {}
    for record in records:
        if not record.indicator:
            continue
        column = column_of(record, primary_kind)
        kept = cells.setdefault(column, record)
        if kept is not record and not _same_value(kept, record):
            conflicts.append(Conflict(doc, column, kept, record))
    return {"doc": doc, "province": context.province, "period": context.period, **cells}


def primary_kinds(catalogue: Catalogue) -> dict[str, str]:
    """Each indicator's first kind: a value of another kind gets a column of its own."""
    return {i.code: i.kinds[0] for i in catalogue.indicators if i.kinds}


def column_order(rows: list[dict], catalogue: Catalogue) -> list[str]:
    """The indicator columns found in `rows`, in catalogue order."""
    return _column_order(rows, [i.code for i in catalogue.indicators])


def _column_order(rows: list[dict], catalogue_order: Sequence[str]) -> list[str]:
    rank = {code: i for i, code in enumerate(catalogue_order)}
    found = {k for row in rows for k in row if k not in ROW_KEYS}

    def key(column: str):
        code = column.split("#")[0].split("@")[0].split(":")[0]
        return rank.get(code, len(rank)), column

    return sorted(found, key=key)


def write_wide(out: TextIO, documents: Iterable[Document], catalogue: Catalogue,
               conflicts_out: Optional[TextIO] = None, excel: bool = False) -> int:
    """The wide CSV; returns the number of conflicts found."""
    rows, conflicts = wide_rows(documents, primary_kinds(catalogue))
    columns = column_order(rows, catalogue)
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    text = spreadsheet_text if excel else (lambda v: v)
    writer.writerow([text(c) for c in (*ROW_KEYS, *columns)])
    for row in rows:
        cells = [row.get(c) for c in columns]
        writer.writerow([text(row["doc"]), text(row["province"] or ""), text(row["period"] or ""),
                         *("" if r is None else number_out(r.value) for r in cells)])
    if conflicts_out is not None:
        report = csv.writer(conflicts_out, lineterminator="\n")
        report.writerow(CONFLICT_COLUMNS)
        for c in conflicts:
            report.writerow(conflict_row(c))
    return len(conflicts)
