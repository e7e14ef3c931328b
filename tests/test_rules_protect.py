"""Deleting a unit never deletes its history: PROTECT on every foreign key that records depend on."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from events.models import Activity, Delegation, DelegationPartner, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit


def row_counts():
    models = [Command, PartnerUnit, Agreement, Delegation, DelegationPartner, Activity, Expenditure]
    return {model.__name__: model.objects.count() for model in models}


def assert_protected(obj):
    before = row_counts()
    with pytest.raises(ProtectedError), transaction.atomic():
        obj.delete()
    assert row_counts() == before  # nothing deleted, not even partly


def test_command_with_records_cannot_be_deleted(worked_example):
    assert_protected(worked_example["bp_ln"])  # agreements, delegations, activities, support of Lộc Ninh


def test_command_with_sub_commands_or_predecessors_cannot_be_deleted(worked_example):
    w = worked_example
    for model in (Agreement, Delegation, Activity, Expenditure):
        model.objects.filter(command=w["bp"]).delete()
    assert_protected(w["bp"])  # still the parent of Lộc Ninh
    assert_protected(w["dn"])  # the successor of Bình Phước


def test_partner_unit_with_records_cannot_be_deleted(worked_example):
    assert_protected(worked_example["krt"])
    assert_protected(worked_example["snl"])


def test_partner_unit_in_a_delegation_only_cannot_be_deleted(worked_example):
    """The delegation's partner list goes through a table whose link to the unit is PROTECT too."""
    w = worked_example
    assert DelegationPartner.objects.filter(partner_unit=w["mdk"]).count() == 0
    w["d1"].partner_units.add(w["mdk"])
    Agreement.objects.filter(partner_unit=w["mdk"]).delete()
    assert_protected(w["mdk"])


def test_agreement_with_renewals_or_events_cannot_be_deleted(worked_example):
    w = worked_example
    renewal = Agreement.objects.create(
        command=w["bp"],
        partner_unit=w["mdk"],
        kind="annual_plan",
        title="Kế hoạch 2023",
        renews=w["p2"],
        signed_on=w["p2"].signed_on.replace(year=2023),
    )
    assert_protected(w["p2"])
    w["d1"].agreement = renewal
    w["d1"].save()
    assert_protected(renewal)


def test_unit_without_records_can_be_deleted(worked_example):
    """The counterpart: PROTECT is about history, not a blanket refusal."""
    unused = PartnerUnit.objects.create(code="KH-PLN", name="Tiểu khu Quân sự Pailin", country="KH", level="province")
    unused.delete()
    assert not PartnerUnit.objects.filter(code="KH-PLN").exists()
