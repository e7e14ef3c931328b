"""The yearly figures of the worked example for 2022 (docs/WORKED_EXAMPLE.md), worked out by hand."""

# Every metric of a row, zero (revision 2: completed and planned apart, twinned partners and all partners).
ZERO = {
    "agreements_signed": 0,
    "agreements_in_force": 0,
    "partners_twinned": 0,
    "partners_total": 0,
    "delegations_inbound": 0,
    "delegations_inbound_members": 0,
    "delegations_outbound": 0,
    "delegations_outbound_members": 0,
    "delegations_inbound_planned": 0,
    "delegations_outbound_planned": 0,
    "activities": 0,
    "activities_planned": 0,
    "remains_found": 0,
    "remains_repatriated": 0,
    "expenditure_vnd": 0,
    "expenditure_to_partners_vnd": 0,
    "expenditure_by_category": {},
    "expenditure_by_funding_source": {},
}
# BP (own): signed P2; in force P1 (twinning, Kratie), P2 (annual plan, Mondulkiri): one twinned partner of
# two; D1 in (20); T2; S1 gifts from the province.
BP_OWN = {
    **ZERO,
    "agreements_signed": 1,
    "agreements_in_force": 2,
    "partners_twinned": 1,
    "partners_total": 2,
    "delegations_inbound": 1,
    "delegations_inbound_members": 20,
    "activities": 1,
    "expenditure_vnd": 80_000_000,
    "expenditure_to_partners_vnd": 80_000_000,
    "expenditure_by_category": {"gifts": 80_000_000},
    "expenditure_by_funding_source": {"province": 80_000_000},
}
# BP-LN: signed and in force P3 (twinning, Snuol); D2 out (8) starts 30/12/2022; T1; S2 USD 1,000 × 23,500.5.
BP_LN = {
    **ZERO,
    "agreements_signed": 1,
    "agreements_in_force": 1,
    "partners_twinned": 1,
    "partners_total": 1,
    "delegations_outbound": 1,
    "delegations_outbound_members": 8,
    "activities": 1,
    "expenditure_vnd": 23_500_500,
    "expenditure_to_partners_vnd": 23_500_500,
    "expenditure_by_category": {"materials": 23_500_500},
    "expenditure_by_funding_source": {"province": 23_500_500},
}
# Totals: D3 (cancelled) never counts; D1 and D2 are working visits.
TOTALS = {
    **ZERO,
    "agreements_signed": 2,
    "agreements_in_force": 3,
    "partners_twinned": 2,
    "partners_total": 3,
    "delegations_inbound": 1,
    "delegations_inbound_members": 20,
    "delegations_outbound": 1,
    "delegations_outbound_members": 8,
    "activities": 2,
    "expenditure_vnd": 103_500_500,
    "expenditure_to_partners_vnd": 103_500_500,
    "expenditure_by_category": {"materials": 23_500_500, "gifts": 80_000_000},
    "expenditure_by_funding_source": {"province": 103_500_500},
    "delegations_by_purpose": {"inbound": {"working": 1}, "outbound": {"working": 1}},
}
ZERO_TOTALS = {**ZERO, "delegations_by_purpose": {"inbound": {}, "outbound": {}}}


def as_row(totals):
    """The totals as a row carries them (the purposes are in the totals only)."""
    return {k: v for k, v in totals.items() if k != "delegations_by_purpose"}
