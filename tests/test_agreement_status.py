"""Agreement status is derived from its dates, never stored: the property and the annotation agree."""

import datetime

import pytest

from partnerships.models import Agreement
from tests import factories as f

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def pair(db):
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    return brvt, pvh


def make(pair, kind="cooperation", signed_on=None, **dates):
    return f.agreement(*pair, kind, signed_on, **dates)


CASES = [
    # (name, signed_on, other dates, expected status on TODAY)
    ("draft", None, {}, "draft"),
    ("draft_with_planned_dates", None, {"valid_from": D(2027, 1, 1), "valid_until": D(2027, 12, 31)}, "draft"),
    ("pending", D(2026, 11, 12), {"valid_from": D(2027, 1, 1), "valid_until": D(2027, 12, 31)}, "pending"),
    ("pending_until_tomorrow", D(2026, 11, 20), {"valid_from": D(2026, 11, 24)}, "pending"),
    ("in_force_from_today", D(2026, 11, 20), {"valid_from": TODAY}, "in_force"),
    ("open_ended", D(2015, 4, 16), {}, "in_force"),
    ("in_force_last_day", D(2026, 1, 20), {"valid_until": TODAY}, "in_force"),
    ("expired", D(2022, 1, 15), {"valid_until": D(2022, 12, 31)}, "expired"),
    ("expired_yesterday", D(2026, 1, 1), {"valid_until": D(2026, 11, 22)}, "expired"),
    ("terminated", D(2014, 8, 12), {"terminated_on": D(2017, 12, 31)}, "terminated"),
    ("terminated_last_day_today", D(2014, 8, 12), {"terminated_on": TODAY}, "in_force"),
    (
        "terminated_wins_over_expired",
        D(2014, 8, 12),
        {"valid_until": D(2019, 8, 11), "terminated_on": D(2017, 12, 31)},
        "terminated",
    ),
    (
        "terminated_after_expiry_still_terminated",
        D(2014, 8, 12),
        {"valid_until": D(2015, 8, 11), "terminated_on": D(2016, 1, 1)},
        "terminated",
    ),
]


@pytest.mark.parametrize("name,signed_on,dates,expected", CASES, ids=[case[0] for case in CASES])
def test_status_property_and_annotation(pair, name, signed_on, dates, expected):
    agreement = make(pair, signed_on=signed_on, **dates)

    assert agreement.status_on(TODAY) == expected
    annotated = Agreement.objects.with_status(TODAY).get(pk=agreement.pk)
    assert annotated.current_status == expected
    assert annotated.status == expected  # the property reuses the annotation when present
    assert list(Agreement.objects.with_status_value(expected, TODAY)) == [agreement]


def test_valid_from_defaults_to_signing_date(pair):
    agreement = make(pair, signed_on=D(2015, 4, 16))
    assert agreement.valid_from == D(2015, 4, 16)


def test_renewal_chain(pair):
    """Yearly plans: each renews the previous one; the old ones expire, the latest is in force."""
    plans = []
    for year in (2024, 2025, 2026):
        plans.append(
            make(pair, "annual_plan", D(year, 1, 16), valid_until=D(year, 12, 31), renews=plans[-1] if plans else None)
        )
    assert [p.status_on(TODAY) for p in plans] == ["expired", "expired", "in_force"]
    assert list(plans[0].renewals.all()) == [plans[1]]
    assert plans[2].renews.renews == plans[0]
    statuses = dict(Agreement.objects.with_status(TODAY).values_list("pk", "current_status"))
    assert [statuses[p.pk] for p in plans] == ["expired", "expired", "in_force"]
    assert list(Agreement.objects.expiring(TODAY, days=90)) == [plans[2]]


def test_property_and_annotation_agree_for_todays_date(pair):
    """Without an explicit date both use today's local date (whatever the clock says)."""
    rows = [
        make(pair, signed_on=None),
        make(pair, signed_on=D(2015, 4, 16)),
        make(pair, signed_on=D(2022, 1, 15), valid_until=D(2022, 12, 31)),
        make(pair, signed_on=D(2014, 8, 12), terminated_on=D(2017, 12, 31)),
        make(pair, signed_on=D(2026, 11, 12), valid_from=D(2099, 1, 1)),
    ]
    annotated = {a.pk: a.current_status for a in Agreement.objects.with_status()}
    assert [annotated[a.pk] for a in rows] == [a.status for a in rows]
    assert [a.status for a in rows] == ["draft", "in_force", "expired", "terminated", "pending"]
