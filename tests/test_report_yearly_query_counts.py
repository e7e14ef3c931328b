"""The yearly report runs a constant number of queries, however many records, rows and levels."""

import datetime

import pytest
from django.contrib.auth.models import User

from dnqp.reports import yearly_report
from tests import factories as f

D = datetime.date


def populate(n: int):
    """``n`` records of each kind, spread over n // 5 districts (so rows grow too) and their communes."""
    region = f.command("QK9", "Bộ Tư lệnh Quân khu 9", level="military_region")
    province = f.command("AG", "Bộ CHQS tỉnh An Giang", parent=region, is_border=True)
    districts = [
        f.command(f"AG-{i:03d}", f"Ban CHQS huyện {i}", level="district", parent=province, is_border=True)
        for i in range(max(n // 5, 1))
    ]
    communes = [f.command(f"{d.code}-X", f"Ban CHQS xã {d.code}", level="commune", parent=d) for d in districts]
    units = [f.partner(f"KH-{i:03d}", f"Chi khu quân sự {i}", level="district") for i in range(max(n // 5, 1))]
    places = [province, *districts, *communes]
    for i in range(n):
        cmd = places[i % len(places)]
        unit = units[i % len(units)]
        f.agreement(cmd, unit, "twinning", D(2022, 1 + i % 12, 1))
        f.delegation(cmd, D(2022, 1 + i % 12, 2), direction="outbound" if i % 2 else "inbound", partners=[unit])
        f.activity(cmd, D(2022, 1 + i % 12, 3), partners=[unit])
        f.expenditure(cmd, D(2022, 1 + i % 12, 4), 1_000_000 + i, category="gifts" if i % 2 else "funds")
    return region, province


@pytest.mark.parametrize("n", [10, 200])
def test_yearly_report_query_count_for_an_unlimited_user(db, django_assert_num_queries, n):
    region, province = populate(n)
    admin = f.user("root", superuser=True)
    admin = User.objects.get(pk=admin.pk)
    for command in (region.pk, province.pk, None):
        for by in ("recorded", "current"):
            # 1 command tree; 2 agreements per (command, partner unit); 3 delegations per (command, direction);
            # 4 activities per command; 5 support per (command, category); 6 the approved plans' targets. A
            # superuser needs no scope query.
            with django_assert_num_queries(6):
                report = yearly_report(user=admin, year=2022, command=command, by=by)
            assert report["totals"]["activities"] == n


@pytest.mark.parametrize("n", [10, 200])
def test_yearly_report_query_count_for_a_scoped_user(db, django_assert_num_queries, n):
    region, province = populate(n)
    analyst = f.user("tonghop_ag", "analyst", province)
    analyst = User.objects.get(pk=analyst.pk)
    # 1 the user's role groups and command (scoping.scope_root_id); 2 the command tree; 3-6 the four
    # aggregates (each filtered by scoping.scope_records). No plans for one country's report.
    with django_assert_num_queries(6):
        report = yearly_report(user=analyst, year=2022, country="KH")
    assert report["totals"]["activities"] == n
    assert len(report["rows"]) == 1 + max(n // 5, 1)
    # Roles and command kept on the user; 1 tree; 2 the chosen command in the user's scope; 3-6 aggregates;
    # 7 the plans' targets.
    with django_assert_num_queries(7):
        yearly_report(user=analyst, year=2022, year_to=2031, command=province.pk, by="current")
