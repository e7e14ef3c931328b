"""The yearly summary: totals per command or report row first, then the roll-up over the command tree in Python.

Four grouped queries (agreements, delegations, activities, support), plus the one query that loads the
command tree and the one of the plans' targets. For whole years as recorded, the delegations, activities and
support come from the summary the database keeps per command subtree (``events/summary.py``): a report's row
reads its command's rows there, the scope's own records are its subtree less its children's. Otherwise (a
period of days, one partner country, by current organisation) they are grouped from the records. The number
of queries never depends on the number of records, rows or levels. See docs/REPORTS.md for every definition.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.utils.translation import gettext

from dnqp.access.tree import BY_VALUES, RECORDED, Tree, resolve_scope
from dnqp.core.money import percent_of
from dnqp.core.routers import reporting_reads
from dnqp.reports.caching import cached_report
from dnqp.spreadsheets.exports import export_response, log_export
from events.choices import ActivityKind, Category, Direction, EventStatus, FundingSource, PlanMetric, Purpose
from events.models import Activity, ActivityPartner, Delegation, Expenditure, PlanTarget, Summary
from partnerships.choices import AgreementKind
from partnerships.models import Agreement, in_force_q

# The metrics of a row, in the order of docs/REPORTS.md. ``partners_twinned`` and ``partners_total`` are
# distinct counts; the others add up. Events count when completed; planned ones stand beside, never added in.
METRICS = (
    "agreements_signed",
    "agreements_in_force",
    "partners_twinned",
    "partners_total",
    "delegations_inbound",
    "delegations_inbound_members",
    "delegations_outbound",
    "delegations_outbound_members",
    "delegations_inbound_planned",
    "delegations_outbound_planned",
    "activities",
    "activities_planned",
    "remains_found",
    "remains_repatriated",
    "expenditure_vnd",
    "expenditure_to_partners_vnd",
)
# The figures an annual plan sets targets for (events.choices.PlanMetric).
PLAN_METRICS = tuple(PlanMetric.values)


def plan_progress(figures: dict) -> list[dict]:
    """The figures of ``figures`` (a row or the totals) that have a target: ``[{"metric", "label", "target", "done",
    "rate"}]`` in the order of the plan's metrics (empty without an approved plan)."""
    plan = figures.get("plan") or {}
    labels = dict(PlanMetric.choices)
    return [
        {
            "metric": m,
            "label": str(labels[m]),
            "target": plan[m],
            "done": figures[m],
            "rate": percent_of(figures[m], plan[m]),
        }
        for m in PLAN_METRICS
        if plan.get(m)
    ]


def period_bounds(year: int, year_to: int | None = None) -> tuple[datetime.date, datetime.date]:
    """1 January of ``year`` to 31 December of ``year_to`` (default ``year``)."""
    return datetime.date(year, 1, 1), datetime.date(year_to or year, 12, 31)


# Positions of the additive metrics in a row's list of figures.
_I = {name: i for i, name in enumerate(METRICS)}
# The support categories and funding sources in the order of the choices (``.values`` builds a list per use).
CATEGORY_VALUES = tuple(Category.values)
FUNDING_VALUES = tuple(FundingSource.values)
PURPOSE_VALUES = tuple(Purpose.values)


class _Acc:
    """The figures of one row while they are summed."""

    __slots__ = ("figures", "twinned", "partners", "categories", "sources", "purposes", "plan")

    def __init__(self):
        self.figures = [0] * len(METRICS)
        self.twinned: set[int] = set()
        self.partners: set[int] = set()
        self.categories: dict[str, int] = defaultdict(int)
        self.sources: dict[str, int] = defaultdict(int)
        self.purposes: dict[tuple[str, str], int] = defaultdict(int)
        self.plan: dict[str, int] = {}

    def add(self, other: _Acc) -> None:
        self.figures = [a + b for a, b in zip(self.figures, other.figures, strict=True)]
        self.twinned |= other.twinned
        self.partners |= other.partners
        for into, part in (
            (self.categories, other.categories),
            (self.sources, other.sources),
            (self.purposes, other.purposes),
        ):
            for key, value in part.items():
                into[key] += value
        for metric, target in other.plan.items():
            self.plan[metric] = self.plan.get(metric, 0) + target

    def result(self, *, purposes: bool = False) -> dict:
        out = dict(zip(METRICS, self.figures, strict=True))
        out["partners_twinned"] = len(self.twinned)
        out["partners_total"] = len(self.partners)
        # Non-zero entries only, in the order of the choices.
        out["expenditure_by_category"] = {c: self.categories[c] for c in CATEGORY_VALUES if self.categories.get(c)}
        out["expenditure_by_funding_source"] = {f: self.sources[f] for f in FUNDING_VALUES if self.sources.get(f)}
        if purposes:
            out["delegations_by_purpose"] = {
                direction: {p: n for p in PURPOSE_VALUES if (n := self.purposes.get((direction, p)))}
                for direction in Direction.values
            }
        if self.plan:
            out["plan"] = {m: self.plan[m] for m in PLAN_METRICS if m in self.plan}
        return out


def fetch(queryset) -> list[tuple]:
    """The rows of a grouped ``.values(...).annotate(...)`` query as plain tuples, in that column order (the same
    query, read as tuples: thousands of rows for the whole country, no dict per row)."""
    query = queryset.query
    return list(queryset.values_list(*query.values_select, *query.annotation_select))


def yearly_queries(
    *,
    command_ids,
    start: datetime.date,
    end: datetime.date,
    country: str | None = None,
    by_country: bool = False,
    rows: tuple[int | None, list[int]] | None = None,
    agreements_only: bool = False,
) -> list:
    """The four grouped queries of :func:`compute_yearly` (agreements, delegations, activities, support) from the
    records, built, not run (``agreements_only``: the first alone, when the summary gives the others). ``command_ids``:
    a subquery of the commands counted (None: every command).

    For a scope, the sums are per command, rolled up over the command tree in Python. For the whole tree
    (``command_ids`` None) with ``rows`` (``(None, the top commands)``, as recorded), the database sums per
    report row, through the table of which commands count under which (``partnerships.CommandScope``):
    each record joins the one row whose subtree holds its command, and a national report returns a few
    dozen groups instead of tens of thousands. By current organisation a row is a place (mergers,
    dissolutions): per command. ``by_country``: the agreements' groups also carry the partner unit's country.
    """

    def grouped(queryset, *fields):
        if command_ids is not None:  # a scope: per command, the commands as one array (dnqp.core.lookups)
            return queryset.filter(command_id__in_array=command_ids).values("command_id", *fields)
        if rows is None:
            return queryset.values("command_id", *fields)
        scope, row_ids = rows
        in_a_row = Q(command__scopes__ancestor_id__in=row_ids, command__scopes__merged=False)
        if scope is not None:
            in_a_row |= Q(command__scopes__ancestor_id=scope, command_id=scope)
        return queryset.filter(in_a_row).values("command__scopes__ancestor_id", *fields)

    signed = Q(signed_on__gte=start, signed_on__lte=end)
    in_force = in_force_q(start, end)
    agreements = Agreement.objects.filter(signed | in_force)
    if country:
        agreements = agreements.filter(partner_unit__country=country)
    by_partner = ("partner_unit_id",) + (("partner_unit__country",) if by_country else ())
    # 1: agreements per (command or row, partner unit): signed in the period, in force in the period, of which
    # twinning agreements.
    queries = [
        grouped(agreements, *by_partner)
        .annotate(
            n_signed=Count("id", filter=signed),
            n_in_force=Count("id", filter=in_force),
            n_twinning=Count("id", filter=in_force & Q(kind=AgreementKind.TWINNING)),
        )
        .order_by()
    ]
    if agreements_only:
        return queries
    delegations = Delegation.objects.counted().starting_in(start, end)
    activities = Activity.objects.counted().starting_in(start, end)
    support = Expenditure.objects.dated_in(start, end)
    completed_search = Q(status=EventStatus.COMPLETED, kind=ActivityKind.REMAINS_SEARCH)
    if country:
        delegations = delegations.filter(country=country)
        activities = activities.filter(
            Exists(ActivityPartner.objects.filter(activity=OuterRef("pk"), partner_unit__country=country))
        )
        support = support.filter(partner_unit__country=country)
    return [
        *queries,
        # 2: delegations per (command or row, direction, status, purpose), by start date, cancelled excluded.
        grouped(delegations, "direction", "status", "purpose")
        .annotate(n=Count("id"), members=Sum("member_count"))
        .order_by(),
        # 3: activities per (command or row, status), by start date, cancelled excluded; remains of completed
        # remains searches.
        grouped(activities, "status")
        .annotate(
            n=Count("id"),
            found=Sum("remains_found", filter=completed_search),
            repatriated=Sum("remains_repatriated", filter=completed_search),
        )
        .order_by(),
        # 4: support per (command or row, category, funding source), by date.
        grouped(support, "category", "funding_source").annotate(vnd=Sum("amount_vnd")).order_by(),
    ]


def summary_pieces(
    *, tree: Tree, scope: int | None, command_ids, start: datetime.date, end: datetime.date, country: str | None
) -> list[int] | None:
    """The commands whose subtree summaries (``events/summary.py``) give the report's rows: ``scope`` and its
    children (``scope`` None: the top-level commands). None when the summary cannot answer: a period that is
    not whole years, one partner country's records, or rows that are places by current organisation."""
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if tree.by != RECORDED or country or not whole_years or (scope is None and command_ids is not None):
        return None
    return ([scope] if scope is not None else []) + tree.children(scope)


def summary_queries(*, pieces: list[int], start: datetime.date, end: datetime.date) -> list:
    """Queries 2 to 4 of :func:`yearly_queries` (delegations, activities, support) from the summary: per command of
    ``pieces``, the totals of its subtree over the years from ``start`` to ``end``, in the same columns."""
    rows = Summary.objects.filter(command_id__in=pieces, month=0, year__gte=start.year, year__lte=end.year)
    return [
        rows.filter(source="delegation")
        .values("command_id", "direction", "status", "purpose")
        .annotate(n=Sum("n"), members=Sum("members"))
        .order_by(),
        rows.filter(source="activity")
        .values("command_id", "status")
        .annotate(n=Sum("n"), found=Sum("remains_found"), repatriated=Sum("remains_repatriated"))
        .order_by(),
        rows.filter(source="support")
        .values("command_id", "category", "funding_source")
        .annotate(vnd=Sum("vnd"))
        .order_by(),
    ]


def own_records(rows: list[tuple], scope: int | None, measures: int) -> list[tuple]:
    """The rows of a summary query with ``scope``'s rows turned into its own records' (its subtree's totals less
    its children's, key by key); the sums as ints. ``measures``: how many columns at the end are sums."""
    own: dict[tuple, list[int]] = {}
    children = []
    for command_id, *key_and_sums in rows:
        key, sums = tuple(key_and_sums[:-measures]), [int(v or 0) for v in key_and_sums[-measures:]]
        if command_id == scope:
            own[key] = sums
        else:
            children.append((command_id, key, sums))
    for _command_id, key, sums in children:
        if key in own:
            own[key] = [a - b for a, b in zip(own[key], sums, strict=True)]
    out = [(command_id, *key, *sums) for command_id, key, sums in children]
    out += [(scope, *key, *sums) for key, sums in own.items() if any(sums)]
    return out


def yearly_results(
    *,
    tree: Tree,
    scope: int | None,
    command_ids,
    start: datetime.date,
    end: datetime.date,
    country: str | None = None,
    by_country: bool = False,
    from_records: bool = False,
) -> list[list[tuple]]:
    """The rows of the four grouped queries (agreements, delegations, activities, support) for :func:`fold_yearly`:
    the last three from the summary when it can answer (:func:`summary_pieces`), else (or ``from_records``) from
    the records (:func:`yearly_queries`). Four queries either way, giving the same figures."""
    rows = (scope, tree.children(scope)) if tree.by == RECORDED else None
    pieces = None
    if not from_records:
        pieces = summary_pieces(tree=tree, scope=scope, command_ids=command_ids, start=start, end=end, country=country)
    queries = yearly_queries(
        command_ids=command_ids,
        start=start,
        end=end,
        country=country,
        by_country=by_country,
        rows=rows,
        agreements_only=pieces is not None,
    )
    if pieces is None:
        return [fetch(query) for query in queries]
    delegations, activities, support = summary_queries(pieces=pieces, start=start, end=end)
    return [
        fetch(queries[0]),
        own_records(fetch(delegations), scope, measures=2),
        own_records(fetch(activities), scope, measures=3),
        own_records(fetch(support), scope, measures=1),
    ]


def compute_yearly(
    *,
    user,
    tree: Tree,
    scope: int | None,
    start: datetime.date,
    end: datetime.date,
    country: str | None = None,
    from_records: bool = False,
) -> tuple[dict, list[dict]]:
    """Totals and rows for ``scope`` (None: the whole tree) between ``start`` and ``end`` inclusive: four
    grouped queries (:func:`yearly_results`) and the plans' targets, rolled up the tree in Python.
    ``from_records``: never from the summary (the same figures; for tests)."""
    command_ids = tree.commands_under(user, scope)  # a subquery: the commands counted, in the user's scope
    results = yearly_results(
        tree=tree,
        scope=scope,
        command_ids=command_ids,
        start=start,
        end=end,
        country=country,
        from_records=from_records,
    )
    # Plans set targets for the whole command, whatever the partners' country: none for a country's report.
    if not country:
        results.append(fetch(plan_query(command_ids=command_ids, start=start, end=end)))
    return fold_yearly(tree=tree, scope=scope, results=results)


def fold_yearly(
    *, tree: Tree, scope: int | None, results: list[list[tuple]], partners_by_country: dict | None = None
) -> tuple[dict, list[dict]]:
    """Totals and rows from the rows of the four :func:`yearly_queries`, rolled up the tree in Python.

    Each result row starts with a command, or with the report row it counts in when the database has
    summed per row already (:func:`yearly_queries`): a row's row is itself, so both add up alike.

    ``partners_by_country``: a dict to fill with the partner units in force per country (the queries
    must have been built with ``by_country``).
    """
    row_of = tree.row_keys(scope)
    accs: dict[int, _Acc] = defaultdict(_Acc)

    agreement_rows, delegation_rows, activity_rows, support_rows, *plan_rows = results

    i_signed, i_in_force = _I["agreements_signed"], _I["agreements_in_force"]
    for command_id, partner_id, *partner_country, n_signed, n_in_force, n_twinning in agreement_rows:
        key = row_of.get(command_id)
        if key is not None:
            acc = accs[key]
            acc.figures[i_signed] += n_signed
            acc.figures[i_in_force] += n_in_force
            if n_in_force and partner_country and partners_by_country is not None:
                partners_by_country.setdefault(partner_country[0], set()).add(partner_id)
            if n_in_force:
                acc.partners.add(partner_id)
            if n_twinning:
                acc.twinned.add(partner_id)

    done = {
        Direction.INBOUND: (_I["delegations_inbound"], _I["delegations_inbound_members"]),
        Direction.OUTBOUND: (_I["delegations_outbound"], _I["delegations_outbound_members"]),
    }
    planned = {
        Direction.INBOUND: _I["delegations_inbound_planned"],
        Direction.OUTBOUND: _I["delegations_outbound_planned"],
    }
    for command_id, direction, status, purpose, n, members in delegation_rows:
        key = row_of.get(command_id)
        if key is not None:
            acc = accs[key]
            if status == EventStatus.COMPLETED:
                i, i_m = done[direction]
                acc.figures[i] += n
                acc.figures[i_m] += int(members or 0)
                acc.purposes[(direction, purpose)] += n
            elif status == EventStatus.PLANNED:
                acc.figures[planned[direction]] += n

    i_act, i_act_planned = _I["activities"], _I["activities_planned"]
    i_found, i_repatriated = _I["remains_found"], _I["remains_repatriated"]
    for command_id, status, n, found, repatriated in activity_rows:
        key = row_of.get(command_id)
        if key is not None:
            figures = accs[key].figures
            if status == EventStatus.COMPLETED:
                figures[i_act] += n
                figures[i_found] += int(found or 0)
                figures[i_repatriated] += int(repatriated or 0)
            elif status == EventStatus.PLANNED:
                figures[i_act_planned] += n

    i_vnd, i_to_partners = _I["expenditure_vnd"], _I["expenditure_to_partners_vnd"]
    for command_id, category, source, vnd in support_rows:
        key = row_of.get(command_id)
        if key is not None:
            acc = accs[key]
            vnd = int(vnd or 0)
            acc.figures[i_vnd] += vnd
            if category != Category.HOSPITALITY:  # the side's own cost of receiving delegations
                acc.figures[i_to_partners] += vnd
            acc.categories[category] += vnd
            acc.sources[source] += vnd

    for command_id, metric, target in plan_rows[0] if plan_rows else ():
        key = row_of.get(command_id)
        if key is not None:
            plan = accs[key].plan
            plan[metric] = plan.get(metric, 0) + int(target)

    keys = ([scope] if scope is not None else []) + tree.children(scope)
    total = _Acc()
    out_rows = []
    for key in keys:
        acc = accs[key]
        total.add(acc)
        out_rows.append({**tree.describe(key), "own": key == scope, **acc.result()})
    return total.result(purposes=True), out_rows


def plan_query(*, command_ids, start: datetime.date, end: datetime.date):
    """Targets of the approved annual plans of the years the period touches, per (command, metric): a plan
    counts whole in any period inside its year (never pro rata). Plans are few: per command, folded like
    the records."""
    targets = PlanTarget.objects.filter(
        plan__approved_on__isnull=False, plan__year__gte=start.year, plan__year__lte=end.year
    )
    if command_ids is not None:
        targets = targets.filter(plan__command_id__in=command_ids)
    return targets.values("plan__command_id", "metric").annotate(target=Sum("target")).order_by()


@reporting_reads()  # on the read replica when one is configured (dnqp/core/routers.py)
@cached_report("yearly")  # until the next write (dnqp/reports/caching.py)
def yearly_report(
    *,
    user,
    year: int | None = None,
    year_to: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    command=None,
    country: str | None = None,
    by: str = RECORDED,
    today: datetime.date | None = None,
) -> dict:
    """The yearly summary as the API returns it (docs/API.md) (all figures Python ints).

    The period: 1 January of ``year`` to 31 December of ``year_to`` (default ``year``), or exactly the days
    ``date_from`` to ``date_to`` when both are given. ``command``: an id or a Command (default: the user's
    command; the whole tree for an unlimited user, which is the top command's report when there is only one).
    Unknown or outside the user's scope → ``Http404``.
    ``today`` (default: today) decides which commands are dissolved for ``by="current"``.
    """
    if by not in BY_VALUES:
        raise ValueError(f"by must be one of {BY_VALUES}")
    if date_from is not None and date_to is not None:
        if date_to < date_from:
            raise ValueError("date_to cannot be before date_from")
        start, end = date_from, date_to
        year, year_to = start.year, end.year
    else:
        year, year_to = int(year), (int(year_to) if year_to not in (None, "") else None)
        if year_to is not None and year_to < year:
            raise ValueError("year_to cannot be before year")
        start, end = period_bounds(year, year_to)
        year_to = year_to if year_to is not None else year
    tree = Tree.load(by=by, today=today)
    scope = resolve_scope(user=user, command=command, tree=tree)
    totals, rows = compute_yearly(user=user, tree=tree, scope=scope, start=start, end=end, country=country or None)
    return {
        "year": year,
        "year_to": year_to,
        "date_from": start.isoformat(),  # as the JSON carries them
        "date_to": end.isoformat(),
        "by": by,
        "scope": tree.describe(scope),
        "totals": totals,
        "rows": rows,
    }


def metric_labels() -> dict[str, str]:
    """The column heading of each metric (in the active language, Vietnamese by default)."""
    return {
        "agreements_signed": gettext("Agreements signed"),
        "agreements_in_force": gettext("Agreements in force"),
        "partners_twinned": gettext("Twinned partner units"),
        "partners_total": gettext("Partner units with an agreement in force"),
        "delegations_inbound": gettext("Inbound delegations"),
        "delegations_inbound_members": gettext("Inbound delegation members"),
        "delegations_outbound": gettext("Outbound delegations"),
        "delegations_outbound_members": gettext("Outbound delegation members"),
        "delegations_inbound_planned": gettext("Inbound delegations planned"),
        "delegations_outbound_planned": gettext("Outbound delegations planned"),
        "activities": gettext("Activities"),
        "activities_planned": gettext("Activities planned"),
        "remains_found": gettext("Remains found"),
        "remains_repatriated": gettext("Remains repatriated"),
        "expenditure_vnd": gettext("Support (VND)"),
        "expenditure_to_partners_vnd": gettext("Support to partners (VND)"),
    }


def yearly_report_headers() -> list[str]:
    """Column headers of the CSV/XLSX files: code, command, the metrics, support per category and per funding
    source, then each plan target (in the active language, Vietnamese by default)."""
    labels = metric_labels()
    return [
        gettext("Code"),
        gettext("Command"),
        *[labels[m] for m in METRICS],
        *[gettext("%(category)s (VND)") % {"category": label} for label in Category.labels],
        *[gettext("Funding: %(source)s (VND)") % {"source": label} for label in FundingSource.labels],
        *[gettext("Plan: %(figure)s") % {"figure": label} for label in PlanMetric.labels],
        *[gettext("Plan achieved: %(figure)s (%%)") % {"figure": label} for label in PlanMetric.labels],
    ]


# Every column after code and name holds a count or an amount (formatted #,##0 in XLSX).
YEARLY_NUMBER_COLUMNS = tuple(
    range(2, 2 + len(METRICS) + len(CATEGORY_VALUES) + len(FUNDING_VALUES) + 2 * len(PLAN_METRICS))
)


def _figures(figures: dict) -> list[int | str]:
    by_category = figures["expenditure_by_category"]
    by_source = figures["expenditure_by_funding_source"]
    plan = figures.get("plan", {})
    return (
        [figures[m] for m in METRICS]
        + [by_category.get(c, 0) for c in CATEGORY_VALUES]
        + [by_source.get(f, 0) for f in FUNDING_VALUES]
        + [plan.get(m, "") for m in PLAN_METRICS]  # empty: no target set
        + [percent_of(figures[m], plan[m]) if plan.get(m) else "" for m in PLAN_METRICS]
    )


def yearly_report_rows(report: dict) -> Iterator[list]:
    """Headers, one row per report row, then the totals row: for the CSV and XLSX writers."""
    yield yearly_report_headers()
    for row in report["rows"]:
        name = gettext("%(name)s (own records)") % {"name": row["name"]} if row.get("own") else row["name"]
        yield [row["code"], name, *_figures(row)]
    yield ["", gettext("Total"), *_figures(report["totals"])]


def yearly_report_filename(report: dict, fmt: str) -> str:
    start, end = (datetime.date.fromisoformat(report[k]) for k in ("date_from", "date_to"))
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        years = f"{start:%Y%m%d}-{end:%Y%m%d}"
    elif report["year_to"] == report["year"]:
        years = str(report["year"])
    else:
        years = f"{report['year']}-{report['year_to']}"
    scope = report["scope"]["code"] or "tat-ca"
    suffix = "-hien-tai" if report["by"] != RECORDED else ""
    return f"bao-cao-nam-{years}-{scope}{suffix}.{fmt}"


def export_yearly_report(*, report: dict, fmt: str, user, filters: dict):
    """The CSV or XLSX file of ``report`` (the same file for the page and the API), logged."""

    if fmt not in ("csv", "xlsx"):
        raise Http404
    response = export_response(
        fmt,
        yearly_report_rows(report),
        yearly_report_filename(report, fmt),
        sheet_title=gettext("Yearly report"),
        money_columns=YEARLY_NUMBER_COLUMNS,
        total_row=True,
    )
    log_export(user=user, what="yearly_report", file_format=fmt, filters=filters, row_count=len(report["rows"]))
    return response
