"""The dashboard's ten-year trend comes from the summary per command subtree: it must equal the records' own
totals."""

import datetime
import io

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Sum

from dnqp.reports.dashboard import dashboard_data
from events.models import Delegation, Expenditure
from partnerships.models import Command
from tests import factories as f


def test_trend_equals_the_records_for_a_region_and_for_everything(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    region = Command.objects.get(code="S-QK7")
    analyst = User.objects.get(pk=f.user("tonghop_qk7", "analyst", region).pk)
    root = User.objects.get(pk=f.user("root", superuser=True).pk)
    subtree = Command.objects.organisation(region)
    today = datetime.date(2026, 11, 23)
    for user, commands in ((analyst, subtree), (root, Command.objects.all())):
        data = dashboard_data(user=user, year=2025, today=today)
        trend = data["charts"]["trend"]
        assert trend["years"] == list(range(2016, 2026))
        for i, year in enumerate(trend["years"]):
            delegations = Delegation.objects.filter(status="completed").filter(
                command__in=commands, start_date__year=year
            )
            support = Expenditure.objects.filter(command__in=commands, date__year=year)
            assert trend["delegations_inbound"][i] == delegations.filter(direction="inbound").count()
            assert trend["delegations_outbound"][i] == delegations.filter(direction="outbound").count()
            assert trend["expenditure_vnd"][i] == (support.aggregate(s=Sum("amount_vnd"))["s"] or 0)
        # The trend's last year is the year of the cards: one definition.
        assert trend["expenditure_vnd"][-1] == data["cards"]["expenditure_vnd"]
        assert trend["delegations_inbound"][-1] == data["cards"]["delegations_inbound"]
        assert sum(data["charts"]["delegations_per_month"]["inbound"]) == data["cards"]["delegations_inbound"]
        assert sum(trend["expenditure_vnd"]) > 0


def test_partners_per_country_equal_the_agreements_in_force(db):
    """Partner units twinned per country come from the yearly report's own agreements query."""
    from django.db.models import Count

    from partnerships.models import Agreement, in_force_q

    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    region = Command.objects.get(code="S-QK7")
    analyst = User.objects.get(pk=f.user("tonghop_qk7", "analyst", region).pk)
    root = User.objects.get(pk=f.user("root", superuser=True).pk)
    for user, commands in ((analyst, Command.objects.organisation(region)), (root, Command.objects.all())):
        for year in (2019, 2025):
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            expected = [
                (r["partner_unit__country"], r["n"])
                for r in Agreement.objects.filter(in_force_q(start, end), command__in=commands)
                .values("partner_unit__country")
                .annotate(n=Count("partner_unit_id", distinct=True))
                .order_by("-n", "partner_unit__country")
            ]
            data = dashboard_data(user=user, year=year, today=datetime.date(2026, 11, 23))
            got = [(r["country"], r["n"]) for r in data["charts"]["partners_by_country"]]
            assert got == expected and expected
            assert sum(n for _c, n in got) >= data["cards"]["partners_twinned"]
