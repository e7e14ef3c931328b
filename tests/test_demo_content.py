"""The demo data tells the story of the news articles, is consistent, and covers what the dashboard shows."""

import datetime
from collections import Counter

import pytest
from django.db import transaction

from dnqp.data import demo
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

D = datetime.date
TODAY = D(2026, 11, 23)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo is loaded once per module inside a transaction rolled back at the end; each test runs in a
    savepoint of it (pytest-django's ``db``), so what one test writes is gone for the next."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo_loaded, db):
    return demo_loaded


def test_natural_keys_are_unique_in_the_files():
    """Loading twice changes nothing only if no two demo rows share the key the import matches them by."""

    def duplicates(keys):
        return [key for key, n in Counter(keys).items() if n > 1]

    for name, resource_class in demo.FILES.items():
        resource = resource_class()
        key_headers = [resource.header_of(field) for field in resource.natural_key]
        rows = demo.read_rows(name)
        if name == "activities.csv":
            rows += demo.border_meeting_rows()  # imported into the same table
        assert rows, name
        assert duplicates(tuple(row.get(h, "") for h in key_headers) for row in rows) == [], name


def test_military_region_tree_and_2025_mergers(loaded):
    qk7 = Command.objects.get(code="QK7")
    assert Command.objects.subtree(qk7).count() == Command.objects.count()
    brvt = Command.objects.get(code="BRVT")
    assert brvt.name == "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu"
    assert {c.name for c in brvt.children.all()} == {
        "Ban CHQS huyện Châu Đức",
        "Ban CHQS thành phố Vũng Tàu",
        "Ban CHQS thị xã Phú Mỹ",
        "Ban CHQS thành phố Bà Rịa",
        "Ban CHQS huyện Đất Đỏ",
        "Ban CHQS huyện Long Điền",
        "Ban CHQS huyện Xuyên Mộc",
    }
    merged = dict(
        Command.objects.filter(level="province", successor__isnull=False).values_list("code", "successor__code")
    )
    assert merged == {"BRVT": "HCM", "BINHDUONG": "HCM", "LONGAN": "TAYNINH", "BINHPHUOC": "DONGNAI"}
    assert set(Command.objects.filter(successor__isnull=False).values_list("valid_until", flat=True)) == {
        D(2025, 6, 30)
    }
    # Every abolished district command went to a regional defence command created on 1 July 2025.
    for district in Command.objects.filter(level="district", valid_until__isnull=False).select_related("successor"):
        assert district.successor.name.startswith("Ban Chỉ huy Phòng thủ khu vực")
        assert district.successor.valid_from == D(2025, 7, 1)
    assert Command.objects.get(code="LONGAN-VINHHUNG-HUNGDIENA").level == "commune"


def test_partner_units_of_the_articles(loaded):
    pvh = PartnerUnit.objects.get(code="KH-PVH")
    assert pvh.name == "Tiểu khu Quân sự Preah Vihear"
    assert pvh.children.filter(level="district").count() == 8
    sectors = PartnerUnit.objects.filter(parent__code__in=["KH-SVR", "KH-PVG"], level="district")
    assert sectors.count() == 13
    assert PartnerUnit.objects.filter(name__startswith="Bộ Chỉ huy Hiến binh").count() == 2
    assert PartnerUnit.objects.get(code="KH-BHQ").level == "national"
    assert PartnerUnit.objects.get(code="LA-SLV").country == "LA"


def test_agreements_cover_every_status_and_the_stories(loaded):
    statuses = Counter(Agreement.objects.with_status(TODAY).values_list("current_status", flat=True))
    assert set(statuses) == {"draft", "pending", "in_force", "expired", "terminated"}
    assert Agreement.objects.expiring(TODAY, days=90).count() >= 3
    years = {a.signed_on.year for a in Agreement.objects.exclude(signed_on=None)}
    assert min(years) == 2012 and {2015, 2019, 2020, 2025, 2026} <= years
    # The 2020 ceremony: five district commands with five military sectors on one day.
    ceremony = Agreement.objects.filter(signed_on=D(2020, 1, 16), kind="twinning")
    assert ceremony.count() == 5
    assert {a.partner_unit.parent.code for a in ceremony} == {"KH-PVH"}
    # The yearly renewal chain, continued by the successor after the merger.
    plan = Agreement.objects.get(reference="HCM-PVH-KH-2026")
    chain = []
    while plan:
        chain.append((plan.command.code, plan.signed_on.year))
        plan = plan.renews
    assert chain == [("HCM", 2026)] + [("BRVT", y) for y in range(2025, 2015, -1)]
    # A1 names no signatory of the 2015 twinning; it names the sub-region's commander at the 2020 ceremony.
    twinning = Agreement.objects.get(reference="08/2015/KN-BRVT-PVH")
    assert twinning.signatory_vn_name == twinning.signatory_partner_name == ""
    assert Agreement.objects.get(reference="BRVT-PVH-KH-2020").signatory_partner_name == "Chan So Pheak Tra"
    remains = Agreement.objects.filter(kind="coordination", signed_on__year=2019)
    assert {a.partner_unit.code for a in remains} == {"KH-BTB", "KH-PLN"}


def test_events_and_support_make_a_live_dashboard(loaded):
    bodyguard = Delegation.objects.get(leader_name="Điêng Sa Run", command__code="BRVT")
    assert list(bodyguard.partner_units.values_list("code", flat=True)) == ["KH-BHQ"]
    assert Delegation.objects.filter(direction="inbound").exists()
    assert Delegation.objects.filter(direction="outbound").exists()
    assert Delegation.objects.filter(country="LA").exists()
    assert Delegation.objects.filter(status="cancelled").exists()
    assert Delegation.objects.upcoming(TODAY, days=60).exists()
    assert Delegation.objects.overdue(TODAY).exists()
    assert Activity.objects.overdue(TODAY).exists()
    for year in range(2019, 2027):
        assert Delegation.objects.filter(start_date__year=year).exists(), year
        assert Activity.objects.filter(start_date__year=year, kind="border_meeting").exists(), year
        assert Expenditure.objects.filter(date__year=year).exists(), year
    assert {"exchange", "humanitarian", "remains_search", "joint_exercise", "ceremony"} <= set(
        Activity.objects.values_list("kind", flat=True)
    )
    usd = Expenditure.objects.get(currency="USD")
    assert usd.amount_vnd == round(usd.amount_original * usd.exchange_rate)
    assert Expenditure.objects.filter(funding_source="central", partner_unit__code="KH-BTB").exists()
    assert Expenditure.objects.filter(category="construction", partner_unit__code="KH-PVH").count() >= 2


def test_border_meetings_have_deliberate_gaps(loaded):
    """Monthly at commune level, with some months missing (nothing recorded, or cancelled)."""
    meetings = Activity.objects.filter(
        kind="border_meeting", command__code="LONGAN-VINHHUNG-HUNGDIENA", start_date__year=2021
    ).exclude(status="cancelled")
    months = {a.start_date.month for a in meetings}
    assert 6 <= len(months) < 12


def test_a_changed_demo_row_is_restored(loaded):
    """Re-running brings edited demo rows back in line, and only those."""
    Command.objects.filter(code="BRVT").update(name="Tên sai")
    meeting = Activity.objects.filter(kind="border_meeting").first()
    meeting.partner_units.clear()
    stats = demo.load_demo()
    assert Command.objects.get(code="BRVT").name == "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu"
    assert meeting.partner_units.count() == 1
    assert stats["Command"]["updated"] == 1 and stats["Activity"]["updated"] == 1
    assert stats["Agreement"]["updated"] == 0
