"""The dashboard's planned lists: coming up within 30 days (soonest first) and already over (most recent
first), at most LIST_LIMIT of each kind with a flag for more, merged by date — exactly what plain queries
give, with more records than fit and ties on the dates."""

import datetime

from django.contrib.auth.models import User

from dnqp.reports.dashboard import LIST_LIMIT, dashboard_data
from events.models import Activity, Delegation
from tests import factories as f

D = datetime.date
TODAY = D(2024, 6, 15)


def expected(model, kind, commands):
    base = model.objects.filter(status="planned", command__in=commands)
    upcoming = base.filter(start_date__gte=TODAY, start_date__lte=TODAY + datetime.timedelta(days=30))
    overdue = base.filter(end_date__lt=TODAY)
    up = [(kind, pk) for pk in upcoming.order_by("start_date", "id").values_list("pk", flat=True)]
    over = [(kind, pk) for pk in overdue.order_by("-start_date", "-id").values_list("pk", flat=True)]
    return up, over


def test_lists_equal_the_plain_queries(worked_example, users):
    w = worked_example
    commands = [w["bp"], w["bp_ln"]]
    for i in range(LIST_LIMIT + 4):  # more than fit, with ties on the start date
        day = TODAY + datetime.timedelta(days=i % 12)
        f.delegation(commands[i % 2], day, end=day + datetime.timedelta(days=2), status="planned")
        f.activity(commands[i % 2], day, status="planned", kind="exchange")
        past = TODAY - datetime.timedelta(days=1 + 3 * (i % 9))
        f.delegation(commands[i % 2], past - datetime.timedelta(days=1), end=past, status="planned")
        f.activity(commands[i % 2], past, status="planned", kind="exchange")
    f.delegation(w["bp"], D(2024, 6, 20), status="cancelled")  # not planned
    f.delegation(w["bp"], D(2024, 8, 1), status="planned")  # more than 30 days ahead
    f.delegation(w["dn"], D(2024, 6, 20), status="planned")  # another scope (BP's analyst)
    f.delegation(w["bp"], D(2024, 6, 10), end=D(2024, 6, 20), status="planned")  # under way: neither list

    data = dashboard_data(user=User.objects.get(pk=users["analyst"].pk), year=2024, today=TODAY)
    up_d, over_d = expected(Delegation, "delegation", commands)
    up_a, over_a = expected(Activity, "activity", commands)
    assert len(up_d) > LIST_LIMIT and len(over_a) > LIST_LIMIT

    def by_date(item):
        return (item["start_date"], item["type"], item["id"])

    assert sorted((i["type"], i["id"]) for i in data["upcoming"]) == sorted(up_d[:LIST_LIMIT] + up_a[:LIST_LIMIT])
    assert sorted((i["type"], i["id"]) for i in data["overdue"]) == sorted(over_d[:LIST_LIMIT] + over_a[:LIST_LIMIT])
    assert [by_date(i) for i in data["upcoming"]] == sorted(by_date(i) for i in data["upcoming"])
    assert [by_date(i) for i in data["overdue"]] == sorted((by_date(i) for i in data["overdue"]), reverse=True)
    assert data["upcoming_more"] is True and data["overdue_more"] is True
