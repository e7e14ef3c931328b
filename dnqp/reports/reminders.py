"""Reminders: what falls due in a user's scope, each linking to the record to fix (docs/USER_GUIDE.md,
"Reminders"; the readings in docs/DECISIONS.md, "Reminders and calendar").

Five kinds, dated from ``today`` (default ``timezone.localdate()``):

- ``agreements_ending``: agreements in force today whose last day in force (``valid_until``) is within
  ``ENDING_DAYS`` days, with no successor signed. A *successor* of agreement A is another agreement B, signed
  (``signed_on`` set), that carries the pair on after A's last day: B ``renews`` A, or B is of the same
  command, partner unit and kind and comes into force after A did (``valid_from`` later); and B is in force
  beyond A's last day (no ``valid_until``, or a later one) and not terminated on or before it. A draft is
  no successor: the reminder stays until it is signed.
- ``plans_missing``: annual plans (``events.AnnualPlan``) not approved in time. A plan for year Y is due by
  1 December of Y − 1: from that day (from 1 December for next year's plan; all year for the current year's,
  should it still be missing) a command of the scope is reminded until its plan for Y is approved
  (``approved_on`` set). Commands that owe a plan for Y: those that exist on 1 January of Y (and today) and
  take part in defence foreign affairs that year, i.e. have an agreement in force during Y, or an approved
  plan for Y − 1.
- ``twinned_idle``: pairs (command, partner unit) with a twinning agreement in force today, twinned twelve
  months ago as well (a pair twinned more recently has had no year yet), with no completed delegation or
  activity of that command listing that partner unit that started within the last twelve months.
- ``reports_overdue``: completed outbound delegations whose report was due before today (``report_due_on`` <
  today) and has not been filed (``reported_on`` empty): ``Delegation.objects.report_overdue()``, the list of
  trips owing their report uses the same test.
- ``events_unclosed``: planned delegations and activities whose end date has passed: to be marked completed
  or cancelled.

Scoped through :mod:`dnqp.access.scoping` like every page. Each kind is one query whatever the number of
records (the last one two: delegations and activities), :data:`QUERIES` in all, and at most ``limit`` rows
per kind with a flag when there are more. A reminder carries two addresses: the admin change page, for
users who enter data (administrators and data-entry staff), and its page, for everyone else
(:func:`for_user` picks one).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, replace

from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dnqp.access import scoping
from dnqp.models import Role
from dnqp.reports.caching import cached_report
from events.choices import Direction
from events.models import Activity, ContactSummary, Delegation
from partnerships.choices import AgreementKind
from partnerships.models import Agreement, in_force_q

ENDING_DAYS = 90
PLAN_DEADLINE = (12, 1)  # (month, day) of the year before the plan's year
LIMIT = 100
# Queries of :func:`reminders` for any user with a scope (the user's roles and command already known):
# agreements ending, plans missing, twinned pairs idle, reports overdue, planned delegations and activities past.
QUERIES = 6

# (key, heading): the kinds in the order the pages and the e-mail show them.
KINDS = (
    ("agreements_ending", _("Agreements ending within 90 days, no successor signed")),
    ("plans_missing", _("Annual plans not approved by 1 December")),
    ("twinned_idle", _("Twinned pairs with nothing done together in 12 months")),
    ("reports_overdue", _("Outbound delegations whose report is overdue")),
    ("events_unclosed", _("Planned delegations and activities past their end date, not yet closed")),
)
KIND_KEYS = tuple(key for key, _heading in KINDS)


@dataclass(frozen=True)
class Reminder:
    """One thing to fix. ``date`` is the day that matters (last day in force, plan deadline, last thing done
    together — None if never —, report deadline, end date); ``days`` is ``date - today`` (negative: overdue),
    None where the date is no deadline (twinned pairs)."""

    kind: str
    model: str  # "agreement", "annualplan", "delegation", "activity"
    pk: int | None  # None: a plan not yet recorded
    title: str
    command_id: int
    command_name: str
    partner: str
    date: datetime.date | None
    days: int | None
    note: str
    admin_url: str
    page_url: str
    url: str = ""  # the address for one user: :func:`for_user`

    @property
    def overdue_days(self) -> int:
        """How many days past its date (0 if not past)."""
        return max(-(self.days or 0), 0)


def year_before(day: datetime.date, years: int = 1) -> datetime.date:
    """The same day ``years`` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def enters_data(user) -> bool:
    """True if ``user`` fixes records in the admin (administrators, data-entry staff, superusers): their
    reminders link to the admin; everyone else's to the records' pages. No query for a loaded user."""
    if not user or not user.is_authenticated or not user.is_staff:
        return False
    return user.is_superuser or bool(scoping.roles(user) & {Role.ADMIN, Role.STAFF})


def for_user(data: dict, user) -> dict:
    """``data`` (from :func:`reminders`) with each reminder's ``url`` set for ``user``."""
    admin = enters_data(user)
    return {
        key: {
            **section,
            "items": [replace(item, url=item.admin_url if admin else item.page_url) for item in section["items"]],
        }
        for key, section in data.items()
    }


def _url(name: str, pk) -> str:
    """``reverse(name, args=[pk])`` from the pattern reversed once per name and script prefix (hundreds of rows:
    one ``reverse`` each would cost more than the queries)."""
    return _url_pattern(name, get_script_prefix()).replace(_MARKER, str(pk))


_MARKER = "999999999999"


@functools.lru_cache(maxsize=64)
def _url_pattern(name: str, prefix: str) -> str:  # the prefix is part of the key: reverse() puts it in
    return reverse(name, args=[int(_MARKER)])


def _limited(queryset, limit):
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def _existing(on: datetime.date, prefix: str = "") -> Q:
    """The command (``prefix`` its path) still exists on ``on``."""
    return Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": on})


def _agreement_title(row: dict) -> str:
    label = row["title"] or str(AgreementKind(row["kind"]).label)
    return f"{row['reference']} – {label}" if row["reference"] else label


def _agreements_ending(user, today, limit):
    last_day = OuterRef("valid_until")
    carries_on = (
        Agreement.objects.filter(signed_on__isnull=False)
        .exclude(pk=OuterRef("pk"))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=last_day))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=last_day))
    )
    # Two probes, each on an index: what renews it, and a later agreement of the same pair and kind.
    renewal = carries_on.filter(renews=OuterRef("pk"))
    same_pair = carries_on.filter(
        command=OuterRef("command"),
        partner_unit=OuterRef("partner_unit"),
        kind=OuterRef("kind"),
        valid_from__gt=OuterRef("valid_from"),
    )
    queryset = (
        scoping.scope_records(user, Agreement.objects.expiring(today, ENDING_DAYS))
        .filter(~Exists(renewal), ~Exists(same_pair))
        .order_by("valid_until", "id")
        .values("id", "reference", "title", "kind", "command_id", "command__name", "partner_unit__name", "valid_until")
    )
    rows, more = _limited(queryset, limit)
    items = [
        Reminder(
            kind="agreements_ending",
            model="agreement",
            pk=row["id"],
            title=_agreement_title(row),
            command_id=row["command_id"],
            command_name=row["command__name"],
            partner=row["partner_unit__name"],
            date=row["valid_until"],
            days=(row["valid_until"] - today).days,
            note=str(AgreementKind(row["kind"]).label),
            admin_url=_url("admin:partnerships_agreement_change", row["id"]),
            page_url=_url("agreement-detail", row["id"]),
        )
        for row in rows
    ]
    return items, more


def plan_years(today: datetime.date) -> list[int]:
    """The years whose plans may be due on ``today``: this year's, and from 1 December next year's."""
    return [today.year, today.year + 1] if (today.month, today.day) >= PLAN_DEADLINE else [today.year]


def _plans_missing(user, today, limit):
    """One query: the scope's existing commands without an approved plan for one of :func:`plan_years`, with
    their plans of those years and the year before (joined, one row per command) and whether an agreement of
    theirs is in force in each year; who owes a plan is then decided here, in order, up to ``limit``."""
    years = plan_years(today)
    plans = {y: f"plan_{y}" for y in [years[0] - 1, *years]}
    joins = {name: FilteredRelation("plans", condition=Q(plans__year=y)) for y, name in plans.items()}
    not_approved = Q()
    for y in years:
        not_approved |= Q(**{f"{plans[y]}__approved_on__isnull": True})
    engaged = {
        f"engaged_{y}": Exists(
            Agreement.objects.filter(command=OuterRef("pk")).filter(
                in_force_q(datetime.date(y, 1, 1), datetime.date(y, 12, 31))
            )
        )
        for y in years
    }
    fields = [f"{name}__{field}" for name in plans.values() for field in ("id", "approved_on")]
    queryset = (
        scoping.visible_commands(user)
        .filter(_existing(today))
        .annotate(**joins)
        .filter(not_approved)
        .annotate(**engaged)
        .order_by("sort_order", "code", "id")
        .values("id", "name", "valid_until", *fields, *engaged)
    )
    items = []
    for row in queryset.iterator(chunk_size=2 * limit + 2):  # stops reading once past the limit
        for y in years:
            if row[f"{plans[y]}__approved_on"] is not None:
                continue
            if y > today.year and not (row["valid_until"] is None or row["valid_until"] >= datetime.date(y, 1, 1)):
                continue  # dissolved before the plan's year
            if not (row[f"engaged_{y}"] or row[f"{plans[y - 1]}__approved_on"] is not None):
                continue  # takes no part in defence foreign affairs that year
            deadline = datetime.date(y - 1, *PLAN_DEADLINE)
            plan_id = row[f"{plans[y]}__id"]
            if plan_id:
                admin_url = _url("admin:events_annualplan_change", plan_id)
                note = _("Draft recorded, not approved")
            else:
                admin_url = f"{reverse('admin:events_annualplan_add')}?command={row['id']}&year={y}"
                note = _("Not recorded")
            items.append(
                Reminder(
                    kind="plans_missing",
                    model="annualplan",
                    pk=plan_id,
                    title=str(_("Annual plan %(year)s") % {"year": y}),  # the command is beside it
                    command_id=row["id"],
                    command_name=row["name"],
                    partner="",
                    date=deadline,
                    days=(deadline - today).days,
                    note=str(note),
                    admin_url=admin_url,
                    page_url=_url("command-detail", row["id"]),
                )
            )
        if len(items) > limit:
            break
    return items[:limit], len(items) > limit


def _twinned_idle(user, today, limit):
    since = year_before(today)
    pair = {"command": OuterRef("command"), "partner_unit": OuterRef("partner_unit")}
    twinning = Agreement.objects.filter(kind=AgreementKind.TWINNING)
    twinned_today = twinning.filter(in_force_q(today, today))
    # Done together: a completed delegation or activity of that very command listing that partner unit, by its
    # start date (as the reports date events), from the summary the database keeps per command, partner unit
    # and day (events/summary.py): one probe of its key per pair.
    done = ContactSummary.objects.filter(**pair, start_date__lte=today)
    # Pairs of commands that exist today: a dissolved command's agreement, carried on by its successor, names a
    # command that can no longer record anything done together (docs/DECISIONS.md, "Dissolved commands").
    queryset = (
        scoping.scope_records(user, twinned_today.filter(_existing(today, "command__")))
        # one row per pair: the newest of its twinning agreements in force today
        .filter(~Exists(twinned_today.filter(**pair, pk__gt=OuterRef("pk"))))
        .filter(Exists(twinning.filter(in_force_q(since, since)).filter(**pair)))
        .filter(~Exists(done.filter(start_date__gte=since)))
        .annotate(last_done=Subquery(done.order_by("-start_date").values("start_date")[:1]))
        .order_by("command__sort_order", "command__code", "partner_unit__code", "id")
        .values(
            "id",
            "reference",
            "title",
            "kind",
            "command_id",
            "command__name",
            "partner_unit__name",
            "last_done",
        )
    )
    rows, more = _limited(queryset, limit)
    items = []
    for row in rows:
        last = row["last_done"]
        items.append(
            Reminder(
                kind="twinned_idle",
                model="agreement",
                pk=row["id"],
                title=_agreement_title(row),
                command_id=row["command_id"],
                command_name=row["command__name"],
                partner=row["partner_unit__name"],
                date=last,
                days=None,
                note="" if last else str(_("Nothing recorded together yet")),
                admin_url=_url("admin:partnerships_agreement_change", row["id"]),
                page_url=_url("agreement-detail", row["id"]),
            )
        )
    return items, more


DELEGATION_FIELDS = ("id", "direction", "leader_name", "command_id", "command__name", "start_date", "end_date")


def _delegation_title(row: dict) -> str:
    who = row["leader_name"] or row["command__name"]
    return f"{Direction(row['direction']).label} – {who} ({row['start_date']:%d/%m/%Y})"


def _reports_overdue(user, today, limit):
    queryset = (
        scoping.scope_records(user, Delegation.objects.report_overdue(today))
        .order_by("report_due_on", "id")
        .values(*DELEGATION_FIELDS, "report_due_on")
    )
    rows, more = _limited(queryset, limit)
    items = [
        Reminder(
            kind="reports_overdue",
            model="delegation",
            pk=row["id"],
            title=_delegation_title(row),
            command_id=row["command_id"],
            command_name=row["command__name"],
            partner="",
            date=row["report_due_on"],
            days=(row["report_due_on"] - today).days,
            note=str(_("Returned on %(date)s") % {"date": row["end_date"].strftime("%d/%m/%Y")}),
            admin_url=_url("admin:events_delegation_change", row["id"]),
            page_url=_url("delegation-detail", row["id"]),
        )
        for row in rows
    ]
    return items, more


def _events_unclosed(user, today, limit):
    # The most recent first (the ones people still remember and can close), by start date as the dashboard
    # lists them: the index of planned records by start date answers it (a start before today is implied).
    order = ("-start_date", "-id")

    def past(model):
        return scoping.scope_records(user, model.objects.overdue(today).filter(start_date__lt=today)).order_by(*order)

    delegations, more_d = _limited(past(Delegation).values(*DELEGATION_FIELDS), limit)
    activities, more_a = _limited(
        past(Activity).values("id", "title", "command_id", "command__name", "start_date", "end_date"), limit
    )
    rows = [("delegation", row) for row in delegations] + [("activity", row) for row in activities]
    rows.sort(key=lambda item: (item[1]["start_date"], item[1]["id"]), reverse=True)
    items = [
        Reminder(
            kind="events_unclosed",
            model=model,
            pk=row["id"],
            title=_delegation_title(row) if model == "delegation" else row["title"],
            command_id=row["command_id"],
            command_name=row["command__name"],
            partner="",
            date=row["end_date"],
            days=(row["end_date"] - today).days,
            note=str(_("Planned")),
            admin_url=_url(f"admin:events_{model}_change", row["id"]),
            page_url=_url(f"{model}-detail", row["id"]),
        )
        for model, row in rows[:limit]
    ]
    return items, more_d or more_a or len(rows) > limit


COLLECTORS = {
    "agreements_ending": _agreements_ending,
    "plans_missing": _plans_missing,
    "twinned_idle": _twinned_idle,
    "reports_overdue": _reports_overdue,
    "events_unclosed": _events_unclosed,
}


@cached_report("reminders")  # until the next write to a record they read (dnqp/reports/caching.py)
def reminders(*, user, today: datetime.date | None = None, limit: int = LIMIT) -> dict:
    """``{kind: {"heading", "items": [Reminder], "more": bool}}`` for every kind of :data:`KINDS`, in that order,
    for the records of ``user``'s scope (nothing for a user without one). ``url`` is left empty: see
    :func:`for_user`. Through the figures cache when it is on: every write to a record the reminders read
    drops it, so a record put right leaves the list at once."""
    today = today or timezone.localdate()
    data = {}
    for key, heading in KINDS:
        items, more = COLLECTORS[key](user, today, limit)
        data[key] = {"heading": heading, "items": items, "more": more}
    return data


def total(data: dict) -> int:
    """How many reminders ``data`` holds (at most ``limit`` per kind)."""
    return sum(len(section["items"]) for section in data.values())
