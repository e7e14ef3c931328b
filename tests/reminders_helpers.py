"""Records that fall due at Tây Ninh (``TN``, the ``users`` fixture's other scope), one or more of each kind of
reminder, and records next to them that must not remind (dnqp/reports/reminders.py)."""

import datetime

from events.models import Activity, ActivityPartner, Delegation, DelegationPartner
from partnerships.models import Agreement, Command
from tests import factories as f

DAY = datetime.timedelta(days=1)


def make_due(today: datetime.date) -> dict:
    """Tây Ninh's records as of ``today``: ``due`` holds the record of each kind that reminds, the rest must not."""
    tn = Command.objects.get(code="TN")
    svr = f.partner("KH-SVR", "Bộ Chỉ huy Quân sự tỉnh Xvây Riêng")
    pvg = f.partner("KH-PVG", "Bộ Chỉ huy Quân sự tỉnh Prây Veng")
    tbk = f.partner("KH-TBK", "Bộ Chỉ huy Quân sự tỉnh Tbong Khmum")
    atp = f.partner("LA-ATP", "Bộ Chỉ huy Quân sự tỉnh Attapư", country="LA")
    years_ago = today - 3 * 365 * DAY
    # Ending within 90 days with no successor: reminds.
    ending = f.agreement(tn, svr, "cooperation", years_ago, reference="12/KH-TN", valid_until=today + 40 * DAY)
    # Ending too, but its renewal is signed (open-ended, in force from the day after): no reminder.
    renewed = f.agreement(tn, pvg, "cooperation", years_ago, valid_until=today + 50 * DAY)
    renewal = f.agreement(
        tn, pvg, "cooperation", today - 5 * DAY, valid_from=today + 51 * DAY, renews=renewed, title="Gia hạn hợp tác"
    )
    # Ending in 120 days: not yet.
    later = f.agreement(tn, tbk, "cooperation", years_ago, valid_until=today + 120 * DAY)
    # Twinned for five years with nothing done together: reminds.
    idle = f.agreement(tn, atp, "twinning", today - 5 * 365 * DAY, title="Kết nghĩa Tây Ninh – Attapư")
    # Twinned for five years with an activity two months ago: no reminder.
    busy = f.agreement(tn, tbk, "twinning", today - 5 * 365 * DAY, title="Kết nghĩa Tây Ninh – Tbong Khmum")
    f.activity(tn, today - 60 * DAY, kind="exchange", partners=[tbk], title="Giao lưu thể thao")
    # Twinned three months ago: no year has passed yet.
    recent = f.agreement(tn, svr, "twinning", today - 90 * DAY, title="Kết nghĩa Tây Ninh – Xvây Riêng")
    # An outbound trip back 25 days ago whose report was due 10 days ago: reminds. Another one reported: no.
    unreported = f.delegation(
        tn,
        today - 30 * DAY,
        end=today - 25 * DAY,
        direction="outbound",
        partners=[svr],
        leader_name="Đại tá Nguyễn Văn Hùng",
        report_due_on=today - 10 * DAY,
    )
    reported = f.delegation(
        tn,
        today - 40 * DAY,
        end=today - 38 * DAY,
        direction="outbound",
        partners=[pvg],
        report_due_on=today - 20 * DAY,
        reported_on=today - 21 * DAY,
    )
    # Planned, but over: both remind until closed. Planned and still ahead: no.
    past_meeting = f.activity(
        tn, today - 6 * DAY, end=today - 5 * DAY, partners=[svr], status="planned", title="Giao ban biên giới quý"
    )
    past_visit = f.delegation(tn, today - 4 * DAY, end=today - 3 * DAY, partners=[pvg], status="planned")
    ahead = f.delegation(tn, today + 10 * DAY, partners=[pvg], status="planned")
    return {
        "tn": tn,
        "partners": {"svr": svr, "pvg": pvg, "tbk": tbk, "atp": atp},
        "due": {
            "agreements_ending": ending,
            "plans_missing": tn,
            "twinned_idle": idle,
            "reports_overdue": unreported,
            "events_unclosed": [past_meeting, past_visit],
        },
        "quiet": [renewed, renewal, later, busy, recent, reported, ahead],
    }


def due_count(today: datetime.date) -> int:
    """How many reminders :func:`make_due` gives Tây Ninh's users: one of each kind and two planned events past,
    and from 1 December next year's plan as well."""
    return 6 + (today.month == 12)


def add_due_rows(tn: Command, partner, today: datetime.date, n: int) -> None:
    """``n`` more reminders of the kinds that list records (agreements ending, reports overdue, planned events
    past), in bulk: a few queries whatever ``n`` is."""
    Agreement.objects.bulk_create(
        [
            Agreement(
                title=f"Kế hoạch phối hợp số {i}",
                kind="annual_plan",
                command=tn,
                partner_unit=partner,
                signed_on=today - 400 * DAY,
                valid_from=today - 400 * DAY,
                valid_until=today + (1 + i % 80) * DAY,
            )
            for i in range(n)
        ]
    )
    delegations = Delegation.objects.bulk_create(
        [
            Delegation(
                direction="outbound",
                purpose="working",
                command=tn,
                country="KH",
                member_count=5,
                start_date=today - (20 + i % 30) * DAY,
                end_date=today - (20 + i % 30) * DAY,
                status="planned" if i % 2 else "completed",
                report_due_on=today - (1 + i % 10) * DAY,
            )
            for i in range(n)
        ]
    )
    DelegationPartner.objects.bulk_create([DelegationPartner(delegation=d, partner_unit=partner) for d in delegations])
    activities = Activity.objects.bulk_create(
        [
            Activity(
                kind="border_meeting",
                title=f"Giao ban {i}",
                command=tn,
                start_date=today - (2 + i % 30) * DAY,
                end_date=today - (2 + i % 30) * DAY,
                status="planned",
            )
            for i in range(n)
        ]
    )
    ActivityPartner.objects.bulk_create([ActivityPartner(activity=a, partner_unit=partner) for a in activities])
