"""``seed_scale --scale small``: fast, valid under every database rule, deterministic, careful with real data."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Sum

from dnqp.data import scale
from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests import factories as f


def seed(**options):
    out = io.StringIO()
    call_command("seed_scale", scale="small", no_progress=True, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def fingerprint():
    """Enough of the data to tell two loads apart (counts, sums, dates, ids)."""
    return (
        list(Command.objects.order_by("id").values_list("id", "code", "parent_id", "successor_id", "valid_until")),
        list(PartnerUnit.objects.order_by("id").values_list("id", "code", "country", "parent_id")),
        list(Agreement.objects.order_by("id").values_list("id", "command_id", "signed_on", "renews")),
        Delegation.objects.aggregate(n=Count("id"), m=Sum("member_count"), first=Min("start_date"), x=Max("id")),
        Activity.objects.aggregate(n=Count("id"), first=Min("start_date"), last=Max("end_date")),
        Expenditure.objects.aggregate(n=Count("id"), vnd=Sum("amount_vnd"), first=Min("date"), last=Max("date")),
        DelegationPartner.objects.count(),
        ActivityPartner.objects.count(),
    )


def test_small_scale_loads_every_table(db):
    out = seed()
    s = scale.SCALES["small"]
    assert "Loaded small scale" in out
    assert Command.objects.count() > 50
    assert PartnerUnit.objects.count() == s.partners
    assert Agreement.objects.count() == s.agreements
    assert Delegation.objects.count() == s.delegations
    assert Activity.objects.count() == s.activities
    assert Expenditure.objects.count() == s.expenditures
    assert DelegationPartner.objects.exists() and ActivityPartner.objects.exists()
    # Ids continue from the loaded rows: the next record written through the ORM gets a fresh id.
    top = Command.objects.get(code="S-QK7")
    assert f.expenditure(top, datetime.date(2026, 1, 1), 1_000).pk > s.expenditures


def test_small_scale_has_the_shapes_reports_need(db):
    seed()
    levels = set(Command.objects.values_list("level", flat=True))
    assert {"military_region", "province", "district", "commune", "unit"} <= levels
    merged = Command.objects.filter(successor__isnull=False)
    assert merged.filter(level="province").exists() and merged.filter(level="district").exists()
    assert all(c.valid_until == scale.MERGER_LAST_DAY for c in merged)
    # Records dated after the mergers never sit on a dissolved command.
    assert not Expenditure.objects.filter(command__valid_until__isnull=False, date__gt=scale.MERGER_LAST_DAY).exists()
    assert set(PartnerUnit.objects.values_list("country", flat=True)) >= {"KH", "LA"}
    assert Agreement.objects.filter(renews__isnull=False).exists()
    assert Agreement.objects.filter(signed_on__isnull=True).exists()  # drafts
    assert Expenditure.objects.filter(currency__isnull=False).exists()  # foreign-currency support
    assert set(Delegation.objects.values_list("status", flat=True)) == {"planned", "completed", "cancelled"}
    years = Expenditure.objects.aggregate(a=Min("date"), b=Max("date"))
    assert years["a"].year == 2005 and years["b"].year == 2026
    # Dates are not in insertion order.
    dates = list(Expenditure.objects.order_by("id").values_list("date", flat=True)[:50])
    assert dates != sorted(dates)


def test_small_scale_passes_every_model_rule(db):
    """full_clean() on every 20th row of every model: the same rules the admin and API apply."""
    seed()
    for model in (Command, PartnerUnit, Agreement, Delegation, Activity, Expenditure):
        for obj in list(model.objects.order_by("id"))[::20]:
            obj.full_clean(validate_unique=False)


def test_same_seed_same_data_other_seed_other_data(db):
    seed(seed=3)
    first = fingerprint()
    seed(seed=3)  # replaces the earlier synthetic data
    assert fingerprint() == first
    seed(seed=4)
    assert fingerprint() != first


def test_refuses_a_database_with_real_data_unless_forced(worked_example):
    with pytest.raises(CommandError, match="did not write"):
        seed()
    assert not Command.objects.filter(code__startswith=scale.PREFIX).exists()
    seed(force=True)
    assert Command.objects.filter(code__startswith=scale.PREFIX).exists()
    # Real data untouched, and a second forced run replaces only the synthetic rows.
    seed(force=True)
    assert Expenditure.objects.filter(command__code="BP").count() == 1
    assert Agreement.objects.filter(command__code__in=["BP", "BP-LN"]).count() == 3
