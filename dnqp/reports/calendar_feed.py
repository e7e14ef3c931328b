"""A user's delegations and activities as an iCalendar feed (RFC 5545), built with the ``icalendar`` library.

What the feed holds (docs/USER_GUIDE.md, "Calendar on a phone or in Outlook"; docs/DECISIONS.md): the
delegations and activities of the user's scope (:mod:`dnqp.access.scoping`) — border meetings are
activities of their kind — that are **planned**, or **completed**, and whose end date is no more than
``PAST_DAYS`` days ago: what is coming and what has just been done, so that an event stays in the calendar
when it is closed as completed. Cancelled ones are left out (a calendar app then removes them). At most
``LIMIT`` of each, the nearest first.

Each one is an all-day VEVENT (``DTEND`` the day after the last day, as RFC 5545 wants) with a stable
``UID`` (``delegation-123@dnqp``), its ``SEQUENCE`` the record's version (an app updates the event when the
record changes), ``STATUS`` TENTATIVE while planned and CONFIRMED once completed, a SUMMARY and a
DESCRIPTION (command, partner units, leader, status) in the user's language (Vietnamese unless they chose
English), ``LOCATION`` and ``URL``, the record's page. Five queries whatever the number of events.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Case, F, Prefetch, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from dnqp.access import scoping
from events.choices import ActivityKind, Direction, EventStatus
from events.models import Activity, Delegation
from partnerships.choices import COUNTRY_CHOICES
from partnerships.models import PartnerUnit

PAST_DAYS = 90
LIMIT = 2000
UID_DOMAIN = "dnqp"
PRODID = "-//DNQP//Doi ngoai quoc phong//VI"
STATUS = {EventStatus.PLANNED: "TENTATIVE", EventStatus.COMPLETED: "CONFIRMED"}
# Calendar apps read this as how often to fetch the feed again (Apple, Outlook, Google honour one or the other).
REFRESH = datetime.timedelta(hours=1)


def feed_events(user, today: datetime.date) -> tuple[list[Delegation], list[Activity]]:
    """The delegations and activities of ``user``'s scope that the feed holds (four queries)."""
    partners = Prefetch("partner_units", queryset=PartnerUnit.objects.order_by("code").only("id", "code", "name"))

    # Beyond LIMIT, what is coming matters most: events not over yet first, the nearest first; then the recent
    # past, the latest first.
    past = Case(When(end_date__lt=today, then=Value(1)), default=Value(0))
    upcoming_start = Case(When(end_date__gte=today, then=F("start_date")))

    def rows(model):
        queryset = (
            model.objects.filter(status__in=list(STATUS), end_date__gte=today - datetime.timedelta(days=PAST_DAYS))
            .select_related("command")
            .prefetch_related(partners)
            .order_by(past, upcoming_start, "-start_date", "id")
        )
        return list(scoping.scope_records(user, queryset)[:LIMIT])

    return rows(Delegation), rows(Activity)


def calendar_name(command_name: str | None) -> str:
    return f"ĐNQP – {command_name or _('All commands')}"


def _description(lines: list[tuple[str, str]], url: str) -> str:
    return "\n".join([*(f"{label}: {value}" for label, value in lines if value), url])


def _event(*, uid: str, start, end, summary: str, lines, location: str, url: str, status: str, version, now) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end + datetime.timedelta(days=1))  # all-day: the day after the last day
    event.add("summary", summary)
    event.add("description", _description(lines, url))
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("status", STATUS[status])
    event.add("sequence", version or 0)
    return event


def build_calendar(
    *, user, command_name: str | None, absolute: Callable[[str], str], today: datetime.date | None = None
) -> Calendar:
    """The feed of ``user`` (whose roles and scope are loaded), named after ``command_name``; ``absolute`` turns
    a path into the address the events link to. Texts in the active language."""
    today = today or timezone.localdate()
    now = timezone.now()
    delegations, activities = feed_events(user, today)
    countries = dict(COUNTRY_CHOICES)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name(command_name))
    calendar.add("x-wr-caldesc", _("Planned and recent delegations and activities of your scope"))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    status_labels = dict(EventStatus.choices)

    for d in delegations:
        partners = ", ".join(p.name for p in d.partner_units.all())
        direction = str(Direction(d.direction).label)
        leader = " ".join(part for part in (d.leader_rank, d.leader_name) if part)
        if leader and d.leader_title:
            leader = f"{leader}, {d.leader_title}"
        calendar.add_component(
            _event(
                uid=f"delegation-{d.pk}@{UID_DOMAIN}",
                start=d.start_date,
                end=d.end_date,
                summary=f"{direction}: {partners or countries.get(d.country, d.country)}",
                lines=[
                    (_("Command"), d.command.name),
                    (_("Partner units"), partners),
                    (_("Leader"), leader),
                    (_("Members"), str(d.member_count)),
                    (_("Status"), str(status_labels[d.status])),
                ],
                location=d.location,
                url=absolute(reverse("delegation-detail", args=[d.pk])),
                status=d.status,
                version=d.version,
                now=now,
            )
        )
    for a in activities:
        partners = ", ".join(p.name for p in a.partner_units.all())
        calendar.add_component(
            _event(
                uid=f"activity-{a.pk}@{UID_DOMAIN}",
                start=a.start_date,
                end=a.end_date,
                summary=a.title,
                lines=[
                    (_("Kind"), str(ActivityKind(a.kind).label)),
                    (_("Command"), a.command.name),
                    (_("Partner units"), partners),
                    (_("Status"), str(status_labels[a.status])),
                ],
                location=a.location,
                url=absolute(reverse("activity-detail", args=[a.pk])),
                status=a.status,
                version=a.version,
                now=now,
            )
        )
    return calendar
