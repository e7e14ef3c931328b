"""Demo data drawn from the seed articles, as plain data, and one idempotent loader.

Names, pairs and dates come from the articles in ``shared/seeds/`` (Military Region 7, Bà Rịa – Vũng Tàu
with Preah Vihear, Long An with Svay Rieng and Prey Veng, the 2025 mergers). Figures the articles do not
give (amounts, head counts, exact days) are invented but fixed: the data is the same on every run.

Every record has a natural key (unit ``code``, agreement ``reference``, support ``voucher``, and for
delegations and activities their command, date and kind). :func:`load_demo` creates what is missing,
updates what differs and leaves identical rows untouched, so a second run writes nothing (no new history).
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from dnqp.core.cache import invalidate
from dnqp.models import ROLE_GROUPS, Profile, Role
from events.models import Activity, Delegation, Expenditure, amount_in_vnd
from partnerships.models import Agreement, Command, PartnerUnit

D = datetime.date
MERGER_EVE = D(2025, 6, 30)  # last day of the provinces and districts abolished on 1 July 2025
REORGANISED = D(2025, 7, 1)
LAST_DAY = D(2026, 11, 22)  # the data describes what happened up to the day before "today" (23/11/2026)

# ---------------------------------------------------------------------------------------------------------
# Commands (đơn vị ta). Successors and parents are listed before the units that name them.
# ---------------------------------------------------------------------------------------------------------


def _cmd(code, name, name_en, level, parent=None, province="", border=False, since=None, until=None, successor=None):
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "level": level,
        "parent": parent,
        "province_name": province,
        "is_border": border,
        "valid_from": since,
        "valid_until": until,
        "successor": successor,
    }


def _district(code, name, name_en, parent, province, successor, border=False):
    return _cmd(code, name, name_en, "district", parent, province, border, until=MERGER_EVE, successor=successor)


def _defence_area(code, name, name_en, parent, province, border=False):
    return _cmd(code, name, name_en, "district", parent, province, border, since=REORGANISED)


HCM, TN, DN = "TP. Hồ Chí Minh", "Tây Ninh", "Đồng Nai"
BRVT_P, LA_P, BP_P, BD_P = "Bà Rịa – Vũng Tàu", "Long An", "Bình Phước", "Bình Dương"

COMMANDS = [
    _cmd("QK7", "Bộ Tư lệnh Quân khu 7", "Military Region 7 Command", "military_region"),
    _cmd("HCM", "Bộ Tư lệnh Thành phố Hồ Chí Minh", "Ho Chi Minh City Command", "province", "QK7", HCM),
    _cmd("TAYNINH", "Bộ CHQS tỉnh Tây Ninh", "Tây Ninh Provincial Military Command", "province", "QK7", TN, True),
    _cmd("DONGNAI", "Bộ CHQS tỉnh Đồng Nai", "Đồng Nai Provincial Military Command", "province", "QK7", DN, True),
    _cmd("SD5", "Sư đoàn 5", "5th Infantry Division", "unit", "QK7", TN),
    _cmd("TQSQK7", "Trường Quân sự Quân khu 7", "Military Region 7 Military School", "unit", "QK7", HCM),
    # The provinces merged on 1 July 2025.
    _cmd(
        "BRVT",
        "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu",
        "Bà Rịa – Vũng Tàu Provincial Military Command",
        "province",
        "QK7",
        BRVT_P,
        until=MERGER_EVE,
        successor="HCM",
    ),
    _cmd(
        "BINHDUONG",
        "Bộ CHQS tỉnh Bình Dương",
        "Bình Dương Provincial Military Command",
        "province",
        "QK7",
        BD_P,
        until=MERGER_EVE,
        successor="HCM",
    ),
    _cmd(
        "LONGAN",
        "Bộ CHQS tỉnh Long An",
        "Long An Provincial Military Command",
        "province",
        "QK7",
        LA_P,
        True,
        until=MERGER_EVE,
        successor="TAYNINH",
    ),
    _cmd(
        "BINHPHUOC",
        "Bộ CHQS tỉnh Bình Phước",
        "Bình Phước Provincial Military Command",
        "province",
        "QK7",
        BP_P,
        True,
        until=MERGER_EVE,
        successor="DONGNAI",
    ),
    # Regional defence commands created on 1 July 2025 in place of the district commands.
    _defence_area("HCM-PTKV-BARIA", "Ban Chỉ huy Phòng thủ khu vực Bà Rịa", "Bà Rịa Defence Area Command", "HCM", HCM),
    _defence_area(
        "HCM-PTKV-VUNGTAU", "Ban Chỉ huy Phòng thủ khu vực Vũng Tàu", "Vũng Tàu Defence Area Command", "HCM", HCM
    ),
    _defence_area(
        "HCM-PTKV-CHAUDUC", "Ban Chỉ huy Phòng thủ khu vực Châu Đức", "Châu Đức Defence Area Command", "HCM", HCM
    ),
    _defence_area("HCM-PTKV-PHUMY", "Ban Chỉ huy Phòng thủ khu vực Phú Mỹ", "Phú Mỹ Defence Area Command", "HCM", HCM),
    _defence_area(
        "HCM-PTKV-PHULOI", "Ban Chỉ huy Phòng thủ khu vực 2 – Phú Lợi", "Defence Area Command 2 – Phú Lợi", "HCM", HCM
    ),
    _defence_area(
        "TAYNINH-PTKV-KIENTUONG",
        "Ban Chỉ huy Phòng thủ khu vực Kiến Tường",
        "Kiến Tường Defence Area Command",
        "TAYNINH",
        TN,
        border=True,
    ),
    _defence_area(
        "TAYNINH-PTKV-DUCHUE",
        "Ban Chỉ huy Phòng thủ khu vực Đức Huệ",
        "Đức Huệ Defence Area Command",
        "TAYNINH",
        TN,
        border=True,
    ),
    _defence_area(
        "TAYNINH-PTKV-TANAN", "Ban Chỉ huy Phòng thủ khu vực Tân An", "Tân An Defence Area Command", "TAYNINH", TN
    ),
    _defence_area(
        "TAYNINH-PTKV-TANBIEN",
        "Ban Chỉ huy Phòng thủ khu vực Tân Biên",
        "Tân Biên Defence Area Command",
        "TAYNINH",
        TN,
        border=True,
    ),
    _defence_area(
        "DONGNAI-PTKV-LOCNINH",
        "Ban Chỉ huy Phòng thủ khu vực Lộc Ninh",
        "Lộc Ninh Defence Area Command",
        "DONGNAI",
        DN,
        border=True,
    ),
    # District commands of Bà Rịa – Vũng Tàu (abolished 30/6/2025).
    _district(
        "BRVT-CHAUDUC",
        "Ban CHQS huyện Châu Đức",
        "Châu Đức District Military Command",
        "BRVT",
        BRVT_P,
        "HCM-PTKV-CHAUDUC",
    ),
    _district(
        "BRVT-VUNGTAU",
        "Ban CHQS thành phố Vũng Tàu",
        "Vũng Tàu City Military Command",
        "BRVT",
        BRVT_P,
        "HCM-PTKV-VUNGTAU",
    ),
    _district("BRVT-PHUMY", "Ban CHQS thị xã Phú Mỹ", "Phú Mỹ Town Military Command", "BRVT", BRVT_P, "HCM-PTKV-PHUMY"),
    _district(
        "BRVT-BARIA", "Ban CHQS thành phố Bà Rịa", "Bà Rịa City Military Command", "BRVT", BRVT_P, "HCM-PTKV-BARIA"
    ),
    _district(
        "BRVT-DATDO", "Ban CHQS huyện Đất Đỏ", "Đất Đỏ District Military Command", "BRVT", BRVT_P, "HCM-PTKV-BARIA"
    ),
    _district(
        "BRVT-LONGDIEN",
        "Ban CHQS huyện Long Điền",
        "Long Điền District Military Command",
        "BRVT",
        BRVT_P,
        "HCM-PTKV-BARIA",
    ),
    _district(
        "BRVT-XUYENMOC",
        "Ban CHQS huyện Xuyên Mộc",
        "Xuyên Mộc District Military Command",
        "BRVT",
        BRVT_P,
        "HCM-PTKV-CHAUDUC",
    ),
    # District commands of Long An (7 of its 15), six of them on the border.
    _district(
        "LONGAN-TANHUNG",
        "Ban CHQS huyện Tân Hưng",
        "Tân Hưng District Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-KIENTUONG",
        True,
    ),
    _district(
        "LONGAN-VINHHUNG",
        "Ban CHQS huyện Vĩnh Hưng",
        "Vĩnh Hưng District Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-KIENTUONG",
        True,
    ),
    _district(
        "LONGAN-MOCHOA",
        "Ban CHQS huyện Mộc Hóa",
        "Mộc Hóa District Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-KIENTUONG",
        True,
    ),
    _district(
        "LONGAN-KIENTUONG",
        "Ban CHQS thị xã Kiến Tường",
        "Kiến Tường Town Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-KIENTUONG",
        True,
    ),
    _district(
        "LONGAN-THANHHOA",
        "Ban CHQS huyện Thạnh Hóa",
        "Thạnh Hóa District Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-KIENTUONG",
        True,
    ),
    _district(
        "LONGAN-DUCHUE",
        "Ban CHQS huyện Đức Huệ",
        "Đức Huệ District Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-DUCHUE",
        True,
    ),
    _district(
        "LONGAN-TANAN",
        "Ban CHQS thành phố Tân An",
        "Tân An City Military Command",
        "LONGAN",
        LA_P,
        "TAYNINH-PTKV-TANAN",
    ),
    _district(
        "TAYNINH-TANBIEN",
        "Ban CHQS huyện Tân Biên",
        "Tân Biên District Military Command",
        "TAYNINH",
        TN,
        "TAYNINH-PTKV-TANBIEN",
        True,
    ),
    _district(
        "BINHPHUOC-LOCNINH",
        "Ban CHQS huyện Lộc Ninh",
        "Lộc Ninh District Military Command",
        "BINHPHUOC",
        BP_P,
        "DONGNAI-PTKV-LOCNINH",
        True,
    ),
    # Border communes of Long An ("Long An tổ chức kết nghĩa đến cấp xã").
    _cmd(
        "LONGAN-VINHHUNG-HUNGDIENA",
        "Ban CHQS xã Hưng Điền A",
        "Hưng Điền A Commune Military Command",
        "commune",
        "LONGAN-VINHHUNG",
        LA_P,
        True,
    ),
    _cmd(
        "LONGAN-VINHHUNG-THAIBINHTRUNG",
        "Ban CHQS xã Thái Bình Trung",
        "Thái Bình Trung Commune Military Command",
        "commune",
        "LONGAN-VINHHUNG",
        LA_P,
        True,
    ),
    _cmd(
        "LONGAN-DUCHUE-MYQUYTAY",
        "Ban CHQS xã Mỹ Quý Tây",
        "Mỹ Quý Tây Commune Military Command",
        "commune",
        "LONGAN-DUCHUE",
        LA_P,
        True,
    ),
]

# ---------------------------------------------------------------------------------------------------------
# Partner units (đơn vị bạn). Parents first.
# ---------------------------------------------------------------------------------------------------------


def _unit(code, name, name_en, level, parent=None, province="", country=None):
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "country": country or code[:2],
        "level": level,
        "parent": parent,
        "province_name": province,
    }


def _sector(code, place, parent, province):
    return _unit(code, f"Chi khu quân sự {place}", f"{place} District Military Sector", "district", parent, province)


PV, SR, PG = "Preah Vihear", "Svay Rieng", "Prey Veng"

PARTNER_UNITS = [
    _unit("KH-BHQ", "Bộ Tư lệnh Cảnh vệ", "Bodyguard Headquarters, Royal Cambodian Armed Forces", "national"),
    _unit("KH-HBHG", "Bộ Tư lệnh Hiến binh Hoàng gia", "Royal Gendarmerie Headquarters", "national"),
    _unit("KH-QK5", "Quân khu 5 – Quân đội Hoàng gia Campuchia", "Military Region 5, RCAF", "region"),
    _unit(
        "KH-PVH", "Tiểu khu Quân sự Preah Vihear", "Preah Vihear Provincial Military Sub-region", "province", None, PV
    ),
    _unit(
        "KH-PVH-CITY",
        "Chi khu quân sự thành phố Preah Vihear",
        "Preah Vihear City Military Sector",
        "district",
        "KH-PVH",
        PV,
    ),
    _sector("KH-PVH-TBM", "Tbeng Meanchey", "KH-PVH", PV),
    _sector("KH-PVH-RVG", "Rovieng", "KH-PVH", PV),
    _sector("KH-PVH-KUL", "Kulen", "KH-PVH", PV),
    _sector("KH-PVH-SKT", "Sangkum Thmei", "KH-PVH", PV),
    _sector("KH-PVH-CSN", "Chey Sen", "KH-PVH", PV),
    _sector("KH-PVH-CHB", "Cheb", "KH-PVH", PV),
    _sector("KH-PVH-CKS", "Choam Ksant", "KH-PVH", PV),
    _unit("KH-SVR", "Tiểu khu Quân sự Svay Rieng", "Svay Rieng Provincial Military Sub-region", "province", None, SR),
    _unit(
        "KH-SVR-HB",
        "Bộ Chỉ huy Hiến binh tỉnh Svay Rieng",
        "Svay Rieng Provincial Gendarmerie Command",
        "province",
        "KH-HBHG",
        SR,
    ),
    _unit("KH-PVG", "Tiểu khu Quân sự Prey Veng", "Prey Veng Provincial Military Sub-region", "province", None, PG),
    _unit(
        "KH-PVG-HB",
        "Bộ Chỉ huy Hiến binh tỉnh Prey Veng",
        "Prey Veng Provincial Gendarmerie Command",
        "province",
        "KH-HBHG",
        PG,
    ),
    # The 13 district military sectors of Svay Rieng and Prey Veng twinned with Long An's districts.
    _sector("KH-SVR-CTR", "Chantrea", "KH-SVR", SR),
    _sector("KH-SVR-KPR", "Kampong Rou", "KH-SVR", SR),
    _sector("KH-SVR-RDL", "Rumduol", "KH-SVR", SR),
    _sector("KH-SVR-RMH", "Romeas Haek", "KH-SVR", SR),
    _sector("KH-SVR-SVT", "Svay Teab", "KH-SVR", SR),
    _sector("KH-SVR-BVT", "Bavet", "KH-SVR", SR),
    _sector("KH-SVR-SCR", "Svay Chrum", "KH-SVR", SR),
    _sector("KH-PVG-KCM", "Kamchay Mear", "KH-PVG", PG),
    _sector("KH-PVG-MSG", "Mesang", "KH-PVG", PG),
    _sector("KH-PVG-PCH", "Peam Chor", "KH-PVG", PG),
    _sector("KH-PVG-PSD", "Preah Sdach", "KH-PVG", PG),
    _sector("KH-PVG-KTB", "Kampong Trabaek", "KH-PVG", PG),
    _sector("KH-PVG-BPN", "Ba Phnum", "KH-PVG", PG),
    _unit("KH-SVR-KPR-SVC", "Ban quân sự xã Svay Chek", "Svay Chek Commune Military Post", "commune", "KH-SVR-KPR", SR),
    _unit("KH-PVG-KCM-SMG", "Ban quân sự xã Smaong", "Smaong Commune Military Post", "commune", "KH-PVG-KCM", PG),
    _unit(
        "KH-SVR-CTR-PKK", "Ban quân sự xã Prey Kokir", "Prey Kokir Commune Military Post", "commune", "KH-SVR-CTR", SR
    ),
    _unit(
        "KH-BTB",
        "Tiểu khu Quân sự Battambang",
        "Battambang Provincial Military Sub-region",
        "province",
        "KH-QK5",
        "Battambang",
    ),
    _unit("KH-PLN", "Tiểu khu Quân sự Pailin", "Pailin Provincial Military Sub-region", "province", "KH-QK5", "Pailin"),
    _unit("KH-KRT", "Tiểu khu Quân sự Kratie", "Kratie Provincial Military Sub-region", "province", None, "Kratie"),
    _sector("KH-KRT-SNL", "Snuol", "KH-KRT", "Kratie"),
    _unit(
        "KH-MDK",
        "Tiểu khu Quân sự Mondulkiri",
        "Mondulkiri Provincial Military Sub-region",
        "province",
        None,
        "Mondulkiri",
    ),
    _unit(
        "KH-TBK",
        "Tiểu khu Quân sự Tbong Khmum",
        "Tbong Khmum Provincial Military Sub-region",
        "province",
        None,
        "Tbong Khmum",
    ),
    _sector("KH-TBK-MMT", "Memot", "KH-TBK", "Tbong Khmum"),
    _unit(
        "KH-PNP",
        "Bộ Chỉ huy Quân sự Thủ đô Phnom Penh",
        "Phnom Penh Municipal Military Command",
        "province",
        None,
        "Phnom Penh",
    ),
    _unit("LA-QK4", "Quân khu 4 – Quân đội Nhân dân Lào", "Military Region 4, Lao People's Army", "region"),
    _unit(
        "LA-SLV",
        "Bộ Chỉ huy Quân sự tỉnh Xa-la-văn",
        "Salavan Provincial Military Command",
        "province",
        "LA-QK4",
        "Salavan",
    ),
    _unit(
        "LA-ATP",
        "Bộ Chỉ huy Quân sự tỉnh Át-tạ-pư",
        "Attapeu Provincial Military Command",
        "province",
        "LA-QK4",
        "Attapeu",
    ),
    _unit(
        "LA-CPS",
        "Bộ Chỉ huy Quân sự tỉnh Chăm-pa-xắc",
        "Champasak Provincial Military Command",
        "province",
        "LA-QK4",
        "Champasak",
    ),
]

# ---------------------------------------------------------------------------------------------------------
# Agreements (văn bản ký kết), keyed by ``reference``.
# ---------------------------------------------------------------------------------------------------------

# Signatories named in the seed articles; other signatories are given by rank and title only.
PHAM_PHU_Y = {
    "signatory_vn_name": "Phạm Phú Ý",
    "signatory_vn_rank": "Đại tá",
    "signatory_vn_title": "Ủy viên Ban Thường vụ Tỉnh ủy, Chỉ huy trưởng Bộ CHQS tỉnh Bà Rịa – Vũng Tàu",
}
CHAN_SO_PHEAK_TRA = {
    "signatory_partner_name": "Chan So Pheak Tra",
    "signatory_partner_rank": "Trung tướng",
    "signatory_partner_title": "Chỉ huy trưởng Tiểu khu Quân sự Preah Vihear",
}
TRINH_VAN_XA = {
    "signatory_vn_name": "Trịnh Văn Xa",
    "signatory_vn_rank": "Đại tá",
    "signatory_vn_title": "Phó Chỉ huy trưởng Bộ CHQS tỉnh Long An",
}

KIND_LABEL = {
    "twinning": "Văn bản kết nghĩa",
    "cooperation": "Quy chế hợp tác",
    "annual_plan": "Kế hoạch hợp tác năm",
    "coordination": "Văn bản hiệp đồng phối hợp",
    "memorandum": "Bản ghi nhớ hợp tác",
    "other": "Văn bản thỏa thuận",
}


def _agr(
    reference,
    kind,
    command,
    partner,
    signed_on,
    *,
    title=None,
    valid_from=None,
    valid_until=None,
    terminated_on=None,
    renews=None,
    notes="",
    vn_title=None,
    partner_title=None,
    **signatories,
):
    data = {
        "reference": reference,
        "kind": kind,
        "command": command,
        "partner_unit": partner,
        "title": title or f"{KIND_LABEL[kind]} giữa {_NAMES[command]} và {_PARTNER_NAMES[partner]}",
        "signed_on": signed_on,
        "valid_from": valid_from or signed_on,
        "valid_until": valid_until,
        "terminated_on": terminated_on,
        "renews": renews,
        "notes": notes,
        "signatory_vn_name": "",
        "signatory_vn_rank": "Thượng tá" if _LEVELS[command] == "district" else "Đại tá",
        "signatory_vn_title": vn_title or f"Chỉ huy trưởng {_NAMES[command]}",
        "signatory_partner_name": "",
        "signatory_partner_rank": "Đại tá" if _PARTNER_LEVELS[partner] in ("district", "commune") else "Thiếu tướng",
        "signatory_partner_title": partner_title or f"Chỉ huy trưởng {_PARTNER_NAMES[partner]}",
    }
    if signed_on is None:
        data.update(signatory_vn_rank="", signatory_vn_title="", signatory_partner_rank="", signatory_partner_title="")
    data.update(signatories)
    return data


_NAMES = {c["code"]: c["name"] for c in COMMANDS}
_LEVELS = {c["code"]: c["level"] for c in COMMANDS}
_PARTNER_NAMES = {p["code"]: p["name"] for p in PARTNER_UNITS}
_PARTNER_LEVELS = {p["code"]: p["level"] for p in PARTNER_UNITS}
_DISSOLVED_NOTE = "Hết hiệu lực khi đơn vị giải thể, sáp nhập (01/7/2025); đơn vị kế thừa ký lại."


def _annual_plans(prefix, command_for_year, partner, years, signed_day, *, first_renews=None, **extra):
    """A yearly chain of annual cooperation plans, each renewing the previous year's."""
    plans, previous = [], first_renews
    for year in years:
        reference = f"{prefix}-KH-{year}"
        signed_on = D(year, *signed_day)
        plans.append(
            _agr(
                reference,
                "annual_plan",
                command_for_year(year),
                partner,
                signed_on,
                title=f"Kế hoạch hợp tác năm {year} giữa {_NAMES[command_for_year(year)]} và {_PARTNER_NAMES[partner]}",
                valid_until=D(year, 12, 31),
                renews=previous,
                **extra,
            )
        )
        previous = reference
    return plans


def _agreements():
    brvt_pvh = {**PHAM_PHU_Y, **CHAN_SO_PHEAK_TRA}
    ceremony_2020 = D(2020, 1, 16)
    rows = [
        # Long An with the two sub-regions and the two gendarmerie commands of Svay Rieng and Prey Veng.
        _agr(
            "12/2012/KN-LA-SVR",
            "twinning",
            "LONGAN",
            "KH-SVR",
            D(2012, 3, 20),
            valid_until=MERGER_EVE,
            notes=_DISSOLVED_NOTE,
        ),
        _agr(
            "13/2012/KN-LA-PVG",
            "twinning",
            "LONGAN",
            "KH-PVG",
            D(2012, 3, 21),
            valid_until=MERGER_EVE,
            notes=_DISSOLVED_NOTE,
        ),
        _agr(
            "21/2013/HT-LA-SVRHB",
            "cooperation",
            "LONGAN",
            "KH-SVR-HB",
            D(2013, 5, 10),
            valid_until=MERGER_EVE,
            partner_title="Chỉ huy trưởng Bộ Chỉ huy Hiến binh tỉnh Svay Rieng",
        ),
        _agr(
            "22/2013/HT-LA-PVGHB",
            "cooperation",
            "LONGAN",
            "KH-PVG-HB",
            D(2013, 5, 11),
            valid_until=MERGER_EVE,
            partner_title="Chỉ huy trưởng Bộ Chỉ huy Hiến binh tỉnh Prey Veng",
        ),
        # Preah Vihear: cooperation rules and twinning signed together in 2015.
        _agr(
            "07/2015/QCHT-BRVT-PVH",
            "cooperation",
            "BRVT",
            "KH-PVH",
            D(2015, 4, 16),
            title="Quy chế hợp tác giữa Bộ CHQS tỉnh Bà Rịa – Vũng Tàu và Tiểu khu Quân sự Preah Vihear",
            **brvt_pvh,
        ),
        _agr("08/2015/KN-BRVT-PVH", "twinning", "BRVT", "KH-PVH", D(2015, 4, 16), **brvt_pvh),
        _agr("15/2018/KN-CHAUDUC-PVHCITY", "twinning", "BRVT-CHAUDUC", "KH-PVH-CITY", D(2018, 5, 18)),
        _agr("11/2019/KN-VUNGTAU-TBM", "twinning", "BRVT-VUNGTAU", "KH-PVH-TBM", D(2019, 4, 25)),
        _agr("12/2019/KN-PHUMY-RVG", "twinning", "BRVT-PHUMY", "KH-PVH-RVG", D(2019, 4, 25)),
        # The 2020 ceremony: five district commands with five military sectors, one day.
        _agr("01/2020/KN-VUNGTAU-KUL", "twinning", "BRVT-VUNGTAU", "KH-PVH-KUL", ceremony_2020),
        _agr("02/2020/KN-BARIA-SKT", "twinning", "BRVT-BARIA", "KH-PVH-SKT", ceremony_2020),
        _agr("03/2020/KN-DATDO-CSN", "twinning", "BRVT-DATDO", "KH-PVH-CSN", ceremony_2020),
        _agr("04/2020/KN-LONGDIEN-CHB", "twinning", "BRVT-LONGDIEN", "KH-PVH-CHB", ceremony_2020),
        _agr("05/2020/KN-XUYENMOC-CKS", "twinning", "BRVT-XUYENMOC", "KH-PVH-CKS", ceremony_2020),
        _agr(
            "18/2025/KN-PTKVCHAUDUC-PVHCITY",
            "twinning",
            "HCM-PTKV-CHAUDUC",
            "KH-PVH-CITY",
            D(2025, 10, 16),
            notes="Ký lại sau khi Ban CHQS huyện Châu Đức giải thể.",
        ),
        _agr(
            "DT/2026/QCHT-HCM-PVH",
            "cooperation",
            "HCM",
            "KH-PVH",
            None,
            title="Dự thảo quy chế hợp tác giai đoạn 2026–2030 giữa Bộ Tư lệnh TP. Hồ Chí Minh và "
            "Tiểu khu Quân sự Preah Vihear",
            notes="Dự thảo kế thừa quy chế năm 2015 của Bộ CHQS tỉnh Bà Rịa – Vũng Tàu; chưa ký.",
        ),
        # Remains repatriation with Battambang and Pailin (2019), renewed by Tây Ninh after the merger.
        _agr(
            "09/2019/HĐ-LA-BTB",
            "coordination",
            "LONGAN",
            "KH-BTB",
            D(2019, 3, 14),
            title="Hiệp đồng phối hợp tìm kiếm, cất bốc, hồi hương hài cốt liệt sĩ Quân tình nguyện Việt Nam "
            "trên địa bàn tỉnh Battambang",
            valid_until=D(2024, 12, 31),
            **TRINH_VAN_XA,
        ),
        _agr(
            "10/2019/HĐ-LA-PLN",
            "coordination",
            "LONGAN",
            "KH-PLN",
            D(2019, 3, 15),
            title="Hiệp đồng phối hợp tìm kiếm, cất bốc, hồi hương hài cốt liệt sĩ Quân tình nguyện Việt Nam "
            "trên địa bàn tỉnh Pailin",
            valid_until=D(2024, 12, 31),
            **TRINH_VAN_XA,
        ),
        _agr(
            "04/2026/HĐ-TN-BTB",
            "coordination",
            "TAYNINH",
            "KH-BTB",
            D(2026, 3, 10),
            title="Hiệp đồng phối hợp tìm kiếm, quy tập hài cốt liệt sĩ trên địa bàn tỉnh Battambang giai đoạn "
            "2026–2030",
            valid_until=D(2030, 12, 31),
            renews="09/2019/HĐ-LA-BTB",
        ),
        # Search and rescue on the land border (2021), the three border provinces.
        _agr(
            "16/2021/HĐ-LA-SVR-CHCN",
            "coordination",
            "LONGAN",
            "KH-SVR",
            D(2021, 4, 22),
            title="Hiệp đồng cứu hộ, cứu nạn trên tuyến biên giới đất liền Long An – Svay Rieng",
            valid_until=MERGER_EVE,
        ),
        _agr(
            "17/2021/HĐ-TN-TBK-CHCN",
            "coordination",
            "TAYNINH",
            "KH-TBK",
            D(2021, 4, 22),
            title="Hiệp đồng cứu hộ, cứu nạn trên tuyến biên giới đất liền Tây Ninh – Tbong Khmum",
        ),
        _agr(
            "18/2021/HĐ-BP-KRT-CHCN",
            "coordination",
            "BINHPHUOC",
            "KH-KRT",
            D(2021, 4, 23),
            title="Hiệp đồng cứu hộ, cứu nạn trên tuyến biên giới đất liền Bình Phước – Kratie",
            valid_until=MERGER_EVE,
        ),
        # Bình Phước, then Đồng Nai after the merger.
        _agr(
            "14/2014/KN-BP-KRT",
            "twinning",
            "BINHPHUOC",
            "KH-KRT",
            D(2014, 6, 20),
            valid_until=MERGER_EVE,
            notes=_DISSOLVED_NOTE,
        ),
        _agr("06/2016/HT-BP-MDK", "cooperation", "BINHPHUOC", "KH-MDK", D(2016, 3, 10), valid_until=MERGER_EVE),
        _agr(
            "20/2017/KN-LOCNINH-SNL",
            "twinning",
            "BINHPHUOC-LOCNINH",
            "KH-KRT-SNL",
            D(2017, 7, 1),
            valid_until=MERGER_EVE,
            notes=_DISSOLVED_NOTE,
        ),
        _agr("31/2025/KN-DN-KRT", "twinning", "DONGNAI", "KH-KRT", D(2025, 8, 20), renews="14/2014/KN-BP-KRT"),
        _agr(
            "32/2025/KN-PTKVLOCNINH-SNL",
            "twinning",
            "DONGNAI-PTKV-LOCNINH",
            "KH-KRT-SNL",
            D(2025, 9, 10),
            renews="20/2017/KN-LOCNINH-SNL",
        ),
        _agr(
            "02/2026/KH-DN-KRT",
            "annual_plan",
            "DONGNAI",
            "KH-KRT",
            D(2026, 1, 15),
            title="Kế hoạch hợp tác năm 2026 giữa Bộ CHQS tỉnh Đồng Nai và Tiểu khu Quân sự Kratie",
            valid_until=D(2026, 12, 31),
        ),
        # Tây Ninh.
        _agr("19/2013/KN-TN-TBK", "twinning", "TAYNINH", "KH-TBK", D(2013, 9, 5)),
        _agr(
            "25/2015/KN-TANBIEN-MMT",
            "twinning",
            "TAYNINH-TANBIEN",
            "KH-TBK-MMT",
            D(2015, 11, 20),
            valid_until=MERGER_EVE,
            notes=_DISSOLVED_NOTE,
        ),
        _agr(
            "27/2025/KN-PTKVTANBIEN-MMT",
            "twinning",
            "TAYNINH-PTKV-TANBIEN",
            "KH-TBK-MMT",
            D(2025, 10, 20),
            renews="25/2015/KN-TANBIEN-MMT",
        ),
        _agr(
            "22/2025/KN-TN-SVR",
            "twinning",
            "TAYNINH",
            "KH-SVR",
            D(2025, 8, 15),
            renews="12/2012/KN-LA-SVR",
            notes="Kế thừa văn bản kết nghĩa năm 2012 của Bộ CHQS tỉnh Long An.",
        ),
        _agr(
            "23/2025/KN-TN-PVG",
            "twinning",
            "TAYNINH",
            "KH-PVG",
            D(2025, 8, 15),
            renews="13/2012/KN-LA-PVG",
            notes="Kế thừa văn bản kết nghĩa năm 2012 của Bộ CHQS tỉnh Long An.",
        ),
        _agr("29/2025/KN-PTKVKIENTUONG-RMH", "twinning", "TAYNINH-PTKV-KIENTUONG", "KH-SVR-RMH", D(2025, 10, 1)),
        _agr("30/2025/KN-PTKVDUCHUE-CTR", "twinning", "TAYNINH-PTKV-DUCHUE", "KH-SVR-CTR", D(2025, 10, 1)),
        # Military Region, city command, division, school.
        _agr(
            "45/2017/GN-QK7-QK5",
            "memorandum",
            "QK7",
            "KH-QK5",
            D(2017, 12, 5),
            vn_title="Tư lệnh Quân khu 7",
            partner_title="Tư lệnh Quân khu 5, Quân đội Hoàng gia Campuchia",
            signatory_vn_rank="Trung tướng",
            signatory_partner_rank="Trung tướng",
        ),
        _agr(
            "38/2018/HT-QK7-QK4LAO",
            "cooperation",
            "QK7",
            "LA-QK4",
            D(2018, 10, 10),
            vn_title="Tư lệnh Quân khu 7",
            partner_title="Tư lệnh Quân khu 4, Quân đội Nhân dân Lào",
            signatory_vn_rank="Trung tướng",
            signatory_partner_rank="Thiếu tướng",
        ),
        _agr(
            "03/2022/HT-QK7-SLV",
            "cooperation",
            "QK7",
            "LA-SLV",
            D(2022, 1, 20),
            title="Kế hoạch hợp tác giai đoạn 2022–2026 giữa Bộ Tư lệnh Quân khu 7 và Bộ Chỉ huy Quân sự tỉnh "
            "Xa-la-văn",
            valid_until=D(2027, 1, 15),
            vn_title="Phó Tư lệnh Quân khu 7",
            signatory_vn_rank="Thiếu tướng",
        ),
        _agr(
            "02/2016/KN-HCM-PNP",
            "twinning",
            "HCM",
            "KH-PNP",
            D(2016, 1, 7),
            vn_title="Tư lệnh Bộ Tư lệnh TP. Hồ Chí Minh",
            signatory_vn_rank="Thiếu tướng",
        ),
        _agr(
            "09/2018/HT-SD5-TBK",
            "cooperation",
            "SD5",
            "KH-TBK",
            D(2018, 3, 1),
            valid_until=D(2023, 2, 28),
            vn_title="Sư đoàn trưởng Sư đoàn 5",
        ),
        _agr(
            "14/2019/HT-TQS-SLV",
            "cooperation",
            "TQSQK7",
            "LA-SLV",
            D(2019, 9, 1),
            title="Thỏa thuận hợp tác đào tạo cán bộ giữa Trường Quân sự Quân khu 7 và Bộ Chỉ huy Quân sự tỉnh "
            "Xa-la-văn",
            vn_title="Hiệu trưởng Trường Quân sự Quân khu 7",
        ),
        _agr("11/2017/KN-BD-ATP", "twinning", "BINHDUONG", "LA-ATP", D(2017, 5, 10)),
        _agr("21/2023/HT-DN-CPS", "cooperation", "DONGNAI", "LA-CPS", D(2023, 6, 15), valid_until=D(2026, 6, 14)),
    ]
    # Long An's districts with the 13 military sectors of Svay Rieng and Prey Veng.
    district_pairs = [
        ("LONGAN-TANHUNG", "KH-PVG-KCM", D(2013, 8, 8)),
        ("LONGAN-TANHUNG", "KH-PVG-MSG", D(2013, 8, 8)),
        ("LONGAN-VINHHUNG", "KH-SVR-KPR", D(2013, 8, 9)),
        ("LONGAN-VINHHUNG", "KH-PVG-PCH", D(2014, 3, 12)),
        ("LONGAN-MOCHOA", "KH-SVR-RDL", D(2014, 3, 12)),
        ("LONGAN-MOCHOA", "KH-PVG-PSD", D(2014, 3, 13)),
        ("LONGAN-KIENTUONG", "KH-SVR-RMH", D(2014, 3, 13)),
        ("LONGAN-KIENTUONG", "KH-PVG-KTB", D(2015, 5, 19)),
        ("LONGAN-DUCHUE", "KH-SVR-CTR", D(2015, 5, 19)),
        ("LONGAN-DUCHUE", "KH-SVR-SVT", D(2015, 5, 20)),
        ("LONGAN-TANAN", "KH-SVR-BVT", D(2016, 1, 14)),
        ("LONGAN-TANAN", "KH-SVR-SCR", D(2016, 1, 14)),
    ]
    for command, partner, signed_on in district_pairs:
        reference = f"KN-{command.removeprefix('LONGAN-')}-{partner.removeprefix('KH-')}/{signed_on.year}"
        rows.append(
            _agr(reference, "twinning", command, partner, signed_on, valid_until=MERGER_EVE, notes=_DISSOLVED_NOTE)
        )
    # The 13th sector: a cooperation of Thạnh Hóa ended early (terminated, also past its last day).
    rows.append(
        _agr(
            "KN-THANHHOA-PVG-BPN/2014",
            "cooperation",
            "LONGAN-THANHHOA",
            "KH-PVG-BPN",
            D(2014, 8, 12),
            valid_until=D(2019, 8, 11),
            terminated_on=D(2017, 12, 31),
            notes="Hai bên thống nhất chấm dứt do điều chỉnh địa bàn kết nghĩa.",
        )
    )
    # Commune twinnings: "Long An tổ chức kết nghĩa đến cấp xã".
    for command, partner, signed_on in [
        ("LONGAN-VINHHUNG-HUNGDIENA", "KH-PVG-KCM-SMG", D(2017, 2, 14)),
        ("LONGAN-VINHHUNG-THAIBINHTRUNG", "KH-SVR-KPR-SVC", D(2017, 2, 15)),
        ("LONGAN-DUCHUE-MYQUYTAY", "KH-SVR-CTR-PKK", D(2017, 2, 16)),
    ]:
        reference = f"KN-{command.split('-')[-1]}-{partner.split('-')[-1]}/{signed_on.year}"
        rows.append(_agr(reference, "twinning", command, partner, signed_on))
    # Yearly renewal chains (annual plans), continued by the successor after the merger.
    rows += _annual_plans("BRVT-PVH", lambda y: "BRVT", "KH-PVH", range(2016, 2026), (1, 16), **brvt_pvh)
    rows += _annual_plans(
        "HCM-PVH", lambda y: "HCM", "KH-PVH", [2026], (1, 20), first_renews="BRVT-PVH-KH-2025", **CHAN_SO_PHEAK_TRA
    )
    rows += _annual_plans("LA-SVR", lambda y: "LONGAN", "KH-SVR", range(2019, 2026), (1, 10))
    rows += _annual_plans("TN-SVR", lambda y: "TAYNINH", "KH-SVR", [2026], (1, 12), first_renews="LA-SVR-KH-2025")
    # Signed already, in force only from 1 January: "pending".
    pending = _agr(
        "TN-SVR-KH-2027",
        "annual_plan",
        "TAYNINH",
        "KH-SVR",
        D(2026, 11, 12),
        title="Kế hoạch hợp tác năm 2027 giữa Bộ CHQS tỉnh Tây Ninh và Tiểu khu Quân sự Svay Rieng",
        valid_from=D(2027, 1, 1),
        valid_until=D(2027, 12, 31),
        renews="TN-SVR-KH-2026",
    )
    rows.append(pending)
    return rows


AGREEMENTS = _agreements()

# ---------------------------------------------------------------------------------------------------------
# Delegations (đoàn vào / đoàn ra), keyed by (command, direction, start_date, purpose).
# ---------------------------------------------------------------------------------------------------------


def _dlg(
    command,
    direction,
    purpose,
    start,
    members,
    partners=(),
    *,
    end=None,
    country=None,
    status="completed",
    leader=("", "", ""),
    location="",
    agreement=None,
    notes="",
):
    return {
        "command": command,
        "direction": direction,
        "purpose": purpose,
        "start_date": start,
        "end_date": end or start,
        "member_count": members,
        "partner_units": list(partners),
        "country": country or (partners[0][:2] if partners else "KH"),
        "leader_name": leader[0],
        "leader_rank": leader[1],
        "leader_title": leader[2],
        "location": location,
        "agreement": agreement,
        "status": status,
        "notes": notes,
    }


DIENG_SARUN = ("Điêng Sa Run", "Đại tướng", "Phó Tham mưu trưởng Liên quân, Phó Tư lệnh Bộ Tư lệnh Cảnh vệ")
CHAN = ("Chan So Pheak Tra", "Trung tướng", "Chỉ huy trưởng Tiểu khu Quân sự Preah Vihear")
PHAM = ("Phạm Phú Ý", "Đại tá", "Chỉ huy trưởng Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
TRINH_VAN_XA_LEADER = ("Trịnh Văn Xa", "Đại tá", "Phó Chỉ huy trưởng Bộ CHQS tỉnh Long An")
SALAVAN_LEADER = ("Pạ-đờm-phon Xổn-thạ-ni", "", "Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban Chính quyền tỉnh Xa-la-văn")
PVH_PLACE, VT_PLACE = "Tiểu khu Quân sự Preah Vihear, Campuchia", "Bộ CHQS tỉnh, TP. Bà Rịa"


def _delegations():
    rows = [
        # Bà Rịa – Vũng Tàu and Preah Vihear.
        _dlg(
            "BRVT",
            "outbound",
            "ceremony",
            D(2016, 6, 10),
            12,
            ["KH-PVH"],
            end=D(2016, 6, 12),
            leader=PHAM,
            location=PVH_PLACE,
            notes="Bàn giao công trình Trạm xá Tiểu khu Quân sự Preah Vihear.",
        ),
        _dlg(
            "BRVT",
            "inbound",
            "working",
            D(2017, 3, 21),
            15,
            ["KH-PVH"],
            end=D(2017, 3, 23),
            leader=CHAN,
            location=VT_PLACE,
        ),
        _dlg(
            "BRVT-CHAUDUC",
            "outbound",
            "ceremony",
            D(2018, 5, 18),
            10,
            ["KH-PVH-CITY"],
            end=D(2018, 5, 19),
            location=PVH_PLACE,
            agreement="15/2018/KN-CHAUDUC-PVHCITY",
        ),
        _dlg(
            "BRVT",
            "outbound",
            "humanitarian",
            D(2019, 4, 10),
            10,
            ["KH-PVH"],
            end=D(2019, 4, 12),
            leader=PHAM,
            location=PVH_PLACE,
            notes="Thăm, tặng quà Tết Chol Chnam Thmay.",
        ),
        _dlg(
            "BRVT",
            "outbound",
            "ceremony",
            D(2019, 4, 25),
            14,
            ["KH-PVH", "KH-PVH-TBM", "KH-PVH-RVG"],
            end=D(2019, 4, 26),
            leader=PHAM,
            location=PVH_PLACE,
            notes="Ký kết nghĩa Ban CHQS TP. Vũng Tàu – Tbeng Meanchey và TX. Phú Mỹ – Rovieng.",
        ),
        _dlg(
            "BRVT",
            "outbound",
            "ceremony",
            D(2019, 8, 20),
            8,
            ["KH-PVH"],
            end=D(2019, 8, 21),
            location=PVH_PLACE,
            notes="Bàn giao sân Trạm xá Tiểu khu Quân sự Preah Vihear.",
        ),
        _dlg(
            "BRVT",
            "inbound",
            "courtesy",
            D(2019, 11, 26),
            15,
            ["KH-BHQ"],
            end=D(2019, 11, 27),
            leader=DIENG_SARUN,
            location=VT_PLACE,
        ),
        _dlg(
            "BRVT",
            "inbound",
            "ceremony",
            D(2020, 1, 16),
            25,
            ["KH-PVH", "KH-PVH-KUL", "KH-PVH-SKT", "KH-PVH-CSN", "KH-PVH-CHB", "KH-PVH-CKS"],
            end=D(2020, 1, 17),
            leader=CHAN,
            location=VT_PLACE,
            agreement="BRVT-PVH-KH-2020",
            notes="Lễ ký kết hợp tác năm 2020 và kết nghĩa 5 cặp Ban CHQS – Chi khu quân sự.",
        ),
        _dlg(
            "BRVT",
            "outbound",
            "humanitarian",
            D(2020, 4, 8),
            10,
            ["KH-PVH"],
            status="cancelled",
            notes="Hủy do dịch Covid-19; quà được chuyển qua cửa khẩu.",
        ),
        _dlg("BRVT", "outbound", "humanitarian", D(2022, 4, 8), 9, ["KH-PVH"], end=D(2022, 4, 9), location=PVH_PLACE),
        _dlg(
            "BRVT",
            "inbound",
            "study",
            D(2022, 9, 5),
            6,
            ["KH-PVH"],
            end=D(2023, 6, 30),
            location="Trường Trung cấp Biên phòng 2, TP. Bà Rịa",
        ),
        _dlg(
            "BRVT", "outbound", "humanitarian", D(2023, 4, 10), 10, ["KH-PVH"], end=D(2023, 4, 11), location=PVH_PLACE
        ),
        _dlg(
            "BRVT",
            "inbound",
            "working",
            D(2023, 11, 14),
            12,
            ["KH-PVH"],
            end=D(2023, 11, 16),
            leader=CHAN,
            location=VT_PLACE,
        ),
        _dlg("BRVT", "outbound", "humanitarian", D(2024, 4, 8), 10, ["KH-PVH"], end=D(2024, 4, 9), location=PVH_PLACE),
        _dlg(
            "BRVT",
            "inbound",
            "working",
            D(2024, 12, 10),
            10,
            ["KH-PVH", "KH-PVH-CITY"],
            end=D(2024, 12, 12),
            location=VT_PLACE,
        ),
        _dlg("BRVT", "outbound", "humanitarian", D(2025, 4, 9), 11, ["KH-PVH"], end=D(2025, 4, 10), location=PVH_PLACE),
        _dlg(
            "HCM-PTKV-CHAUDUC",
            "outbound",
            "ceremony",
            D(2025, 10, 16),
            9,
            ["KH-PVH-CITY"],
            end=D(2025, 10, 17),
            location=PVH_PLACE,
            agreement="18/2025/KN-PTKVCHAUDUC-PVHCITY",
        ),
        _dlg(
            "HCM",
            "outbound",
            "ceremony",
            D(2026, 1, 20),
            12,
            ["KH-PVH"],
            end=D(2026, 1, 21),
            location=PVH_PLACE,
            agreement="HCM-PVH-KH-2026",
        ),
        _dlg("HCM", "outbound", "humanitarian", D(2026, 4, 9), 10, ["KH-PVH"], end=D(2026, 4, 10), location=PVH_PLACE),
        _dlg(
            "HCM",
            "inbound",
            "courtesy",
            D(2026, 9, 15),
            10,
            ["KH-PNP"],
            end=D(2026, 9, 16),
            status="planned",
            location="Bộ Tư lệnh TP. Hồ Chí Minh",
            notes="Chưa cập nhật kết quả.",
        ),
        _dlg(
            "HCM",
            "inbound",
            "working",
            D(2026, 12, 8),
            14,
            ["KH-PVH"],
            end=D(2026, 12, 10),
            status="planned",
            leader=CHAN,
            location="Bộ Tư lệnh TP. Hồ Chí Minh",
        ),
        # Foreign military delegations received in Bà Rịa – Vũng Tàu in 2019 (no partner unit).
        _dlg(
            "BRVT",
            "inbound",
            "courtesy",
            D(2019, 3, 12),
            6,
            country="AU",
            location="TP. Vũng Tàu",
            notes="Đoàn Tùy viên Quốc phòng Australia.",
        ),
        _dlg(
            "BRVT",
            "inbound",
            "courtesy",
            D(2019, 5, 20),
            18,
            end=D(2019, 5, 23),
            country="IN",
            location="Cảng Cái Mép, TX. Phú Mỹ",
            notes="Tàu Hải quân Ấn Độ thăm xã giao.",
        ),
        _dlg("BRVT", "inbound", "courtesy", D(2019, 7, 9), 8, country="JP", location="TP. Vũng Tàu"),
        _dlg("BRVT", "inbound", "courtesy", D(2019, 9, 17), 7, country="SG", location="TP. Vũng Tàu"),
        _dlg("BRVT", "inbound", "courtesy", D(2019, 10, 22), 9, country="US", location="TP. Vũng Tàu"),
        # Long An.
        _dlg(
            "LONGAN",
            "outbound",
            "ceremony",
            D(2019, 3, 14),
            8,
            ["KH-BTB"],
            end=D(2019, 3, 15),
            leader=TRINH_VAN_XA_LEADER,
            location="Tỉnh Battambang, Campuchia",
            agreement="09/2019/HĐ-LA-BTB",
        ),
        _dlg(
            "LONGAN",
            "outbound",
            "ceremony",
            D(2019, 3, 15),
            7,
            ["KH-PLN"],
            end=D(2019, 3, 16),
            location="Tỉnh Pailin, Campuchia",
            agreement="10/2019/HĐ-LA-PLN",
        ),
        _dlg(
            "LONGAN",
            "outbound",
            "exchange",
            D(2019, 7, 18),
            30,
            ["KH-HBHG"],
            end=D(2019, 7, 20),
            location="Phnom Penh, Campuchia",
            notes="Giao lưu văn nghệ, thể dục thể thao LLVT các tỉnh biên giới Quân khu 7 và Bộ Tư lệnh Hiến binh.",
        ),
        _dlg(
            "LONGAN",
            "inbound",
            "courtesy",
            D(2019, 10, 8),
            12,
            ["KH-BHQ"],
            leader=DIENG_SARUN,
            location="Bộ CHQS tỉnh Long An, TP. Tân An",
        ),
        _dlg(
            "LONGAN",
            "outbound",
            "humanitarian",
            D(2021, 5, 12),
            6,
            ["KH-SVR", "KH-PVG"],
            location="Cửa khẩu Bình Hiệp",
            notes="Trao vật tư y tế phòng, chống dịch Covid-19.",
        ),
        _dlg(
            "DONGNAI",
            "outbound",
            "courtesy",
            D(2025, 8, 20),
            10,
            ["KH-KRT"],
            end=D(2025, 8, 21),
            location="Tỉnh Kratie, Campuchia",
            agreement="31/2025/KN-DN-KRT",
        ),
        _dlg(
            "TAYNINH",
            "inbound",
            "ceremony",
            D(2025, 8, 15),
            20,
            ["KH-SVR", "KH-PVG"],
            end=D(2025, 8, 16),
            location="Bộ CHQS tỉnh Tây Ninh",
            agreement="22/2025/KN-TN-SVR",
        ),
        _dlg(
            "TAYNINH",
            "outbound",
            "ceremony",
            D(2026, 3, 10),
            8,
            ["KH-BTB"],
            end=D(2026, 3, 11),
            location="Tỉnh Battambang, Campuchia",
            agreement="04/2026/HĐ-TN-BTB",
        ),
        _dlg(
            "TAYNINH",
            "outbound",
            "border_meeting",
            D(2026, 11, 5),
            9,
            ["KH-SVR"],
            status="planned",
            location="Cửa khẩu Mộc Bài",
            notes="Đã qua ngày dự kiến, cần cập nhật kết quả.",
        ),
        _dlg(
            "TAYNINH",
            "outbound",
            "remains_search",
            D(2026, 12, 15),
            25,
            ["KH-BTB"],
            end=D(2027, 4, 30),
            status="planned",
            location="Tỉnh Battambang, Campuchia",
        ),
        # Military Region 7 and the Lao partners.
        _dlg(
            "QK7",
            "outbound",
            "ceremony",
            D(2017, 12, 5),
            12,
            ["KH-QK5"],
            end=D(2017, 12, 7),
            location="Tỉnh Battambang, Campuchia",
            agreement="45/2017/GN-QK7-QK5",
        ),
        _dlg(
            "QK7",
            "outbound",
            "ceremony",
            D(2018, 10, 10),
            12,
            ["LA-QK4"],
            end=D(2018, 10, 13),
            location="Pắc-xế, Lào",
            agreement="38/2018/HT-QK7-QK4LAO",
        ),
        _dlg(
            "QK7",
            "inbound",
            "ceremony",
            D(2022, 1, 20),
            10,
            ["LA-SLV"],
            end=D(2022, 1, 22),
            location="Bộ Tư lệnh Quân khu 7",
            agreement="03/2022/HT-QK7-SLV",
        ),
        _dlg(
            "QK7",
            "inbound",
            "courtesy",
            D(2025, 12, 5),
            18,
            ["LA-SLV"],
            leader=SALAVAN_LEADER,
            location="Bộ Tư lệnh Quân khu 7",
            notes="Đoàn cán bộ cấp chiến lược dự nguồn Đảng Nhân dân cách mạng Lào.",
        ),
        _dlg(
            "QK7",
            "outbound",
            "working",
            D(2026, 6, 16),
            8,
            ["LA-SLV", "LA-ATP"],
            end=D(2026, 6, 19),
            location="Tỉnh Xa-la-văn, Lào",
        ),
        _dlg(
            "BINHDUONG",
            "inbound",
            "courtesy",
            D(2018, 5, 10),
            9,
            ["LA-ATP"],
            end=D(2018, 5, 12),
            location="Bộ CHQS tỉnh Bình Dương",
        ),
        _dlg(
            "DONGNAI",
            "inbound",
            "working",
            D(2024, 3, 26),
            11,
            ["LA-CPS"],
            end=D(2024, 3, 28),
            location="Bộ CHQS tỉnh Đồng Nai",
        ),
    ]
    for year in range(2019, 2027):
        if year == 2020:
            continue  # the 2020 intake was postponed (Covid-19)
        # Lao cadets at the Military Region 7 Military School; Cambodian sub-region cadets visiting Long An.
        rows.append(
            _dlg(
                "TQSQK7",
                "inbound",
                "study",
                D(year, 8, 25),
                18 + year % 5,
                ["LA-SLV"],
                end=D(year + 1, 6, 30),
                location="Trường Quân sự Quân khu 7",
            )
        )
        if year <= 2025:
            partner = "KH-SVR" if year % 2 else "KH-PVG"
            rows.append(
                _dlg(
                    "LONGAN" if year < 2025 else "TAYNINH",
                    "inbound",
                    "courtesy",
                    D(year, 1, 20),
                    10 + year % 4,
                    [partner],
                    end=D(year, 1, 21),
                    location="TP. Tân An",
                    notes="Thăm, chúc Tết Nguyên đán.",
                )
            )
            if year < 2025:
                rows.append(
                    _dlg(
                        "LONGAN",
                        "outbound",
                        "remains_search",
                        D(year, 12, 1),
                        22,
                        ["KH-BTB", "KH-PLN"],
                        end=D(year + 1, 4, 30),
                        location="Battambang và Pailin, Campuchia",
                        notes=f"Đội quy tập mùa khô {year}–{year + 1}.",
                    )
                )
        if year <= 2024:
            rows.append(
                _dlg(
                    "BINHPHUOC",
                    "inbound",
                    "ceremony",
                    D(year, 6, 20),
                    40,
                    ["KH-KRT"],
                    location="Huyện Lộc Ninh, tỉnh Bình Phước",
                    notes="Kỷ niệm “Con đường cứu nước” của Thủ tướng Campuchia Hun Sen.",
                )
            )
    rows.append(
        _dlg(
            "BINHPHUOC",
            "inbound",
            "ceremony",
            D(2025, 6, 20),
            42,
            ["KH-KRT"],
            location="Huyện Lộc Ninh, tỉnh Bình Phước",
        )
    )
    rows.append(
        _dlg("DONGNAI", "inbound", "ceremony", D(2026, 6, 20), 45, ["KH-KRT"], location="Xã Lộc Ninh, tỉnh Đồng Nai")
    )
    return rows


DELEGATIONS = _delegations()

# ---------------------------------------------------------------------------------------------------------
# Activities, keyed by (command, kind, start_date, title).
# ---------------------------------------------------------------------------------------------------------


def _act(
    command, kind, title, start, partners=(), *, end=None, participants=None, location="", status="completed", notes=""
):
    return {
        "command": command,
        "kind": kind,
        "title": title,
        "start_date": start,
        "end_date": end or start,
        "partner_units": list(partners),
        "participant_count": participants,
        "location": location,
        "status": status,
        "notes": notes,
    }


# Border pairs that hold liaison meetings: (command, partner unit, first day, last day meetings were held), mostly
# the days their agreement was in force. Some pairs start late and some are left out on purpose (Svay Teab, the
# gendarmerie commands...): they show up as "behind" in the border-meetings report.
MEETING_PAIRS = [
    ("LONGAN-VINHHUNG-HUNGDIENA", "KH-PVG-KCM-SMG", D(2017, 2, 14), None),
    ("LONGAN-VINHHUNG-THAIBINHTRUNG", "KH-SVR-KPR-SVC", D(2017, 2, 15), None),
    ("LONGAN-DUCHUE-MYQUYTAY", "KH-SVR-CTR-PKK", D(2017, 2, 16), None),
    ("LONGAN-DUCHUE", "KH-SVR-CTR", D(2015, 5, 19), MERGER_EVE),
    ("LONGAN-VINHHUNG", "KH-SVR-KPR", D(2013, 8, 9), MERGER_EVE),
    ("LONGAN-MOCHOA", "KH-SVR-RDL", D(2014, 3, 12), MERGER_EVE),
    ("LONGAN-KIENTUONG", "KH-SVR-RMH", D(2014, 3, 13), MERGER_EVE),
    ("TAYNINH-TANBIEN", "KH-TBK-MMT", D(2015, 11, 20), MERGER_EVE),
    ("BINHPHUOC-LOCNINH", "KH-KRT-SNL", D(2017, 7, 1), MERGER_EVE),
    ("TAYNINH-PTKV-KIENTUONG", "KH-SVR-RMH", D(2025, 10, 1), None),
    ("TAYNINH-PTKV-DUCHUE", "KH-SVR-CTR", D(2025, 10, 1), None),
    ("TAYNINH-PTKV-TANBIEN", "KH-TBK-MMT", D(2025, 10, 20), None),
    ("DONGNAI-PTKV-LOCNINH", "KH-KRT-SNL", D(2025, 9, 10), None),
    ("LONGAN-TANHUNG", "KH-PVG-KCM", D(2022, 7, 1), MERGER_EVE),
    ("BINHPHUOC", "KH-MDK", D(2023, 1, 1), MERGER_EVE),
    ("LONGAN", "KH-SVR", D(2012, 3, 20), MERGER_EVE),
    ("LONGAN", "KH-PVG", D(2012, 3, 21), MERGER_EVE),
    ("TAYNINH", "KH-TBK", D(2013, 9, 5), None),
    ("BINHPHUOC", "KH-KRT", D(2014, 6, 20), MERGER_EVE),
    ("TAYNINH", "KH-SVR", D(2025, 8, 15), None),
    ("TAYNINH", "KH-PVG", D(2025, 8, 15), None),
    ("DONGNAI", "KH-KRT", D(2025, 8, 20), None),
]
MEETINGS_FROM = D(2019, 1, 1)
COVID_MONTHS = {(2021, 7), (2021, 8), (2021, 9)}  # social distancing: no meetings held


def _periods(level, year):
    """(label, first day, last day, usual meeting day) of the periods a border pair owes in ``year``."""
    if level == "commune":
        for m in range(1, 13):
            last = (D(year + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)).day
            yield f"tháng {m:02d}/{year}", D(year, m, 1), D(year, m, last), D(year, m, 15)
    elif level == "district":
        for q in range(1, 5):
            first, last = D(year, 3 * q - 2, 1), D(year + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1)
            yield f"quý {q}/{year}", first, last, D(year, 3 * q - 1, 20)
    else:
        yield f"6 tháng đầu năm {year}", D(year, 1, 1), D(year, 6, 30), D(year, 5, 25)
        yield f"6 tháng cuối năm {year}", D(year, 7, 1), D(year, 12, 31), D(year, 10, 25)


def _border_meetings():
    rows = []
    for pair_no, (command, partner, first_day, last_day) in enumerate(MEETING_PAIRS):
        level = _LEVELS[command]
        start, end = max(first_day, MEETINGS_FROM), min(last_day or LAST_DAY, LAST_DAY)
        count = {"commune": 10, "district": 16, "province": 30}[level]
        serial = 0
        for year in range(start.year, end.year + 1):
            for label, p_first, p_last, usual in _periods(level, year):
                day = min(max(usual, start, p_first), p_last)
                if day < start or day > end:
                    continue
                serial += 1
                title = f"Giao ban biên giới {label} với {_PARTNER_NAMES[partner]}"
                status = "completed"
                if (year, day.month) in COVID_MONTHS and level == "commune":
                    continue
                if (serial * 7 + pair_no * 5) % 13 == 0:
                    if serial % 2:
                        continue  # deliberately missing: nothing recorded
                    status = "cancelled"  # recorded but cancelled: still missing in the report
                if day > LAST_DAY - datetime.timedelta(days=10) and level != "commune":
                    status = "planned"  # held but not yet closed by data entry
                side = "phía Việt Nam" if serial % 2 else "phía bạn"
                rows.append(
                    _act(
                        command,
                        "border_meeting",
                        title,
                        day,
                        [partner],
                        participants=count + serial % 5,
                        location=f"Khu vực biên giới, {side}",
                        status=status,
                    )
                )
    return rows


def _activities():
    rows = [
        _act(
            "LONGAN",
            "exchange",
            "Giao lưu văn nghệ, thể thao LLVT các tỉnh biên giới và Bộ Tư lệnh Hiến binh",
            D(2019, 7, 19),
            ["KH-HBHG", "KH-SVR-HB", "KH-PVG-HB"],
            participants=180,
            location="Phnom Penh",
        ),
        _act(
            "LONGAN",
            "other",
            "Tọa đàm sĩ quan trẻ Long An – Svay Rieng – Prey Veng",
            D(2019, 9, 12),
            ["KH-SVR", "KH-PVG"],
            participants=60,
            location="TP. Tân An",
        ),
        _act(
            "LONGAN",
            "remains_search",
            "Hội nghị thống nhất kế hoạch tìm kiếm, quy tập hài cốt liệt sĩ tại Battambang và Pailin",
            D(2019, 5, 6),
            ["KH-BTB", "KH-PLN"],
            participants=35,
            location="Tỉnh Battambang",
        ),
        _act(
            "LONGAN",
            "exchange",
            "Giao lưu bóng đá hữu nghị LLVT hai bên biên giới",
            D(2020, 4, 14),
            ["KH-SVR"],
            status="cancelled",
            notes="Hủy do dịch Covid-19.",
        ),
        _act(
            "LONGAN",
            "other",
            "Tọa đàm sĩ quan trẻ Long An – Svay Rieng – Prey Veng",
            D(2023, 9, 14),
            ["KH-SVR", "KH-PVG"],
            participants=64,
            location="Tỉnh Svay Rieng",
        ),
        _act(
            "TAYNINH",
            "joint_exercise",
            "Diễn tập cứu hộ, cứu nạn trên tuyến biên giới đất liền",
            D(2022, 10, 12),
            ["KH-TBK"],
            end=D(2022, 10, 13),
            participants=240,
            location="Huyện Tân Biên",
        ),
        _act(
            "BINHPHUOC",
            "joint_exercise",
            "Diễn tập cứu hộ, cứu nạn trên tuyến biên giới đất liền",
            D(2023, 10, 18),
            ["KH-KRT"],
            participants=210,
            location="Huyện Lộc Ninh",
        ),
        _act(
            "SD5",
            "exchange",
            "Giao lưu Hữu nghị Quốc phòng biên giới Việt Nam – Campuchia",
            D(2025, 11, 15),
            ["KH-TBK", "KH-SVR"],
            participants=320,
            location="Tây Ninh",
        ),
        _act(
            "TAYNINH",
            "exchange",
            "Giao lưu văn hóa, thể thao hữu nghị Tây Ninh – Svay Rieng – Prey Veng",
            D(2026, 12, 18),
            ["KH-SVR", "KH-PVG"],
            participants=150,
            status="planned",
            location="Tây Ninh",
        ),
        _act(
            "TAYNINH",
            "humanitarian",
            "Khám bệnh, cấp thuốc miễn phí cho nhân dân hai bên biên giới",
            D(2026, 8, 20),
            ["KH-SVR"],
            participants=650,
            location="Xã biên giới Mỹ Quý Tây",
        ),
        _act(
            "TAYNINH",
            "training",
            "Lớp tập huấn tìm kiếm, cứu nạn cho cán bộ Tiểu khu Quân sự Svay Rieng",
            D(2026, 10, 5),
            ["KH-SVR"],
            end=D(2026, 10, 16),
            participants=30,
            status="planned",
            location="Bộ CHQS tỉnh Tây Ninh",
            notes="Đã qua ngày kết thúc, chưa cập nhật kết quả.",
        ),
        _act(
            "BRVT",
            "training",
            "Lớp bồi dưỡng nghiệp vụ hậu cần cho cán bộ Tiểu khu Quân sự Preah Vihear",
            D(2018, 8, 6),
            ["KH-PVH"],
            end=D(2018, 8, 24),
            participants=15,
            location="TP. Bà Rịa",
        ),
        _act(
            "HCM",
            "exchange",
            "Giao lưu thể thao hữu nghị với Tiểu khu Quân sự Preah Vihear",
            D(2026, 4, 10),
            ["KH-PVH"],
            participants=80,
            location="Tỉnh Preah Vihear",
        ),
        _act(
            "TQSQK7",
            "training",
            "Khóa đào tạo cán bộ quân sự cho học viên Lào",
            D(2026, 9, 1),
            ["LA-SLV"],
            end=D(2027, 6, 30),
            participants=21,
            status="planned",
            location="Trường Quân sự Quân khu 7",
        ),
    ]
    for year in (2019, 2022, 2024):
        rows.append(
            _act(
                "LONGAN",
                "humanitarian",
                "Khám bệnh, cấp thuốc, tặng quà cho nhân dân vùng biên giới",
                D(year, 8, 16),
                ["KH-SVR", "KH-PVG"],
                participants=400 + 50 * (year % 4),
                location="Huyện Vĩnh Hưng",
            )
        )
    for year in range(2019, 2027):
        if year <= 2024:
            rows.append(
                _act(
                    "BINHPHUOC",
                    "ceremony",
                    f"Kỷ niệm {year - 1977} năm “Con đường cứu nước”",
                    D(year, 6, 20),
                    ["KH-KRT"],
                    participants=300,
                    location="Huyện Lộc Ninh",
                )
            )
        if year <= 2024:
            rows.append(
                _act(
                    "LONGAN",
                    "remains_search",
                    f"Tìm kiếm, quy tập hài cốt liệt sĩ mùa khô {year}–{year + 1}",
                    D(year, 12, 1),
                    ["KH-BTB", "KH-PLN"],
                    end=D(year + 1, 4, 30),
                    participants=22,
                    location="Battambang và Pailin",
                )
            )
    rows.append(
        _act(
            "TAYNINH",
            "remains_search",
            "Tìm kiếm, quy tập hài cốt liệt sĩ mùa khô 2025–2026",
            D(2025, 12, 1),
            ["KH-BTB"],
            end=D(2026, 4, 30),
            participants=24,
            location="Battambang",
        )
    )
    rows.append(
        _act(
            "DONGNAI",
            "ceremony",
            "Kỷ niệm 49 năm “Con đường cứu nước”",
            D(2026, 6, 20),
            ["KH-KRT"],
            participants=320,
            location="Xã Lộc Ninh",
        )
    )
    return rows + _border_meetings()


ACTIVITIES = _activities()

# ---------------------------------------------------------------------------------------------------------
# Support (chi hỗ trợ), keyed by ``voucher``.
# ---------------------------------------------------------------------------------------------------------


def _exp(
    voucher,
    command,
    date,
    category,
    funding_source,
    amount_vnd,
    partner=None,
    *,
    beneficiary="",
    description="",
    currency=None,
    amount_original=None,
    exchange_rate=None,
    agreement=None,
    delegation=None,
):
    if currency:
        amount_vnd = amount_in_vnd(amount_original, exchange_rate)
    return {
        "voucher": voucher,
        "command": command,
        "date": date,
        "category": category,
        "funding_source": funding_source,
        "amount_vnd": amount_vnd,
        "partner_unit": partner,
        "beneficiary": beneficiary,
        "description": description,
        "currency": currency,
        "amount_original": amount_original,
        "exchange_rate": exchange_rate,
        "agreement": agreement,
        "delegation": delegation,
    }


def _expenditures():
    rows = [
        _exp(
            "CT-BRVT-2016-021",
            "BRVT",
            D(2016, 6, 10),
            "construction",
            "province",
            1_250_000_000,
            "KH-PVH",
            beneficiary="Trạm xá Tiểu khu Quân sự Preah Vihear",
            description="Hỗ trợ kinh phí xây dựng Trạm xá Tiểu khu Quân sự Preah Vihear.",
            delegation=("BRVT", "outbound", D(2016, 6, 10), "ceremony"),
        ),
        _exp(
            "CT-BRVT-2019-034",
            "BRVT",
            D(2019, 8, 20),
            "construction",
            "province",
            380_000_000,
            "KH-PVH",
            beneficiary="Trạm xá Tiểu khu Quân sự Preah Vihear",
            description="Hoàn thiện sân Trạm xá.",
            delegation=("BRVT", "outbound", D(2019, 8, 20), "ceremony"),
        ),
        _exp(
            "CT-BRVT-2019-041",
            "BRVT",
            D(2019, 11, 26),
            "hospitality",
            "province",
            45_000_000,
            "KH-BHQ",
            beneficiary="Đoàn Bộ Tư lệnh Cảnh vệ",
            delegation=("BRVT", "inbound", D(2019, 11, 26), "courtesy"),
        ),
        _exp(
            "CT-BRVT-2020-003",
            "BRVT",
            D(2020, 1, 16),
            "hospitality",
            "province",
            60_000_000,
            "KH-PVH",
            beneficiary="Đoàn Tiểu khu Quân sự Preah Vihear dự lễ ký kết",
            agreement="BRVT-PVH-KH-2020",
        ),
        _exp(
            "CT-LA-2019-052",
            "LONGAN",
            D(2019, 11, 5),
            "funds",
            "central",
            500_000_000,
            "KH-BTB",
            beneficiary="Ban chuyên trách tìm kiếm hài cốt tỉnh Battambang",
            description="Đại tá Trịnh Văn Xa trao kinh phí của Chính phủ hỗ trợ Ban chuyên trách tỉnh Battambang.",
            agreement="09/2019/HĐ-LA-BTB",
        ),
        _exp(
            "CT-LA-2021-018",
            "LONGAN",
            D(2021, 5, 12),
            "medical",
            "province",
            320_000_000,
            "KH-SVR",
            beneficiary="Tiểu khu Quân sự Svay Rieng và Prey Veng",
            description="Vật tư y tế phòng, chống dịch Covid-19.",
        ),
        _exp(
            "CT-BP-2021-007",
            "BINHPHUOC",
            D(2021, 6, 18),
            "construction",
            "defence_ministry",
            2_100_000_000,
            "KH-KRT",
            beneficiary="Cụm công trình lưu niệm hành trình cứu nước",
            description="Cụm công trình lưu niệm hành trình cứu nước của Thủ tướng Campuchia Hun Sen.",
        ),
        _exp(
            "CT-LN-2023-011",
            "BINHPHUOC-LOCNINH",
            D(2023, 3, 15),
            "materials",
            "unit",
            None,
            "KH-KRT-SNL",
            beneficiary="Chi khu quân sự Snuol",
            description="Trang bị doanh cụ, thanh toán bằng USD.",
            currency="USD",
            amount_original=Decimal("5000.00"),
            exchange_rate=Decimal("23450.5"),
        ),
        _exp(
            "CT-QK7-2025-088",
            "QK7",
            D(2025, 12, 5),
            "hospitality",
            "military_region",
            85_000_000,
            "LA-SLV",
            beneficiary="Đoàn cán bộ tỉnh Xa-la-văn",
            delegation=("QK7", "inbound", D(2025, 12, 5), "courtesy"),
        ),
        _exp(
            "CT-TN-2026-009",
            "TAYNINH",
            D(2026, 3, 10),
            "funds",
            "central",
            450_000_000,
            "KH-BTB",
            beneficiary="Ban chuyên trách tìm kiếm hài cốt tỉnh Battambang",
            agreement="04/2026/HĐ-TN-BTB",
        ),
        _exp(
            "CT-TN-2026-031",
            "TAYNINH",
            D(2026, 8, 20),
            "medical",
            "province",
            210_000_000,
            "KH-SVR",
            beneficiary="Nhân dân vùng biên giới tỉnh Svay Rieng",
        ),
        _exp(
            "CT-DN-2026-014",
            "DONGNAI",
            D(2026, 6, 20),
            "gifts",
            "province",
            150_000_000,
            "KH-KRT",
            beneficiary="Gia đình chính sách Tiểu khu Quân sự Kratie",
        ),
        _exp(
            "CT-HCM-2026-040",
            "HCM",
            D(2026, 10, 28),
            "materials",
            "province",
            640_000_000,
            "KH-PVH",
            beneficiary="Tiểu khu Quân sự Preah Vihear",
            description="Trang thiết bị cho Trạm xá.",
        ),
    ]
    # Chol Chnam Thmay gifts to Preah Vihear every April (none in 2020, delegation cancelled; 2021 Covid).
    for year in [y for y in range(2016, 2027) if y not in (2020, 2021)]:
        command = "BRVT" if year <= 2025 else "HCM"
        rows.append(
            _exp(
                f"CT-{command}-{year}-CCT",
                command,
                D(year, 4, 9),
                "gifts",
                "province",
                80_000_000 + 10_000_000 * (year % 6),
                "KH-PVH",
                beneficiary="Hộ gia đình nghèo, chính sách, con em cán bộ Tiểu khu Quân sự Preah Vihear",
                description="Thăm, tặng quà Tết cổ truyền Chol Chnam Thmay.",
            )
        )
    # Gifts to Preah Vihear cadets studying in Vietnam (before Tết Nguyên đán).
    for year in range(2017, 2026):
        command = "BRVT"
        rows.append(
            _exp(
                f"CT-BRVT-{year}-TSQ",
                command,
                D(year, 1, 25),
                "training",
                "province",
                30_000_000,
                "KH-PVH",
                beneficiary="Cán bộ, sĩ quan Tiểu khu Quân sự Preah Vihear học tập tại Trường Sĩ quan Lục "
                "quân 2 (Đồng Nai)",
            )
        )
    rows.append(
        _exp(
            "CT-BRVT-2019-TCBP",
            "BRVT",
            D(2019, 1, 26),
            "gifts",
            "province",
            20_000_000,
            "KH-PVH",
            beneficiary="Cán bộ Tiểu khu Quân sự Preah Vihear học tập tại Trường Trung cấp Biên phòng 2",
        )
    )
    # Long An / Tây Ninh: gifts at Chol Chnam Thmay to both sub-regions; support for the Lao cadets.
    for year in range(2019, 2027):
        command = "LONGAN" if year <= 2025 else "TAYNINH"
        if year != 2021:
            for partner in ("KH-SVR", "KH-PVG"):
                rows.append(
                    _exp(
                        f"CT-{command}-{year}-CCT-{partner[3:]}",
                        command,
                        D(year, 4, 11),
                        "gifts",
                        "province",
                        60_000_000 + 5_000_000 * (year % 4),
                        partner,
                        beneficiary=f"Gia đình chính sách {_PARTNER_NAMES[partner]}",
                    )
                )
        if year != 2020:
            rows.append(
                _exp(
                    f"CT-TQS-{year}-HV",
                    "TQSQK7",
                    D(year, 9, 5),
                    "training",
                    "military_region",
                    120_000_000 + 8_000_000 * (year - 2019),
                    "LA-SLV",
                    beneficiary="Học viên Lào học tập tại Trường Quân sự Quân khu 7",
                )
            )
        if year <= 2024:
            rows.append(
                _exp(
                    f"CT-LA-{year}-QT",
                    "LONGAN",
                    D(year, 12, 1),
                    "funds",
                    "central",
                    350_000_000,
                    "KH-BTB",
                    beneficiary="Đội quy tập hài cốt liệt sĩ K73 và Ban chuyên trách Battambang",
                )
            )
    return rows


EXPENDITURES = _expenditures()

DELEGATION_KEY = ("command", "direction", "start_date", "purpose")
ACTIVITY_KEY = ("command", "kind", "start_date", "title")

# Demo users, created only when DNQP_DEMO_PASSWORD is set: (username, role, command code).
DEMO_USERS = [
    ("quantri", Role.ADMIN, None),
    ("nhaplieu_brvt", Role.STAFF, "BRVT"),
    ("chihuy_qk7", Role.COMMANDER, "QK7"),
    ("tonghop_qk7", Role.ANALYST, "QK7"),
    ("nhaplieu_longan", Role.STAFF, "LONGAN"),
]

# ---------------------------------------------------------------------------------------------------------
# The loader.
# ---------------------------------------------------------------------------------------------------------


class _Loader:
    def __init__(self):
        self.stats: dict[str, Counter] = {}
        self.commands: dict[str, Command] = {}
        self.partners: dict[str, PartnerUnit] = {}
        self.agreements: dict[str, Agreement] = {}
        self.delegations: dict[tuple, Delegation] = {}

    def _count(self, model, outcome):
        self.stats.setdefault(model.__name__, Counter())[outcome] += 1

    def upsert(self, model, lookup: dict, values: dict, m2m: dict | None = None):
        """Create the row with ``lookup``, or bring it in line with ``values``; save only when something differs."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            _validate(obj)
            obj.save()
            outcome = "created"
        else:
            outcome = "updated" if _bring_in_line(obj, values) else "unchanged"
        for name, wanted in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {unit.pk for unit in wanted}:
                manager.set(wanted)
                outcome = "updated" if outcome == "unchanged" else outcome
        self._count(model, outcome)
        return obj

    def load_units(self):
        for row in COMMANDS:
            values = _values(row, ["code"], parent=self.commands, successor=self.commands)
            self.commands[row["code"]] = self.upsert(Command, {"code": row["code"]}, values)
        for row in PARTNER_UNITS:
            values = _values(row, ["code"], parent=self.partners)
            self.partners[row["code"]] = self.upsert(PartnerUnit, {"code": row["code"]}, values)

    def load_agreements(self):
        for row in AGREEMENTS:
            values = _values(
                row, ["reference"], command=self.commands, partner_unit=self.partners, renews=self.agreements
            )
            self.agreements[row["reference"]] = self.upsert(Agreement, {"reference": row["reference"]}, values)

    def sync_many(self, model, key_fields, rows, scope, m2m=None):
        """Like :meth:`upsert` for many rows at once: existing rows and links read in one query each, new rows
        (with their history and partner links) written in bulk. ``rows`` are ``(lookup, values, partners)``;
        ``scope`` narrows the read to where demo rows can be. Returns the objects by natural key."""

        def key_of(obj):
            return tuple(_current(obj, name) for name in key_fields)

        existing = {}
        for obj in model.objects.filter(scope).order_by("pk"):
            existing.setdefault(key_of(obj), obj)
        links, through, source = {}, None, None
        if m2m:
            through = model._meta.get_field(m2m).remote_field.through
            source = next(f.name for f in through._meta.fields if f.is_relation and f.related_model is model)
            ids = [obj.pk for obj in existing.values()]
            for obj_id, unit_id in through.objects.filter(**{f"{source}__in": ids}).values_list(
                f"{source}_id", "partner_unit_id"
            ):
                links.setdefault(obj_id, set()).add(unit_id)
        result, new = {}, []
        for lookup, values, partners in rows:
            key = tuple(_comparable(lookup[name]) for name in key_fields)
            obj = existing.get(key)
            if obj is None:
                obj = model(**lookup, **values)
                _validate(obj)
                new.append((obj, partners))
                self._count(model, "created")
            else:
                changed = _bring_in_line(obj, values)
                if m2m and links.get(obj.pk, set()) != {unit.pk for unit in partners}:
                    getattr(obj, m2m).set(partners)
                    changed = True
                self._count(model, "updated" if changed else "unchanged")
            result[key] = obj
        if new:
            bulk_create_with_history([obj for obj, _partners in new], model)
            if m2m:
                through.objects.bulk_create(
                    [through(**{source: obj, "partner_unit": unit}) for obj, partners in new for unit in partners]
                )
        return result

    def event_rows(self, rows, key_fields, **tables):
        """Delegations or activities as :meth:`sync_many` takes them: natural key, other fields, partner units."""
        result = []
        for row in rows:
            lookup = {name: row[name] for name in key_fields}
            lookup["command"] = self.commands[row["command"]]
            values = _values(row, [*key_fields, "partner_units"], **tables)
            result.append((lookup, values, [self.partners[code] for code in row["partner_units"]]))
        return result

    def load_events(self):
        demo_commands = Q(command__in=list(self.commands.values()))
        rows = self.event_rows(DELEGATIONS, DELEGATION_KEY, agreement=self.agreements)
        delegations = self.sync_many(Delegation, DELEGATION_KEY, rows, demo_commands, "partner_units")
        codes = {command.pk: code for code, command in self.commands.items()}
        self.delegations = {(codes[command_id], *rest): obj for (command_id, *rest), obj in delegations.items()}
        rows = self.event_rows(ACTIVITIES, ACTIVITY_KEY)
        self.sync_many(Activity, ACTIVITY_KEY, rows, demo_commands, "partner_units")
        rows = []
        for row in EXPENDITURES:
            values = _values(
                row,
                ["voucher"],
                command=self.commands,
                partner_unit=self.partners,
                agreement=self.agreements,
                delegation=self.delegations,
            )
            rows.append(({"voucher": row["voucher"]}, values, None))
        vouchers = Q(voucher__in=[row["voucher"] for row in EXPENDITURES])
        self.sync_many(Expenditure, ("voucher",), rows, vouchers)

    def load_users(self, password: str):
        for username, role, command_code in DEMO_USERS:
            is_staff = role in (Role.ADMIN, Role.STAFF)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username=username, password=password, is_staff=is_staff)
                outcome = "created"
            else:
                outcome = "unchanged"
                if user.is_staff != is_staff or not user.check_password(password):
                    user.is_staff = is_staff
                    user.set_password(password)
                    user.save()
                    outcome = "updated"
            group = Group.objects.get(name=ROLE_GROUPS[role])
            if set(user.groups.values_list("pk", flat=True)) != {group.pk}:
                user.groups.set([group])
                outcome = "updated" if outcome == "unchanged" else outcome
            self._count(User, outcome)
            command = self.commands[command_code] if command_code else None
            self.upsert(Profile, {"user": user}, {"command": command})


def _values(row: dict, key: list[str], **tables) -> dict:
    """The fields of a demo row but its natural ``key``, each field named in ``tables`` turned from the code
    (reference, natural key) it holds into the object of that table (None where the row has none)."""
    values = {name: value for name, value in row.items() if name not in key}
    for name, table in tables.items():
        values[name] = table[row[name]] if row[name] else None
    return values


def _bring_in_line(obj, values: dict) -> bool:
    """Set the fields of ``obj`` that differ from ``values`` and save it if any did; True when something changed."""
    changed = [name for name, value in values.items() if _current(obj, name) != _comparable(value)]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        _validate(obj)
        obj.save()
    return bool(changed)


def _validate(obj):
    """The model's own field and cross-field rules; the database checks its constraints on save.

    Foreign keys are skipped: they hold rows this loader has just read or written.
    """
    obj.clean_fields(exclude=[field.name for field in obj._meta.concrete_fields if field.is_relation])
    obj.clean()


def _comparable(value):
    return value.pk if hasattr(value, "_meta") else value


def _current(obj, name):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname)


@transaction.atomic
def load_demo(*, password: str | None = None) -> dict[str, Counter]:
    """Create or update the demo data (and the demo users if ``password`` is given); returns counts per model.

    All or nothing: one transaction. Rows already equal to the demo data are not saved again.
    """
    loader = _Loader()
    loader.load_units()
    loader.load_agreements()
    loader.load_events()
    if password:
        loader.load_users(password)
    # Bulk inserts send no save signals: drop cached report figures explicitly once the data is committed.
    transaction.on_commit(invalidate)  # every cached figure
    return loader.stats
