"""Values laid out in tables (dxextract/tables/, rules/tables.yaml): what a table's numbers
are — values with their row's label and the column's role and qualifier, or no values (the
header's years, row numbers, table numbers, a unit's 100) — and that prose is no table.

The rule file's `examples` run in test_rule_examples.py; its `none` texts run here."""
from __future__ import annotations

import pytest
import yaml

from dxextract.normalize import normalize
from dxextract.pipeline import extract_with
from dxextract.rules import RuleError, load_rulebook
from dxextract.tables import TABLE_RULE
from dxextract.values import ValueFinder


def _table_entry(extractor) -> dict:
    return extractor.book.section("tables")[-1]


def _records(extractor, text: str):
    return extract_with(extractor, text)


def _fates(extractor, text: str) -> dict[str, list[tuple[str, str]]]:
    """Each number's surface -> [(status, reason)], in order."""
    norm = normalize(text).text
    _, fates = extractor.values.claims(norm)
    out: dict[str, list[tuple[str, str]]] = {}
    for fate in fates:
        out.setdefault(norm[fate.start:fate.end], []).append((fate.status, fate.reason))
    return out


def test_none_texts_of_the_rule_file_give_no_table_values(extractor):
    texts = _table_entry(extractor).get("none") or []
    assert texts, "rules/tables.yaml should prove that prose is left alone"
    for text in texts:
        mine = [r for r in _records(extractor, text) if r.rule == TABLE_RULE]
        assert not mine, (text, [(r.text, r.kind, r.label) for r in mine])


FLAT = (
    "Biểu 12. Thuê bao internet\n"
    "Đơn vị tính: Nghìn thuê bao - Unit: Thous. subscribers\n"
    "2021 2022 Sơ bộ Prel. 2023\n"
    "Thuê bao cố định - Fixed 410,5 455,0 498,7\n"
    "Thành thị - Urban 250,1 270,9 288,0\n"
    "Nông thôn - Rural 160,4 184,1 210,7\n"
)


def test_a_flattened_table_gives_every_cell_and_no_year(extractor):
    records = _records(extractor, FLAT)
    assert [r.text for r in records] == ["410,5", "455,0", "498,7", "250,1", "270,9", "288,0",
                                         "160,4", "184,1", "210,7"]
    assert {r.unit for r in records} == {"thuê bao"}
    assert {r.label for r in records} == {"Thuê bao cố định"}  # sub-rows take their parent's heading
    assert records[0].value == 410500 and records[0].qualifier == "=" and records[2].qualifier == "="
    fates = _fates(extractor, FLAT)
    assert fates["2021"] == [("excluded", "date")]
    assert fates["2023"] == [("excluded", "date")]
    assert [status for status, _ in fates["12"]] == ["excluded"]  # "Biểu 12.": the table's number
    assert all(status != "unexplained" for found in fates.values() for status, _ in found)


def test_estimates_targets_changes_and_levels_come_from_the_column_headings(extractor):
    text = ("Chỉ tiêu\tĐVT\tThực hiện 2023\tƯớc 2024\tKế hoạch 2025\tSo với KH (%)\tTăng (%)\n"
            "Tỷ lệ trường học có wifi\t%\t62,0\t70,5\t80\t95,1\t13,7\n"
            "Điểm bưu điện văn hóa xã có internet\tđiểm\t118\t126\t130\t97,0\t6,8\n")
    got = {r.text: (r.kind, r.qualifier, r.role) for r in _records(extractor, text)}
    assert got["62,0"] == ("percent", "=", "level")
    assert got["70,5"] == ("percent", "~", "level")
    assert got["80"] == ("percent", "=", "target")
    assert got["95,1"] == ("percent", "=", "level")
    assert got["13,7"] == ("percent", "=", "change")
    assert got["6,8"] == ("percent", "=", "change")


def test_numbering_and_a_rate_units_hundred_are_no_values(extractor):
    text = ("STT  Chỉ tiêu                       ĐVT            Kế hoạch   Thực hiện\n"
            "1    Mật độ điện thoại di động      máy/100 dân    120        131,4\n"
            "2    Doanh thu dịch vụ số           triệu đồng     2.500      2.715,5\n")
    records = {r.text: r for r in _records(extractor, text)}
    assert set(records) == {"120", "131,4", "2.500", "2.715,5"}
    assert records["131,4"].kind == "rate" and records["131,4"].unit == "máy/100 dân"
    assert records["2.715,5"].kind == "money" and records["2.715,5"].value == pytest.approx(2715.5e6)
    fates = _fates(extractor, text)
    assert fates["1"] == [("excluded", "list")] and fates["2"] == [("excluded", "list")]
    assert fates["100"] == [("excluded", "unit")]


def test_a_transposed_table_one_cell_per_line(extractor):
    text = ("Năm\n\nLượt truy cập cổng thông tin (nghìn lượt)\n\nTỷ lệ hồ sơ có chữ ký số (%)\n\n"
            "2021\n\n850,2\n\n40,3\n\n2022\n\n1.210,0\n\n55,8\n\nƯớc 2023\n\n1.500,0\n\n63,0\n\n"
            "Nguồn: Sở Thông tin và Truyền thông.\n")
    records = _records(extractor, text)
    assert [(r.text, r.kind, r.unit, r.label, r.qualifier) for r in records] == [
        ("850,2", "count", "lượt", "Lượt truy cập cổng thông tin", "="),
        ("40,3", "percent", "%", "Tỷ lệ hồ sơ có chữ ký số", "="),
        ("1.210,0", "count", "lượt", "Lượt truy cập cổng thông tin", "="),
        ("55,8", "percent", "%", "Tỷ lệ hồ sơ có chữ ký số", "="),
        ("1.500,0", "count", "lượt", "Lượt truy cập cổng thông tin", "~"),
        ("63,0", "percent", "%", "Tỷ lệ hồ sơ có chữ ký số", "~"),
    ]
    assert records[0].value == 850200
    fates = _fates(extractor, text)
    assert fates["2021"] == [("excluded", "date")] and fates["2023"] == [("excluded", "date")]


def test_a_total_row_lets_the_title_label_the_breakdown(extractor):
    text = ("Bảng 5. Số hợp tác xã có trang thông tin điện tử chia theo loại hình\n"
            "Đơn vị tính: Hợp tác xã\n"
            "2022 2023 2024\n"
            "Tổng số 210 264 301\n"
            "Nông nghiệp 150 181 200\n"
            "Dịch vụ 60 83 101\n")
    records = _records(extractor, text)
    assert len(records) == 9
    assert {r.label for r in records} == {"Số hợp tác xã có trang thông tin điện tử"}
    assert {r.unit for r in records} == {"Hợp tác xã"}


def test_level_sub_rows_give_the_scope_and_keep_the_parent_label(extractor):
    text = ("(ĐVT: %)\n2023 2024\nTỷ lệ hồ sơ được số hóa 60,5 78,0\nCấp tỉnh 81,0 92,2\n"
            "Cấp huyện 55,3 70,1\nCấp xã 40,0 66,6\n")
    records = _records(extractor, text)
    assert {r.label for r in records} == {"Tỷ lệ hồ sơ được số hóa"}
    assert [r.scope for r in records] == [None, None, "cấp tỉnh", "cấp tỉnh", "cấp huyện", "cấp huyện",
                                          "cấp xã", "cấp xã"]


def test_a_cell_is_not_taken_by_a_trap_reading_the_cell_before_it(extractor):
    # "Thôn 12" and "Km 30" read across the ĐVT cell into the value: the cells are values.
    text = ("Chỉ tiêu Đơn vị tính 2023 2024\n"
            "Thôn chưa có sóng di động Thôn 12 5\n"
            "Tuyến cáp quang mới Km 30 42\n")
    got = {r.text: (r.kind, r.unit) for r in _records(extractor, text)}
    assert got == {"12": ("count", "Thôn"), "5": ("count", "Thôn"), "30": ("length", "km"), "42": ("length", "km")}


@pytest.mark.parametrize("text", [
    # A sentence listing years, then numbers: no header row, no rows of one shape.
    "Các năm 2021 2022 2023 số hồ sơ lần lượt là 1.200 1.500 và 2.100.\nNăm 2024 ước đạt 2.600.\n",
    # A header of years followed by prose.
    "2022 2023 2024\nTỉnh tiếp tục đẩy mạnh chuyển đổi số trong mọi lĩnh vực của đời sống xã hội.\n",
    # One row is no table.
    "2022 2023\nTỷ lệ hồ sơ trực tuyến 41,0 55,2\n\nSau đó tỉnh triển khai nhiều giải pháp.\n",
    # A caption inside a sentence.
    "Số liệu (ĐVT: %) được tổng hợp từ các sở, ngành.\nTỷ lệ A đạt 12 13\nTỷ lệ B đạt 14 15\n",
    # Two lines of prose, each with a double space inside.
    "Toàn tỉnh có 1.204 trạm BTS, tăng  8% so với năm trước và phủ sóng 100% thôn bản vùng cao.\n"
    "Tốc độ di động đạt 95,2 Mbps,  xếp thứ 10 cả nước, cao hơn bình quân của cả vùng Tây Bắc.\n",
])
def test_prose_is_no_table(extractor, text):
    mine = [r for r in _records(extractor, text) if r.rule == TABLE_RULE]
    assert not mine, [(r.text, r.label) for r in mine]


def test_numbered_rows_under_a_header_on_two_lines(extractor):
    # The label and unit columns headed on a line of their own above the years; rows numbered.
    text = ("Chỉ tiêu ĐVT\n2022 2023 2024\n"
            "1. Trạm BTS 5G Trạm 12 88 240\n"
            "2. Doanh thu viễn thông Tỷ đồng 1.120 1.245,5 1.390\n")
    got = {r.text: (r.kind, r.unit, r.label) for r in _records(extractor, text)}
    assert got["88"] == ("count", "Trạm", "Trạm BTS 5G")
    assert got["1.245,5"] == ("money", "VND", "Doanh thu viễn thông")
    fates = _fates(extractor, text)
    assert [status for status, _ in fates["1"]] == ["excluded"]
    assert all(status != "unexplained" for found in fates.values() for status, _ in found)


def test_an_empty_cell_keeps_the_columns_in_place(extractor):
    text = ("Chỉ tiêu\tĐVT\t2023\tKế hoạch 2024\tThực hiện 2024\n"
            "Trạm BTS\ttrạm\t\t1.500\t1.620\n"
            "Cáp quang\tkm\t8.000\t\t9.100\n")
    got = {r.text: r.role for r in _records(extractor, text)}
    assert got == {"1.500": "target", "1.620": "level", "8.000": "level", "9.100": "level"}


def test_a_header_cell_names_a_column_and_a_change_cell_may_carry_its_sign(extractor):
    text = ("| Chỉ tiêu | ĐVT | 9 tháng 2024 | 9 tháng 2025 | Tăng/giảm (%) |\n|---|---|---|---|---|\n"
            "| Thuê bao cố định | Nghìn thuê bao | 85,2 | 80,1 | -6,0 |\n"
            "| Thuê bao di động | Nghìn thuê bao | 1.520 | 1.580 | +3,9 |\n")
    got = {r.text: (r.kind, r.value, r.role) for r in _records(extractor, text)}
    assert got == {"85,2": ("count", 85200, "level"), "80,1": ("count", 80100, "level"),
                   "-6,0": ("percent", -6, "change"), "1.520": ("count", 1520000, "level"),
                   "1.580": ("count", 1580000, "level"), "3,9": ("percent", 3.9, "change")}
    fates = _fates(extractor, text)
    assert fates["9"] == [("excluded", "period"), ("excluded", "period")]
    assert fates["2025"] == [("excluded", "date")]


def test_districts_with_no_row_above_take_the_title(extractor):
    text = ("Biểu 3. Tỷ lệ hộ gia đình có cáp quang\n(ĐVT: %)\n2023 2024\n"
            "Huyện Mộc Châu 61,0 70,2\nHuyện Yên Châu 48,5 57,9\nToàn tỉnh 60,2 68,8\n")
    records = _records(extractor, text)
    assert len(records) == 6 and {r.label for r in records} == {"Tỷ lệ hộ gia đình có cáp quang"}


def test_one_cell_per_line_rows_of_indicators(extractor):
    text = ("Kết quả năm 2024:\n\nChỉ tiêu\n\nĐVT\n\nKế hoạch 2024\n\nThực hiện 2024\n\n"
            "Tỷ lệ hồ sơ trực tuyến toàn trình\n\n%\n\n55\n\n61,2\n\n"
            "Số tài khoản định danh điện tử\n\nNghìn tài khoản\n\n820\n\n905,5\n\n"
            "Các chỉ tiêu còn lại đều đạt.\n")
    got = {r.text: (r.kind, r.value, r.unit, r.role, r.label) for r in _records(extractor, text)}
    assert got == {"55": ("percent", 55, "%", "target", "Tỷ lệ hồ sơ trực tuyến toàn trình"),
                   "61,2": ("percent", 61.2, "%", "level", "Tỷ lệ hồ sơ trực tuyến toàn trình"),
                   "820": ("count", 820000, "tài khoản", "target", "Số tài khoản định danh điện tử"),
                   "905,5": ("count", 905500, "tài khoản", "level", "Số tài khoản định danh điện tử")}


def test_a_flattened_unit_cell_in_lower_case(extractor):
    text = ("Chỉ tiêu ĐVT 2023 2024\nSố trạm BTS trạm 1.204 1.350\n"
            "Mật độ thuê bao băng rộng thuê bao/100 dân 20,1 22,4\nMáy tính trong trường học TB/100 học sinh 8,1 9,0\n")
    got = {r.text: (r.kind, r.unit, r.label) for r in _records(extractor, text)}
    assert got["1.350"] == ("count", "trạm", "Số trạm BTS")
    assert got["22,4"] == ("rate", "thuê bao/100 dân", "Mật độ thuê bao băng rộng")
    assert got["8,1"] == ("rate", "TB/100 học sinh", "Máy tính trong trường học")


def test_a_numbered_list_in_cells_is_no_table(extractor):
    text = "1\tHoàn thành số hóa hồ sơ\n2\tTriển khai nền tảng dữ liệu\n3\tĐào tạo kỹ năng số\n"
    assert not [r for r in _records(extractor, text) if r.rule == TABLE_RULE]


def test_a_column_headed_by_an_index_takes_the_index_unit_of_the_rules(extractor):
    unit = _table_entry(extractor)["index_column_unit"]
    text = "Năm | EGDI | Xếp hạng\n2020 | 0,6667 | 86\n2022 | 0,6787 | 86\n"
    assert [r.unit for r in _records(extractor, text) if r.text.startswith("0,")] == [unit, unit]


def test_an_index_unit_that_is_no_word_is_refused(tmp_path, extractor):
    entry = {k: v for k, v in _table_entry(extractor).items() if k != "_file"}
    path = tmp_path / "tables.yaml"
    path.write_text(yaml.safe_dump({"tables": [{**entry, "index_column_unit": 5}]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        ValueFinder(load_rulebook([tmp_path]))
    assert err.value.file == str(path) and "index_column_unit" in err.value.message


def test_a_unit_kind_naming_an_unknown_word_list_is_refused(tmp_path, extractor):
    """A table's unit kinds may name a shared word list ("\\L<measure_units>"); a misspelt
    list is a clear rule error naming the file, not a KeyError at load."""
    entry = {k: v for k, v in _table_entry(extractor).items() if k != "_file"}
    kinds = {**entry["kinds"], "measure": ["\\L<measure_unitz>"]}
    path = tmp_path / "tables.yaml"
    path.write_text(yaml.safe_dump({"tables": [{**entry, "kinds": kinds}]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        ValueFinder(load_rulebook([tmp_path]))
    assert err.value.file == str(path) and "measure_unitz" in err.value.message


def test_a_keyed_line_is_read_in_time_linear_in_its_length():
    """A figure after its key, then a long run of spaces and a stray bracket: a figure read
    lazily before optional spaces tried every split of the run (40,000 spaces: ~20 s)."""
    from dxextract.tables.keyed import _PAIR, is_keyed_line
    from dxextract.values.matching import REGEX_TIMEOUT_SECONDS
    part = "Số cử tri: 118.230" + " " * 40_000 + "("
    assert _PAIR.fullmatch(part, timeout=REGEX_TIMEOUT_SECONDS) is None
    assert not is_keyed_line(part + " | Được bầu: 03 đại biểu")


def test_a_unit_caption_or_a_year_then_a_long_run_of_spaces_is_read_in_linear_time(extractor):
    """"ĐVT" or a year, a long run of spaces, then a word: optional spaces on both sides of an
    optional group tried every split of the run (40,000 spaces: the scan for captions and
    header years ~10 s, the unit heading line ~2 min)."""
    from dxextract.values.matching import REGEX_TIMEOUT_SECONDS
    rules = extractor.values.tables.rules
    assert rules.header_line.fullmatch("Chỉ tiêu   ĐVT") and rules.header_line.fullmatch("ĐVT - Unit ")
    assert [m.group() for m in rules.scan.finditer("ĐVT tính: %\n2022  2023 (sơ bộ) \n")] == \
        ["ĐVT tính:", "2023 (sơ bộ) "]
    spaces = " " * 40_000
    assert rules.header_line.fullmatch("ĐVT" + spaces + "x", timeout=REGEX_TIMEOUT_SECONDS) is None
    for text in ("ĐVT" + spaces + "x", "Năm 2023" + spaces + "(x"):
        assert not list(rules.scan.finditer(text, timeout=REGEX_TIMEOUT_SECONDS))
    # A heading's English after a dash: each run of spaces tried from its start only.
    assert rules.strip_bilingual("Trạm - Station") == "Trạm"
    assert rules.bilingual.search("Trạm" + spaces + "- Stationé", timeout=REGEX_TIMEOUT_SECONDS) is None


def test_a_heading_with_many_dashes_before_a_letter_not_english_is_read_in_linear_time(extractor):
    """Many " - " separators, then a character no English translation holds: searched from the
    start, each separator read its tail to the end (20,000 separators: ~30 s)."""
    from dxextract.values.matching import REGEX_TIMEOUT_SECONDS
    rules = extractor.values.tables.rules
    # The first separator whose tail is all English, as bilingual yearbooks print it.
    assert rules.strip_bilingual("Trạm - Station - Main") == "Trạm"
    assert rules.strip_bilingual("Trạm – Xã - Station") == "Trạm – Xã"
    assert rules.strip_bilingual("Cố định / Fixed\n") == "Cố định"
    assert rules.strip_bilingual("Trạm - Station - Trạm") == "Trạm - Station - Trạm"
    separators = " - a" * 20_000
    assert rules.bilingual.search("Trạm" + separators + "é", timeout=REGEX_TIMEOUT_SECONDS) is None
    assert rules.strip_bilingual("Trạm" + separators) == "Trạm"
