"""A spreadsheet as a provincial command keeps it (title row, Vietnamese headers, dd/mm/yyyy, "1.234.567")."""

import datetime
from decimal import Decimal

from dnqp.spreadsheets.event_resources import DelegationResource, ExpenditureResource
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource
from events.models import Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests import spreadsheets as s

D = datetime.date

COMMANDS = (
    ["Mã", "Tên đơn vị", "Cấp", "Trực thuộc", "Tỉnh", "Biên giới"],
    [
        # children listed before their parents: the import orders them
        ["LA-DUCHUE", "Ban CHQS huyện Đức Huệ", "Huyện", "LA", "Long An", "x"],
        ["LA", "Bộ CHQS tỉnh Long An", "Tỉnh", "QK7", "Long An", "Có"],
        ["QK7", "Bộ Tư lệnh Quân khu 7", "Quân khu", "", "", "Không"],
    ],
)
PARTNERS = (
    ["Mã", "Tên đơn vị", "Nước", "Cấp", "Trực thuộc", "Tỉnh"],
    [
        ["KH-SVR", "Tiểu khu Quân sự Svay Rieng", "Campuchia", "Tiểu khu", "", "Svay Rieng"],
        ["KH-SVR-HB", "Bộ Chỉ huy Hiến binh Svay Rieng", "Campuchia", "Tiểu khu", "", "Svay Rieng"],
        ["KH-SVR-CT", "Chi khu quân sự Chantrea", "KH", "Chi khu", "KH-SVR", "Svay Rieng"],
    ],
)
AGREEMENTS = (
    ["Số văn bản", "Trích yếu", "Loại", "Đơn vị ta", "Đơn vị bạn", "Ngày ký", "Hiệu lực đến", "Người ký bên ta"],
    [
        [
            "01/QC-BCH",
            "Quy chế hợp tác và kết nghĩa",
            "Kết nghĩa",
            "LA",
            "KH-SVR",
            "15/03/2019",
            "",
            "Đại tá Trịnh Văn Xa",
        ],
        [
            "02/KH-BCH",
            "Kế hoạch hợp tác năm 2019",
            "Kế hoạch hợp tác năm",
            "LA-DUCHUE",
            "KH-SVR-CT",
            "02/01/2019",
            "31/12/2019",
            "Thượng tá Nguyễn Văn Bé",
        ],
    ],
)
DELEGATIONS = (
    [
        "ID",
        "Đoàn vào/ra",
        "Mục đích",
        "Đơn vị ta",
        "Đơn vị bạn",
        "Nước",
        "Trưởng đoàn",
        "Số người",
        "Từ ngày",
        "Đến ngày",
        "Địa điểm",
        "Số văn bản",
        "Tình trạng",
    ],
    [
        [
            "",
            "Đoàn vào",
            "Thăm và làm việc",
            "LA",
            "KH-SVR;KH-SVR-HB",
            "Campuchia",
            "Tướng Sóc Nét",
            "25",
            "20/11/2019",
            "22/11/2019",
            "Tân An, Long An",
            "01/QC-BCH",
            "Hoàn thành",
        ],
        [
            "",
            "Đoàn ra",
            "Dự lễ",
            "LA-DUCHUE",
            "KH-SVR-CT",
            "KH",
            "Thượng tá Nguyễn Văn Bé",
            12,
            D(2019, 4, 13),
            D(2019, 4, 14),
            "Chantrea, Svay Rieng",
            "",
            "",
        ],
    ],
)
SUPPORT = (
    [
        "Ngày",
        "Đơn vị ta",
        "Đơn vị bạn",
        "Đối tượng nhận",
        "Loại hỗ trợ",
        "Nguồn kinh phí",
        "Số tiền (đồng)",
        "Ngoại tệ",
        "Số tiền ngoại tệ",
        "Tỷ giá",
        "Số chứng từ",
        "Diễn giải",
    ],
    [
        [
            "18/11/2019",
            "LA",
            "KH-SVR",
            "Ban chuyên trách tỉnh Svay Rieng",
            "Kinh phí",
            "Chính phủ",
            "1.234.567.000",
            "",
            "",
            "",
            "PC-01",
            "Trao kinh phí của Chính phủ",
        ],
        [
            "13/04/2019",
            "LA-DUCHUE",
            "KH-SVR-CT",
            "Gia đình chính sách",
            "Quà tặng",
            "UBND tỉnh",
            "45.000.000 ₫",
            "",
            "",
            "",
            "PC-02",
            "Quà Tết Chol Chnam Thmay",
        ],
        [
            "2019-09-01",
            "LA",
            "",
            "Học viên Trường Sĩ quan Lục quân 2",
            "Đào tạo",
            "Quân khu",
            "",
            "USD",
            "1.000",
            "23.500,5",
            "PC-03",
            "Hỗ trợ học viên",
        ],
    ],
)

TITLE = ("BỘ CHQS TỈNH LONG AN", "DANH SÁCH THEO DÕI CÔNG TÁC ĐỐI NGOẠI NĂM 2019")


def import_all(title_rows=TITLE, name="file.xlsx"):
    build = s.xlsx if name.endswith(".xlsx") else s.csv_file
    results = []
    for resource, (header, rows) in [
        (CommandResource(), COMMANDS),
        (PartnerUnitResource(), PARTNERS),
        (AgreementResource(), AGREEMENTS),
        (DelegationResource(), DELEGATIONS),
        (ExpenditureResource(), SUPPORT),
    ]:
        result = s.run(resource, build(header, rows, title_rows), name)
        assert s.problems(result) == [], s.problems(result)
        results.append(result)
    return results


def test_realistic_xlsx_with_title_rows_imports_every_record(db):
    import_all()

    la = Command.objects.get(code="LA")
    assert la.name == "Bộ CHQS tỉnh Long An" and la.level == "province" and la.is_border
    assert la.parent.code == "QK7"
    assert Command.objects.get(code="LA-DUCHUE").parent == la
    assert PartnerUnit.objects.get(code="KH-SVR-CT").parent.code == "KH-SVR"
    assert set(PartnerUnit.objects.values_list("country", flat=True)) == {"KH"}

    twinning = Agreement.objects.get(reference="01/QC-BCH")
    assert (twinning.kind, twinning.signed_on, twinning.valid_from) == ("twinning", D(2019, 3, 15), D(2019, 3, 15))
    assert twinning.signatory_vn_name == "Đại tá Trịnh Văn Xa"
    plan = Agreement.objects.get(reference="02/KH-BCH")
    assert (plan.kind, plan.command.code, plan.valid_until) == ("annual_plan", "LA-DUCHUE", D(2019, 12, 31))

    inbound = Delegation.objects.get(direction="inbound")
    assert inbound.purpose == "working" and inbound.member_count == 25 and inbound.country == "KH"
    assert (inbound.start_date, inbound.end_date) == (D(2019, 11, 20), D(2019, 11, 22))
    assert sorted(inbound.partner_units.values_list("code", flat=True)) == ["KH-SVR", "KH-SVR-HB"]
    assert inbound.agreement == twinning
    outbound = Delegation.objects.get(direction="outbound")
    assert outbound.purpose == "ceremony" and outbound.status == "completed"  # empty status: the default

    funds = Expenditure.objects.get(voucher="PC-01")
    assert (funds.amount_vnd, funds.category, funds.funding_source) == (1_234_567_000, "funds", "central")
    assert Expenditure.objects.get(voucher="PC-02").amount_vnd == 45_000_000
    usd = Expenditure.objects.get(voucher="PC-03")
    assert (usd.currency, usd.amount_original, usd.exchange_rate) == ("USD", Decimal(1000), Decimal("23500.5"))
    assert usd.amount_vnd == 23_500_500  # computed: 1.000 × 23.500,5
    assert usd.date == D(2019, 9, 1)


def test_realistic_csv_with_title_row_and_semicolons_imports_the_same(db):
    import_all(title_rows=TITLE[:1], name="file.csv")
    assert Expenditure.objects.get(voucher="PC-01").amount_vnd == 1_234_567_000
    assert Delegation.objects.get(direction="inbound").partner_units.count() == 2


def test_csv_saved_by_vietnamese_excel_uses_semicolons(db):
    import_all()
    header, rows = SUPPORT
    content = s.csv_file(header, [rows[0][:6] + ["2.000.000"] + ["", "", "", "PC-09", ""]], delimiter=";")
    result = s.run(ExpenditureResource(), content, "chi.csv")
    assert s.problems(result) == []
    assert Expenditure.objects.get(voucher="PC-09").amount_vnd == 2_000_000


def test_file_without_a_header_row_is_refused_clearly(db):
    content = s.xlsx(["Cột 1", "Cột 2"], [["a", "b"]], title_rows=TITLE)
    result = s.run(ExpenditureResource(), content)
    [(row, _column, message)] = s.problems(result)
    assert row == 0 and "Cột" not in message and Expenditure.objects.count() == 0
    assert "6" in message  # "no header row found in the first 6 rows"


def test_unknown_column_is_refused_instead_of_dropped(db):
    import_all()
    header, rows = SUPPORT
    content = s.xlsx([*header, "Cột lạ"], [[*rows[0], "x"]])
    result = s.run(ExpenditureResource(), content)
    [(row, _column, message)] = s.problems(result)
    assert row == 0 and "Cột lạ" in message
