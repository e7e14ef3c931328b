"""Spreadsheet import and export of delegations, activities and support: columns from dnqp/spreadsheets/columns.py."""

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.imports import COUNTRY_WORDS, STATUS_WORDS, DnqpResource
from events.choices import EventStatus
from events.models import Activity, Delegation, Expenditure

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
EVENT_ALIASES = {
    "command": ("don vi ta", "don vi", "ma don vi"),
    "partner_units": ("don vi ban",),
    "start_date": ("tu ngay", "ngay"),
    "end_date": ("den ngay",),
    "location": ("noi den",),
    "status": ("tinh trang",),
}


class DelegationResource(DnqpResource):
    """Delegations; matched by ID, else by command, direction, purpose, start date and leader."""

    columns = columns.DELEGATION_COLUMNS
    aliases = {
        **EVENT_ALIASES,
        "direction": ("doan vao/ra", "vao/ra"),
        "country": ("nuoc",),
        "leader_rank": ("cap bac",),
        "leader_title": ("chuc vu",),
        "member_count": ("quan so", "so luong"),
        "agreement": ("van ban", "so van ban"),
    }
    choice_words = {
        "direction": DIRECTION_WORDS,
        "purpose": PURPOSE_WORDS,
        "country": COUNTRY_WORDS,
        "status": STATUS_WORDS,
    }
    natural_key = ("command", "direction", "purpose", "start_date", "leader_name")
    scoped = True
    bulk_writes = True
    select_related = ("command", "agreement")
    prefetch_related = ("partner_units",)

    class Meta:
        model = Delegation
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].default = EventStatus.COMPLETED


class ActivityResource(DnqpResource):
    """Activities; matched by ID, else by command, kind, start date and title."""

    columns = columns.ACTIVITY_COLUMNS
    aliases = {
        **EVENT_ALIASES,
        "kind": ("loai", "hinh thuc"),
        "title": ("ten hoat dong", "noi dung"),
        "participant_count": ("so nguoi", "quan so"),
        "remains_found": ("hai cot tim thay", "so bo hai cot tim thay", "tim thay"),
        "remains_repatriated": ("hai cot hoi huong", "so bo hai cot hoi huong", "hoi huong"),
    }
    choice_words = {"kind": ACTIVITY_WORDS, "status": STATUS_WORDS}
    natural_key = ("command", "kind", "start_date", "title")
    scoped = True
    bulk_writes = True
    select_related = ("command",)
    prefetch_related = ("partner_units",)

    class Meta:
        model = Activity
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].default = EventStatus.COMPLETED


class ExpenditureResource(DnqpResource):
    """Support; ``amount_vnd`` is computed from a foreign amount × rate when left empty.

    Matched by ID, else by command, date, category, partner unit, beneficiary and voucher.
    """

    columns = columns.EXPENDITURE_COLUMNS
    aliases = {
        "date": ("ngay chi",),
        "command": ("don vi ta", "don vi", "don vi chi", "ma don vi"),
        "partner_unit": ("don vi ban", "don vi nhan"),
        "beneficiary": ("doi tuong", "doi tuong nhan", "nguoi nhan"),
        "category": ("loai", "hinh thuc ho tro"),
        "funding_source": ("nguon",),
        "amount_vnd": ("so tien", "so tien (dong)", "thanh tien", "kinh phi"),
        "currency": ("ngoai te",),
        "amount_original": ("so tien ngoai te",),
        "agreement": ("van ban", "so van ban"),
        "delegation": ("doan",),
        "activity": ("hoat dong",),
        "voucher": ("chung tu",),
        "description": ("dien giai", "ghi chu"),
    }
    choice_words = {"category": CATEGORY_WORDS, "funding_source": FUNDING_WORDS}
    natural_key = ("command", "date", "category", "partner_unit", "beneficiary", "voucher")
    scoped = True
    bulk_writes = True
    select_related = ("command", "partner_unit", "agreement", "delegation", "activity")

    class Meta:
        model = Expenditure
        fields = ()
