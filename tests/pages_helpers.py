"""Bulk records for the page tests: ``n`` of each record type in the worked example's Bình Phước subtree."""

import datetime

from django.utils import timezone

from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure
from partnerships.models import Agreement

D = datetime.date


def add_rows(w: dict, n: int) -> None:
    """``n`` agreements, delegations, activities and support rows, half of them dated around today so the
    dashboard's lists (expiring, upcoming, overdue) are filled too; a few queries whatever ``n`` is."""
    today = timezone.localdate()
    commands = [w["bp"], w["bp_ln"]]
    partners = [w["krt"], w["mdk"], w["snl"]]
    agreements = []
    for i in range(n):
        signed = D(2022, 1 + i % 12, 1 + i % 28)
        agreements.append(
            Agreement(
                title=f"Kế hoạch phối hợp số {i}",
                reference=f"{i}/KH",
                kind="annual_plan" if i % 2 else "cooperation",
                command=commands[i % 2],
                partner_unit=partners[i % 3],
                signed_on=signed,
                valid_from=signed,
                valid_until=today + datetime.timedelta(days=10 + i % 60) if i % 2 else None,
            )
        )
    Agreement.objects.bulk_create(agreements)
    delegations = []
    for i in range(n):
        start = today + datetime.timedelta(days=(i * 7) % 41 - 20) if i % 2 else D(2022, 1 + i % 12, 1 + i % 28)
        delegations.append(
            Delegation(
                direction="inbound" if i % 3 else "outbound",
                purpose="working",
                command=commands[i % 2],
                country="KH",
                leader_name=f"Đại tá {i}",
                member_count=5 + i % 10,
                start_date=start,
                end_date=start,
                status="planned" if i % 2 else "completed",
            )
        )
    Delegation.objects.bulk_create(delegations)
    DelegationPartner.objects.bulk_create(
        [DelegationPartner(delegation=d, partner_unit=partners[i % 3]) for i, d in enumerate(delegations)]
    )
    activities = []
    for i in range(n):
        start = today + datetime.timedelta(days=(i * 7) % 41 - 20) if i % 2 else D(2022, 1 + i % 12, 1 + i % 28)
        activities.append(
            Activity(
                kind="border_meeting" if i % 2 else "exchange",
                title=f"Giao lưu {i}",
                command=commands[i % 2],
                start_date=start,
                end_date=start,
                status="planned" if i % 2 else "completed",
            )
        )
    Activity.objects.bulk_create(activities)
    ActivityPartner.objects.bulk_create(
        [ActivityPartner(activity=a, partner_unit=partners[i % 3]) for i, a in enumerate(activities)]
    )
    Expenditure.objects.bulk_create(
        [
            Expenditure(
                date=D(2022, 1 + i % 12, 1 + i % 28),
                command=commands[i % 2],
                partner_unit=partners[i % 3],
                category=["gifts", "materials", "medical", "funds"][i % 4],
                funding_source="province",
                amount_vnd=1_000_000 * (i + 1),
            )
            for i in range(n)
        ]
    )
