"""The five kinds of reminder (dnqp/reports/reminders.py): each appears for the users of the record's command and
never for a user of another command, and goes once the record is put right; a constant number of queries."""

import datetime

import pytest

from dnqp.access.scoping import load_user
from dnqp.reports import reminders
from events.models import AnnualPlan
from partnerships.models import Agreement
from tests import factories as f
from tests.reminders_helpers import DAY, add_due_rows, make_due

D = datetime.date
TODAY = D(2030, 6, 15)  # not December: only the current year's plan is due


def keys(data, kind):
    return {(item.model, item.pk) for item in data[kind]["items"]}


def record_keys(record):
    records = record if isinstance(record, list) else [record]
    return {(r._meta.model_name, r.pk) for r in records}


@pytest.fixture
def due(users):
    return make_due(TODAY)


@pytest.mark.parametrize("kind", reminders.KIND_KEYS)
@pytest.mark.parametrize("who", ["other_staff", "other_analyst", "admin"])
def test_each_kind_reminds_the_users_of_the_records_command(users, due, kind, who):
    data = reminders.reminders(user=users[who], today=TODAY)
    expected = due["due"][kind]
    if kind == "plans_missing":  # this year's plan, due by 1 December last year, not recorded
        assert (due["tn"].pk, TODAY.year, None) in {(i.command_id, i.date.year + 1, i.pk) for i in data[kind]["items"]}
        return
    assert record_keys(expected) <= keys(data, kind)


@pytest.mark.parametrize("who", ["analyst", "commander", "district_staff", "nobody"])
def test_a_user_of_another_command_is_never_reminded_of_them(users, due, who):
    data = reminders.reminders(user=users[who], today=TODAY)
    tn = due["tn"].pk
    for kind in reminders.KIND_KEYS:
        assert all(item.command_id != tn for item in data[kind]["items"]), kind


def test_records_that_need_nothing_do_not_remind(users, due):
    data = reminders.reminders(user=users["other_analyst"], today=TODAY)
    listed = set().union(*(keys(data, kind) for kind in reminders.KIND_KEYS))
    assert not listed & record_keys(due["quiet"])
    # Exactly what falls due at Tây Ninh, nothing else.
    assert keys(data, "agreements_ending") == record_keys(due["due"]["agreements_ending"])
    assert keys(data, "twinned_idle") == record_keys(due["due"]["twinned_idle"])
    assert keys(data, "reports_overdue") == record_keys(due["due"]["reports_overdue"])
    assert keys(data, "events_unclosed") == record_keys(due["due"]["events_unclosed"])


def test_each_reminder_goes_once_its_record_is_put_right(users, due):
    user = users["other_staff"]
    tn, p = due["tn"], due["partners"]
    before = reminders.reminders(user=user, today=TODAY)
    assert reminders.total(before) == 6  # one of each kind, two planned events past
    ending = due["due"]["agreements_ending"]
    f.agreement(tn, p["svr"], "cooperation", TODAY - 2 * DAY, renews=ending, title="Gia hạn")
    AnnualPlan.objects.create(command=tn, year=TODAY.year, approved_on=D(TODAY.year - 1, 11, 20))
    f.activity(tn, TODAY - 100 * DAY, kind="exchange", partners=[p["atp"]], title="Giao lưu văn hóa Attapư")
    unreported = due["due"]["reports_overdue"]
    unreported.reported_on = TODAY - DAY
    unreported.save()
    for event in due["due"]["events_unclosed"]:
        event.status = "completed"
        event.save()
    after = reminders.reminders(user=user, today=TODAY)
    assert {kind: [i.title for i in after[kind]["items"]] for kind in reminders.KIND_KEYS} == {
        kind: [] for kind in reminders.KIND_KEYS
    }


# --- what counts as a successor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successor", "reminds"),
    [
        ({"renews": True, "kind": "memorandum"}, False),  # renews it, whatever its kind
        ({"kind": "cooperation"}, False),  # same pair and kind, in force after it
        ({"kind": "coordination"}, True),  # another kind: no successor
        ({"kind": "cooperation", "signed": False}, True),  # a draft: not signed yet
        ({"kind": "cooperation", "from": 10, "until": 30}, True),  # ends before the first one does
        ({"kind": "cooperation", "terminated": 20}, True),  # terminated before the first one's last day
        ({"kind": "cooperation", "partner": "pvg"}, True),  # another partner unit
    ],
)
def test_a_successor_is_a_signed_agreement_that_carries_the_pair_on(users, successor, reminds):
    due = make_due(TODAY)
    tn, partners = due["tn"], due["partners"]
    ending = due["due"]["agreements_ending"]  # cooperation with Xvây Riêng, last day in 40 days
    signed = TODAY - 3 * DAY if successor.get("signed", True) else None
    extra = {}
    if successor.get("until"):
        extra["valid_until"] = TODAY + successor["until"] * DAY
    if successor.get("terminated"):
        extra["terminated_on"] = TODAY + successor["terminated"] * DAY
    f.agreement(
        tn,
        partners[successor.get("partner", "svr")],
        successor["kind"],
        signed,
        valid_from=TODAY + successor.get("from", 41) * DAY if signed else None,
        renews=ending if successor.get("renews") else None,
        title="Văn bản tiếp nối",
        **extra,
    )
    data = reminders.reminders(user=users["other_analyst"], today=TODAY)
    assert (("agreement", ending.pk) in keys(data, "agreements_ending")) is reminds


# --- annual plans ---------------------------------------------------------------------------------------


def plan_items(user, today):
    """(command, year of the plan) of each plan reminder: a plan for year Y is due by 1 December of Y - 1."""
    items = reminders.reminders(user=user, today=today)["plans_missing"]["items"]
    return {(i.command_id, i.date.year + 1) for i in items}


def test_next_years_plan_is_due_from_the_first_of_december(users):
    due = make_due(D(2030, 11, 1))
    tn = due["tn"]
    AnnualPlan.objects.create(command=tn, year=2030, approved_on=D(2029, 11, 25))
    user = users["other_staff"]
    assert plan_items(user, D(2030, 11, 30)) == set()
    assert plan_items(user, D(2030, 12, 1)) == {(tn.pk, 2031)}
    draft = AnnualPlan.objects.create(command=tn, year=2031)
    [item] = reminders.reminders(user=user, today=D(2030, 12, 1))["plans_missing"]["items"]
    assert item.pk == draft.pk and f"/admin/events/annualplan/{draft.pk}/change/" == item.admin_url
    assert item.days == 0 and item.date == D(2030, 12, 1)
    draft.approved_on = D(2030, 12, 2)
    draft.save()
    assert plan_items(user, D(2030, 12, 3)) == set()


def test_the_current_years_plan_stays_due_until_approved(users):
    due = make_due(TODAY)
    tn = due["tn"]
    [item] = reminders.reminders(user=users["other_staff"], today=TODAY)["plans_missing"]["items"]
    assert item.command_id == tn.pk and item.pk is None
    assert item.admin_url == f"/admin/events/annualplan/add/?command={tn.pk}&year={TODAY.year}"
    assert item.page_url == f"/commands/{tn.pk}/"
    assert item.date == D(TODAY.year - 1, 12, 1) and item.days < 0


def test_only_commands_that_take_part_owe_a_plan(users, worked_example):
    today = D(2030, 12, 5)
    w = worked_example
    quiet = f.command("TN-TB", "Ban CHQS huyện Tân Biên", level="district", parent=users["other_staff"].profile.command)
    engaged = f.command("TN-CT", "Ban CHQS huyện Châu Thành", level="district", parent=quiet.parent)
    planned = f.command("TN-BC", "Ban CHQS huyện Bến Cầu", level="district", parent=quiet.parent)
    gone = f.command(
        "TN-HT", "Ban CHQS huyện Hòa Thành", level="district", parent=quiet.parent, valid_until=D(2030, 12, 31)
    )
    unit = f.partner("KH-SVR-CT", "Chi khu quân sự Chantrea", level="district")
    f.agreement(engaged, unit, "twinning", D(2020, 1, 1))
    f.agreement(gone, unit, "twinning", D(2020, 1, 1))
    AnnualPlan.objects.create(command=planned, year=2030, approved_on=D(2029, 12, 1))
    commands = {item[0] for item in plan_items(users["other_staff"], today)}
    assert engaged.pk in commands  # an agreement in force: owes 2030's and 2031's
    assert planned.pk in commands  # had an approved plan for 2030: owes 2031's
    assert quiet.pk not in commands  # no agreement, never a plan
    plans = plan_items(users["other_staff"], today)
    assert (gone.pk, 2030) in plans and (gone.pk, 2031) not in plans  # dissolved on 31/12/2030
    assert w["bp"].pk not in commands  # dissolved in 2025 (and not in this scope)


# --- twinned pairs --------------------------------------------------------------------------------------


def test_a_twinned_pair_is_idle_after_twelve_months_without_anything_done_together(users):
    due = make_due(TODAY)
    tn, atp = due["tn"], due["partners"]["atp"]
    user = users["other_analyst"]
    idle = due["due"]["twinned_idle"]
    [item] = reminders.reminders(user=user, today=TODAY)["twinned_idle"]["items"]
    assert (item.pk, item.partner, item.date) == (idle.pk, atp.name, None)
    # A completed trip thirteen months ago does not count; one eleven months ago does.
    f.delegation(tn, TODAY - 400 * DAY, partners=[atp], country="LA")
    [item] = reminders.reminders(user=user, today=TODAY)["twinned_idle"]["items"]
    assert item.date == TODAY - 400 * DAY
    cancelled = f.delegation(tn, TODAY - 330 * DAY, partners=[atp], country="LA", status="cancelled")
    assert reminders.reminders(user=user, today=TODAY)["twinned_idle"]["items"]
    cancelled.status = "completed"
    cancelled.save()
    assert reminders.reminders(user=user, today=TODAY)["twinned_idle"]["items"] == []


def test_a_pair_twinned_by_a_renewal_chain_is_listed_once(users):
    due = make_due(TODAY)
    tn, atp = due["tn"], due["partners"]["atp"]
    first = due["due"]["twinned_idle"]
    Agreement.objects.filter(pk=first.pk).update(valid_until=TODAY - 100 * DAY)
    f.agreement(tn, atp, "twinning", TODAY - 101 * DAY, renews=first, title="Kết nghĩa (gia hạn)")
    newest = f.agreement(tn, atp, "twinning", TODAY - 50 * DAY, title="Kết nghĩa bổ sung")
    items = reminders.reminders(user=users["other_analyst"], today=TODAY)["twinned_idle"]["items"]
    assert [i.partner for i in items] == [atp.name]
    assert items[0].pk == newest.pk  # the newest twinning agreement in force stands for the pair


# --- links and limits -----------------------------------------------------------------------------------


def test_links_lead_staff_to_the_admin_and_everyone_else_to_the_page(users, due):
    for who, prefix in (("other_staff", "/admin/"), ("admin", "/admin/"), ("other_analyst", "/")):
        data = reminders.for_user(reminders.reminders(user=users[who], today=TODAY), users[who])
        urls = [item.url for kind in reminders.KIND_KEYS for item in data[kind]["items"]]
        assert urls and all(url.startswith(prefix) for url in urls), who
        if prefix == "/":
            assert not any(url.startswith("/admin/") for url in urls)
    delegation = due["due"]["reports_overdue"]
    data = reminders.for_user(reminders.reminders(user=users["other_analyst"], today=TODAY), users["other_analyst"])
    assert [i.url for i in data["reports_overdue"]["items"]] == [f"/delegations/{delegation.pk}/"]


def test_at_most_the_limit_per_kind_with_a_flag_when_there_are_more(users, due):
    add_due_rows(due["tn"], due["partners"]["tbk"], TODAY, 30)
    data = reminders.reminders(user=users["other_analyst"], today=TODAY, limit=10)
    for kind in ("agreements_ending", "reports_overdue", "events_unclosed"):
        assert len(data[kind]["items"]) == 10 and data[kind]["more"] is True, kind
    assert data["twinned_idle"]["more"] is False
    ending = data["agreements_ending"]["items"]
    assert [i.date for i in ending] == sorted(i.date for i in ending)  # the nearest last day first


@pytest.mark.parametrize("n", [2, 60])
@pytest.mark.parametrize("who", ["other_analyst", "admin"])
def test_a_constant_number_of_queries(users, due, django_assert_num_queries, n, who):
    add_due_rows(due["tn"], due["partners"]["tbk"], TODAY, n)
    user = load_user(users[who].pk)  # roles and command known, as for a logged-in request
    with django_assert_num_queries(reminders.QUERIES):
        data = reminders.reminders(user=user, today=TODAY)
    assert reminders.total(data) >= n
