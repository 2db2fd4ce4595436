"""Labels of counts read against the value before them (GUIDE, "Label"): a change or an
earlier level of a count, named only by its bare noun, counts what that value counts; a part
named after "trong đó" keeps its own phrase."""
from dxextract import extract


def _labels(text: str) -> dict[str, str]:
    return {r.text: r.label for r in extract(text)}


def test_a_change_of_a_count_named_by_its_bare_noun_counts_what_the_value_before_counts():
    labels = _labels("Trong năm, Tòa án nhân dân tỉnh đã tổ chức 1.386 phiên tòa trực tuyến, "
                     "tăng 412 phiên so với cùng kỳ năm 2023.")
    assert labels["412"] == labels["1.386"] == "phiên tòa trực tuyến"


def test_an_earlier_level_in_brackets_counts_what_the_value_before_counts():
    labels = _labels("- Số đơn đăng ký sáng chế nộp tại Cục Sở hữu trí tuệ: 71 đơn (năm 2024: 38 đơn), "
                     "gấp gần 1,9 lần.")
    assert labels["38"] == labels["71"] == "Số đơn đăng ký sáng chế nộp tại Cục Sở hữu trí tuệ"


def test_a_part_after_trong_do_keeps_its_own_phrase_under_a_heading():
    labels = _labels("- Số doanh nghiệp công nghệ số đang hoạt động: 74.800 doanh nghiệp (tăng khoảng "
                     "1.200 doanh nghiệp), trong đó 51.500 doanh nghiệp thuộc lĩnh vực phần mềm.")
    assert labels["1.200"] == "Số doanh nghiệp công nghệ số đang hoạt động"
    assert labels["51.500"] == "doanh nghiệp thuộc lĩnh vực phần mềm"


def test_a_bare_nguoi_is_of_the_subject_before_it_whatever_the_subject_names():
    # GUIDE "Label": the subject phrase before the verb; "người" after the number only says
    # the count is of people (held-out answers: "Tuyển sinh", "Tăng huyết áp").
    labels = _labels("Tuyển sinh năm 2024 đạt 21.480 người, bằng 102,3% kế hoạch.")
    assert labels["21.480"] == "Tuyển sinh"
    labels = _labels("Số người mắc bệnh mạn tính được quản lý: tăng huyết áp 386 người, đái tháo đường 142 người.")
    assert labels["386"] == "tăng huyết áp"
    # a verb before the number leaves the noun: "Hội nghị thu hút 500 người"
    assert _labels("Hội nghị thu hút 500 người tham dự.")["500"] != "Hội nghị"


def test_a_verb_after_va_opens_a_second_clause_unless_the_phrase_holds_a_verb():
    labels = _labels("Trong năm, các doanh nghiệp viễn thông lắp mới 126 trạm BTS và kéo mới khoảng 600 km cáp quang.")
    assert labels["126"] == "trạm BTS"
    labels = _labels("Đến nay 100% huyện đã hoàn thành cơ sở dữ liệu địa chính và đưa vào vận hành.")
    assert labels["100%"] == "huyện đã hoàn thành cơ sở dữ liệu địa chính và đưa vào vận hành"
    # a second noun after "và" stays: "doanh nghiệp và tổ chức kinh tế"
    labels = _labels("Có 1.200 doanh nghiệp và tổ chức kinh tế sử dụng hóa đơn điện tử.")
    assert labels["1.200"] == "doanh nghiệp và tổ chức kinh tế sử dụng hóa đơn điện tử"
