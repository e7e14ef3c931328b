"""Remains search and repatriation by dry season (docs/REPORTS.md, "Remains search by dry season").

Searches for the remains of Vietnamese volunteer soldiers in Cambodia and Laos run in the dry season, from
October to May. A season is named by the year it starts in ("2019–2020": 1 October 2019 to 31 May 2020). It
holds the ``remains_search`` activities of the commands in scope that start within it, as the yearly report
counts activities by their start date: its totals (of completed operations) equal the yearly report's
``remains_found`` and ``remains_repatriated`` for ``date_from``/``date_to`` set to the season's first and last
day. Planned operations are listed beside them and never added in. The handovers are the completed
operations that repatriated remains (the repatriation ceremony closes the operation). Two queries: the
operations with their commands, and their partner units.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch

from dnqp.access import scoping
from dnqp.access.tree import RECORDED, Tree, resolve_scope
from events.choices import ActivityKind, EventStatus
from events.models import Activity, ActivityPartner

SEASON_START_MONTH = 10  # October
SEASON_END_MONTH, SEASON_END_DAY = 5, 31  # to the end of May the next year


def season_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the dry season that starts in ``start_year``."""
    return datetime.date(start_year, SEASON_START_MONTH, 1), datetime.date(
        start_year + 1, SEASON_END_MONTH, SEASON_END_DAY
    )


def season_of(day: datetime.date) -> int:
    """The start year of the dry season ``day`` falls in, or of the next one (June to September, between two
    seasons, belongs to the season about to start)."""
    return day.year if day.month >= SEASON_START_MONTH or day.month > SEASON_END_MONTH else day.year - 1


def remains_season(*, user, season: int, command=None) -> dict:
    """The season's remains-search operations in ``user``'s scope (``command``: a command under it; 404
    outside), per command, with the partner provinces, the totals and the handovers."""
    tree = Tree.load(by=RECORDED)
    scope = resolve_scope(user=user, command=command, tree=tree)
    first, last = season_bounds(season)
    partners = Prefetch(
        "activitypartner_set",
        queryset=ActivityPartner.objects.select_related("partner_unit").order_by("partner_unit__code"),
        to_attr="partner_links",
    )
    activities = scoping.scope_records(user, Activity.objects.all())
    under = tree.commands_under(user, scope)
    if under is not None:
        activities = activities.filter(command__in=under)
    operations = list(
        activities.filter(kind=ActivityKind.REMAINS_SEARCH, start_date__range=(first, last))
        .exclude(status=EventStatus.CANCELLED)
        .select_related("command")
        .prefetch_related(partners)
        .order_by("command__sort_order", "command__code", "start_date", "pk")
    )
    done = [op for op in operations if op.status == EventStatus.COMPLETED]
    by_command: dict[int, dict] = {}
    for op in operations:
        row = by_command.setdefault(
            op.command_id, {"command": op.command, "operations": [], "remains_found": 0, "remains_repatriated": 0}
        )
        row["operations"].append(op)
        if op.status == EventStatus.COMPLETED:
            row["remains_found"] += op.remains_found or 0
            row["remains_repatriated"] += op.remains_repatriated or 0
    provinces = {}
    for op in operations:
        for link in op.partner_links:
            unit = link.partner_unit
            provinces.setdefault(unit.province_name or unit.name, unit)
    return {
        "season": season,
        "date_from": first,
        "date_to": last,
        "scope": tree.describe(scope),
        "rows": list(by_command.values()),
        "partner_provinces": sorted(provinces),
        "remains_found": sum(op.remains_found or 0 for op in done),
        "remains_repatriated": sum(op.remains_repatriated or 0 for op in done),
        "operations_completed": len(done),
        "operations_planned": sum(op.status == EventStatus.PLANNED for op in operations),
        "handovers": [op for op in done if op.remains_repatriated],
    }
