"""Every rule of the domain model is enforced by the database itself: writes that bypass forms and
``clean()`` (``objects.create``, ``bulk_create``, ``QuerySet.update``) raise ``IntegrityError``."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests import factories as f

D = datetime.date


def assert_refused(write):
    """``write()`` must raise IntegrityError; the savepoint keeps the test transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.fixture
def base(db):
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu", parent=qk7)
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    agreement = f.agreement(brvt, pvh, "twinning", D(2015, 4, 16))
    return {"qk7": qk7, "brvt": brvt, "pvh": pvh, "agreement": agreement}


# --- Command -------------------------------------------------------------------------------------------------


def test_command_level_must_be_a_choice(base):
    assert_refused(lambda: Command.objects.create(code="X", name="X", level="battalion"))
    assert_refused(lambda: Command.objects.filter(pk=base["brvt"].pk).update(level="regiment"))


def test_command_code_unique_and_not_empty(base):
    assert_refused(lambda: Command.objects.create(code="BRVT", name="Trùng mã", level="province"))
    assert_refused(lambda: Command.objects.bulk_create([Command(code="", name="Không mã", level="province")]))


def test_command_cannot_be_its_own_parent_or_successor(base):
    brvt = base["brvt"]
    assert_refused(lambda: Command.objects.filter(pk=brvt.pk).update(parent=F("pk")))
    assert_refused(lambda: Command.objects.filter(pk=brvt.pk).update(successor=F("pk"), valid_until=D(2025, 6, 30)))


def test_command_successor_needs_valid_until(base):
    assert_refused(
        lambda: Command.objects.create(code="LA", name="Bộ CHQS tỉnh Long An", level="province", successor=base["qk7"])
    )
    assert_refused(lambda: Command.objects.filter(pk=base["brvt"].pk).update(successor=base["qk7"]))


def test_command_dissolution_not_before_start(base):
    assert_refused(
        lambda: Command.objects.create(
            code="PTKV", name="Ban CHPTKV", level="district", valid_from=D(2025, 7, 1), valid_until=D(2025, 6, 30)
        )
    )


# --- PartnerUnit ---------------------------------------------------------------------------------------------


def test_partner_country_must_be_an_assigned_iso_code(base):
    assert_refused(lambda: PartnerUnit.objects.create(code="XX-1", name="Đơn vị X", country="XX", level="province"))
    assert_refused(lambda: PartnerUnit.objects.filter(pk=base["pvh"].pk).update(country="ZZ"))


def test_partner_level_choice_code_and_parent(base):
    pvh = base["pvh"]
    assert_refused(lambda: PartnerUnit.objects.create(code="KH-1", name="X", country="KH", level="brigade"))
    assert_refused(lambda: PartnerUnit.objects.create(code="KH-PVH", name="Trùng", country="KH", level="province"))
    no_code = PartnerUnit(code="", name="X", country="KH", level="unit")
    assert_refused(lambda: PartnerUnit.objects.bulk_create([no_code]))
    assert_refused(lambda: PartnerUnit.objects.filter(pk=pvh.pk).update(parent=F("pk")))


# --- Agreement -----------------------------------------------------------------------------------------------


def test_agreement_kind_must_be_a_choice(base):
    assert_refused(lambda: f.agreement(base["brvt"], base["pvh"], "friendship", D(2020, 1, 1)))
    assert_refused(lambda: Agreement.objects.filter(pk=base["agreement"].pk).update(kind="treaty"))


def test_agreement_validity_ordered(base):
    assert_refused(
        lambda: f.agreement(base["brvt"], base["pvh"], "annual_plan", D(2020, 1, 16), valid_until=D(2019, 12, 31))
    )
    assert_refused(lambda: Agreement.objects.filter(pk=base["agreement"].pk).update(valid_until=D(2015, 4, 15)))


def test_signed_agreement_needs_valid_from(base):
    # save() fills valid_from from signed_on; a bulk update cannot skip it.
    assert_refused(lambda: Agreement.objects.filter(pk=base["agreement"].pk).update(valid_from=None))


def test_agreement_terminated_not_before_signing_nor_as_draft(base):
    agreement = base["agreement"]
    assert_refused(lambda: Agreement.objects.filter(pk=agreement.pk).update(terminated_on=D(2015, 4, 15)))
    assert_refused(lambda: f.agreement(base["brvt"], base["pvh"], "cooperation", None, terminated_on=D(2020, 1, 1)))


def test_agreement_cannot_renew_itself(base):
    assert_refused(lambda: Agreement.objects.filter(pk=base["agreement"].pk).update(renews=F("pk")))


# --- Delegation and Activity ---------------------------------------------------------------------------------


def delegation_kwargs(base, **overrides):
    kwargs = {
        "command": base["brvt"],
        "direction": "inbound",
        "purpose": "courtesy",
        "country": "KH",
        "member_count": 15,
        "start_date": D(2019, 11, 26),
        "end_date": D(2019, 11, 27),
    }
    return kwargs | overrides


@pytest.mark.parametrize(
    "overrides",
    [
        {"direction": "sideways"},
        {"purpose": "tourism"},
        {"status": "postponed"},
        {"country": "XX"},
        {"member_count": 0},
        {"end_date": D(2019, 11, 25)},
    ],
    ids=["direction", "purpose", "status", "country", "member_count", "end_before_start"],
)
def test_delegation_rules(base, overrides):
    assert_refused(lambda: Delegation.objects.create(**delegation_kwargs(base, **overrides)))
    assert_refused(lambda: Delegation.objects.bulk_create([Delegation(**delegation_kwargs(base, **overrides))]))


def test_delegation_update_cannot_break_rules(base):
    delegation = Delegation.objects.create(**delegation_kwargs(base))
    assert_refused(lambda: Delegation.objects.filter(pk=delegation.pk).update(member_count=0))
    assert_refused(lambda: Delegation.objects.filter(pk=delegation.pk).update(end_date=D(2019, 1, 1)))


@pytest.mark.parametrize(
    "overrides",
    [{"kind": "party"}, {"status": "done"}, {"participant_count": 0}, {"end_date": D(2022, 8, 14)}],
    ids=["kind", "status", "participant_count", "end_before_start"],
)
def test_activity_rules(base, overrides):
    kwargs = {
        "command": base["brvt"],
        "kind": "border_meeting",
        "title": "Giao ban biên giới quý 3/2022",
        "start_date": D(2022, 8, 15),
        "end_date": D(2022, 8, 15),
    } | overrides
    assert_refused(lambda: Activity.objects.create(**kwargs))


# --- Expenditure ---------------------------------------------------------------------------------------------


def expenditure(base, **overrides):
    kwargs = {
        "command": base["brvt"],
        "partner_unit": base["pvh"],
        "date": D(2019, 8, 20),
        "category": "construction",
        "funding_source": "province",
        "amount_vnd": 380_000_000,
    } | overrides
    return Expenditure(**kwargs)


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "bribes"},
        {"funding_source": "lottery"},
        {"amount_vnd": 0},
        {"amount_vnd": -1},
        # foreign currency: amount_vnd must equal round(original × rate)
        {"currency": "USD", "amount_original": Decimal("1000"), "exchange_rate": Decimal("23500.5"), "amount_vnd": 1},
        {"currency": "USD", "amount_original": Decimal("1000"), "exchange_rate": None, "amount_vnd": 23_500_500},
        {"currency": "USD", "amount_original": None, "exchange_rate": Decimal("23500.5"), "amount_vnd": 23_500_500},
        {"currency": None, "amount_original": Decimal("1000"), "exchange_rate": Decimal("23500.5")},
        {"currency": "ZZZ", "amount_original": Decimal("1000"), "exchange_rate": Decimal("2"), "amount_vnd": 2000},
        {"currency": "USD", "amount_original": Decimal("-1"), "exchange_rate": Decimal("2"), "amount_vnd": 1},
    ],
    ids=[
        "category",
        "funding_source",
        "amount_zero",
        "amount_negative",
        "vnd_inconsistent",
        "missing_rate",
        "missing_original",
        "missing_currency",
        "unknown_currency",
        "negative_original",
    ],
)
def test_expenditure_rules(base, overrides):
    assert_refused(lambda: expenditure(base, **overrides).save())
    assert_refused(lambda: Expenditure.objects.bulk_create([expenditure(base, **overrides)]))


def test_expenditure_update_cannot_break_foreign_currency_rule(base):
    usd = expenditure(
        base, currency="USD", amount_original=Decimal("1000"), exchange_rate=Decimal("23500.5"), amount_vnd=None
    )
    usd.save()
    assert usd.amount_vnd == 23_500_500  # computed by the server, half up
    assert_refused(lambda: Expenditure.objects.filter(pk=usd.pk).update(amount_vnd=23_500_000))
    assert_refused(lambda: Expenditure.objects.filter(pk=usd.pk).update(exchange_rate=None))
    assert_refused(lambda: Expenditure.objects.filter(pk=usd.pk).update(amount_vnd=0, currency=None))


def test_valid_records_are_accepted(base):
    """The refusals above are not the database refusing everything: the same rows, valid, are written."""
    Delegation.objects.create(**delegation_kwargs(base))
    expenditure(base).save()
    expenditure(base, currency="USD", amount_original=Decimal("0.5"), exchange_rate=Decimal("3"), amount_vnd=2).save()
    assert Expenditure.objects.filter(amount_vnd=2).exists()  # 1.5 rounds half up to 2
