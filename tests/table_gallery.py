"""A gallery of table shapes, built by construction: tables composed from the layouts, headers,
captions and rows real archives hold them in, each with the records it must give, known from
how it was built (never from what dxextract prints).

A table is first a grid of cells (a caption, header rows, body rows) whose value cells carry
what they are: kind, value, unit and role follow from the unit the table names for the cell
(a caption, an ĐVT column, a column heading, a `%` in the cell) and from the column's heading
(`Kế hoạch` a target, `Tăng/giảm` a change). The grid is then written out in one layout,
keeping where each cell landed. Numbers that are no values (header years, STT numbering, a
row heading's footnote mark, a table's number) are listed with their reason (SPEC section 4).

`python -m tests.table_gallery` prints the pass rate of every shape."""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from tests.gallery_judge import problems as judged

VOCAB = yaml.safe_load((Path(__file__).parent / "fixtures" / "table_shapes.yaml").read_text(encoding="utf-8"))
UNITS = VOCAB["units"]
SEED = 30
NUMBERED = re.compile(r"(?:\d+\.|[IVX]+\.|[a-h]\)) ")
TABLES_PER_SHAPE = 2


@dataclass(frozen=True)
class Want:
    kind: str
    value: float
    unit: str
    role: str = "level"


@dataclass(frozen=True)
class Part:
    """A number inside a cell: at `offset`, `length` characters, a value or a reason it is none."""
    offset: int
    length: int
    want: Optional[Want] = None
    reason: Optional[str] = None


@dataclass
class Cell:
    text: str
    parts: tuple[Part, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Grid:
    caption: Optional[str]
    head: list[list[Cell]]
    body: list[list[Cell]]
    title: str
    tags: dict[str, str] = field(default_factory=dict)
    # which columns hold words only (a label, ĐVT, STT, Ghi chú): a slashed list leaves them out
    word_columns: frozenset[int] = frozenset()


@dataclass
class Table:
    text: str
    wants: list[tuple[int, int, Want]]
    nonvalues: list[tuple[int, int, str]]
    tags: dict[str, str]


# --- numbers as a writer writes them ---------------------------------------------------------

def written(value: float, decimals: int, style: str) -> str:
    """`value` the Vietnamese way (style `comma`: 1.250,5) or with the English decimal point
    some writers use (style `dot`: 1250.5; SPEC section 3 reads a dot before one or two digits
    as a decimal point)."""
    whole, frac = f"{abs(value):.{decimals}f}".partition(".")[::2]
    if style == "comma":
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ".".join([whole, *groups])
        return whole + ("," + frac if frac else "")
    return whole + ("." + frac if frac else "")


def draw(rng: random.Random, unit: str) -> tuple[float, int]:
    """A plausible value under `unit` and how many decimals it is written with."""
    if unit == "%":
        return rng.randint(105, 995) / 10, 1
    if unit in ("tỷ đồng", "nghìn thuê bao"):
        return rng.randint(105, 99_995) / 10, 1
    if unit == "điểm":
        return rng.randint(505, 995) / 10, 1
    if unit == "xã":
        return rng.randint(5, 150), 0
    if unit in ("bộ", "chiếc", "cái", "bản quyền", "thiết bị"):
        return rng.randint(1, 120), 0  # an office's things, counted by the piece
    return rng.randint(12, 48_000), 0


def value_cell(rng, unit: str, style: str, role: str = "level", *, sign: str = "",
               percent_sign: bool = False, footnote: bool = False) -> Cell:
    value, decimals = draw(rng, unit)
    text = written(value, decimals, style)
    meaning = UNITS[unit]
    signed = -value if sign == "-" else value
    want = Want(meaning["kind"], round(signed * meaning.get("scale", 1), 6), meaning["unit"], role)
    number = text + ("%" if percent_sign else "")
    # a minus belongs to the value's span; a plus is only the writer's mark of a rise
    offset, length = (1, len(number)) if sign == "+" else (0, len(sign) + len(number))
    text = sign + number + ("*" if footnote else "")
    return Cell(text, (Part(offset, length, want),))


def word_cell(text: str) -> Cell:
    return Cell(text)


def year_cell(text: str) -> Cell:
    """A header cell naming a year: the year is a date (SPEC section 4)."""
    at = next(i for i in range(len(text)) if text[i:i + 4].isdigit())
    return Cell(text, (Part(at, 4, reason="date"),))


def numbered_label(text: str, mark: str) -> Cell:
    """A row heading opened by its number (`1.`, `I.`, `a)`): the number is a list mark."""
    parts = (Part(0, len(mark) - 1, reason="list"),) if mark[0].isdigit() else ()
    return Cell(f"{mark} {text}", parts)


def footnoted_label(text: str, n: int) -> Cell:
    """A row heading with a footnote mark `(1)` after it: no value."""
    return Cell(f"{text} ({n})", (Part(len(text) + 2, len(str(n)), reason="list"),))


def stt_cell(n: int) -> Cell:
    return Cell(str(n), (Part(0, len(str(n)), reason="list"),))


# --- contents: what a table says --------------------------------------------------------------

def _label(rng, text: str, i: int, features: dict) -> Cell:
    if features.get("numbered"):
        mark = features["numbered"]
        sign = {"1.": f"{i + 1}.", "I.": ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII."][i % 8],
                "a)": f"{'abcdefgh'[i % 8]})"}[mark]
        return numbered_label(text, sign)
    if features.get("footnote") and i == 0:
        return footnoted_label(text, 1)
    return word_cell(text)


def _row_cells(rng, units: list[str], roles: list[str], style: str, features: dict, percent_sign: bool) -> list[Cell]:
    cells = []
    for unit, role in zip(units, roles):
        sign = ""
        if role == "change":
            sign = rng.choice(["-", "+", ""])
        cells.append(value_cell(rng, unit, style, role, sign=sign,
                                percent_sign=percent_sign and unit == "%",
                                footnote=bool(features.get("footnote")) and rng.random() < 0.2))
    return cells


def _empty(rng, row: list[Cell], value_columns: list[int], features: dict) -> None:
    """Leave one value cell of a row empty the way the table writes an empty cell."""
    if features.get("empty") and value_columns:
        row[rng.choice(value_columns)] = word_cell(features["empty"])


def _years(rng) -> list[str]:
    first = rng.randint(2019, 2022)
    years = [str(first + i) for i in range(rng.randint(3, 4))]
    if rng.random() < 0.5:
        years[-1] = f"Sơ bộ {years[-1]}"
    return years


def years_table(rng, variant: str, features: dict) -> Grid:
    """Indicators by year: `Chỉ tiêu | 2021 | 2022 | 2023 | Sơ bộ 2024`."""
    years = _years(rng)
    style = features["decimals"]
    caption, rows_units, unit_column, percent_sign = None, [], False, False
    n = rng.randint(3, 4)
    if variant == "caption %":
        caption = rng.choice(["(ĐVT: %)", "Đơn vị tính: %", "ĐVT: %"])
        rows_units = [("%", t) for t in rng.sample(VOCAB["indicators"]["%"], n)]
    elif variant == "caption money":
        caption = rng.choice(["Đơn vị tính: tỷ đồng", "(ĐVT: tỷ đồng)", "ĐVT: Tỷ đồng"])
        rows_units = [("tỷ đồng", t) for t in rng.sample(VOCAB["indicators"]["tỷ đồng"], 3)]
    elif variant == "caption of what":
        caption = rng.choice(["(ĐVT: % số hộ)", "(ĐVT: % số xã)", "(ĐVT: % tổng số hồ sơ)"])
        rows_units = [("%", t) for t in rng.sample(VOCAB["indicators"]["%"], n)]
    elif variant == "caption per row":
        caption = "ĐVT: hộ; tỷ lệ: %"
        rows_units = [("hộ", "Số hộ có kết nối cáp quang"), ("%", "Tỷ lệ hộ có kết nối cáp quang"),
                      ("hộ", "Số hộ kinh doanh dùng mã QR"), ("%", "Tỷ lệ hộ kinh doanh dùng mã QR")][:n]
    elif variant == "unit column":
        unit_column = True
        units = rng.sample(["%", "hộ", "doanh nghiệp", "triệu đồng", "km", "nghìn thuê bao", "trạm"], n)
        rows_units = [(u, rng.choice(VOCAB["indicators"][u])) for u in units]
    elif variant == "% in cells":
        percent_sign = True
        rows_units = [("%", t) for t in rng.sample(VOCAB["indicators"]["%"], n)]
    head = [word_cell("Chỉ tiêu")] + ([word_cell("ĐVT")] if unit_column else []) + [year_cell(y) for y in years]
    first_value = 2 if unit_column else 1
    body = []
    for i, (unit, text) in enumerate(rows_units):
        row = [_label(rng, text, i, features)]
        if unit_column:
            row.append(word_cell(unit[0].upper() + unit[1:] if rng.random() < 0.5 and unit != "%" else unit))
        row += _row_cells(rng, [unit] * len(years), ["level"] * len(years), style, features, percent_sign)
        _empty(rng, row, list(range(first_value, len(row))), features)
        body.append(row)
        if features.get("sub_rows") and i == 0:
            for sub in rng.choice(VOCAB["sub_rows"]):
                sub_row = [word_cell(f"- {sub}")] + ([word_cell(row[1].text)] if unit_column else [])
                sub_row += _row_cells(rng, [unit] * len(years), ["level"] * len(years), style, {}, percent_sign)
                body.append(sub_row)
    words = frozenset(range(first_value))
    return Grid(caption, [head], body, "Một số chỉ tiêu chuyển đổi số qua các năm", word_columns=words)


def categories_table(rng, variant: str, features: dict) -> Grid:
    """Shares of firms by size: `Chỉ tiêu | Siêu nhỏ | Nhỏ | Vừa | Lớn`."""
    cats = list(VOCAB["categories"])
    style = features["decimals"]
    percent_sign = variant == "% in cells"
    caption = {"caption of what": "(ĐVT: % số doanh nghiệp được khảo sát)", "caption %": "(ĐVT: %)",
               "% in cells": None}[variant]
    head = [word_cell("Nội dung")] + [word_cell(c) for c in cats]
    body = []
    for i, text in enumerate(rng.sample(VOCAB["survey_rows"], rng.randint(3, 4))):
        row = [_label(rng, text, i, features)] + _row_cells(rng, ["%"] * len(cats), ["level"] * len(cats),
                                                           style, features, percent_sign)
        _empty(rng, row, list(range(1, len(row))), features)
        body.append(row)
    return Grid(caption, [head], body, "Mức độ ứng dụng công nghệ số của doanh nghiệp theo quy mô",
                word_columns=frozenset({0}))


def places_rows_table(rng, variant: str, features: dict) -> Grid:
    """Places as rows, measures as columns, a total row: `STT | Đơn vị | Số hộ (hộ) | Tỷ lệ (%)`."""
    style = features["decimals"]
    places = rng.sample(VOCAB["places"][variant], 4)
    measures = rng.sample(VOCAB["measures"], rng.randint(2, 3))
    units = [m["unit"] for m in measures]
    stt = bool(features.get("stt"))
    lead = [word_cell("STT")] if stt else []
    place_head = {"districts": "Huyện, thành phố", "communes": "Xã, phường", "provinces": "Tỉnh, thành phố"}[variant]
    if features.get("two_header_lines"):
        top = lead + [word_cell(place_head)]
        bottom = ([word_cell("")] if stt else []) + [word_cell("")]
        for m in measures:
            name, bracket, rest = m["head"].partition("(")
            if not bracket and "," in name:
                name, rest = name.split(",", 1)
                rest = rest.strip() + ")"
            top.append(word_cell(name.strip()))
            bottom.append(word_cell(f"({rest}" if rest else ""))
        head = [top, bottom]
    else:
        head = [lead + [word_cell(place_head)] + [word_cell(m["head"]) for m in measures]]
    body = []
    first_value = len(lead) + 1
    for i, place in enumerate(places):
        row = ([stt_cell(i + 1)] if stt else []) + [word_cell(place)]
        row += _row_cells(rng, units, ["level"] * len(units), style, features, False)
        _empty(rng, row, list(range(first_value, len(row))), features)
        body.append(row)
    total = rng.choice(VOCAB["totals"])
    body.append(([word_cell("")] if stt else []) + [word_cell(total)]
                + _row_cells(rng, units, ["level"] * len(units), style, {}, False))
    return Grid(None, head, body, "Kết quả chuyển đổi số theo địa bàn", word_columns=frozenset(range(first_value)))


def places_cols_table(rng, variant: str, features: dict) -> Grid:
    """Indicators by place: `Chỉ tiêu | Huyện A | Huyện B | Toàn tỉnh`, unit by caption."""
    style = features["decimals"]
    places = rng.sample(VOCAB["places"]["districts"], 3) + [rng.choice(["Toàn tỉnh", "Tổng cộng", "Tổng số"])]
    caption = {"caption %": "(ĐVT: %)", "caption per row": "ĐVT: hộ; tỷ lệ: %"}[variant]
    if variant == "caption %":
        rows_units = [("%", t) for t in rng.sample(VOCAB["indicators"]["%"], 3)]
    else:
        rows_units = [("hộ", "Số hộ có kết nối cáp quang"), ("%", "Tỷ lệ hộ có kết nối cáp quang"),
                      ("hộ", "Số hộ bán hàng trên sàn thương mại điện tử")]
    head = [word_cell("Chỉ tiêu")] + [word_cell(p) for p in places]
    body = []
    for i, (unit, text) in enumerate(rows_units):
        row = [_label(rng, text, i, features)] + _row_cells(rng, [unit] * 4, ["level"] * 4, style, features, False)
        _empty(rng, row, list(range(1, len(row))), features)
        body.append(row)
    return Grid(caption, [head], body, "Hạ tầng số theo địa bàn", word_columns=frozenset({0}))


def plan_table(rng, variant: str, features: dict) -> Grid:
    """A plan against its result: `STT | Chỉ tiêu | ĐVT | Kế hoạch 2024 | Thực hiện 2024 |
    Tăng/giảm (%) | Ghi chú` (the plan a target, the change a change: SPEC section 1)."""
    style = features["decimals"]
    year = rng.randint(2023, 2025)
    change_head = rng.choice(["Tăng/giảm (%)", "Tăng, giảm (%)", f"Tăng/giảm so với {year - 1} (%)"])
    stt = bool(features.get("stt"))
    notes = variant == "with notes"
    units = rng.sample(["%", "hộ", "doanh nghiệp", "hồ sơ", "triệu đồng", "km"], rng.randint(3, 4))
    lead = [word_cell("STT")] if stt else []
    if features.get("two_header_lines"):
        top = lead + [word_cell("Chỉ tiêu"), word_cell("ĐVT"), year_cell(f"Năm {year}"), word_cell(""),
                      word_cell("Tăng/giảm")] + ([word_cell("Ghi chú")] if notes else [])
        bottom = ([word_cell("")] if stt else []) + [word_cell(""), word_cell(""), word_cell("Kế hoạch"),
                                                     word_cell("Thực hiện"), word_cell("(%)")] + \
            ([word_cell("")] if notes else [])
        head = [top, bottom]
    else:
        head = [lead + [word_cell("Chỉ tiêu"), word_cell("ĐVT"), year_cell(f"Kế hoạch {year}"),
                        year_cell(f"Thực hiện {year}"), year_cell(change_head) if any(ch.isdigit() for ch in change_head)
                        else word_cell(change_head)] + ([word_cell("Ghi chú")] if notes else [])]
    body = []
    first_value = len(lead) + 2
    for i, unit in enumerate(units):
        text = rng.choice(VOCAB["indicators"][unit])
        row = ([stt_cell(i + 1)] if stt else []) + [_label(rng, text, i, features), word_cell(unit)]
        row += _row_cells(rng, [unit, unit], ["target", "level"], style, features, False)
        row += _row_cells(rng, ["%"], ["change"], style, {}, False)
        _empty(rng, row, list(range(first_value, first_value + 2)), features)
        if notes:
            row.append(word_cell(rng.choice(VOCAB["notes"] + [""])))
        body.append(row)
    words = frozenset(range(first_value)) | (frozenset({len(body[0]) - 1}) if notes else frozenset())
    return Grid(None, head, body, "Kết quả thực hiện các chỉ tiêu chuyển đổi số", word_columns=words)


def rank_cell(n: int) -> Cell:
    """A cell of a ranking column: a rank, no unit (SPEC section 1)."""
    return Cell(str(n), (Part(0, len(str(n)), Want("rank", n, None)),))


def scores_table(rng, variant: str, features: dict) -> Grid:
    """A ranking by a score: `Hạng | Tỉnh, thành phố | Điểm PII 2024 | Hạng PII 2023` or `Hạng |
    Tên đội | Đơn vị | Điểm TB`. Whatever index or average the heading names by its letters, and
    whatever year follows, a `Điểm …` cell is a score in points and a `Hạng …` cell a rank."""
    style = features["decimals"]
    n = rng.randint(3, 4)
    if variant == "index by year":
        index = rng.choice(VOCAB["indices"])
        year = rng.randint(2021, 2025)
        head = [word_cell("Hạng"), word_cell("Tỉnh, thành phố"), year_cell(f"Điểm {index} {year}"),
                year_cell(f"Hạng {index} {year - 1}")]
        names = [[word_cell(p)] for p in rng.sample(VOCAB["places"]["provinces"], n)]
        last_ranks = rng.sample(range(1, 64), n)
    else:
        head = [word_cell("Hạng"), word_cell("Tên đội"), word_cell("Đơn vị"),
                word_cell(rng.choice(["Điểm TB", "Điểm trung bình", "Tổng điểm", "Điểm BQ"]))]
        names = [[word_cell(f"Đội {t}"), word_cell(u)] for t, u in
                 zip(rng.sample(VOCAB["teams"], n), rng.sample(VOCAB["places"]["communes"], n))]
        last_ranks = None
    scores = sorted((value_cell(rng, "điểm", style) for _ in range(n)), key=lambda c: -c.parts[0].want.value)
    body = []
    for i in range(n):
        row = [rank_cell(i + 1)] + names[i] + [scores[i]]
        if last_ranks:
            row.append(rank_cell(last_ranks[i]))
        body.append(row)
    return Grid(None, [head], body, "Kết quả xếp hạng", word_columns=frozenset(range(len(names[0]) + 1)))


def rank_change_cell(rng) -> Cell:
    """A cell of a `Tăng/giảm hạng` column: places gained or lost, a rank's change (SPEC section
    1: `tăng 5 hạng`); a minus belongs to the value, a plus is only the writer's mark of a rise."""
    n = rng.randint(1, 9)
    sign = rng.choice(["+", "-", ""])
    offset, length = (1, len(str(n))) if sign == "+" else (0, len(sign) + len(str(n)))
    return Cell(sign + str(n), (Part(offset, length, Want("rank", -n if sign == "-" else n, None, "change")),))


def ranking_table(rng, variant: str, features: dict) -> Grid:
    """A ranking with ties and the change of rank: `Hạng | Tỉnh, thành phố | Điểm DTI 2024 | Tăng/
    giảm hạng` (two provinces of the same score share a rank, the next rank skipped)."""
    style = features["decimals"]
    n = rng.randint(4, 5)
    index = rng.choice(VOCAB["indices"])
    change_head = rng.choice(["Tăng/giảm hạng", "Tăng, giảm hạng", "Thay đổi hạng"])
    head = [word_cell("Hạng"), word_cell("Tỉnh, thành phố"), year_cell(f"Điểm {index} {rng.randint(2021, 2025)}"),
            word_cell(change_head)]
    scores = sorted((value_cell(rng, "điểm", style) for _ in range(n)), key=lambda c: -c.parts[0].want.value)
    tie = rng.randrange(n - 1)
    scores[tie + 1] = scores[tie]
    ranks = [i + 1 for i in range(n)]
    ranks[tie + 1] = ranks[tie]
    body = [[rank_cell(r), word_cell(p), score, rank_change_cell(rng)]
            for r, p, score in zip(ranks, rng.sample(VOCAB["places"]["provinces"], n), scores)]
    return Grid(None, [head], body, "Kết quả xếp hạng chuyển đổi số", word_columns=frozenset({0, 1}))


def goals_table(rng, variant: str, features: dict) -> Grid:
    """A plan's indicators from where they stand to their goals: `Chỉ tiêu | ĐVT | Thực hiện 2024 |
    Mục tiêu 2025 | Mục tiêu 2030`, `TH 2025 | KH 2026`, or `Hiện trạng 2023 | Năm 2025 | Năm
    2030` (a year after where a plan starts from is a goal: SPEC section 1, a goal a target)."""
    style = features["decimals"]
    now = rng.randint(2023, 2025)
    goals = sorted(rng.sample(range(now + 1, now + 7), 2))
    if variant == "goal words":
        heads = [f"Thực hiện {now}"] + [f"{rng.choice(['Mục tiêu', 'Mục tiêu năm'])} {g}" for g in goals]
    elif variant == "plan letters":
        heads = [f"TH {now}", f"KH {goals[0]}"]
    else:
        heads = [f"{rng.choice(['Hiện trạng', 'Hiện trạng năm', 'Thực trạng'])} {now}"] + [f"Năm {g}" for g in goals]
    units = rng.sample(["%", "hộ", "doanh nghiệp", "trạm", "km"], rng.randint(2, 4))
    head = [word_cell("Chỉ tiêu"), word_cell("ĐVT")] + [year_cell(h) for h in heads]
    body = []
    for i, unit in enumerate(units):
        row = [_label(rng, rng.choice(VOCAB["indicators"][unit]), i, features), word_cell(unit)]
        row += _row_cells(rng, [unit] * len(heads), ["level"] + ["target"] * (len(heads) - 1), style, {}, False)
        body.append(row)
    return Grid(None, [head], body, "Chỉ tiêu chuyển đổi số đến năm 2030", word_columns=frozenset({0, 1}))


def compared_table(rng, variant: str, features: dict) -> Grid:
    """A result against its plan or a year before, in %: `Chỉ tiêu | ĐVT | Thực hiện 2024 | % so
    với chỉ tiêu | % so với cùng kỳ`, `Năm 2023 | Năm 2024 | So sánh (%)`, or rows of places
    `Địa phương | Số hộ (hộ) | % so với kế hoạch`. A ratio to a plan or to a year is a level
    reached (GUIDE: a value reached against a plan is a level), its unit "%"."""
    style = features["decimals"]
    year = rng.randint(2023, 2025)
    body = []
    if variant == "places":
        measure = rng.choice([m for m in VOCAB["measures"] if m["unit"] not in ("%", "điểm")])
        compared = rng.choice(["% so với kế hoạch", "% so với chỉ tiêu", "% KH"])
        head = [word_cell("Địa phương"), word_cell(measure["head"]), word_cell(compared)]
        for place in rng.sample(VOCAB["places"]["provinces"], rng.randint(3, 4)):
            body.append([word_cell(place)] + _row_cells(rng, [measure["unit"], "%"], ["level", "level"], style, {}, False))
        return Grid(None, [head], body, "Các địa phương dẫn đầu", word_columns=frozenset({0}))
    if variant == "% so với":
        heads = [year_cell(f"Thực hiện {year}"), word_cell("% so với chỉ tiêu"), word_cell("% so với cùng kỳ")]
        units_of = lambda unit: [unit, "%", "%"]
    else:
        heads = [year_cell(f"Năm {year - 1}"), year_cell(f"Năm {year}"), word_cell(rng.choice(["So sánh (%)", "So với cùng kỳ (%)"]))]
        units_of = lambda unit: [unit, unit, "%"]
    head = [word_cell("Chỉ tiêu"), word_cell("ĐVT")] + heads
    for i, unit in enumerate(rng.sample(["hộ", "doanh nghiệp", "hồ sơ", "trạm", "km"], rng.randint(2, 4))):
        row = [_label(rng, rng.choice(VOCAB["indicators"][unit]), i, features), word_cell(unit)]
        body.append(row + _row_cells(rng, units_of(unit), ["level"] * 3, style, {}, False))
    return Grid(None, [head], body, "Kết quả so với kế hoạch và cùng kỳ", word_columns=frozenset({0, 1}))


def row_units_table(rng, variant: str, features: dict) -> Grid:
    """Rows naming their unit in brackets (`Doanh thu (tỷ đồng)`, `Tỷ lệ vé điện tử (%)`) against
    a header of years or of events dated in brackets (`Festival lần thứ X (2024)`): the row's
    bracket is its cells' unit; a bracketed year says when (a date, SPEC section 4)."""
    style = features["decimals"]
    rows = rng.sample(VOCAB["row_units"], rng.randint(3, 4))
    if variant == "years":
        heads = [year_cell(y) for y in _years(rng)]
    else:
        first = rng.randint(2014, 2020)
        count = rng.randint(2, 3)
        numerals = ["VIII", "IX", "X", "XI", "XII"]
        heads = [year_cell(f"{rng.choice(['Festival lần thứ', 'Hội chợ lần thứ'])} {numerals[i]} ({first + 2 * i})")
                 for i in range(count)]
    head = [word_cell("Chỉ tiêu")] + heads
    body = []
    for i, row in enumerate(rows):
        label = _label(rng, row["head"], i, features)
        body.append([label] + _row_cells(rng, [row["unit"]] * len(heads), ["level"] * len(heads), style, {}, False))
    return Grid(None, [head], body, "Một số kết quả qua các kỳ", word_columns=frozenset({0}))


def kinds_table(rng, variant: str, features: dict) -> Grid:
    """Rows of kinds under a first column's heading no list of headings knows (`Loại án | Thụ lý |
    Giải quyết | Tỷ lệ (%)`), the unit in the caption (`ĐVT: vụ`): each row's heading its label."""
    style = features["decimals"]
    kind = VOCAB["kinds"][["cases", "aid", "incidents"].index(variant)]
    head = [word_cell(kind["head"])] + [word_cell(c) for c in kind["columns"]] + [word_cell("Tỷ lệ (%)")]
    units = [kind["unit"]] * len(kind["columns"]) + ["%"]
    body = [[word_cell(r)] + _row_cells(rng, units, ["level"] * len(units), style, {}, False)
            for r in rng.sample(kind["rows"], rng.randint(3, 4))]
    return Grid(f"(ĐVT: {kind['unit']})", [head], body, "Kết quả theo loại", word_columns=frozenset({0}))


def two_measures_table(rng, variant: str, features: dict) -> Grid:
    """Two measures whose units the caption names in turn, as the columns: `(ĐVT: lượt xem /
    giao dịch)` over `Hạng | Dự án | Lượt xem | Giao dịch`: each column takes its own."""
    n = rng.randint(3, 4)
    head = [word_cell("Hạng"), word_cell("Dự án"), word_cell("Lượt xem"), word_cell("Giao dịch")]
    projects = rng.sample(["The Sola Park", "Khai Sơn City", "Hoàng Huy Commerce", "Vinhomes Smart City", "Eco Green"], n)
    body = [[rank_cell(i + 1), word_cell(p)] + _row_cells(rng, ["lượt xem", "giao dịch"], ["level", "level"],
                                                            features["decimals"], {}, False)
            for i, p in enumerate(projects)]
    return Grid("(ĐVT: lượt xem / giao dịch)", [head], body, "Dự án được quan tâm nhiều nhất",
                word_columns=frozenset({0, 1}))


def items_list(rng, variant: str, features: dict) -> Grid:
    """Items of a list, a label and one figure each, under a caption naming their unit ("Phân theo
    diện … (ĐVT: lượt người)"): written out by the item layouts only."""
    entry = VOCAB["items"][["people", "money", "shares", "places"].index(variant)]
    body = [[word_cell(r), value_cell(rng, entry["unit"], features["decimals"])]
            for r in rng.sample(entry["rows"], rng.randint(3, 4))]
    return Grid(entry["caption"], [], body, "Kết quả", word_columns=frozenset({0}))


def energy_table(rng, variant: str, features: dict) -> Grid:
    """A green transition's operating figures, each row's unit a measure's in an ĐVT column:
    `Chỉ tiêu | ĐVT | Năm 2023 | Năm 2024 | Kế hoạch 2025` (`MWh`, `kVA`, `m³`: SPEC section 2,
    a physical measure, not a count)."""
    now = rng.randint(2023, 2025)
    heads = [f"Năm {now - 1}", f"Năm {now}", f"Kế hoạch {now + 1}"]
    head = [word_cell("Chỉ tiêu"), word_cell("ĐVT")] + [year_cell(h) for h in heads]
    body = [[word_cell(name), word_cell(unit)] +
            _row_cells(rng, [unit] * 3, ["level", "level", "target"], features["decimals"], {}, False)
            for name, unit in rng.sample(VOCAB["energy"], rng.randint(3, 4))]
    return Grid(None, [head], body, "Chỉ số vận hành năng lượng", word_columns=frozenset({0, 1}))


def coded_label(code: str, text: str, unit: str) -> Cell:
    """A results framework's row heading: the indicator's code (`OC1.`, `OP1.2.`, `PDO 2.`), its
    name and its unit in brackets; the code's numbers are the row's numbering (a list)."""
    shown = f"{code} {text} ({unit})"
    parts = tuple(Part(m.start(), len(m.group()), reason="list") for m in re.finditer(r"\d+", code))
    return Cell(shown, parts)


def results_table(rng, variant: str, features: dict) -> Grid:
    """A donor project's results framework (logframe): `Chỉ số | Cơ sở | Mục tiêu cuối kỳ | Giữa
    kỳ | Nhận xét`, each indicator coded by its level and naming its unit in brackets, under a
    section's heading glossed in capitals ("(LOGFRAME)"). The baseline and what is achieved are
    levels, the target a target (SPEC section 1)."""
    style = features["decimals"]
    if variant == "bilingual headings":
        heads = ["Chỉ số (Indicator)", "Đường cơ sở (Baseline)", "Mục tiêu (Target)", "Đạt được (Achieved)"]
    else:
        heads = ["Chỉ số", "Cơ sở", "Mục tiêu cuối kỳ", rng.choice(["Giữa kỳ", "Thực hiện", "Lũy kế"])]
    levels = rng.sample(VOCAB["results"]["levels"], 2)
    body = []
    for i, entry in enumerate(rng.sample(VOCAB["results"]["rows"], rng.randint(3, 4))):
        code = f"{levels[i % 2]}{i // 2 + 1}." if i < 2 else f"{levels[i % 2]}{i // 2 + 1}.{i % 2 + 1}."
        row = [coded_label(code, entry["head"], entry["unit"])]
        row += _row_cells(rng, [entry["unit"]] * 3, ["level", "target", "level"], style, {}, False)
        row.append(word_cell(rng.choice(VOCAB["results"]["notes"])))
        body.append(row)
    head = [word_cell(h) for h in heads] + [word_cell("Nhận xét")]
    return Grid(rng.choice(VOCAB["results"]["captions"]), [head], body, "Tiến độ thực hiện dự án",
                word_columns=frozenset({0, 4}))


def year_of_event_cell(year: int) -> Cell:
    """A cell of a column of when each thing came to be (`Năm mua`): a date (SPEC section 4)."""
    return Cell(str(year), (Part(0, 4, reason="date"),))


def inventory_table(rng, variant: str, features: dict) -> Grid:
    """An inventory: `TT | Tên thiết bị | ĐVT | Số lượng | Năm mua | Tình trạng`, each count in
    its row's unit, or `STT | Phần mềm | Số bản quyền | Năm đưa vào sử dụng` with no ĐVT column,
    the count's unit the noun its column counts. The years are dates."""
    inv = VOCAB["inventory"]
    n = rng.randint(3, 4)
    year_head = rng.choice(inv["year_heads"])
    if variant == "unit column":
        head = [word_cell("TT"), word_cell("Tên thiết bị"), word_cell("ĐVT"), word_cell("Số lượng"),
                word_cell(year_head), word_cell("Tình trạng")]
        body = [[stt_cell(i + 1), word_cell(name), word_cell(unit), value_cell(rng, unit, "comma"),
                 year_of_event_cell(rng.randint(2015, 2024)), word_cell(rng.choice(inv["states"]))]
                for i, (name, unit) in enumerate(rng.sample(inv["things"], n))]
        words = frozenset({0, 1, 2, 5})
    else:
        counted = rng.choice(inv["counted_heads"])
        unit = counted.split(" ", 1)[1]
        head = [word_cell("STT"), word_cell("Phần mềm"), word_cell(counted), word_cell(year_head)]
        body = [[stt_cell(i + 1), word_cell(name), value_cell(rng, unit, "comma"),
                 year_of_event_cell(rng.randint(2015, 2024))]
                for i, name in enumerate(rng.sample(inv["software"], n))]
        words = frozenset({0, 1})
    return Grid(None, [head], body, "Kiểm kê trang thiết bị công nghệ thông tin", word_columns=words)


def keyed_lines(rng, variant: str, features: dict) -> Grid:
    """Figures after their keys, written `key: figure | key: figure` by the keyed layout only:
    keys of roles under the indicator they measure (`Cơ sở: 7 | Hiện tại: 58 | Mục tiêu: 150`,
    the unit in the indicator's brackets), months by their letter under a caption's unit and
    scale (`T1: 1.284 | T2: …`), or keys naming each share (`Di động: 68,4% | …`). Each body row
    is a line: its cells key, figure, key, figure…"""
    kv = VOCAB["keyed"]
    style = features["decimals"]
    if variant == "roles":
        caption = rng.choice(kv["indicators"])
        unit = caption[caption.rindex("(") + 1:-1]
        keys = [kv["roles"][i] for i in sorted(rng.sample(range(len(kv["roles"])), 3))]
        body = [[cell for key, role in keys for cell in (word_cell(key), value_cell(rng, unit, style, role))]]
    elif variant == "months":
        caption = rng.choice(kv["months_captions"])
        months = [f"T{m}" for m in range(1, 7)]
        body = [[cell for key in half for cell in (word_cell(key), value_cell(rng, "nghìn lượt", style))]
                for half in (months[:3], months[3:])]
    else:
        caption = rng.choice(kv["names_captions"])
        body = [[cell for key in rng.sample(kv["names"], 3)
                 for cell in (word_cell(key), value_cell(rng, "%", style, percent_sign=True))]]
    return Grid(caption, [], body, "Kết quả", word_columns=frozenset())


FAMILIES = {
    "years": (years_table, ["caption %", "caption money", "caption of what", "caption per row", "unit column", "% in cells"]),
    "categories": (categories_table, ["caption of what", "caption %", "% in cells"]),
    "places as rows": (places_rows_table, ["districts", "communes", "provinces"]),
    "places as columns": (places_cols_table, ["caption %", "caption per row"]),
    "plan": (plan_table, ["plain", "with notes"]),
    "scores": (scores_table, ["index by year", "average"]),
    "ranking": (ranking_table, ["ties and changes"]),
    "goal years": (goals_table, ["goal words", "plan letters", "baseline"]),
    "compared": (compared_table, ["% so với", "So sánh (%)", "places"]),
    "row units": (row_units_table, ["years", "dated events"]),
    "kinds": (kinds_table, ["cases", "aid", "incidents"]),
    "two measures": (two_measures_table, ["caption in turn"]),
    "items": (items_list, ["people", "money", "shares", "places"]),
    "results framework": (results_table, ["codes and units", "bilingual headings"]),
    "inventory": (inventory_table, ["unit column", "counted column"]),
    "keyed": (keyed_lines, ["roles", "months", "names"]),
    "energy": (energy_table, ["unit column"]),
}


# --- layouts: how a table is written out ------------------------------------------------------

class Writer:
    def __init__(self):
        self.pieces: list[str] = []
        self.at = 0
        self.wants: list[tuple[int, int, Want]] = []
        self.nonvalues: list[tuple[int, int, str]] = []

    def put(self, text: str) -> None:
        self.pieces.append(text)
        self.at += len(text)

    def cell(self, cell: Cell, text: Optional[str] = None) -> None:
        """Write `cell` (as `text` when the layout pads or quotes it; the cell's own text
        starts where `text` holds it)."""
        shown = cell.text if text is None else text
        base = self.at + (shown.index(cell.text) if cell.text else 0)
        for part in cell.parts:
            span = (base + part.offset, base + part.offset + part.length)
            if part.want is not None:
                self.wants.append((*span, part.want))
            else:
                self.nonvalues.append((*span, part.reason))
        self.put(shown)

    def row(self, cells: list[Cell], sep: str, outer: str = "") -> None:
        self.put(outer)
        for i, cell in enumerate(cells):
            if i:
                self.put(sep)
            self.cell(cell)
        self.put(outer.rstrip() if outer else "")
        self.put("\n")


def _opening(w: Writer, grid: Grid, rng) -> None:
    number = rng.randint(1, 12)
    w.put("Kết quả cụ thể như sau:\n")
    w.cell(Cell(f"Bảng {number}. {grid.title}", (Part(5, len(str(number)), reason="list"),)))
    w.put("\n")
    if grid.caption:
        w.put(grid.caption + "\n")


def _closing(w: Writer) -> None:
    w.put("Nguồn: Sở Khoa học và Công nghệ.\n")


def _fill(cell: Cell, empty: str) -> Cell:
    return word_cell(empty) if cell.blank else cell


def layout_delimited(sep: str, outer: str = "", rule: bool = False):
    def write(w: Writer, grid: Grid, rng) -> None:
        _opening(w, grid, rng)
        for i, row in enumerate(grid.head + grid.body):
            w.row(row, sep, outer)
            if rule and i == len(grid.head) - 1:
                w.put("|" + "|".join("---" for _ in row) + "|\n")
        _closing(w)
    return write


def layout_fixed(w: Writer, grid: Grid, rng) -> None:
    rows = grid.head + grid.body
    widths = [max(len(r[c].text) for r in rows) for c in range(len(rows[0]))]
    _opening(w, grid, rng)
    for row in rows:
        for c, cell in enumerate(row):
            right = c not in grid.word_columns
            shown = cell.text.rjust(widths[c]) if right else cell.text.ljust(widths[c])
            w.cell(cell, ("  " if c else "") + shown)
        w.put("\n")
    _closing(w)


def layout_flat(w: Writer, grid: Grid, rng) -> None:
    """Single spaces between cells, as a PDF flattens a statistics table; the header only
    the years (`2021 2022 2023 Sơ bộ 2024`) or with its word headings."""
    _opening(w, grid, rng)
    keep_words = rng.random() < 0.5
    for r, row in enumerate(grid.head + grid.body):
        cells = [_fill(c, "-") for c in row]
        if r < len(grid.head) and not keep_words:
            cells = [c for i, c in enumerate(cells) if i not in grid.word_columns]
        w.row(cells, " ")
    _closing(w)


def layout_cell_a_line(blank_lines: bool):
    def write(w: Writer, grid: Grid, rng) -> None:
        _opening(w, grid, rng)
        w.put("\n" if blank_lines else "")
        for row in grid.head + grid.body:
            for cell in row:
                w.cell(_fill(cell, "-"))
                w.put("\n\n" if blank_lines else "\n")
        _closing(w)
    return write


def layout_csv(sep: str):
    def write(w: Writer, grid: Grid, rng) -> None:
        _opening(w, grid, rng)
        for row in grid.head + grid.body:
            for i, cell in enumerate(row):
                if i:
                    w.put(sep)
                w.cell(cell, f'"{cell.text}"' if sep in cell.text else cell.text)
            w.put("\n")
        _closing(w)
    return write


def layout_slashed(w: Writer, grid: Grid, rng) -> None:
    """`- label: v1 / v2 / v3` under a heading that names the columns in brackets."""
    columns = [i for i in range(len(grid.head[-1])) if i not in grid.word_columns]
    w.put("Kết quả cụ thể như sau:\n")
    if grid.caption:
        w.put(grid.caption + "\n")
    w.put(f"{grid.title} (")
    for n, c in enumerate(columns):
        if n:
            w.put(" / ")
        head = grid.head[-1][c]
        # a heading with its own slash or brackets cannot stand in a slashed list: the writer
        # says the change in words and writes "%" in its cells
        w.cell(Cell("Tăng giảm") if head.text.startswith("Tăng") else head)
    w.put("):\n")
    unit_column = next((i for i, h in enumerate(grid.head[-1]) if h.text == "ĐVT"), None)
    label_column = max((i for i in grid.word_columns if i != unit_column and grid.head[-1][i].text not in ("STT", "Ghi chú")),
                       default=0)
    for row in grid.body:
        label = row[label_column]
        if label.text.startswith("- "):  # a sub-row: "+ Thành thị: …" under "- Tỷ lệ …: …"
            w.put("  + ")
            label = Cell(label.text[2:])
        elif not NUMBERED.match(label.text):
            w.put("- ")
        w.cell(label)
        if unit_column is not None:
            w.put(f" ({row[unit_column].text})")
        w.put(": ")
        for n, c in enumerate(columns):
            if n:
                w.put(" / ")
            cell = _fill(row[c], "-")
            if cell.parts and cell.parts[0].want is not None and cell.parts[0].want.role == "change":
                part = cell.parts[0]
                cell = Cell(cell.text + "%", (Part(part.offset, part.length + 1, part.want),))
            w.cell(cell)
        w.put(";\n")
    _closing(w)


def layout_items(style: str):
    """Items of a list under their caption: `- Label: 143`, `Label ........ 143` (dot leaders, or
    `……`), `Label – 143`, or every item on one line, `Label: 143; Label: 96; …`."""
    def write(w: Writer, grid: Grid, rng) -> None:
        w.put("Kết quả cụ thể như sau:\n")
        w.put(grid.caption + (":" if style == "one line" else "") + "\n")
        for n, (label, value) in enumerate(grid.body):
            if style == "colon":
                w.put("- ")
                w.cell(label)
                w.put(": ")
            elif style == "dot leaders":
                w.cell(label)
                w.put(" " + ("." * max(8, 60 - len(label.text)) if rng.random() < 0.7 else "…" * rng.randint(4, 12)) + " ")
            elif style == "dash":
                w.cell(label)
                w.put(" – ")
            else:
                w.put("; " if n else "")
                w.cell(label)
                w.put(": ")
            w.cell(value)
            w.put("." if style == "one line" and n == len(grid.body) - 1 else "")
            w.put("" if style == "one line" and n < len(grid.body) - 1 else "\n")
        _closing(w)
    return write


def layout_keyed(w: Writer, grid: Grid, rng) -> None:
    """Each body row on a line, `key: figure` pairs apart by ` | `, under the caption."""
    w.put("Kết quả cụ thể như sau:\n")
    w.put(grid.caption + "\n")
    for row in grid.body:
        for n in range(0, len(row), 2):
            w.put(" | " if n else "")
            w.cell(row[n])
            w.put(": ")
            w.cell(row[n + 1])
        w.put("\n")
    _closing(w)


LAYOUTS = {
    "tab": layout_delimited("\t"),
    "pipes with a rule": layout_delimited(" | ", "| ", rule=True),
    "pipes, outer": layout_delimited(" | ", "| "),
    "pipes, inner only": layout_delimited(" | "),
    "fixed width": layout_fixed,
    "flat": layout_flat,
    "a cell a line": layout_cell_a_line(False),
    "a cell a line, blank lines": layout_cell_a_line(True),
    "csv ;": layout_csv(";"),
    "csv ,": layout_csv(","),
    "slashed list": layout_slashed,
    "items, colon": layout_items("colon"),
    "items, dot leaders": layout_items("dot leaders"),
    "items, dash": layout_items("dash"),
    "items, one line": layout_items("one line"),
    "keyed lines": layout_keyed,
}
# Items of a list are written only as items; no other family is.
ITEM_LAYOUTS = {"items, colon", "items, dot leaders", "items, dash", "items, one line"}

# Lines of keyed figures are written only as such; no other family is.
KEYED_LAYOUTS = {"keyed lines"}
# An inventory is a table of cells apart by separators or aligned by spaces.
INVENTORY_LAYOUTS = {"tab", "pipes with a rule", "pipes, outer", "pipes, inner only", "fixed width", "csv ;"}
# A flattened table needs cells a space cannot split: years as headers, a number a cell.
FLAT_FAMILIES = {"years"}
# A slashed list names its columns in one bracket; tables of places name a unit per column.
SLASHED_FAMILIES = {"years", "categories", "places as columns", "plan"}

ROW_FEATURES = {
    "numbered": ["1.", "I.", "a)"],
    "empty": ["-", "…", "x", ""],
    "footnote": [True],
    "sub_rows": [True],
    "stt": [True],
    "two_header_lines": [True],
}
# Families added after the gallery's first 326 tables (stop 30; stop 31 the ranking, goal years,
# compared, row units, kinds, two measures and items; stop 32 the results framework; stop 33 the
# inventory and keyed lines; stop 34 the energy figures), each drawn apart.
OWN_DRAWS = {"scores", "ranking", "goal years", "compared", "row units", "kinds", "two measures", "items",
             "results framework", "inventory", "keyed", "energy"}
APPLIES = {"sub_rows": {"years"}, "stt": {"places as rows", "plan"}, "two_header_lines": {"places as rows", "plan"},
           "numbered": {"years", "categories", "places as columns", "plan"},
           "empty": set(FAMILIES) - OWN_DRAWS, "footnote": set(FAMILIES) - OWN_DRAWS}


def gallery(seed: int = SEED, per_shape: int = TABLES_PER_SHAPE) -> list[Table]:
    """Every layout × family × variant, `per_shape` tables each with row features drawn."""
    rng = random.Random(seed)
    tables = []
    for layout, write in LAYOUTS.items():
        for family, (build, variants) in FAMILIES.items():
            if layout == "flat" and family not in FLAT_FAMILIES:
                continue
            if layout == "slashed list" and family not in SLASHED_FAMILIES:
                continue
            if (layout in ITEM_LAYOUTS) != (family == "items") or (layout in KEYED_LAYOUTS) != (family == "keyed"):
                continue
            if family == "inventory" and layout not in INVENTORY_LAYOUTS:
                continue
            # a family added later draws from its own stream: the tables composed before stay the same
            draws = random.Random(f"{seed} {layout} {family}") if family in OWN_DRAWS else rng
            for variant in variants:
                for _ in range(per_shape):
                    features = {"decimals": draws.choice(["comma", "comma", "dot"])}
                    for name, choices in ROW_FEATURES.items():
                        if family in APPLIES.get(name, {family}) and draws.random() < 0.3:
                            features[name] = draws.choice(choices)
                    if layout in ("flat", "slashed list"):
                        features.pop("two_header_lines", None)
                    grid = build(draws, variant, features)
                    w = Writer()
                    write(w, grid, draws)
                    tags = {"layout": layout, "family": family, "variant": f"{family}: {variant}",
                            "decimals": features["decimals"]}
                    tags.update({f"row: {k}": str(v) for k, v in features.items() if k != "decimals"})
                    tables.append(Table("".join(w.pieces), w.wants, w.nonvalues, tags))
    return tables


# --- checking ---------------------------------------------------------------------------------

def problems(table: Table, records) -> list[str]:
    """What the records get wrong about `table`: each value cell must be found once with its
    kind, value, unit (as the referee compares units) and role; no number that is no value may
    be a record, nor anything else."""
    return judged(table.text, table.wants, table.nonvalues, records)


def run(extractor, tables: list[Table]) -> list[list[str]]:
    from dxextract.pipeline import extract_with

    return [problems(t, extract_with(extractor, t.text)) for t in tables]


def left_why(table: Table) -> Optional[str]:
    """Why `table` may still fail: the reason of the first shape left (VOCAB `left`) whose tags
    it has all, a row feature given as `row: name` or `row: name=value`."""
    for entry in VOCAB.get("left") or ():
        if all(_has(table.tags, key, str(value)) for key, value in entry["tags"].items()):
            return entry["why"]
    return None


def _has(tags: dict[str, str], key: str, value: str) -> bool:
    if key != "row":
        return tags.get(key) == value
    name, _, wanted = value.partition("=")
    return f"row: {name}" in tags and (not wanted or tags[f"row: {name}"] == wanted)


def report(tables: list[Table], found: list[list[str]]) -> dict[str, tuple[int, int]]:
    """(tables passing, tables) for each shape, a shape being one tag's value."""
    shapes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for table, issues in zip(tables, found):
        for tag, value in table.tags.items():
            key = f"{tag}={value}" if tag != "variant" else f"variant={value}"
            shapes[key][1] += 1
            shapes[key][0] += not issues
    return {k: (v[0], v[1]) for k, v in sorted(shapes.items())}


def main() -> None:
    import sys

    from dxextract.pipeline import extractor_for

    tables = gallery()
    found = run(extractor_for(()), tables)
    ok = sum(not f for f in found)
    left = sum(bool(f) and left_why(t) is not None for t, f in zip(tables, found))
    print(f"{ok}/{len(tables)} tables pass; {left} of those failing are of shapes left")
    for shape, (passed, total) in report(tables, found).items():
        print(f"{passed:4d}/{total:<4d} {passed / total:6.1%}  {shape}")
    if "-v" in sys.argv:
        for table, issues in zip(tables, found):
            if issues:
                print("=" * 60, table.tags, "\n" + table.text, *issues[:8], sep="\n")


if __name__ == "__main__":
    main()
