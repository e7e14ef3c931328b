"""The replica router: reporting reads go to the ``replica`` alias, every write to the primary.

``replica`` is a test mirror of ``default`` (dnqp/settings_test.py): the same database under a second
connection, so the test sees which connection each query used. Transactional, because a mirror's
connection does not see the uncommitted rows of ``default``'s test transaction.
"""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from dnqp.core.routers import reporting_reads
from dnqp.reports import dashboard_data, yearly_report
from events.models import Expenditure
from tests import factories as f

D = datetime.date
ROUTED = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_router(settings, committed_role_groups):
    """The router on; the role groups of the data migrations made again (the flush after a transactional test
    drops them, and a serialized rollback collides with the content types another transactional test left)."""
    settings.DATABASE_ROUTERS = ["dnqp.core.routers.ReplicaRouter"]


def tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


@ROUTED
def test_yearly_report_reads_from_the_replica(replica_router, users, worked_example):
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        report = yearly_report(user=users["analyst"], year=2022)
    assert report["totals"]["expenditure_vnd"] == 103_500_500  # the worked example, read off the replica
    # The support figures come from the per-subtree summary (events_summary) or the records themselves.
    assert any(t in tables(on_replica) for t in ("events_summary", "events_expenditure"))
    assert "partnerships_agreement" in tables(on_replica)
    assert not any(t in tables(on_primary) for t in ("events_summary", "events_expenditure"))


@ROUTED
def test_dashboard_reads_from_the_replica(replica_router, users, worked_example):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        data = dashboard_data(user=users["commander"], year=2022, today=D(2022, 12, 31))
    assert data["cards"]["expenditure_vnd"] == 103_500_500
    assert "events_delegation" in tables(on_replica)


@ROUTED
def test_writes_go_to_the_primary_even_inside_reporting_code(replica_router, worked_example):
    bp = worked_example["bp"]
    with (
        reporting_reads(),
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        line = f.expenditure(bp, D(2023, 1, 5), 5_000_000)
        assert Expenditure.objects.filter(pk=line.pk).exists()  # a read: replica
    assert "INSERT" in tables(on_primary) and "INSERT" not in tables(on_replica)
    assert "events_expenditure" in tables(on_replica)


@ROUTED
def test_reads_outside_reporting_code_stay_on_the_primary(replica_router, worked_example):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert Expenditure.objects.count() == 2
    assert on_replica.captured_queries == []


@pytest.mark.django_db
def test_without_the_router_reporting_reads_use_default(worked_example):
    with reporting_reads(), CaptureQueriesContext(connections["default"]) as on_primary:
        assert Expenditure.objects.count() == 2
    assert "events_expenditure" in tables(on_primary)
