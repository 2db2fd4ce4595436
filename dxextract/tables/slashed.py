"""A list whose items hold their cells apart by slashes, under a heading that names the
columns in brackets ("KẾT QUẢ MỘT SỐ CHỈ TIÊU (Kế hoạch / Thực hiện / So KH)")."""
from __future__ import annotations

import regex

from .cells import DIGIT, Cell, Line, Table
from .table_rules import TableRules


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
            heads = [h.strip() for h in m.group("columns").split("/")]
            columns = [self.rules.column(h) for h in heads]
            if not any(c.role is not None for c in columns):
                continue  # "(Hà Nội / TP.HCM)": places, not a plan and its result
            rows: list[Line] = []
            at = index + 1
            while at < len(lines) and at not in used:
                row_start, row = lines[at]
                item = self.rules.slashed_row.fullmatch(row)
                if item is None:
                    break
                parts = list(regex.finditer(r"[^/]+", row[item.start("cells"):item.end("cells")]))
                if len(parts) != len(heads):
                    break
                values: list[tuple[int, Cell]] = []
                for k, part in enumerate(parts):
                    text = part.group().strip()
                    if self.rules.cell.fullmatch(text):
                        lead = len(part.group()) - len(part.group().lstrip())
                        cell_start = row_start + item.start("cells") + part.start() + lead
                        values.append((k, Cell(cell_start, cell_start + len(text), text)))
                    elif DIGIT.search(text):
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
            out.append(Table(rows, columns))
        return out
