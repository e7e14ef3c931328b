"""The official report document (``format=docx`` of the yearly summary): opened with python-docx, its figures
equal the JSON's, its layout is Decree 30/2020/NĐ-CP's, it is scoped like the JSON and a bad form value is a 400."""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import docx
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Pt
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dnqp.models import ExportLog
from dnqp.reports import official_document
from dnqp.reports.params import PERIOD_PRESETS
from events.choices import PlanMetric, Purpose
from events.models import AnnualPlan, PlanTarget
from tests import factories as f

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
API = "/api/v1/reports/yearly/"
FORM = {
    "place": "Chơn Thành",
    "number": "125/BC-BCH",
    "issued_on": "15/12/2022",
    "recipients": "- Bộ Tư lệnh Quân khu 7;\r\n- Phòng Đối ngoại/BQP",
    "signer_title": "KT. CHỈ HUY TRƯỞNG / PHÓ CHỈ HUY TRƯỞNG",
    "signer_name": "Nguyễn Văn Nam",
}
# Phụ lục I: the columns after "TT" and "Đơn vị", as (group heading, column heading) → the JSON's key.
ROW_COLUMNS = {
    ("Văn bản hợp tác", "Ký kết"): "agreements_signed",
    ("Văn bản hợp tác", "Còn hiệu lực"): "agreements_in_force",
    ("Đơn vị bạn", "Kết nghĩa"): "partners_twinned",
    ("Đơn vị bạn", "Đầu mối"): "partners_total",
    ("Đoàn vào", "Số đoàn"): "delegations_inbound",
    ("Đoàn vào", "Lượt người"): "delegations_inbound_members",
    ("Đoàn vào", "KH chưa TH"): "delegations_inbound_planned",
    ("Đoàn ra", "Số đoàn"): "delegations_outbound",
    ("Đoàn ra", "Lượt người"): "delegations_outbound_members",
    ("Đoàn ra", "KH chưa TH"): "delegations_outbound_planned",
    ("Hoạt động phối hợp", "Đã TH"): "activities",
    ("Hoạt động phối hợp", "KH chưa TH"): "activities_planned",
    ("Hài cốt liệt sĩ", "Tìm được"): "remains_found",
    ("Hài cốt liệt sĩ", "Hồi hương"): "remains_repatriated",
    ("Kinh phí (đồng)", "Tổng"): "expenditure_vnd",
    ("Kinh phí (đồng)", "Hỗ trợ bạn"): "expenditure_to_partners_vnd",
}
PLAN_LABELS = {
    "Văn bản hợp tác ký kết": "agreements_signed",
    "Đón đoàn vào": "delegations_inbound",
    "Cử đoàn ra": "delegations_outbound",
    "Hoạt động phối hợp": "activities",
    "Kinh phí hỗ trợ (đồng)": "expenditure_vnd",
}


def as_int(text: str) -> int:
    """A figure as the document writes it: "103.500.500" → 103500500."""
    return int(text.replace(".", ""))


def percent(done: int, target: int) -> int:
    return int((Decimal(done) * 100 / Decimal(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture
def plans(worked_example):
    """Approved plans for 2022: Bình Phước's own and Lộc Ninh's; a draft that never counts."""
    w = worked_example
    bp = AnnualPlan.objects.create(
        command=w["bp"], year=2022, reference="12/KH-BCH", approved_on=datetime.date(2022, 1, 5)
    )
    for metric, target in (("delegations_inbound", 2), ("activities", 3), ("expenditure_vnd", 90_000_000)):
        PlanTarget.objects.create(plan=bp, metric=metric, target=target)
    ln = AnnualPlan.objects.create(command=w["bp_ln"], year=2022, approved_on=datetime.date(2022, 1, 20))
    PlanTarget.objects.create(plan=ln, metric="delegations_outbound", target=1)
    draft = AnnualPlan.objects.create(command=w["bp_ln"], year=2023)
    PlanTarget.objects.create(plan=draft, metric="activities", target=50)
    return bp, ln


@pytest.fixture
def analyst(users, api_client):
    return api_client(users["analyst"])


def fetch(client, **query):
    response = client.get(API, {"year": 2022, **query})
    return response


def open_docx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == DOCX
    return docx.Document(io.BytesIO(response.content))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def find_table(document, *first_cells):
    for table in document.tables:
        first = [cell.text for cell in table.rows[0].cells]
        if first[: len(first_cells)] == list(first_cells):
            yield table


def size_mm(section) -> tuple[int, int]:
    return round(section.page_width.mm), round(section.page_height.mm)


def header_cells(document):
    return cell_texts(document.tables[0])


def test_every_figure_of_the_appendix_tables_equals_the_json(worked_example, plans, analyst):
    bp = worked_example["bp"]
    report = fetch(analyst, command=bp.pk).json()
    document = open_docx(fetch(analyst, command=bp.pk, format="docx", **FORM))

    # Phụ lục I: every row of the JSON, in its order, then the totals; every column named by its headings.
    (rows_table,) = find_table(document, "TT", "Đơn vị", "Văn bản hợp tác")
    cells = cell_texts(rows_table)
    groups, names = cells[0], cells[1]
    columns = {i: ROW_COLUMNS[(groups[i], names[i])] for i in range(2, len(names))}
    remains = bool(report["totals"]["remains_found"] or report["totals"]["remains_repatriated"])
    assert set(columns.values()) == {k for k in ROW_COLUMNS.values() if remains or not k.startswith("remains")}
    body = cells[2:]
    assert len(body) == len(report["rows"]) + 1
    for i, (line, row) in enumerate(zip(body, [*report["rows"], report["totals"]], strict=True)):
        if i < len(report["rows"]):
            assert line[0] == str(i + 1)
            assert line[1] == (f"{row['name']} (cơ quan)" if row["own"] else row["name"])
        else:
            assert line[:2] == ["", "Tổng cộng"]
        assert {key: as_int(line[c]) for c, key in columns.items()} == {key: row[key] for key in columns.values()}

    # Phụ lục II: the totals against the plans (target, done, %), then per unit.
    totals = report["totals"]
    assert totals["plan"] == {
        "delegations_inbound": 2,
        "delegations_outbound": 1,
        "activities": 3,
        "expenditure_vnd": 90_000_000,
    }
    (plan_table,) = find_table(document, "TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)")
    seen = {}
    for _number, label, target, done, rate in cell_texts(plan_table)[1:]:
        metric = PLAN_LABELS[label]
        seen[metric] = (as_int(target), as_int(done), int(rate))
    assert seen == {
        metric: (target, totals[metric], percent(totals[metric], target)) for metric, target in totals["plan"].items()
    }
    (unit_plan_table,) = find_table(document, "TT", "Đơn vị", "Chỉ tiêu")
    unit_rows, name = {}, None
    for _number, unit, label, target, done, rate in cell_texts(unit_plan_table)[1:]:
        name = unit or name
        unit_rows[(name, PLAN_LABELS[label])] = (as_int(target), as_int(done), int(rate))
    expected = {}
    for row in report["rows"]:
        name = f"{row['name']} (cơ quan)" if row["own"] else row["name"]
        for metric, target in row.get("plan", {}).items():
            expected[(name, metric)] = (target, row[metric], percent(row[metric], target))
    assert unit_rows == expected and len(expected) == 4

    # Phụ lục III: support by category and by funding source, each closed by the report's total.
    for heading, key in (
        ("Loại hỗ trợ", "expenditure_by_category"),
        ("Nguồn kinh phí", "expenditure_by_funding_source"),
    ):
        (table,) = find_table(document, "TT", heading)
        lines = cell_texts(table)[1:]
        assert [as_int(amount) for _n, _label, amount in lines[:-1]] == list(totals[key].values())
        assert lines[-1][1:] == ["Tổng cộng", "103.500.500"]
        assert as_int(lines[-1][2]) == totals["expenditure_vnd"]
    (category_table,) = find_table(document, "TT", "Loại hỗ trợ")
    assert [line[1] for line in cell_texts(category_table)[1:-1]] == ["Vật chất, trang bị", "Quà tặng"]


def test_the_sentences_tell_the_json_figures(worked_example, plans, analyst):
    bp = worked_example["bp"]
    t = fetch(analyst, command=bp.pk).json()["totals"]
    paragraphs = texts(open_docx(fetch(analyst, command=bp.pk, format="docx", **FORM)))
    body = "\n".join(paragraphs)
    inbound = next(p for p in paragraphs if "đã đón" in p)
    assert inbound.startswith("Trong năm 2022, Bộ CHQS tỉnh đã đón ")
    rate = percent(t["delegations_inbound"], t["plan"]["delegations_inbound"])
    assert (
        f"đã đón {t['delegations_inbound']} đoàn với {t['delegations_inbound_members']} lượt người, "
        f"đạt {rate} % kế hoạch (kế hoạch: {t['plan']['delegations_inbound']} đoàn)" in inbound
    )
    assert f"trong đó: {t['delegations_by_purpose']['inbound']['working']} đoàn thăm và làm việc" in inbound
    outbound = next(p for p in paragraphs if "đã cử" in p)
    assert f"đã cử {t['delegations_outbound']} đoàn với {t['delegations_outbound_members']} lượt người" in outbound
    assert f"đạt {percent(t['delegations_outbound'], 1)} % kế hoạch" in outbound
    activities = next(p for p in paragraphs if "tổ chức" in p and "hoạt động" in p and p.startswith("Trong"))
    assert f"tổ chức {t['activities']} hoạt động, đạt {percent(t['activities'], 3)} % kế hoạch" in activities
    signed = next(p for p in paragraphs if "văn bản hợp tác với đơn vị bạn" in p)
    assert f"đã ký kết {t['agreements_signed']} văn bản hợp tác" in signed
    assert (
        f"có {t['agreements_in_force']} văn bản hợp tác còn hiệu lực với {t['partners_total']} đơn vị bạn, "
        f"trong đó {t['partners_twinned']} đơn vị kết nghĩa" in body
    )
    support = next(p for p in paragraphs if "đã chi tổng cộng" in p)
    assert "103.500.500 đồng" in support and t["expenditure_vnd"] == 103_500_500
    assert f"đạt {percent(t['expenditure_vnd'], 90_000_000)} % kế hoạch" in support
    assert "hỗ trợ đơn vị bạn 103.500.500 đồng" in support and t["expenditure_to_partners_vnd"] == 103_500_500
    # The drafter's places, clearly marked.
    assert "[Đánh giá của cơ quan soạn thảo: ưu điểm, kết quả nổi bật: …]" in paragraphs
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023" in paragraphs
    assert any(p.startswith("[Phương hướng, nhiệm vụ năm 2023") for p in paragraphs)
    marked = [p for p in open_docx(fetch(analyst, command=bp.pk, format="docx")).paragraphs if p.text.startswith("[")]
    assert len(marked) >= 5 and all(run.italic for p in marked for run in p.runs)


def test_page_margins_and_fonts_are_decree_30s(worked_example, analyst):
    document = open_docx(fetch(analyst, command=worked_example["bp"].pk, format="docx", **FORM))
    portrait, *appendix = document.sections
    assert size_mm(portrait) == (210, 297)  # A4 (stored in twentieths of a point: to the tenth of a mm)
    assert appendix and all(size_mm(section) == (297, 210) for section in appendix)  # tables on landscape A4
    for section in document.sections:
        top, bottom, left, right = (
            round(getattr(section, f"{side}_margin").mm, 1) for side in ("top", "bottom", "left", "right")
        )
        assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    # No run chooses another font; body paragraphs are in the body size.
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    assert all(run.font.name in (None, "Times New Roman") for run in runs)
    body = next(p for p in document.paragraphs if p.text.startswith("Thực hiện kế hoạch"))
    assert all(run.font.size is None for run in body.runs)  # the Normal style's 14 pt


def test_header_number_place_date_title_recipients_signer(worked_example, analyst):
    w = worked_example
    w["bp"].province_name = "Bình Phước"
    w["bp"].save()
    document = open_docx(fetch(analyst, command=w["bp"].pk, format="docx", secret="on", **FORM))
    header = document.tables[0]
    # A header table without borders.
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    (left, right), (number, date) = header_cells(document)
    assert left.split("\n")[:2] == ["BỘ TƯ LỆNH QUÂN KHU 7", "BỘ CHQS TỈNH BÌNH PHƯỚC"]
    superior, issuer = header.cell(0, 0).paragraphs[:2]
    assert not any(run.bold for run in superior.runs) and all(run.bold for run in issuer.runs)
    assert right.split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert number.split("\n") == ["Số: 125/BC-BCH", "MẬT"]
    assert date == "Chơn Thành, ngày 15 tháng 12 năm 2022"
    assert all(run.italic for run in header.cell(1, 1).paragraphs[0].runs)
    paragraphs = document.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert all(run.bold for run in title.runs)
    assert "Kết quả công tác đối ngoại quốc phòng năm 2022" in texts(document)
    assert "Kỳ báo cáo: từ ngày 01/01/2022 đến ngày 31/12/2022; số liệu tính đến hết ngày 31/12/2022." in texts(
        document
    )
    signature = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    recipients, signer = cell_texts(signature)[0]
    assert recipients.split("\n") == ["Nơi nhận:", "- Bộ Tư lệnh Quân khu 7;", "- Phòng Đối ngoại/BQP;", "- Lưu: VT."]
    lines = [line for line in signer.split("\n") if line]
    assert lines == ["KT. CHỈ HUY TRƯỞNG", "PHÓ CHỈ HUY TRƯỞNG", "Nguyễn Văn Nam"]
    # The appendix names the document it goes with.
    assert "(Kèm theo Báo cáo số 125/BC-BCH ngày 15 tháng 12 năm 2022 của Bộ CHQS tỉnh Bình Phước)" in texts(document)
    # Without the box ticked, no "MẬT".
    plain = open_docx(fetch(analyst, command=w["bp"].pk, format="docx", secret="0", **FORM))
    assert header_cells(plain)[1][0] == "Số: 125/BC-BCH"


def test_defaults_when_the_form_is_left_empty(worked_example, analyst):
    w = worked_example
    w["bp"].province_name = "Bình Phước"
    w["bp"].save()
    today = timezone.localdate()
    document = open_docx(fetch(analyst, command=w["bp"].pk, format="docx"))
    (_left, _right), (number, date) = header_cells(document)
    assert number == "Số: …/BC-…"
    month = f"{today.month:02d}" if today.month < 3 else str(today.month)
    assert date == f"Bình Phước, ngày {today.day:02d} tháng {month} năm {today.year}"
    signature = next(t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    recipients, signer = cell_texts(signature)[0]
    assert recipients.split("\n") == ["Nơi nhận:", "- Bộ Tư lệnh Quân khu 7;", "- Lưu: VT."]
    assert [line for line in signer.split("\n") if line][0] == "CHỈ HUY TRƯỞNG"
    # A command without a province: dots to fill in.
    document = open_docx(fetch(analyst, command=w["bp_ln"].pk, format="docx"))
    assert header_cells(document)[1][1].startswith("……, ngày ")


def test_the_whole_tree_country_and_current_organisation(worked_example, users, api_client):
    """An administrator without a command: no single issuing command (dots to fill in), "các đơn vị"; a report
    narrowed to a country or counted by current organisation says so."""
    f.command("QK9", "Bộ Tư lệnh Quân khu 9", level="military_region")  # two regions: the whole tree is the scope
    client = api_client(users["superuser"])
    report = client.get(API, {"year": 2022}).json()
    assert report["scope"]["command"] is None
    document = open_docx(client.get(API, {"year": 2022, "format": "docx"}))
    (left, _right), (_number, date) = header_cells(document)
    assert left.split("\n")[0] == "……" and date.startswith("……, ngày ")
    lines = texts(document)
    t = report["totals"]
    assert f"Trong năm 2022, các đơn vị đã đón {t['delegations_inbound']} đoàn" in "\n".join(lines)
    (rows_table,) = find_table(document, "TT", "Đơn vị", "Văn bản hợp tác")
    assert [line[1] for line in cell_texts(rows_table)[2:-1]] == [row["name"] for row in report["rows"]]
    narrowed = texts(open_docx(client.get(API, {"year": 2022, "format": "docx", "country": "KH", "by": "current"})))
    note = next(p for p in narrowed if p.startswith("(chỉ tính"))
    assert "đối tác Campuchia" in note and "tổ chức hiện tại" in note


def test_a_half_year_review_names_its_days_and_cut_off(worked_example, analyst):
    query = {"command": worked_example["bp"].pk, "date_from": "2022-01-01", "date_to": "2022-06-30"}
    report = analyst.get(API, query).json()
    response = analyst.get(API, {**query, "format": "docx", **FORM})
    document = open_docx(response)
    assert "bao-cao-dnqp-20220101-20220630-BP.docx" in response["Content-Disposition"]
    lines = texts(document)
    assert (
        "Kết quả công tác đối ngoại quốc phòng 6 tháng đầu năm 2022 (từ ngày 01/01/2022 đến ngày 30/06/2022)" in lines
    )
    assert "Kỳ báo cáo: từ ngày 01/01/2022 đến ngày 30/06/2022; số liệu tính đến hết ngày 30/06/2022." in lines
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in lines
    inbound = next(p for p in lines if "đã đón" in p)
    t = report["totals"]
    assert inbound.startswith(
        f"Trong 6 tháng đầu năm 2022, Bộ CHQS tỉnh đã đón {t['delegations_inbound']} đoàn với "
        f"{t['delegations_inbound_members']} lượt người"
    )
    # The outbound delegation of 30/12 is not in the first half: the sentence says so.
    assert t["delegations_outbound"] == 0
    assert any(p.startswith("Trong 6 tháng đầu năm 2022, Bộ CHQS tỉnh không cử đoàn nào") for p in lines)


def test_the_page_downloads_the_same_document_and_logs_it(client, users, worked_example):
    client.force_login(users["analyst"])
    bp = worked_example["bp"]
    response = client.get(reverse("yearly-report"), {"year": 2022, "command": bp.pk, "format": "docx", **FORM})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="bao-cao-dnqp-2022-BP.docx"' in response["Content-Disposition"]
    page_document = docx.Document(io.BytesIO(response.content))
    entry = ExportLog.objects.get()
    assert (entry.user, entry.what, entry.file_format, entry.row_count) == (
        users["analyst"],
        "yearly_report",
        "docx",
        2,
    )
    assert entry.filters["command"] == bp.pk and entry.filters["number"] == "125/BC-BCH"
    token_user = User.objects.get(pk=users["analyst"].pk)
    api = APIClient()
    api.force_authenticate(token_user)
    api_document = open_docx(api.get(API, {"year": 2022, "command": bp.pk, "format": "docx", **FORM}))
    assert texts(page_document) == texts(api_document)
    assert [cell_texts(t) for t in page_document.tables] == [cell_texts(t) for t in api_document.tables]
    assert ExportLog.objects.filter(file_format="docx").count() == 2


def test_another_commands_document_is_refused(worked_example, users, api_client, client):
    bp = worked_example["bp"]
    for user in ("other_analyst", "district_staff", "nobody"):
        response = api_client(users[user]).get(API, {"year": 2022, "command": bp.pk, "format": "docx"})
        assert response.status_code == 404, user
        client.force_login(users[user])
        page = client.get(reverse("yearly-report"), {"year": 2022, "command": bp.pk, "format": "docx"})
        assert page.status_code == 404, user
    # Without a command, another province's user gets their own (empty) scope, never Bình Phước's figures.
    response = api_client(users["other_analyst"]).get(API, {"year": 2022, "format": "docx"})
    document = open_docx(response)
    assert "TÂY NINH" in header_cells(document)[0][0] and "Phước" not in "\n".join(texts(document))
    (rows_table,) = find_table(document, "TT", "Đơn vị", "Văn bản hợp tác")
    assert all(as_int(v) == 0 for v in cell_texts(rows_table)[-1][2:])
    assert not ExportLog.objects.filter(filters__command=bp.pk).exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"secret": "maybe"}, "secret"),
        ({"number": "125 / BC-BCH; DROP"}, "number"),
        ({"number": "1" * 51}, "number"),
        ({"place": "Bình\x07Phước"}, "place"),
        ({"place": "Bình Phước\uffff"}, "place"),
        ({"signer_name": "Nguyễn\nVăn Nam"}, "signer_name"),
        ({"signer_title": "T" * 121}, "signer_title"),
        ({"issued_on": "31/02/2022"}, "issued_on"),
        ({"recipients": "\n".join(f"Đơn vị {i}" for i in range(31))}, "recipients"),
        ({"recipients": "Bộ Tư lệnh\x0bQuân khu 7"}, "recipients"),
        ({"year": "20x2"}, "year"),
        ({"date_from": "2022-01-01"}, "date_to"),
    ],
)
def test_bad_form_values_are_a_400_on_the_api(worked_example, analyst, query, field):
    response = analyst.get(API, {"year": 2022, "command": worked_example["bp"].pk, "format": "docx", **query})
    assert response.status_code == 400
    body = response.json()
    assert field in body and all(isinstance(message, str) and message for message in body[field])
    assert not ExportLog.objects.exists()


def test_a_stored_name_with_a_control_character_is_still_written(worked_example, analyst):
    """Text the form never saw (a command's name) cannot break the file: what XML cannot hold is left out."""
    w = worked_example
    w["bp_ln"].name = "Ban CHQS huyện\x0bLộc Ninh"
    w["bp_ln"].save()
    document = open_docx(fetch(analyst, command=w["bp"].pk, format="docx"))
    (rows_table,) = find_table(document, "TT", "Đơn vị", "Văn bản hợp tác")
    assert cell_texts(rows_table)[3][1] == "Ban CHQS huyệnLộc Ninh"


def test_an_unknown_format_names_docx(worked_example, analyst):
    response = analyst.get(API, {"year": 2022, "format": "doc"})
    assert response.status_code == 400
    assert "docx" in response.json()["format"][0]


def test_bad_form_values_on_the_page_show_the_form_again(client, users, worked_example):
    client.force_login(users["analyst"])
    bp = worked_example["bp"]
    query = {"year": 2022, "command": bp.pk, "format": "docx", "secret": "maybe", "number": "12 ; 3"}
    response = client.get(reverse("yearly-report"), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    form = response.context["document_form"]
    assert set(form.errors) == {"secret", "number"}
    content = response.content.decode()
    assert 'id="official-document"' in content and content.count('class="field-error"') >= 2
    assert response.context["report"]["totals"]["expenditure_vnd"] == 103_500_500  # the summary is still shown
    assert not ExportLog.objects.exists()
    # A bad report parameter with the download: a plain 400, as for CSV.
    bad = client.get(reverse("yearly-report"), {"year": "x", "format": "docx"})
    assert bad.status_code == 400


def test_the_page_has_the_button_and_the_document_form(client, users, worked_example):
    client.force_login(users["analyst"])
    bp = worked_example["bp"]
    response = client.get(reverse("yearly-report"), {"year": 2022, "command": bp.pk, "country": "KH"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="#official-document"' in content
    start = content.index('id="official-document"')
    form = content[start : content.index("</form>", start)]
    assert '<input type="hidden" name="format" value="docx">' in form
    for name, value in (("year", "2022"), ("command", str(bp.pk)), ("country", "KH"), ("by", "recorded")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in form
    for name in ("place", "number", "issued_on", "recipients", "signer_title", "signer_name", "secret"):
        assert f'name="{name}"' in form
    assert 'type="checkbox" name="secret"' in form
    assert '<textarea name="recipients"' in form
    # The print view has neither.
    printed = client.get(reverse("yearly-report-print"), {"year": 2022, "command": bp.pk}).content.decode()
    assert "official-document" not in printed


def count_queries(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API, query)
    assert response.status_code == 200
    return len(queries)


def test_query_count_of_the_download_is_fixed(worked_example, plans, users, django_assert_max_num_queries):
    """However many rows and plans: the JSON's queries, then the issuing command, the border-meetings report of
    the year (its missed periods are an appendix) and the export log."""
    w = worked_example
    token, _ = Token.objects.get_or_create(user=users["analyst"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    report_query = {"year": 2022, "command": w["bp"].pk}
    query = {**report_query, "format": "docx", **FORM}
    client.get(API, query)  # the token's last use is noted once (at most every five minutes)
    few = count_queries(client, query)
    # + the issuing command with its parent, + the border-meetings report (tree, command in scope, border pairs'
    # agreements, their meetings), + the export log
    assert few == count_queries(client, report_query) + 6
    for i in range(12):  # more rows, each with records and a plan
        district = f.command(f"BP-X{i}", f"Ban CHQS huyện Thử {i}", level="district", parent=w["bp"])
        f.delegation(district, datetime.date(2022, 3, 1 + i), members=5, partners=[w["krt"]])
        plan = AnnualPlan.objects.create(command=district, year=2022, approved_on=datetime.date(2022, 1, 2))
        PlanTarget.objects.create(plan=plan, metric="delegations_inbound", target=2)
    # 1 the token with its user; 2 the user's roles and command; 3 the tree; 4 the command in scope; 5-8 the four
    # aggregates; 9 the plans' targets; 10 the issuing command and its parent; 11-14 the border-meetings report;
    # 15 the export log.
    with django_assert_max_num_queries(15):
        response = client.get(API, query)
    assert count_queries(client, query) == few
    document = open_docx(response)
    (rows_table,) = find_table(document, "TT", "Đơn vị", "Văn bản hợp tác")
    assert len(rows_table.rows) == 2 + 2 + 12 + 1
    (unit_plans,) = find_table(document, "TT", "Đơn vị", "Chỉ tiêu")
    assert len(unit_plans.rows) == 1 + 4 + 12


def test_every_purpose_and_plan_figure_has_its_words():
    """A new purpose or plan figure cannot reach the document without its Vietnamese wording."""
    assert set(official_document.PURPOSE_PHRASES) == set(Purpose.values)
    assert set(official_document.PLAN_WORDS) == set(PlanMetric.values)
    assert set(official_document.PRESET_PHRASES) == {key for key, *_rest in PERIOD_PRESETS}
