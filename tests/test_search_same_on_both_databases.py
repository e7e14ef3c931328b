"""A search finds the same records on SQLite and on PostgreSQL: run this file on both (CI runs PostgreSQL).

Both are held to one rule, written here in Python: a record is found when every word of the query, folded
(:func:`dnqp.core.text.fold`), is part of one of its searched texts, folded — its own fields, its command's code
and name, its partner units' codes, names, names in the original script and other spellings.
"""

import datetime
import unicodedata

import pytest
from django.db import connection

from dnqp.core.text import fold
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement
from tests import factories as f
from tests.search_helpers import corpus

D = datetime.date
OWN = {
    Agreement: ["reference", "title", "notes"],
    Delegation: ["leader_name", "leader_title", "location", "notes"],
    Activity: ["title", "location", "notes"],
    Expenditure: ["beneficiary", "description", "voucher"],
}
VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
SAMPLES = [
    VIETNAMESE,
    VIETNAMESE.upper(),
    unicodedata.normalize("NFD", "Đại tá Nguyễn Văn Đức, Bà Rịa – Vũng Tàu"),  # typed with combining accents
    "អនុតំបន់យោធាខេត្តស្វាយរៀង ព្រះវិហារ",  # Khmer: its signs stay
    "ກອງບັນຊາການທະຫານແຂວງອັດຕະປື ຈຳປາສັກ",  # Lao
    "Tbeng Meanchey — “Preah Vihear” Ⅻ 12/2020 PC-07 ½",
    "Ñandú Ærø Straße İzmir ǅemal ﬁ",
]


def units_of(record):
    if isinstance(record, (Delegation, Activity)):
        return list(record.partner_units.all())
    return [record.partner_unit] if record.partner_unit_id else []


def texts_of(record) -> list[str]:
    texts = [getattr(record, name) for name in OWN[type(record)]]
    texts += [record.command.code, record.command.name]
    for unit in units_of(record):
        texts += [unit.code, unit.name, unit.name_original, *unit.aliases]
    return [fold(text) for text in texts]


def expected(model, query: str) -> set[int]:
    words = fold(query).split()
    return {r.pk for r in model.objects.all() if all(any(w in text for text in texts_of(r)) for w in words)}


@pytest.fixture
def w(db):
    w = corpus()
    w["more"] = [
        f.agreement(
            w["chau_duc"],
            w["atp"],
            "memorandum",
            D(2023, 1, 5),
            title="Biên bản ghi nhớ hợp tác",
            reference="05/BB-BCH",
            notes="Ký tại Ăng-tô-pư; thông tin thêm: ĐẶC BIỆT 100% (mục _a_)",
        ),
        f.delegation(
            w["brvt"],
            D(2023, 2, 1),
            leader_name=unicodedata.normalize("NFD", "Trung tá Phạm Đình Hưng"),
            leader_title="Phó Chỉ huy trưởng",
            location="Phnôm Pênh",
            partners=[w["svr"], w["atp"], w["krt"]],
        ),
        f.activity(w["brvt"], D(2023, 3, 1), title="Tìm kiếm, quy tập hài cốt", location="Ăng-ko", partners=[]),
        f.expenditure(w["brvt"], D(2023, 4, 1), 1_000_000, beneficiary="Đồn Biên phòng", voucher="PC-07"),
    ]
    return w


QUERIES = [
    "bien",
    "BIÊN GIỚI",
    "đức",
    "duc",
    "dinh hung",  # typed with combining accents in the record
    "svay",
    "ស្វាយ",
    "ອັດຕະປື",
    "attapu",
    "brvt",
    "kh-",
    "pc-07",
    "100%",  # "%" and "_" are letters here, not wildcards
    "_a_",
    "%",
    "ang",
    "ghi nho chau duc",
    "phnom penh svayrieng kratie",
    "giao ban xuyen moc",
    "không có gì",
]


@pytest.mark.parametrize("model", [Agreement, Delegation, Activity, Expenditure], ids=lambda m: m.__name__)
def test_search_finds_what_the_rule_says(w, model):
    found = {query: set(model.objects.search(query).values_list("pk", flat=True)) for query in QUERIES}
    assert found == {query: expected(model, query) for query in QUERIES}
    assert any(found.values())


def test_the_database_folds_as_python_does(db):
    """The kept texts are folded by the database (PostgreSQL: ``dnqp_fold``; SQLite: Python's :func:`fold`)."""
    with connection.cursor() as cursor:
        for text in SAMPLES:
            cursor.execute("SELECT dnqp_fold(%s)", [text])
            assert cursor.fetchone()[0] == fold(text), text
