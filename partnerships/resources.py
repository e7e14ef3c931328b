"""Spreadsheet import and export of units and agreements (admin, templates, round trips): see dnqp/imports.py."""

from dnqp.imports import (
    COMMAND_LEVEL_WORDS,
    COUNTRY_WORDS,
    PARTNER_LEVEL_WORDS,
    AgreementWidget,
    BooleanWidget,
    DateWidget,
    DnqpResource,
    IntegerWidget,
    UpperTextWidget,
    choice_column,
    column,
    unit_column,
)
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


class CommandResource(DnqpResource):
    """Commands by code; parent and successor by code, imported parents first."""

    code = column(Command, "code", UpperTextWidget(), aliases=("ma", "ma don vi", "ky hieu"))
    name = column(Command, "name", aliases=("ten", "ten don vi", "don vi"))
    name_en = column(Command, "name_en", aliases=("ten tieng anh",))
    level = choice_column(Command, "level", COMMAND_LEVEL_WORDS, aliases=("cap",))
    parent = unit_column(Command, "parent", Command, aliases=("truc thuoc", "don vi cap tren", "cap tren"))
    province_name = column(Command, "province_name", aliases=("tinh", "tinh/thanh pho"))
    is_border = column(Command, "is_border", BooleanWidget(), aliases=("bien gioi", "giap bien gioi"))
    valid_from = column(Command, "valid_from", DateWidget(), aliases=("thanh lap", "ngay thanh lap"))
    valid_until = column(Command, "valid_until", DateWidget(), aliases=("giai the", "ngay giai the"))
    successor = unit_column(Command, "successor", Command, aliases=("sap nhap vao", "don vi ke thua"))

    natural_key = ("code",)
    required_columns = ("code",)
    dependency = ("code", ("parent", "successor"))
    select_related = ("parent", "successor")

    class Meta:
        model = Command
        fields = export_order = (
            "code",
            "name",
            "name_en",
            "level",
            "parent",
            "province_name",
            "is_border",
            "valid_from",
            "valid_until",
            "successor",
        )


class PartnerUnitResource(DnqpResource):
    """Partner units by code; parent by code, imported parents first."""

    code = column(PartnerUnit, "code", UpperTextWidget(), aliases=("ma", "ma don vi", "ky hieu"))
    name = column(PartnerUnit, "name", aliases=("ten", "ten don vi", "don vi ban"))
    name_en = column(PartnerUnit, "name_en", aliases=("ten tieng anh",))
    country = choice_column(PartnerUnit, "country", COUNTRY_WORDS, aliases=("nuoc", "quoc gia"))
    province_name = column(PartnerUnit, "province_name", aliases=("tinh",))
    level = choice_column(PartnerUnit, "level", PARTNER_LEVEL_WORDS, aliases=("cap",))
    parent = unit_column(PartnerUnit, "parent", PartnerUnit, aliases=("truc thuoc", "don vi cap tren", "cap tren"))

    natural_key = ("code",)
    required_columns = ("code",)
    dependency = ("code", ("parent",))
    select_related = ("parent",)

    class Meta:
        model = PartnerUnit
        fields = export_order = ("code", "name", "name_en", "country", "province_name", "level", "parent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].widget.render_label = False


class AgreementResource(DnqpResource):
    """Agreements; units by code, the renewed agreement by "number #ID"; matched by ID, else natural key."""

    id = column(Agreement, "id", IntegerWidget(), readonly=True, aliases=("ma so", "stt he thong"))
    reference = column(Agreement, "reference", aliases=("so", "so hieu", "so van ban", "so ky hieu"))
    title = column(Agreement, "title", aliases=("ten van ban", "trich yeu", "noi dung"))
    kind = choice_column(Agreement, "kind", KIND_WORDS, aliases=("loai", "loai van ban", "hinh thuc"))
    command = unit_column(Agreement, "command", Command, aliases=("don vi ta", "ma don vi ta"))
    partner_unit = unit_column(Agreement, "partner_unit", PartnerUnit, aliases=("don vi ban", "ma don vi ban"))
    signed_on = column(Agreement, "signed_on", DateWidget(), aliases=("ngay ky",))
    valid_from = column(Agreement, "valid_from", DateWidget(), aliases=("hieu luc tu", "ngay hieu luc"))
    valid_until = column(Agreement, "valid_until", DateWidget(), aliases=("hieu luc den", "het hieu luc"))
    terminated_on = column(Agreement, "terminated_on", DateWidget(), aliases=("cham dut", "ngay cham dut"))
    renews = column(Agreement, "renews", aliases=("gia han van ban", "thay the van ban"))
    signatory_vn_name = column(Agreement, "signatory_vn_name", aliases=("nguoi ky ben ta",))
    signatory_vn_rank = column(Agreement, "signatory_vn_rank", aliases=("cap bac nguoi ky ben ta",))
    signatory_vn_title = column(Agreement, "signatory_vn_title", aliases=("chuc vu nguoi ky ben ta",))
    signatory_partner_name = column(Agreement, "signatory_partner_name", aliases=("nguoi ky ben ban",))
    signatory_partner_rank = column(Agreement, "signatory_partner_rank", aliases=("cap bac nguoi ky ben ban",))
    signatory_partner_title = column(Agreement, "signatory_partner_title", aliases=("chuc vu nguoi ky ben ban",))
    notes = column(Agreement, "notes", aliases=("ghi chu",))

    natural_key = ("command", "partner_unit", "kind", "signed_on", "reference")
    scoped = True
    select_related = ("command", "partner_unit", "renews")

    class Meta:
        model = Agreement
        fields = export_order = (
            "id",
            "reference",
            "title",
            "kind",
            "command",
            "partner_unit",
            "signed_on",
            "valid_from",
            "valid_until",
            "terminated_on",
            "renews",
            "signatory_vn_name",
            "signatory_vn_rank",
            "signatory_vn_title",
            "signatory_partner_name",
            "signatory_partner_rank",
            "signatory_partner_title",
            "notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renews"].widget = AgreementWidget(Agreement, "command", self.fields["command"].widget)

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # The model's save() does this too, but the database rule is checked before saving.
            if instance.signed_on and not instance.valid_from:
                instance.valid_from = instance.signed_on
