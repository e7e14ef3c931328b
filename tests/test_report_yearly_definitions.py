"""The definitions of the yearly report on the edge cases docs/REPORTS.md names (dates, renewals, status, money)."""

import datetime
from decimal import Decimal

from dnqp.reports import yearly_report
from tests import factories as f

D = datetime.date
TODAY = D(2026, 11, 23)


def report(users, command, year, **kw):
    return yearly_report(user=users["admin"], year=year, command=command.pk, today=TODAY, **kw)


def test_delegation_from_30_12_to_02_01_counts_in_the_year_it_starts(worked_example, users):
    bp_ln = worked_example["bp_ln"]
    assert report(users, bp_ln, 2022)["totals"]["delegations_outbound"] == 1
    next_year = report(users, bp_ln, 2023)["totals"]
    assert next_year["delegations_outbound"] == 0 and next_year["delegations_outbound_members"] == 0


def test_agreement_terminated_on_31_12_of_the_previous_year_is_not_in_force(worked_example, users):
    dn = worked_example["dn"]
    unit = f.partner("KH-TBK", "Tiểu khu Quân sự Tbong Khmum")
    f.agreement(dn, unit, "cooperation", D(2019, 5, 1), terminated_on=D(2021, 12, 31))
    assert report(users, dn, 2022)["totals"]["agreements_in_force"] == 0
    assert report(users, dn, 2022)["totals"]["partners_twinned"] == 0
    assert report(users, dn, 2021)["totals"]["agreements_in_force"] == 1
    # Its last day in force is 31/12/2021: it still counts for a period that includes that day.
    assert report(users, dn, 2021, year_to=2022)["totals"]["agreements_in_force"] == 1


def test_agreement_expiring_on_1_1_is_in_force_that_year(worked_example, users):
    dn = worked_example["dn"]
    f.agreement(dn, worked_example["mdk"], "annual_plan", D(2021, 1, 5), valid_until=D(2022, 1, 1))
    assert report(users, dn, 2022)["totals"]["agreements_in_force"] == 1
    assert report(users, dn, 2023)["totals"]["agreements_in_force"] == 0


def test_signed_agreement_not_yet_in_force_counts_as_signed_only(worked_example, users):
    dn = worked_example["dn"]
    f.agreement(dn, worked_example["mdk"], "annual_plan", D(2022, 12, 20), valid_from=D(2023, 1, 1))
    totals = report(users, dn, 2022)["totals"]
    assert (totals["agreements_signed"], totals["agreements_in_force"], totals["partners_twinned"]) == (1, 0, 0)


def test_draft_agreement_never_counts(worked_example, users):
    dn = worked_example["dn"]
    f.agreement(dn, worked_example["mdk"], "annual_plan", None, valid_from=D(2022, 1, 1))
    totals = report(users, dn, 2022)["totals"]
    assert (totals["agreements_signed"], totals["agreements_in_force"]) == (0, 0)


def test_renewal_chain_each_renewal_signed_in_its_own_year(worked_example, users):
    dn = worked_example["dn"]
    mdk = worked_example["mdk"]
    a2020 = f.agreement(dn, mdk, "annual_plan", D(2020, 1, 10), valid_until=D(2020, 12, 31))
    a2021 = f.agreement(
        dn, mdk, "annual_plan", D(2020, 12, 28), valid_from=D(2021, 1, 1), valid_until=D(2021, 12, 31), renews=a2020
    )
    f.agreement(
        dn, mdk, "annual_plan", D(2021, 12, 20), valid_from=D(2022, 1, 1), valid_until=D(2022, 12, 31), renews=a2021
    )
    # Annual plans, not twinning: the partner counts among all partners, not among the twinned ones.
    y2020 = report(users, dn, 2020)["totals"]
    assert (y2020["agreements_signed"], y2020["agreements_in_force"], y2020["partners_total"]) == (2, 1, 1)
    assert y2020["partners_twinned"] == 0
    y2021 = report(users, dn, 2021)["totals"]
    assert (y2021["agreements_signed"], y2021["agreements_in_force"], y2021["partners_total"]) == (1, 1, 1)
    y2022 = report(users, dn, 2022)["totals"]
    assert (y2022["agreements_signed"], y2022["agreements_in_force"], y2022["partners_total"]) == (0, 1, 1)
    three = report(users, dn, 2020, year_to=2022)["totals"]
    assert (three["agreements_signed"], three["agreements_in_force"], three["partners_total"]) == (3, 3, 1)


def test_only_completed_events_count_planned_ones_stand_beside(worked_example, users):
    dn = worked_example["dn"]
    f.delegation(dn, D(2022, 3, 1), members=5, status="cancelled")
    f.activity(dn, D(2022, 3, 2), status="cancelled")
    f.delegation(dn, D(2022, 3, 3), members=7, status="planned")
    f.delegation(dn, D(2022, 3, 5), members=2, direction="outbound", status="planned")
    f.activity(dn, D(2022, 3, 4), status="planned")
    f.delegation(dn, D(2022, 4, 1), members=9, purpose="study")
    totals = report(users, dn, 2022)["totals"]
    assert (totals["delegations_inbound"], totals["delegations_inbound_members"], totals["activities"]) == (1, 9, 0)
    assert (totals["delegations_inbound_planned"], totals["delegations_outbound_planned"]) == (1, 1)
    assert totals["activities_planned"] == 1
    assert totals["delegations_by_purpose"] == {"inbound": {"study": 1}, "outbound": {}}


def test_support_paid_in_usd_counts_its_vnd_amount(worked_example, users):
    dn = worked_example["dn"]
    f.expenditure(
        dn, D(2022, 10, 1), None, category="medical", currency="USD",
        amount_original=Decimal("250.50"), exchange_rate=Decimal("24123.456789"),
    )  # fmt: skip
    totals = report(users, dn, 2022)["totals"]
    # 250.50 × 24,123.456789 = 6,042,925.925... → 6,042,926 (half up).
    assert totals["expenditure_vnd"] == 6_042_926
    assert totals["expenditure_by_category"] == {"medical": 6_042_926}


def test_merged_province_own_records_in_both_modes(worked_example, users):
    w = worked_example
    f.expenditure(w["dn"], D(2022, 2, 1), 1_000_000, category="funds")
    recorded = report(users, w["dn"], 2022)
    current = report(users, w["dn"], 2022, by="current")
    assert recorded["totals"]["expenditure_vnd"] == 1_000_000
    # Current: DN's own support plus BP's (now DN's own), BP-LN's under its row.
    assert current["rows"][0]["expenditure_vnd"] == 81_000_000
    assert current["rows"][0]["expenditure_by_category"] == {"funds": 1_000_000, "gifts": 80_000_000}
    assert current["totals"]["expenditure_vnd"] == 104_500_500
    # BP asked for by=current stands for its successor (DN), seen through the user's scope.
    bp_current = yearly_report(user=users["analyst"], year=2022, by="current", today=TODAY)
    assert bp_current["scope"]["code"] == "DN"
    assert bp_current["totals"]["expenditure_vnd"] == 103_500_500  # DN's own support is outside BP's scope


def test_ten_year_range(worked_example, users):
    w = worked_example
    for year in range(2013, 2023):
        f.expenditure(w["bp"], D(year, 6, 1), 1_000_000_000, category="funds")
    f.expenditure(w["bp"], D(2023, 1, 1), 5, category="funds")
    f.expenditure(w["bp"], D(2012, 12, 31), 7, category="funds")
    ten = yearly_report(user=users["analyst"], year=2013, year_to=2022, today=TODAY)
    assert (ten["year"], ten["year_to"]) == (2013, 2022)
    assert ten["totals"]["expenditure_vnd"] == 10_000_000_000 + 103_500_500
    assert ten["totals"]["agreements_signed"] == 3  # P1 (2016), P2, P3
    assert ten["totals"]["agreements_in_force"] == 3
    assert ten["totals"]["partners_twinned"] == 2  # Kratie (P1), Snuol (P3); Mondulkiri's P2 is an annual plan
    assert ten["totals"]["partners_total"] == 3


def test_country_filter(worked_example, users):
    w = worked_example
    la = f.partner("LA-ATP", "Bộ Chỉ huy Quân sự tỉnh Attapeu", country="LA")
    f.agreement(w["bp"], la, "cooperation", D(2022, 2, 1))
    f.delegation(w["bp"], D(2022, 2, 2), members=4, country="LA", partners=[la])
    f.delegation(w["bp"], D(2022, 2, 3), members=3, country="TH")  # no partner unit: counted by its country
    f.activity(w["bp"], D(2022, 2, 4), kind="exchange", partners=[la, w["krt"]])  # both countries
    f.expenditure(w["bp"], D(2022, 2, 5), 2_000_000, category="training", partner_unit=la)
    f.expenditure(w["bp"], D(2022, 2, 6), 3_000_000, category="other")  # no partner unit: only unfiltered

    kh = yearly_report(user=users["analyst"], year=2022, country="KH", today=TODAY)["totals"]
    assert kh["agreements_in_force"] == 3 and kh["partners_total"] == 3 and kh["partners_twinned"] == 2
    assert (kh["delegations_inbound"], kh["delegations_inbound_members"]) == (1, 20)
    assert kh["activities"] == 3
    assert kh["expenditure_vnd"] == 103_500_500

    la_totals = yearly_report(user=users["analyst"], year=2022, country="LA", today=TODAY)["totals"]
    assert (la_totals["agreements_signed"], la_totals["agreements_in_force"], la_totals["partners_total"]) == (1, 1, 1)
    assert la_totals["partners_twinned"] == 0  # a cooperation agreement
    assert (la_totals["delegations_inbound"], la_totals["delegations_inbound_members"]) == (1, 4)
    assert la_totals["activities"] == 1
    assert la_totals["expenditure_by_category"] == {"training": 2_000_000}

    th = yearly_report(user=users["analyst"], year=2022, country="TH", today=TODAY)["totals"]
    assert (th["delegations_inbound"], th["agreements_in_force"], th["expenditure_vnd"]) == (1, 0, 0)

    everything = yearly_report(user=users["analyst"], year=2022, today=TODAY)["totals"]
    assert everything["expenditure_vnd"] == 103_500_500 + 5_000_000
    assert everything["activities"] == 3 and everything["delegations_inbound"] == 3


def test_rows_sum_to_totals_except_partners(worked_example, users):
    w = worked_example
    # A partner twinned by two rows is one partner in the totals.
    f.agreement(w["bp_ln"], w["krt"], "cooperation", D(2022, 3, 1))
    f.expenditure(w["qk7"], D(2022, 3, 1), 9_000_000, category="hospitality")
    f.delegation(w["dn"], D(2022, 3, 1), members=6, direction="outbound")
    for by in ("recorded", "current"):
        rep = yearly_report(user=users["superuser"], year=2022, command=w["qk7"].pk, by=by, today=TODAY)
        totals = rep["totals"]
        for key, value in totals.items():
            if key in ("partners_twinned", "partners_total", "delegations_by_purpose"):
                continue
            if key.startswith("expenditure_by_"):
                summed = {}
                for row in rep["rows"]:
                    for c, vnd in row[key].items():
                        summed[c] = summed.get(c, 0) + vnd
                assert summed == value
            else:
                assert sum(row[key] for row in rep["rows"]) == value, (by, key)
        assert (totals["partners_twinned"], totals["partners_total"]) == (2, 3)
        assert sum(row["partners_total"] for row in rep["rows"]) >= totals["partners_total"]
        assert totals["expenditure_to_partners_vnd"] == totals["expenditure_vnd"] - 9_000_000  # not hospitality
