"""The yearly report's four queries are built and compiled once per command tree (``Tree.kept``): the same SQL
is reused while the tree stays the same, rebuilt when a command changes, and never shared between scopes."""

import pytest
from django.http import Http404

from dnqp.core import cache
from dnqp.reports import yearly
from dnqp.reports.yearly import yearly_report


@pytest.fixture
def builds(monkeypatch):
    """How many times the report's querysets were built."""
    calls = []
    original = yearly.yearly_queries

    def counting(**kwargs):
        calls.append(kwargs["scope"])
        return original(**kwargs)

    monkeypatch.setattr(yearly, "yearly_queries", counting)
    return calls


def test_the_same_report_again_reuses_its_sql(worked_example, users, report_cache, builds):
    first = yearly_report(user=users["analyst"], year=2022)
    cache.invalidate()  # the figures are computed again, from the kept SQL
    assert yearly_report(user=users["analyst"], year=2022) == first
    assert builds == [worked_example["bp"].pk]


def test_a_moved_command_rebuilds_the_sql(worked_example, users, report_cache, builds):
    w = worked_example
    before = yearly_report(user=users["superuser"], year=2022, command=w["bp"].pk)
    own_and_ln = {row["code"]: row["expenditure_vnd"] for row in before["rows"]}
    assert own_and_ln == {"BP": 80_000_000, "BP-LN": 23_500_500}

    w["bp_ln"].parent = w["dn"]  # a command write: a new tree generation
    w["bp_ln"].save()
    after = yearly_report(user=users["superuser"], year=2022, command=w["bp"].pk)
    assert {row["code"]: row["expenditure_vnd"] for row in after["rows"]} == {"BP": 80_000_000}
    assert after["totals"]["expenditure_vnd"] == 80_000_000
    assert len(builds) == 2


def test_scopes_never_share_sql(worked_example, users, report_cache, builds):
    """Two users asking for the same parameters, each with a scope of their own, each get their own figures; the
    user of another province is refused the first one's command."""
    own = yearly_report(user=users["analyst"], year=2022)
    other = yearly_report(user=users["other_analyst"], year=2022)
    assert own["scope"]["code"] == "BP" and own["totals"]["expenditure_vnd"] == 103_500_500
    assert other["scope"]["code"] == "TN" and other["totals"]["expenditure_vnd"] == 0
    with pytest.raises(Http404):
        yearly_report(user=users["other_analyst"], year=2022, command=worked_example["bp"].pk)
    # The successor's analyst sees BP's records through Đồng Nai's scope (BP merged into it), with SQL of its own.
    assert yearly_report(user=users["successor_analyst"], year=2022, command=worked_example["bp"].pk) == own
    assert len(builds) == 3
