"""Six imports of the same new plan at once (PostgreSQL, real parallel transactions): one plan is written, with its
targets once; every other import either finds it (nothing to change) or gets the row's clear error, never a 500."""

import threading

import pytest
from django.db import connection

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.plan_resources import PLAN_TAKEN, AnnualPlanResource
from events.models import AnnualPlan, PlanTarget
from tests import factories as f
from tests import spreadsheets as s

WRITERS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_one_new_plan_write_it_once():
    f.command("SONG-SONG", "Bộ CHQS song song")
    rows = [
        ["SONG-SONG", 2023, "15/KH", "", "", "", "Đoàn vào", "", "", 3, ""],
        ["SONG-SONG", 2023, "15/KH", "", "", "", "Hoạt động", "", "", 4, ""],
    ]
    content = s.xlsx(columns.headers(columns.PLAN_COLUMNS), rows)
    barrier = threading.Barrier(WRITERS)
    outcomes = []

    def load():
        try:
            barrier.wait()
            result = s.run(AnnualPlanResource(), content, "ke-hoach.xlsx")  # a trusted caller: no user
            outcomes.append([message for _row, _column, message in s.problems(result)])
        except Exception as exc:  # noqa: BLE001 - the assertion below names it
            outcomes.append([repr(exc)])
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == WRITERS
    assert all(problems in ([], [str(PLAN_TAKEN)]) for problems in outcomes), outcomes
    assert [] in outcomes
    plan = AnnualPlan.objects.get(command__code="SONG-SONG", year=2023)
    assert sorted(PlanTarget.objects.filter(plan=plan).values_list("metric", "target")) == [
        ("activities", 4),
        ("delegations_inbound", 3),
    ]
