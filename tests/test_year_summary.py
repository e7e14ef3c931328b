"""The per-year summary kept by database triggers is always the records' own totals.

After every kind of write — model saves, status changes, moves across years and commands, deletes,
``QuerySet.update()``, ``bulk_create()``, raw SQL, a rolled-back transaction — the summary equals the
totals computed from the records, on SQLite and PostgreSQL alike.
"""

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from events import summary
from events.models import Activity, Delegation, Expenditure, YearSummary
from tests import factories as f

D = datetime.date


def from_records() -> dict:
    """{(command, year, metric): (n, members, vnd)} computed from the records, non-zero rows only."""
    out = defaultdict(lambda: [0, 0, 0])
    for row in (
        Delegation.objects.filter(status="completed")
        .annotate(y=ExtractYear("start_date"))
        .values("command_id", "y", "direction")
        .annotate(n=Count("id"), m=Sum("member_count"))
        .order_by()
    ):
        key = (row["command_id"], row["y"], f"delegations_{row['direction']}")
        out[key][0] += row["n"]
        out[key][1] += row["m"]
    for row in (
        Activity.objects.filter(status="completed")
        .annotate(y=ExtractYear("start_date"))
        .values("command_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[(row["command_id"], row["y"], "activities")][0] += row["n"]
    for row in (
        Expenditure.objects.annotate(y=ExtractYear("date"))
        .values("command_id", "y")
        .annotate(n=Count("id"), v=Sum("amount_vnd"))
        .order_by()
    ):
        key = (row["command_id"], row["y"], "expenditure_vnd")
        out[key][0] += row["n"]
        out[key][2] += row["v"]
    return {k: tuple(v) for k, v in out.items()}


def from_summary() -> dict:
    return {
        (r.command_id, r.year, r.metric): (r.n, r.members, r.vnd)
        for r in YearSummary.objects.all()
        if (r.n, r.members, r.vnd) != (0, 0, 0)
    }


def test_summary_of_the_worked_example(worked_example):
    w = worked_example
    got = from_summary()
    assert got == from_records()
    # d3 (30 members) is cancelled: not counted. s2 is 1,000 USD × 23,500.5.
    assert got[(w["bp"].pk, 2022, "delegations_inbound")] == (1, 20, 0)
    assert got[(w["bp_ln"].pk, 2022, "delegations_outbound")] == (1, 8, 0)
    assert got[(w["bp_ln"].pk, 2022, "expenditure_vnd")] == (1, 0, 23_500_500)
    assert got[(w["bp"].pk, 2022, "activities")] == (1, 0, 0)


def test_every_kind_of_write_keeps_the_summary_exact(worked_example):
    w = worked_example
    # Model saves: a status change, a move to another year and command, a direction change.
    w["d3"].status = "completed"
    w["d3"].save()
    w["d1"].start_date, w["d1"].end_date, w["d1"].command = D(2023, 2, 1), D(2023, 2, 3), w["dn"]
    w["d1"].save()
    w["d2"].direction = "inbound"
    w["d2"].member_count = 11
    w["d2"].save()
    w["t1"].status = "cancelled"
    w["t1"].save()
    w["s1"].amount_vnd = 95_000_000
    w["s1"].date = D(2021, 12, 31)
    w["s1"].save()
    assert from_summary() == from_records()

    # Deletes, QuerySet.update(), bulk_create(), raw SQL.
    w["s2"].delete()
    Delegation.objects.filter(pk=w["d3"].pk).update(status="cancelled")
    Activity.objects.update(start_date=D(2020, 1, 1), end_date=D(2020, 1, 1))
    Expenditure.objects.bulk_create(
        [
            Expenditure(
                command=w["bp_ln"],
                date=D(2024, 5, day),
                amount_vnd=1_000_000 * day,
                category="gifts",
                funding_source="province",
            )
            for day in range(1, 11)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_expenditure SET amount_vnd = amount_vnd + 1 WHERE date >= %s", [D(2024, 1, 1)])
    assert from_summary() == from_records()
    assert from_summary()[(w["bp_ln"].pk, 2024, "expenditure_vnd")] == (10, 0, 55_000_010)


def test_a_rolled_back_write_leaves_the_summary_as_it_was(worked_example):
    before = from_summary()
    with pytest.raises(RuntimeError), transaction.atomic():
        f.expenditure(worked_example["dn"], D(2025, 1, 1), 5_000_000)
        Delegation.objects.all().delete()
        raise RuntimeError("the user's request failed")
    assert from_summary() == before == from_records()


def test_rebuild_gives_the_same_summary(worked_example):
    YearSummary.objects.all().delete()
    assert from_summary() == {}
    summary.rebuild(connection)
    assert from_summary() == from_records() != {}


def test_seed_scale_leaves_an_exact_summary(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    expected = from_records()
    assert len(expected) > 100
    assert from_summary() == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # TRUNCATE refuses tables with deferred checks still pending
def test_truncate_empties_its_part_of_the_summary(worked_example):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_expenditure CASCADE")
    assert not [key for key in from_summary() if key[2] == "expenditure_vnd"]
    assert from_summary() == from_records()


def test_rebuild_command_repairs_a_damaged_summary(worked_example):
    YearSummary.objects.update(n=999, vnd=1)
    YearSummary.objects.create(command=worked_example["dn"], year=1999, metric="activities", n=5)
    out = io.StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert from_summary() == from_records()


def summary_row_versions() -> dict:
    """Something that changes whenever a summary row is written: its ctid (PostgreSQL) or, on SQLite, the
    connection's count of rows changed, triggers included."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT id, ctid::text FROM events_yearsummary ORDER BY id")  # moves when rewritten
            return dict(cursor.fetchall())
    return {"changes": connection.connection.total_changes}


def test_an_update_of_uncounted_columns_leaves_the_summary_alone(worked_example):
    w = worked_example
    before = summary_row_versions()
    w["d1"].notes = "Đoàn đến muộn một ngày."
    w["d1"].leader_name = "Đại tá Nguyễn Văn A"
    w["d1"].save()  # Django writes every column; none that counts changed
    w["s1"].description = "Quà tặng dịp Tết"
    w["s1"].save()
    after = summary_row_versions()
    if connection.vendor == "postgresql":
        assert {k: v for k, v in after.items() if before.get(k) != v} == {}
    else:  # the two records and their two history rows, nothing from the triggers
        assert after["changes"] - before["changes"] == 4
    w["d1"].member_count = 21
    w["d1"].save()
    assert summary_row_versions() != after
    assert from_summary() == from_records()
