"""The reports' figures read from the summary the database keeps equal the figures grouped from the records.

The yearly report and the dashboard read whole years as recorded from ``events_summary`` (events/summary.py);
the same report with ``from_records`` groups the records themselves (the path of a period of days, a partner
country or the current organisation). After a series of writes through every path — the admin, the API, an
import, ``seed_scale``, a command moved in the tree or merged, deletes, changes of command, date and status —
both give the same rows and totals for every scope and period, on SQLite and PostgreSQL alike.
"""

import datetime
import io

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from dnqp.access.tree import RECORDED, Tree, resolve_scope
from dnqp.reports.dashboard import dashboard_data
from dnqp.reports.yearly import compute_yearly
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Command
from tests import factories as f
from tests import spreadsheets as s
from tests.admin_helpers import change_form_data

D = datetime.date
PERIODS = [(D(2021, 1, 1), D(2021, 12, 31)), (D(2022, 1, 1), D(2022, 12, 31)), (D(2021, 1, 1), D(2024, 12, 31))]


def figures(user, command, start, end, *, from_records):
    tree = Tree.load(by=RECORDED)
    scope = resolve_scope(user=user, command=command, tree=tree)
    return compute_yearly(user=user, tree=tree, scope=scope, start=start, end=end, from_records=from_records)


def assert_same_figures(user, commands, periods=PERIODS):
    """Summary and records agree for ``user`` on each of ``commands`` (None: the user's default scope)."""
    checked = 0
    for command in commands:
        for start, end in periods:
            from_summary = figures(user, command, start, end, from_records=False)
            from_records = figures(user, command, start, end, from_records=True)
            assert from_summary == from_records, (user.username, command, start, end)
            checked += any(row["expenditure_vnd"] or row["activities"] for row in from_summary[1])
    assert checked  # not only empty reports


def assert_dashboard_matches_records(user, commands, year):
    """The dashboard's trend and monthly chart (from the summary) against counts of the records."""
    data = dashboard_data(user=user, year=year)
    trend = data["charts"]["trend"]
    support = Expenditure.objects.filter(command__in=commands)
    done = Delegation.objects.filter(command__in=commands, status="completed")
    for i, y in enumerate(trend["years"]):
        assert trend["expenditure_vnd"][i] == (support.filter(date__year=y).aggregate(v=Sum("amount_vnd"))["v"] or 0)
        assert trend["delegations_inbound"][i] == done.filter(start_date__year=y, direction="inbound").count()
        assert trend["delegations_outbound"][i] == done.filter(start_date__year=y, direction="outbound").count()
    months = (
        done.filter(start_date__year=year).values("direction", m=ExtractMonth("start_date")).annotate(n=Count("id"))
    )
    per_month = {(r["m"], r["direction"]): r["n"] for r in months.order_by()}
    chart = data["charts"]["delegations_per_month"]
    for month in range(1, 13):
        assert chart["inbound"][month - 1] == per_month.get((month, "inbound"), 0)
        assert chart["outbound"][month - 1] == per_month.get((month, "outbound"), 0)
    assert trend["expenditure_vnd"][-1] == data["cards"]["expenditure_vnd"]


def import_support(client, rows):
    """The admin import of support lines, preview then confirm, as data-entry staff do it."""
    header = ["Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]
    upload = io.BytesIO(s.xlsx(header, rows, title_rows=["CHI HỖ TRỢ"]))
    upload.name = "chi.xlsx"
    preview = client.post("/admin/events/expenditure/import/", {"import_file": upload, "format": "1"})
    assert preview.status_code == 200 and preview.context["confirm_form"] is not None
    done = client.post("/admin/events/expenditure/process_import/", {**preview.context["confirm_form"].initial})
    assert done.status_code == 302


def test_after_writes_through_every_path_the_summary_gives_the_records_figures(
    worked_example, users, client, api_client
):
    w = worked_example
    assert_same_figures(users["superuser"], [None, w["qk7"].pk, w["bp"].pk, w["bp_ln"].pk, w["dn"].pk])

    # The admin: a delegation back to planned, an activity moved to another command and year.
    client.force_login(users["staff"])
    url = f"/admin/events/delegation/{w['d1'].pk}/change/"
    assert client.post(url, change_form_data(client.get(url), status="planned")).status_code == 302
    url = f"/admin/events/activity/{w['t2'].pk}/change/"
    page = client.get(url)
    changed = change_form_data(page, command=str(w["bp_ln"].pk), start_date="02/01/2021", end_date="03/01/2021")
    assert client.post(url, changed).status_code == 302
    # The API: a new delegation, support moved to another year and command, an activity deleted.
    staff_api = api_client(users["staff"])
    created = staff_api.post(
        "/api/v1/delegations/",
        {
            "direction": "outbound",
            "purpose": "courtesy",
            "command": w["bp_ln"].pk,
            "country": "KH",
            "member_count": 6,
            "start_date": "2021-05-04",
            "end_date": "2021-05-06",
            "status": "completed",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    for line, change in ((w["s1"], {"date": "2021-11-30"}), (w["s2"], {"command": w["bp"].pk})):
        assert staff_api.patch(f"/api/v1/expenditures/{line.pk}/", change, format="json").status_code == 200
    assert staff_api.delete(f"/api/v1/activities/{w['t1'].pk}/").status_code == 204
    # An import of support lines.
    import_support(client, [["01/06/2023", code, "Quà", "Tỉnh", "5.000.000", f"PC-{code}"] for code in ("BP", "BP-LN")])
    # The command tree: a new district under Bình Phước with records, Lộc Ninh moved under Đồng Nai, and the new
    # district merged into Lộc Ninh (an administrator's admin saves).
    client.force_login(users["admin"])
    bd = f.command("BP-BD", "Ban CHQS huyện Bù Đốp", level="district", parent=w["bp"], is_border=True)
    f.expenditure(bd, D(2022, 3, 3), 7_000_000, category="funds", funding_source="unit")
    f.delegation(bd, D(2022, 3, 4), members=5, direction="outbound")
    url = f"/admin/partnerships/command/{w['bp_ln'].pk}/change/"
    assert client.post(url, change_form_data(client.get(url), parent=str(w["dn"].pk))).status_code == 302
    url = f"/admin/partnerships/command/{bd.pk}/change/"
    merged = change_form_data(client.get(url), valid_until="30/06/2025", successor=str(w["bp_ln"].pk))
    assert client.post(url, merged).status_code == 302
    assert Command.objects.get(pk=w["bp_ln"].pk).parent_id == w["dn"].pk
    # Bulk writes: a status changed by update(), a support line deleted.
    Activity.objects.filter(pk=w["t2"].pk).update(status="cancelled")
    Delegation.objects.filter(pk=w["d2"].pk).update(status="planned", start_date=D(2022, 2, 2))
    Expenditure.objects.filter(voucher="PC-BP").delete()

    everyone = [None, w["qk7"].pk, w["bp"].pk, w["bp_ln"].pk, w["dn"].pk, bd.pk]
    assert_same_figures(users["superuser"], everyone)
    assert_same_figures(users["successor_analyst"], [None, w["bp_ln"].pk, w["bp"].pk])  # Đồng Nai's organisation
    assert_same_figures(users["analyst"], [None, bd.pk])  # Bình Phước's
    for user, root in ((users["superuser"], None), (users["successor_analyst"], w["dn"])):
        commands = Command.objects.all() if root is None else Command.objects.subtree(root)
        for year in (2021, 2022):
            assert_dashboard_matches_records(user, commands, year)


def test_after_seed_scale_the_summary_gives_the_records_figures(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    region = Command.objects.get(code="S-QK7")
    analyst = User.objects.get(pk=f.user("tonghop_qk7", "analyst", region).pk)
    root = User.objects.get(pk=f.user("root", superuser=True).pk)
    province = Command.objects.get(code="S-BRVT")
    periods = [(D(2024, 1, 1), D(2024, 12, 31)), (D(2015, 1, 1), D(2024, 12, 31))]
    assert_same_figures(root, [None, region.pk], periods)
    assert_same_figures(analyst, [None, province.pk], periods)
    assert_dashboard_matches_records(root, Command.objects.all(), 2025)
    assert_dashboard_matches_records(analyst, Command.objects.subtree(region), 2024)
