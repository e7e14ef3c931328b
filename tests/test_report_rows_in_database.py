"""The yearly report's support and delegations are summed per report row by the database
(``dnqp.core.db.regroup_by_mapping``): the same figures as summing the per-command groups in Python, for every
kind of scope, both counting modes, one year and ten, with and without a country.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from dnqp.access.tree import CURRENT, RECORDED, Tree, resolve_scope
from dnqp.core.db import regroup_by_mapping
from dnqp.reports.yearly import Compiled, fetch, fold_yearly, period_bounds, yearly_queries, yearly_sql
from events.models import Delegation, Expenditure
from partnerships.models import Agreement, Command
from tests import factories as f


@pytest.fixture
def synthetic(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    return {
        "root": User.objects.get(pk=f.user("root", superuser=True).pk),
        "region_analyst": User.objects.get(pk=f.user("tonghop_qk7", "analyst", Command.objects.get(code="S-QK7")).pk),
        "province_analyst": User.objects.get(
            pk=f.user("tonghop_brvt", "analyst", Command.objects.get(code="S-BRVT")).pk
        ),
    }


def per_command(*, user, by, scope_command, start, end, country):
    """The report's figures the way they were added up before: one group per command, mapped in Python."""
    tree = Tree.load(by=by)
    scope = resolve_scope(user=user, command=scope_command, tree=tree)
    queries = yearly_queries(user=user, tree=tree, scope=scope, start=start, end=end, country=country)
    return fold_yearly(tree=tree, scope=scope, results=[fetch(q) for q in queries])


def per_row(*, user, by, scope_command, start, end, country):
    tree = Tree.load(by=by)
    scope = resolve_scope(user=user, command=scope_command, tree=tree)
    queries = yearly_sql(user=user, tree=tree, scope=scope, start=start, end=end, country=country)
    return fold_yearly(tree=tree, scope=scope, results=[fetch(q) for q in queries])


@pytest.mark.parametrize("by", [RECORDED, CURRENT])
@pytest.mark.parametrize("years", [(2024, 2024), (2015, 2024)])
@pytest.mark.parametrize("country", [None, "LA"])
@pytest.mark.parametrize(
    ("who", "scope_code"),
    [("root", None), ("root", "S-QK7"), ("region_analyst", None), ("province_analyst", None)],
)
def test_rows_summed_by_the_database_are_the_rows_summed_in_python(synthetic, by, years, country, who, scope_code):
    user = synthetic[who]
    scope_command = Command.objects.get(code=scope_code).pk if scope_code else None
    start, end = period_bounds(*years)
    args = {"user": user, "by": by, "scope_command": scope_command, "start": start, "end": end, "country": country}
    totals, rows = per_row(**args)
    assert (totals, rows) == per_command(**args)
    assert rows
    if country is None:  # figures to compare, not two empty reports
        assert totals["expenditure_vnd"] > 0 and totals["delegations_inbound"] > 0


def test_a_merged_province_in_current_mode(synthetic):
    """A province dissolved into its successor: its own records and its districts count under the successor."""
    merged = Command.objects.filter(code__startswith="S-", level="province", successor__isnull=False).first()
    start, end = period_bounds(2015, 2024)
    args = {
        "user": synthetic["root"],
        "scope_command": merged.successor_id,
        "start": start,
        "end": end,
        "country": None,
    }
    assert per_row(by=CURRENT, **args) == per_command(by=CURRENT, **args)


def test_regrouped_query_keeps_parameters_before_and_after_the_join(db):
    """An aggregate with parameters in its SELECT list (FILTER) and a joined table in FROM: the mapping's
    parameters go between them, and the figures are those of the mapped commands only."""
    a, b, c = f.command("A"), f.command("B"), f.command("C")
    krt, vte = f.partner("KH-KRT"), f.partner("LA-VTE", country="LA")
    f.agreement(a, krt, "twinning", datetime.date(2020, 1, 1))
    f.agreement(b, krt, "twinning", datetime.date(2020, 6, 1))
    f.agreement(b, vte, "twinning", datetime.date(2021, 1, 1))
    f.agreement(c, vte, "twinning", datetime.date(2020, 2, 1))
    signed_2020 = {"signed_on__year": 2020}
    queryset = (
        Agreement.objects.filter(partner_unit__country__in=["KH", "LA"])
        .values("command_id")
        .annotate(signed=Count("id", filter=Q(**signed_2020)))
        .order_by()
    )
    sql, params = queryset.query.sql_with_params()
    regrouped = regroup_by_mapping(
        sql,
        params,
        table="partnerships_agreement",
        column="command_id",
        mapping={a.pk: 1, b.pk: 1},
        vendor=connection.vendor,
    )
    with connection.cursor() as cursor:
        cursor.execute(*regrouped)
        assert cursor.fetchall() == [(1, 2)]  # A's and B's agreements signed in 2020; C's is not mapped


def test_compiled_query_with_rows_sums_per_row(db):
    a, b = f.command("A"), f.command("B")
    for cmd, amount in ((a, 100), (a, 50), (b, 7)):
        f.expenditure(cmd, datetime.date(2024, 3, 1), amount, category="gifts")
    f.expenditure(b, datetime.date(2024, 3, 2), 3, category="funds")
    queryset = Expenditure.objects.values("command_id", "category").annotate(vnd=Sum("amount_vnd")).order_by()
    rows = sorted(
        (row, category, int(vnd)) for row, category, vnd in fetch(Compiled.of(queryset, rows={a.pk: 9, b.pk: 9}))
    )
    assert rows == [(9, "funds", 3), (9, "gifts", 157)]


def test_a_query_not_grouped_by_the_column_first_is_refused(db):
    queryset = Delegation.objects.values("direction").annotate(n=Count("id")).order_by()
    sql, params = queryset.query.sql_with_params()
    with pytest.raises(ValueError, match="not a query grouped by"):
        regroup_by_mapping(sql, params, table="events_delegation", column="command_id", mapping={1: 1}, vendor="sqlite")


def test_compiled_sql_gives_the_querysets_rows(worked_example, users):
    """What is kept per command tree is the queryset's SQL, with its parameters bound on PostgreSQL (as psycopg2
    binds them anyway): the same rows as the queryset, for a user whose scope filters by an array of ids."""
    tree = Tree.load()
    scope = resolve_scope(user=users["analyst"], command=None, tree=tree)
    start, end = period_bounds(2016, 2022)
    querysets = yearly_queries(user=users["analyst"], tree=tree, scope=scope, start=start, end=end)
    for queryset in querysets:
        compiled = Compiled.of(queryset)
        assert (compiled.params is None) == (connection.vendor == "postgresql")
        expected = [tuple(row.values()) for row in queryset]
        assert sorted(fetch(compiled), key=repr) == sorted(expected, key=repr)
        assert expected  # something to compare
