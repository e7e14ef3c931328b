"""Spreadsheet import and export of delegations, activities and support: see dnqp/imports.py."""

from django.utils.translation import gettext_lazy as _

from dnqp.imports import (
    COUNTRY_WORDS,
    STATUS_WORDS,
    AgreementWidget,
    DateWidget,
    DecimalWidget,
    DnqpResource,
    IntegerWidget,
    NullableCodeWidget,
    RecordWidget,
    choice_column,
    column,
    unit_column,
)
from events.choices import EventStatus
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

AGREEMENT_HEADER = _("Agreement (number #ID)")

DIRECTION_WORDS = {"đoàn vào": "inbound", "vào": "inbound", "đoàn ra": "outbound", "ra": "outbound"}
PURPOSE_WORDS = {
    "chào xã giao": "courtesy",
    "thăm xã giao": "courtesy",
    "thăm và làm việc": "working",
    "làm việc": "working",
    "học tập": "study",
    "đào tạo": "study",
    "giao lưu": "exchange",
    "hội đàm biên giới": "border_meeting",
    "giao ban biên giới": "border_meeting",
    "dự lễ": "ceremony",
    "kỷ niệm": "ceremony",
    "nhân đạo": "humanitarian",
    "tìm kiếm hài cốt": "remains_search",
    "khác": "other",
}
ACTIVITY_WORDS = {
    "giao ban": "border_meeting",
    "giao ban biên giới": "border_meeting",
    "họp cụm biên giới": "border_meeting",
    "giao lưu": "exchange",
    "giao lưu văn hóa, thể thao": "exchange",
    "diễn tập": "joint_exercise",
    "khám chữa bệnh": "humanitarian",
    "khám bệnh, cấp thuốc": "humanitarian",
    "nhân đạo": "humanitarian",
    "tập huấn": "training",
    "huấn luyện": "training",
    "lễ kỷ niệm": "ceremony",
    "kỷ niệm": "ceremony",
    "tìm kiếm hài cốt": "remains_search",
    "khác": "other",
}
CATEGORY_WORDS = {
    "kinh phí": "funds",
    "tiền": "funds",
    "vật chất": "materials",
    "trang bị": "materials",
    "vật tư y tế": "medical",
    "thuốc": "medical",
    "công trình": "construction",
    "quà": "gifts",
    "quà tặng": "gifts",
    "đào tạo": "training",
    "tiếp đón": "hospitality",
    "đón tiếp": "hospitality",
    "khác": "other",
}
FUNDING_WORDS = {
    "chính phủ": "central",
    "trung ương": "central",
    "bộ quốc phòng": "defence_ministry",
    "bqp": "defence_ministry",
    "quân khu": "military_region",
    "ubnd tỉnh": "province",
    "tỉnh": "province",
    "đơn vị": "unit",
    "khác": "other",
}


class DelegationResource(DnqpResource):
    """Delegations; matched by ID, else by command, direction, purpose, start date and leader."""

    id = column(Delegation, "id", IntegerWidget(), readonly=True, aliases=("ma so",))
    direction = choice_column(Delegation, "direction", DIRECTION_WORDS, aliases=("doan vao/ra", "vao/ra", "chieu"))
    purpose = choice_column(Delegation, "purpose", PURPOSE_WORDS, aliases=("muc dich", "noi dung"))
    command = unit_column(Delegation, "command", Command, aliases=("don vi ta", "don vi"))
    partner_units = unit_column(Delegation, "partner_units", PartnerUnit, aliases=("don vi ban",))
    country = choice_column(Delegation, "country", COUNTRY_WORDS, aliases=("nuoc", "quoc gia"))
    leader_name = column(Delegation, "leader_name", aliases=("truong doan",))
    leader_rank = column(Delegation, "leader_rank", aliases=("cap bac truong doan", "cap bac"))
    leader_title = column(Delegation, "leader_title", aliases=("chuc vu truong doan", "chuc vu"))
    member_count = column(Delegation, "member_count", IntegerWidget(), aliases=("so nguoi", "quan so", "so luong"))
    start_date = column(Delegation, "start_date", DateWidget(), aliases=("tu ngay", "ngay bat dau", "ngay den"))
    end_date = column(Delegation, "end_date", DateWidget(), aliases=("den ngay", "ngay ket thuc", "ngay ve"))
    location = column(Delegation, "location", aliases=("dia diem", "noi den"))
    agreement = column(Delegation, "agreement", header=AGREEMENT_HEADER, aliases=("van ban", "so van ban"))
    status = choice_column(Delegation, "status", STATUS_WORDS, aliases=("tinh trang",))
    notes = column(Delegation, "notes", aliases=("ghi chu",))

    natural_key = ("command", "direction", "purpose", "start_date", "leader_name")
    scoped = True
    select_related = ("command", "agreement")
    prefetch_related = ("partner_units",)

    class Meta:
        model = Delegation
        fields = export_order = (
            "id",
            "direction",
            "purpose",
            "command",
            "partner_units",
            "country",
            "leader_name",
            "leader_rank",
            "leader_title",
            "member_count",
            "start_date",
            "end_date",
            "location",
            "agreement",
            "status",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].widget = AgreementWidget(Agreement, "command", self.fields["command"].widget)
        self.fields["country"].widget.render_label = False
        self.fields["status"].default = EventStatus.COMPLETED


class ActivityResource(DnqpResource):
    """Activities; matched by ID, else by command, kind, start date and title."""

    id = column(Activity, "id", IntegerWidget(), readonly=True, aliases=("ma so",))
    kind = choice_column(Activity, "kind", ACTIVITY_WORDS, aliases=("loai", "loai hoat dong", "hinh thuc"))
    title = column(Activity, "title", aliases=("ten hoat dong", "noi dung"))
    command = unit_column(Activity, "command", Command, aliases=("don vi ta", "don vi"))
    partner_units = unit_column(Activity, "partner_units", PartnerUnit, aliases=("don vi ban",))
    start_date = column(Activity, "start_date", DateWidget(), aliases=("tu ngay", "ngay bat dau", "ngay"))
    end_date = column(Activity, "end_date", DateWidget(), aliases=("den ngay", "ngay ket thuc"))
    participant_count = column(Activity, "participant_count", IntegerWidget(), aliases=("so nguoi", "quan so"))
    location = column(Activity, "location", aliases=("dia diem",))
    status = choice_column(Activity, "status", STATUS_WORDS, aliases=("tinh trang",))
    notes = column(Activity, "notes", aliases=("ghi chu",))

    natural_key = ("command", "kind", "start_date", "title")
    scoped = True
    select_related = ("command",)
    prefetch_related = ("partner_units",)

    class Meta:
        model = Activity
        fields = export_order = (
            "id",
            "kind",
            "title",
            "command",
            "partner_units",
            "start_date",
            "end_date",
            "participant_count",
            "location",
            "status",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].default = EventStatus.COMPLETED


class ExpenditureResource(DnqpResource):
    """Support; ``amount_vnd`` computed from a foreign amount × rate when left empty; matched by ID, else
    by command, date, category, partner unit, beneficiary and voucher."""

    id = column(Expenditure, "id", IntegerWidget(), readonly=True, aliases=("ma so",))
    date = column(Expenditure, "date", DateWidget(), aliases=("ngay", "ngay chi"))
    command = unit_column(Expenditure, "command", Command, aliases=("don vi ta", "don vi", "don vi chi"))
    partner_unit = unit_column(Expenditure, "partner_unit", PartnerUnit, aliases=("don vi ban", "don vi nhan"))
    beneficiary = column(Expenditure, "beneficiary", aliases=("doi tuong", "nguoi nhan", "doi tuong nhan"))
    category = choice_column(
        Expenditure, "category", CATEGORY_WORDS, aliases=("loai", "loai ho tro", "hinh thuc ho tro")
    )
    funding_source = choice_column(Expenditure, "funding_source", FUNDING_WORDS, aliases=("nguon", "nguon kinh phi"))
    amount_vnd = column(
        Expenditure, "amount_vnd", IntegerWidget(), aliases=("so tien", "thanh tien", "so tien (dong)", "kinh phi")
    )
    currency = column(Expenditure, "currency", NullableCodeWidget(), aliases=("ngoai te", "loai tien"))
    amount_original = column(Expenditure, "amount_original", DecimalWidget(), aliases=("so tien ngoai te",))
    exchange_rate = column(Expenditure, "exchange_rate", DecimalWidget(), aliases=("ty gia",))
    agreement = column(Expenditure, "agreement", header=AGREEMENT_HEADER, aliases=("van ban", "so van ban"))
    delegation = column(
        Expenditure, "delegation", RecordWidget(Delegation), header=_("Delegation (ID)"), aliases=("doan",)
    )
    activity = column(
        Expenditure, "activity", RecordWidget(Activity), header=_("Activity (ID)"), aliases=("hoat dong",)
    )
    voucher = column(Expenditure, "voucher", aliases=("chung tu", "so chung tu"))
    description = column(Expenditure, "description", aliases=("noi dung", "dien giai", "ghi chu"))

    natural_key = ("command", "date", "category", "partner_unit", "beneficiary", "voucher")
    scoped = True
    select_related = ("command", "partner_unit", "agreement", "delegation", "activity")

    class Meta:
        model = Expenditure
        fields = export_order = (
            "id",
            "date",
            "command",
            "partner_unit",
            "beneficiary",
            "category",
            "funding_source",
            "amount_vnd",
            "currency",
            "amount_original",
            "exchange_rate",
            "agreement",
            "delegation",
            "activity",
            "voucher",
            "description",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].widget = AgreementWidget(Agreement, "command", self.fields["command"].widget)
