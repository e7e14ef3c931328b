"""An import asks the database a fixed number of times per file, not per row: lookups and writes in batches.

SQLite takes at most 999 parameters in one statement (Django's limit for it): a batch of inserts or updates
is split into several statements there, as many as :func:`split` counts; PostgreSQL takes each in one.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.event_resources import DelegationResource, ExpenditureResource
from events.models import Delegation, Expenditure
from tests import spreadsheets as s
from tests.test_import_admin import CONFIRM_URL, upload

SUPPORT = columns.headers(columns.EXPENDITURE_COLUMNS)
DELEGATIONS = ["Chiều", "Mục đích", "Mã đơn vị ta", "Mã đơn vị bạn", "Quốc gia", "Số người", "Ngày bắt đầu",
               "Ngày kết thúc", "Văn bản (ID)", "Trưởng đoàn"]  # fmt: skip


def support_rows(count, w, amount=1_000_000):
    """Support lines as a province keeps them: its two commands, partner units by code, links by ID, some in USD."""
    rows = []
    for i in range(count):
        usd = i % 10 == 0
        rows.append(
            [
                "",
                datetime.date(2023, 1, 1) + datetime.timedelta(days=i % 360),
                "BP" if i % 2 else "BP-LN",
                ["KH-KRT", "KH-KRT-SNL", ""][i % 3],
                f"Đồn {i % 7}",
                ["Quà tặng", "Vật chất", "Kinh phí"][i % 3],
                "UBND tỉnh",
                "" if usd else amount + i,
                "USD" if usd else "",
                "1.000" if usd else "",
                "24.000" if usd else "",
                w["p1"].pk if i % 4 == 0 else "",
                w["d1"].pk if i % 5 == 0 else "",
                w["t2"].pk if i % 6 == 0 else "",
                f"PC-Q{i:04d}",
                "Hỗ trợ",
            ]
        )
    return rows


def split(model, rows: int, *, update: bool = False) -> int:
    """The statements beyond the first that writing ``rows`` rows of ``model`` at once takes (0 on PostgreSQL)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    per_row = ["pk", "pk", *fields] if update else fields  # as QuerySet.bulk_update and bulk_create count them
    size = connection.ops.bulk_batch_size(per_row, list(range(rows)))
    return -(-rows // size) - 1


def more_statements(model, few: int, many: int, *, update: bool = False) -> int:
    return split(model, many, update=update) - split(model, few, update=update)


def queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def test_support_file_import_asks_the_same_for_50_rows_as_for_300(users, worked_example, django_assert_max_num_queries):
    staff, w = users["staff"], worked_example

    def run(count, amount=1_000_000):
        content = s.xlsx(SUPPORT, support_rows(count, w, amount))
        result = s.run(ExpenditureResource(), content, user=staff)
        assert s.problems(result) == []
        return result

    few = queries(lambda: run(50))
    Expenditure.objects.filter(voucher__startswith="PC-Q").delete()
    with django_assert_max_num_queries(few + more_statements(Expenditure, 50, 300)):
        result = run(300)
    assert result.totals["new"] == 300 and Expenditure.objects.filter(voucher__startswith="PC-Q").count() == 300

    # The same file with new amounts: 300 records found by their natural key and updated, still no query per row
    # (3 more: the claim of their versions, their sums taken out of the summary, the update itself).
    with django_assert_max_num_queries(few + 3 + split(Expenditure, 270, update=True) - split(Expenditure, 50)):
        result = run(300, amount=2_000_000)
    assert result.totals["update"] == 270  # the USD lines are unchanged: their amount comes from the rate
    assert Expenditure.objects.get(voucher="PC-Q0001").amount_vnd == 2_000_001


def test_delegations_with_partner_units_ask_the_same_for_50_rows_as_for_300(
    users, worked_example, django_assert_max_num_queries
):
    w = worked_example

    def content(count):
        rows = [
            ["Đoàn vào", "Làm việc", "BP", "KH-KRT;KH-MDK", "KH", 5 + i % 3, datetime.date(2023, 1, 1)
             + datetime.timedelta(days=i), datetime.date(2023, 1, 2) + datetime.timedelta(days=i), w["p1"].pk,
             f"Trưởng đoàn {i}"]
            for i in range(count)
        ]  # fmt: skip
        return s.xlsx(DELEGATIONS, rows)

    few = queries(lambda: s.run(DelegationResource(), content(50), user=users["staff"]))
    Delegation.objects.filter(leader_name__startswith="Trưởng đoàn").delete()
    links = Delegation.partner_units.through
    more = more_statements(Delegation, 50, 300) + more_statements(links, 100, 600)
    with django_assert_max_num_queries(few + more):
        result = s.run(DelegationResource(), content(300), user=users["staff"])
    assert s.problems(result) == [] and result.totals["new"] == 300
    led = Delegation.objects.filter(leader_name__startswith="Trưởng đoàn")
    assert sorted(led[0].partner_units.values_list("code", flat=True)) == ["KH-KRT", "KH-MDK"]


def test_admin_preview_and_confirm_ask_the_same_for_50_rows_as_for_300(
    client, users, worked_example, django_assert_max_num_queries
):
    client.force_login(users["staff"])

    def preview_and_confirm(count):
        preview = upload(client, s.xlsx(SUPPORT, support_rows(count, worked_example)))
        assert preview.context["confirm_form"] is not None, s.problems(preview.context["result"])
        return client.post(CONFIRM_URL, {**preview.context["confirm_form"].initial})

    few = queries(lambda: preview_and_confirm(50))
    Expenditure.objects.filter(voucher__startswith="PC-Q").delete()
    with django_assert_max_num_queries(few + 2 * more_statements(Expenditure, 50, 300)):  # preview and confirm
        done = preview_and_confirm(300)
    assert done.status_code == 302
    assert Expenditure.objects.filter(voucher__startswith="PC-Q").count() == 300
