"""The indicator catalogue (rules/indicators.yaml, dxextract/catalogue.py).

Every `examples`/`none` entry of indicators.yaml is a test case whose id is the indicator's
code (`pytest -k TTHC_ON_TIME`); the rest checks the matching language, the validation of
malformed entries and the merge of a user rules folder over the built-in one.
"""
import json
import unicodedata
from pathlib import Path

import pytest

from dxextract.catalogue import KINDS, PILLARS, Catalogue, Indicator
from dxextract.normalize import fold
from dxextract.rules import RuleError, load_rulebook

ROOT = Path(__file__).resolve().parent.parent
BOOK = load_rulebook()
ENTRIES = BOOK.section("indicators", key="code")
SYNONYMS = BOOK.section("indicator_synonyms")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_rulebook(BOOK)


def _none_cases(entry):
    for ex in entry.get("none") or []:
        if isinstance(ex, str):
            for kind in entry["kinds"]:
                yield ex, kind
        else:
            yield ex["label"], ex["kind"]


# -- the examples written beside each indicator ----------------------------------------------
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["code"] for e in ENTRIES])
def test_indicator_examples(entry, catalogue):
    assert entry.get("examples"), f"{entry['code']} has no examples"
    wrong = [(ex["label"], ex["kind"], catalogue.match(ex["label"], ex["kind"]))
             for ex in entry["examples"] if catalogue.match(ex["label"], ex["kind"]) != entry["code"]]
    assert not wrong, f"{entry['code']}: labels that do not get it: {wrong}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["code"] for e in ENTRIES])
def test_indicator_near_misses(entry, catalogue):
    assert entry.get("none"), f"{entry['code']} lists no near misses"
    wrong = [(label, kind) for label, kind in _none_cases(entry) if catalogue.match(label, kind) == entry["code"]]
    assert not wrong, f"{entry['code']}: near misses that get it: {wrong}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["code"] for e in ENTRIES])
def test_kinds_gate_the_code(entry, catalogue):
    """A label of a kind the indicator does not come in never gets its code."""
    for ex in entry["examples"]:
        for kind in KINDS:
            if kind not in entry["kinds"]:
                assert catalogue.match(ex["label"], kind) != entry["code"], (ex["label"], kind)


@pytest.mark.parametrize("entry", SYNONYMS, ids=[e["id"] for e in SYNONYMS])
def test_synonyms_spell_out(entry, catalogue):
    for form in entry["forms"]:
        assert catalogue.spell(form) == fold(entry["means"])
        assert catalogue.spell(f"tỷ lệ {form} đạt") == f"tỷ lệ {fold(entry['means'])} đạt"


# -- the catalogue as a whole ----------------------------------------------------------------
def test_catalogue_size_and_shape(catalogue):
    assert len(catalogue) >= 35
    codes = [ind.code for ind in catalogue]
    assert len(codes) == len(set(codes))
    assert {ind.pillar for ind in catalogue} == set(PILLARS)
    for ind in catalogue:
        assert isinstance(ind, Indicator)
        assert ind.kinds and set(ind.kinds) <= set(KINDS)
        assert ind.aliases and all(isinstance(a, str) for a in ind.aliases)
        assert catalogue.get(ind.code) is ind
    assert catalogue.get("NO_SUCH_CODE") is None


@pytest.mark.parametrize("label, kind, code", [
    # the labels of the brief, as the sample reports write them
    ("Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh", "percent", "DVC_ONLINE_DOSSIER_RATE"),
    ("tỷ lệ hồ sơ trực tuyến", "percent", "DVC_ONLINE_DOSSIER_RATE"),
    ("Tỷ lệ hồ sơ trực tuyến phát sinh của DVCTT", "percent", "DVC_ONLINE_DOSSIER_RATE"),
    ("Tỷ lệ kết quả giải quyết TTHC được số hóa", "percent", "TTHC_DIGITISATION"),
    ("tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC", "percent", "TTHC_DIGITISATION"),
    ("Tỷ lệ cấp kết quả giải quyết TTHC điện tử", "percent", "TTHC_E_RESULTS"),
    ("tỷ lệ hồ sơ giải quyết đúng hạn", "percent", "TTHC_ON_TIME"),
    ("Tỷ lệ văn bản xử lý qua môi trường mạng", "percent", "EDOC_NETWORK"),
    ("Văn bản được ký số đúng quy định", "percent", "EDOC_SIGNED"),
    ("Tỷ lệ người trưởng thành sở hữu điện thoại thông minh", "percent", "ADULT_SMARTPHONE"),
    ("tỷ lệ dân số trưởng thành có điện thoại thông minh", "percent", "ADULT_SMARTPHONE"),
    ("tỷ lệ hộ gia đình có truy cập Internet băng rộng cáp quang", "percent", "HOUSEHOLD_FIBRE"),
    ("hộ gia đình có kết nối Internet băng rộng cáp quang", "percent", "HOUSEHOLD_FIBRE"),
    ("Tổ công nghệ số cộng đồng cấp xóm", "count", "COMMUNITY_TECH_TEAMS"),
    ("cáp quang nội tỉnh", "length", "FIBRE_KM"),
    ("trạm BTS", "count", "BTS_STATIONS"),
    ("điểm chấp nhận thanh toán", "count", "CASHLESS_ACCEPTANCE_POINTS"),
    ("tổng doanh thu kinh tế số", "money", "DIGITAL_ECONOMY_REVENUE"),
    ("chứng thư số của Ban Cơ yếu Chính phủ", "count", "DIGITAL_CERTIFICATES"),
    ("tài khoản định danh điện tử mức 2", "count", "VNEID_ACCOUNTS"),
    ("chuyển đổi số", "rank", "DTI_RANK"),
    ("hạ tầng số", "rank", "DTI_INFRA_RANK"),
    ("hoạt động chính quyền số", "rank", "DTI_GOV_RANK"),
    ("cung cấp DVCTT toàn trình", "percent", "DVC_FULL_ONLINE"),
    # the traps of the brief
    ("tỷ lệ hồ sơ TTHC xử lý quá hạn", "percent", None),
    ("thuê bao có sử dụng dịch vụ 3G/4G", "percent", "MOBILE_BROADBAND_SUBSCRIBERS"),
    ("Tỷ lệ điểm phục vụ của mạng bưu chính công cộng có kết nối Internet băng rộng cố định",
     "percent", "POSTAL_POINTS_BROADBAND"),
    ("Tổ công nghệ số cộng đồng cấp xóm", "percent", "COMMUNITY_TECH_TEAMS"),
    ("cáp quang nội tỉnh", "count", None),
    ("tỷ lệ hồ sơ trực tuyến", "money", None),
])
def test_brief_labels(catalogue, label, kind, code):
    assert catalogue.match(label, kind) == code


def test_folding_case_tones_unicode_and_spelling(catalogue):
    code = "TTHC_DIGITISATION"
    for label in ("tỷ lệ số hoá hồ sơ, kết quả giải quyết TTHC",
                  "TỶ LỆ SỐ HÓA HỒ SƠ, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                  unicodedata.normalize("NFD", "tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
                  "tỉ lệ số  hóa\u00a0hồ sơ, kết quả giải quyết tthc"):
        assert catalogue.match(label, "percent") == code, label
    assert catalogue.match("Tỉ lệ DVCTT có phát sinh hồ sơ", "percent") == "DVC_WITH_DOSSIER_RATE"


def test_word_boundaries(catalogue):
    assert catalogue.match("trạm BTS", "count") == "BTS_STATIONS"
    assert catalogue.match("BTS/4G", "count") == "BTS_STATIONS"
    assert catalogue.match("trạm ABTS", "count") is None
    assert catalogue.match("trạm BTSX", "count") is None
    # an alias never reaches across a bracket: "DVCTT (toàn trình)" is not "DVCTT toàn trình"
    assert catalogue.match("hồ sơ DVCTT (toàn trình và một phần)", "count") == "DVC_ONLINE_DOSSIER_COUNT"
    assert catalogue.match("số DVCTT (toàn trình)", "count") != "DVC_FULL_ONLINE"


def test_no_label_or_unknown_kind(catalogue):
    assert catalogue.match(None, "percent") is None
    assert catalogue.match("", "percent") is None
    assert catalogue.match("tỷ lệ hồ sơ trực tuyến", "no-such-kind") is None
    assert catalogue.match("tỷ lệ tăng trưởng GRDP", "percent") is None


def test_match_is_deterministic_and_cached(catalogue):
    label = "tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến"
    first = catalogue.match(label, "percent")
    fresh = Catalogue.from_rulebook(BOOK)
    assert first == "DVC_WITH_DOSSIER_RATE"
    assert [fresh.match(label, "percent") for _ in range(3)] == [first] * 3


def _tiny(*indicators, synonyms=None) -> Catalogue:
    return Catalogue([Indicator(code, code.title(), "tong_hop", tuple(kinds), None, tuple(aliases), tuple(ex))
                      for code, kinds, aliases, ex in indicators], synonyms)


def test_longest_alias_wins_and_ties_go_to_catalogue_order():
    cat = _tiny(("SHORT", ["percent"], ["hồ sơ"], []),
                ("LONG", ["percent"], ["hồ sơ … đúng hạn"], []),
                ("TWIN_A", ["count"], ["trạm"], []),
                ("TWIN_B", ["count"], ["trạm"], []))
    assert cat.match("tỷ lệ hồ sơ được giải quyết đúng hạn", "percent") == "LONG"
    assert cat.match("tỷ lệ hồ sơ", "percent") == "SHORT"
    assert cat.match("trạm", "count") == "TWIN_A"


def test_gap_limit_anchors_and_excludes():
    cat = _tiny(("GAP", ["count"], ["hồ sơ … đúng hạn"], ["quá hạn"]),
                ("ANCHORED", ["count"], ["^ thành viên $"], []),
                ("FALLBACK", ["count"], ["hồ sơ"], []))
    assert cat.match("hồ sơ " + "x " * 10 + "đúng hạn", "count") == "GAP"
    assert cat.match("hồ sơ " + "x " * 11 + "đúng hạn", "count") == "FALLBACK"
    assert cat.match("hồ sơ đúng hạn và quá hạn", "count") == "FALLBACK"  # excluded: the next best
    assert cat.match("hồ sơ (đúng hạn)", "count") == "FALLBACK"
    assert cat.match("Thành viên.", "count") == "ANCHORED"
    assert cat.match("thành viên Ban Chỉ đạo", "count") is None


def test_synonyms_apply_to_labels_and_aliases():
    cat = _tiny(("A", ["percent"], ["DVCTT toàn trình"], []), synonyms={"DVCTT": "dịch vụ công trực tuyến"})
    assert cat.match("dịch vụ công trực tuyến toàn trình", "percent") == "A"
    assert cat.match("DVCTT toàn trình", "percent") == "A"


# -- malformed entries name their file and code ----------------------------------------------
GOOD = {"code": "X_TEST", "name": "Thử", "pillar": "tong_hop", "kinds": ["count"], "unit": None,
        "aliases": ["thử nghiệm"], "examples": [{"label": "thử nghiệm", "kind": "count"}], "none": ["khác"]}


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    import yaml

    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"kinds": ["percentage"]}, "unknown kind"),
    ({"kinds": []}, "kinds"),
    ({"pillar": "chinh_phu_so"}, "pillar"),
    ({"aliases": ["thử", 5]}, "not a string"),
    ({"aliases": []}, "aliases"),
    ({"aliases": ["… thử"]}, "alias"),
    ({"aliases": ["thử …"]}, "alias"),
    ({"excludes": "quá hạn"}, "excludes"),
    ({"examples": ["thử nghiệm"]}, "mapping"),
    ({"examples": [{"label": "thử nghiệm", "kind": "percent"}]}, "kind"),
    ({"examples": [{"label": "thử", "DN": "x", "kind": "count"}]}, "mapping"),
    ({"none": [{"label": "khác"}]}, "none"),
    ({"unit": 5}, "unit"),
    ({"alias": ["typo"]}, "unknown field"),
])
def test_malformed_indicator_names_file_and_code(tmp_path, change, message):
    path = _write(tmp_path, "mine.yaml", {"indicators": [{**GOOD, **change}]})
    with pytest.raises(RuleError) as err:
        Catalogue.from_rulebook(load_rulebook([tmp_path]))
    assert err.value.file == str(path)
    assert err.value.rule_id == "X_TEST"
    assert message in err.value.message


def test_malformed_code_and_missing_code(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    path = _write(tmp_path / "a", "codes.yaml", {"indicators": [{**GOOD, "code": "lower_case"}]})
    with pytest.raises(RuleError) as err:
        Catalogue.from_rulebook(load_rulebook([tmp_path / "a"]))
    assert err.value.file == str(path) and "UPPER_SNAKE" in err.value.message
    path = tmp_path / "b" / "nocode.yaml"
    path.write_text("indicators:\n  - name: Không mã\n    id: no-code\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        Catalogue.from_rulebook(load_rulebook([tmp_path / "b"]))
    assert (err.value.file, err.value.rule_id) == (str(path), "no-code") and "code" in err.value.message


def test_malformed_synonym(tmp_path):
    path = _write(tmp_path, "syn.yaml", {"indicator_synonyms": [{"id": "bad", "forms": ["XX"]}]})
    with pytest.raises(RuleError) as err:
        Catalogue.from_rulebook(load_rulebook([tmp_path]))
    assert (err.value.file, err.value.rule_id) == (str(path), "bad")


# -- a user folder extends and overrides the shipped catalogue -------------------------------
def test_user_folder_adds_and_overrides(tmp_path, catalogue):
    _write(tmp_path, "extra.yaml", {"indicators": [
        {**GOOD, "code": "OPEN_DATA_SETS", "name": "Bộ dữ liệu mở", "pillar": "chinh_quyen_so",
         "aliases": ["dữ liệu mở"], "examples": [{"label": "bộ dữ liệu mở", "kind": "count"}]},
        {**GOOD, "code": "BTS_STATIONS", "name": "Trạm BTS (chỉ 5G)", "pillar": "ha_tang_so",
         "aliases": ["trạm 5G"], "examples": [{"label": "trạm 5G", "kind": "count"}]},
    ]})
    merged = Catalogue.from_rulebook(load_rulebook([tmp_path]))
    assert len(merged) == len(catalogue) + 1
    assert merged.match("bộ dữ liệu mở", "count") == "OPEN_DATA_SETS"
    assert merged.get("BTS_STATIONS").name == "Trạm BTS (chỉ 5G)"
    assert merged.match("trạm 5G", "count") == "BTS_STATIONS"
    assert merged.match("trạm BTS", "count") is None            # the override replaced the aliases
    assert catalogue.match("trạm BTS", "count") == "BTS_STATIONS"  # the built-in one is untouched
    # the rest of the catalogue is kept, in order
    assert [i.code for i in merged][:len(catalogue)] == [i.code for i in catalogue]
    assert merged.match("tỷ lệ hồ sơ giải quyết đúng hạn", "percent") == "TTHC_ON_TIME"
