"""Admin changelists of big tables (a million support lines): counting and the date hierarchy, cheaply.

Django's changelist of an unfiltered big table runs ``COUNT(*)`` of the whole table for its paginator,
and its ``date_hierarchy`` tag runs ``MIN``/``MAX`` of the date and then a ``DISTINCT date_trunc`` over
every row. Here:

- :class:`EstimatedCountPaginator`: on PostgreSQL, and only for a queryset with **no condition at all**
  (no filter, no search, no scope: an administrator's unfiltered list), the count is the planner's
  estimate (``pg_class.reltuples``, kept by ``ANALYZE``/autovacuum) when it is at least
  :data:`ESTIMATE_FROM` rows; the pages show "about 1,000,000". Smaller tables, and every filtered,
  searched or scoped list, keep the exact ``COUNT(*)``. Estimate or exact count: one query.
- :func:`date_hierarchy`: the same links and titles as Django's tag. The periods shown (years, months
  of a year, days of a month) come from one query: when the list has no condition but the hierarchy's
  own date range and an index leads with the date, a "loose index scan" (one index probe per period
  shown, a recursive CTE on PostgreSQL); otherwise Django's exact ``DISTINCT`` of the list's rows. The
  first level needs no ``MIN``/``MAX`` query: the distinct years tell it (one year: its months; one month:
  its days, as Django does).
"""

from __future__ import annotations

import datetime

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import get_fields_from_path
from django.core.paginator import EmptyPage, Paginator
from django.db import connections, models
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.db.models.sql.datastructures import BaseTable, Join
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Below this many rows (by the planner's estimate) a list is counted exactly: COUNT(*) is cheap there.
ESTIMATE_FROM = 100_000


# --- Counting ---------------------------------------------------------------------------------


def unconditioned(queryset) -> bool:
    """True if ``queryset`` selects every row of its table: no WHERE, DISTINCT, GROUP BY, slice or set
    operation, and only many-to-one joins (``select_related``), which never change the number of rows."""
    if not isinstance(queryset, models.QuerySet):
        return False
    query = queryset.query
    if (
        query.where
        or query.distinct
        or query.combinator
        or query.annotations
        or query.extra
        or query.group_by is not None
        or query.low_mark
        or query.high_mark is not None
        or query.model is None
    ):
        return False
    for join in query.alias_map.values():
        if isinstance(join, BaseTable):
            if join.table_name != query.model._meta.db_table:
                return False
        elif not (isinstance(join, Join) and getattr(join.join_field, "many_to_one", False)):
            return False
    return True


def estimated_count(queryset, minimum: int = ESTIMATE_FROM) -> tuple[int, bool]:
    """``(count, estimated)`` of an :func:`unconditioned` queryset on PostgreSQL, in one query.

    The planner's estimate when it says at least ``minimum`` rows, else the exact ``COUNT(*)`` (a scalar
    subquery that PostgreSQL runs only when that branch is taken). ``reltuples`` is -1 for a table never
    analysed: counted exactly.
    """
    connection = connections[queryset.db]
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    sql = (
        f"SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint ELSE (SELECT COUNT(*) FROM {table}) END,"
        " c.reltuples >= %s FROM pg_class c WHERE c.oid = %s::regclass"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [minimum, minimum, table])
        count, estimated = cursor.fetchone()
    return int(count), bool(estimated)


class EstimatedCountPaginator(Paginator):
    """A paginator that estimates the count of an unconditioned big table on PostgreSQL (see the module).

    ``estimated`` tells the templates to say "about". With an estimate, a page past the estimated last
    one is still served (the estimate may be a little short); it is empty if there are no such rows.
    """

    estimate_from = ESTIMATE_FROM
    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if (
            isinstance(queryset, models.QuerySet)
            and connections[queryset.db].vendor == "postgresql"
            and unconditioned(queryset)
        ):
            count, self.estimated = estimated_count(queryset, self.estimate_from)
            return count
        return super().count

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.estimated and int(number) > 1:
                return int(number)
            raise

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


# --- Date hierarchy ---------------------------------------------------------------------------

_STEP = {"year": "1 year", "month": "1 month", "day": "1 day"}


def _date_bounds(queryset, field) -> tuple[datetime.date | None, datetime.date | None] | None:
    """``(from, to)`` if the only conditions of ``queryset`` are ``field >= from`` and ``field < to`` (the
    date hierarchy's own range, either may be missing), else None. Joins as in :func:`unconditioned`."""
    query = queryset.query
    if query.distinct or query.combinator or query.annotations or query.extra or query.group_by is not None:
        return None
    for join in query.alias_map.values():
        if isinstance(join, BaseTable):
            if join.table_name != query.model._meta.db_table:
                return None
        elif not (isinstance(join, Join) and getattr(join.join_field, "many_to_one", False)):
            return None
    where = query.where
    if where.negated or (len(where.children) > 1 and where.connector != "AND"):
        return None
    low = high = None
    for child in where.children:
        if not isinstance(child, (GreaterThanOrEqual, LessThan)) or child.bilateral_transforms:
            return None
        lhs, rhs = child.lhs, child.rhs
        if not isinstance(lhs, models.expressions.Col) or lhs.target != field or lhs.alias != query.base_table:
            return None
        if isinstance(rhs, datetime.datetime):
            rhs = rhs.date()
        if not isinstance(rhs, datetime.date):
            return None
        if isinstance(child, GreaterThanOrEqual):
            low = rhs if low is None else max(low, rhs)
        else:
            high = rhs if high is None else min(high, rhs)
    return low, high


def _leads_an_index(model, field) -> bool:
    if field.db_index or field.unique:
        return True
    return any(
        index.fields and index.fields[0] == field.name and index.condition is None for index in model._meta.indexes
    )


def _probe_periods(queryset, field, kind: str, low, high) -> list[datetime.date]:
    """Distinct ``kind`` periods of ``field`` in ``[low, high)`` by one index probe per period (PostgreSQL)."""
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    table, column = quote(queryset.model._meta.db_table), quote(field.column)
    bounds, params = [], []
    if high is not None:
        bounds.append(f"t.{column} < %s")
        params.append(high)
    limit = "".join(f" AND {bound}" for bound in bounds)
    first_params = ([low] if low is not None else []) + params
    first = f"t.{column} >= %s" if low is not None else f"t.{column} IS NOT NULL"
    sql = (
        f"WITH RECURSIVE p(d) AS ("
        f" (SELECT t.{column} FROM {table} t WHERE {first}{limit} ORDER BY t.{column} LIMIT 1)"
        f" UNION ALL"
        f" SELECT (SELECT t.{column} FROM {table} t"
        f" WHERE t.{column} >= (date_trunc(%s, p.d) + %s::interval)::date{limit} ORDER BY t.{column} LIMIT 1)"
        f" FROM p WHERE p.d IS NOT NULL"
        f") SELECT date_trunc(%s, p.d)::date FROM p WHERE p.d IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*first_params, kind, _STEP[kind], *params, kind])
        return [row[0] for row in cursor.fetchall()]


def periods(queryset, field_name: str, kind: str) -> list[datetime.date]:
    """What ``list(queryset.dates(field_name, kind))`` gives, in one query (see the module)."""
    field = get_fields_from_path(queryset.model, field_name)[-1]
    if (
        "__" not in field_name
        and type(field) is models.DateField
        and connections[queryset.db].vendor == "postgresql"
        and _leads_an_index(queryset.model, field)
    ):
        bounds = _date_bounds(queryset, field)
        if bounds is not None:
            return _probe_periods(queryset, field, kind, *bounds)
    return list(queryset.dates(field_name, kind))


def date_hierarchy(cl):
    """Django's ``{% date_hierarchy cl %}`` (``admin_list.date_hierarchy``, Django 5.2): same context,
    same links and titles, the periods from :func:`periods`. Date fields only (not date-times)."""
    if not cl.date_hierarchy:
        return None
    field_name = cl.date_hierarchy
    if isinstance(get_fields_from_path(cl.model, field_name)[-1], models.DateTimeField):
        return admin_list.date_hierarchy(cl)
    year_field, month_field, day_field = f"{field_name}__year", f"{field_name}__month", f"{field_name}__day"
    year_lookup = cl.params.get(year_field)
    month_lookup = cl.params.get(month_field)
    day_lookup = cl.params.get(day_field)

    def link(filters):
        return cl.get_query_string(filters, [f"{field_name}__"])

    years = months = None
    if not (year_lookup or month_lookup or day_lookup):
        # Start where Django starts: at the months if every row is in one year, at the days if in one month.
        years = periods(cl.queryset, field_name, "year")
        if len(years) == 1:
            year_lookup = years[0].year
            months = periods(cl.queryset, field_name, "month")
            if len(months) == 1:
                month_lookup = months[0].month

    if year_lookup and month_lookup and day_lookup:
        day = datetime.date(int(year_lookup), int(month_lookup), int(day_lookup))
        return {
            "show": True,
            "back": {
                "link": link({year_field: year_lookup, month_field: month_lookup}),
                "title": capfirst(formats.date_format(day, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT"))}],
        }
    if year_lookup and month_lookup:
        days = periods(cl.queryset, field_name, "day")
        return {
            "show": True,
            "back": {"link": link({year_field: year_lookup}), "title": str(year_lookup)},
            "choices": [
                {
                    "link": link({year_field: year_lookup, month_field: month_lookup, day_field: day.day}),
                    "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
                }
                for day in days
            ],
        }
    if year_lookup:
        if months is None:
            months = periods(cl.queryset, field_name, "month")
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                {
                    "link": link({year_field: year_lookup, month_field: month.month}),
                    "title": capfirst(formats.date_format(month, "YEAR_MONTH_FORMAT")),
                }
                for month in months
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [{"link": link({year_field: str(year.year)}), "title": str(year.year)} for year in years],
    }
