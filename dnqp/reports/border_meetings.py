"""The border-meetings report (docs/REPORTS.md, "Border meetings").

A pair = a border command (``is_border``) and a partner unit with a ``twinning`` or ``cooperation``
agreement in force during the year, the two sharing a border: the partner unit is of a country the command
borders (``Command.border_countries``; left empty, any country). Meetings are due monthly (commune),
quarterly (district) or half-yearly (province); a period counts when it overlaps a day on which the pair
had such an agreement in force, and is met when a non-cancelled ``border_meeting`` activity of that command
with that partner unit starts in it. Measured on the tree's ``today``: a period not met is ``missed`` once
over, ``not_over`` while it runs (never missed before its last day), and a period not started yet is not
listed. Three queries: the command tree, the agreements, the months with meetings (from the summary the
database keeps per command, partner unit and month: ``events/summary.py``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext

from dnqp.access import scoping
from dnqp.access.tree import RECORDED, Tree, resolve_scope
from dnqp.core.routers import reporting_reads
from dnqp.spreadsheets.exports import export_response, log_export
from events.models import MeetingSummary
from partnerships.choices import AgreementKind, CommandLevel
from partnerships.models import Agreement, in_force_q

KINDS = (AgreementKind.TWINNING, AgreementKind.COOPERATION)
# The status of a period of a pair (the ``periods`` of a row): a meeting held in it; over without one; still
# running without one yet.
MET, MISSED, NOT_OVER = "met", "missed", "not_over"
# Months per period, by the level of the command.
PERIOD_MONTHS = {CommandLevel.COMMUNE: 1, CommandLevel.DISTRICT: 3, CommandLevel.PROVINCE: 6}


@functools.lru_cache(maxsize=64)  # a pure function of two small numbers, asked once per pair and period
def periods_of_year(year: int, months: int) -> tuple[tuple[str, datetime.date, datetime.date], ...]:
    """``(label, first day, last day)`` of each period of ``year`` (``YYYY-MM``, ``YYYY-Qn``, ``YYYY-Hn``)."""
    out = []
    for i, first_month in enumerate(range(1, 13, months), start=1):
        start = datetime.date(year, first_month, 1)
        last_month = first_month + months - 1
        end = (datetime.date(year + 1, 1, 1) if last_month == 12 else datetime.date(year, last_month + 1, 1)) - (
            datetime.timedelta(days=1)
        )
        if months == 1:
            label = f"{year}-{first_month:02d}"
        elif months == 3:
            label = f"{year}-Q{i}"
        else:
            label = f"{year}-H{i}"
        out.append((label, start, end))
    return tuple(out)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIOD_LABEL = re.compile(r"(?P<year>\d{4})-(?P<kind>[QH]?)(?P<number>\d{1,2})")


def period_display(label: str) -> str:
    """A period label as a staff officer writes it: ``2026-07`` → "tháng 7/2026", ``2026-Q3`` → "quý III/2026",
    ``2026-H1`` → "6 tháng đầu năm 2026" (the JSON keeps the labels; pages, files and the document show these)."""
    match = PERIOD_LABEL.fullmatch(str(label))
    if not match:
        return str(label)  # not a period label: as it is
    year, kind, number = match["year"], match["kind"], int(match["number"])
    if kind == "Q" and number in ROMAN:
        return gettext("quarter %(roman)s/%(year)s") % {"roman": ROMAN[number], "year": year}
    if kind == "H" and number in (1, 2):
        half = gettext("first half of %(year)s") if number == 1 else gettext("second half of %(year)s")
        return half % {"year": year}
    if not kind and 1 <= number <= 12:
        return gettext("month %(month)s/%(year)s") % {"month": number, "year": year}
    return str(label)


def periods_display(labels) -> str:
    """Several period labels, shown one after the other ("quý I/2026, quý II/2026"); one label alone too."""
    if isinstance(labels, str):
        labels = [labels]
    return ", ".join(period_display(label) for label in labels)


def period_end(label: str) -> datetime.date:
    """The last day of a period label (``2022-04``, ``2022-Q4``, ``2022-H2``)."""
    year, part = label.split("-")
    year = int(year)
    months = 3 if part.startswith("Q") else 6 if part.startswith("H") else 1
    index = int(part[1:]) if part[0] in "QH" else int(part)
    return periods_of_year(year, months)[index - 1][2]


def shares_border(node, country: str) -> bool:
    """Whether a border command and a partner unit of ``country`` share a border: the command borders that
    country (``border_countries``), or the countries it borders are not recorded (any country, as before)."""
    return not node.border_countries or country in node.border_countries.split(",")


def compute_border_meetings(*, user, tree: Tree, scope: int | None, year: int, behind_only: bool = False) -> list[dict]:
    """The rows for ``scope`` (None: the whole tree), as of ``tree.today``. Two queries; the tree is already
    loaded. ``behind_only``: only the pairs with a missed period, without their list of ``periods`` (the
    dashboard's list: thousands of pairs nationwide)."""
    today = tree.today
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_scope = None if scope is None else set(tree.row_keys(scope))
    border = sorted(
        pk
        for pk, node in tree.nodes.items()
        if node.is_border and node.level in PERIOD_MONTHS and (in_scope is None or pk in in_scope)
    )
    if not border:
        return []

    # The border commands are joined, not listed: a country's ~800 ids as parameters cost more than the queries.
    border_commands = {"is_border": True, "level__in": list(PERIOD_MONTHS)}
    command_ids = tree.commands_under(user, scope)  # the scope's subtree (None: everything), a subquery

    def in_scope_of(queryset, command_field):
        queryset = scoping.scope_records(user, queryset, command_field)
        queryset = queryset.filter(**{f"{command_field}__{key}": value for key, value in border_commands.items()})
        return queryset if command_ids is None else queryset.filter(**{f"{command_field}_id__in": command_ids})

    # Query 1: twinning/cooperation agreements of border commands in force during the year.
    agreements = in_scope_of(Agreement.objects.filter(in_force_q(start, end), kind__in=KINDS), "command").order_by()
    intervals: dict[tuple[int, int], list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    partner_names: dict[int, tuple[str, str]] = {}
    for row in agreements.values_list(
        "command_id",
        "partner_unit_id",
        "valid_from",
        "valid_until",
        "terminated_on",
        "partner_unit__code",
        "partner_unit__name",
        "partner_unit__country",
    ):
        command_id, partner_id, valid_from, valid_until, terminated_on, code, name, country = row
        if not shares_border(tree.nodes[command_id], country):
            continue  # e.g. a province's cooperation with a unit of a country it does not border: no meetings
        # A dissolved command owes nothing after its last day, whatever its agreements still say.
        last = end
        for day in (valid_until, terminated_on, tree.nodes[command_id].valid_until):
            if day is not None and day < last:
                last = day
        first = valid_from if valid_from > start else start
        if last < first:
            continue
        intervals[(command_id, partner_id)].append((first, last))
        partner_names[partner_id] = (code, name)
    if not intervals:
        return []

    # Query 2: the months of the year in which each border command met each partner unit (non-cancelled border
    # meetings), from the summary the database keeps (events/summary.py). A period is known by its index in the
    # year, (month - 1) // months per period: the periods met, and below those an agreement covers, are read off
    # months (thousands of pairs nationwide: no comparison of every period with every date).
    meetings = in_scope_of(MeetingSummary.objects.filter(year=year), "command").order_by()
    held: dict[tuple[int, int], set[int]] = defaultdict(set)
    for command_id, partner_id, month in meetings.values_list("command_id", "partner_unit_id", "month"):
        held[(command_id, partner_id)].add((month - 1) // PERIOD_MONTHS[tree.nodes[command_id].level])

    # Per period length: the labels of the year's periods, how many have started by today and how many are over
    # (periods are in order: an index below ``over`` is over, one from ``started`` on has not started).
    year_calendar = {}
    for months in set(PERIOD_MONTHS.values()):
        year_periods = periods_of_year(year, months)
        started = sum(1 for _label, p_start, _end in year_periods if p_start <= today)
        over = sum(1 for _label, _start, p_end in year_periods if p_end < today)
        year_calendar[months] = ([label for label, _start, _end in year_periods], started, over)

    rows = []
    for (command_id, partner_id), spans in intervals.items():
        node = tree.nodes[command_id]
        months = PERIOD_MONTHS[node.level]
        labels, started, over = year_calendar[months]
        covered: set[int] = set()  # spans lie within the year
        for first, last in spans:
            covered.update(range((first.month - 1) // months, (last.month - 1) // months + 1))
        met_in = held.get((command_id, partner_id), ())
        met, missing, not_over, due, periods = [], [], [], [], []
        if behind_only and not any(i < over and i not in met_in for i in covered):
            continue
        for i in sorted(covered):
            if i >= started:
                continue  # not started yet
            label = labels[i]
            if i in met_in:
                status = MET
                met.append(label)
                due.append(label)
            elif i < over:
                status = MISSED
                missing.append(label)
                due.append(label)
            else:
                status = NOT_OVER  # may still be held: neither due yet nor missed
                not_over.append(label)
            if not behind_only:
                periods.append({"period": label, "status": status})
        code, name = partner_names[partner_id]
        row = {
            "command": command_id,
            "command_code": node.code,
            "command_name": node.name,
            "partner_unit": partner_id,
            "partner_unit_code": code,
            "partner_unit_name": name,
            "level": node.level,
            "periods_due": len(due),
            "periods_met": len(met),
            "missing": missing,
            "due": due,
            "not_over": not_over,
        }
        if not behind_only:
            row["periods"] = periods
        rows.append(row)
    rows.sort(key=lambda r: (r["command_code"], r["partner_unit_code"]))
    return rows


@reporting_reads()  # on the read replica when one is configured (dnqp/core/routers.py)
def border_meetings_report(*, user, year: int, command=None, today: datetime.date | None = None) -> dict:
    """Per border pair: the meetings due and held in ``year`` (scoped like the yearly report; 404 outside), each
    period's status measured on ``today`` (default: today)."""
    tree = Tree.load(by=RECORDED, today=today)
    scope = resolve_scope(user=user, command=command, tree=tree)
    year = int(year)
    return {
        "year": year,
        "as_of": tree.today.isoformat(),  # the day the periods' statuses are measured on, as the JSON carries it
        "scope": tree.describe(scope),
        "rows": compute_border_meetings(user=user, tree=tree, scope=scope, year=year),
    }


def border_meetings_headers() -> list[str]:
    return [
        gettext("Command code"),
        gettext("Command"),
        gettext("Partner unit code"),
        gettext("Partner unit"),
        gettext("Level"),
        gettext("Meetings due"),
        gettext("Meetings held"),
        gettext("Periods missing"),
        gettext("Periods not over yet"),
    ]


BORDER_NUMBER_COLUMNS = (5, 6)


def border_meetings_rows(report: dict) -> Iterator[list]:
    """Headers, then one row per pair: for the CSV and XLSX writers."""
    levels = dict(CommandLevel.choices)
    yield border_meetings_headers()
    for row in report["rows"]:
        yield [
            row["command_code"],
            row["command_name"],
            row["partner_unit_code"],
            row["partner_unit_name"],
            str(levels.get(row["level"], row["level"])),
            row["periods_due"],
            row["periods_met"],
            periods_display(row["missing"]),
            periods_display(row["not_over"]),
        ]


def export_border_meetings(*, report: dict, fmt: str, user, filters: dict):
    """The CSV or XLSX file of ``report`` (the same file for the page and the API), logged."""

    scope = report["scope"]["code"] or "tat-ca"
    response = export_response(
        fmt,
        border_meetings_rows(report),
        f"giao-ban-bien-gioi-{report['year']}-{scope}.{fmt}",
        sheet_title=gettext("Border meetings"),
        money_columns=BORDER_NUMBER_COLUMNS,
    )
    log_export(user=user, what="border_meetings", file_format=fmt, filters=filters, row_count=len(report["rows"]))
    return response
