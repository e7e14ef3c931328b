""" "In force during a period" at its edges: valid_until and terminated_on are last days in force (inclusive)."""

import datetime

import pytest

from partnerships.models import Agreement, Command, in_force_q
from tests import factories as f

D = datetime.date


def year(y):
    return D(y, 1, 1), D(y, 12, 31)


@pytest.fixture
def make(db):
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu")
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")

    def build(signed_on, **dates):
        return f.agreement(brvt, pvh, "annual_plan", signed_on, **dates)

    return build


def in_force_years(agreement, years=range(2018, 2024)):
    """The years in which ``agreement`` was in force, according to the query."""
    return [y for y in years if Agreement.objects.in_force(*year(y)).filter(pk=agreement.pk).exists()]


def test_signed_on_31_december_counts_for_that_year(make):
    agreement = make(D(2020, 12, 31), valid_until=D(2021, 12, 31))
    assert in_force_years(agreement) == [2020, 2021]


def test_valid_until_1_january_counts_for_the_next_year(make):
    agreement = make(D(2020, 1, 16), valid_until=D(2021, 1, 1))
    assert in_force_years(agreement) == [2020, 2021]


def test_valid_until_31_december_does_not_count_for_the_next_year(make):
    agreement = make(D(2020, 1, 16), valid_until=D(2020, 12, 31))
    assert in_force_years(agreement) == [2020]


def test_terminated_on_31_december_of_previous_year_does_not_count(make):
    agreement = make(D(2018, 4, 16), terminated_on=D(2019, 12, 31))
    assert in_force_years(agreement) == [2018, 2019]


def test_terminated_on_1_january_counts_for_that_year(make):
    agreement = make(D(2018, 4, 16), terminated_on=D(2020, 1, 1))
    assert in_force_years(agreement) == [2018, 2019, 2020]


def test_valid_from_after_the_period_does_not_count(make):
    """Signed in 2020 but in force only from 1/1/2021: it does not count for 2020."""
    agreement = make(D(2020, 11, 12), valid_from=D(2021, 1, 1), valid_until=D(2021, 12, 31))
    assert in_force_years(agreement) == [2021]


def test_open_ended_counts_every_year_from_signing(make):
    agreement = make(D(2019, 6, 1))
    assert in_force_years(agreement) == [2019, 2020, 2021, 2022, 2023]


def test_draft_never_counts(make):
    agreement = make(None, valid_from=D(2019, 1, 1))
    assert in_force_years(agreement) == []


def test_single_day_and_multi_year_periods(make):
    agreement = make(D(2020, 1, 16), valid_until=D(2020, 12, 31))
    assert Agreement.objects.in_force(D(2020, 12, 31)).filter(pk=agreement.pk).exists()
    assert not Agreement.objects.in_force(D(2021, 1, 1)).exists()
    assert not Agreement.objects.in_force(D(2020, 1, 15)).exists()
    assert Agreement.objects.in_force(D(2015, 1, 1), D(2030, 12, 31)).get() == agreement  # ten-year review


def test_in_force_q_with_a_prefix_follows_the_same_rule(make):
    """Reports filter related rows through the same rule (``in_force_q(..., prefix="agreements__")``)."""
    make(D(2020, 12, 31), valid_until=D(2021, 1, 1))
    assert Command.objects.filter(in_force_q(*year(2020), prefix="agreements__")).count() == 1
    assert Command.objects.filter(in_force_q(*year(2021), prefix="agreements__")).count() == 1
    assert Command.objects.filter(in_force_q(*year(2022), prefix="agreements__")).count() == 0
