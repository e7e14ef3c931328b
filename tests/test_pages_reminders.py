"""The reminders page (``/reminders/``) and the dashboard's reminders panel: the user's own reminders, in
Vietnamese, each linking to the record to fix; a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dnqp.reports import reminders
from events.models import AnnualPlan
from tests.reminders_helpers import add_due_rows, due_count, make_due

HEADINGS = [
    "Văn bản hết hiệu lực trong 90 ngày tới, chưa ký văn bản tiếp nối",
    "Kế hoạch năm chưa được phê duyệt trước ngày 01/12",
    "Cặp kết nghĩa chưa có hoạt động chung trong 12 tháng",
    "Đoàn ra quá hạn báo cáo kết quả",
    "Đoàn, hoạt động theo kế hoạch đã qua ngày kết thúc, chưa cập nhật kết quả",
]


@pytest.fixture
def due(users):
    return make_due(timezone.localdate())


def listed(response) -> set[tuple[str, int]]:
    return {(item.model, item.pk) for s in response.context["sections"] for item in s["items"]}


def test_the_page_lists_each_kind_with_links_to_the_records(client, users, due):
    client.force_login(users["other_analyst"])
    response = client.get(reverse("reminders"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [s["key"] for s in response.context["sections"]] == list(reminders.KIND_KEYS)
    for heading in HEADINGS:
        assert heading in html, heading
    d = due["due"]
    assert f'href="/agreements/{d["agreements_ending"].pk}/"' in html
    assert f'href="/agreements/{d["twinned_idle"].pk}/"' in html
    assert f'href="/delegations/{d["reports_overdue"].pk}/"' in html
    meeting, visit = d["events_unclosed"]
    assert f'href="/activities/{meeting.pk}/"' in html and f'href="/delegations/{visit.pk}/"' in html
    assert f'href="/commands/{due["tn"].pk}/"' in html  # the plan: the command's page (no plan page but the admin)
    assert "/admin/" not in html.split('<main id="main"', 1)[1]  # an analyst enters no data
    assert "quá hạn 10 ngày" in html  # the report due ten days ago
    assert "còn 40 ngày" in html  # the agreement's last day


def test_data_entry_staff_are_led_to_the_admin(client, users, due):
    client.force_login(users["other_staff"])
    html = client.get(reverse("reminders")).content.decode()
    d = due["due"]
    assert f'href="/admin/partnerships/agreement/{d["agreements_ending"].pk}/change/"' in html
    assert f'href="/admin/events/delegation/{d["reports_overdue"].pk}/change/"' in html
    year = timezone.localdate().year
    assert f'href="/admin/events/annualplan/add/?command={due["tn"].pk}&amp;year={year}"' in html


def test_a_user_of_another_command_sees_none_of_them(client, users, due):
    client.force_login(users["analyst"])
    response = client.get(reverse("reminders"))
    assert response.status_code == 200
    tn = due["tn"].pk
    assert all(item.command_id != tn for s in response.context["sections"] for item in s["items"])
    html = response.content.decode()
    assert due["due"]["agreements_ending"].title not in html
    assert "Đại tá Nguyễn Văn Hùng" not in html


def test_a_fixed_record_leaves_the_page(client, users, due):
    client.force_login(users["other_staff"])
    delegation = due["due"]["reports_overdue"]
    assert ("delegation", delegation.pk) in listed(client.get(reverse("reminders")))
    delegation.reported_on = timezone.localdate()
    delegation.save()
    assert ("delegation", delegation.pk) not in listed(client.get(reverse("reminders")))


def test_a_user_without_a_command_gets_an_explanation(client, users, due):
    client.force_login(users["nobody"])
    response = client.get(reverse("reminders"))
    assert response.status_code == 200
    assert response.context["no_scope"] is True


def test_the_dashboard_loads_the_panel_after_its_figures(client, users, due):
    client.force_login(users["other_staff"])
    html = client.get(reverse("dashboard")).content.decode()
    # A place for the panel, from which the page's script fetches it; without scripts, a link to every reminder.
    assert 'data-src="/reminders/panel/"' in html and 'href="/reminders/"' in html
    assert "js/panel.js" in html


def test_the_dashboard_panel_shows_the_users_reminders(client, users, due):
    client.force_login(users["other_staff"])
    response = client.get(reverse("reminders-panel"))
    panel = response.context["reminders"]
    assert panel["total"] == due_count(timezone.localdate())
    assert [s["key"] for s in panel["sections"]] == list(reminders.KIND_KEYS)
    html = response.content.decode()
    assert 'id="reminders-panel"' in html and "Nhắc việc" in html
    assert "<html" not in html  # a fragment, for the dashboard
    assert f'href="/admin/partnerships/agreement/{due["due"]["agreements_ending"].pk}/change/"' in html
    assert 'href="/reminders/#reports_overdue"' in html
    # Fixed: the panel says so at once (a write drops the cached reminders).
    AnnualPlan.objects.create(command=due["tn"], year=timezone.localdate().year, approved_on=timezone.localdate())
    if timezone.localdate().month == 12:
        AnnualPlan.objects.create(
            command=due["tn"], year=timezone.localdate().year + 1, approved_on=timezone.localdate()
        )
    keys = [s["key"] for s in client.get(reverse("reminders-panel")).context["reminders"]["sections"]]
    assert "plans_missing" not in keys


def test_the_dashboard_panel_is_empty_for_another_command(client, users, due):
    client.force_login(users["other_analyst"])
    assert client.get(reverse("reminders-panel")).context["reminders"]["total"] == due_count(timezone.localdate())
    client.force_login(users["district_staff"])  # Lộc Ninh, under Bình Phước
    panel = client.get(reverse("reminders-panel")).context["reminders"]
    assert all(item.command_id != due["tn"].pk for s in panel["sections"] for item in s["items"])


def test_the_panel_is_refused_to_anonymous_and_empty_without_a_scope(client, users, due):
    assert client.get(reverse("reminders-panel")).status_code == 302  # to the login page
    client.force_login(users["nobody"])
    response = client.get(reverse("reminders-panel"))
    assert response.status_code == 200 and response.content.decode().strip() == ""


# Queries of /reminders/ for an analyst: the session (when the cache does not hold it), the session's user with
# roles and command, the reminders (dnqp.reports.reminders.QUERIES).
PAGE_QUERIES = 2 + reminders.QUERIES


@pytest.mark.parametrize("n", [3, 80])
def test_the_page_query_count_does_not_grow(client, users, due, django_assert_max_num_queries, n):
    add_due_rows(due["tn"], due["partners"]["tbk"], timezone.localdate(), n)
    client.force_login(users["other_analyst"])
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("reminders"))
    assert response.status_code == 200
    assert sum(s["count"] for s in response.context["sections"]) >= n


def test_with_the_figures_cache_on_a_fix_still_shows_at_once(report_cache, client, users, due):
    """The reminders go through the figures cache (on with Redis in production): every write drops it."""
    client.force_login(users["other_staff"])
    meeting = due["due"]["events_unclosed"][0]
    assert ("activity", meeting.pk) in listed(client.get(reverse("reminders")))
    with CaptureQueriesContext(connection) as queries:
        assert ("activity", meeting.pk) in listed(client.get(reverse("reminders")))  # from the cache
    assert "events_activity" not in " ".join(q["sql"] for q in queries)
    meeting.status = "completed"
    meeting.save()
    assert ("activity", meeting.pk) not in listed(client.get(reverse("reminders")))
    assert ("activity", meeting.pk) not in {
        (i.model, i.pk)
        for s in client.get(reverse("reminders-panel")).context["reminders"]["sections"]
        for i in s["items"]
    }
