"""Admin changelists of big tables (dnqp.admin.paging): an estimated count only for an administrator's
unfiltered list on PostgreSQL, exact counts everywhere else, and a date hierarchy with Django's links and
choices from fewer, cheaper queries."""

import datetime

import pytest
from django.contrib.admin.templatetags import admin_list
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp.admin import paging as admin_paging
from dnqp.admin.paging import EstimatedCountPaginator, periods, unconditioned
from events.models import Expenditure
from partnerships.models import Agreement, Command
from tests import factories as f

D = datetime.date
URL = "/admin/events/expenditure/"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")

# Support lines with gaps: no row in 2016 or 2018, a single month in 2019, a single day in 2019-05.
DAYS = [D(2015, 1, 3), D(2015, 6, 9), D(2015, 6, 20), D(2017, 2, 1), D(2017, 2, 1), D(2017, 11, 30)]
DAYS += [D(2019, 5, 7)] * 3 + [D(2020, 12, 31), D(2021, 1, 1), D(2021, 3, 15)]


def add_lines(command, days, category="gifts"):
    Expenditure.objects.bulk_create(
        Expenditure(date=day, command=command, category=category, funding_source="province", amount_vnd=1_000_000)
        for day in days
    )


@pytest.fixture
def data(db):
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    bp = f.command("BP", "Bộ CHQS tỉnh Bình Phước", parent=qk7, is_border=True)
    dn = f.command("DN", "Bộ CHQS tỉnh Đồng Nai", parent=qk7)
    add_lines(bp, DAYS)
    add_lines(dn, [D(2016, 4, 1), D(2016, 4, 2)], category="materials")
    return {
        "bp": bp,
        "dn": dn,
        "root": f.user("root", superuser=True),
        "staff": f.user("nhaplieu_bp", "staff", bp),
    }


def analyse(model=Expenditure):
    """What autovacuum does in production: the planner's row count of the table."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def changelist(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_from", 5)


# --- the count ----------------------------------------------------------------------------


@on_postgresql
def test_unfiltered_list_of_a_big_table_shows_the_estimate_in_one_query(client, data, small_threshold):
    analyse()
    add_lines(data["bp"], [D(2022, 1, 1)] * 7)  # not yet analysed: the estimate lags, as in production
    client.force_login(data["root"])
    client.get(URL)  # warm the process-wide caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi")
    cl = response.context["cl"]
    assert cl.paginator.estimated
    assert cl.result_count == 14 != Expenditure.objects.count() == 21
    assert not any("COUNT(" in q["sql"].upper() and "RELTUPLES" not in q["sql"].upper() for q in queries)
    # session, user, the two filters' choices, the estimate, the page of rows, the years: never a query per row
    assert len(queries) == 7
    html = response.content.decode()
    assert "khoảng 14 chi hỗ trợ" in html
    assert "khoảng 14 kết quả" in html
    assert "Chọn tất cả chi hỗ trợ (khoảng 14)" in html


@on_postgresql
@pytest.mark.parametrize(
    "query",
    ["?category__exact=gifts", "?q=Bình", "?date__year=2017", f"?command={0}"],
)
def test_filtered_searched_or_dated_lists_count_exactly(client, data, small_threshold, query):
    analyse()
    add_lines(data["bp"], [D(2017, 5, 5)] * 7)  # the estimate would be wrong now
    if "command" in query:
        query = f"?command={data['bp'].pk}"
    response = changelist(client, data["root"], query)
    cl = response.context["cl"]
    assert not cl.paginator.estimated
    assert cl.result_count == cl.queryset.count()
    assert cl.result_count == len(list(cl.queryset))
    assert "khoảng" not in response.content.decode()


@on_postgresql
def test_a_scoped_list_counts_exactly(client, data, small_threshold):
    analyse()
    add_lines(data["dn"], [D(2017, 5, 5)] * 7)
    response = changelist(client, data["staff"])
    cl = response.context["cl"]
    assert not cl.paginator.estimated
    assert cl.result_count == len(DAYS) == Expenditure.objects.filter(command=data["bp"]).count()


@on_postgresql
def test_a_small_table_counts_exactly_in_one_query(client, data):
    analyse()
    add_lines(data["bp"], [D(2022, 1, 1)] * 3)
    queryset = Expenditure.objects.select_related("command", "partner_unit")
    paginator = EstimatedCountPaginator(queryset, 50)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert len(queries) == 1 and not paginator.estimated
    assert count == Expenditure.objects.count() == len(DAYS) + 5


@on_postgresql
def test_pages_past_an_estimate_that_is_short_are_still_served(client, data, small_threshold, monkeypatch):
    from dnqp.admin.events import ExpenditureAdmin

    monkeypatch.setattr(ExpenditureAdmin, "list_per_page", 10)
    analyse()
    add_lines(data["bp"], [D(2023, 1, 1)] * 60)  # 74 rows; the estimate says 14: two pages of 10
    cl = changelist(client, data["root"], "?p=3").context["cl"]
    assert cl.paginator.estimated and cl.paginator.num_pages == 2
    assert len(cl.result_list) == 10
    assert len(changelist(client, data["root"], "?p=8").context["cl"].result_list) == 4
    assert len(changelist(client, data["root"], "?p=9").context["cl"].result_list) == 0


def test_sqlite_and_small_lists_are_never_estimated(client, data):
    response = changelist(client, data["root"])
    cl = response.context["cl"]
    assert not cl.paginator.estimated
    assert cl.result_count == Expenditure.objects.count()


def test_only_a_queryset_of_every_row_is_unconditioned(data):
    every = Expenditure.objects.select_related("command", "partner_unit").order_by("-date")
    assert unconditioned(Expenditure.objects.all())
    assert unconditioned(every)
    assert not unconditioned(every.filter(category="gifts"))
    assert not unconditioned(every.filter(command__parent__code="QK7"))
    assert not unconditioned(every.none())
    assert not unconditioned(every.distinct())
    assert not unconditioned(every[:10])
    assert not unconditioned(Command.objects.annotate(n=admin_paging.models.Count("expenditures")))
    assert not unconditioned(every.values("command").annotate(n=admin_paging.models.Count("id")))
    assert not unconditioned(every.union(every))
    assert not unconditioned([1, 2, 3])


# --- the date hierarchy -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize(
    "bounds",
    [
        {},
        {"date__gte": D(2015, 1, 1), "date__lt": D(2016, 1, 1)},
        {"date__gte": D(2017, 2, 1)},
        {"date__lt": D(2017, 3, 1)},
    ],
)
def test_periods_are_the_distinct_dates_of_the_rows(data, kind, bounds):
    queryset = Expenditure.objects.select_related("command").filter(**bounds)
    with CaptureQueriesContext(connection) as queries:
        got = periods(queryset, "date", kind)
    assert got == list(queryset.dates("date", kind))
    assert len(queries) == 1
    # On PostgreSQL the list of every row is read by index probes, never by a DISTINCT over the rows.
    assert ("WITH RECURSIVE" in queries[0]["sql"]) == (connection.vendor == "postgresql")


@pytest.mark.parametrize("kind", ["year", "month"])
def test_periods_of_a_filtered_list_or_an_unindexed_date_are_django_s(data, kind):
    filtered = Expenditure.objects.filter(category="materials")
    with CaptureQueriesContext(connection) as queries:
        assert periods(filtered, "date", kind) == list(filtered.dates("date", kind))
    assert "WITH RECURSIVE" not in queries[0]["sql"] and "DISTINCT" in queries[0]["sql"]
    f.agreement(data["bp"], f.partner("KH-KRT"), signed_on=D(2019, 5, 1))
    f.agreement(data["bp"], f.partner("KH-MDK"), signed_on=None)
    agreements = Agreement.objects.all()
    assert periods(agreements, "signed_on", kind) == list(agreements.dates("signed_on", kind)) != []


DRILL_DOWN = [
    "",
    "?date__year=2015",
    "?date__year=2015&date__month=6",
    "?date__year=2015&date__month=6&date__day=9",
    "?date__year=2016",
    "?date__year=2018",
    "?category__exact=materials",
    "?category__exact=gifts&date__year=2017",
    "?q=Bình&date__year=2019",
]


@pytest.mark.parametrize("who", ["root", "staff"])
@pytest.mark.parametrize("query", DRILL_DOWN)
def test_the_date_hierarchy_is_django_s_and_filters_the_right_rows(client, data, small_threshold, who, query):
    if connection.vendor == "postgresql":
        analyse()
    response = changelist(client, data[who], query)
    cl = response.context["cl"]
    assert admin_paging.date_hierarchy(cl) == admin_list.date_hierarchy(cl)
    # Every link of the hierarchy lists exactly the rows of its period.
    for choice in admin_paging.date_hierarchy(cl)["choices"]:
        if "link" not in choice:
            continue
        shown = changelist(client, data[who], choice["link"]).context["cl"]
        params = {
            k: int(v)
            for k, v in (pair.split("=") for pair in choice["link"].lstrip("?").split("&"))
            if k.startswith("date__")
        }

        def in_period(day, params=params):
            return (day.year, day.month, day.day)[: len(params)] == tuple(
                params[k] for k in ("date__year", "date__month", "date__day") if k in params
            )

        rows = list(shown.queryset)
        assert rows and shown.result_count == len(rows)
        assert sorted(r.pk for r in rows) == sorted(r.pk for r in cl.queryset if in_period(r.date))


def test_the_top_level_shows_years_with_rows_only_and_no_min_max(client, data):
    client.force_login(data["root"])
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    html = response.content.decode()
    for year in (2015, 2016, 2017, 2019, 2020, 2021):
        assert f'<a href="?date__year={year}">{year}</a>' in html
    assert "?date__year=2018" not in html
    assert not any("MIN(" in q["sql"].upper() for q in queries)


@pytest.mark.parametrize(
    "days, level",
    [
        ([D(2019, 5, 7), D(2019, 8, 1)], "months"),  # one year: its months, as Django starts there
        ([D(2019, 5, 7), D(2019, 5, 9)], "days"),  # one month: its days
        ([], "years"),
    ],
)
def test_the_hierarchy_starts_where_django_s_does(client, db, days, level):
    bp = f.command("BP", "Bộ CHQS tỉnh Bình Phước")
    add_lines(bp, days)
    response = changelist(client, f.user("root", superuser=True))
    cl = response.context["cl"]
    mine = admin_paging.date_hierarchy(cl)
    assert mine == admin_list.date_hierarchy(cl)
    assert len(mine["choices"]) == len(set({"months": [d.month for d in days], "days": days}.get(level, [])))


def test_the_other_event_lists_use_the_same_hierarchy(client, data):
    cmd = data["bp"]
    f.delegation(cmd, D(2018, 3, 1))
    f.delegation(cmd, D(2020, 3, 1))
    f.activity(cmd, D(2021, 7, 1))
    f.activity(cmd, D(2020, 9, 1))
    client.force_login(data["root"])
    for name in ("delegation", "activity"):
        response = client.get(reverse(f"admin:events_{name}_changelist"))
        cl = response.context["cl"]
        assert "admin/events/change_list.html" in [t.name for t in response.templates]
        assert admin_paging.date_hierarchy(cl) == admin_list.date_hierarchy(cl)
        assert '<a href="?start_date__year=2020">2020</a>' in response.content.decode()
