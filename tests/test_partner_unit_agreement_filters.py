"""The partner-unit list's agreement filters (what the dashboard's partner-unit figures open): one agreement
must meet them all, and only agreements of the user's scope count."""

from html import unescape

from django.urls import reverse


def test_the_partner_unit_filters_pick_units_by_one_agreement_the_user_may_see(client, users, worked_example):
    """``agreement_command``, ``agreement_in_force_year`` and ``agreement_kind`` hold for the same agreement, and
    only agreements of the user's scope count (units themselves are reference data everyone may list)."""
    w = worked_example

    def listed(user, **params):
        client.force_login(users[user])
        response = client.get(reverse("partner-unit-list"), params)
        assert response.status_code == 200
        return {unit.code for unit in response.context["object_list"]}

    bp, ln = w["bp"].pk, w["bp_ln"].pk
    assert listed("analyst", agreement_command=bp, agreement_in_force_year=2021) == {"KH-KRT"}
    assert listed("analyst", agreement_command=bp, agreement_in_force_year=2022) == {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}
    assert listed("analyst", agreement_command=ln, agreement_in_force_year=2021) == set()  # P3 is from July 2022
    assert listed("analyst", agreement_in_force_year=2022, agreement_kind="annual_plan") == {"KH-MDK"}
    assert listed("analyst", agreement_command=ln, agreement_kind="annual_plan") == set()
    assert listed("analyst") == {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}  # no agreement filter: every unit
    # Tây Ninh's analyst sees no agreement of Bình Phước: none of its partner units, and BP is refused by name.
    assert listed("other_analyst", agreement_in_force_year=2022) == set()
    client.force_login(users["other_analyst"])
    page = unescape(client.get(reverse("partner-unit-list"), {"agreement_command": bp}).content.decode())
    assert "Không có đơn vị ta mang số này trong phạm vi" in page and "result-count" not in page
