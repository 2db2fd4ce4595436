"""Tables whose rows set a heading and its one figure apart by leader dots ("Hà Nội ........
96,8"), under a caption that names their unit ("Cơ cấu các thủ đoạn (%):", "(theo tỷ lệ thửa
đất đã làm sạch, %)", "(ĐVT: tỷ đồng)"). Without such a caption the dots lead to a table of
contents' page numbers (trap.toc-page)."""
from __future__ import annotations

from typing import Optional

import regex

from .cells import ELISION, LETTER, Cell, Column, Line, Table
from .table_rules import TableRules

_LEADER = regex.compile(r"\h*(?:\.{4,}|…{2,}|(?:\.\h){3,}\.?)\h*")
# What every leader holds (trap.toc-page `requires` the same): a text without one has no such table.
_LEADER_MARKS = ("....", "……", ". . .")
_LAST_BRACKET = regex.compile(r"\((?P<inner>[^()\n]+)\)\h*:?\h*$")
_BY = regex.compile(r"^theo\h+", regex.IGNORECASE)  # "(theo tỷ lệ …, %)": by what the figures are


class LeaderLayout:
    """Reads the lists of figures after leader dots under a caption naming their unit."""

    def __init__(self, rules: TableRules):
        self.rules = rules

    @staticmethod
    def may_hold(text: str) -> bool:
        """Whether `text` has leader dots a table of this layout needs."""
        return any(mark in text for mark in _LEADER_MARKS)

    def tables(self, lines, used: set[int]) -> list[Table]:
        out = []
        index = 1
        while index < len(lines):
            at = index
            rows: list[Line] = []
            while at < len(lines) and at not in used:
                row = self._row(*lines[at])
                if row is None and rows and ELISION.fullmatch(lines[at][1]) and at + 1 < len(lines):
                    row = self._row(*lines[at + 1])
                    at += 1 if row is not None else 0
                if row is None:
                    break
                rows.append(row)
                at += 1
            caption = lines[index - 1][1]
            unit = self._caption_unit(caption) if len(rows) >= 2 and index - 1 not in used else None
            if unit is not None:
                # Rows of places or names ("Quận 7 ....... 7.936") only say which one: the figure
                # is what the caption names before its unit ("Khối lượng thu gom theo địa bàn").
                by_place = self.rules.rows_are_instances([row.heading for row in rows], True)
                title = self._caption_title(caption) if by_place else None
                out.append(Table(rows, [Column()], unit, title=title, by_place=by_place and title is not None))
                used.update(range(index - 1, at))
            index = max(at, index + 1)
        return out

    def _row(self, start: int, line: str) -> Optional[Line]:
        leaders = list(_LEADER.finditer(line))
        if len(leaders) != 1:
            return None
        leader = leaders[0]
        value = Cell.stripped(start + leader.end(), line[leader.end():])
        head = line[:leader.start()]
        if not head.strip() or not self.rules.is_value(value):
            return None
        heading, excluded = self.rules.unnumbered(Cell.stripped(start, head.lstrip("-–+• ").rjust(len(head))))
        return Line(heading, None, [(0, value)], width=1, excluded=excluded)

    def _caption_unit(self, line: str) -> Optional[str]:
        """The unit a caption names: in an ĐVT caption, or in brackets closing it ("(%)",
        "(theo tỷ lệ …, %)")."""
        m = self.rules.caption.search(line)
        if m is not None:
            return m.group("unit").strip()
        m = _LAST_BRACKET.search(line)
        if m is None:
            return None
        inner = m.group("inner").strip()
        if inner == "%":
            return inner
        named = self.rules.comma_unit(inner)
        return named[1] if named is not None else None

    def _caption_title(self, line: str) -> Optional[str]:
        """What a caption names: the name its unit's bracket gives ("Xếp hạng các địa phương (theo
        tỷ lệ thửa đất đã làm sạch, %)" -> "tỷ lệ thửa đất đã làm sạch"), or its words before the
        bracket ("Khối lượng thu gom theo địa bàn (ĐVT: kg) – 5 địa bàn dẫn đầu:" -> "Khối lượng
        thu gom theo địa bàn")."""
        bracket = _LAST_BRACKET.search(line)
        named = self.rules.comma_unit(bracket.group("inner").strip()) if bracket is not None else None
        if named is not None:
            words = _BY.sub("", named[0])
        else:
            m = self.rules.caption.search(line)
            words = line[:m.start() if m is not None else len(line)].split("(", 1)[0].strip(" \t:–-•")
            numbered = self.rules.title.match(words) if self.rules.title is not None else None
            words = numbered.group("title").strip() if numbered else words  # "3. Xếp hạng …": its number no part
        return words if LETTER.search(words) else None
