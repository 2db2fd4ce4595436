"""From a table's rows to its values: each cell's label (its row's heading, a sub-row's
parent's, a transposed or by-place table's column heading, or the table's title), unit,
kind, role, qualifier and scope."""
from __future__ import annotations

from typing import Optional

import regex

from ..claims import Find
from ..normalize import fold
from ..numbers import NumberReader
from .cells import LETTER, ROMAN, TABLE_RULE, YEAR, Cell, Column, Table, digits
from .table_rules import TableRules

TABLE_PRIORITY = 100
_ACRONYM = regex.compile(r"\p{Lu}{2,}[\p{Lu}\d]*")  # "CPI", "IIP", "GRDP": a name's letters, no unit
# A cell's bound as a sign or a word ("≥ 95", "dưới 2,5"): the qualifier it gives.
_BOUND_WORDS = {"≥": ">=", "≤": "<=", "dưới": "<", "trên": ">", "hơn": ">", "tối thiểu": ">=", "ít nhất": ">=",
                "tối đa": "<=", "không quá": "<=", "khoảng": "~"}


class TableValues:
    """Reads the values of a table's cells."""

    def __init__(self, rules: TableRules, reader: NumberReader, unit_name):
        self.rules, self.reader, self.unit_name = rules, reader, unit_name

    def finds(self, table: Table) -> list[Find]:
        out: list[Find] = []
        parent_label: Optional[str] = None
        parent_unit: Optional[str] = None
        parent_indent = 0
        breakdown = False
        group_scope: Optional[str] = None  # the level a group's row names ("II  CẤP HUYỆN")
        for n, line in enumerate(table.lines):
            label, scope, unit_text = None, None, None
            if not table.transposed:
                if line.heading is None:
                    continue
                heading = self.rules.strip_bilingual(line.heading.text)
                # "Kim ngạch xuất khẩu (triệu USD) | 2.167 | 23.109": a row with no ĐVT cell of
                # its own names its unit in brackets after its heading, or after the heading's
                # English ("Mức độ hài lòng / Citizen satisfaction (%)").
                own_unit = None
                if line.unit is None:
                    captioned = self._captions_every_row(table.caption_unit)
                    heading, own_unit = self._heading_unit(heading, captioned)
                    if own_unit is None and heading != line.heading.text:
                        own_unit = self._translation_unit(line.heading.text, captioned)
                scope = self.rules.level(heading)
                # Rows numbered 1, 2, … under a group's row numbered I, II, … that names a level
                # ("I  CẤP TỈNH" / "1  Sở Y tế") are of that level; a row numbered by no one (a
                # total) ends the group.
                if line.numbering is None or ROMAN.fullmatch(line.numbering):
                    group_scope = scope if line.numbering is not None else None
                else:
                    scope = scope or group_scope
                # A sub-row: named as one, without the unit its parent has, or (in a table
                # aligned by spaces) indented under its parent.
                sub = scope is not None or \
                    (self.rules.sub_row is not None and self.rules.sub_row.fullmatch(heading)) or \
                    (table.unit_column and line.unit is None and parent_unit is not None) or \
                    (parent_label is not None and line.indent > parent_indent)
                total = table.title is not None and self.rules.total_row is not None and \
                    self.rules.total_row.fullmatch(heading) is not None
                if n == 0 and total:
                    breakdown = True
                    parent_label = table.title
                if breakdown:
                    label = parent_label
                elif sub and parent_label is not None:
                    label = parent_label
                elif (sub and n == 0 or total) and table.title:
                    # Districts (or a total row) with no row above to break down: what the
                    # table's title names.
                    label = table.title
                    if n == 0:
                        parent_label = table.title
                else:
                    label = heading
                    parent_label = heading
                    parent_unit = self.rules.strip_bilingual(line.unit.text) if line.unit else own_unit
                    parent_indent = line.indent
                unit_text = self.rules.strip_bilingual(line.unit.text) if line.unit else \
                    own_unit or (parent_unit if sub else None) or self.rules.named_unit(table.named_units, heading)
            for k, cell in line.values:
                column = table.columns[k] if k < len(table.columns) else Column()
                measure = None
                if table.transposed:
                    cell_label = column.label
                elif not table.by_place:
                    cell_label = label
                elif not column.label:
                    cell_label = table.title or label  # one column of figures, unnamed: the title names them
                else:
                    # "Điểm DTI 2024": what is measured, not when. Rows of places or bodies under
                    # columns of periods ("Tháng 9/2024"): what is measured is what the table's
                    # title names.
                    measure = self.rules.measure_named(column.label)
                    cell_label = measure if measure is not None else table.title or column.label
                if not cell_label:
                    continue
                # a column's counted noun is the unit of cells its row names, not of cells named by
                # the column itself, whose heading the label's own noun already counts
                counted = column.counted if cell_label not in (column.label, measure) else None
                unit = column.unit or unit_text or table.caption_unit or counted
                m = self.rules.cell.fullmatch(cell.text)
                if m.group("mark"):
                    table.exclusions.extend(digits(Cell(cell.start + m.start("mark"), cell.start + m.end("mark"),
                                                        m.group("mark")), "list"))
                find = self._cell_find(cell, m, cell_label, unit, column.role or line.role,
                                       line.qualifier or column.qualifier, scope or column.scope or table.scope)
                out.extend(find)
            if line.unit is not None:
                table.exclusions.extend(digits(line.unit, "unit"))
            table.exclusions.extend(line.excluded)
        return out

    def _captions_every_row(self, caption_unit: Optional[str]) -> bool:
        """Whether an ĐVT caption's unit is every row's, not only that of rows naming none
        ("ĐVT: lượt, trừ dòng có ghi chú")."""
        return caption_unit is not None and not (
            self.rules.caption_with_exceptions is not None and self.rules.caption_with_exceptions.search(caption_unit))

    def _heading_unit(self, heading: str, captioned: bool) -> tuple[str, Optional[str]]:
        """A row heading without the unit it names in brackets, and that unit: "Diện tích (km²)"
        -> "Diện tích", "km²"; "Dân số (triệu người)", "Số xã đạt chuẩn (xã)". A note in brackets
        is no unit: a name's letters ("Chỉ số giá tiêu dùng (CPI)"), a share's words ("Tỷ lệ hồ
        sơ (toàn trình)": a share's unit is "%" alone), a place's "(cũ)". Under a caption naming
        the unit ("ĐVT: %"), only a unit the rules know is the row's own: "(mobile app)" is a
        gloss."""
        m = self.rules.row_unit.search(heading) if self.rules.row_unit is not None else None
        if m is None or m.start() == 0:
            return heading, None
        unit = m.group("unit").strip()
        words = unit.split()
        rest = [w for w in words if fold(w) not in self.reader.scales]
        known = unit == "%" or "/" in unit or fold(unit) in self.rules.kind_of_unit or \
            (rest and fold(" ".join(rest)) in self.rules.kind_of_unit)
        # "Số HTX có gian hàng (HTX)": capitals the heading counts after its "Số" are its noun.
        known = known or regex.match(rf"(?i:số)\h+{regex.escape(unit)}(?!\w)", heading) is not None
        share = self.rules.percent_heading is not None and self.rules.percent_heading.match(heading) is not None
        if not known and (captioned or share or not rest or any(_ACRONYM.fullmatch(w) for w in rest) or len(rest) > 2):
            return heading, None
        return heading[:m.start()].rstrip(), unit

    def _translation_unit(self, heading: str, captioned: bool) -> Optional[str]:
        """The unit a bilingual row heading names in brackets after its English ("Số bộ dữ liệu
        mở / Open datasets published (bộ)"), not one that glosses the English ("(units)")."""
        unit = self._heading_unit(heading, captioned)[1]
        return None if unit is None or self.rules.english_gloss(unit) else unit

    def _cell_find(self, cell: Cell, m, label: str, unit: Optional[str], role: Optional[str],
                   qualifier: Optional[str], scope: Optional[str]) -> list[Find]:
        """The value of a cell; two for a range ("90-95", "140 – 160"): its lower bound (>=) and
        its upper (<=), as a range in a sentence gives (SPEC section 3)."""
        per = self.rules.per_unit_heading.search(label) if self.rules.per_unit_heading is not None else None
        if per is not None and not m.group("percent") and not m.group("total"):
            # "Số thuê bao băng rộng di động/100 dân | thuê bao": a rate per the heading's
            # denominator, named by the heading before it.
            label, unit = label[:per.start()].rstrip(), f"{unit}/{per.group('per')}" if unit else None
        kind, unit_out, number = self._kind(unit, label, bool(m.group("percent")))
        if kind == "rank" and self.rules.rank_heading is not None:
            label = self.rules.rank_heading.sub("", label, count=1) or label  # what is ranked
        try:
            value = self.reader.read(m.group("num") + number)
            total = self.reader.read(m.group("total")) if m.group("total") else None
            high = self.reader.read(m.group("num2") + number) if m.group("num2") else None
        except ValueError:
            return []
        if total is not None:
            if kind not in ("count", "fraction", "rank") or total < value:
                return []  # "18/11" in a cell is a date, not a part of a whole
            if kind != "rank":  # a rank out of all ranked ("1/63" under "Thứ hạng DTI") stays one
                kind = "fraction"

        def find(group: str, start: int, end: int, value: float, total: Optional[float],
                 qualifier: Optional[str]) -> Find:
            """The value whose number is `group`, its span `start`-`end` in the cell."""
            return Find(TABLE_RULE, kind, cell.start + start, cell.start + end, value, total, unit_out,
                        cell.start + m.start(group), cell.start + m.end(group), cell.start, cell.end, TABLE_PRIORITY,
                        qualifier=qualifier, role=role or "level", label=label, scope=scope)

        percent_end = m.end("percent") if m.group("percent") else None
        if high is not None:
            if high <= value or kind == "rank":
                return []  # "2024-2023", "15-3": no range of values
            return [find("num", m.start("num"), m.end("num"), value, None, ">="),
                    find("num2", m.start("num2"), percent_end or m.end("num2"), high, None, "<=")]
        start = m.start("num")
        if m.group("sign") in ("-", "−") and (role or "level") == "change":
            # A fall in a column of rises and falls keeps its sign: "Tăng/giảm (%)" -5,6 is -5.6.
            value, start = -value, m.start("sign")
        end = percent_end or (m.end("total") if total is not None else m.end("num"))
        if m.group("paren"):
            value, start, end = -value, m.start("paren"), max(end, m.end("num") + 1)  # "(3.118)": a loss
        bound = m.group("bound")
        if bound:
            qualifier = _BOUND_WORDS.get(bound.lower(), bound)
        return [find("num", start, end, value, total, qualifier)]

    def _kind(self, unit: Optional[str], label: str, has_percent: bool) -> tuple[str, Optional[str], str]:
        """(kind, unit, scale words to read with the number) from a unit heading."""
        if has_percent:
            return "percent", "%", ""
        share = self.rules.percent_heading is not None and self.rules.percent_heading.match(label) is not None
        if unit is not None and "," in unit:
            # "(ĐVT: hồ sơ, %)": a unit for each kind of row — "%" for a share's.
            units = [u.strip() for u in unit.split(",") if u.strip()]
            unit = next((u for u in units if (u == "%") == share), units[0] if units else None)
        if unit is None:
            return ("percent", "%", "") if share else ("count", None, "")
        unit = self.rules.strip_bilingual(unit).strip()
        folded = fold(unit)
        known = self.rules.kind_of_unit.get(folded)
        if known is not None and known[0] == "percent":
            return "percent", "%", ""
        words = unit.split()
        scale_words = []
        while words and fold(words[0]) in self.reader.scales:
            scale_words.append(words.pop(0))
        scale = " " + " ".join(scale_words) if scale_words else ""
        if "/" in unit:
            # "Thuê bao/100 dân", "TB/100 dân": a rate's whole unit; its scale words multiply
            # the cells as in a sentence ("ĐVT: triệu đồng/m2": 112,4 is 112400000 đồng/m2).
            return "rate", " ".join(words) if scale_words and words else unit, scale if words else ""
        rest = " ".join(words)
        known = self.rules.kind_of_unit.get(fold(rest)) if rest else None
        if known is None and not rest:
            known = self.rules.kind_of_unit.get(folded)  # "Tỷ" alone: money
            scale = ""
        kind = known[0] if known else None
        if kind == "money":
            money_words = unit.split()
            scale_m = " ".join(w for w in money_words if fold(w) in self.reader.scales)
            currency = " ".join(w for w in money_words if fold(w) not in self.reader.scales) or "đồng"
            scaled = " " + scale_m if scale_m else ""
            per_share = self.rules.per_share_heading is not None and self.rules.per_share_heading.match(label)
            if per_share:
                return "rate", f"{currency}/cổ phiếu", scaled  # "EPS (đồng)": money earned by each share
            return "money", self.unit_name(currency), scaled
        if kind == "rank":
            return "rank", None, ""
        if kind == "measure" and self.rules.counted_points_heading is not None and \
                self.rules.counted_points_heading.match(label):
            return "count", unit, scale  # "Điểm trên bản đồ số (điểm)": places counted
        if kind == "multiple" and self.rules.counted_heading is not None and self.rules.counted_heading.match(label):
            return "count", unit, scale  # "Số lần kiểm tra (lần)" counts times; "P/E (lần)" is a multiple
        if kind is not None:
            return kind, self.unit_name(known[1]), scale
        return "count", rest or unit, scale
