"""A list whose items hold their cells apart by slashes, under a heading that names the
columns in brackets ("KẾT QUẢ MỘT SỐ CHỈ TIÊU (Kế hoạch / Thực hiện / So KH)")."""
from __future__ import annotations

from typing import Optional

import regex

from .cells import DIGIT, Cell, Line, Table
from .table_rules import TableRules

_UNSPACED_SLASH = regex.compile(r"\S/\S")


class SlashedLayout:
    """Reads the lists whose items are rows of cells apart by slashes."""

    def __init__(self, rules: TableRules):
        self.rules = rules

    def tables(self, lines, used: set[int]) -> list[Table]:
        """Items under a heading that names their columns in brackets, apart by slashes ("KẾT
        QUẢ MỘT SỐ CHỈ TIÊU (Kế hoạch / Thực hiện / So KH)"), each "- Heading (unit): 610 / 688,4 /
        112,9%": a table whose row headings end at the colon; a word in place of a number
        ("đạt", "vượt") is an empty cell."""
        out: list[Table] = []
        for index, (start, line) in enumerate(lines):
            if index in used or "/" not in line:
                continue
            m = self.rules.slashed_header.search(line)
            if m is None:
                continue
            head_cells = [Cell.stripped(start + m.start("columns") + h.start(), h.group())
                          for h in regex.finditer(r"[^/]+", m.group("columns"))]
            heads = [h.text for h in head_cells]
            columns = [self.rules.column(h) for h in heads]
            # Columns that each say what they measure ("Số DN được hỗ trợ / Kinh phí giải ngân,
            # triệu đồng"): the rows only say where, the cells take their columns' names.
            measured = [self._measured(h) for h in heads]
            by_measure = all(measured)
            if by_measure:
                for column, (label, unit) in zip(columns, measured):
                    column.label, column.unit = label, column.unit or unit
            # Columns that say no role ("(2022 / 2023 / 2024)", "(Hà Nội / TP.HCM)"): only items whose
            # cells stand apart by spaced slashes, as a fraction's "12/15" does not.
            spaced_only = not by_measure and not any(c.role is not None for c in columns) and m.group("order") is None
            rows: list[Line] = []
            at = index + 1
            while at < len(lines) and at not in used:
                row_start, row = lines[at]
                item = self.rules.slashed_row.fullmatch(row)
                if item is None:
                    break
                parts = list(regex.finditer(r"[^/]+", row[item.start("cells"):item.end("cells")]))
                if len(parts) != len(heads) or spaced_only and _UNSPACED_SLASH.search(item.group("cells")):
                    break
                values: list[tuple[int, Cell]] = []
                for k, part in enumerate(parts):
                    cell = Cell.stripped(row_start + item.start("cells") + part.start(), part.group())
                    if self.rules.cell.fullmatch(cell.text):
                        values.append((k, cell))
                    elif DIGIT.search(cell.text):
                        values = []
                        break
                if not values:
                    break
                heading = Cell(row_start + item.start("head"), row_start + item.end("head"), item.group("head"))
                rows.append(Line(heading, None, values, width=len(heads)))
                at += 1
            if len(rows) < 2:
                continue
            used.update(range(index, at))
            exclusions = [x for h in head_cells for x in self.rules.heading_numbers(h)]
            # "(tỷ lệ % doanh nghiệp trong từng nhóm)" over "Thứ tự số liệu: Siêu nhỏ / Nhỏ / …".
            caption = self.rules.caption_unit(lines, index + 1, None)
            out.append(Table(rows, columns, caption, by_place=by_measure, exclusions=exclusions,
                             named_units=self.rules.caption_named_units(lines, index + 1)))
        return out

    def _measured(self, heading: str) -> Optional[tuple[str, Optional[str]]]:
        """What a column's heading says it measures and its unit, when it says so: a count
        ("Số DN được hỗ trợ"), a share ("Tỷ lệ …"), or a name and its unit after a comma
        ("Kinh phí giải ngân, triệu đồng")."""
        named = self.rules.comma_unit(heading)
        if named is not None:
            return named
        counted = self.rules.counted_heading is not None and self.rules.counted_heading.match(heading)
        share = self.rules.percent_heading is not None and self.rules.percent_heading.match(heading)
        return (heading, None) if counted or share else None
