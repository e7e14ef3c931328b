"""Spreadsheet import and export of units and agreements (columns and rules: dnqp.spreadsheets)."""

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.imports import COMMAND_LEVEL_WORDS, COUNTRY_WORDS, PARTNER_LEVEL_WORDS, DnqpResource
from partnerships.models import Agreement, Command, PartnerUnit

KIND_WORDS = {
    "kết nghĩa": "twinning",
    "hợp tác": "cooperation",
    "quy chế hợp tác": "cooperation",
    "ký kết hợp tác": "cooperation",
    "kế hoạch hợp tác": "annual_plan",
    "kế hoạch hợp tác năm": "annual_plan",
    "hiệp đồng": "coordination",
    "hiệp đồng phối hợp": "coordination",
    "bản ghi nhớ": "memorandum",
    "khác": "other",
}
# The countries a command borders as spreadsheets write them (the values and the names are accepted too).
BORDER_COUNTRY_WORDS = {
    "campuchia": "KH",
    "cam-pu-chia": "KH",
    "lào": "LA",
    "trung quốc": "CN",
    "LA,KH": "KH,LA",
    "KH, LA": "KH,LA",
    "LA, KH": "KH,LA",
    "lào, campuchia": "KH,LA",
    "campuchia, lào": "KH,LA",
    "lào và campuchia": "KH,LA",
    "LA,CN": "CN,LA",
    "CN, LA": "CN,LA",
    "LA, CN": "CN,LA",
    "trung quốc, lào": "CN,LA",
    "lào, trung quốc": "CN,LA",
    "lào và trung quốc": "CN,LA",
}
UNIT_ALIASES = {
    "code": ("ma", "ky hieu"),
    "name": ("ten", "don vi"),
    "parent": ("truc thuoc", "don vi cap tren", "cap tren"),
    "province_name": ("tinh/thanh pho",),
}


class CommandResource(DnqpResource):
    """Commands by code; parent and successor by code, imported parents first."""

    columns = columns.COMMAND_COLUMNS
    aliases = {
        **UNIT_ALIASES,
        "is_border": ("giap bien gioi", "bien gioi"),
        "border_countries": ("giap bien voi", "giap bien gioi voi", "nuoc giap bien gioi"),
        "valid_from": ("thanh lap", "ngay thanh lap"),
        "valid_until": ("giai the", "ngay giai the"),
        "successor": ("sap nhap vao", "don vi ke thua"),
    }
    choice_words = {"level": COMMAND_LEVEL_WORDS, "border_countries": BORDER_COUNTRY_WORDS}
    natural_key = ("code",)
    required_columns = ("code",)
    dependency = ("code", ("parent", "successor"))
    select_related = ("parent", "successor")

    class Meta:
        model = Command
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_order"].default = 0  # an empty cell: no official place, listed by code


class PartnerUnitResource(DnqpResource):
    """Partner units by code; parent by code, imported parents first."""

    columns = columns.PARTNER_UNIT_COLUMNS
    aliases = {**UNIT_ALIASES, "country": ("nuoc",)}
    choice_words = {"level": PARTNER_LEVEL_WORDS, "country": COUNTRY_WORDS}
    natural_key = ("code",)
    required_columns = ("code",)
    dependency = ("code", ("parent",))
    select_related = ("parent",)

    class Meta:
        model = PartnerUnit
        fields = ()


class AgreementResource(DnqpResource):
    """Agreements; matched by ID, else by command, partner unit, kind, signing date and document number."""

    columns = columns.AGREEMENT_COLUMNS
    aliases = {
        "reference": ("so", "so hieu", "so ky hieu"),
        "title": ("ten van ban", "trich yeu", "noi dung"),
        "kind": ("loai", "hinh thuc"),
        "command": ("don vi ta", "ma don vi"),
        "partner_unit": ("don vi ban",),
        "valid_from": ("ngay hieu luc",),
        "valid_until": ("het hieu luc",),
        "terminated_on": ("cham dut",),
        "renews": ("gia han", "thay the van ban"),
        "signatory_vn_name": ("nguoi ky ben ta",),
        "signatory_partner_name": ("nguoi ky ben ban",),
    }
    choice_words = {"kind": KIND_WORDS}
    natural_key = ("command", "partner_unit", "kind", "signed_on", "reference")
    scoped = True
    select_related = ("command", "partner_unit", "renews")

    class Meta:
        model = Agreement
        fields = ()

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # The model's save() does this too, but the database rule is checked before saving.
            instance.valid_from = instance.default_valid_from(instance.signed_on, instance.valid_from)
