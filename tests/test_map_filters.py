"""The map's filters (a GET form): the year, the partner units' country and the kind of agreement narrow what is
drawn; a value the form refuses is a 400 with the form's message, never a 500."""

import pytest

from tests import factories as f
from tests.map_helpers import codes, get_map, map_json, pair_codes, place, placed_example


@pytest.fixture
def example(worked_example, users):
    """The placed worked example, and Bình Phước twinned with Attapeu (Laos) as well."""
    w = placed_example(worked_example, users)
    place(w["lonely"], "14.81000", "106.83100")
    f.agreement(w["bp"], w["lonely"], "cooperation", f.D(2020, 5, 1))
    return w


def test_the_country_narrows_the_partner_units_and_the_lines(client, users, example):
    client.force_login(users["staff"])
    everything = map_json(get_map(client, year=2022))
    assert codes(everything)[1] == {"KH-KRT", "KH-MDK", "KH-KRT-SNL", "LA-ATP"}
    laos = map_json(get_map(client, year=2022, country="LA"))
    assert codes(laos) == ({"BP", "BP-LN"}, {"LA-ATP"})  # our units stay: the filter is the partners' country
    assert pair_codes(laos) == {("BP", "LA-ATP"): ["cooperation"]}
    cambodia = map_json(get_map(client, year=2022, country="kh"))  # any case
    assert codes(cambodia)[1] == {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}
    assert ("BP", "LA-ATP") not in pair_codes(cambodia)


def test_the_kind_narrows_the_lines_and_the_legend(client, users, example):
    client.force_login(users["staff"])
    response = get_map(client, year=2022, kind="twinning")
    data = map_json(response)
    assert pair_codes(data) == {("BP", "KH-KRT"): ["twinning"], ("BP-LN", "KH-KRT-SNL"): ["twinning"]}
    assert set(data["colours"]) == {"twinning"}
    assert codes(data)[1] == {"KH-KRT", "KH-MDK", "KH-KRT-SNL", "LA-ATP"}  # the units stay where they are
    html = response.content.decode()
    assert 'class="legend-kind-twinning"' in html and "legend-kind-cooperation" not in html
    assert '<option value="twinning" selected>' in html


def test_the_filters_combine(client, users, example):
    client.force_login(users["staff"])
    assert pair_codes(map_json(get_map(client, year=2022, country="LA", kind="twinning"))) == {}
    assert pair_codes(map_json(get_map(client, year=2019, country="LA", kind="cooperation"))) == {}  # not signed yet
    assert pair_codes(map_json(get_map(client, year=2020, country="LA", kind="cooperation"))) == {
        ("BP", "LA-ATP"): ["cooperation"]
    }


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "hai nghìn"}, "year", "Năm phải là số nguyên, ví dụ 2022."),
        ({"year": "1800"}, "year", "Năm phải trong khoảng từ 1900 đến 2100."),
        (
            {"year": "2022", "country": "XX"},
            "country",
            "Mã quốc gia không hợp lệ: dùng mã ISO hai chữ cái như KH hoặc LA.",
        ),
        ({"year": "2022", "kind": "alliance"}, "kind", "Loại văn bản không hợp lệ."),
    ],
)
def test_a_value_the_form_refuses_is_a_400_with_its_message(client, users, example, params, field, message):
    client.force_login(users["analyst"])
    response = get_map(client, **params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'id="map-data"' not in html
