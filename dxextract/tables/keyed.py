"""Lines of figures each after its key, the pairs apart by bars: "Cơ sở: 7 | Hiện tại: 58 |
Mục tiêu cuối kỳ: 150" under the indicator they measure, "T1: 1.284 | T2: 1.402 | …" under a
caption naming the unit, "Di động: 68,4% | Máy tính: 29,9%". Keys that head columns (a role,
a period: `column_heading`, `period_key`) make one row of the heading above; keys of anything
else name what each figure is."""
from __future__ import annotations

from typing import Optional

import regex

from ..normalize import fold
from .cells import LETTER, Cell, Column, Line, Table
from .table_rules import TableRules

# "Cơ sở (Baseline): 4,5 (31/12/2020)": a key, its English in brackets, the figure, a note of when.
# The figure is words apart by spaces, taken possessively: a lazy figure before optional spaces
# tried every split of a long run of spaces (quadratic).
_PAIR = regex.compile(r"\h*(?P<key>\p{L}[^:|()\n]{0,40}?)\h*(?:\([^()|\n]{1,40}\)\h*)?:\h*+"
                      r"(?P<value>[^:|()\s]++(?:[^\S\n]++[^:|()\s]++)*+)[^\S\n]*+(?:\([^()|\n]{1,30}\)\h*+)?")
_FIGURE = regex.compile(r"[~<>≥≤]?\h*\d")


def is_keyed_line(line: str) -> bool:
    """Whether every part of a line of bars is a key, its colon, then a figure: "Số cử tri:
    118.230 | Cử tri đi bầu: 117.964 (99,78%) | Được bầu: 03 đại biểu". Such a line is no row of
    a table under or above it: its keys name its figures."""
    parts = [p for p in line.split("|") if p.strip()]
    return len(parts) >= 2 and all((m := _PAIR.fullmatch(p)) is not None and _FIGURE.match(m.group("value"))
                                   for p in parts)


class KeyedLayout:
    """Reads the lines of figures after their keys, apart by bars."""

    def __init__(self, rules: TableRules):
        self.rules = rules
        self.scales = rules.scales

    def tables(self, lines, used: set[int]) -> list[Table]:
        out = []
        index = 0
        while index < len(lines):
            if index in used or self._pairs(*lines[index]) is None:
                index += 1
                continue
            first = index
            rows = []
            while index < len(lines) and index not in used:
                pairs = self._pairs(*lines[index])
                if pairs is None:
                    break
                rows.append(pairs)
                index += 1
            table = self._table(lines, first, rows)
            if table is not None:
                out.append(table)
                used.update(range(first, index))
        return out

    def _pairs(self, start: int, line: str) -> Optional[list[tuple[Cell, Cell]]]:
        """Each (key, figure) of a line of two pairs or more apart by bars, or None."""
        if line.count("|") < 1:
            return None
        pairs = []
        at = start
        for part in line.split("|"):
            m = _PAIR.fullmatch(part)
            if m is None:
                return None
            key = Cell(at + m.start("key"), at + m.end("key"), m.group("key"))
            value = Cell(at + m.start("value"), at + m.end("value"), m.group("value"))
            if not LETTER.search(key.text) or not self.rules.is_value(value):
                return None
            pairs.append((key, value))
            at += len(part) + 1
        return pairs if len(pairs) >= 2 else None

    def _heads_columns(self, key: str) -> bool:
        rules = self.rules
        return any(p is not None and p.fullmatch(key) for p in (rules.column_heading, rules.period_key))

    def _table(self, lines, first: int, rows: list[list[tuple[Cell, Cell]]]) -> Optional[Table]:
        unit = self.rules.caption_unit(lines, first, None)
        if all(self._heads_columns(key.text) for pairs in rows for key, _ in pairs):
            # One row of the indicator the line above names, a column for each key.
            above = lines[first - 1] if first else None
            if above is None or not LETTER.search(above[1]):
                return None
            start, text = above
            caption = self.rules.caption.search(text)
            end = caption.start() if caption is not None else len(text)
            cell = Cell.stripped(start, text[:end].rstrip(" ("))
            if self.rules.gloss_bracket is not None:
                cell = Cell(cell.start, cell.end, self.rules.gloss_bracket.sub("", cell.text))
            heading, excluded = self.rules.unnumbered(cell)
            if unit is not None and self.rules.breakdown_only is not None and \
                    self.rules.breakdown_only.fullmatch(heading.text):
                measured = " ".join(w for w in unit.split() if fold(w) not in self.scales)
                heading = Cell(heading.start, heading.end, measured or heading.text)
            columns: list[Column] = []
            table_lines = []
            for pairs in rows:
                values = []
                for key, value in pairs:
                    column = self.rules.column(key.text)
                    column.label = key.text
                    values.append((len(columns), value))
                    columns.append(column)
                table_lines.append(Line(heading, None, values, excluded=excluded))
                excluded = []
            return Table(table_lines, columns, unit)
        # Each figure named by its key, its unit a caption's or each cell's "%": keys before bare
        # figures with no unit named are a page's counters ("Lượt xem: 2.118 | Trả lời: 3").
        if unit is None and not all(value.text.endswith("%") for pairs in rows for _, value in pairs):
            return None
        table_lines = [Line(key, None, [(0, value)], width=1) for pairs in rows for key, value in pairs]
        return Table(table_lines, [Column()], unit)
