import datetime

from events.models import Expenditure
from partnerships.models import Agreement, Command


def test_worked_example_loads_with_usd_support_computed(worked_example):
    s2 = Expenditure.objects.get(pk=worked_example["s2"].pk)
    assert s2.amount_vnd == 23_500_500
    assert Agreement.objects.count() == 3


def test_subtree_of_bp_is_bp_and_loc_ninh(worked_example):
    codes = set(Command.objects.subtree(worked_example["bp"]).values_list("code", flat=True))
    assert codes == {"BP", "BP-LN"}


def test_status_on_worked_example_date(worked_example):
    today = datetime.date(2026, 11, 23)
    assert worked_example["p1"].status_on(today) == "in_force"  # open-ended: it outlives BP (dissolved 30/06/2025)
    assert worked_example["p2"].status_on(today) == "expired"
    statuses = dict(Agreement.objects.with_status(today).values_list("pk", "current_status"))
    assert statuses[worked_example["p1"].pk] == "in_force"
    assert statuses[worked_example["p2"].pk] == "expired"
    assert statuses[worked_example["p3"].pk] == "in_force"
