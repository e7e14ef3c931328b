"""On PostgreSQL a list's CSV is written by ``COPY``: the same bytes as the Python writer, row for row.

Realistic rows: commas, quotes, line breaks inside descriptions, empty strings and NULLs, Vietnamese text,
booleans, decimals, foreign-currency lines, merged units; through the list pages with filters, orderings and
a scoped user. The reference is the Python path of the same view (``copy_available`` switched off).
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp import columns, exports
from events.models import Expenditure
from partnerships.models import Command, PartnerUnit
from tests import factories as f

D = datetime.date

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY … TO STDOUT is PostgreSQL's; other databases keep the Python writer (CI runs PostgreSQL)",
)

TRICKY_TEXTS = [
    'Tặng quà Tết, "bánh chưng" và gạo',
    "Dòng một\nDòng hai",
    "Windows\r\nline breaks\r\n",
    "a lone\rcarriage return",
    "",
    "  leading and trailing spaces  ",
    "100% hỗ trợ; tab\there",
    'ends with a quote"',
    "\\.",
    "backslash \\ N \\N",
    "Đồng chí Nguyễn Văn Ánh – Chỉ huy trưởng",
]


@pytest.fixture
def tricky(db):
    """Two regions, merged units, partner units with and without parents, and support lines with hard text."""
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    dn = f.command("DN", "Bộ CHQS tỉnh Đồng Nai", parent=qk7, name_en='Dong Nai "PMC", VN', province_name="")
    bp = f.command(
        "BP", "Bộ CHQS tỉnh Bình Phước", parent=qk7, is_border=True, valid_until=D(2025, 6, 30), successor=dn
    )
    ln = f.command("BP-LN", "Ban CHQS huyện Lộc Ninh", level="district", parent=bp, is_border=True)
    qk5 = f.command("QK5", "Bộ Tư lệnh Quân khu 5", level="military_region")
    kt = f.command("KT", "Bộ CHQS tỉnh Kon Tum", parent=qk5, is_border=True, province_name="Kon Tum")
    krt = f.partner("KH-KRT", "Tiểu khu Quân sự Kratie", name_en="Kratie, Cambodia")
    snl = f.partner("KH-KRT-SNL", "Chi khu quân sự Snuol\nSnuol", level="district", parent=krt)
    att = f.partner("LA-ATP", "Bộ CHQS tỉnh Attapeu", country="LA", name_en="")
    commands = [bp, ln, dn, kt]
    partners = [krt, snl, att, None]
    foreign = [
        ("USD", Decimal("1234.50"), Decimal("25410.123456")),
        ("THB", Decimal("0.01"), Decimal("700.5")),
        ("KHR", Decimal("1000000"), Decimal("6.000001")),
    ]
    for i, text in enumerate(TRICKY_TEXTS * 3):
        extra = {}
        if i % 4 == 1:
            currency, original, rate = foreign[i % 3]
            extra = {"currency": currency, "amount_original": original, "exchange_rate": rate}
        f.expenditure(
            commands[i % 4],
            D(2022 + i % 3, 1 + i % 12, 1 + i % 27),
            None if extra else 1_000_000 * (i + 1) + 7,
            category=["gifts", "materials"][i % 2],
            partner_unit=partners[i % 4],
            beneficiary=text if i % 2 else "",
            voucher=f'PC-{i:03d}, "số {i}"' if i % 3 else "",
            description=text,
            **extra,
        )
    return {"qk7": qk7, "qk5": qk5, "bp": bp, "kt": kt}


def streamed(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def both_paths(client, monkeypatch, url, params) -> tuple[bytes, bytes, list[str]]:
    """The view's CSV written by COPY, the same view's CSV written by Python, and the SQL of the first."""
    with CaptureQueriesContext(connection) as queries:
        fast = streamed(client.get(url, {**params, "format": "csv"}))
    sql = [q["sql"] for q in queries.captured_queries]  # before the next request resets the log
    with monkeypatch.context() as patch:
        patch.setattr(exports, "copy_available", lambda alias: False)
        slow = streamed(client.get(url, {**params, "format": "csv"}))
    return fast, slow, sql


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "amount_vnd"},
        {"ordering": "-command"},
        {"category": "materials", "year": 2023},
        {"q": "100%"},
        {"q": 'quote"'},
        {"command": "BP"},  # replaced by the command's id below
    ],
)
def test_support_csv_by_copy_is_the_python_csv(tricky, client, monkeypatch, params):
    if "command" in params:
        params = {"command": tricky["bp"].pk}
    client.force_login(f.user("root", superuser=True))
    fast, slow, sql = both_paths(client, monkeypatch, reverse("expenditure-list"), params)
    assert any(q.startswith("COPY (") for q in sql), "the COPY path did not run"
    assert fast == slow
    assert fast.startswith(b"\xef\xbb\xbf") and fast.endswith(b"\r\n")
    assert fast.count(b'"Windows\r\nline breaks\r\n"') == slow.count(b'"Windows\r\nline breaks\r\n"')


def test_whole_support_csv_holds_every_tricky_value(tricky, client, monkeypatch):
    client.force_login(f.user("root", superuser=True))
    fast, slow, _sql = both_paths(client, monkeypatch, reverse("expenditure-list"), {})
    assert fast == slow
    body = fast.decode("utf-8-sig")
    assert '"Dòng một\nDòng hai"' in body  # a line break inside a field stays \n, only row ends are \r\n
    assert ",\\.," in body and ",,," in body  # empty strings and NULLs: bare empty fields, never ""
    assert ",1234.50,25410.123456," in body and ",0.01,700.500000," in body and ",1000000.00,6.000001," in body
    inner = sum(
        b.count("\r\n") + d.count("\r\n") for b, d in Expenditure.objects.values_list("beneficiary", "description")
    )
    assert inner > 0
    assert body.count("\r\n") == Expenditure.objects.count() + 1 + inner  # rows, header, the \r\n inside fields


@pytest.mark.parametrize("url_name", ["command-list", "partner-unit-list"])
def test_unit_csv_by_copy_is_the_python_csv(tricky, client, monkeypatch, url_name):
    client.force_login(f.user("root", superuser=True))
    fast, slow, sql = both_paths(client, monkeypatch, reverse(url_name), {})
    assert any(q.startswith("COPY (") for q in sql)
    assert fast == slow
    if url_name == "command-list":  # booleans as 1 / 0, a date, a merged unit's successor
        assert ",1,,2025-06-30,DN\r\n" in fast.decode("utf-8-sig")


def test_copy_path_equals_the_model_path(tricky):
    """Same bytes as the straightforward path too: model instances read column by column."""
    for model in (Expenditure, Command, PartnerUnit):
        queryset = model.objects.order_by("-id")
        spec = columns.columns_for(model)
        rows = columns.csv_rows(queryset, spec, 5)
        assert isinstance(rows, exports.PostgresCopy)
        copy_bytes = b"".join(exports.csv_response(rows, "x.csv").streaming_content)
        model_bytes = b"".join(exports.csv_response(columns.export_rows(queryset, spec), "x.csv").streaming_content)
        assert copy_bytes == model_bytes, model


def test_scoped_user_gets_only_their_rows(tricky, client, monkeypatch):
    kt = tricky["kt"]
    client.force_login(f.user("tonghop_kt", "analyst", kt))
    fast, slow, sql = both_paths(client, monkeypatch, reverse("expenditure-list"), {})
    assert any(q.startswith("COPY (") for q in sql)
    assert fast == slow
    ids = {int(line.split(",", 1)[0]) for line in fast.decode("utf-8-sig").split("\r\n")[1:-1]}
    assert ids == set(Expenditure.objects.filter(command=kt).values_list("pk", flat=True))
    assert ids and not ids & set(Expenditure.objects.exclude(command=kt).values_list("pk", flat=True))


def test_user_without_scope_gets_the_header_only(tricky, client):
    client.force_login(f.user("khongquyen"))
    with CaptureQueriesContext(connection) as queries:
        body = streamed(client.get(reverse("expenditure-list"), {"format": "csv"}))
    assert not any(q["sql"].startswith("COPY (") for q in queries.captured_queries)  # nothing to select
    assert body.decode("utf-8-sig") == ",".join(columns.headers(columns.EXPENDITURE_COLUMNS)) + "\r\n"


def test_columns_copy_cannot_write_alike_keep_the_python_path(tricky):
    from events.models import Delegation
    from partnerships.models import Agreement

    # many-to-many (partner units joined with ";") and derived (agreement status) columns
    for model in (Delegation, Agreement):
        rows = columns.csv_rows(model.objects.order_by("id"), columns.columns_for(model))
        assert not isinstance(rows, exports.PostgresCopy)
    # a datetime column: COPY would write the zone, Python the isoformat
    spec = [columns.Column("ID", "pk"), columns.Column("Sửa lúc", "history.history_date")]
    assert columns.copy_values(Command.objects.order_by("id"), spec[:1]) is not None
    queryset = Expenditure.history.order_by("history_id")
    assert columns.copy_values(queryset, [columns.Column("Lúc", "history_date")]) is None
    # a DISTINCT query would select its ordering columns too
    assert columns.copy_values(Command.objects.distinct().order_by("code"), columns.COMMAND_COLUMNS) is None


def test_connection_settings_that_would_change_the_bytes_are_checked():
    class Settings:
        def __init__(self, **values):
            self.values = values

        def get_parameter_status(self, name):
            return self.values.get(name)

    assert exports.PostgresCopy._writes_like_python(Settings(DateStyle="ISO, MDY", client_encoding="UTF8"))
    assert not exports.PostgresCopy._writes_like_python(Settings(DateStyle="SQL, DMY", client_encoding="UTF8"))
    assert not exports.PostgresCopy._writes_like_python(Settings(DateStyle="ISO, DMY", client_encoding="LATIN1"))
