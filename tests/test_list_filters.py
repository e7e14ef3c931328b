"""The lists use the shared FilterSets: filters narrow the rows, keep their values, survive paging and sorting."""

import pytest
from django.urls import reverse

from events.models import Delegation
from tests.pages_helpers import add_rows


def pks(response):
    return {obj.pk for obj in response.context["object_list"]}


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def test_search_is_accent_insensitive(analyst_client, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("agreement-list"), {"q": "loc ninh"})
    assert pks(response) == {w["p3"].pk}


def test_command_filter_takes_the_whole_subtree(analyst_client, worked_example):
    w = worked_example
    assert pks(analyst_client.get(reverse("agreement-list"), {"command": w["bp"].pk})) == {
        w["p1"].pk,
        w["p2"].pk,
        w["p3"].pk,
    }
    assert pks(analyst_client.get(reverse("agreement-list"), {"command": w["bp_ln"].pk})) == {w["p3"].pk}


def test_kind_and_derived_status_filters(analyst_client, worked_example):
    w = worked_example
    assert pks(analyst_client.get(reverse("agreement-list"), {"kind": "twinning"})) == {w["p1"].pk, w["p3"].pk}
    assert pks(analyst_client.get(reverse("agreement-list"), {"status": "expired"})) == {w["p2"].pk}
    assert pks(analyst_client.get(reverse("agreement-list"), {"status": "in_force"})) == {w["p1"].pk, w["p3"].pk}


def test_delegation_filters_direction_year_and_several_statuses(analyst_client, worked_example):
    w = worked_example
    url = reverse("delegation-list")
    assert pks(analyst_client.get(url)) == {w["d1"].pk, w["d2"].pk, w["d3"].pk}
    assert pks(analyst_client.get(url, {"direction": "outbound"})) == {w["d2"].pk}
    # The records the reports count: not cancelled.
    assert pks(analyst_client.get(url, {"status": ["planned", "completed"]})) == {w["d1"].pk, w["d2"].pk}
    assert pks(analyst_client.get(url, {"year": 2023})) == set()


def test_support_filters_by_category_and_partner_country(analyst_client, worked_example):
    w = worked_example
    url = reverse("expenditure-list")
    assert pks(analyst_client.get(url, {"category": "materials"})) == {w["s2"].pk}
    assert pks(analyst_client.get(url, {"country": "KH"})) == {w["s1"].pk, w["s2"].pk}
    assert pks(analyst_client.get(url, {"country": "LA"})) == set()


def test_activity_filter_by_partner_unit(analyst_client, worked_example):
    w = worked_example
    assert pks(analyst_client.get(reverse("activity-list"), {"partner_unit": w["snl"].pk})) == {w["t1"].pk}


def test_filters_keep_their_values(analyst_client, worked_example):
    w = worked_example
    content = analyst_client.get(
        reverse("delegation-list"),
        {"q": "Lộc Ninh", "command": w["bp_ln"].pk, "direction": "outbound", "status": ["completed"]},
    ).content.decode()
    assert 'name="q" value="Lộc Ninh"' in content
    assert f'<option value="{w["bp_ln"].pk}" selected>' in content
    assert '<option value="outbound" selected>' in content
    assert 'value="completed" id="id_status_1" checked' in content or 'value="completed" checked' in content


def test_empty_state_says_what_to_do(analyst_client, worked_example):
    content = analyst_client.get(reverse("agreement-list"), {"q": "không có văn bản nào"}).content.decode()
    assert "empty-state" in content
    assert reverse("agreement-list") in content  # the "clear all filters" link


def test_another_scope_sees_none_of_these_records(client, users, worked_example):
    client.force_login(users["other_analyst"])
    for name in ("agreement-list", "delegation-list", "activity-list", "expenditure-list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert list(response.context["object_list"]) == [], name


def test_units_are_reference_data_for_every_logged_in_user(client, users, worked_example):
    client.force_login(users["other_analyst"])
    assert worked_example["bp"].pk in pks(client.get(reverse("command-list")))
    assert worked_example["krt"].pk in pks(client.get(reverse("partner-unit-list"), {"country": "KH"}))


def test_invalid_filter_value_shows_an_error_not_a_500(analyst_client, worked_example):
    response = analyst_client.get(reverse("delegation-list"), {"year": "hai nghìn", "direction": "sideways"})
    assert response.status_code == 400  # like the API: invalid input is a 400, the page still shown
    assert response.context["form_valid"] is False
    assert list(response.context["object_list"]) == []
    assert "field-error" in response.content.decode()


def test_sorting_uses_the_filterset_ordering(analyst_client, worked_example):
    response = analyst_client.get(reverse("delegation-list"), {"ordering": "start_date"})
    dates = [d.start_date for d in response.context["object_list"]]
    assert dates == sorted(dates)
    response = analyst_client.get(reverse("delegation-list"), {"ordering": "-member_count"})
    counts = [d.member_count for d in response.context["object_list"]]
    assert counts == sorted(counts, reverse=True)


def test_pagination_keeps_the_filters(analyst_client, worked_example):
    add_rows(worked_example, 120)
    params = {"direction": "inbound", "command": worked_example["bp"].pk}
    first = analyst_client.get(reverse("delegation-list"), params)
    expected = Delegation.objects.filter(direction="inbound").count()
    assert first.context["paginator"].count == expected
    content = first.content.decode()
    assert f"?direction=inbound&amp;command={worked_example['bp'].pk}&amp;page=2" in content
    second = analyst_client.get(reverse("delegation-list"), {**params, "page": 2})
    assert not pks(first) & pks(second)
    assert all(d.direction == "inbound" for d in second.context["object_list"])


def test_a_filter_set_by_a_link_is_shown_and_can_be_removed(analyst_client, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("expenditure-list"), {"delegation": w["d1"].pk})
    assert pks(response) == set()  # no support is linked to D1 in the worked example
    content = response.content.decode()
    assert f'name="delegation" value="{w["d1"].pk}"' in content
    assert 'class="notice small"' in content
