"""The official report document (báo cáo) of the yearly summary: a Word file laid out as Decree
30/2020/NĐ-CP sets out an administrative document, built with python-docx.

:func:`build_official_document` takes the yearly report's result (the dict the JSON is made of:
:func:`dnqp.reports.yearly.yearly_report`), the values of the document form
(:class:`dnqp.reports.params.OfficialDocumentParams`) and the issuing command (:func:`issuing_command`),
and returns the bytes of the ``.docx`` file. Every figure is read from the report; the one piece of
arithmetic is the rate against the plan (done × 100 / target, rounded half up to a whole per cent).
The document is always in Vietnamese (its text is written here; the names of support categories and
funding sources are the catalogue's, as on the page). docs/REPORTS.md, "The official report document",
says how each part is filled.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dnqp.access.tree import RECORDED
from dnqp.core.money import group_digits, percent_of
from dnqp.reports.border_meetings import border_meetings_report, period_end, periods_display
from dnqp.reports.params import period_preset
from dnqp.spreadsheets.exports import log_export
from events.choices import Category, FundingSource, PlanMetric
from partnerships.choices import COUNTRY_CHOICES, CommandLevel
from partnerships.models import Command

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Decree 30/2020/NĐ-CP, Appendix I: A4, margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm,
# Times New Roman 13–14 pt.
FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
BODY_SIZE = Pt(14)
HEADING_SIZE = Pt(13)  # the names of the bodies, the number, the motto, the place and date
TABLE_SIZE = Pt(11)  # the appendix tables
SMALL_TABLE_SIZE = Pt(10)  # the table of the rows: 16 or 18 columns on a landscape page
RECIPIENT_SIZE = Pt(11)  # Decree 30: the list of recipients in 11 pt, "Nơi nhận:" in 12 pt
TEXT_WIDTH_MM = 210 - 30 - 15  # between the margins of a portrait page
LANDSCAPE_TEXT_WIDTH_MM = 297 - 30 - 15
# The header table: the bodies on the left, the national title on the right (165 mm between the margins).
LEFT_COLUMN, RIGHT_COLUMN = Mm(67), Mm(98)

DOTS = "……"
DEFAULT_NUMBER = "…/BC-…"
STORED = "Lưu: VT."

# The document's wording of a period that is one of the page's presets (dnqp.reports.params.PERIOD_PRESETS).
PRESET_PHRASES = {
    "q1": "quý I năm {year}",
    "q2": "quý II năm {year}",
    "q3": "quý III năm {year}",
    "q4": "quý IV năm {year}",
    "h1": "6 tháng đầu năm {year}",
    "m9": "9 tháng đầu năm {year}",
    "year": "năm {year}",
}
# Delegations per purpose as the body tells them ("3 đoàn thăm và làm việc"); every Purpose value has one.
PURPOSE_PHRASES = {
    "courtesy": "đoàn thăm xã giao",
    "working": "đoàn thăm và làm việc",
    "study": "đoàn học tập, bồi dưỡng",
    "exchange": "đoàn giao lưu",
    "border_meeting": "đoàn hội đàm, giao ban biên giới",
    "ceremony": "đoàn dự lễ kỷ niệm, nghi lễ",
    "humanitarian": "đoàn hoạt động nhân đạo",
    "remains_search": "đoàn tìm kiếm, quy tập hài cốt liệt sĩ",
    "other": "đoàn với mục đích khác",
}
# The plan's figures: (how a target is named in the appendix, the unit of the count).
PLAN_WORDS = {
    PlanMetric.AGREEMENTS_SIGNED: ("Văn bản hợp tác ký kết", "văn bản"),
    PlanMetric.DELEGATIONS_INBOUND: ("Đón đoàn vào", "đoàn"),
    PlanMetric.DELEGATIONS_OUTBOUND: ("Cử đoàn ra", "đoàn"),
    PlanMetric.ACTIVITIES: ("Hoạt động phối hợp", "hoạt động"),
    PlanMetric.EXPENDITURE_VND: ("Kinh phí hỗ trợ (đồng)", "đồng"),
}
# The "Bộ CHQS tỉnh …" of the sentences ("Bộ CHQS tỉnh đã đón 12 đoàn …"): the kind of the issuing command.
SHORT_NAME = re.compile(
    r"^((?:Bộ|Ban) (?:CHQS|Chỉ huy quân sự|Tư lệnh) (?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|Quân khu))\b"
)
# The signer's title when the form leaves it empty, per level of the issuing command.
DEFAULT_TITLE = {CommandLevel.MILITARY_REGION: "TƯ LỆNH", CommandLevel.UNIT: "THỦ TRƯỞNG ĐƠN VỊ"}
CHIEF = "CHỈ HUY TRƯỞNG"


@dataclass(frozen=True)
class Issuer:
    """The issuing command of the document and the body above it, as the header names them."""

    name: str = ""  # empty: a report over the whole tree has no single issuing command
    superior: str = ""
    province: str = ""
    level: str = ""


def issuing_command(report: dict) -> Issuer:
    """The report's scope command and its parent (one query; none for the whole tree). Commands are reference
    data every user reads; the scope itself was checked by ``yearly_report``."""
    pk = report["scope"]["command"]
    if pk is None:
        return Issuer()
    command = Command.objects.select_related("parent").only("name", "province_name", "level", "parent__name").get(pk=pk)
    return Issuer(
        name=command.name,
        superior=command.parent.name if command.parent_id else "",
        province=command.province_name,
        level=command.level,
    )


# --- words and numbers ----------------------------------------------------------------------------------------


def number(value: int) -> str:
    """``1234567`` → ``"1.234.567"`` (Vietnamese thousand separator)."""
    with translation.override("vi"):
        return group_digits(int(value))


def long_date(day: datetime.date) -> str:
    """The date as Decree 30 writes it, "ngày 05 tháng 01 năm 2019": a 0 before a day below 10 and before
    months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def period_bounds(report: dict) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(report["date_from"]), datetime.date.fromisoformat(report["date_to"])


def period_phrase(report: dict) -> str:
    """The period in words: "năm 2019", "giai đoạn 2016–2025", "6 tháng đầu năm 2026", or "từ ngày 01/01/2026
    đến ngày 15/05/2026"."""
    start, end = period_bounds(report)
    preset = period_preset(start, end)
    if preset:
        return PRESET_PHRASES[preset].format(year=start.year)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"giai đoạn {start.year}–{end.year}"
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def summary_line(report: dict) -> str:
    """The trích yếu: "Kết quả công tác đối ngoại quốc phòng năm 2019" (a part of a year also gives its days)."""
    start, end = period_bounds(report)
    line = f"Kết quả công tác đối ngoại quốc phòng {period_phrase(report)}"
    if period_preset(start, end) not in (None, "year"):
        line += f" (từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})"
    return line


def period_note(report: dict, today: datetime.date) -> str:
    """The period and the cut-off date, as the page states them: to the period's last day, or to ``today`` while
    the period still runs."""
    start, end = period_bounds(report)
    note = f"Kỳ báo cáo: từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}; "
    if today < end:
        return note + f"số liệu tính đến ngày {today:%d/%m/%Y}, kỳ báo cáo chưa kết thúc."
    return note + f"số liệu tính đến hết ngày {end:%d/%m/%Y}."


def opener(report: dict) -> str:
    """How a sentence of the body starts: "Trong năm 2019", "Trong 6 tháng đầu năm 2026", "Từ ngày … đến ngày …"."""
    phrase = period_phrase(report)
    return phrase[0].upper() + phrase[1:] if phrase.startswith("từ ") else f"Trong {phrase}"


def short_name(name: str) -> str:
    """The kind of a command for the sentences: "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu" → "Bộ CHQS tỉnh"; other names
    stay whole."""
    match = SHORT_NAME.match(name)
    return match.group(1) if match else name


def against_plan(figures: dict, metric: str, done: int) -> str:
    """The result against the plan, ", đạt 120 % kế hoạch (kế hoạch: 10 đoàn)", when the figures carry a target
    for ``metric`` (else nothing)."""
    target = figures.get("plan", {}).get(metric)
    if not target:
        return ""
    unit = PLAN_WORDS[metric][1]
    return f", đạt {percent_of(done, target)} % kế hoạch (kế hoạch: {number(target)} {unit})"


def row_name(row: dict) -> str:
    return f"{row['name']} (cơ quan)" if row.get("own") else row["name"]


def choice_labels(choices) -> dict[str, str]:
    """The Vietnamese labels of a choice class (as the page and the files show them)."""
    with translation.override("vi"):
        return {value: str(label) for value, label in choices.choices}


def sentences(report: dict, issuer: Issuer) -> dict[str, list[str]]:
    """The body's paragraphs per section of "I. KẾT QUẢ THỰC HIỆN", every figure from ``report["totals"]``."""
    t = report["totals"]
    who = f"{opener(report)}, {short_name(issuer.name) if issuer.name else 'các đơn vị'}"
    out: dict[str, list[str]] = {}

    signed = t["agreements_signed"]
    first = (
        f"{who} đã ký kết {number(signed)} văn bản hợp tác với đơn vị bạn"
        if signed
        else f"{who} không ký kết văn bản hợp tác mới với đơn vị bạn"
    )
    first += against_plan(t, PlanMetric.AGREEMENTS_SIGNED, signed) + "."
    in_force = (
        f"Trong kỳ có {number(t['agreements_in_force'])} văn bản hợp tác còn hiệu lực với "
        f"{number(t['partners_total'])} đơn vị bạn, trong đó {number(t['partners_twinned'])} đơn vị kết nghĩa."
    )
    out["agreements"] = [first, in_force]

    purposes = t.get("delegations_by_purpose", {})
    for key, verb, direction, planned_key in (
        ("delegations_inbound", "đã đón", "inbound", "delegations_inbound_planned"),
        ("delegations_outbound", "đã cử", "outbound", "delegations_outbound_planned"),
    ):
        n, members = t[key], t[f"{key}_members"]
        if n:
            text = f"{who} {verb} {number(n)} đoàn với {number(members)} lượt người"
            if direction == "outbound":
                text += " sang làm việc với đơn vị bạn"
        else:
            text = f"{who} không {'đón' if direction == 'inbound' else 'cử'} đoàn nào"
        text += against_plan(t, key, n)
        parts = [
            f"{number(count)} {PURPOSE_PHRASES.get(purpose, purpose)}"
            for purpose, count in purposes.get(direction, {}).items()
        ]
        text += f"; trong đó: {'; '.join(parts)}." if parts and n else "."  # a purpose's words may hold a comma
        paragraphs = [text]
        if t[planned_key]:
            paragraphs.append(
                f"Ngoài ra, còn {number(t[planned_key])} đoàn theo kế hoạch chưa thực hiện "
                "(không tính vào kết quả trên)."
            )
        out[key] = paragraphs

    n = t["activities"]
    text = (
        f"{who} đã phối hợp với đơn vị bạn tổ chức {number(n)} hoạt động"
        if n
        else f"{who} không tổ chức hoạt động phối hợp nào với đơn vị bạn"
    )
    paragraphs = [text + against_plan(t, PlanMetric.ACTIVITIES, n) + "."]
    if t["activities_planned"]:
        paragraphs.append(
            f"Ngoài ra, còn {number(t['activities_planned'])} hoạt động theo kế hoạch chưa thực hiện "
            "(không tính vào kết quả trên)."
        )
    if t["remains_found"] or t["remains_repatriated"]:
        paragraphs.append(
            f"Công tác tìm kiếm, quy tập hài cốt liệt sĩ: đã tìm được {number(t['remains_found'])} hài cốt, "
            f"đã hồi hương {number(t['remains_repatriated'])} hài cốt."
        )
    out["activities"] = paragraphs

    vnd, to_partners = t["expenditure_vnd"], t["expenditure_to_partners_vnd"]
    if vnd:
        text = f"{who} đã chi tổng cộng {number(vnd)} đồng cho công tác đối ngoại quốc phòng"
        text += against_plan(t, PlanMetric.EXPENDITURE_VND, vnd)
        text += f"; trong đó hỗ trợ đơn vị bạn {number(to_partners)} đồng"
        hospitality = t["expenditure_by_category"].get(Category.HOSPITALITY)
        if hospitality:
            text += f", chi đón tiếp các đoàn {number(hospitality)} đồng"
        text += " (chi tiết theo loại hỗ trợ và nguồn kinh phí tại phụ lục)."
    else:
        text = f"{who} không phát sinh kinh phí hỗ trợ" + against_plan(t, PlanMetric.EXPENDITURE_VND, 0) + "."
    out["expenditure"] = [text]
    return out


# --- python-docx helpers --------------------------------------------------------------------------------------
# Children of w:pPr and w:tblPr that must follow w:pBdr and w:tblBorders (the order the schema requires).
AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
SIDES = ("top", "left", "bottom", "right")
# What XML 1.0 cannot hold (python-docx would refuse the text): the form refuses it, stored names lose it.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def set_fonts(rfonts_parent) -> None:
    """Times New Roman for every script of a run or style (Vietnamese letters fall in several ranges)."""
    rfonts = rfonts_parent.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), FONT)


def paragraph_border(paragraph, sides=("bottom",), size: int = 6) -> None:
    """A line on ``sides`` of ``paragraph``, between its indents (a short line under a title)."""
    borders = OxmlElement("w:pBdr")
    for side in SIDES:
        if side in sides:
            line = OxmlElement(f"w:{side}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:space"), "1")
            line.set(qn("w:color"), "000000")
            borders.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *AFTER_PBDR)


def narrow_cell_margins(table, mm: float = 1.0) -> None:
    """``mm`` of padding left and right in every cell (Word's default is 1.9 mm): room for the figures."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in (*SIDES, "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.insert_element_before(borders, *AFTER_TBLBORDERS)


def repeat_as_header(row) -> None:
    """The row is repeated at the top of each page the table runs over."""
    flag = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(flag)


def page_number_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def write(paragraph, text: str, *, bold=False, italic=False, size=None):
    run = paragraph.add_run(XML_INVALID.sub("", text))  # a name stored with a control character is still written
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = size
    return run


def line(container, text: str = "", *, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, size=None, **style):
    """A paragraph of one run, in a cell or the body."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.first_line_indent = Mm(0)
    if text:
        write(paragraph, text, size=size, **style)
    return paragraph


def short_rule(cell, width_mm: float, cell_mm: float) -> None:
    """A centred horizontal line ``width_mm`` long under the text of ``cell`` (``cell_mm`` wide)."""
    rule = line(cell, size=Pt(2))
    indent = Mm(max((cell_mm - width_mm) / 2, 0))
    rule.paragraph_format.left_indent = indent
    rule.paragraph_format.right_indent = indent
    rule.paragraph_format.line_spacing = Pt(2)
    rule.paragraph_format.space_before = Pt(3)
    paragraph_border(rule, sides=("top",))


def first_paragraph(cell, text: str = "", **style):
    """The cell's own first paragraph, filled (a new cell holds one empty paragraph)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = style.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Mm(0)
    if text:
        write(paragraph, text, **style)
    return paragraph


def set_widths(table, widths) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


# --- the document ---------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, report: dict, params: dict, issuer: Issuer, country: str | None, today: datetime.date):
        self.report = report
        self.issuer = issuer
        self.country = country
        self.place = params.get("place") or issuer.province or DOTS
        self.number = params.get("number") or DEFAULT_NUMBER
        self.issued_on = params.get("issued_on") or today
        self.today = today
        self.recipients = list(params.get("recipients") or ([issuer.superior] if issuer.superior else []))
        self.signer_title = (params.get("signer_title") or DEFAULT_TITLE.get(issuer.level, CHIEF)).upper()
        self.signer_name = params.get("signer_name") or ""
        self.secret = bool(params.get("secret"))
        self.doc = Document()
        self.appendices = 0
        self.missed_meetings: list[dict] = []

    # The page, the fonts, the page numbers.
    def setup(self) -> None:
        doc = self.doc
        normal = doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = BODY_SIZE
        set_fonts(normal.element.get_or_add_rPr())
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "vi-VN")
        normal.element.get_or_add_rPr().append(language)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.0
        section = doc.sections[0]
        self.page(section, landscape=False)
        # Page numbers at the top centre from the second page (Decree 30).
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page_number_field(header)
        properties = doc.core_properties
        properties.title = f"Báo cáo {summary_line(self.report)}"
        properties.subject = period_note(self.report, self.today)
        properties.author = self.issuer.name or "ĐNQP"
        properties.language = "vi-VN"

    @staticmethod
    def page(section, *, landscape: bool) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.header_distance = section.footer_distance = Mm(10)

    def body(self, text: str = "", *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.first_line_indent = Mm(12.7) if indent else Mm(0)
        if text:
            write(paragraph, text, bold=bold, italic=italic)
        return paragraph

    def drafter(self, text: str):
        """A place the drafter fills in: bracketed and italic."""
        return self.body(f"[{text}: …]", italic=True)

    # Quốc hiệu, tiêu ngữ, the bodies, the number, place and date.
    def header(self) -> None:
        table = self.doc.add_table(rows=2, cols=2)
        no_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(table, (LEFT_COLUMN, RIGHT_COLUMN))
        left, right = table.cell(0, 0), table.cell(0, 1)
        if self.issuer.superior:
            first_paragraph(left, self.issuer.superior.upper(), size=HEADING_SIZE)
            line(left, (self.issuer.name or DOTS).upper(), bold=True, size=HEADING_SIZE)
        else:
            first_paragraph(left, (self.issuer.name or DOTS).upper(), bold=True, size=HEADING_SIZE)
        short_rule(left, 25, LEFT_COLUMN.mm)
        first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(12))
        line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=HEADING_SIZE)
        short_rule(right, 60, RIGHT_COLUMN.mm)
        number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
        first_paragraph(number_cell, f"Số: {self.number}", size=HEADING_SIZE)
        if self.secret:
            # The security marking under the number and symbol (Decree 30, Appendix I, box 10a).
            mark = line(number_cell, "MẬT", bold=True, size=HEADING_SIZE)
            mark.paragraph_format.space_before = Pt(6)
            indent = Mm((LEFT_COLUMN.mm - 18) / 2)
            mark.paragraph_format.left_indent = mark.paragraph_format.right_indent = indent
            paragraph_border(mark, sides=SIDES, size=12)
        first_paragraph(date_cell, f"{self.place}, {long_date(self.issued_on)}", italic=True, size=HEADING_SIZE)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    def title(self) -> None:
        heading = line(self.doc, "BÁO CÁO", bold=True)
        heading.paragraph_format.space_before = Pt(18)
        line(self.doc, summary_line(self.report), bold=True)
        short_rule(self.doc, 45, TEXT_WIDTH_MM)
        line(self.doc, period_note(self.report, self.today), italic=True, size=Pt(12), after=12)

    def content(self) -> None:
        report, issuer = self.report, self.issuer
        start, end = period_bounds(report)
        who = issuer.name or "các đơn vị"
        intro = (
            f"Thực hiện kế hoạch công tác đối ngoại quốc phòng {period_phrase(report)}, {who} báo cáo kết quả "
            "thực hiện công tác đối ngoại quốc phòng với các đơn vị quân đội nước bạn như sau:"
        )
        self.body(intro)
        notes = []
        if self.country:
            notes.append(f"chỉ tính các văn bản, đoàn, hoạt động và hỗ trợ với đối tác {self.country}")
        if report["by"] != RECORDED:
            notes.append("số liệu xếp theo tổ chức hiện tại (sau sắp xếp, sáp nhập năm 2025)")
        if notes:
            self.body(f"({'; '.join(notes)}.)".replace("..", "."), italic=True)

        text = sentences(report, issuer)
        self.body("I. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
        for number_, heading, key in (
            (1, "Ký kết và thực hiện văn bản hợp tác", "agreements"),
            (2, "Đón các đoàn đơn vị bạn sang thăm, làm việc", "delegations_inbound"),
            (3, "Cử các đoàn sang thăm, làm việc với đơn vị bạn", "delegations_outbound"),
            (4, "Phối hợp tổ chức các hoạt động", "activities"),
            (5, "Công tác hỗ trợ đơn vị bạn", "expenditure"),
        ):
            self.body(f"{number_}. {heading}", bold=True)
            for paragraph in text[key]:
                self.body(paragraph)
        if len(report["rows"]) > 1:
            self.body("Số liệu của từng đơn vị tại Phụ lục I kèm theo.")
        self.drafter("Đánh giá của cơ quan soạn thảo về kết quả thực hiện từng nội dung")

        self.body("II. ĐÁNH GIÁ CHUNG", bold=True, indent=False)
        self.body("1. Ưu điểm", bold=True)
        self.drafter("Đánh giá của cơ quan soạn thảo: ưu điểm, kết quả nổi bật")
        self.body("2. Hạn chế và nguyên nhân", bold=True)
        self.drafter("Đánh giá của cơ quan soạn thảo: hạn chế, khuyết điểm và nguyên nhân")
        self.body("3. Bài học kinh nghiệm", bold=True)
        self.drafter("Bài học kinh nghiệm do cơ quan soạn thảo rút ra")

        whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        ahead = f"NĂM {end.year + 1}" if whole_years else "THỜI GIAN TỚI"
        self.body(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {ahead}", bold=True, indent=False)
        self.drafter(f"Phương hướng, nhiệm vụ {ahead.lower()} do cơ quan soạn thảo xác định")
        self.body("IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=False)
        self.drafter("Đề xuất, kiến nghị với cấp trên (nếu có)")
        self.body(f"Trên đây là báo cáo kết quả công tác đối ngoại quốc phòng {period_phrase(report)} của {who}./.")

    # Nơi nhận on the left, the signer on the right.
    def signature(self) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        no_borders(table)
        set_widths(table, (Mm(80), Mm(85)))
        left, right = table.cell(0, 0), table.cell(0, 1)
        first_paragraph(left, "Nơi nhận:", bold=True, italic=True, size=Pt(12), align=WD_ALIGN_PARAGRAPH.LEFT)
        stored = [r for r in self.recipients if r.lower().startswith("lưu")]
        others = [r for r in self.recipients if not r.lower().startswith("lưu")]
        for recipient in others:
            line(left, f"- {recipient};", align=WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENT_SIZE)
        for recipient in stored or [STORED]:
            text = recipient if recipient.endswith(".") else f"{recipient}."
            line(left, f"- {text}", align=WD_ALIGN_PARAGRAPH.LEFT, size=RECIPIENT_SIZE)
        titles = [part.strip() for part in self.signer_title.split("/") if part.strip()] or [CHIEF]
        first_paragraph(right, titles[0], bold=True)
        for title in titles[1:]:
            line(right, title, bold=True)
        for _gap in range(4):  # room for the signature and the seal
            line(right)
        line(right, self.signer_name or "………………………", bold=bool(self.signer_name))
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    # The appendices, on landscape pages.
    def appendix_heading(self, title: str) -> None:
        self.appendices += 1
        numeral = ("I", "II", "III", "IV", "V")[self.appendices - 1]
        first = line(self.doc, f"Phụ lục {numeral}", bold=True)
        if self.appendices > 1:
            first.paragraph_format.page_break_before = True
        line(self.doc, title.upper(), bold=True)
        line(
            self.doc,
            f"(Kèm theo Báo cáo số {self.number} {long_date(self.issued_on)} của {self.issuer.name or DOTS})",
            italic=True,
        )
        line(self.doc, period_note(self.report, self.today), italic=True, size=HEADING_SIZE, after=6)

    def table(self, headers, rows: list[list], widths: list[float], totals=(), size=TABLE_SIZE):
        """A bordered table: ``headers`` rows of (text, columns spanned, rows spanned); ``rows`` of cells (text or
        int, the first one the row's number, centred); ``totals`` rows printed bold. Numbers are right-aligned."""
        columns = len(widths)
        table = self.doc.add_table(rows=len(headers), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        narrow_cell_margins(table)
        taken: set[tuple[int, int]] = set()
        for r, header in enumerate(headers):
            c = 0
            for text, span, down in header:
                while (r, c) in taken:
                    c += 1
                cell = table.cell(r, c)
                if span > 1 or down > 1:
                    cell = cell.merge(table.cell(r + down - 1, c + span - 1))
                for rr in range(r, r + down):
                    for cc in range(c, c + span):
                        taken.add((rr, cc))
                first_paragraph(cell, text, bold=True, size=size).paragraph_format.space_before = Pt(2)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                c += span
            repeat_as_header(table.rows[r])
        for values, bold in [*((v, False) for v in rows), *((v, True) for v in totals)]:
            cells = table.add_row().cells
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                numeric = isinstance(value, int)
                if column == 0:
                    align = WD_ALIGN_PARAGRAPH.CENTER
                else:
                    align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
                paragraph = first_paragraph(
                    cell, number(value) if numeric else str(value), bold=bold, size=size, align=align
                )
                paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
        set_widths(table, [Mm(w) for w in widths])
        return table

    def appendix_rows(self) -> None:
        """Phụ lục I: the report's rows and totals, every figure of the JSON's rows."""
        report = self.report
        totals = report["totals"]
        remains = bool(totals["remains_found"] or totals["remains_repatriated"])
        self.appendix_heading("Số liệu công tác đối ngoại quốc phòng theo đơn vị")
        headers = [
            [
                ("TT", 1, 2),
                ("Đơn vị", 1, 2),
                ("Văn bản hợp tác", 2, 1),
                ("Đơn vị bạn", 2, 1),
                ("Đoàn vào", 3, 1),
                ("Đoàn ra", 3, 1),
                ("Hoạt động phối hợp", 2, 1),
                *([("Hài cốt liệt sĩ", 2, 1)] if remains else []),
                ("Kinh phí (đồng)", 2, 1),
            ],
            [
                ("Ký kết", 1, 1),
                ("Còn hiệu lực", 1, 1),
                ("Kết nghĩa", 1, 1),
                ("Đầu mối", 1, 1),
                ("Số đoàn", 1, 1),
                ("Lượt người", 1, 1),
                ("KH chưa TH", 1, 1),
                ("Số đoàn", 1, 1),
                ("Lượt người", 1, 1),
                ("KH chưa TH", 1, 1),
                ("Đã TH", 1, 1),
                ("KH chưa TH", 1, 1),
                *([("Tìm được", 1, 1), ("Hồi hương", 1, 1)] if remains else []),
                ("Tổng", 1, 1),
                ("Hỗ trợ bạn", 1, 1),
            ],
        ]
        keys = [
            "agreements_signed",
            "agreements_in_force",
            "partners_twinned",
            "partners_total",
            "delegations_inbound",
            "delegations_inbound_members",
            "delegations_inbound_planned",
            "delegations_outbound",
            "delegations_outbound_members",
            "delegations_outbound_planned",
            "activities",
            "activities_planned",
            *(["remains_found", "remains_repatriated"] if remains else []),
            "expenditure_vnd",
            "expenditure_to_partners_vnd",
        ]
        rows = [[i, row_name(row), *[row[k] for k in keys]] for i, row in enumerate(report["rows"], start=1)]
        widths = [8, 44] + [12] * (len(keys) - 2) + [27, 27]
        scale = min(LANDSCAPE_TEXT_WIDTH_MM / sum(widths), 1)
        self.table(
            headers,
            rows,
            [w * scale for w in widths],
            totals=[["", "Tổng cộng", *[totals[k] for k in keys]]],
            size=SMALL_TABLE_SIZE,
        )
        self.body(
            "Ghi chú: “KH chưa TH”: đoàn, hoạt động theo kế hoạch, chưa thực hiện (không tính vào kết quả); "
            "“Đầu mối”: đơn vị bạn có văn bản hợp tác còn hiệu lực; “Kết nghĩa”: đơn vị bạn có văn bản kết nghĩa "
            "còn hiệu lực (đếm không trùng lặp, nên tổng cộng có thể nhỏ hơn tổng các dòng).",
            italic=True,
            indent=False,
        ).runs[0].font.size = TABLE_SIZE

    def appendix_plan(self) -> None:
        """Phụ lục II: results against the approved annual plans (target, done, %), totals then per unit."""
        report = self.report
        totals = report["totals"]
        self.appendix_heading("Kết quả thực hiện so với kế hoạch năm")
        headers = [[("TT", 1, 1), ("Chỉ tiêu", 1, 1), ("Kế hoạch", 1, 1), ("Thực hiện", 1, 1), ("Tỷ lệ (%)", 1, 1)]]
        plan = totals["plan"]
        rows = [
            [i, PLAN_WORDS[metric][0], plan[metric], totals[metric], percent_of(totals[metric], plan[metric])]
            for i, metric in enumerate((m for m in PlanMetric.values if m in plan), start=1)
        ]
        self.table(headers, rows, [12, 110, 45, 45, 40])
        planned_rows = [row for row in report["rows"] if row.get("plan")]
        if len(report["rows"]) > 1 and planned_rows:
            line(self.doc, "Theo đơn vị", bold=True, after=6).paragraph_format.space_before = Pt(12)
            headers = [
                [
                    ("TT", 1, 1),
                    ("Đơn vị", 1, 1),
                    ("Chỉ tiêu", 1, 1),
                    ("Kế hoạch", 1, 1),
                    ("Thực hiện", 1, 1),
                    ("Tỷ lệ (%)", 1, 1),
                ]
            ]
            rows = []
            for i, row in enumerate(planned_rows, start=1):
                for j, metric in enumerate(m for m in PlanMetric.values if m in row["plan"]):
                    target = row["plan"][metric]
                    rows.append(
                        [
                            i if j == 0 else "",
                            row_name(row) if j == 0 else "",
                            PLAN_WORDS[metric][0],
                            target,
                            row[metric],
                            percent_of(row[metric], target),
                        ]
                    )
            self.table(headers, rows, [12, 80, 70, 32, 32, 26])

    def appendix_support(self) -> None:
        """Phụ lục: support by category and by funding source, each with the total of the report."""
        totals = self.report["totals"]
        self.appendix_heading("Kinh phí hỗ trợ theo loại và theo nguồn kinh phí")
        for caption, heading, amounts, labels in (
            ("a) Theo loại hỗ trợ", "Loại hỗ trợ", totals["expenditure_by_category"], choice_labels(Category)),
            (
                "b) Theo nguồn kinh phí",
                "Nguồn kinh phí",
                totals["expenditure_by_funding_source"],
                choice_labels(FundingSource),
            ),
        ):
            line(self.doc, caption, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
            headers = [[("TT", 1, 1), (heading, 1, 1), ("Số tiền (đồng)", 1, 1)]]
            rows = [[i, labels.get(key, key), amount] for i, (key, amount) in enumerate(amounts.items(), start=1)]
            self.table(headers, rows, [12, 150, 60], totals=[["", "Tổng cộng", totals["expenditure_vnd"]]])
            line(self.doc, after=6)

    def appendix_missed_meetings(self) -> None:
        """Phụ lục: the border pairs' meeting periods over within the report's days with no meeting held."""
        self.appendix_heading("Các kỳ giao ban biên giới chưa thực hiện")
        headers = [[("TT", 1, 1), ("Đơn vị", 1, 1), ("Đơn vị bạn", 1, 1), ("Kỳ chưa giao ban", 1, 1)]]
        rows = [
            [i, pair["command_name"], pair["partner_unit_name"], periods_display(pair["missing"])]
            for i, pair in enumerate(self.missed_meetings, start=1)
        ]
        self.table(headers, rows, [12, 80, 80, 80])

    def build(self):
        self.setup()
        self.header()
        self.title()
        self.content()
        self.signature()
        appendix = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.page(appendix, landscape=True)
        appendix.different_first_page_header_footer = False
        self.appendix_rows()
        if self.report["totals"].get("plan"):
            self.appendix_plan()
        self.appendix_support()
        if self.missed_meetings:
            self.appendix_missed_meetings()
        return self.doc


def build_official_document(
    report: dict,
    params: dict,
    *,
    issuer: Issuer,
    country: str | None = None,
    today: datetime.date | None = None,
    missed_meetings: list[dict] | None = None,
) -> bytes:
    """The ``.docx`` file of ``report`` (the yearly report's result) with the document form's values ``params``
    (place, number, issued_on, recipients, signer_title, signer_name, secret; each may be empty).
    ``country``: the ISO code the report was narrowed to, if any; ``today``: the default date of the document;
    ``missed_meetings``: the border pairs with meetings missed in the period (:func:`missed_border_meetings`)."""
    with translation.override("vi"):
        country_name = str(dict(COUNTRY_CHOICES).get(country, country)) if country else None
        writer = _Writer(report, params, issuer, country_name, today or timezone.localdate())
        writer.missed_meetings = missed_meetings or []
        document = writer.build()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def official_document_filename(report: dict) -> str:
    """``bao-cao-dnqp-2019-BRVT.docx``; a part of a year by its days: ``bao-cao-dnqp-20260101-20260630-….docx``."""
    start, end = period_bounds(report)
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        years = f"{start:%Y%m%d}-{end:%Y%m%d}"
    elif start.year == end.year:
        years = str(start.year)
    else:
        years = f"{start.year}-{end.year}"
    scope = report["scope"]["code"] or "tat-ca"
    suffix = "-hien-tai" if report["by"] != RECORDED else ""
    return f"bao-cao-dnqp-{years}-{scope}{suffix}.docx"


def missed_border_meetings(report: dict, user) -> list[dict]:
    """The border-meetings report's pairs (same user and scope) with the periods they missed that end within the
    yearly report's days, one entry per pair: ``command_name``, ``partner_unit_name``, ``missing`` (labels)."""
    start, end = period_bounds(report)
    pairs = []
    for year in range(start.year, end.year + 1):
        for row in border_meetings_report(user=user, year=year, command=report["scope"]["command"])["rows"]:
            missing = [label for label in row["missing"] if start <= period_end(label) <= end]
            if missing:
                pairs.append({**row, "missing": missing})
    return pairs


def export_official_document(*, report: dict, params: dict, user, filters: dict) -> HttpResponse:
    """The download of the official document of ``report`` (the same for the page and the API), logged in the
    export log like the CSV and XLSX files."""
    content = build_official_document(
        report,
        params,
        issuer=issuing_command(report),
        country=filters.get("country") or None,
        # The border pairs are not told apart by country: a report narrowed to one country leaves them out.
        missed_meetings=[] if filters.get("country") else missed_border_meetings(report, user),
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, official_document_filename(report))
    response["X-Content-Type-Options"] = "nosniff"
    log_export(
        user=user,
        what="yearly_report",
        file_format="docx",
        filters={**filters, "number": params.get("number"), "secret": bool(params.get("secret"))},
        row_count=len(report["rows"]),
    )
    return response
