"""Offsets are sacred: for every record, text == source[start:end], whatever the input —
generated report-like text, decomposed Unicode, new-style tones, odd line endings, or
arbitrary Unicode soup. And extraction never raises on text."""
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract import extract

PIECES = [
    "Tỷ lệ hồ sơ trực tuyến đạt ", "76,2%", " (cấp tỉnh 68,2%, cấp huyện 82%)", "1.482 Tổ công nghệ số",
    " với trên 8.231 km cáp quang", "đứng thứ 13/63", " tăng 1 bậc", "3.800 tỷ đồng", "151/151 xã",
    "31,6 thuê bao/100 dân", "gấp 3,2 lần", "ngày 05/12/2023", " 16:45 ", "Kế hoạch số 2087/KH-UBND",
    "phiên bản 2.0", "3G/4G", "hoà", "Thuỷ", "khoẻ", "hai xã", "mười lăm tổ", "gần 13.000 thành viên",
    "35km", "61,25Mbps", "12,47triệu hộ", "0,8-1,2%/năm", "\n", "\r\n", "\r", ". ", ", ", "; ", "(", ")",
    "khoảng 389 nghìn tỷ đồng", "Online: 6", "1. ", "mục tiêu 85%", "\u00a0", "\t",
]

report_like = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_BREAK = re.compile(r"\r\n|\r|\n")


def _check(text: str) -> None:
    for r in extract(text):
        assert text[r.start:r.end] == r.text, (r, text)
        assert 0 <= r.start < r.end <= len(text)
        breaks = [m.end() for m in _BREAK.finditer(text, 0, r.start)]
        assert (r.line, r.col) == (len(breaks) + 1, r.start - (breaks[-1] if breaks else 0) + 1), r


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_spans_exact_on_report_like_text(text):
    _check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like.map(_decomposed))
def test_spans_exact_on_decomposed_text(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_never_raises_on_any_text(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789.,/%:-() kmđồngtỷ triệu nghìn\n", max_size=200))
def test_never_raises_on_digit_and_punctuation_soup(text):
    _check(text)


def test_decomposed_input_gives_the_same_values():
    composed = "Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh Hoà Bình đạt 76,2%; có 1.482 Tổ công nghệ số."
    decomposed = _decomposed(composed)
    a = [(r.kind, r.value, r.label) for r in extract(composed)]
    b = [(r.kind, r.value, r.label) for r in extract(decomposed)]
    assert a and a == b
    for r in extract(decomposed):
        assert decomposed[r.start:r.end] == r.text


def test_line_and_column_follow_crlf_and_cr():
    text = "Dòng một.\r\nTỷ lệ đạt 76,2%.\rCó 1.482 Tổ công nghệ số."
    got = {r.text: (r.line, r.col) for r in extract(text)}
    assert got["76,2%"] == (2, 11)
    assert got["1.482"] == (3, 4)


_MARKS_AND_ODDITIES = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0345\u093c\u0bbe\u1100\u1161\u11a8\u2126\u212b\u0344"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list("aeoAEOuy dđ1.\n") + list(_MARKS_AND_ODDITIES)),
                                  st.characters(blacklist_categories=("Cs",))), max_size=60))
def test_composing_equals_composing_every_cluster_alone(text):
    """Composing only the clusters that hold marks gives what composing every cluster on its
    own gives (the definition), text and offsets, whatever marks, jamo or singletons it holds."""
    from dxextract.normalize import _compose, _compose_clusters, canonical_tones

    out, starts = [], []
    _compose_clusters(text, 0, len(text), out, starts)
    result = _compose(text, len(text))
    assert (result.text, result.starts) == (canonical_tones("".join(out)), tuple(starts))


def test_a_sentence_wrapped_over_lines_reads_as_one_and_keeps_its_offsets():
    from dxextract.normalize import normalize

    wrapped = ("Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang của toàn tỉnh\n"
               "đạt 71,3%, tăng 6,8 điểm phần trăm so với năm 2022.\n")
    table = ("STT  Chỉ tiêu                                 ĐVT      Kế hoạch   Thực hiện\n"
             "1    Tỷ lệ hồ sơ được tiếp nhận, giải quyết   %        60         64,5\n"
             "     trực tuyến toàn trình\n")
    cells = "Tỷ lệ hồ sơ trực tuyến\n45,2\nhồ sơ\n"
    assert normalize(wrapped).text == wrapped.replace("tỉnh\nđạt", "tỉnh đạt")
    assert normalize(table).text == table and normalize(cells).text == cells
    (record,) = [r for r in extract(wrapped) if r.text == "71,3%"]
    assert record.label == "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang"
    assert wrapped[record.start:record.end] == "71,3%"


def test_a_wrap_before_a_number_or_a_short_end_of_sentence_joins_but_a_list_keeps_its_lines():
    from dxextract.normalize import normalize

    rank = ("Năm 2021, chỉ số chuyển đổi số của tỉnh Tuyên Quang tiếp tục xếp thứ\n"
            "31/63. Tuy nhiên, nguồn nhân lực chuyên trách còn thiếu.\n")
    short = ("Tỷ lệ văn bản đi được ký số ở cấp tỉnh đạt 94%, cấp huyện đạt 86%, cấp xã\n"
             "đạt 41%.\n")
    listed = ("Kết quả thực hiện các nhiệm vụ chuyển đổi số trọng tâm của tỉnh năm 2023 gồm\n"
              "1. Hoàn thành hạ tầng cáp quang đến các thôn, bản vùng cao.\n")
    assert normalize(rank).text == rank.replace("thứ\n31", "thứ 31")
    assert normalize(short).text == short.replace("xã\nđạt", "xã đạt")
    assert normalize(listed).text == listed
    (rank_record,) = [r for r in extract(rank) if r.kind == "rank"]
    assert (rank_record.value, rank_record.total) == (31, 63) and rank[rank_record.start:rank_record.end] == "31/63"
    (share,) = [r for r in extract(short) if r.text == "41%"]
    assert share.scope == "cấp xã"


def test_a_narrow_column_joins_its_wrapped_lines_but_not_a_title_a_list_or_a_table_row():
    """Two-column PDFs wrap at 35-45 characters: a line that fills its paragraph, ends inside
    a sentence, and whose next line goes on it is one sentence; a two-line title, a numbered
    slide's items and a table's rows keep their lines."""
    from dxextract.normalize import normalize

    column = ("Sau ba tháng vận hành chính quyền địa\n"
              "phương 2 cấp, toàn tỉnh có 124 đơn vị\n"
              "hành chính cấp xã và gần 1,87\n"
              "triệu dân; trên 215.000 người tham gia\n"
              "các khóa học trực tuyến, dân số; 1.985\n"
              "Tổ công nghệ số cộng đồng với 11.920\n"
              "thành viên; doanh thu của các chủ thể\n"
              "OCOP ước khoảng 23,7 tỷ đồng; gần\n"
              "38.600 hộ kinh doanh dùng mã QR.\n")
    title = ("BÁO CÁO\nKết quả thực hiện nhiệm vụ chuyển đổi số năm 2023\n"
             "và phương hướng, nhiệm vụ năm 2024\n")
    slide = ("NỘI DUNG\n01 Kết quả nổi bật 9 tháng đầu năm\n02 Dịch vụ công trực tuyến toàn trình\n"
             "03 Tồn tại - nguyên nhân chủ yếu\n04 Nhiệm vụ quý IV/2025\n")
    rows = ("Thuê bao điện thoại cố định 112,4 98,7 86,3\n"
            "Thuê bao điện thoại di động 3.604,1 3.702,8\n"
            "Thuê bao băng rộng cố định 512,3 588,6 664,0\n")
    assert "\n" not in normalize(column).text.rstrip("\n")
    for kept in (title, slide, rows):
        assert normalize(kept).text == kept
    records = {r.text: r for r in extract(column)}
    assert records["1,87\ntriệu"].value == 1870000 and records["1,87\ntriệu"].unit == "dân"
    assert records["1.985"].label.startswith("Tổ công nghệ số") and records["11.920"].unit == "thành viên"
    assert records["38.600"].qualifier == "~"


def test_a_number_alone_on_its_line_reads_with_its_caption():
    """A slide sets a big number on its own line and its caption under it; a cell's unit under
    its number, a list's number and a page counter stay apart."""
    from dxextract.normalize import normalize

    slide = ("DỮ LIỆU DÂN CƯ\n3.618.455\nnhân khẩu có thông tin trong CSDL quốc gia về dân cư\n"
             "≥ 95%\nhồ sơ TTHC được nộp trực tuyến qua VNeID\n2,41 triệu\ntài khoản VNeID mức 2 được kích hoạt\n3/10\n")
    assert normalize(slide).text == slide.replace("455\nnhân", "455 nhân").replace("95%\nhồ", "95% hồ").replace(
        "triệu\ntài", "triệu tài")
    listed = "Nhiệm vụ:\n1.\nhoàn thành hạ tầng cáp quang đến thôn\n"
    assert normalize(listed).text == listed
    records = {r.text: r for r in extract(slide)}
    assert records["3.618.455"].unit == "nhân khẩu"
    assert records["2,41 triệu"].unit == "tài khoản" and records["2,41 triệu"].label
    # A post's infographic: a pictograph bullet before the number, a "+" after it.
    post = "💼 KINH TẾ SỐ\n▪️ 6.230\ndoanh nghiệp công nghệ số đang hoạt động\n8.560+\nhộ kinh doanh mở gian hàng trên sàn\n"
    assert normalize(post).text == post.replace("230\ndoanh", "230 doanh").replace("+\nhộ", "+ hộ")
    records = {r.text: r for r in extract(post)}
    assert records["6.230"].unit == "doanh nghiệp" and records["8.560+"].qualifier == ">"


def test_a_word_hyphenated_over_a_line_and_a_footnote_mark_read_as_spaces():
    """Offsets hold: each sign becomes one space. A cut inside a syllable (OCR) and the signs of
    a square metre or of R² are kept."""
    from dxextract.normalize import normalize

    text = ("Bệnh viện Bãi Cháy thí điểm bệnh án điện tử với 1.800 bệnh-\nán được lập; Kinh-\n"
            "phí đầu tư đạt 86,3 tỷ đồng; cung cấp 1.821 dịch vụ³, trong đó dịch vụ công¹ toàn trình.\n")
    kept = "diện tích 120 m² và 3 km², hệ số R² bằng 0,618; hồ s-\nơ thẩm định.\n"
    normal = normalize(text).text
    assert len(normal) == len(text)
    assert "bệnh  án" in normal and "Kinh  phí" in normal and "dịch vụ ," in normal and "công  toàn" in normal
    assert normalize(kept).text == kept
    records = {r.text: r for r in extract(text)}
    assert records["1.800"].unit == "bệnh án" and records["1.821"].unit == "dịch vụ"
    for record in records.values():
        assert text[record.start:record.end] == record.text
