"""After a merger the successor command answers for its predecessors' records (docs/REPORTS.md: the 2025 mergers)."""

from dnqp.access import scoping
from dnqp.reports.yearly import yearly_report
from partnerships.models import Agreement, Command


def test_successor_user_sees_records_of_the_merged_province(users, worked_example):
    w = worked_example
    visible = scoping.scope_records(users["successor_analyst"], Agreement.objects.all())
    visible = set(visible.values_list("pk", flat=True))
    assert visible == {w["p1"].pk, w["p2"].pk, w["p3"].pk}
    assert scoping.command_in_scope(users["successor_analyst"], w["bp_ln"])


def test_sibling_province_user_sees_none_of_them(users):
    assert not scoping.scope_records(users["other_analyst"], Agreement.objects.all()).exists()
    assert not scoping.command_in_scope(users["other_analyst"], Command.objects.get(code="BP"))


def test_predecessor_user_does_not_see_the_successor(users, worked_example):
    assert not scoping.command_in_scope(users["analyst"], worked_example["dn"])


def test_successor_analyst_gets_the_worked_example_current_figures(users, worked_example):
    report = yearly_report(user=users["successor_analyst"], year=2022, by="current")
    assert report["scope"]["code"] == "DN"
    assert report["totals"]["agreements_in_force"] == 3
    assert report["totals"]["expenditure_vnd"] == 103_500_500
    own = report["rows"][0]
    assert own["own"] and own["agreements_signed"] == 1 and own["delegations_inbound_members"] == 20
    recorded = yearly_report(user=users["successor_analyst"], year=2022, by="recorded")
    assert recorded["totals"]["expenditure_vnd"] == 0


def test_organisation_is_one_query(django_assert_num_queries, worked_example):
    with django_assert_num_queries(1):  # the recursive query over parent and successor links
        codes = sorted(Command.objects.organisation(worked_example["dn"]).values_list("code", flat=True))
    assert codes == ["BP", "BP-LN", "DN"]
