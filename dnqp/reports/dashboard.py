"""Everything the dashboard shows, in a small constant number of queries.

The cards, the support-by-category chart and the results against the year's plan are the totals of the
yearly report (the same function, never a second computation); the behind-on-border-meetings list is the
border-meetings report.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dnqp.access.tree import RECORDED, Tree, resolve_scope
from dnqp.core.routers import reporting_reads
from dnqp.reports.border_meetings import compute_border_meetings
from dnqp.reports.caching import cached_report
from dnqp.reports.yearly import fetch, fold_yearly, period_bounds, plan_progress, plan_query, yearly_results
from events.choices import Category, Direction, EventStatus
from events.models import Activity, Delegation, Summary
from partnerships.choices import COUNTRY_CHOICES
from partnerships.models import Agreement

TREND_YEARS = 10
EXPIRING_DAYS = 90
UPCOMING_DAYS = 30
LIST_LIMIT = 20

CARD_METRICS = (
    "agreements_in_force",
    "partners_total",
    "partners_twinned",
    "agreements_signed",
    "delegations_inbound",
    "delegations_inbound_members",
    "delegations_outbound",
    "delegations_outbound_members",
    "activities",
    "expenditure_vnd",
)


def _url(obj) -> str | None:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def _limited(queryset, limit=LIST_LIMIT) -> tuple[list, bool]:
    """At most ``limit`` objects, and whether there are more (one query: fetch ``limit + 1``)."""
    objects = list(queryset[: limit + 1])
    return objects[:limit], len(objects) > limit


# The few columns an event row of the dashboard shows (no model instances: four lists of 21 rows each).
EVENT_FIELDS = {
    "delegation": ("id", "direction", "leader_name", "command_id", "command__name", "start_date", "end_date"),
    "activity": ("id", "title", "command_id", "command__name", "start_date", "end_date"),
}


def _detail_urls() -> dict[str, str | None]:
    """The detail URL of each kind with ``{}`` for the id (one ``reverse`` per kind, not per row)."""
    marker = 999_999_999_999
    urls = {}
    for kind in EVENT_FIELDS:
        try:
            urls[kind] = reverse(f"{kind}-detail", args=[marker]).replace(str(marker), "{}")
        except NoReverseMatch:
            urls[kind] = None
    return urls


def _event_item(row: dict, kind: str, url: str | None) -> dict:
    if kind == "delegation":
        direction = Direction(row["direction"]).label
        title = f"{direction} – {row['leader_name'] or row['command__name']}"
    else:
        title = row["title"]
    return {
        "type": kind,
        "id": row["id"],
        "title": str(title),
        "command": row["command_id"],
        "command_name": row["command__name"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "url": url.format(row["id"]) if url else None,
    }


@reporting_reads()  # on the read replica when one is configured (dnqp/core/routers.py)
@cached_report("dashboard")  # until the next write (dnqp/reports/caching.py)
def dashboard_data(*, user, year: int, command=None, today: datetime.date | None = None) -> dict:
    """Cards, chart series and the lists of the dashboard for ``year`` and ``command``'s subtree.

    ``command``: an id or a Command (default: the user's command; everything for an unlimited user);
    unknown or outside the user's scope → ``Http404``. ``today`` (default: today) anchors the lists
    (expiring, upcoming, overdue) and decides which border-meeting periods are already past.
    """
    year = int(year)
    today = today or timezone.localdate()
    # Query: the command tree (the scope check may add scoping's own queries: roles, user's command).
    tree = Tree.load(by=RECORDED, today=today)
    scope = resolve_scope(user=user, command=command, tree=tree)

    command_ids = tree.commands_under(user, scope)  # a subquery: the commands counted, in the user's scope

    def in_scope(queryset):
        return queryset if command_ids is None else queryset.filter(command_id__in=command_ids)  # lists: IN

    start, end = period_bounds(year)
    # Multi-year trend: the TREND_YEARS years ending with ``year``.
    first = year - TREND_YEARS + 1
    years = list(range(first, year + 1))
    detail_urls = _detail_urls()

    def events(kind, queryset, newest_first=False):
        order = ("-start_date", "-id") if newest_first else ("start_date", "id")
        rows, more = _limited(in_scope(queryset).order_by(*order).values(*EVENT_FIELDS[kind]))
        return [_event_item(row, kind, detail_urls[kind]) for row in rows], more

    # Queries: the border-meetings report of the year (two).
    border = compute_border_meetings(user=user, tree=tree, scope=scope, year=year, behind_only=True)
    # Queries: the yearly report's four, from the summary the database keeps (events/summary.py) for the events
    # and support (the agreements' also give the partner units in force per country).
    agreement_rows, delegation_rows, activity_rows, support_rows = yearly_results(
        tree=tree, scope=scope, command_ids=command_ids, start=start, end=end, by_country=True
    )
    # Query: the targets of the approved annual plans of the year (results against plan, as the yearly report).
    plan_rows = fetch(plan_query(command_ids=command_ids, start=start, end=end))
    # The scope's whole subtree in the summary: the scope itself, or every top-level command for everything.
    subtrees = Summary.objects.filter(command_id__in=[scope] if scope is not None else tree.children(None))
    # Query: the trend per year (completed delegations per direction, support), a few rows per year.
    trend_rows = fetch(
        subtrees.filter(month=0, year__gte=first, year__lte=year)
        .filter(Q(source="delegation", status=EventStatus.COMPLETED) | Q(source="support"))
        .values("year", "source", "direction")
        .annotate(n=Sum("n"), vnd=Sum("vnd"))
        .order_by()
    )
    # Query: completed delegations of ``year`` per (month, direction), by start date (planned ones are not
    # done yet: they are in the cards beside, and in the upcoming list).
    month_rows = fetch(
        subtrees.filter(source="delegation", status=EventStatus.COMPLETED, year=year, month__gt=0)
        .values("month", "direction")
        .annotate(n=Sum("n"), members=Sum("members"))
        .order_by()
    )
    # Queries: planned delegations / activities starting within UPCOMING_DAYS; planned ones already over.
    up_d, up_d_more = events("delegation", Delegation.objects.upcoming(today, UPCOMING_DAYS))
    up_a, up_a_more = events("activity", Activity.objects.upcoming(today, UPCOMING_DAYS))
    over_d, over_d_more = events("delegation", Delegation.objects.overdue(today), newest_first=True)
    over_a, over_a_more = events("activity", Activity.objects.overdue(today), newest_first=True)
    # Query: agreements in force today whose last day is within EXPIRING_DAYS.
    expiring, expiring_more = _limited(
        in_scope(Agreement.objects.expiring(today, EXPIRING_DAYS))
        .select_related("command", "partner_unit")
        .order_by("valid_until", "id")
    )

    # The yearly report's totals (cards, support by category), rolled up as the yearly report does.
    twinned: dict[str, set[int]] = {}  # partner units twinned in the year, per country
    totals, _rows = fold_yearly(
        tree=tree,
        scope=scope,
        results=[agreement_rows, delegation_rows, activity_rows, support_rows, plan_rows],
        partners_by_country=twinned,
    )
    cards = {m: totals[m] for m in CARD_METRICS}

    categories = dict(Category.choices)
    support_by_category = [
        {"category": c, "label": str(categories[c]), "vnd": vnd} for c, vnd in totals["expenditure_by_category"].items()
    ]

    per_month = {Direction.INBOUND: [0] * 12, Direction.OUTBOUND: [0] * 12}
    members_per_month = {Direction.INBOUND: [0] * 12, Direction.OUTBOUND: [0] * 12}
    for month, direction, n, members in month_rows:
        per_month[direction][int(month) - 1] += int(n or 0)
        members_per_month[direction][int(month) - 1] += int(members or 0)

    inbound_per_year, outbound_per_year, support_per_year = (dict.fromkeys(years, 0) for _ in range(3))
    for y, source, direction, n, vnd in trend_rows:
        if source == "support":
            support_per_year[y] += int(vnd or 0)
        else:
            (inbound_per_year if direction == Direction.INBOUND else outbound_per_year)[y] += int(n or 0)

    # Distinct partner units with an agreement in force in the year, per country (no query of its own).
    countries = dict(COUNTRY_CHOICES)
    partners_by_country = [
        {"country": code, "label": str(countries.get(code, "")), "n": len(units)}
        for code, units in sorted(twinned.items(), key=lambda item: (-len(item[1]), item[0]))
    ]

    # The border pairs with a missing period (a period is missing only once it is over): the first LIST_LIMIT, and
    # how many more.
    behind = [{**row, "missing_past": row["missing"]} for row in border[:LIST_LIMIT]]

    def by_date(item):
        return (item["start_date"], item["type"], item["id"])

    return {
        "year": year,
        "today": today,
        "scope": tree.describe(scope),
        "cards": cards,
        "totals": totals,
        # The year's approved plans against what was done: target, done, per cent (empty without a plan).
        "plan": plan_progress(totals),
        "charts": {
            "delegations_per_month": {
                "months": list(range(1, 13)),
                "inbound": per_month[Direction.INBOUND],
                "outbound": per_month[Direction.OUTBOUND],
                "inbound_members": members_per_month[Direction.INBOUND],
                "outbound_members": members_per_month[Direction.OUTBOUND],
            },
            "support_by_category": support_by_category,
            "trend": {
                "years": years,
                "expenditure_vnd": [support_per_year[y] for y in years],
                "delegations_inbound": [inbound_per_year[y] for y in years],
                "delegations_outbound": [outbound_per_year[y] for y in years],
                "delegations": [inbound_per_year[y] + outbound_per_year[y] for y in years],
            },
            "partners_by_country": partners_by_country,
        },
        "expiring": [
            {
                "id": a.pk,
                "title": str(a),
                "kind": a.kind,
                "command": a.command_id,
                "command_name": a.command.name,
                "partner_unit": a.partner_unit_id,
                "partner_unit_name": a.partner_unit.name,
                "valid_until": a.valid_until,
                "days_left": (a.valid_until - today).days,
                "url": _url(a),
            }
            for a in expiring
        ],
        "expiring_more": expiring_more,
        "upcoming": sorted(up_d + up_a, key=by_date),
        "upcoming_more": up_d_more or up_a_more,
        # Overdue: the most recent first (the ones people still remember and can close).
        "overdue": sorted(over_d + over_a, key=by_date, reverse=True),
        "overdue_more": over_d_more or over_a_more,
        "behind_border_meetings": behind,
        "behind_border_meetings_more": max(len(border) - LIST_LIMIT, 0),
    }
