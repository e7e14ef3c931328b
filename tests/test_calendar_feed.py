"""The calendar feed at a private address (``/calendar/<key>.ics``): made, renewed and stopped on the account page;
parsed back with ``icalendar`` it holds exactly the user's scoped planned (and recently completed) delegations
and activities, never another command's; a revoked or unknown address and an inactive user's give 404."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dnqp.models import Profile
from events.models import Activity, ActivityPartner, Delegation, DelegationPartner
from tests import factories as f
from tests.reminders_helpers import DAY, make_due


@pytest.fixture
def world(users):
    """Tây Ninh's records of tests/reminders_helpers.py, and around them what the feed leaves out."""
    today = timezone.localdate()
    due = make_due(today)
    tn, svr = due["tn"], due["partners"]["svr"]
    left_out = [
        f.activity(tn, today - 200 * DAY, partners=[svr], title="Giao ban đã lâu"),  # completed, long ago
        f.activity(tn, today + 20 * DAY, partners=[svr], status="cancelled", title="Giao ban bị hủy"),
        f.delegation(tn, today - 100 * DAY, partners=[svr], status="planned"),  # planned, over for too long
    ]
    # Lộc Ninh's planned border meeting: Bình Phước's users see it, Tây Ninh's never do.
    loc_ninh = users["district_staff"].profile.command
    elsewhere = f.activity(loc_ninh, today + 7 * DAY, status="planned", title="Giao ban Lộc Ninh – Snuol")
    return {"today": today, "due": due, "tn": tn, "left_out": left_out, "elsewhere": elsewhere}


def expected_uids(command_ids, today):
    since = today - 90 * DAY
    uids = set()
    for model, prefix in ((Delegation, "delegation"), (Activity, "activity")):
        rows = model.objects.filter(
            command_id__in=command_ids, status__in=["planned", "completed"], end_date__gte=since
        ).values_list("pk", flat=True)
        uids |= {f"{prefix}-{pk}@dnqp" for pk in rows}
    return uids


def make_address(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("account-calendar-new"))
    assert response.status_code == 302 and response["Location"] == "/account/#calendar"
    page = client.get(reverse("account")).content.decode()
    key = Profile.objects.get(user=user).calendar_token
    assert key and len(key) >= 43
    url = f"http://testserver/calendar/{key}.ics"
    assert url in page and f"webcal://testserver/calendar/{key}.ics" in page
    return f"/calendar/{key}.ics"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_exactly_the_users_scoped_planned_and_recent_events(client, users, world):
    path = make_address(client, users["other_analyst"])
    feed = parse(Client().get(path))  # a calendar app: no session
    got = events(feed)
    assert set(got) == expected_uids([world["tn"].pk], world["today"])
    assert f"activity-{world['elsewhere'].pk}@dnqp" not in got
    for record in world["left_out"]:
        assert f"{record._meta.model_name}-{record.pk}@dnqp" not in got
    assert str(feed["X-WR-CALNAME"]) == "ĐNQP – Bộ CHQS tỉnh Tây Ninh"
    # Each one an all-day event with its page, partner units and status, in Vietnamese.
    visit = world["due"]["due"]["events_unclosed"][1]  # planned visit from Prây Veng, over three days ago
    event = got[f"delegation-{visit.pk}@dnqp"]
    assert event.decoded("DTSTART") == visit.start_date and not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert event.decoded("DTEND") == visit.end_date + DAY
    assert str(event["SUMMARY"]) == "Đoàn vào (bạn sang ta): Bộ Chỉ huy Quân sự tỉnh Prây Veng"
    description = str(event["DESCRIPTION"])
    assert "Đơn vị bạn: Bộ Chỉ huy Quân sự tỉnh Prây Veng" in description
    assert "Trạng thái: Kế hoạch" in description
    assert str(event["URL"]) == f"http://testserver/delegations/{visit.pk}/"
    assert str(event["STATUS"]) == "TENTATIVE"
    meeting = world["due"]["due"]["events_unclosed"][0]
    assert str(got[f"activity-{meeting.pk}@dnqp"]["SUMMARY"]) == "Giao ban biên giới quý"


def test_another_commands_user_gets_their_own_records_only(client, users, world):
    path = make_address(client, users["analyst"])  # Bình Phước: its subtree, Lộc Ninh included
    got = events(parse(Client().get(path)))
    assert f"activity-{world['elsewhere'].pk}@dnqp" in got
    assert not set(got) & expected_uids([world["tn"].pk], world["today"])


def test_an_administrators_feed_holds_every_command(client, users, world):
    path = make_address(client, users["admin"])
    feed = parse(Client().get(path))
    assert str(feed["X-WR-CALNAME"]) == "ĐNQP – Tất cả đơn vị"
    assert expected_uids([world["tn"].pk, world["elsewhere"].command_id], world["today"]) == set(events(feed))


def test_a_new_address_replaces_the_old_and_stopping_ends_the_feed(client, users, world):
    old = make_address(client, users["other_staff"])
    response = client.post(reverse("account-calendar-new"))
    assert response.status_code == 302
    assert "địa chỉ cũ không còn dùng được" in client.get(reverse("account")).content.decode()
    new = f"/calendar/{Profile.objects.get(user=users['other_staff']).calendar_token}.ics"
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert client.post(reverse("account-calendar-stop")).status_code == 302
    assert Profile.objects.get(user=users["other_staff"]).calendar_token is None
    assert Client().get(new).status_code == 404
    page = client.get(reverse("account")).content.decode()
    assert "Tạo địa chỉ lịch riêng" in page and ".ics" not in page


def test_unknown_addresses_and_inactive_users_get_404(client, users, world):
    assert Client().get("/calendar/khong-co-dia-chi-nay.ics").status_code == 404
    assert Client().get("/calendar/.ics").status_code == 404
    path = make_address(client, users["other_analyst"])
    users["other_analyst"].is_active = False
    users["other_analyst"].save()
    assert Client().get(path).status_code == 404


def test_the_buttons_are_posts_with_csrf(users, world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["other_analyst"])
    assert browser.post(reverse("account-calendar-new")).status_code == 403  # no CSRF token
    assert Profile.objects.get(user=users["other_analyst"]).calendar_token is None
    assert browser.get(reverse("account-calendar-new")).status_code == 405
    assert browser.get(reverse("account-calendar-stop")).status_code == 405
    assert Client().post(reverse("account-calendar-new")).status_code == 302  # no login: to the login page
    assert Client().post(reverse("account-calendar-new"))["Location"].startswith("/accounts/login/")


def test_the_address_is_not_cached_by_others(client, users, world):
    response = Client().get(make_address(client, users["other_analyst"]))
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


# Queries of the feed: the user with roles, command and language (1), delegations and their partner units (2),
# activities and theirs (2).
FEED_QUERIES = 5


@pytest.mark.parametrize("n", [2, 60])
def test_the_feed_query_count_does_not_grow(client, users, world, django_assert_num_queries, n):
    tn, svr, today = world["tn"], world["due"]["partners"]["svr"], world["today"]
    delegations = Delegation.objects.bulk_create(
        [
            Delegation(
                direction="inbound",
                purpose="working",
                command=tn,
                country="KH",
                member_count=4,
                start_date=today + i * DAY,
                end_date=today + i * DAY,
                status="planned",
            )
            for i in range(n)
        ]
    )
    DelegationPartner.objects.bulk_create([DelegationPartner(delegation=d, partner_unit=svr) for d in delegations])
    activities = Activity.objects.bulk_create(
        [
            Activity(
                kind="border_meeting",
                title=f"Giao ban {i}",
                command=tn,
                start_date=today + i * DAY,
                end_date=today + i * DAY,
                status="planned",
            )
            for i in range(n)
        ]
    )
    ActivityPartner.objects.bulk_create([ActivityPartner(activity=a, partner_unit=svr) for a in activities])
    path = make_address(client, users["other_analyst"])
    app = Client()
    with django_assert_num_queries(FEED_QUERIES):
        response = app.get(path)
    assert len(events(parse(response))) >= 2 * n


def test_beyond_the_limit_what_is_coming_is_kept_first(client, users, world, monkeypatch):
    """A scope with more events than the feed holds keeps the upcoming ones first, then the latest past ones."""
    today, tn = world["today"], world["tn"]
    Activity.objects.filter(command=tn).delete()
    upcoming = [f.activity(tn, today + days * DAY, status="planned", title=f"Sắp tới {days}") for days in (2, 40, 300)]
    recent = f.activity(tn, today - 3 * DAY, title="Tuần trước")
    older = f.activity(tn, today - 30 * DAY, title="Tháng trước")
    monkeypatch.setattr("dnqp.reports.calendar_feed.LIMIT", 4)
    feed = events(parse(client.get(make_address(client, users["other_staff"]))))
    activities = {uid for uid in feed if uid.startswith("activity-")}
    assert activities == {f"activity-{a.pk}@dnqp" for a in [*upcoming, recent]}
    assert f"activity-{older.pk}@dnqp" not in activities
