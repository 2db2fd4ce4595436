"""Values laid out in tables: the unit from the table's heading (`ĐVT: %`) or an ĐVT
column, the label from the row's heading, the role from the column's heading.

A table is a run of two or more lines that split into cells (tabs, `|`, or runs of two or
more spaces) and hold at least one number cell. The patterns and word lists are in
rules/tables.yaml; this module only walks rows and columns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from .claims import Find
from .patterns import compile_pattern
from .normalize import fold
from .numbers import NumberReader
from .rules import RuleError, Rulebook

_RULER = regex.compile(r"[\s|:\-–=+]*")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_CELL_BY_SEPARATOR = regex.compile(r"[^\t|]+")
_CELL_BY_SPACES = regex.compile(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)")  # cells apart by two spaces or more
# How many lines above a table may carry its "ĐVT: …" caption.
_CAPTION_REACH = 3
TABLE_RULE = "table.cells"
TABLE_PRIORITY = 100


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Row:
    start: int
    cells: tuple[_Cell, ...]


class TableReader:
    """The table rules of a rulebook, compiled once."""

    def __init__(self, book: Rulebook, reader: NumberReader, lexicons: dict, unit_name):
        entries = book.section("tables")
        self.enabled = bool(entries)
        if not entries:
            return
        entry = entries[-1]
        self.reader, self.unit_name = reader, unit_name

        def pattern(key: str) -> regex.Pattern:
            if not isinstance(entry.get(key), str):
                raise RuleError(entry.get("_file", "?"), entry.get("id"), f"needs a '{key}' pattern")
            return compile_pattern({**entry, "pattern": entry[key]}, reader.macros, lexicons)

        self.cell = pattern("cell")
        self.numbering = pattern("numbering")
        self.caption = pattern("unit_caption")
        self.unit_column = pattern("unit_column")
        self.target_column = pattern("target_column")
        self.change_column = pattern("change_column")
        # Optional: a column's own unit ("So với KH (%)"), and columns of levels whose heading
        # names a plan they are compared with ("So với KH", "TH/KH"), not a goal.
        self.column_unit = pattern("column_unit") if "column_unit" in entry else None
        self.level_column = pattern("level_column") if "level_column" in entry else None
        kinds = entry.get("kinds") or {}
        if not isinstance(kinds, dict):
            raise RuleError(entry.get("_file", "?"), entry.get("id"), "'kinds' must map a kind to unit words")
        self.kind_of_unit = {fold(u): kind for kind, units in kinds.items() for u in units}

    def find(self, text: str) -> list[Find]:
        """Every value in a table cell of `text`, labelled by its row heading."""
        if not self.enabled or ("\t" not in text and "|" not in text and "  " not in text):
            return []
        finds: list[Find] = []
        lines = list(_lines(text))
        run: list[_Row] = []
        for index, (start, line) in enumerate(lines):
            row = self._row(start, line)
            if row is not None:
                run.append(row)
                continue
            if _RULER.fullmatch(line) and run and ("|" in line or "-" in line):
                continue  # a markdown ruler between header and rows
            finds.extend(self._table(run, lines, index - len(run)))
            run = []
        finds.extend(self._table(run, lines, len(lines) - len(run)))
        return finds

    def _row(self, start: int, line: str) -> Optional[_Row]:
        if "\t" not in line and "|" not in line and "  " not in line:
            return None  # one cell: no row
        if "\t" in line or "|" in line:
            parts = _CELL_BY_SEPARATOR.finditer(line)
        else:
            parts = _CELL_BY_SPACES.finditer(line)
        cells = tuple(_Cell(start + m.start() + (len(m.group()) - len(m.group().lstrip())),
                            start + m.start() + len(m.group().rstrip()), m.group().strip())
                      for m in parts if m.group().strip())
        return _Row(start, cells) if len(cells) >= 2 else None

    def _table(self, rows: list[_Row], lines, first_line: int) -> list[Find]:
        if len(rows) < 2 or not any(self._is_value(c) for r in rows[1:] for c in r.cells):
            return []
        caption_unit = self._caption_unit(rows, lines, first_line)
        header = rows[0] if not any(self._is_value(c) and not _YEAR.fullmatch(c.text) for c in rows[0].cells) else None
        roles = self._column_roles(header)
        unit_col = self._unit_column(header)
        column_units = self._column_units(header)
        finds = []
        for row in rows[1:] if header else rows:
            finds.extend(self._row_finds(row, header, roles, unit_col, caption_unit, column_units))
        return finds

    def _row_finds(self, row: _Row, header, roles, unit_col, caption_unit, column_units) -> list[Find]:
        label = next((c.text for k, c in enumerate(row.cells)
                      if k != unit_col and not self._is_value(c) and not self.numbering.fullmatch(c.text)), None)
        if label is None:
            return []
        unit = row.cells[unit_col].text if unit_col is not None and unit_col < len(row.cells) else caption_unit
        out = []
        for k, cell in enumerate(row.cells):
            m = self.cell.fullmatch(cell.text)
            if not m or k == unit_col or (k == 0 and self.numbering.fullmatch(cell.text) and len(row.cells) > 2):
                continue
            find = self._cell_find(cell, m, label, column_units.get(k, unit), roles.get(k) if header else None)
            if find is not None:
                out.append(find)
        return out

    def _cell_find(self, cell: _Cell, m, label: str, unit: Optional[str], role: Optional[str]) -> Optional[Find]:
        kind, unit_out, number = self._kind(unit, label, bool(m.group("percent")))
        try:
            value = self.reader.read(m.group("num") + number)
        except ValueError:
            return None
        start = cell.start + m.start("num")
        end = cell.start + (m.end("percent") if m.group("percent") else m.end("num"))
        return Find(TABLE_RULE, kind, start, end, value, None, unit_out, cell.start + m.start("num"),
                    cell.start + m.end("num"), cell.start, cell.end, TABLE_PRIORITY, role=role, label=label)

    def _kind(self, unit: Optional[str], label: str, has_percent: bool) -> tuple[str, Optional[str], str]:
        """(kind, unit, scale words to read with the number) from a unit heading."""
        if has_percent:
            return "percent", "%", ""
        if unit is None:
            return ("percent", "%", "") if fold(label).startswith(("tỷ lệ", "tỉ lệ")) else ("count", None, "")
        kind = self.kind_of_unit.get(fold(unit))
        if kind == "money":
            words = unit.split()
            scale = " ".join(w for w in words if fold(w) in self.reader.scales)
            currency = " ".join(w for w in words if fold(w) not in self.reader.scales) or "đồng"
            return "money", self.unit_name(currency), " " + scale if scale else ""
        if kind == "percent":
            return "percent", "%", ""
        if kind == "rank":
            return "rank", None, ""
        if kind is not None:
            return kind, self.unit_name(unit), ""
        return "count", unit, ""

    def _caption_unit(self, rows, lines, first_line: int) -> Optional[str]:
        for _, line in lines[max(0, first_line - _CAPTION_REACH):first_line]:
            m = self.caption.search(line)
            if m:
                return m.group("unit").strip()
        for cell in rows[0].cells:
            m = self.caption.search(cell.text + "\n")
            if m:
                return m.group("unit").strip()
        return None

    def _unit_column(self, header: Optional[_Row]) -> Optional[int]:
        if header is None:
            return None
        return next((k for k, c in enumerate(header.cells) if self.unit_column.fullmatch(c.text)), None)

    def _column_units(self, header: Optional[_Row]) -> dict[int, str]:
        """Columns whose heading names their own unit, which outranks the row's."""
        if header is None or self.column_unit is None:
            return {}
        found = ((k, self.column_unit.search(cell.text)) for k, cell in enumerate(header.cells))
        return {k: m.group("unit").strip() for k, m in found if m}

    def _column_roles(self, header: Optional[_Row]) -> dict[int, str]:
        roles: dict[int, str] = {}
        if header is None:
            return roles
        for k, cell in enumerate(header.cells):
            if self.level_column is not None and self.level_column.search(cell.text):
                roles[k] = "level"
            elif self.target_column.search(cell.text):
                roles[k] = "target"
            elif self.change_column.search(cell.text):
                roles[k] = "change"
        return roles

    def _is_value(self, cell: _Cell) -> bool:
        return self.cell.fullmatch(cell.text) is not None


def _lines(text: str):
    """(offset, line without its break) for each line of `text`."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        yield pos, raw.rstrip("\r\n")
        pos += len(raw)
