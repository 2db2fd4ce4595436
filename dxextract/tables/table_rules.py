"""The table rules of a rulebook, compiled once, and what they read in a heading or a cell
the same in every layout: a column's role, qualifier, unit and level; a table's caption,
title and the level its title names; a row's year; a heading without its number, its
English or its unit; whether a cell holds a value."""
from __future__ import annotations

from typing import Optional

import regex

from ..claims import Exclusion
from ..normalize import fold
from ..numbers import NumberReader
from ..patterns import compile_pattern
from ..rules import RuleError
from .cells import DIGIT, LETTER, TABLE_RULE, YEAR, Cell, Column, Row, digits

_LEXICON_REF = regex.compile(r"\\L<(\w+)>")
_WORD_BREAKS = regex.compile(r"[^\w]+")
_CAPITALS = regex.compile(r"\p{Lu}{2,}[\p{Lu}\d]*")  # "LOGFRAME", "PDO": a name's letters
# English words, capitalised or not ("Baseline", "End target", "units"); no capitals' name ("DN").
_ENGLISH = regex.compile(r"[A-Za-z][a-z]+(?:[\h-]+[A-Za-z]?[a-z]+)*")

# How many lines above a table may carry its "ĐVT: …" caption or its title.
_CAPTION_REACH = 3
# How many lines above a table its title may name the level it is of (a title of two lines in
# capitals, a note in brackets, a blank line and a caption between).
_TITLE_REACH = 6


class TableRules:
    """The table rules of one rulebook's `tables` entry, compiled once."""

    def __init__(self, entry: dict, reader: NumberReader, lexicons: dict):

        def pattern(key: str, optional: bool = False) -> Optional[regex.Pattern]:
            if optional and key not in entry:
                return None
            if not isinstance(entry.get(key), str):
                raise RuleError(entry.get("_file", "?"), entry.get("id"), f"needs a '{key}' pattern")
            return compile_pattern({**entry, "pattern": entry[key]}, reader.macros, lexicons)

        self.cell = pattern("cell")
        self.missing = pattern("missing_cell", True)
        self.numbering = pattern("numbering")
        self.caption = pattern("unit_caption")
        self.caption_named_unit = pattern("caption_named_unit", True)
        self.caption_with_exceptions = pattern("caption_with_exceptions", True)
        self.unit_column = pattern("unit_column")
        self.target_column = pattern("target_column")
        self.change_column = pattern("change_column")
        # Optional: a column's own unit ("So với KH (%)"), and columns of levels whose heading
        # names a plan they are compared with ("So với KH", "TH/KH"), not a goal.
        self.column_unit = pattern("column_unit", True)
        self.column_unit_word = pattern("column_unit_word", True)
        self.baseline_column = pattern("baseline_column", True)
        self.counted_points_heading = pattern("counted_points_heading", True)
        self.event_year_column = pattern("event_year_column", True)
        self.per_share_heading = pattern("per_share_heading", True)
        self.row_unit = pattern("row_unit", True)
        self.slashed_header = pattern("slashed_header", True)
        self.slashed_row = pattern("slashed_row", True)
        index_unit = entry.get("index_column_unit")
        if index_unit is not None and not (isinstance(index_unit, str) and index_unit.strip()):
            raise RuleError(entry.get("_file", "?"), entry.get("id"), "'index_column_unit' must be a word")
        self.index_column_unit: Optional[str] = index_unit
        self.breakdown_heading = pattern("breakdown_heading", True)
        self.whole_heading = pattern("whole_heading", True)
        self.own_heading = pattern("own_heading", True)
        self.level_column = pattern("level_column", True)
        self.estimate_column = pattern("estimate_column", True)
        self.label_column = pattern("label_column", True)
        self.year_header = pattern("year_header", True)
        self.header_words = pattern("header_words", True)
        self.year_cell = pattern("year_cell", True)
        self.scan = pattern("scan", True)
        self.total_row = pattern("total_row", True)
        self.period_total_row = pattern("period_total_row", True)
        self.sub_row = pattern("sub_row", True)
        self.place_row = pattern("place_row", True)
        self.name_row = pattern("name_row", True)
        self.lone_word_row = pattern("lone_word_row", True)
        self.rest_row = pattern("rest_row", True)
        self.bodies_column = pattern("bodies_column", True)
        self.column_numbers = pattern("column_numbers", True)
        self.scope_row = pattern("scope_row", True)
        self.title_scope = pattern("title_scope", True)
        self.title = pattern("title", True)
        self.caption_line = pattern("caption_line", True)
        self.bilingual = pattern("bilingual", True)
        self.rank_heading = pattern("rank_heading", True)
        self.heading_numbering = pattern("heading_numbering", True)
        self.footnote_mark = pattern("footnote_mark", True)
        self.header_line = pattern("header_line", True)
        self.tail_heading = pattern("tail_heading", True)
        self.header_period = pattern("header_period", True)
        self.column_heading = pattern("column_heading", True)
        self.period_key = pattern("period_key", True)
        self.breakdown_only = pattern("breakdown_only", True)
        self.gloss_bracket = pattern("gloss_bracket", True)
        self.percent_heading = pattern("percent_heading", True)
        self.rank_column = pattern("rank_column", True)
        self.per_unit_heading = pattern("per_unit_heading", True)
        self.word_header = pattern("word_header", True)
        self.counted_heading = pattern("counted_heading", True)
        kinds = entry.get("kinds") or {}
        if not isinstance(kinds, dict):
            raise RuleError(entry.get("_file", "?"), entry.get("id"), "'kinds' must map a kind to unit words")
        # "\L<measure_units>" among a kind's words stands for that shared word list, so a table's
        # ĐVT cell knows every unit a sentence does ("MWh", "kVA").
        self.kind_of_unit = {fold(u): (kind, u) for kind, units in kinds.items()
                             for word in units for u in _lexicon_words(word, lexicons, entry)}
        self.scales = reader.scales

    def column(self, heading: str) -> Column:
        col = Column()
        if self.level_column is not None and self.level_column.search(heading):
            col.role = "level"
        elif self.target_column.search(heading):
            col.role = "target"
        elif self.change_column.search(heading):
            col.role = "change"
        if self.estimate_column is not None and self.estimate_column.search(heading):
            col.qualifier = "~"
        col.baseline = self.baseline_column is not None and self.baseline_column.search(heading) is not None
        col.of_years = self.event_year_column is not None and self.event_year_column.fullmatch(heading) is not None
        col.scope = self.level(heading.strip())
        if self.column_unit is not None:
            m = self.column_unit.search(heading)
            if m and not (self.estimate_column is not None and self.estimate_column.fullmatch(m.group("unit"))) \
                    and not self.english_gloss(m.group("unit")):
                col.unit = m.group("unit").strip()
        if col.unit is None:
            named = self.comma_unit(heading)
            col.unit = named[1] if named is not None else None
        if col.unit is None and self.rank_column is not None and self.rank_column.fullmatch(heading.strip()):
            col.unit = "xếp hạng"  # "Xếp hạng theo tỷ lệ trực tuyến": its cells are ranks
        if col.unit is None and self.column_unit_word is not None:
            m = self.column_unit_word.fullmatch(heading)
            if m:
                col.unit = m.group("unit") or self.index_column_unit  # an index's name alone: "EGDI"
        return col

    def names_measure(self, heading: Optional[str]) -> bool:
        """Whether a column's heading names what is measured ("Số mã vùng trồng", "Diện tích"),
        not a year, a plan or a result ("Năm 2024", "Kế hoạch", "Thực hiện")."""
        return bool(heading) and LETTER.search(heading) is not None and YEAR.search(heading) is None and \
            (self.column_heading is None or self.column_heading.fullmatch(heading) is None)

    def level(self, heading: str) -> Optional[str]:
        """The administrative level a row or column heading names ("Cấp xã", "- Trong đó: cấp
        huyện"), as a scope."""
        m = self.scope_row.search(heading) if self.scope_row is not None else None
        return f"cấp {fold(m.group('level'))}" if m else None

    def without_unit(self, heading: str) -> str:
        m = self.column_unit.search(heading) if self.column_unit is not None else None
        if m:
            return heading[:m.start()].strip()
        named = self.comma_unit(heading)
        return named[0] if named is not None else heading

    def comma_unit(self, heading: str) -> Optional[tuple[str, str]]:
        """A heading that names its unit after a comma, as statistics tables do ("Kinh phí giải
        ngân, triệu đồng", "Diện tích, ha", "Số DN, doanh nghiệp"): (the name, the unit). The unit
        is one the rules know (scale words before it allowed), or the noun a count's heading
        counts; "Huyện, thành phố", "Tăng, giảm", "Số hộ, tỷ lệ" name no unit."""
        name, comma, unit = heading.rpartition(",")
        name, unit = name.strip(), unit.strip()
        if not comma or not name or not unit or DIGIT.search(unit):
            return None
        words = unit.split()
        while len(words) > 1 and fold(words[0]) in self.scales:
            words.pop(0)
        if unit == "%" or fold(" ".join(words)) in self.kind_of_unit:
            return name, unit
        counted = self.counted_heading is not None and self.counted_heading.fullmatch(name) is not None
        share = self.percent_heading is not None and self.percent_heading.match(unit) is not None
        if counted and not share and unit[:1].islower() and len(words) <= 3:
            return name, unit
        return None

    @staticmethod
    def named_unit(named_units: list[tuple[str, str]], heading: str) -> Optional[str]:
        """The unit a caption names for the kind of row or column `heading` is ("Tỷ lệ hộ có cáp
        quang" under "ĐVT: hộ; tỷ lệ: %" is in %): the caption's name a word of the heading."""
        words = f" {_WORD_BREAKS.sub(' ', fold(heading))} "  # "Tỷ lệ/tổng số HV": "ty le" a word of it
        return next((u for name, u in named_units if f" {name} " in words), None)

    def row_year(self, cell: Cell):
        return self.year_cell.fullmatch(cell.text) if self.year_cell is not None else None

    def row_qualifier(self, year) -> Optional[str]:
        if year is None or self.estimate_column is None:
            return None
        return "~" if self.estimate_column.search(year.group()) else None

    def caption_unit(self, lines, first_line: int, first_row: Optional[Row]) -> Optional[str]:
        for _, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            m = self.caption.search(line)
            if m:
                return self.strip_bilingual(m.group("unit")).strip()
            # A title whose unit closes it in brackets: "Bảng 2.6. Tỷ lệ hồ sơ … (%)".
            titled = self.title is not None and self.column_unit is not None and self.title.match(line.strip())
            m = self.column_unit.search(line.rstrip()) if titled else None
            if m and not self._names_in_capitals(m.group("unit")):
                return m.group("unit").strip()
        for cell in first_row.cells if first_row is not None else ():
            m = self.caption.search(cell.text + "\n")
            if m:
                return m.group("unit").strip()
        return None

    def _names_in_capitals(self, unit: str) -> bool:
        """Whether a title's bracket holds a name's capitals, no unit the rules know: "TIẾN ĐỘ
        THEO KHUNG LOGIC (LOGFRAME)", "(PDO INDICATORS)" gloss the title."""
        words = unit.split()
        return bool(words) and all(_CAPITALS.fullmatch(w) for w in words) and fold(unit.strip()) not in self.kind_of_unit

    def english_gloss(self, bracket: str) -> bool:
        """Whether a heading's bracket translates it into English, no unit the rules know: "Đường
        cơ sở (Baseline)", "Mục tiêu (End target)", "Số bộ dữ liệu mở / Open datasets published
        (units)"."""
        bracket = bracket.strip()
        return _ENGLISH.fullmatch(bracket) is not None and fold(bracket) not in self.kind_of_unit

    def caption_named_units(self, lines, first_line: int) -> list[tuple[str, str]]:
        """The units an ĐVT caption gives kinds of columns after its first ("(ĐVT: doanh nghiệp;
        tỷ lệ: %; số thu: triệu đồng)" -> [("ty le", "%"), ("so thu", "triệu đồng")]), or in
        turn, apart by spaced slashes, each the unit of the column it names ("(ĐVT: lượt xem /
        giao dịch)" over "Lượt xem | Giao dịch")."""
        if self.caption_named_unit is None:
            return []
        for _, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            m = self.caption.search(line)
            if m:
                return _units_in_turn(self.strip_bilingual(m.group("unit"))) + \
                    [(fold(n.group("name").strip()), n.group("unit").strip())
                     for n in self.caption_named_unit.finditer(line, m.end())]
        return []

    def table_title(self, lines, first_line: int) -> tuple[Optional[str], list[Exclusion]]:
        """The table's title ("Bảng 2. Doanh nghiệp … phân theo quy mô" -> "Doanh nghiệp …"),
        within a few lines above it, and its number (a list number: "Bảng 2.", "245.")."""
        if self.title is None:
            return None, []
        for start, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            lead = len(line) - len(line.lstrip())
            m = self.title.match(line.strip())
            if m:
                number = m.span("number")
                return m.group("title").strip(), [Exclusion(TABLE_RULE, "list", start + lead + number[0],
                                                            start + lead + number[1])] if number[0] >= 0 else []
        return None, []

    def scope_in_title(self, lines, first_line: int) -> Optional[str]:
        """The level a table's title restricts it to ("BIỂU TỔNG HỢP … / CỦA UBND CẤP HUYỆN NĂM
        2024"): searched in the title's lines, a numbered caption or a line in capitals, a few
        lines above the table (past its notes in brackets and its ĐVT caption)."""
        if self.title_scope is None:
            return None
        for _, line in reversed(lines[max(0, first_line - _TITLE_REACH):first_line]):
            text = line.strip()
            titled = text.isupper() or self.title is not None and self.title.match(text) is not None
            m = self.title_scope.search(text) if titled else None
            if m is not None:
                return f"cấp {fold(m.group('level'))}"
        return None

    def strip_bilingual(self, text: str) -> str:
        """A heading without its English translation ("Trạm - Station" -> "Trạm")."""
        if self.bilingual is None or not any(sep in text for sep in (" - ", " – ", " / ")):
            return text
        m = self.bilingual.search(text)
        return text[:m.start()].rstrip() if m and m.start() > 0 else text

    def rows_are_instances(self, headings: list[Optional[Cell]], measured: bool) -> bool:
        """Whether the rows name the things the table goes through, not what it measures: each a
        place or the whole ("Huyện Mỹ Lộc", "Toàn tỉnh"), a name or a code ("Nhật Bản", "Lý Seo
        Chú", "A-01"), or one capitalised word ("Shopee") or the rest ("Thị trường khác") beside at
        least one of those (alone, rows of one word are as often what is measured: "Xoài", "Nhãn").
        Names count only under columns that name what is measured ("Số người"): under columns of
        periods alone ("Quý I", "Quý II"), rows of channels or services are what is counted."""
        if any(h is None for h in headings) or self.place_row is None or self.total_row is None:
            return False
        texts = [self.strip_bilingual(h.text) for h in headings]
        whole = [self.total_row.fullmatch(t) is not None for t in texts]
        place = [self.place_row.fullmatch(t) is not None for t in texts]
        if all(p or w for p, w in zip(place, whole)):
            return True
        named = [p or (self.name_row is not None and self.name_row.fullmatch(t) is not None)
                 for p, t in zip(place, texts)]
        among = [any(r is not None and r.fullmatch(t) is not None for r in (self.lone_word_row, self.rest_row))
                 for t in texts]
        return measured and any(named) and all(n or w or a for n, w, a in zip(named, whole, among))

    def heading_numbers(self, cell: Cell) -> list[Exclusion]:
        """The numbers of a column's heading, which names the column: years are dates, a span
        of time ("6 tháng 2025") a period, anything else ("Lần 2") other."""
        years = [m.span() for m in YEAR.finditer(cell.text)]
        periods = [m.span() for m in self.header_period.finditer(cell.text)] if self.header_period is not None else []
        out = []
        for m in DIGIT.finditer(cell.text):
            reason = "date" if any(a <= m.start() < b for a, b in years) else \
                "period" if any(a <= m.start() < b for a, b in periods) else "other"
            out.append(Exclusion(TABLE_RULE, reason, cell.start + m.start(), cell.start + m.end()))
        return out

    def is_value(self, cell: Cell) -> bool:
        return self.cell.fullmatch(cell.text) is not None

    def is_missing(self, cell: Cell) -> bool:
        return self.is_missing_text(cell.text)

    def is_missing_text(self, text: str) -> bool:
        return self.missing is not None and self.missing.fullmatch(text) is not None

    def unnumbered(self, heading: Cell) -> tuple[Cell, list[Exclusion]]:
        """A row heading without the number it opens with ("1. Tỷ lệ …", "II. Hạ tầng …") and
        the footnote mark it ends with ("Tỷ lệ hộ có kết nối Internet(1)"), and those numbers
        as list numbers."""
        excluded: list[Exclusion] = []
        mark = self.footnote_mark.search(heading.text) if self.footnote_mark is not None else None
        if mark is not None and mark.start() > 0:
            excluded = digits(Cell(heading.start + mark.start(), heading.start + mark.end(), mark.group()),
                                    "list")
            heading = Cell(heading.start, heading.end, heading.text[:mark.start()] + heading.text[mark.end():])
        m = self.heading_numbering.match(heading.text) if self.heading_numbering is not None else None
        if m is None or m.end() >= len(heading.text):
            return heading, excluded
        number = Cell(heading.start + m.start(), heading.start + m.end(), m.group())
        return Cell(heading.start + m.end(), heading.end, heading.text[m.end():]), \
            digits(number, "list") + excluded


def _lexicon_words(word: str, lexicons: dict, entry: dict) -> list[str]:
    named = _LEXICON_REF.fullmatch(word)
    if named is None:
        return [word]
    if named.group(1) not in lexicons:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"'kinds' names an unknown word list {word}")
    return list(lexicons[named.group(1)])


def _units_in_turn(unit: str) -> list[tuple[str, str]]:
    """The units a caption names apart by spaced slashes, each its own name: "lượt xem / giao
    dịch" -> [("luot xem", "lượt xem"), ("giao dich", "giao dịch")]. A slash without spaces
    makes a rate ("người/km²", "thuê bao/100 dân"), no two units."""
    parts = [p.strip() for p in unit.split(" / ")]
    if len(parts) < 2 or not all(p and not any(ch.isdigit() for ch in p) for p in parts):
        return []
    return [(fold(p), p) for p in parts]
