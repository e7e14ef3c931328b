"""The dashboard's ten-year trend comes from the per-year summary: it must equal the records' own totals."""

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
            delegations = Delegation.objects.counted().filter(command__in=commands, start_date__year=year)
            support = Expenditure.objects.filter(command__in=commands, date__year=year)
            assert trend["delegations_inbound"][i] == delegations.filter(direction="inbound").count()
            assert trend["delegations_outbound"][i] == delegations.filter(direction="outbound").count()
            assert trend["expenditure_vnd"][i] == (support.aggregate(s=Sum("amount_vnd"))["s"] or 0)
        # The trend's last year is the year of the cards: one definition.
        assert trend["expenditure_vnd"][-1] == data["cards"]["expenditure_vnd"]
        assert trend["delegations_inbound"][-1] == data["cards"]["delegations_inbound"]
        assert sum(data["charts"]["delegations_per_month"]["inbound"]) == data["cards"]["delegations_inbound"]
        assert sum(trend["expenditure_vnd"]) > 0
