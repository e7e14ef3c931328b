"""Admin changelists run a fixed number of queries: 10 rows or 200 rows, never a query per row."""

import datetime

import pytest
from django.urls import reverse

from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit, rebuild_command_scopes
from tests import factories as f

D = datetime.date

# Every admin page starts with the session, read from the database (not the cache: docs/OPERATIONS.md).
SESSION = 1
# Queries of every changelist after it, in order (superuser: no scope; staff: scoped to their subtree):
#   1 the session's user, with their role groups and command id: the scope (dnqp.access.accounts)   (both)
#   2-3 the user's and the groups' permissions                      (staff only)
#   the "command (with sub-commands)" filter's choices              (record lists)
#   the country filter's choices (countries present)                (partner units, agreements, delegations, support)
#   COUNT(*) of the filtered rows (on PostgreSQL, for a superuser's unfiltered list of a big table, the
#   planner's estimate instead: still one query, dnqp.admin.paging), then the page of rows with its joined
#   units (list_select_related)
#   date hierarchy: agreements: MIN/MAX of the date, then the distinct years (Django's tag); delegations,
#   activities, support: the distinct years alone (dnqp.admin.paging.date_hierarchy: no MIN/MAX)
EXPECTED = {
    # model: (superuser, staff)
    Command: (3, 5),
    PartnerUnit: (4, 6),
    Agreement: (7, 9),
    Delegation: (6, 8),
    Activity: (5, 7),
    Expenditure: (6, 8),
}


def build(n: int):
    """``n`` rows of every kind inside Bình Phước's subtree, spread over several years."""
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    bp = f.command("BP", "Bộ CHQS tỉnh Bình Phước", parent=qk7, is_border=True)
    f.command("DN", "Bộ CHQS tỉnh Đồng Nai", parent=qk7)
    commands = Command.objects.bulk_create(
        Command(code=f"BP-{i}", name=f"Ban CHQS xã {i}", level="commune", parent=bp) for i in range(n)
    )
    rebuild_command_scopes()  # bulk_create sends no signal
    krt = f.partner("KH-KRT", "Tiểu khu Quân sự Kratie")
    partners = PartnerUnit.objects.bulk_create(
        PartnerUnit(code=f"KH-KRT-{i}", name=f"Chi khu {i}", country="KH", level="district", parent=krt)
        for i in range(n)
    )
    days = [D(2015 + i % 10, 1 + i % 12, 1 + i % 28) for i in range(n)]
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Kết nghĩa {i}",
            kind="twinning",
            command=commands[i],
            partner_unit=partners[i],
            signed_on=day,
            valid_from=day,
        )
        for i, day in enumerate(days)
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(
            direction="inbound",
            purpose="working",
            command=commands[i],
            country="KH",
            member_count=5,
            start_date=day,
            end_date=day,
            agreement=agreements[i],
        )
        for i, day in enumerate(days)
    )
    DelegationPartner.objects.bulk_create(DelegationPartner(delegation=d, partner_unit=krt) for d in delegations)
    activities = Activity.objects.bulk_create(
        Activity(kind="border_meeting", title=f"Giao ban {i}", command=commands[i], start_date=day, end_date=day)
        for i, day in enumerate(days)
    )
    ActivityPartner.objects.bulk_create(ActivityPartner(activity=a, partner_unit=krt) for a in activities)
    Expenditure.objects.bulk_create(
        Expenditure(
            date=day,
            command=commands[i],
            partner_unit=partners[i],
            category="gifts",
            funding_source="province",
            amount_vnd=1_000_000 * (i + 1),
        )
        for i, day in enumerate(days)
    )
    return {"root": f.user("root", superuser=True), "staff": f.user("nhaplieu_bp", "staff", bp)}


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("who", ["root", "staff"])
def test_changelist_query_count_does_not_grow_with_rows(client, db, django_assert_num_queries, n, who):
    people = build(n)
    client.force_login(people[who])
    for model, (superuser_count, staff_count) in EXPECTED.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        with django_assert_num_queries(SESSION + (superuser_count if who == "root" else staff_count)):
            response = client.get(url)
        assert response.status_code == 200
        shown = len(response.context["cl"].result_list)
        assert shown == min(n + (3 if model is Command else 1 if model is PartnerUnit else 0), 50), model


# Change forms, after the session: the session's user (+ permissions and scope for staff), the record, its inline
# rows (partner units, support lines, attachments), then one query per selected autocomplete value (never every unit).
CHANGE_FORM = {
    # model: (superuser, staff)
    Agreement: (5, 8),
    Delegation: (12, 15),  # with its members' inline
    Activity: (9, 12),
    Expenditure: (5, 8),
}


@pytest.mark.parametrize("n", [10, 200])
@pytest.mark.parametrize("who", ["root", "staff"])
def test_change_form_query_count_and_size_do_not_grow_with_rows(client, db, django_assert_num_queries, n, who):
    people = build(n)
    client.force_login(people[who])
    for model, (superuser_count, staff_count) in CHANGE_FORM.items():
        obj = model.objects.order_by("pk").last()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        client.get(url)  # warm the process-wide caches (content types) as any running server has them
        with django_assert_num_queries(SESSION + (superuser_count if who == "root" else staff_count)):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) < 150_000, (model, len(response.content))
