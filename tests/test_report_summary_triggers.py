"""The reports' summaries kept by database triggers are always the records' own totals.

After every kind of write — model saves, status changes, moves across years and commands, deletes,
``QuerySet.update()``, ``bulk_create()``, raw SQL, a rolled-back transaction, a command moved in the tree,
created, merged or deleted, partner units added to or taken from an activity — each command's summary equals
the totals of the records of its subtree, and the border meetings per month those of the activities, computed
here from the records and the parent links alone, on SQLite and PostgreSQL alike.
"""

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from events import summary
from events.models import (
    Activity,
    ActivityPartner,
    ContactSummary,
    Delegation,
    DelegationPartner,
    Expenditure,
    MeetingSummary,
    Summary,
)
from partnerships.models import Command, rebuild_command_scopes
from tests import factories as f

D = datetime.date
MEASURES = ("n", "members", "vnd", "remains_found", "remains_repatriated")


def ancestors() -> dict[int, list[int]]:
    """Each command and the commands above it, by parent links (not through the table of scopes)."""
    parent = dict(Command.objects.values_list("id", "parent_id"))
    out = {}
    for pk in parent:
        chain, node = [], pk
        while node is not None and node not in chain:
            chain.append(node)
            node = parent.get(node)
        out[pk] = chain
    return out


def from_records() -> dict:
    """{(command, source, month, year, direction, status, purpose, category, funding_source): sums} for every
    command's subtree, from the records (non-zero rows only)."""
    up = ancestors()
    out = defaultdict(lambda: [0] * len(MEASURES))

    def add(command_id, key, **sums):
        for ancestor in up[command_id]:
            row = out[(ancestor, *key)]
            for i, m in enumerate(MEASURES):
                row[i] += sums.get(m, 0)

    for d in Delegation.objects.exclude(status="cancelled"):
        year = d.start_date.year
        add(
            d.command_id, ("delegation", 0, year, d.direction, d.status, d.purpose, "", ""), n=1, members=d.member_count
        )
        if d.status == "completed":
            key = ("delegation", d.start_date.month, year, d.direction, "completed", "", "", "")
            add(d.command_id, key, n=1, members=d.member_count)
    for a in Activity.objects.exclude(status="cancelled"):
        search = a.status == "completed" and a.kind == "remains_search"
        add(
            a.command_id,
            ("activity", 0, a.start_date.year, "", a.status, "", "", ""),
            n=1,
            remains_found=(a.remains_found or 0) if search else 0,
            remains_repatriated=(a.remains_repatriated or 0) if search else 0,
        )
    for s in Expenditure.objects.all():
        add(s.command_id, ("support", 0, s.date.year, "", "", "", s.category, s.funding_source), n=1, vnd=s.amount_vnd)
    return {k: tuple(v) for k, v in out.items() if any(v)}


def meetings_from_records() -> dict:
    """{(year, command, partner unit, month): meetings} of the non-cancelled border meetings."""
    out = defaultdict(int)
    for link in ActivityPartner.objects.select_related("activity"):
        a = link.activity
        if a.kind == "border_meeting" and a.status != "cancelled":
            out[(a.start_date.year, a.command_id, link.partner_unit_id, a.start_date.month)] += 1
    return dict(out)


def meetings_from_summary() -> dict:
    rows = MeetingSummary.objects.values_list("year", "command_id", "partner_unit_id", "month", "n")
    return {(year, command, partner, month): n for year, command, partner, month, n in rows}


def contacts_from_records() -> dict:
    """{(command, partner unit, start day, source): events} of the completed delegations and activities."""
    out = defaultdict(int)
    for source, links, event in (
        ("delegation", DelegationPartner, "delegation"),
        ("activity", ActivityPartner, "activity"),
    ):
        for link in links.objects.select_related(event):
            e = getattr(link, event)
            if e.status == "completed":
                out[(e.command_id, link.partner_unit_id, e.start_date, source)] += 1
    return dict(out)


def contacts_from_summary() -> dict:
    rows = ContactSummary.objects.values_list("command_id", "partner_unit_id", "start_date", "source", "n")
    return {(command, partner, day, source): n for command, partner, day, source, n in rows}


def exact() -> bool:
    return (
        from_summary() == from_records()
        and meetings_from_summary() == meetings_from_records()
        and contacts_from_summary() == contacts_from_records()
    )


def from_summary() -> dict:
    fields = ("command_id", "source", "month", "year", "direction", "status", "purpose", "category", "funding_source")
    return {
        row[: len(fields)]: row[len(fields) :]
        for row in Summary.objects.values_list(*fields, *MEASURES)
        if any(row[len(fields) :])
    }


def test_summary_of_the_worked_example(worked_example):
    w = worked_example
    got = from_summary()
    assert got == from_records()
    # D3 (30 members) is cancelled: not counted. D2 (Lộc Ninh, 8 members) counts in Lộc Ninh, Bình Phước and QK7;
    # S2 is 1,000 USD × 23,500.5.
    inbound = ("delegation", 0, 2022, "inbound", "completed", "working", "", "")
    outbound = ("delegation", 0, 2022, "outbound", "completed", "working", "", "")
    assert got[(w["bp"].pk, *inbound)] == (1, 20, 0, 0, 0)
    assert got[(w["bp"].pk, *outbound)] == got[(w["qk7"].pk, *outbound)] == (1, 8, 0, 0, 0)
    assert (w["dn"].pk, *outbound) not in got  # Đồng Nai's subtree holds no Bình Phước record (merger ≠ subtree)
    assert got[(w["bp_ln"].pk, "delegation", 12, 2022, "outbound", "completed", "", "", "")] == (1, 8, 0, 0, 0)
    materials = ("support", 0, 2022, "", "", "", "materials", "province")
    assert got[(w["qk7"].pk, *materials)] == (1, 0, 23_500_500, 0, 0)


def test_every_kind_of_write_keeps_the_summary_exact(worked_example):
    w = worked_example
    # Model saves: a status change, a move to another year and command, a direction and purpose change.
    w["d3"].status = "completed"
    w["d3"].save()
    w["d1"].start_date, w["d1"].end_date, w["d1"].command = D(2023, 2, 1), D(2023, 2, 3), w["dn"]
    w["d1"].save()
    w["d2"].direction, w["d2"].purpose = "inbound", "courtesy"
    w["d2"].member_count = 11
    w["d2"].save()
    w["t1"].status = "cancelled"
    w["t1"].save()
    w["t2"].kind, w["t2"].remains_found, w["t2"].remains_repatriated = "remains_search", 4, 3
    w["t2"].save()
    w["s1"].amount_vnd = 95_000_000
    w["s1"].date, w["s1"].category, w["s1"].funding_source = D(2021, 12, 31), "funds", "unit"
    w["s1"].save()
    assert exact()

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
    assert exact()
    gifts_2024 = ("support", 0, 2024, "", "", "", "gifts", "province")
    assert from_summary()[(w["qk7"].pk, *gifts_2024)] == (10, 0, 55_000_010, 0, 0)


def test_moving_and_merging_commands_keeps_the_summary_exact(worked_example):
    w = worked_example
    # Lộc Ninh moves from Bình Phước to Đồng Nai with its records; a new region takes Đồng Nai.
    w["bp_ln"].parent = w["dn"]
    w["bp_ln"].save()
    assert exact()
    qk9 = f.command("QK9", "Bộ Tư lệnh Quân khu 9", level="military_region")
    w["dn"].parent = qk9
    w["dn"].save()
    assert exact()
    # A new district under Bình Phước with records, then merged into Lộc Ninh: a merger moves nothing in subtrees.
    bd = f.command("BP-BD", "Ban CHQS huyện Bù Đốp", level="district", parent=w["bp"], is_border=True)
    f.expenditure(bd, D(2023, 3, 3), 7_000_000)
    f.delegation(bd, D(2023, 3, 4), members=5)
    bd.valid_until, bd.successor = D(2025, 6, 30), w["bp_ln"]
    bd.save()
    assert exact()
    # A command written without signals: the table of scopes rebuilt by hand, as code that does so must.
    Command.objects.filter(pk=bd.pk).update(parent=qk9)
    rebuild_command_scopes()
    assert exact()
    # A command without records deleted.
    empty = f.command("QK9-X", level="district", parent=qk9)
    empty.delete()
    assert exact()
    assert from_summary()[(qk9.pk, "support", 0, 2023, "", "", "", "gifts", "province")] == (1, 0, 7_000_000, 0, 0)


def test_border_meetings_per_month_follow_activities_and_their_partner_units(worked_example):
    w = worked_example
    t1, t2 = w["t1"], w["t2"]
    t2.partner_units.add(w["mdk"])  # a second partner unit: a second meeting that month
    assert meetings_from_summary()[(2022, w["bp"].pk, w["mdk"].pk, 6)] == 1
    meeting = f.activity(w["bp"], D(2022, 6, 20), partners=[w["krt"], w["mdk"]])  # another meeting the same month
    assert meetings_from_summary()[(2022, w["bp"].pk, w["krt"].pk, 6)] == 2
    assert exact()
    t2.partner_units.remove(w["krt"])
    t1.start_date = t1.end_date = D(2023, 1, 5)  # moved to another year
    t1.save()
    meeting.status = "cancelled"
    meeting.save()
    assert exact()
    assert (2022, w["bp"].pk, w["krt"].pk, 6) not in meetings_from_summary()  # none left: the row goes
    meeting.status = "planned"  # a planned meeting counts as the border-meetings report counts it (not cancelled)
    meeting.save()
    t1.kind = "exchange"  # no longer a border meeting
    t1.save()
    ActivityPartner.objects.filter(activity=t2).update(partner_unit=w["snl"])
    assert exact()
    meeting.delete()  # its partner links go first (Django's cascade), then the activity
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_activitypartner WHERE activity_id = %s", [t2.pk])
    assert exact() and meetings_from_summary() == {}
    Activity.objects.filter(pk=t1.pk).update(kind="border_meeting", command=w["dn"])
    assert meetings_from_summary() == {(2023, w["dn"].pk, w["snl"].pk, 1): 1} and exact()


def test_work_done_together_per_day_follows_completed_events_and_their_partner_units(worked_example):
    w = worked_example
    d1, t2 = w["d1"], w["t2"]
    assert contacts_from_summary()[(w["bp"].pk, w["krt"].pk, D(2022, 4, 12), "delegation")] == 1
    assert (w["bp"].pk, w["krt"].pk, D(2022, 5, 1), "delegation") not in contacts_from_summary()  # D3: cancelled
    d1.partner_units.add(w["mdk"])
    assert contacts_from_summary()[(w["bp"].pk, w["mdk"].pk, D(2022, 4, 12), "delegation")] == 1
    f.delegation(w["bp"], D(2022, 4, 12), partners=[w["krt"]])  # a second one that day
    assert contacts_from_summary()[(w["bp"].pk, w["krt"].pk, D(2022, 4, 12), "delegation")] == 2
    planned = f.delegation(w["bp"], D(2022, 8, 1), partners=[w["krt"]], status="planned")
    assert exact() and (w["bp"].pk, w["krt"].pk, D(2022, 8, 1), "delegation") not in contacts_from_summary()
    planned.status = "completed"  # done: it counts from now on
    planned.save()
    d1.start_date = D(2022, 4, 10)
    d1.save()
    t2.status = "cancelled"
    t2.save()
    assert exact() and (w["bp"].pk, w["krt"].pk, D(2022, 6, 1), "activity") not in contacts_from_summary()
    DelegationPartner.objects.filter(delegation=d1, partner_unit=w["mdk"]).update(partner_unit=w["snl"])
    Delegation.objects.filter(pk=planned.pk).update(command=w["bp_ln"])
    assert exact()
    planned.delete()  # its partner links go first (Django's cascade), then the delegation
    Activity.objects.filter(pk=t2.pk).update(status="completed")
    assert exact() and contacts_from_summary()[(w["bp"].pk, w["krt"].pk, D(2022, 6, 1), "activity")] == 1


def test_a_rolled_back_write_leaves_the_summary_as_it_was(worked_example):
    before = from_summary()
    with pytest.raises(RuntimeError), transaction.atomic():
        f.expenditure(worked_example["dn"], D(2025, 1, 1), 5_000_000)
        Delegation.objects.all().delete()
        worked_example["bp_ln"].parent = worked_example["dn"]
        worked_example["bp_ln"].save()
        raise RuntimeError("the user's request failed")
    assert from_summary() == before and exact()


def test_rebuild_gives_the_same_summary(worked_example):
    Summary.objects.all().delete()
    assert from_summary() == {}
    MeetingSummary.objects.all().delete()
    ContactSummary.objects.all().delete()
    summary.rebuild(connection)
    assert exact() and from_summary() and meetings_from_summary() and contacts_from_summary()
    # The unique keys the triggers need are there again (PostgreSQL builds them after the rows).
    f.activity(worked_example["bp"], D(2022, 6, 9), partners=[worked_example["krt"]])
    f.expenditure(worked_example["bp_ln"], D(2022, 9, 2), 1_000_000, category="materials")
    assert exact()
    assert MeetingSummary.objects.get(command=worked_example["bp"], year=2022, month=6).n == 2
    assert ContactSummary.objects.get(command=worked_example["bp"], start_date=D(2022, 6, 9)).n == 1


def test_seed_scale_leaves_an_exact_summary(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert len(from_records()) > 100 and len(meetings_from_records()) > 10 and len(contacts_from_records()) > 100
    assert exact()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # TRUNCATE refuses tables with deferred checks still pending
def test_truncate_empties_its_part_of_the_summary(worked_example):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_expenditure CASCADE")
    assert not [key for key in from_summary() if key[1] == "support"]
    assert exact()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE events_activitypartner")
    assert meetings_from_summary() == {} and exact()
    assert {key[3] for key in contacts_from_summary()} == {"delegation"}  # the activities' contacts went


def test_rebuild_command_repairs_a_damaged_summary(worked_example):
    Summary.objects.update(n=999, vnd=1)
    Summary.objects.create(command=worked_example["dn"], source="activity", year=1999, status="completed", n=5)
    MeetingSummary.objects.update(n=7)
    ContactSummary.objects.update(n=3)
    out = io.StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "rebuilt" in out.getvalue()
    assert exact()


def summary_row_versions() -> dict:
    """Something that changes whenever a summary row is written: its ctid (PostgreSQL) or, on SQLite, the count
    of writes to the summary that temporary triggers keep (other triggers write too: the records' search texts)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT id, ctid::text FROM events_summary ORDER BY id")  # moves when rewritten
            return dict(cursor.fetchall())
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS summary_writes (n INTEGER)")
        for event in ("INSERT", "UPDATE", "DELETE"):
            cursor.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS summary_writes_{event.lower()} AFTER {event} ON events_summary "
                "BEGIN INSERT INTO summary_writes VALUES (1); END"
            )
        cursor.execute("SELECT count(*) FROM summary_writes")
        return {"writes": cursor.fetchone()[0]}


def test_an_update_of_uncounted_columns_leaves_the_summary_alone(worked_example):
    w = worked_example
    before = summary_row_versions()
    w["d1"].notes = "Đoàn đến muộn một ngày."
    w["d1"].leader_name = "Đại tá Nguyễn Văn A"
    w["d1"].save()  # Django writes every column; none that counts changed
    w["s1"].description = "Quà tặng dịp Tết"
    w["s1"].save()
    w["bp"].name = "Bộ CHQS tỉnh Bình Phước (cũ)"
    w["bp"].save()  # a command's name: no pair of the table of scopes changes
    after = summary_row_versions()
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}
    w["d1"].member_count = 21
    w["d1"].save()
    assert summary_row_versions() != after
    assert exact()
