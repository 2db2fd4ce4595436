"""Indicator codes on the sample reports, every pair checked by hand: precision first (a wrong
code is worse than none), and at least 60% of percent records get one."""
import pytest

from dxextract.reader import read_blocks

from conftest import SEEDS

# (report, start offset, code) — each label read and its code confirmed by a person.
CHECKED = [
    ("000_a73a295ff00220cb.txt", 1455, "COMMUNITY_TECH_TEAMS"),  # 1.482 Tổ công nghệ số cộng đồng cấp xóm
    ("000_a73a295ff00220cb.txt", 1496, "COMMUNITY_TECH_TEAMS"),  # 151 tổ công nghệ số cộng đồng cấp xã
    ("000_a73a295ff00220cb.txt", 1942, "DVC_ONLINE_PAYMENT"),  # 571 thủ tục hành chính có yêu cầu về nghĩa vụ tài chính và được 
    ("000_a73a295ff00220cb.txt", 2050, "DVC_ONLINE_PAYMENT"),  # 100% thủ tục hành chính có yêu cầu về nghĩa vụ tài chính và được 
    ("000_a73a295ff00220cb.txt", 2286, "DVC_ONLINE_PAYMENT"),  # 147.395 số hồ sơ có phát sinh giao dịch thanh toán trực tuyến
    ("000_a73a295ff00220cb.txt", 2305, "DVC_ONLINE_PAYMENT"),  # 53% số hồ sơ có phát sinh giao dịch thanh toán trực tuyến
    ("000_a73a295ff00220cb.txt", 2402, "ECOMMERCE_ENTERPRISES"),  # 80% doanh nghiệp tiến hành giao dịch thương mại điện tử
    ("000_a73a295ff00220cb.txt", 2548, "ENTERPRISE_WEBSITE"),  # 30% doanh nghiệp có trang thông tin điện tử cập nhật thường xuyê
    ("000_a73a295ff00220cb.txt", 2661, "ECOMMERCE_ENTERPRISES"),  # 30% doanh nghiệp tham gia các website thương mại điện tử
    ("000_a73a295ff00220cb.txt", 2812, "SME_DIGITAL_PLATFORMS"),  # 20% doanh nghiệp ứng dụng phần mềm chuyên dụng trong hoạt động s
    ("000_a73a295ff00220cb.txt", 3225, "ENTERPRISE_WEBSITE"),  # 30% doanh nghiệp vừa và nhỏ có website riêng
    ("000_a73a295ff00220cb.txt", 3378, "CASHLESS_PAYMENT"),  # 100% các siêu thị, trung tâm mua sắm và cơ sở phân phối hiện đại 
    ("000_a73a295ff00220cb.txt", 3538, "CASHLESS_PAYMENT"),  # 100% các đơn vị cung cấp dịch vụ điện, nước, viễn thông trên địa 
    ("000_a73a295ff00220cb.txt", 4511, "DOC_MGMT_SYSTEM"),  # 100% Hệ thống quản lý văn bản và điều hành triển khai
    ("000_a73a295ff00220cb.txt", 4850, "EDOC_NETWORK"),  # 489.638 văn bản đi được cập nhật, xử lý và trao đổi trên môi trường 
    ("000_a73a295ff00220cb.txt", 5240, "FIBRE_COVERAGE_AREAS"),  # 151/151 số xã, phường, thị trấn có cáp quang đến khu vực trung tâm
    ("000_a73a295ff00220cb.txt", 5316, "FIBRE_KM"),  # 8.231 km cáp quang
    ("001_3331c17658508374.txt", 4471, "DVC_WITH_DOSSIER_RATE"),  # 16% tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến
    ("001_3331c17658508374.txt", 4504, "DVC_ONLINE_DOSSIER_RATE"),  # 31,4% tỷ lệ hồ sơ trực tuyến
    ("001_3331c17658508374.txt", 4568, "TTHC_DIGITISATION"),  # 98,57% Kết quả số hóa kết quả giải quyết thủ tục hành chính
    ("001_3331c17658508374.txt", 4581, "TTHC_DIGITISATION"),  # 38% Kết quả số hóa kết quả giải quyết thủ tục hành chính
    ("001_3331c17658508374.txt", 4626, "ECOMMERCE_HOUSEHOLDS"),  # 150.000 hộ sản xuất nông nghiệp lên sàn thương mại điện tử đang hoạt
    ("001_3331c17658508374.txt", 4701, "DIGITAL_SKILLS"),  # 173.000 hộ sản xuất nông nghiệp được đào tạo kỹ năng số
    ("001_3331c17658508374.txt", 4758, "ECOMMERCE_PRODUCTS"),  # 1.162 sản phẩm của tỉnh được đưa lên sàn
    ("001_3331c17658508374.txt", 5270, "DTI_RANK"),  # 13/63 chuyển đổi số
    ("001_3331c17658508374.txt", 5315, "DTI_RANK"),  # 1 chuyển đổi số
    ("001_3331c17658508374.txt", 5371, "DTI_GOV_RANK"),  # 15/63 hoạt động chính quyền số
    ("001_3331c17658508374.txt", 5407, "DTI_ECONOMY_RANK"),  # 7/63 hoạt động kinh tế số
    ("001_3331c17658508374.txt", 5441, "DTI_SOCIETY_RANK"),  # 4/63 hoạt động xã hội số
    ("001_3331c17658508374.txt", 5505, "DTI_INFRA_RANK"),  # 11/63 Xếp hạng hạ tầng số của tỉnh, qua đánh giá sơ bộ
    ("002_0f6a488fece8c49f.txt", 1314, "GOV_PORTAL_INFO"),  # 100% Tỷ lệ trang TTĐT cung cấp, cập nhật thông tin thường xuyên c
    ("002_0f6a488fece8c49f.txt", 1330, "GOV_PORTAL_INFO"),  # 74,1% Tỷ lệ trang TTĐT cung cấp, cập nhật thông tin thường xuyên c
    ("002_0f6a488fece8c49f.txt", 1752, "DVC_ONLINE_SERVICES"),  # 964 DVC trực tuyến
    ("002_0f6a488fece8c49f.txt", 1826, "DVC_ONLINE_DOSSIER_RATE"),  # 76,2% Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh
    ("002_0f6a488fece8c49f.txt", 1842, "DVC_ONLINE_DOSSIER_RATE"),  # 68,2% Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh
    ("002_0f6a488fece8c49f.txt", 1859, "DVC_ONLINE_DOSSIER_RATE"),  # 82% Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh
    ("002_0f6a488fece8c49f.txt", 1871, "DVC_ONLINE_DOSSIER_RATE"),  # 91,4% Tỷ lệ hồ sơ trực tuyến trên Cổng DVC tỉnh
    ("002_0f6a488fece8c49f.txt", 1879, "DVC_ONLINE_PAYMENT"),  # 100% các TTHC có yêu cầu tài chính đều cung cấp dịch vụ thanh toá
    ("002_0f6a488fece8c49f.txt", 2027, "DVC_ONLINE_DOSSIER_COUNT"),  # 40.925 Số lượng hồ sơ TTHC được người dân, DN thực hiện trực tuyến 
    ("002_0f6a488fece8c49f.txt", 2081, "TTHC_DIGITISATION"),  # 81,89% Tỷ lệ kết quả giải quyết TTHC được số hóa
    ("002_0f6a488fece8c49f.txt", 2340, "EDOC_NETWORK"),  # 99% Tỷ lệ văn bản xử lý qua môi trường mạng
    ("002_0f6a488fece8c49f.txt", 2356, "EDOC_NETWORK"),  # 98% Tỷ lệ văn bản xử lý qua môi trường mạng
    ("002_0f6a488fece8c49f.txt", 2375, "EDOC_NETWORK"),  # 88% Tỷ lệ văn bản xử lý qua môi trường mạng
    ("002_0f6a488fece8c49f.txt", 2426, "EDOC_SIGNED"),  # 99,1% Văn bản được ký số đúng quy định
    ("002_0f6a488fece8c49f.txt", 2447, "EDOC_SIGNED"),  # 98% Văn bản được ký số đúng quy định
    ("002_0f6a488fece8c49f.txt", 2473, "EDOC_SIGNED"),  # 96% Văn bản được ký số đúng quy định
    ("002_0f6a488fece8c49f.txt", 2984, "FIBRE_COVERAGE_AREAS"),  # 100% trung tâm xã, phường, thị trấn của Quảng Bình đã có kết nối 
    ("002_0f6a488fece8c49f.txt", 3102, "MOBILE_COVERAGE"),  # 97,7% 4G phủ sóng
    ("002_0f6a488fece8c49f.txt", 3286, "POSTAL_POINTS_BROADBAND"),  # 78,1% Tỷ lệ điểm phục vụ của mạng bưu chính công cộng có kết nối I
    ("002_0f6a488fece8c49f.txt", 3350, "ADULT_SMARTPHONE"),  # 74,3% Tỷ lệ người trưởng thành sở hữu điện thoại thông minh
    ("002_0f6a488fece8c49f.txt", 3367, "HOUSEHOLD_SMARTPHONE"),  # 87,2% hộ gia đình có ít nhất một người sử dụng điện thoại thông mi
    ("002_0f6a488fece8c49f.txt", 3439, "HOUSEHOLD_FIBRE"),  # 72,2% hộ gia đình có kết nối Internet băng rộng cáp quang
    ("002_0f6a488fece8c49f.txt", 5879, "DVC_FULL_ONLINE"),  # 95% cung cấp DVCTT toàn trình
    ("002_0f6a488fece8c49f.txt", 6092, "DVC_VNEID_AUTH"),  # 100% Tỷ lệ người dân và DN sử dụng DVCTT được định danh và xác th
    ("002_0f6a488fece8c49f.txt", 6144, "TTHC_E_RESULTS"),  # 100% Tỷ lệ cấp kết quả giải quyết TTHC điện tử
    ("002_0f6a488fece8c49f.txt", 6218, "TTHC_DIGITISATION"),  # 100% Tỷ lệ thực hiện quy trình số hóa hồ sơ, kết quả giải quyết T
    ("002_0f6a488fece8c49f.txt", 6279, "SATISFACTION"),  # 90% Tỷ lệ người dân, DN hài lòng trong giải quyết TTHC
    ("002_0f6a488fece8c49f.txt", 6407, "WORK_FILES_NETWORK"),  # 100% Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ h
    ("002_0f6a488fece8c49f.txt", 6427, "WORK_FILES_NETWORK"),  # 99% Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ h
    ("002_0f6a488fece8c49f.txt", 6443, "WORK_FILES_NETWORK"),  # 90% Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ h
    ("003_b363853b7bd0856b.txt", 1459, "ADULT_SMARTPHONE"),  # 90% tỷ lệ dân số trưởng thành có điện thoại thông minh
    ("003_b363853b7bd0856b.txt", 1508, "HOUSEHOLD_SMARTPHONE"),  # 97% tỷ lệ gia đình có điện thoại thông minh
    ("003_b363853b7bd0856b.txt", 1576, "HOUSEHOLD_FIBRE"),  # 76% tỷ lệ hộ gia đình có truy cập Internet băng rộng cáp quang
    ("003_b363853b7bd0856b.txt", 1652, "BTS_STATIONS"),  # 1.830 điểm thu phát sóng điện thoại di động
    ("003_b363853b7bd0856b.txt", 1722, "MOBILE_SUBSCRIBERS"),  # 1.567.705 thuê bao điện thoại di động
    ("003_b363853b7bd0856b.txt", 1763, "MOBILE_BROADBAND_SUBSCRIBERS"),  # 1.182.686 thuê bao có sử dụng dịch vụ 3G/4G
    ("003_b363853b7bd0856b.txt", 1813, "MOBILE_BROADBAND_SUBSCRIBERS"),  # 9% thuê bao có sử dụng dịch vụ 3G/4G
    ("003_b363853b7bd0856b.txt", 1899, "FIBRE_COVERAGE_AREAS"),  # 100% tỷ lệ thôn, bản được phủ băng rộng cố định cáp quang
    ("003_b363853b7bd0856b.txt", 3118, "DIGITAL_CERTIFICATES"),  # 9.336 chứng thư số của Ban Cơ yếu Chính phủ cho các cơ quan đơn vị
    ("003_b363853b7bd0856b.txt", 3636, "VNEID_ACCOUNTS"),  # 822.099 tài khoản định danh điện tử mức 2
    ("003_b363853b7bd0856b.txt", 3808, "TTHC_E_RESULTS"),  # 78,72% tỷ lệ hồ sơ cấp kết quả điện tử
    ("003_b363853b7bd0856b.txt", 3880, "TTHC_DIGITISATION"),  # 76,45% tỷ lệ hồ sơ TTHC được số hóa hồ sơ, kết quả giải quyết TTHC
    ("003_b363853b7bd0856b.txt", 3947, "DATA_REUSE"),  # 77,21% tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa
    ("003_b363853b7bd0856b.txt", 4506, "TTHC_ON_TIME"),  # 99,63% tỷ lệ hồ sơ giải quyết đúng hạn
    ("003_b363853b7bd0856b.txt", 5011, "DIGITAL_ECONOMY_REVENUE"),  # 389 nghìn tỷ đồng tổng doanh thu kinh tế số trên địa bàn tỉnh
    ("003_b363853b7bd0856b.txt", 5062, "CASHLESS_ACCEPTANCE_POINTS"),  # 9.300 điểm chấp nhận thanh toán
    ("003_b363853b7bd0856b.txt", 5197, "CASHLESS_PAYMENT"),  # 6,6 triệu số lượng giao dịch thanh toán qua kênh Internet/ATM/POS
    ("003_b363853b7bd0856b.txt", 5267, "HEALTH_FACILITIES_LINKED"),  # 205/213 cơ sở khám chữa bệnh thực hiện kết nối liên thông hồ sơ sức 
    ("003_b363853b7bd0856b.txt", 5349, "EHEALTH_RECORDS"),  # 1.057.207/1.318.208 người dân trong tỉnh có hồ sơ sức khỏe
    ("003_b363853b7bd0856b.txt", 5413, "EHEALTH_RECORDS"),  # 80,2% người dân trong tỉnh có hồ sơ sức khỏe
    ("004_c53f728ab280f52e.txt", 1541, "FIBRE_KM"),  # 21.000 km cáp quang nội tỉnh
    ("004_c53f728ab280f52e.txt", 1571, "BTS_STATIONS"),  # 3250 trạm BTS
    ("004_c53f728ab280f52e.txt", 1802, "TTHC_DIGITISATION"),  # 141.616 số hóa hồ sơ thủ tục hành chính của 3 cấp chính quyền
    ("004_c53f728ab280f52e.txt", 1827, "TTHC_DIGITISATION"),  # 57,53% số hóa hồ sơ thủ tục hành chính của 3 cấp chính quyền
    ("004_c53f728ab280f52e.txt", 2315, "IT_STAFF"),  # 29 cán bộ chuyên trách CNTT cấp tỉnh và cấp huyện
    ("004_c53f728ab280f52e.txt", 2366, "IT_STAFF"),  # 43,1% cán bộ chuyên trách CNTT cấp tỉnh và cấp huyện
    ("004_c53f728ab280f52e.txt", 2374, "IT_STAFF"),  # 205 cán bộ chuyên trách CNTT cấp xã
    ("004_c53f728ab280f52e.txt", 2411, "IT_STAFF"),  # 94% cán bộ chuyên trách CNTT cấp xã
    ("004_c53f728ab280f52e.txt", 2913, "E_INVOICES"),  # 100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử
    ("004_c53f728ab280f52e.txt", 3258, "CASHLESS_PAYMENT"),  # 12/12 đơn vị thu viện phí bằng thanh toán không dùng tiền mặt
]


@pytest.fixture(scope="module")
def records(extractor):
    out = []
    for path in SEEDS:
        out.extend(extractor.document(path.name, read_blocks(str(path))).records)
    return out


def test_every_code_on_the_sample_reports_is_a_checked_one(records):
    got = sorted((r.doc, r.start, r.indicator) for r in records if r.indicator)
    assert got == sorted(CHECKED)


def test_most_percent_records_get_a_code(records):
    percents = [r for r in records if r.kind == "percent"]
    share = sum(1 for r in percents if r.indicator) / len(percents)
    assert share >= 0.60, share
