"""Synthetic national-scale data for benchmarks (``manage.py seed_scale``).

The generator builds rows as tuples of strings (``NULL`` for SQL NULL) in a fixed column order per
table, then one loader writes them: PostgreSQL ``COPY`` (about 2.5 M rows in well under three
minutes on two cores), other databases ``executemany`` in batches. Everything comes from one
``random.Random(seed)`` in a fixed order, so a seed always gives the same rows (and the same ids
on an empty database).

Synthetic units carry codes starting with :data:`PREFIX`; that is how the command tells its own
data from real data (it refuses to load beside real data unless forced, and it replaces earlier
synthetic data). Historical rows (django-simple-history) are not written for synthetic data.
"""

from __future__ import annotations

import datetime
import io
import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, models, transaction
from django.db.models import Max

from events import search, summary
from events.models import (
    Activity,
    ActivityPartner,
    ContactSummary,
    Delegation,
    DelegationMember,
    DelegationPartner,
    Expenditure,
    MeetingSummary,
    Summary,
    amount_in_vnd,
)
from partnerships.models import Agreement, Command, CommandScope, PartnerUnit, rebuild_command_scopes

PREFIX = "S-"
NULL = "\\N"  # COPY's NULL marker; mapped to None for executemany
FIRST_DAY = datetime.date(2005, 1, 1)
LAST_DAY = datetime.date(2026, 12, 31)
# Status of planned/completed records is decided against a fixed day, so a seed always gives the same rows.
REFERENCE_DAY = datetime.date(2026, 11, 23)
MERGER_LAST_DAY = datetime.date(2025, 6, 30)  # July 2025: provinces merged, districts abolished


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind one scale writes."""

    name: str
    provinces: int  # out of the 63 real provinces below (regions follow)
    districts: int
    communes: int
    units: int
    partners: int
    agreements: int
    delegations: int
    activities: int
    expenditures: int

    @property
    def total(self) -> int:
        """Rows to write, for the progress bar (partner rows of delegations and activities estimated)."""
        commands = self.provinces + self.districts + self.communes + self.units + 8
        events = self.delegations * 2.2 + self.activities * 2
        return int(commands + self.partners + self.agreements + events + self.expenditures)


SCALES = {
    # 8 regions + 63 provinces + 700 districts + 2,213 communes + 16 units = 3,000 commands
    "national": Scale("national", 63, 700, 2_213, 16, 1_500, 30_000, 300_000, 300_000, 1_000_000),
    "small": Scale("small", 8, 16, 32, 2, 40, 300, 300, 300, 1_000),
}

# (region code, region name, [(province code, province name, borders)]) — the 63 provinces before July 2025.
REGIONS = [
    (
        "QK7",
        "Bộ Tư lệnh Quân khu 7",
        [
            ("BRVT", "Bà Rịa – Vũng Tàu", ""),
            ("LA", "Long An", "KH"),
            ("BP", "Bình Phước", "KH"),
            ("TN", "Tây Ninh", "KH"),
            ("HCM", "Thành phố Hồ Chí Minh", ""),
            ("DNAI", "Đồng Nai", ""),
            ("BD", "Bình Dương", ""),
            ("LD", "Lâm Đồng", ""),
            ("NT", "Ninh Thuận", ""),
            ("BTH", "Bình Thuận", ""),
        ],
    ),
    (
        "QK9",
        "Bộ Tư lệnh Quân khu 9",
        [
            ("AG", "An Giang", "KH"),
            ("KG", "Kiên Giang", "KH"),
            ("DT", "Đồng Tháp", "KH"),
            ("CT", "Cần Thơ", ""),
            ("TG", "Tiền Giang", ""),
            ("BTR", "Bến Tre", ""),
            ("VL", "Vĩnh Long", ""),
            ("TV", "Trà Vinh", ""),
            ("ST", "Sóc Trăng", ""),
            ("HG", "Hậu Giang", ""),
            ("BL", "Bạc Liêu", ""),
            ("CM", "Cà Mau", ""),
        ],
    ),
    (
        "QK5",
        "Bộ Tư lệnh Quân khu 5",
        [
            ("KT", "Kon Tum", "LA"),
            ("GL", "Gia Lai", "KH"),
            ("DL", "Đắk Lắk", "KH"),
            ("DNO", "Đắk Nông", "KH"),
            ("QNA", "Quảng Nam", "LA"),
            ("DNG", "Đà Nẵng", ""),
            ("QNG", "Quảng Ngãi", ""),
            ("BDI", "Bình Định", ""),
            ("PY", "Phú Yên", ""),
            ("KH", "Khánh Hòa", ""),
        ],
    ),
    (
        "QK4",
        "Bộ Tư lệnh Quân khu 4",
        [
            ("TTH", "Thừa Thiên Huế", "LA"),
            ("QT", "Quảng Trị", "LA"),
            ("QB", "Quảng Bình", "LA"),
            ("HT", "Hà Tĩnh", "LA"),
            ("NA", "Nghệ An", "LA"),
            ("TH", "Thanh Hóa", "LA"),
        ],
    ),
    (
        "QK2",
        "Bộ Tư lệnh Quân khu 2",
        [
            ("DB", "Điện Biên", "LA"),
            ("SL", "Sơn La", "LA"),
            ("LCH", "Lai Châu", "CN"),
            ("LCA", "Lào Cai", "CN"),
            ("HGI", "Hà Giang", "CN"),
            ("TQ", "Tuyên Quang", ""),
            ("YB", "Yên Bái", ""),
            ("PT", "Phú Thọ", ""),
            ("VP", "Vĩnh Phúc", ""),
        ],
    ),
    (
        "QK1",
        "Bộ Tư lệnh Quân khu 1",
        [
            ("CB", "Cao Bằng", "CN"),
            ("LS", "Lạng Sơn", "CN"),
            ("BK", "Bắc Kạn", ""),
            ("TNG", "Thái Nguyên", ""),
            ("BG", "Bắc Giang", ""),
            ("BN", "Bắc Ninh", ""),
        ],
    ),
    (
        "QK3",
        "Bộ Tư lệnh Quân khu 3",
        [
            ("QNI", "Quảng Ninh", "CN"),
            ("HP", "Hải Phòng", ""),
            ("HD", "Hải Dương", ""),
            ("HY", "Hưng Yên", ""),
            ("TB", "Thái Bình", ""),
            ("ND", "Nam Định", ""),
            ("HNA", "Hà Nam", ""),
            ("NB", "Ninh Bình", ""),
            ("HB", "Hòa Bình", ""),
        ],
    ),
    ("BTLTD", "Bộ Tư lệnh Thủ đô Hà Nội", [("HN", "Hà Nội", "")]),
]

# July 2025: dissolved province → the province it was merged into.
MERGERS = {
    "BRVT": "HCM",
    "BD": "HCM",
    "LA": "TN",
    "BP": "DNAI",
    "NT": "KH",
    "BTH": "LD",
    "DNO": "LD",
    "KG": "AG",
    "TG": "DT",
    "HG": "CT",
    "ST": "CT",
    "BTR": "VL",
    "TV": "VL",
    "BL": "CM",
    "KT": "QNG",
    "QNA": "DNG",
    "BDI": "GL",
    "PY": "DL",
    "QB": "QT",
    "HGI": "TQ",
    "YB": "LCA",
    "VP": "PT",
    "HB": "PT",
    "BK": "TNG",
    "BG": "BN",
    "HD": "HP",
    "TB": "HY",
    "HNA": "NB",
    "ND": "NB",
}

SYLLABLES = [
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Long",
    "Thạnh",
    "Hòa",
    "Mỹ",
    "Phước",
    "Châu",
    "Đức",
    "Lộc",
    "Ninh",
    "Hưng",
    "Thuận",
    "Xuân",
    "Sơn",
    "Hải",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Vĩnh",
    "Quang",
    "Thành",
    "Lợi",
    "Hiệp",
    "Nghĩa",
    "Kim",
    "Định",
    "Gia",
    "Khánh",
    "Cát",
    "Điền",
    "Hồng",
    "Lâm",
    "Tiến",
    "Đạt",
    "Thới",
    "Hội",
    "Quới",
]

KH_PROVINCES = [
    "Preah Vihear",
    "Svay Rieng",
    "Prey Veng",
    "Kratie",
    "Mondulkiri",
    "Ratanakiri",
    "Stung Treng",
    "Tbong Khmum",
    "Kampong Cham",
    "Takeo",
    "Kampot",
    "Kep",
    "Kandal",
    "Kampong Speu",
    "Kampong Thom",
    "Siem Reap",
    "Oddar Meanchey",
    "Banteay Meanchey",
    "Battambang",
    "Pailin",
    "Pursat",
    "Koh Kong",
    "Preah Sihanouk",
    "Kampong Chhnang",
    "Phnom Penh",
]
LA_PROVINCES = [
    "Champasak",
    "Attapeu",
    "Sekong",
    "Salavan",
    "Savannakhet",
    "Khammouane",
    "Bolikhamxay",
    "Xiengkhouang",
    "Houaphanh",
    "Phongsaly",
    "Luang Namtha",
    "Oudomxay",
    "Luang Prabang",
    "Xayabury",
    "Vientiane",
    "Bokeo",
    "Xaysomboun",
]
OTHER_COUNTRIES = ["TH", "CN", "MM", "ID", "MY", "PH", "SG", "IN", "RU", "US", "JP", "KR", "AU", "FR"]

RANKS = ["Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Thiếu tướng", "Trung tướng"]
PARTNER_RANKS = ["Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá"]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
GIVEN = [
    "Văn",
    "Minh",
    "Hữu",
    "Đức",
    "Quốc",
    "Thanh",
    "Công",
    "Xuân",
    "Hoàng",
    "Anh",
    "Tuấn",
    "Hùng",
    "Dũng",
    "Phong",
    "Sơn",
    "Nam",
    "Hải",
    "Bình",
]
KH_NAMES = [
    "Chan So Pheak Tra",
    "Sok Sambath",
    "Hun Chea",
    "Ngin Heng",
    "Mao Sophan",
    "Keo Vanna",
    "Chhum Socheat",
    "Meas Sarun",
]
LA_NAMES = ["Khamphanh Vongsa", "Bounmy Siphanh", "Vilay Phommachanh", "Sengdeuane Keo", "Thongsavanh Phomvihane"]

AGREEMENT_KINDS = ["twinning", "cooperation", "annual_plan", "coordination", "memorandum", "other"]
AGREEMENT_KIND_WEIGHTS = [20, 20, 35, 10, 10, 5]
PURPOSES = ["courtesy", "working", "study", "exchange", "border_meeting", "ceremony", "humanitarian"]
PURPOSES += ["remains_search", "other"]
PURPOSE_WEIGHTS = [15, 30, 10, 12, 15, 6, 6, 3, 3]
ACTIVITY_KINDS = ["border_meeting", "exchange", "joint_exercise", "humanitarian", "training", "ceremony"]
ACTIVITY_KINDS += ["remains_search", "other"]
ACTIVITY_KIND_WEIGHTS = [45, 15, 5, 12, 8, 8, 4, 3]
ACTIVITY_TITLES = {
    "border_meeting": "Giao ban biên giới",
    "exchange": "Giao lưu văn hóa, thể thao",
    "joint_exercise": "Diễn tập tìm kiếm cứu nạn",
    "humanitarian": "Khám bệnh, cấp thuốc cho nhân dân biên giới",
    "training": "Tập huấn nghiệp vụ",
    "ceremony": "Kỷ niệm ngày thiết lập quan hệ ngoại giao",
    "remains_search": "Tìm kiếm, quy tập hài cốt liệt sĩ",
    "other": "Hoạt động phối hợp",
}
CATEGORIES = ["funds", "materials", "medical", "construction", "gifts", "training", "hospitality", "other"]
CATEGORY_WEIGHTS = [25, 18, 12, 5, 20, 8, 10, 2]
SOURCES = ["central", "defence_ministry", "military_region", "province", "unit", "other"]
SOURCE_WEIGHTS = [5, 15, 20, 40, 15, 5]
BENEFICIARIES = [
    "Gia đình nghèo của Tiểu khu",
    "Học viên đang học tại Trường Sĩ quan Lục quân 2",
    "Cán bộ, chiến sĩ đơn vị bạn",
    "Nhân dân vùng biên giới",
    "Trạm y tế xã biên giới",
    "",
]
# Amounts in đồng: a step times 1..9, so figures look like what units record.
AMOUNT_STEPS = [1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000]
AMOUNT_STEP_WEIGHTS = [10, 15, 25, 25, 15, 7, 3]
# Foreign-currency support: amounts and rates with binary-exact fractions, so SQLite's float ROUND agrees.
CURRENCY_RATES = [("USD", ["23500.5", "24150", "25300.25"]), ("THB", ["690.5", "712.25"]), ("KHR", ["5.75"])]


def _days() -> tuple[list[str], list[int], list[float]]:
    """ISO strings of every day of the period, and cumulative weights that grow with the years."""
    labels, ordinals, cum, total = [], [], [], 0.0
    day = FIRST_DAY
    while day <= LAST_DAY:
        labels.append(day.isoformat())
        ordinals.append(day.toordinal())
        total += 1.0 + (day.year - 2005) * 0.08
        cum.append(total)
        day += datetime.timedelta(days=1)
    return labels, ordinals, cum


DAY_LABELS, DAY_ORDINALS, DAY_CUM = _days()
FIRST_ORDINAL = FIRST_DAY.toordinal()
LAST_INDEX = len(DAY_LABELS) - 1
# Labels reach past LAST_DAY so end, expiry and termination dates after the last start still have one.
DAY_LABELS += [(LAST_DAY + datetime.timedelta(days=i)).isoformat() for i in range(1, 8 * 366)]
REFERENCE_INDEX = REFERENCE_DAY.toordinal() - FIRST_ORDINAL
MERGER_INDEX = MERGER_LAST_DAY.toordinal() - FIRST_ORDINAL


class Generator:
    """Builds the rows of one scale from one seed. Ids start after ``id_start[model]``."""

    def __init__(self, scale: Scale, seed: int, id_start: dict[type[models.Model], int] | None = None):
        self.scale = scale
        self.rnd = random.Random(seed)
        self.id_start = id_start or {}
        self.today = REFERENCE_INDEX

    def first_id(self, model) -> int:
        return self.id_start.get(model, 0) + 1

    def name(self, words: int = 2) -> str:
        return " ".join(self.rnd.sample(SYLLABLES, words))

    def person(self) -> str:
        r = self.rnd
        return f"{r.choice(FAMILY)} {r.choice(GIVEN)} {r.choice(GIVEN)}"

    # --- units -----------------------------------------------------------------------------------
    def build_commands(self) -> list[tuple]:
        """The tree: regions → provinces (some merged in 2025) → districts → communes, plus units."""
        r, s = self.rnd, self.scale
        next_id = itertools.count(self.first_id(Command))
        rows: list[tuple] = []
        # Per command (index into rows): id, level weight, dissolved-after day index, current id, pool of partners.
        self.cmd_ids, self.cmd_weight, self.cmd_until, self.cmd_border = [], [], [], []
        by_code: dict[str, int] = {}

        def add(code, name, name_en, level, parent, province, border, until=None, successor=None, weight=1.0):
            pk = next(next_id)
            rows.append(
                [
                    str(pk),
                    "1",
                    code,
                    name,
                    name_en,
                    level,
                    str(parent) if parent else NULL,
                    province,
                    "1" if border else "0",
                    NULL,
                    until.isoformat() if until else NULL,
                    str(successor) if successor else NULL,
                ]
            )
            self.cmd_ids.append(pk)
            self.cmd_weight.append(weight * (3.0 if border else 1.0))
            self.cmd_until.append(MERGER_INDEX if until else None)
            self.cmd_border.append(border)
            by_code[code] = len(rows) - 1
            return pk

        provinces = [(reg, p) for reg in REGIONS for p in reg[2]][: s.provinces]
        regions = [reg for reg in REGIONS if any(p[0] is reg for p in provinces)]
        region_ids = {}
        for code, name, _plist in regions:
            name_en = "Capital Command" if code == "BTLTD" else f"Military Region {code[2:]}"
            region_ids[code] = add(PREFIX + code, name, name_en, "military_region", None, "", False, weight=10.0)
        province_rows = []
        for reg, (code, pname, borders) in provinces:
            title = "Bộ Tư lệnh" if code in ("HCM", "HN") else "Bộ CHQS tỉnh"
            pk = add(
                PREFIX + code,
                f"{title} {pname}",
                f"{pname} Provincial Military Command",
                "province",
                region_ids[reg[0]],
                pname,
                bool(borders),
                weight=25.0,
            )
            province_rows.append((pk, code, pname, borders))
        # Successors among the provinces generated (a small scale may lack some of them).
        for _pk, code, _pname, _b in province_rows:
            successor = MERGERS.get(code)
            if successor and PREFIX + successor in by_code:
                row = rows[by_code[PREFIX + code]]
                row[10] = MERGER_LAST_DAY.isoformat()
                row[11] = rows[by_code[PREFIX + successor]][0]
                self.cmd_until[by_code[PREFIX + code]] = MERGER_INDEX

        districts = []
        for i in range(s.districts):
            ppk, pcode, pname, borders = province_rows[i % len(province_rows)]
            border = bool(borders) and r.random() < 0.5
            dname = self.name()
            kind = r.choice(["huyện", "huyện", "huyện", "thị xã", "thành phố"])
            code = f"{PREFIX}{pcode}-D{i // len(province_rows) + 1:02d}"
            pk = add(
                code,
                f"Ban CHQS {kind} {dname}",
                f"{dname} District Military Command",
                "district",
                ppk,
                pname,
                border,
                weight=5.0,
            )
            districts.append((pk, code, pname, border, by_code[code]))
        # About one district in five was merged into a sibling in July 2025.
        for idx, (_pk, _code, pname, _border, row_index) in enumerate(districts):
            if r.random() < 0.2:
                siblings = [d for d in districts[max(0, idx - 80) : idx + 80] if d[2] == pname and d[4] != row_index]
                siblings = [d for d in siblings if rows[d[4]][10] == NULL]
                if siblings:
                    rows[row_index][10] = MERGER_LAST_DAY.isoformat()
                    rows[row_index][11] = str(r.choice(siblings)[0])
                    self.cmd_until[row_index] = MERGER_INDEX
        for i in range(s.communes):
            dpk, dcode, pname, dborder, _ri = districts[i % len(districts)]
            border = dborder and r.random() < 0.6
            cname = self.name()
            kind = r.choice(["xã", "xã", "xã", "phường", "thị trấn"])
            code = f"{dcode}-C{i // len(districts) + 1:02d}"
            add(code, f"Ban CHQS {kind} {cname}", f"{cname} Commune Military Command", "commune", dpk, pname, border)
        for i in range(s.units):
            reg_code = regions[i % len(regions)][0]
            kind = ["Sư đoàn", "Lữ đoàn", "Trường Quân sự", "Tiểu đoàn"][i % 4]
            add(
                f"{PREFIX}{reg_code}-U{i + 1:02d}",
                f"{kind} {300 + i}",
                f"Unit {300 + i}",
                "unit",
                region_ids[reg_code],
                "",
                False,
                weight=3.0,
            )
        # Current command of each (for records dated after the mergers): follow successors.
        index_of_id = {pk: i for i, pk in enumerate(self.cmd_ids)}
        self.cmd_current = []
        for i in range(len(rows)):
            j, seen = i, 0
            while rows[j][11] != NULL and seen < 10:
                j, seen = index_of_id[int(rows[j][11])], seen + 1
            self.cmd_current.append(j)
        self.cmd_cum = list(itertools.accumulate(self.cmd_weight))
        self.cmd_str = [str(pk) for pk in self.cmd_ids]
        self.cmd_province = [row[7] for row in rows]
        return [tuple(row) for row in rows]

    def build_partners(self) -> list[tuple]:
        """Partner units: KH and LA trees (national → region → province → district → commune), a few others."""
        r, s = self.rnd, self.scale
        next_id = itertools.count(self.first_id(PartnerUnit))
        rows = []
        self.partner_ids, self.partner_country = [], []

        def add(code, name, name_en, country, province, level, parent):
            pk = next(next_id)
            rows.append((str(pk), "1", code, name, name_en, country, province, level, str(parent) if parent else NULL))
            self.partner_ids.append(pk)
            self.partner_country.append(country)
            return pk

        others = max(2, s.partners // 30)
        per_country = {"KH": (s.partners - others) * 55 // 100}
        per_country["LA"] = s.partners - others - per_country["KH"]
        for country, provinces in (("KH", KH_PROVINCES), ("LA", LA_PROVINCES)):
            budget = per_country[country]
            ministry = "Bộ Quốc phòng Campuchia" if country == "KH" else "Bộ Quốc phòng Lào"
            top = add(
                f"{PREFIX}{country}",
                ministry,
                f"Ministry of National Defence ({country})",
                country,
                "",
                "national",
                None,
            )
            budget -= 1
            region_count = 5 if country == "KH" else 4
            region_ids = [
                add(f"{PREFIX}{country}-R{i}", f"Quân khu {i}", f"Military Region {i}", country, "", "region", top)
                for i in range(1, region_count + 1)
            ]
            budget -= region_count
            n_prov = min(len(provinces), max(1, budget // 6))
            province_ids = []
            for i, pname in enumerate(provinces[:n_prov]):
                if country == "KH":
                    name, name_en = f"Tiểu khu Quân sự {pname}", f"{pname} Provincial Military Sub-region"
                else:
                    name, name_en = f"Bộ Chỉ huy Quân sự tỉnh {pname}", f"{pname} Provincial Military Command"
                pk = add(
                    f"{PREFIX}{country}-P{i + 1:02d}",
                    name,
                    name_en,
                    country,
                    pname,
                    "province",
                    region_ids[i % region_count],
                )
                province_ids.append((pk, pname, f"{PREFIX}{country}-P{i + 1:02d}"))
            budget -= n_prov
            n_district = budget * 3 // 4
            district_ids = []
            for i in range(n_district):
                ppk, pname, pcode = province_ids[i % n_prov]
                dname = r.choice(
                    ["Kulen", "Chey Sen", "Snuol", "Chantrea", "Rumduol", "Phnom Den", "Xepon", "Sanamxay"]
                )
                dname = f"{dname} {i // n_prov + 1}"
                name = f"Chi khu quân sự {dname}" if country == "KH" else f"Ban Chỉ huy Quân sự huyện {dname}"
                code = f"{pcode}-D{i // n_prov + 1:02d}"
                district_ids.append(
                    (add(code, name, f"{dname} District Military Sector", country, pname, "district", ppk), pname, code)
                )
            for i in range(budget - n_district):
                dpk, pname, dcode = district_ids[i % len(district_ids)]
                cname = f"{r.choice(['Trapeang', 'Kampong', 'Ban Na', 'Ban Phone'])} {i + 1}"
                add(
                    f"{dcode}-C{i // len(district_ids) + 1:02d}",
                    f"Đồn {cname}",
                    f"{cname} Post",
                    country,
                    pname,
                    "commune",
                    dpk,
                )
        for i in range(others):
            country = OTHER_COUNTRIES[i % len(OTHER_COUNTRIES)]
            add(
                f"{PREFIX}{country}-{i + 1:02d}",
                f"Đoàn quân sự {country} {i + 1}",
                f"Military delegation {country}",
                country,
                "",
                "unit",
                None,
            )
        # Each command gets a pool of partners it works with: border provinces with their neighbour's units.
        kh = [i for i, c in enumerate(self.partner_country) if c == "KH"]
        la = [i for i, c in enumerate(self.partner_country) if c == "LA"]
        rest = [i for i, c in enumerate(self.partner_country) if c not in ("KH", "LA")]
        self.partner_str = [str(pk) for pk in self.partner_ids]
        self.cmd_pool = []
        for border in self.cmd_border:
            main = kh if r.random() < 0.55 else la
            size = r.randint(2, 5) if border else r.randint(1, 2)
            pool = r.sample(main, min(size, len(main)))
            if rest and r.random() < 0.05:
                pool.append(r.choice(rest))
            self.cmd_pool.append(pool)
        return rows

    # --- records ---------------------------------------------------------------------------------
    def pick_commands(self, k: int) -> list[int]:
        return self.rnd.choices(range(len(self.cmd_ids)), cum_weights=self.cmd_cum, k=k)

    def pick_days(self, k: int) -> list[int]:
        return self.rnd.choices(range(len(DAY_CUM)), cum_weights=DAY_CUM, k=k)

    def placed(self, cmd: int, day: int) -> int:
        """A record dated after its command was dissolved goes to the command it was merged into."""
        until = self.cmd_until[cmd]
        return self.cmd_current[cmd] if until is not None and day > until else cmd

    def build_agreements(self) -> list[tuple]:
        """Agreements between commands and partners of their pools; annual plans in renewal chains."""
        r, s = self.rnd, self.scale
        first = self.first_id(Agreement)
        specs = []  # [cmd, partner, kind, signed_index or None, renews position or None]
        while len(specs) < s.agreements:
            cmd = self.pick_commands(1)[0]
            partner = r.choice(self.cmd_pool[cmd])
            kind = r.choices(AGREEMENT_KINDS, AGREEMENT_KIND_WEIGHTS)[0]
            day = self.pick_days(1)[0]
            if kind == "annual_plan":
                start_year = FIRST_DAY.year + day // 366
                length = r.randint(1, 6)
                previous = None
                for year in range(start_year, min(start_year + length, 2027)):
                    sday = datetime.date(year, 1, r.randint(5, 28)).toordinal() - FIRST_ORDINAL
                    c = self.placed(cmd, sday)
                    specs.append([c, partner, kind, sday, previous])
                    previous = len(specs) - 1
            else:
                specs.append([self.placed(cmd, day), partner, kind, day if r.random() > 0.03 else None, None])
        specs = specs[: s.agreements]
        # Dates not in insertion order: shuffle, then give ids; a renewal may point to a later id.
        order = list(range(len(specs)))
        r.shuffle(order)
        position_id = {pos: first + i for i, pos in enumerate(order)}
        rows = []
        self.agreement_by_cmd: dict[int, list[int]] = {}
        for pos in order:
            cmd, partner, kind, signed, renews = specs[pos]
            pk = position_id[pos]
            valid_from = valid_until = terminated = NULL
            if signed is not None:
                valid_from = DAY_LABELS[signed + (r.randint(0, 20) if r.random() < 0.2 else 0)]
                if kind == "annual_plan":
                    valid_until = f"{DAY_LABELS[signed][:4]}-12-31"
                elif kind in ("cooperation", "memorandum") and r.random() < 0.6:
                    valid_until = DAY_LABELS[signed + r.randint(365, 5 * 365)]
                if r.random() < 0.03:
                    terminated = DAY_LABELS[signed + r.randint(30, 3 * 365)]
                self.agreement_by_cmd.setdefault(cmd, []).append(pk)
            country = self.partner_country[partner]
            cid = self.cmd_ids[cmd]
            rows.append(
                (
                    str(pk),
                    "1",
                    f"{pk}/KH-HT",
                    f"{AGREEMENT_TITLES[kind]} {self.cmd_province[cmd]} {DAY_LABELS[signed][:4] if signed else ''}",
                    kind,
                    str(cid),
                    str(self.partner_ids[partner]),
                    DAY_LABELS[signed] if signed is not None else NULL,
                    valid_from,
                    valid_until,
                    terminated,
                    str(position_id[renews]) if renews is not None and specs[renews][3] is not None else NULL,
                    self.person(),
                    r.choice(RANKS),
                    "Chỉ huy trưởng",
                    r.choice(KH_NAMES if country == "KH" else LA_NAMES),
                    r.choice(PARTNER_RANKS),
                    "Chỉ huy trưởng",
                    "",
                )
            )
        return rows

    def batches_of(self, total: int, size: int = 50_000) -> Iterator[int]:
        done = 0
        while done < total:
            n = min(size, total - done)
            yield n
            done += n

    def status(self, day: int) -> str:
        if day > self.today:
            return "planned"
        x = self.rnd.random()
        return "cancelled" if x < 0.04 else "planned" if x < 0.06 else "completed"

    def partners_for(self, cmd: int, k: int) -> list[int]:
        pool = self.cmd_pool[cmd]
        return self.rnd.sample(pool, min(k, len(pool)))

    def event_batches(self, model, through_model, total, kinds, weights, row_of):
        """Delegations or activities with their partner links, in batches: ``(rows, through rows)``.

        ``row_of(pk, cmd, day, kind)`` draws one record of command ``cmd`` (already placed after the mergers)
        and returns its row and the partners it links.
        """
        r = self.rnd
        pk = self.first_id(model)
        through_pk = self.first_id(through_model)
        for n in self.batches_of(total):
            rows, through = [], []
            cmds, days = self.pick_commands(n), self.pick_days(n)
            drawn = r.choices(kinds, weights, k=n)
            for cmd, day, kind in zip(cmds, days, drawn, strict=True):
                pk_str = str(pk)
                row, partners = row_of(pk_str, self.placed(cmd, day), day, kind)
                rows.append(row)
                for p in partners:
                    through.append((str(through_pk), pk_str, self.partner_str[p]))
                    through_pk += 1
                pk += 1
            yield rows, through

    def delegation_batches(self) -> Iterator[tuple[list[tuple], list[tuple]]]:
        return self.event_batches(
            Delegation, DelegationPartner, self.scale.delegations, PURPOSES, PURPOSE_WEIGHTS, self.delegation_row
        )

    def delegation_row(self, pk_str: str, cmd: int, day: int, purpose: str) -> tuple[tuple, list[int]]:
        r = self.rnd
        partners = self.partners_for(cmd, r.choice((0, 1, 1, 1, 2, 3)))
        country = self.partner_country[partners[0]] if partners else r.choice(("KH", "LA", "TH", "CN"))
        agreements = self.agreement_by_cmd.get(cmd)
        row = (
            pk_str,
            "1",
            "inbound" if r.random() < 0.5 else "outbound",
            purpose,
            self.cmd_str[cmd],
            country,
            self.person() if r.random() < 0.3 else "",
            r.choice(RANKS),
            "Trưởng đoàn",
            str(r.choice((2, 3, 5, 8, 10, 12, 15, 20, 30, 45))),
            DAY_LABELS[day],
            DAY_LABELS[day + r.choice((0, 0, 1, 2, 3, 5))],
            self.cmd_province[cmd],
            str(r.choice(agreements)) if agreements and r.random() < 0.2 else NULL,
            self.status(day),
            "",
        )
        return row, partners

    def activity_batches(self) -> Iterator[tuple[list[tuple], list[tuple]]]:
        return self.event_batches(
            Activity, ActivityPartner, self.scale.activities, ACTIVITY_KINDS, ACTIVITY_KIND_WEIGHTS, self.activity_row
        )

    def activity_row(self, pk_str: str, cmd: int, day: int, kind: str) -> tuple[tuple, list[int]]:
        r = self.rnd
        partners = self.partners_for(cmd, 1 if kind == "border_meeting" else r.choice((0, 1, 1, 2)))
        row = (
            pk_str,
            "1",
            kind,
            f"{ACTIVITY_TITLES[kind]} {DAY_LABELS[day][:7]}",
            self.cmd_str[cmd],
            DAY_LABELS[day],
            DAY_LABELS[day + (0 if kind == "border_meeting" else r.choice((0, 1, 2)))],
            NULL if r.random() < 0.3 else str(r.randint(5, 200)),
            self.cmd_province[cmd],
            self.status(day),
            "",
        )
        return row, partners

    def expenditure_batches(self) -> Iterator[list[tuple]]:
        """The hot loop (a million rows): draws in bulk with ``choices``, ids pre-formatted."""
        r = self.rnd
        pk = self.first_id(Expenditure)
        first_delegation, first_activity = self.first_id(Delegation), self.first_id(Activity)
        n_delegations, n_activities = self.scale.delegations, self.scale.activities
        cmd_str, partner_str = self.cmd_str, self.partner_str
        cmd_until, cmd_current, pools = self.cmd_until, self.cmd_current, self.cmd_pool
        agreement_by_cmd = {cmd: [str(a) for a in ids] for cmd, ids in self.agreement_by_cmd.items()}
        amounts = [str(step * k) for step in AMOUNT_STEPS for k in range(1, 10)]
        amount_weights = [w for w in AMOUNT_STEP_WEIGHTS for _k in range(1, 10)]
        for n in self.batches_of(self.scale.expenditures):
            rows = []
            append = rows.append
            cmds, days = self.pick_commands(n), self.pick_days(n)
            cats = r.choices(CATEGORIES, CATEGORY_WEIGHTS, k=n)
            sources = r.choices(SOURCES, SOURCE_WEIGHTS, k=n)
            vnds = r.choices(amounts, amount_weights, k=n)
            beneficiaries = r.choices(BENEFICIARIES, k=n)
            rand = r.random
            for cmd, day, cat, source, amount, beneficiary in zip(
                cmds, days, cats, sources, vnds, beneficiaries, strict=True
            ):
                until = cmd_until[cmd]
                if until is not None and day > until:
                    cmd = cmd_current[cmd]
                pool = pools[cmd]
                x = rand()
                currency = original = rate = NULL
                if x < 0.03:
                    currency, rates = CURRENCY_RATES[int(rand() * len(CURRENCY_RATES))]
                    rate = rates[int(rand() * len(rates))]
                    original = f"{int(rand() * 400 + 1) * 25}.{('00', '50', '25')[int(rand() * 3)]}"
                    amount = str(amount_in_vnd(Decimal(original), Decimal(rate)))
                link = rand()
                agreement = delegation = activity = NULL
                if link < 0.1:
                    agreements = agreement_by_cmd.get(cmd)
                    if agreements:
                        agreement = agreements[int(rand() * len(agreements))]
                elif link < 0.2:
                    delegation = str(first_delegation + int(rand() * n_delegations))
                elif link < 0.25:
                    activity = str(first_activity + int(rand() * n_activities))
                label = DAY_LABELS[day]
                append(
                    (
                        str(pk),
                        "1",
                        label,
                        cmd_str[cmd],
                        partner_str[pool[int(rand() * len(pool))]] if x < 0.85 else NULL,
                        beneficiary,
                        cat,
                        source,
                        amount,
                        currency,
                        original,
                        rate,
                        agreement,
                        delegation,
                        activity,
                        f"PC-{label[:4]}/{pk % 100000:05d}",
                        "",
                    )
                )
                pk += 1
            yield rows

    # --- all rows --------------------------------------------------------------------------------
    def batches(self) -> Iterator[tuple[type[models.Model], list[tuple]]]:
        """``(model, rows)`` in load order; the large tables come in batches, never all in memory."""
        yield Command, self.build_commands()
        yield PartnerUnit, self.build_partners()
        yield Agreement, self.build_agreements()
        for rows, through in self.delegation_batches():
            yield Delegation, rows
            yield DelegationPartner, through
        for rows, through in self.activity_batches():
            yield Activity, rows
            yield ActivityPartner, through
        for rows in self.expenditure_batches():
            yield Expenditure, rows


AGREEMENT_TITLES = {
    "twinning": "Văn bản kết nghĩa",
    "cooperation": "Quy chế hợp tác",
    "annual_plan": "Kế hoạch hợp tác năm",
    "coordination": "Văn bản hiệp đồng phối hợp",
    "memorandum": "Biên bản ghi nhớ",
    "other": "Văn bản thỏa thuận",
}

COLUMNS = {
    Command: "id version code name name_en level parent_id province_name is_border valid_from valid_until successor_id",
    PartnerUnit: "id version code name name_en country province_name level parent_id",
    Agreement: "id version reference title kind command_id partner_unit_id signed_on valid_from valid_until "
    "terminated_on renews_id signatory_vn_name signatory_vn_rank signatory_vn_title signatory_partner_name "
    "signatory_partner_rank signatory_partner_title notes",
    Delegation: "id version direction purpose command_id country leader_name leader_rank leader_title member_count "
    "start_date end_date location agreement_id status notes",
    DelegationPartner: "id delegation_id partner_unit_id",
    Activity: "id version kind title command_id start_date end_date participant_count location status notes",
    ActivityPartner: "id activity_id partner_unit_id",
    Expenditure: "id version date command_id partner_unit_id beneficiary category funding_source amount_vnd currency "
    "amount_original exchange_rate agreement_id delegation_id activity_id voucher description",
}
COLUMNS = {model: cols.split() for model, cols in COLUMNS.items()}
MODELS = list(COLUMNS)


def _serialize_default(field) -> str:
    value = field.get_default()
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def extra_columns(model) -> tuple[list[str], tuple[str, ...]]:
    """Columns added to a model after this generator was written: filled with the field's default."""
    known = set(COLUMNS[model])
    extra = [f for f in model._meta.concrete_fields if f.attname not in known]
    for f in extra:
        if not f.null and not f.has_default() and not f.blank:
            raise RuntimeError(f"seed_scale does not know how to fill {model.__name__}.{f.name}")
    return [f.column for f in extra], tuple(_serialize_default(f) for f in extra)


# --- state of the database -----------------------------------------------------------------------
def has_real_data(using: str = "default") -> bool:
    """Units (and so records) that seed_scale did not write."""
    return (
        Command.objects.using(using).exclude(code__startswith=PREFIX).exists()
        or PartnerUnit.objects.using(using).exclude(code__startswith=PREFIX).exists()
    )


def has_synthetic_data(using: str = "default") -> bool:
    return Command.objects.using(using).filter(code__startswith=PREFIX).exists()


def delete_synthetic(using: str = "default") -> None:
    """Remove earlier synthetic data: records of synthetic commands or partners, then the units."""
    from dnqp.models import Profile

    commands = Command.objects.using(using).filter(code__startswith=PREFIX)
    partners = PartnerUnit.objects.using(using).filter(code__startswith=PREFIX)
    connection = connections[using]
    # The reports' summary and the records' search texts worked out once at the end, not followed delete by delete
    # (events/summary.py, partnerships/search.py).
    with transaction.atomic(using=using), summary.suspended(connection), search.suspended(connection):
        if connection.vendor == "postgresql" and not has_real_data(using):
            records = (Expenditure, DelegationPartner, DelegationMember, ActivityPartner, Delegation, Activity)
            tables = [m._meta.db_table for m in records]
            tables.append(Agreement._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for model in (Expenditure, DelegationPartner, ActivityPartner):
                field = "command" if model is Expenditure else model._meta.model_name.replace("partner", "")
                if model is Expenditure:
                    model.objects.using(using).filter(command__in=commands)._raw_delete(using)
                else:
                    model.objects.using(using).filter(**{f"{field}__command__in": commands})._raw_delete(using)
            DelegationMember.objects.using(using).filter(delegation__command__in=commands)._raw_delete(using)
            for model in (Delegation, Activity):
                model.objects.using(using).filter(command__in=commands)._raw_delete(using)
            Agreement.objects.using(using).filter(command__in=commands).update(renews=None)
            Agreement.objects.using(using).filter(command__in=commands)._raw_delete(using)
        Profile.objects.using(using).filter(command__in=commands).update(command=None)
        # Which commands count under which: derived, rebuilt for what is left once the commands are gone.
        CommandScope.objects.using(using).all()._raw_delete(using)
        commands.update(parent=None, successor=None)
        commands._raw_delete(using)
        partners.update(parent=None)
        partners._raw_delete(using)
        rebuild_command_scopes(using=using)


# --- loading -------------------------------------------------------------------------------------
def _write_postgresql(cursor, table: str, columns: list[str], suffix: str, rows: list[tuple]) -> None:
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        write("\t".join(row))
        write(suffix)
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer, size=1 << 20)


def _write_generic(cursor, table: str, columns: list[str], extras: tuple, rows: list[tuple]) -> None:
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    params = [tuple(None if v == NULL else v for v in row + extras) for row in rows]
    for i in range(0, len(params), 5_000):
        cursor.executemany(sql, params[i : i + 5_000])


def load(scale: Scale, seed: int, *, using: str = "default", progress: bool = True) -> dict[str, int]:
    """Write one scale of synthetic data in one transaction; returns the rows written per table."""
    from tqdm import tqdm

    connection = connections[using]
    id_start = {model: model.objects.using(using).aggregate(m=Max("id"))["m"] or 0 for model in MODELS}
    generator = Generator(scale, seed, id_start)
    counts: dict[str, int] = {}
    bar = tqdm(total=scale.total, unit=" rows", unit_scale=True, file=sys.stderr, disable=not progress, smoothing=0.1)
    prepared = {}
    with transaction.atomic(using=using), summary.suspended(connection), connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        raw = cursor.cursor if postgres else None
        trusted = postgres and _fast_postgresql_load(cursor)
        indexes = _drop_secondary_indexes(cursor, [m._meta.db_table for m in MODELS]) if postgres else []
        # The records' search texts (partnerships/search.py): worked out once, all of them, as this block ends,
        # before the indexes are built again.
        with search.suspended(connection):
            for model, rows in generator.batches():
                if model not in prepared:
                    extra_cols, extra_values = extra_columns(model)
                    columns = [model._meta.get_field(c).column for c in COLUMNS[model]] + extra_cols
                    prepared[model] = (connection.ops.quote_name(model._meta.db_table), columns, extra_values)
                    bar.set_description(model._meta.db_table)
                db_table, columns, extra_values = prepared[model]
                if raw is not None:
                    suffix = ("\t" + "\t".join(extra_values) if extra_values else "") + "\n"
                    _write_postgresql(raw, db_table, [connection.ops.quote_name(c) for c in columns], suffix, rows)
                else:
                    _write_generic(cursor, db_table, columns, extra_values, rows)
                counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
                bar.update(len(rows))
            bar.set_description("search text")
        bar.set_description("indexes")
        for sql in indexes:
            cursor.execute(sql)
        if trusted:
            bar.set_description("foreign keys")
            _check_foreign_keys(cursor, connection)
            cursor.execute("SET LOCAL session_replication_role = origin")
        _reset_sequences(connection)
        # Bulk inserts send no signals: which commands count under which, rebuilt once; the reports' summary is
        # then recomputed from both as the block ends (its triggers were off for the load).
        bar.set_description("summary")
        rebuild_command_scopes(using=using)
    bar.close()
    if connection.vendor == "postgresql":
        # Statistics for the planner; outside a transaction also VACUUM, which marks the pages all-visible
        # so the covering indexes answer the reports without touching the table (index-only scans).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            # The summaries and the scopes were rebuilt in the load's transaction: their statistics too.
            for model in [*MODELS, Summary, MeetingSummary, ContactSummary, CommandScope]:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return counts


def _fast_postgresql_load(cursor) -> bool:
    """Settings for one bulk load; True if foreign-key triggers are off (checked by :func:`_check_foreign_keys`).

    Row by row, PostgreSQL checks ~2.5 M foreign keys at commit (two of the seven minutes of a national
    load here). A superuser may switch those triggers off for this transaction and check every key with
    one anti-join per foreign key instead; check constraints and unique indexes stay on either way.
    """
    cursor.execute("SET LOCAL synchronous_commit = off")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    # Check what is pending now (an index cannot be dropped or built over pending trigger events), and
    # each COPY at its end rather than all at commit.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _drop_secondary_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop the plain (non-unique, non-constraint) indexes of ``tables``; return the SQL that rebuilds them.

    Building an index once after the load is several times faster than updating it for every row.
    """
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(x.indexrelid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace
          AND NOT x.indisprimary AND NOT x.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        """,
        [tables],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def _check_foreign_keys(cursor, connection) -> None:
    """Every foreign key of the loaded tables points at an existing row (one anti-join per key)."""
    for model in MODELS:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            table, column = model._meta.db_table, field.column
            target = field.related_model._meta.db_table
            qn = connection.ops.quote_name
            cursor.execute(
                f"SELECT count(*) FROM {qn(table)} t LEFT JOIN {qn(target)} r ON r.id = t.{qn(column)} "
                f"WHERE t.{qn(column)} IS NOT NULL AND r.id IS NULL"
            )
            missing = cursor.fetchone()[0]
            if missing:
                raise RuntimeError(f"seed_scale generated {missing} rows of {table}.{column} pointing nowhere")


def _reset_sequences(connection) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
